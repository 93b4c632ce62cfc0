import type { Readable } from 'node:stream';
import { InvalidBlobKeyError } from './blob-store.errors.js';

/** What the store knows of one stored blob. */
export interface BlobInfo {
  readonly key: string;
  /** Bytes stored. */
  readonly size: number;
  /** When the blob was last written (put or moved there); second precision on some S3 servers. */
  readonly modifiedAt: Date;
}

/** A stored blob opened for reading. */
export interface OpenedBlob {
  readonly info: BlobInfo;
  /** The stored bytes, streamed; destroy it to stop early. */
  readonly body: Readable;
}

/**
 * Durable storage of opaque byte streams under keys: the embedded file system or S3-compatible object
 * storage. It knows nothing of cases, encryption or content addressing (its callers choose keys).
 *
 * Keys are `/`-separated segments of `[A-Za-z0-9._-]`, each starting with a letter or digit (so no
 * `..`, no hidden names, and the same key works as a file path and as an object key).
 * Every adapter passes the same contract suite (`#blob-store/testing`).
 */
export interface BlobStore {
  /** `filesystem` or `s3`, for health and logs. */
  readonly kind: string;
  /**
   * Streams `body` into the blob `key`, replacing what was there. Durable when it resolves (fsynced,
   * or acknowledged by the object store); never visible half-written: readers see the old blob or the
   * new one. If `body` fails, the call rejects with that error and `key` is left as it was.
   */
  put(key: string, body: AsyncIterable<Uint8Array>): Promise<BlobInfo>;
  /** Opens the blob for reading; BlobNotFoundError when there is none. */
  get(key: string): Promise<OpenedBlob>;
  /** The blob's size and time, or undefined when there is none. */
  stat(key: string): Promise<BlobInfo | undefined>;
  /**
   * Moves a blob: afterwards `to` holds what `from` held (replacing it) and `from` is gone. Durable when
   * it resolves. BlobNotFoundError when `from` does not exist.
   */
  move(from: string, to: string): Promise<void>;
  /** Deletes the blob; nothing happens when there is none. */
  delete(key: string): Promise<void>;
  /** Every blob whose key starts with `prefix` (a plain string prefix), in key order. */
  list(prefix: string): AsyncIterable<BlobInfo>;
  /**
   * Removes what writes interrupted by a crash left behind and no reader can see (temporary files,
   * unfinished multipart uploads) started before `startedBefore`. Returns how many were removed.
   */
  removeIncomplete(startedBefore: Date): Promise<number>;
  /** Throws when the store cannot be reached or written (health checks). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/;

/** Throws InvalidBlobKeyError unless `key` is a well-formed blob key (see BlobStore). */
export function assertBlobKey(key: string): void {
  if (typeof key !== 'string' || key.length === 0 || key.length > 1024) throw new InvalidBlobKeyError(key);
  for (const segment of key.split('/')) if (!SEGMENT.test(segment)) throw new InvalidBlobKeyError(key);
}

/** Throws InvalidBlobKeyError unless `prefix` is empty or a key prefix (its complete segments are well-formed). */
export function assertBlobPrefix(prefix: string): void {
  if (prefix === '') return;
  const segments = prefix.split('/');
  const last = segments.pop()!;
  for (const segment of segments) if (!SEGMENT.test(segment)) throw new InvalidBlobKeyError(prefix);
  if (last !== '' && !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(last)) throw new InvalidBlobKeyError(prefix);
}
