import { Unzip, UnzipInflate, type UnzipFile } from 'fflate';
import { AttachmentRefusedError, malformed, unsupportedMediaType } from './attachment-refusal.js';
import type { MediaType } from './media-types.js';

export interface ZipBounds {
  /** Bytes all entries may expand to together (a zip bomb expands past it). */
  readonly maxExpandedBytes: number;
  /** Entries a document may hold. */
  readonly maxEntries: number;
}

/**
 * Inflated in pieces this small: deflate expands at most ~1,032-fold, so one piece inflates at most
 * ~1 MiB before the bound is checked again; a bomb is stopped within ~1 MiB past the bound.
 */
const PUSH_BYTES = 1024;
/** The end-of-central-directory record: 22 bytes and a comment of at most 64 KiB. */
const END_OF_DIRECTORY = Buffer.from([0x50, 0x4b, 0x05, 0x06]);
const TAIL_BYTES = 22 + 0xffff;
const ODF_TYPES: Readonly<Record<string, MediaType>> = {
  'application/vnd.oasis.opendocument.text': 'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet': 'application/vnd.oasis.opendocument.spreadsheet',
  'application/vnd.oasis.opendocument.presentation': 'application/vnd.oasis.opendocument.presentation',
};

/**
 * Tells an office document (OOXML: docx, xlsx, pptx; ODF: odt, ods, odp) from any other zip while the
 * upload streams by, and inflates every entry as it comes, counting the bytes and discarding them:
 * what the entries really expand to is measured, not what their headers claim. An upload that expands
 * past the bound, has too many entries, carries macros (`vbaProject.bin`) or is not a valid zip is
 * refused. Nothing but counters and the ODF `mimetype` entry is kept.
 */
export class OfficeZipInspector {
  private readonly unzip = new Unzip();
  private expanded = 0;
  private entries = 0;
  private refusal: AttachmentRefusedError | undefined;
  private contentTypes = false;
  private readonly parts = new Set<'word' | 'xl' | 'ppt'>();
  private macros = false;
  private odfMimetype = '';
  private readingMimetype = false;
  /** The last bytes seen: the end-of-central-directory record must be there (a cut zip has none). */
  private tail = Buffer.alloc(0);

  /** Bytes the entries inflated to so far (what the bound is checked against). */
  get expandedBytes(): number {
    return this.expanded;
  }

  constructor(private readonly bounds: ZipBounds) {
    this.unzip.register(UnzipInflate);
    this.unzip.onfile = (file) => this.onFile(file);
  }

  /** Throws AttachmentRefusedError as soon as the bytes so far are enough to refuse. */
  push(chunk: Buffer): void {
    const joined = Buffer.concat([this.tail, chunk]);
    this.tail = joined.subarray(Math.max(0, joined.length - TAIL_BYTES));
    for (let offset = 0; offset < chunk.length; offset += PUSH_BYTES) {
      this.feed(chunk.subarray(offset, offset + PUSH_BYTES), false);
    }
  }

  /** The document's media type; throws AttachmentRefusedError when it is not an allowed office document. */
  finish(): MediaType {
    this.feed(new Uint8Array(0), true);
    this.checkDirectory();
    if (this.macros)
      throw unsupportedMediaType('macro-enabled office documents are not accepted (they may carry code)');
    if (this.contentTypes && this.parts.size === 1) {
      const [part] = [...this.parts];
      if (part === 'word') return 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
      if (part === 'xl') return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
      return 'application/vnd.openxmlformats-officedocument.presentationml.presentation';
    }
    const odf = ODF_TYPES[this.odfMimetype];
    if (odf) return odf;
    throw unsupportedMediaType(
      'a zip archive that is not an office document (docx, xlsx, pptx, odt, ods, odp)',
    );
  }

  /** The central directory's record at the end must exist and count the entries that streamed by. */
  private checkDirectory(): void {
    const at = this.tail.lastIndexOf(END_OF_DIRECTORY);
    if (at < 0 || at + 22 > this.tail.length)
      throw malformed('a zip archive without its central directory (cut short?)');
    const listed = this.tail.readUInt16LE(at + 10);
    // 0xffff: a ZIP64 archive keeps the count elsewhere.
    if (listed !== 0xffff && listed !== this.entries)
      throw malformed(`a zip archive whose directory lists ${listed} entries, ${this.entries} found`);
  }

  private feed(bytes: Uint8Array, final: boolean): void {
    if (this.refusal) throw this.refusal;
    try {
      this.unzip.push(bytes, final);
    } catch (error) {
      this.refusal ??= malformed(`not a readable zip archive (${(error as Error).message})`);
    }
    if (this.refusal) throw this.refusal;
  }

  private onFile(file: UnzipFile): void {
    if (this.refusal) return;
    this.entries++;
    if (this.entries > this.bounds.maxEntries) {
      this.refusal = new AttachmentRefusedError(
        'ATTACHMENT.EXPANDS_TOO_FAR',
        422,
        `an office document with more than ${this.bounds.maxEntries} entries`,
      );
      return;
    }
    const name = file.name;
    if (name === '[Content_Types].xml') this.contentTypes = true;
    const top = name.split('/')[0];
    if (top === 'word' || top === 'xl' || top === 'ppt') this.parts.add(top);
    if (/(^|\/)vbaProject\.bin$/i.test(name)) this.macros = true;
    // ODF: the first entry is `mimetype`, stored, naming the document type.
    this.readingMimetype = this.entries === 1 && name === 'mimetype';
    const readingMimetype = this.readingMimetype;
    file.ondata = (error, data, _final) => {
      if (this.refusal) return;
      if (error) {
        this.refusal = malformed(`a zip entry does not inflate (${error.message})`);
        return;
      }
      this.expanded += data.length;
      if (this.expanded > this.bounds.maxExpandedBytes) {
        this.refusal = new AttachmentRefusedError(
          'ATTACHMENT.EXPANDS_TOO_FAR',
          422,
          `an office document that expands past ${this.bounds.maxExpandedBytes} bytes (a zip bomb?)`,
        );
        return;
      }
      if (readingMimetype && this.odfMimetype.length < 100)
        this.odfMimetype += Buffer.from(data).toString('latin1').slice(0, 100);
    };
    if (file.compression !== 0 && file.compression !== 8) {
      this.refusal = malformed(`a zip entry compressed with method ${file.compression}`);
      return;
    }
    file.start();
  }
}
