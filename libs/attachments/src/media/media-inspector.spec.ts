import { describe, expect, it } from '@jest/globals';
import {
  pngClaiming,
  plainZip,
  sampleImage,
  sampleOdf,
  sampleOoxml,
  samplePdf,
  zipBomb,
} from '../testing/sample-files.js';
import { AttachmentRefusedError } from './attachment-refusal.js';
import { defaultMediaPolicy, MediaInspector, type MediaPolicy } from './media-inspector.js';
import type { MediaType } from './media-types.js';

/** Streams `bytes` through an inspector in chunks of `chunk` bytes. */
function inspect(bytes: Buffer, policy: MediaPolicy = defaultMediaPolicy(), chunk = 1000) {
  const inspector = new MediaInspector(policy);
  for (let offset = 0; offset < bytes.length; offset += chunk)
    inspector.push(bytes.subarray(offset, offset + chunk));
  return inspector.finish();
}

function refusal(run: () => unknown): AttachmentRefusedError {
  try {
    run();
  } catch (error) {
    if (error instanceof AttachmentRefusedError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('MediaInspector: the type comes from the bytes', () => {
  it.each([
    ['jpeg', 'image/jpeg'],
    ['png', 'image/png'],
    ['gif', 'image/gif'],
    ['webp', 'image/webp'],
  ] as const)('recognises a %s photo and reads its size from the header', async (format, type) => {
    const image = await sampleImage(format, 320, 200);
    for (const chunk of [1, 7, 64 * 1024])
      expect(inspect(image, undefined, chunk)).toEqual({
        mediaType: type,
        image: { width: 320, height: 200 },
      });
  });

  it('reads a JPEG size behind a large EXIF segment', async () => {
    const jpeg = await sampleImage('jpeg', 100, 80);
    const exif = Buffer.concat([Buffer.from([0xff, 0xe1, 0xff, 0xfe]), Buffer.alloc(0xfffc, 0x41)]);
    const withExif = Buffer.concat([jpeg.subarray(0, 2), exif, exif, jpeg.subarray(2)]);
    expect(inspect(withExif)).toEqual({ mediaType: 'image/jpeg', image: { width: 100, height: 80 } });
  });

  it('recognises a PDF', () => {
    expect(inspect(samplePdf())).toEqual({ mediaType: 'application/pdf' });
  });

  it.each([
    ['docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ['pptx', 'application/vnd.openxmlformats-officedocument.presentationml.presentation'],
  ] as const)('recognises a %s by its parts', (kind, type) => {
    expect(inspect(sampleOoxml(kind))).toEqual({ mediaType: type });
  });

  it.each(['text', 'spreadsheet', 'presentation'] as const)(
    'recognises an OpenDocument %s by its mimetype entry',
    (kind) => {
      expect(inspect(sampleOdf(kind))).toEqual({ mediaType: `application/vnd.oasis.opendocument.${kind}` });
    },
  );
});

describe('MediaInspector: what is refused', () => {
  it('refuses an unknown type as soon as the first KB is in (415), whatever the client claims', () => {
    const inspector = new MediaInspector(defaultMediaPolicy());
    const html = Buffer.from(`<html><script>alert(1)</script>${' '.repeat(2000)}</html>`);
    const error = refusal(() => inspector.push(html));
    expect([error.status, error.code]).toEqual([415, 'ATTACHMENT.UNSUPPORTED_MEDIA_TYPE']);
  });

  it.each([
    ['an executable', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(2000)])],
    ['an SVG', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')],
    ['a plain zip', plainZip()],
    ['a short text', Buffer.from('hello')],
  ])('refuses %s with 415', (_name, bytes) => {
    expect(refusal(() => inspect(bytes)).status).toBe(415);
  });

  it('refuses a macro-enabled office document (415)', () => {
    expect(refusal(() => inspect(sampleOoxml('docx', { macros: true }))).code).toBe(
      'ATTACHMENT.UNSUPPORTED_MEDIA_TYPE',
    );
  });

  it('refuses a type the configuration leaves out (415), e.g. office documents', async () => {
    const policy = defaultMediaPolicy({ allowed: new Set<MediaType>(['image/jpeg', 'application/pdf']) });
    expect(refusal(() => inspect(sampleOoxml('xlsx'), policy)).status).toBe(415);
    expect(inspect(samplePdf(), policy).mediaType).toBe('application/pdf');
  });

  it('refuses an empty file (422)', () => {
    expect(refusal(() => inspect(Buffer.alloc(0))).code).toBe('ATTACHMENT.EMPTY');
  });

  it('refuses an image past the pixel bound from its header alone (422), before any pixel is decoded', () => {
    const inspector = new MediaInspector(defaultMediaPolicy({ maxImagePixels: 50_000_000 }));
    const error = refusal(() => inspector.push(pngClaiming(100_000, 100_000)));
    expect([error.status, error.code]).toEqual([422, 'ATTACHMENT.IMAGE_TOO_LARGE']);
  });

  it('accepts an image at the pixel bound and refuses one pixel more', async () => {
    const image = await sampleImage('png', 100, 100);
    expect(inspect(image, defaultMediaPolicy({ maxImagePixels: 10_000 })).mediaType).toBe('image/png');
    expect(refusal(() => inspect(image, defaultMediaPolicy({ maxImagePixels: 9_999 }))).code).toBe(
      'ATTACHMENT.IMAGE_TOO_LARGE',
    );
  });

  it('refuses a zip bomb while it streams, having inflated little more than the bound (422)', () => {
    const bomb = zipBomb(64 * 1024 * 1024);
    expect(bomb.length).toBeLessThan(200 * 1024);
    const error = refusal(() => inspect(bomb, defaultMediaPolicy({ maxExpandedBytes: 8 * 1024 * 1024 })));
    expect([error.status, error.code]).toEqual([422, 'ATTACHMENT.EXPANDS_TOO_FAR']);
  });

  it('stops a bomb within about 1 MiB of inflation past the bound, however large the chunks', () => {
    const bound = 2 * 1024 * 1024;
    const inspector = new MediaInspector(defaultMediaPolicy({ maxExpandedBytes: bound }));
    const error = refusal(() => {
      inspector.push(zipBomb(16 * 1024 * 1024));
      return inspector.finish();
    });
    expect(error.code).toBe('ATTACHMENT.EXPANDS_TOO_FAR');
    expect(inspector.expandedBytes).toBeGreaterThan(bound);
    expect(inspector.expandedBytes).toBeLessThan(bound + 1.5 * 1024 * 1024);
  });

  it('gives the event loop turns while it inflates a streamed office document (write)', async () => {
    // Given a bomb arriving as one chunk, and a callback queued for the next turn of the event loop
    const inspector = new MediaInspector(defaultMediaPolicy({ maxExpandedBytes: 12 * 1024 * 1024 }));
    let turns = 0;
    let ticking = true;
    const tick = () => {
      turns++;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    // When it is written
    const refused = await inspector.write(zipBomb(32 * 1024 * 1024)).then(
      () => undefined,
      (error: unknown) => error,
    );
    ticking = false;
    // Then it is refused, and other work ran in between (the check was sliced, not one long block)
    expect(refused).toBeInstanceOf(AttachmentRefusedError);
    expect((refused as AttachmentRefusedError).code).toBe('ATTACHMENT.EXPANDS_TOO_FAR');
    expect(turns).toBeGreaterThan(1);
  });

  it('writes a document through the sliced path to the same verdict as push', async () => {
    const inspector = new MediaInspector(defaultMediaPolicy());
    await inspector.write(sampleOoxml('xlsx'));
    expect(inspector.finish().mediaType).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
  });

  it('refuses a document with more entries than the bound (422)', () => {
    expect(refusal(() => inspect(sampleOoxml('docx'), defaultMediaPolicy({ maxEntries: 2 }))).code).toBe(
      'ATTACHMENT.EXPANDS_TOO_FAR',
    );
  });

  it('refuses a zip cut short, a corrupt one, a PDF without its end and a broken image header (422)', async () => {
    const docx = sampleOoxml('docx');
    expect(refusal(() => inspect(docx.subarray(0, docx.length - 200))).status).toBe(422);
    const corrupt = Buffer.from(docx);
    corrupt.fill(0xee, 120, 400);
    expect(refusal(() => inspect(corrupt)).status).toBe(422);
    const pdf = samplePdf();
    expect(refusal(() => inspect(pdf.subarray(0, pdf.length - 20))).code).toBe('ATTACHMENT.MALFORMED');
    const png = await sampleImage('png', 10, 10);
    const broken = Buffer.from(png);
    broken.write('XXXX', 12, 'latin1');
    expect(refusal(() => inspect(broken)).code).toBe('ATTACHMENT.MALFORMED');
    const jpeg = await sampleImage('jpeg', 10, 10);
    expect(refusal(() => inspect(jpeg.subarray(0, 40))).code).toBe('ATTACHMENT.MALFORMED');
  });
});
