import { AttachmentRefusedError, malformed, unsupportedMediaType } from './attachment-refusal.js';
import { imageDimensions, type ImageDimensions } from './image-dimensions.js';
import { MEDIA_TYPES, mediaKindOf, type MediaType } from './media-types.js';
import { OfficeZipInspector, type ZipBounds } from './office-zip-inspector.js';

export interface MediaPolicy extends ZipBounds {
  /** The types accepted (ATTACHMENT_MEDIA_TYPES); all known types by default. */
  readonly allowed: ReadonlySet<MediaType>;
  /** Width × height an image may have (decoding it for a thumbnail costs 4 bytes per pixel). */
  readonly maxImagePixels: number;
}

export interface InspectedMedia {
  readonly mediaType: MediaType;
  readonly image?: ImageDimensions;
}

/**
 * `write` hands the inspector at most this much between turns of the event loop: a piece of an office
 * document inflates to at most ~4 MiB (deflate's ratio), some milliseconds of CPU, so checking a zip
 * bomb or a large document never holds the event loop (other requests, timers) for long.
 */
const WRITE_SLICE_BYTES = 4 * 1024;

/** Bytes the sniffer may look at: a PDF header may start anywhere in the first 1,024 (ISO 32000). */
const SNIFF_BYTES = 1024;
/** Image headers are read from at most this much (a JPEG's EXIF and ICC segments come before its size). */
const IMAGE_HEAD_BYTES = 1024 * 1024;
const PDF_TAIL_BYTES = 2048;

type Sniffed = MediaType | 'zip';

/** What the first bytes say, or undefined while they are too few to tell. */
export function sniff(head: Buffer, complete: boolean): Sniffed | 'unknown' | undefined {
  const starts = (bytes: number[] | string, at = 0) => {
    const expected = typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : Buffer.from(bytes);
    return head.length >= at + expected.length && head.subarray(at, at + expected.length).equals(expected);
  };
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (starts('GIF87a') || starts('GIF89a')) return 'image/gif';
  if (starts('RIFF') && starts('WEBP', 8)) return 'image/webp';
  if (starts([0x50, 0x4b, 0x03, 0x04])) return 'zip';
  if (head.subarray(0, SNIFF_BYTES).includes('%PDF-', 0, 'latin1')) return 'application/pdf';
  return complete || head.length >= SNIFF_BYTES ? 'unknown' : undefined;
}

/**
 * Decides what an upload is from its bytes while they stream by, with bounded memory: sniffs the type
 * from the first bytes (refusing an unknown or disallowed type at once, so nothing more is read),
 * reads an image's size from its header (refusing past the pixel bound), inflates an office
 * document's entries with a bound (zip bombs), checks a PDF ends like one.
 */
export class MediaInspector {
  private head: Buffer[] = [];
  private headLength = 0;
  private sniffed: Sniffed | undefined;
  private image: ImageDimensions | undefined;
  private zip: OfficeZipInspector | undefined;
  private pdfTail = Buffer.alloc(0);

  constructor(private readonly policy: MediaPolicy) {}

  /** Bytes an office document's entries inflated to so far (0 for any other type). */
  get expandedBytes(): number {
    return this.zip?.expandedBytes ?? 0;
  }

  /**
   * `push` for a stream: an office document is inflated in small slices with a turn of the event loop
   * between them (setImmediate), so other work runs while it is checked. Rejects like `push` throws.
   */
  async write(chunk: Buffer): Promise<void> {
    for (let offset = 0; offset < chunk.length; offset += WRITE_SLICE_BYTES) {
      if (this.sniffed !== undefined && this.sniffed !== 'zip') return this.push(chunk.subarray(offset));
      this.push(chunk.subarray(offset, offset + WRITE_SLICE_BYTES));
      if (this.sniffed === 'zip') await yieldToEventLoop();
    }
  }

  /** Throws AttachmentRefusedError as soon as the bytes so far are enough to refuse the upload. */
  push(chunk: Buffer): void {
    if (this.sniffed === undefined) {
      // Whole chunks are kept while sniffing: every byte of them goes on once the type is known.
      this.head.push(chunk);
      this.headLength += chunk.length;
      const found = sniff(this.headBytes(), false);
      if (found === undefined) return;
      this.decide(found);
      const buffered = this.headBytes();
      this.head = [];
      this.headLength = 0;
      this.route(buffered);
      return;
    }
    this.route(chunk);
  }

