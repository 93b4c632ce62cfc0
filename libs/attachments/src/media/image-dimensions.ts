import type { MediaType } from './media-types.js';

export interface ImageDimensions {
  readonly width: number;
  readonly height: number;
}

/**
 * Width and height from the first bytes of an image, or undefined while more bytes are needed.
 * Throws `Error` for a header that cannot be an image of its type. Reads headers only: the pixel
 * bound is checked before anything decodes a pixel (a 100,000 × 100,000 PNG is a few KB).
 */
export function imageDimensions(type: MediaType, head: Buffer): ImageDimensions | undefined {
  switch (type) {
    case 'image/png':
      return pngDimensions(head);
    case 'image/gif':
      return head.length < 10 ? undefined : { width: head.readUInt16LE(6), height: head.readUInt16LE(8) };
    case 'image/webp':
      return webpDimensions(head);
    case 'image/jpeg':
      return jpegDimensions(head);
    default:
      throw new Error(`${type} is not an image type`);
  }
}

function pngDimensions(head: Buffer): ImageDimensions | undefined {
  if (head.length < 24) return undefined;
  if (head.toString('latin1', 12, 16) !== 'IHDR') throw new Error('a PNG without IHDR first');
  return { width: head.readUInt32BE(16), height: head.readUInt32BE(20) };
}

function webpDimensions(head: Buffer): ImageDimensions | undefined {
  if (head.length < 30) return undefined;
  const chunk = head.toString('latin1', 12, 16);
  if (chunk === 'VP8X') return { width: head.readUIntLE(24, 3) + 1, height: head.readUIntLE(27, 3) + 1 };
  if (chunk === 'VP8L') {
    if (head[20] !== 0x2f) throw new Error('a lossless WebP without its signature');
    const bits = head.readUInt32LE(21);
    return { width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
  }
  if (chunk === 'VP8 ') {
    if (head.readUIntBE(23, 3) !== 0x9d012a) throw new Error('a lossy WebP without its start code');
    return { width: head.readUInt16LE(26) & 0x3fff, height: head.readUInt16LE(28) & 0x3fff };
  }
  throw new Error(`a WebP whose first chunk is ${JSON.stringify(chunk)}`);
}

/** Start-of-frame markers (baseline, progressive, lossless, arithmetic): they carry the size. */
const SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

function jpegDimensions(head: Buffer): ImageDimensions | undefined {
  let offset = 2;
  for (;;) {
    if (offset + 4 > head.length) return undefined;
    if (head[offset] !== 0xff) throw new Error(`a JPEG marker expected at byte ${offset}`);
    const marker = head[offset + 1]!;
    if (marker === 0xff) {
      offset += 1; // fill byte
      continue;
    }
    // Markers without a length: TEM, RSTn, SOI.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
      offset += 2;
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) throw new Error('a JPEG without a frame header before its data');
    const length = head.readUInt16BE(offset + 2);
    if (length < 2) throw new Error('a JPEG segment shorter than its length field');
    if (SOF.has(marker)) {
      if (offset + 9 > head.length) return undefined;
      return { width: head.readUInt16BE(offset + 7), height: head.readUInt16BE(offset + 5) };
    }
    offset += 2 + length;
  }
}
