import { createHash, randomUUID } from 'node:crypto';
import { pipeline, Transform, type Readable, type TransformCallback } from 'node:stream';
import {
  BlobIntegrityError,
  BlobKeyErasedError,
  blobTextKeyId,
  caseTextKeyId,
  createBlobCipher,
  createBlobDecipher,
  readBlobHeader,
  type PersonKeyStore,
} from '#auth';
import { BlobNotFoundError, type BlobStore } from '#blob-store';
import { AttachmentRefusedError } from '../media/attachment-refusal.js';
import { MediaInspector, type InspectedMedia, type MediaPolicy } from '../media/media-inspector.js';
import { AttachmentClaims, type ClaimedFile } from './attachment-claims.js';
import { attachmentCipherContext, attachmentKeys } from './attachment-keys.js';

/** An upload written, encrypted, to its staging key: complete, inspected and hashed, not yet in place. */
export interface StagedFile {
  readonly caseId: string;
  readonly uploadId: string;
  readonly stagingKey: string;
  readonly sha256: string;
  readonly size: number;
  readonly media: InspectedMedia;
}

/** A stored file opened for reading: its plaintext, which fails before its end unless its hash and size match. */
export interface OpenedFile {
  readonly keyId: string;
  readonly body: Readable;
}

/** The file an event names is not in the blob store (deleted by hand, or lost with a volume). */
export class AttachmentBlobMissingError extends Error {
  readonly code = 'ATTACHMENT.CONTENT_MISSING';
  constructor(
    readonly caseId: string,
    readonly sha256: string,
  ) {
    super(`the stored file ${sha256} of case ${caseId} is missing`);
    this.name = 'AttachmentBlobMissingError';
  }
}

export interface StageOptions {
  /** Bytes this upload may have (the per-file limit, or what the case has room for when less). */
  readonly maxBytes: number;
  /** The refusal once it has more. */
  readonly tooLarge: () => AttachmentRefusedError;
}

/**
 * The bytes of attachments (docs/adr/0034, 0035): uploads streamed through the media inspector, a
 * SHA-256 and the case's cipher into a staging blob (nothing of a refused upload stays), moved to
 * the file's content address under a claim once accepted, read back decrypted and verified against
 * the hash the event names.
 */
export class AttachmentStore {
  private readonly claims: AttachmentClaims;

  constructor(
    readonly blobs: BlobStore,
    private readonly keys: PersonKeyStore,
    claims: AttachmentClaims,
    private readonly policy: MediaPolicy,
  ) {
    this.claims = claims;
  }

  /**
   * Streams an upload into a staging blob, encrypted under the case's text key (a key of its own when
   * that key was erased). Rejects with AttachmentRefusedError (type, size, pixels, zip bomb, malformed)
   * or the body's own error (a cut connection) as soon as it is known, leaving nothing stored.
   */
  async stage(caseId: string, body: AsyncIterable<Uint8Array>, options: StageOptions): Promise<StagedFile> {
    const uploadId = randomUUID();
    const { keyId, key } = await this.writingKey(caseId, uploadId);
    const stagingKey = attachmentKeys.staging(caseId, uploadId);
    const inspector = new MediaInspector(this.policy);
    const hash = createHash('sha256');
    let size = 0;
    const cipher = createBlobCipher(key, keyId, attachmentCipherContext(caseId));
    const inspected = async function* (): AsyncIterable<Buffer> {
      for await (const chunk of body) {
        const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
        size += bytes.length;
        if (size > options.maxBytes) throw options.tooLarge();
        // Yields between slices of an office document, so inflating it never holds the event loop.
        await inspector.write(bytes);
        hash.update(bytes);
        yield bytes;
      }
    };
    let media: InspectedMedia | undefined;
    const sealed = async function* (): AsyncIterable<Uint8Array> {
      const source = inspected();
      for await (const chunk of source) yield* drain(cipher, chunk);
      // The verdict needs every byte; given before the last sealed bytes, so a refused file is never complete.
      media = inspector.finish();
      cipher.end();
      for await (const chunk of cipher) yield chunk as Buffer;
    };
    try {
      await this.blobs.put(stagingKey, sealed());
    } catch (error) {
      cipher.destroy();
      throw error;
    }
    return { caseId, uploadId, stagingKey, sha256: hash.digest('hex'), size, media: media! };
  }

  /** Drops a staged upload that will not be attached. */
  async discard(staged: StagedFile): Promise<void> {
    await this.blobs.delete(staged.stagingKey);
  }

  /**
   * Moves a staged upload to its content address under a claim, so the sweep leaves it alone until
   * `release`. Call `release` once the upload's event is appended or refused (a crash before that
   * leaves the claim to go stale, and the sweep removes the file unless an event names it).
   */
  async place(staged: StagedFile): Promise<{ release: () => Promise<void> }> {
    const file: ClaimedFile = { caseId: staged.caseId, sha256: staged.sha256 };
    await this.claims.claim(file);
    try {
      await this.blobs.move(staged.stagingKey, attachmentKeys.original(staged.caseId, staged.sha256));
    } catch (error) {
      await this.claims.release(file).catch(() => undefined);
      throw error;
    }
    return { release: () => this.claims.release(file) };
  }

