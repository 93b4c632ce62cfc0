import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { BlobNotFoundError, InvalidBlobKeyError } from '../blob-store.errors.js';
import type { BlobStore } from '../blob-store.port.js';

export interface BlobStoreFixture {
  store: BlobStore;
  teardown(): Promise<void>;
}

/** Chunks of `size` random bytes in pieces of at most `chunk`, and their SHA-256. */
export function randomBody(size: number, chunk = 64 * 1024): { chunks: Buffer[]; sha256: string } {
  const chunks: Buffer[] = [];
  const hash = createHash('sha256');
  for (let offset = 0; offset < size; offset += chunk) {
    const piece = randomBytes(Math.min(chunk, size - offset));
    hash.update(piece);
    chunks.push(piece);
  }
  return { chunks, sha256: hash.digest('hex') };
}

/** Yields the chunks, then fails: a client that went away mid-upload. */
export async function* failingBody(chunks: readonly Buffer[], error: Error): AsyncIterable<Uint8Array> {
  for (const chunk of chunks) {
    await new Promise((resolve) => setImmediate(resolve));
    yield chunk;
  }
  throw error;
}

async function* iterate(chunks: readonly Uint8Array[]): AsyncIterable<Uint8Array> {
  for (const chunk of chunks) yield chunk;
}

export async function readAll(body: AsyncIterable<Uint8Array | string>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of body)
    parts.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
  return Buffer.concat(parts);
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

export interface BlobStoreContractOptions {
  /**
   * False for a server known to write objects in place (s3rver): two writes racing on one key, or a
   * write under an open reader, may mix there, while S3 itself, MinIO and OSS keep every object whole.
   * Those two tests are then skipped, and say so.
   */
  readonly atomicUnderConcurrency?: boolean;
}

/**
 * What every adapter of the BlobStore port must do. Each run works under its own random prefix, so
 * the suite also runs against a shared bucket (S3_TEST_URL).
 */
