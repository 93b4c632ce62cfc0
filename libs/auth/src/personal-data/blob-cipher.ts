import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { v5 as uuidv5 } from 'uuid';

/**
 * Streaming encryption of files (attachments, their thumbnails) under a case's text key, so erasing
 * the case's persons makes its files unreadable exactly as it does its free text (docs/adr/0008, 0034).
 *
 * Format (`GCB1`): `GCB1 | salt(16) | keyIdLength(1) | keyId | segment…`. Each segment is 64 KiB of
 * plaintext (the last one 0..64 KiB) sealed with AES-256-GCM under a key derived for this file
 * (HKDF-SHA256 from the case key, the salt, the key id and the caller's `context`, e.g. the case id),
 * nonce = segment counter ‖ last-segment flag (the STREAM construction). A reader never gets a byte
 * of an unauthenticated segment, and a truncated, reordered, extended or copied-elsewhere file fails.
 * Only 64 KiB (plus one chunk) is held in memory in either direction.
 */
const MAGIC = Buffer.from('GCB1', 'ascii');
const SALT_BYTES = 16;
const SEGMENT_BYTES = 64 * 1024;
const TAG_BYTES = 16;
const SEALED_SEGMENT_BYTES = SEGMENT_BYTES + TAG_BYTES;

/** Namespace of blob key ids (same as the case text keys'; never change it: ids are stored). */
const TEXT_KEY_NAMESPACE = '6f1c9d2a-3b7e-4a5f-8c0d-1e2f3a4b5c6d';

/**
 * The key of one file written after its case's text key was erased (the case keeps receiving files):
 * a case-text key of its own, erased with the case's persons too, derived from the upload's id.
 */
export function blobTextKeyId(caseId: string, uploadId: string): string {
  return uuidv5(`case-text/${caseId}/blob/${uploadId}`, TEXT_KEY_NAMESPACE);
}

/** The file's key is gone: its case's persons were erased. */
export class BlobKeyErasedError extends Error {
  readonly code = 'PERSONAL_DATA.ERASED';
  constructor(readonly keyId: string) {
    super(`the key ${keyId} of this file was erased`);
    this.name = 'BlobKeyErasedError';
  }
}

/** The stored bytes are not a well-formed file sealed with its key (tampered, truncated, or another case's). */
export class BlobIntegrityError extends Error {
  readonly code = 'PERSONAL_DATA.INTEGRITY';
  constructor(detail: string) {
    super(`an encrypted file does not decrypt: ${detail}`);
    this.name = 'BlobIntegrityError';
  }
}

function fileKey(key: Buffer, salt: Buffer, keyId: string, context: string): Buffer {
  return Buffer.from(hkdfSync('sha256', key, salt, `gridcase blob v1\0${context}\0${keyId}`, 32));
}

function nonce(counter: number, last: boolean): Buffer {
  const value = Buffer.alloc(12);
  value.writeUIntBE(counter, 5, 6);
  value[11] = last ? 1 : 0;
  return value;
}

/** Bytes received but not yet sealed or opened, without copying on every chunk. */
class ChunkQueue {
  private chunks: Buffer[] = [];
  length = 0;

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.length += chunk.length;
  }

  take(count: number): Buffer {
    const taken = Buffer.allocUnsafe(count);
    let filled = 0;
    while (filled < count) {
      const head = this.chunks[0]!;
      const part = Math.min(head.length, count - filled);
      head.copy(taken, filled, 0, part);
      filled += part;
      if (part === head.length) this.chunks.shift();
      else this.chunks[0] = head.subarray(part);
    }
    this.length -= count;
    return taken;
  }
}

