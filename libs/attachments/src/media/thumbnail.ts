import type { Readable } from 'node:stream';
import sharp from 'sharp';

/** The variant name of thumbnails among an attachment's derived files (attachmentKeys.derived). */
export const THUMBNAIL_VARIANT = 'thumb-320.jpg';
export const THUMBNAIL_MEDIA_TYPE = 'image/jpeg';

/**
 * A JPEG of at most 320 × 320 pixels (aspect kept, never enlarged, turned upright by its EXIF
 * orientation, metadata such as GPS position dropped) from an image's verified bytes. Decoding is
 * bounded by `maxPixels`, the bound the upload was already checked against.
 */
export async function makeThumbnail(original: Readable, maxPixels: number): Promise<Buffer> {
  const transformer = sharp({ limitInputPixels: maxPixels, failOn: 'error' })
    .rotate()
    .resize(320, 320, { fit: 'inside', withoutEnlargement: true })
    .jpeg({ quality: 80 });
  original.on('error', (error) => transformer.destroy(error));
  return original.pipe(transformer).toBuffer();
}