  /** What the upload is, once every byte went through push; throws AttachmentRefusedError otherwise. */
  finish(): InspectedMedia {
    if (this.sniffed === undefined) {
      const head = this.headBytes();
      if (head.length === 0) throw new AttachmentRefusedError('ATTACHMENT.EMPTY', 422, 'the file is empty');
      this.decide(sniff(head, true)!);
      this.route(head);
    }
    const sniffed = this.sniffed!;
    if (sniffed === 'zip') {
      const type = this.zip!.finish();
      if (!this.policy.allowed.has(type)) throw unsupportedMediaType(`${type} is not accepted here`);
      return { mediaType: type };
    }
    if (sniffed === 'application/pdf') {
      if (!this.pdfTail.includes('%%EOF', 0, 'latin1'))
        throw malformed('a PDF without its end-of-file marker (cut short?)');
      return { mediaType: sniffed };
    }
    if (mediaKindOf(sniffed) === 'image') {
      if (!this.image) this.readImage(true);
      return { mediaType: sniffed, image: this.image! };
    }
    return { mediaType: sniffed };
  }

  private decide(found: Sniffed | 'unknown'): void {
    if (found === 'unknown')
      throw unsupportedMediaType(
        `the file is none of the accepted types (${[...this.policy.allowed].join(', ')})`,
      );
    if (found === 'zip') {
      if (![...this.policy.allowed].some((type) => mediaKindOf(type) === 'office'))
        throw unsupportedMediaType('office documents are not accepted here');
      this.zip = new OfficeZipInspector(this.policy);
    } else if (!this.policy.allowed.has(found)) {
      throw unsupportedMediaType(`${found} is not accepted here`);
    }
    this.sniffed = found;
  }

  private route(chunk: Buffer): void {
    const sniffed = this.sniffed!;
    if (sniffed === 'zip') return this.zip!.push(chunk);
    if (sniffed === 'application/pdf') {
      const joined = Buffer.concat([this.pdfTail, chunk]);
      this.pdfTail = joined.subarray(Math.max(0, joined.length - PDF_TAIL_BYTES));
      return;
    }
    if (!this.image) {
      this.keepHead(chunk, IMAGE_HEAD_BYTES);
      this.readImage(false);
    }
  }

  private readImage(complete: boolean): void {
    const type = this.sniffed as MediaType;
    let dimensions: ImageDimensions | undefined;
    try {
      dimensions = imageDimensions(type, this.headBytes());
    } catch (error) {
      throw malformed(`an unreadable ${type} header: ${(error as Error).message}`);
    }
    if (!dimensions) {
      if (complete || this.headLength >= IMAGE_HEAD_BYTES)
        throw malformed(`no image size in the first ${IMAGE_HEAD_BYTES} bytes of the ${type}`);
      return;
    }
    if (dimensions.width === 0 || dimensions.height === 0)
      throw malformed('an image of zero width or height');
    if (dimensions.width * dimensions.height > this.policy.maxImagePixels) {
      throw new AttachmentRefusedError(
        'ATTACHMENT.IMAGE_TOO_LARGE',
        422,
        `an image of ${dimensions.width} × ${dimensions.height} pixels; at most ${this.policy.maxImagePixels} pixels are accepted`,
      );
    }
    this.image = dimensions;
    this.head = [];
    this.headLength = 0;
  }

  private keepHead(chunk: Buffer, limit: number): void {
    if (this.headLength >= limit) return;
    const part = chunk.subarray(0, limit - this.headLength);
    this.head.push(part);
    this.headLength += part.length;
  }

  private headBytes(): Buffer {
    if (this.head.length > 1) this.head = [Buffer.concat(this.head)];
    return this.head[0] ?? Buffer.alloc(0);
  }
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** The policy with every known type allowed and the default bounds (tests, defaults). */
export function defaultMediaPolicy(overrides: Partial<MediaPolicy> = {}): MediaPolicy {
  return {
    allowed: new Set(MEDIA_TYPES),
    maxImagePixels: 50_000_000,
    maxExpandedBytes: 256 * 1024 * 1024,
    maxEntries: 10_000,
    ...overrides,
  };
}
