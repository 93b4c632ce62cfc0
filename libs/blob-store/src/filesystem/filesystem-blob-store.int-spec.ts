import { mkdtemp, readdir, rm, utimes, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { describeBlobStoreContract, failingBody } from '../testing/blob-store-contract.js';
import { FileSystemBlobStore } from './filesystem-blob-store.js';

describeBlobStoreContract('file system', async () => {
  const root = await mkdtemp(join(tmpdir(), 'gridcase-blobs-'));
  return { store: new FileSystemBlobStore(root), teardown: () => rm(root, { recursive: true, force: true }) };
});

describe('FileSystemBlobStore: what a crash leaves', () => {
  let root: string;
  let store: FileSystemBlobStore;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'gridcase-blobs-'));
    store = new FileSystemBlobStore(root);
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('keeps a failed write out of every key and out of listings, and leaves no temporary file', async () => {
    await expect(store.put('cases/a/b', failingBody([Buffer.alloc(4096)], new Error('cut')))).rejects.toThrow(
      'cut',
    );
    expect(await readdir(join(root, '.incoming'))).toEqual([]);
    const listed: string[] = [];
    for await (const info of store.list('')) listed.push(info.key);
    expect(listed).toEqual([]);
  });

  it('removes temporary files idle since before the given instant, not newer ones', async () => {
    await mkdir(join(root, '.incoming'), { recursive: true });
    const old = join(root, '.incoming', 'left-by-a-killed-process');
    const fresh = join(root, '.incoming', 'being-written');
    await writeFile(old, 'partial');
    await writeFile(fresh, 'partial');
    const hourAgo = new Date(Date.now() - 3600_000);
    await utimes(old, hourAgo, hourAgo);
    expect(await store.removeIncomplete(new Date(Date.now() - 60_000))).toBe(1);
    expect(await readdir(join(root, '.incoming'))).toEqual(['being-written']);
  });

  it('removes directories a delete leaves empty, and keeps the others', async () => {
    await store.put(
      'cases/one/x',
      (async function* () {
        yield Buffer.from('1');
      })(),
    );
    await store.put(
      'cases/two/y',
      (async function* () {
        yield Buffer.from('2');
      })(),
    );
    await store.delete('cases/one/x');
    expect((await readdir(join(root, 'cases'))).sort()).toEqual(['two']);
  });
});