/** Encrypts a stream of plaintext under `key` (whose id is written into the header). */
export function createBlobCipher(key: Buffer, keyId: string, context: string): Transform {
  const salt = randomBytes(SALT_BYTES);
  const id = Buffer.from(keyId, 'utf8');
  if (id.length === 0 || id.length > 255) throw new Error('a blob key id must be 1 to 255 bytes');
  const derived = fileKey(key, salt, keyId, context);
  const pending = new ChunkQueue();
  let counter = 0;
  const seal = (plain: Buffer, last: boolean): Buffer => {
    const cipher = createCipheriv('aes-256-gcm', derived, nonce(counter++, last));
    return Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
  };
  let headerSent = false;
  const header = () => {
    headerSent = true;
    return Buffer.concat([MAGIC, salt, Buffer.from([id.length]), id]);
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      if (!headerSent) this.push(header());
      pending.push(chunk);
      // A segment is sealed as "not last" only once more plaintext follows it.
      while (pending.length > SEGMENT_BYTES) this.push(seal(pending.take(SEGMENT_BYTES), false));
      done();
    },
    flush(done: TransformCallback) {
      if (!headerSent) this.push(header());
      this.push(seal(pending.take(pending.length), true));
      done();
    },
  });
}

/** The header of a sealed file: which key it needs. */
export interface BlobHeader {
  readonly keyId: string;
  readonly salt: Buffer;
}

/**
 * Reads the header of a sealed file from `source` and leaves the rest unread in it. Throws
 * BlobIntegrityError when `source` does not start with a header.
 */
export async function readBlobHeader(source: Readable): Promise<BlobHeader> {
  const fixed = MAGIC.length + SALT_BYTES + 1;
  const start = await readExactly(source, fixed);
  if (start.length < fixed || !start.subarray(0, MAGIC.length).equals(MAGIC))
    throw new BlobIntegrityError('no header');
  const idLength = start[fixed - 1]!;
  const id = await readExactly(source, idLength);
  if (id.length < idLength || idLength === 0) throw new BlobIntegrityError('a cut header');
  return { keyId: id.toString('utf8'), salt: start.subarray(MAGIC.length, MAGIC.length + SALT_BYTES) };
}

/**
 * Decrypts what follows the header in `source` (after readBlobHeader) under `key`. The stream fails
 * with BlobIntegrityError on the first segment that does not open, and before ending when the file
 * was cut short; nothing unauthenticated is ever pushed.
 */
export function createBlobDecipher(key: Buffer, header: BlobHeader, context: string): Transform {
  const derived = fileKey(key, header.salt, header.keyId, context);
  const pending = new ChunkQueue();
  let counter = 0;
  const open = (sealed: Buffer, last: boolean): Buffer => {
    if (sealed.length < TAG_BYTES) throw new BlobIntegrityError('a cut segment');
    const decipher = createDecipheriv('aes-256-gcm', derived, nonce(counter++, last));
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    try {
      return Buffer.concat([
        decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)),
        decipher.final(),
      ]);
    } catch {
      throw new BlobIntegrityError(`segment ${counter - 1} does not authenticate`);
    }
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      pending.push(chunk);
      try {
        while (pending.length > SEALED_SEGMENT_BYTES)
          this.push(open(pending.take(SEALED_SEGMENT_BYTES), false));
        done();
      } catch (error) {
        done(error as Error);
      }
    },
    flush(done: TransformCallback) {
      try {
        this.push(open(pending.take(pending.length), true));
        done();
      } catch (error) {
        done(error as Error);
      }
    },
  });
}

/** Reads exactly `count` bytes from a paused-mode read (fewer only at the end), leaving the rest in `source`. */
async function readExactly(source: Readable, count: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let have = 0;
  while (have < count) {
    const chunk = source.read() as Buffer | null;
    if (chunk === null) {
      if (source.readableEnded || source.destroyed) break;
      await new Promise<void>((resolve, reject) => {
        const settle = () => {
          source.off('readable', settle);
          source.off('end', settle);
          source.off('error', fail);
          resolve();
        };
        const fail = (error: Error) => {
          source.off('readable', settle);
          source.off('end', settle);
          reject(error);
        };
        source.once('readable', settle);
        source.once('end', settle);
        source.once('error', fail);
      });
      continue;
    }
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    parts.push(buffer);
    have += buffer.length;
  }
  const all = Buffer.concat(parts);
  if (all.length > count) source.unshift(all.subarray(count));
  return all.subarray(0, count);
}