  /**
   * Opens a file for reading. Throws AttachmentBlobMissingError, BlobKeyErasedError (the case's
   * persons were erased) or BlobIntegrityError before anything is read; the body fails with
   * BlobIntegrityError before its end if the bytes are not those the event names.
   */
  async open(caseId: string, sha256: string, size: number): Promise<OpenedFile> {
    const opened = await this.decrypted(attachmentKeys.original(caseId, sha256), caseId, sha256);
    return { keyId: opened.keyId, body: chain(opened.body, verifying(sha256, size)) };
  }

  /**
   * Opens a file derived from an attachment (its thumbnail), creating it once with `derive` from the
   * verified original and storing it encrypted under the original's key, beside it.
   */
  async openDerived(
    caseId: string,
    sha256: string,
    size: number,
    variant: string,
    derive: (original: Readable) => Promise<Buffer>,
  ): Promise<{ body: Readable; created: boolean }> {
    const key = attachmentKeys.derived(caseId, sha256, variant);
    try {
      return { body: (await this.decrypted(key, caseId, sha256)).body, created: false };
    } catch (error) {
      if (!(error instanceof AttachmentBlobMissingError)) throw error;
    }
    const original = await this.open(caseId, sha256, size);
    const derived = await derive(original.body);
    const [keyRecord] = [...(await this.keys.loadKeys([original.keyId])).entries()];
    if (!keyRecord?.[1]) throw new BlobKeyErasedError(original.keyId);
    const cipher = createBlobCipher(keyRecord[1], original.keyId, attachmentCipherContext(caseId));
    cipher.end(derived);
    await this.blobs.put(key, cipher);
    return { body: (await this.decrypted(key, caseId, sha256)).body, created: true };
  }

  private async decrypted(blobKey: string, caseId: string, sha256: string): Promise<OpenedFile> {
    let stored: Readable;
    try {
      stored = (await this.blobs.get(blobKey)).body;
    } catch (error) {
      if (error instanceof BlobNotFoundError) throw new AttachmentBlobMissingError(caseId, sha256);
      throw error;
    }
    try {
      const header = await readBlobHeader(stored);
      const key = (await this.keys.loadKeys([header.keyId])).get(header.keyId);
      if (!key) throw new BlobKeyErasedError(header.keyId);
      return {
        keyId: header.keyId,
        body: chain(stored, createBlobDecipher(key, header, attachmentCipherContext(caseId))),
      };
    } catch (error) {
      stored.destroy();
      throw error;
    }
  }

  /** The case's text key, or (once erased) a key of this upload's own, erased with the case's persons too. */
  private async writingKey(caseId: string, uploadId: string): Promise<{ keyId: string; key: Buffer }> {
    const caseKeyId = caseTextKeyId(caseId);
    const owner = (id: string) => ({ caseId, textKeyIds: new Set([id]) });
    const caseKey = (await this.keys.ensureKeys([caseKeyId], owner(caseKeyId))).get(caseKeyId);
    if (caseKey) return { keyId: caseKeyId, key: caseKey };
    const ownId = blobTextKeyId(caseId, uploadId);
    const own = (await this.keys.ensureKeys([ownId], owner(ownId))).get(ownId);
    if (!own) throw new BlobKeyErasedError(ownId);
    return { keyId: ownId, key: own };
  }
}

/** `source` through `transform`; an error of either destroys both, so a reader of the result sees it. */
function chain(source: Readable, transform: Transform): Readable {
  return pipeline(source, transform, () => undefined);
}

/** Feeds one chunk to a transform and yields what it gives back. */
async function* drain(transform: Transform, chunk: Buffer): AsyncIterable<Buffer> {
  transform.write(chunk);
  let piece: Buffer | null;
  while ((piece = transform.read() as Buffer | null) !== null) yield piece;
}

/**
 * Passes bytes through and fails before the end unless they hash to `sha256` and count `size`. The
 * last chunk is held back until the hash is known, so a reader (an HTTP answer with Content-Length)
 * never receives a complete body of bytes that are not the file.
 */
function verifying(sha256: string, size: number): Transform {
  const hash = createHash('sha256');
  let seen = 0;
  let held: Buffer | undefined;
  return new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      hash.update(chunk);
      seen += chunk.length;
      const previous = held;
      held = chunk;
      done(null, previous);
    },
    flush(done: TransformCallback) {
      const actual = hash.digest('hex');
      if (actual !== sha256 || seen !== size)
        done(
          new BlobIntegrityError(
            `the stored file hashes to ${actual} (${seen} bytes), not ${sha256} (${size})`,
          ),
        );
      else done(null, held);
    },
  });
}