export function describeBlobStoreContract(
  adapterName: string,
  setup: () => Promise<BlobStoreFixture>,
  options: BlobStoreContractOptions = {},
): void {
  const itWhenAtomic = options.atomicUnderConcurrency === false ? it.skip : it;
  describe(`BlobStore contract: ${adapterName}`, () => {
    let fixture: BlobStoreFixture;
    let store: BlobStore;
    const run = `contract-${randomUUID().slice(0, 8)}`;
    let counter = 0;
    const key = (name = 'blob') => `${run}/${++counter}/${name}`;

    beforeAll(async () => {
      fixture = await setup();
      store = fixture.store;
      await store.ping();
    });
    afterAll(async () => {
      if (store) for await (const info of store.list(`${run}/`)) await store.delete(info.key);
      await fixture?.teardown();
    });

    it('stores a streamed blob and gives back the same bytes, size and a recent time', async () => {
      const target = key();
      const body = randomBody(300 * 1024 + 17);
      const before = Date.now();
      const written = await store.put(target, iterate(body.chunks));
      expect(written).toEqual(expect.objectContaining({ key: target, size: 300 * 1024 + 17 }));
      const opened = await store.get(target);
      expect(opened.info.size).toBe(300 * 1024 + 17);
      expect(sha256(await readAll(opened.body))).toBe(body.sha256);
      const info = await store.stat(target);
      expect(info?.size).toBe(300 * 1024 + 17);
      // Some S3 servers keep whole seconds.
      expect(info!.modifiedAt.getTime()).toBeGreaterThanOrEqual(before - 2000);
      expect(info!.modifiedAt.getTime()).toBeLessThanOrEqual(Date.now() + 2000);
    });

    it('stores an empty blob', async () => {
      const target = key();
      expect((await store.put(target, iterate([]))).size).toBe(0);
      expect((await readAll((await store.get(target)).body)).length).toBe(0);
    });

    it('streams a blob larger than any buffer it keeps (several multipart parts on S3)', async () => {
      const target = key('large');
      const body = randomBody(19 * 1024 * 1024 + 5, 256 * 1024);
      const written = await store.put(target, iterate(body.chunks));
      expect(written.size).toBe(19 * 1024 * 1024 + 5);
      expect(sha256(await readAll((await store.get(target)).body))).toBe(body.sha256);
    });

    it('replaces a blob on put', async () => {
      const target = key();
      await store.put(target, iterate([Buffer.from('first version, longer than the second')]));
      await store.put(target, iterate([Buffer.from('second')]));
      expect((await readAll((await store.get(target)).body)).toString()).toBe('second');
      expect((await store.stat(target))?.size).toBe(6);
    });

    it('rejects with the body error and leaves nothing under a new key when the body fails mid-stream', async () => {
      const target = key();
      const cut = new Error('client went away');
      const body = randomBody(10 * 1024 * 1024, 512 * 1024);
      await expect(store.put(target, failingBody(body.chunks, cut))).rejects.toBe(cut);
      expect(await store.stat(target)).toBeUndefined();
      await expect(store.get(target)).rejects.toBeInstanceOf(BlobNotFoundError);
      const listed: string[] = [];
      for await (const info of store.list(target)) listed.push(info.key);
      expect(listed).toEqual([]);
    });

    it('keeps the old blob whole when a replacing put fails', async () => {
      const target = key();
      await store.put(target, iterate([Buffer.from('the old blob')]));
      const body = randomBody(9 * 1024 * 1024, 512 * 1024);
      await expect(store.put(target, failingBody(body.chunks, new Error('cut')))).rejects.toThrow('cut');
      expect((await readAll((await store.get(target)).body)).toString()).toBe('the old blob');
    });

    itWhenAtomic('leaves one whole blob when two puts race on a key', async () => {
      const target = key();
      const first = randomBody(2 * 1024 * 1024, 128 * 1024);
      const second = randomBody(3 * 1024 * 1024, 128 * 1024);
      await Promise.all([
        store.put(target, iterate(first.chunks)),
        store.put(target, iterate(second.chunks)),
      ]);
      const stored = sha256(await readAll((await store.get(target)).body));
      expect([first.sha256, second.sha256]).toContain(stored);
    });

    it('answers BlobNotFoundError for get and undefined for stat of a missing key', async () => {
      const target = key('missing');
      await expect(store.get(target)).rejects.toBeInstanceOf(BlobNotFoundError);
      expect(await store.stat(target)).toBeUndefined();
    });

    it('moves a blob to a new key and removes the old one', async () => {
      const from = key('staged');
      const to = `${run}/moved/${randomUUID()}`;
      const body = randomBody(700 * 1024);
      await store.put(from, iterate(body.chunks));
      await store.move(from, to);
      expect(sha256(await readAll((await store.get(to)).body))).toBe(body.sha256);
      expect(await store.stat(from)).toBeUndefined();
    });

    it('moves onto an existing key, replacing it', async () => {
      const from = key();
      const to = key();
      await store.put(from, iterate([Buffer.from('new')]));
      await store.put(to, iterate([Buffer.from('old')]));
      await store.move(from, to);
      expect((await readAll((await store.get(to)).body)).toString()).toBe('new');
      expect(await store.stat(from)).toBeUndefined();
    });

    it('answers BlobNotFoundError when moving a missing blob, and creates nothing', async () => {
      const to = key();
      await expect(store.move(key('missing'), to)).rejects.toBeInstanceOf(BlobNotFoundError);
      expect(await store.stat(to)).toBeUndefined();
    });

    it('deletes a blob, and deleting a missing one is no error', async () => {
      const target = key();
      await store.put(target, iterate([Buffer.from('x')]));
      await store.delete(target);
      expect(await store.stat(target)).toBeUndefined();
      await expect(store.get(target)).rejects.toBeInstanceOf(BlobNotFoundError);
      await expect(store.delete(target)).resolves.toBeUndefined();
    });

    it('lists the blobs under a prefix in key order, with their sizes, and nothing else', async () => {
      const base = `${run}/listing-${randomUUID().slice(0, 8)}`;
      const names = ['b/2', 'a', 'b/10', 'b/1', 'bc'];
      for (const [index, name] of names.entries())
        await store.put(`${base}/${name}`, iterate([Buffer.alloc(index + 1)]));
      await store.put(`${base}-sibling/a`, iterate([Buffer.from('not under the prefix')]));
      const all: Array<[string, number]> = [];
      for await (const info of store.list(`${base}/`)) all.push([info.key, info.size]);
      expect(all).toEqual([
        [`${base}/a`, 2],
        [`${base}/b/1`, 4],
        [`${base}/b/10`, 3],
        [`${base}/b/2`, 1],
        [`${base}/bc`, 5],
      ]);
      const partial: string[] = [];
      for await (const info of store.list(`${base}/b`)) partial.push(info.key);
      expect(partial).toEqual([`${base}/b/1`, `${base}/b/10`, `${base}/b/2`, `${base}/bc`]);
      const none: string[] = [];
      for await (const info of store.list(`${base}/zzz`)) none.push(info.key);
      expect(none).toEqual([]);
    });

    it('refuses keys that are not /-separated plain segments, before touching anything', async () => {
      for (const bad of [
        '',
        '/a',
        'a/',
        'a//b',
        '../a',
        'a/../b',
        '.hidden',
        'a/.b',
        'a b',
        '案件/1',
        'a\\b',
      ]) {
        await expect(store.put(bad, iterate([Buffer.from('x')]))).rejects.toBeInstanceOf(InvalidBlobKeyError);
        await expect(store.get(bad)).rejects.toBeInstanceOf(InvalidBlobKeyError);
        await expect(store.stat(bad)).rejects.toBeInstanceOf(InvalidBlobKeyError);
        await expect(store.delete(bad)).rejects.toBeInstanceOf(InvalidBlobKeyError);
      }
      const listing = store.list('../')[Symbol.asyncIterator]();
      await expect(listing.next()).rejects.toBeInstanceOf(InvalidBlobKeyError);
    });

    it('removes incomplete writes without touching stored blobs', async () => {
      const target = key();
      await store.put(target, iterate([Buffer.from('kept')]));
      await expect(store.put(key(), failingBody([Buffer.alloc(1024)], new Error('cut')))).rejects.toThrow(
        'cut',
      );
      const removed = await store.removeIncomplete(new Date(Date.now() + 60_000));
      expect(removed).toBeGreaterThanOrEqual(0);
      expect((await readAll((await store.get(target)).body)).toString()).toBe('kept');
    });

    itWhenAtomic('lets a reader that opened a blob finish it while the blob is replaced', async () => {
      const target = key();
      const first = randomBody(1024 * 1024);
      await store.put(target, iterate(first.chunks));
      const opened = await store.get(target);
      await store.put(target, iterate([Buffer.from('replacement')]));
      expect(sha256(await readAll(opened.body))).toBe(first.sha256);
    });
  });
}
