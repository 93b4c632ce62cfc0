import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import sharp from 'sharp';
import {
  BlobIntegrityError,
  BlobKeyErasedError,
  SqlPersonKeyStore,
  masterKeyRing,
  personKeyMigrations,
} from '#auth';
import { FileSystemBlobStore, openBlobStore, parseBlobStoreUrl, type BlobStore } from '#blob-store';
import { readAll, startS3TestServer, type S3TestServer } from '#blob-store/testing';
import { caseStreamName } from '#case-domain';
import { PostgresEventStore, eventStoreMigrations } from '#event-store';
import { createTestDatabase, type TestDatabase } from '#platform/testing';
import { AttachmentRefusedError } from '../media/attachment-refusal.js';
import { defaultMediaPolicy } from '../media/media-inspector.js';
import { sampleImage, samplePdf, zipBomb } from '../testing/sample-files.js';
import { AttachmentClaims, attachmentClaimMigrations } from './attachment-claims.js';
import { attachmentKeys } from './attachment-keys.js';
import { AttachmentBlobMissingError, AttachmentStore, type StagedFile } from './attachment-store.js';
import { AttachmentOrphanSweep, attachmentReferencedInLog } from './orphan-sweep.js';

const MASTER = 'attachment-store-spec-master-key-0123456789abcdef';
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const tooLarge = () => new AttachmentRefusedError('ATTACHMENT.TOO_LARGE', 413, 'too large');

async function* chunksOf(bytes: Buffer, size = 10_000): AsyncIterable<Uint8Array> {
  for (let offset = 0; offset < bytes.length; offset += size) yield bytes.subarray(offset, offset + size);
}

async function* cutAfter(bytes: Buffer, cut: number): AsyncIterable<Uint8Array> {
  yield bytes.subarray(0, cut);
  throw new Error('the client went away');
}

async function keysOf(blobs: BlobStore, prefix = ''): Promise<string[]> {
  const keys: string[] = [];
  for await (const info of blobs.list(prefix)) keys.push(info.key);
  return keys;
}

type Setup = { database: 'postgres' | 'embedded'; blobs: 'filesystem' | 's3' };

describe.each<Setup>([
  { database: 'postgres', blobs: 'filesystem' },
  { database: 'embedded', blobs: 'filesystem' },
  { database: 'postgres', blobs: 's3' },
])('attachment store ($database, $blobs)', (setup) => {
  let database: TestDatabase;
  let blobs: BlobStore;
  let root: string | undefined;
  let s3: S3TestServer | undefined;
  let personKeys: SqlPersonKeyStore;
  let claims: AttachmentClaims;
  let store: AttachmentStore;
  let events: PostgresEventStore;

  beforeAll(async () => {
    database = await createTestDatabase(setup.database, [
      ...eventStoreMigrations,
      ...personKeyMigrations,
      ...attachmentClaimMigrations,
    ]);
    if (setup.blobs === 's3') {
      s3 = await startS3TestServer();
      blobs = openBlobStore(parseBlobStoreUrl(s3.url));
    } else {
      root = await mkdtemp(join(tmpdir(), 'gridcase-attachments-'));
      blobs = new FileSystemBlobStore(root);
    }
    personKeys = new SqlPersonKeyStore(database.pool, masterKeyRing(MASTER, [], 'configured'));
    claims = new AttachmentClaims(database.pool);
    store = new AttachmentStore(
      blobs,
      personKeys,
      claims,
      defaultMediaPolicy({ maxExpandedBytes: 4 * 1024 * 1024 }),
    );
    events = new PostgresEventStore(database.pool);
  }, 60_000);
  afterAll(async () => {
    await blobs?.close();
    await s3?.close();
    if (root) await rm(root, { recursive: true, force: true });
    await database?.close();
  });

  const stage = (caseId: string, bytes: Buffer, maxBytes = 10 * 1024 * 1024) =>
    store.stage(caseId, chunksOf(bytes), { maxBytes, tooLarge });

  async function attach(caseId: string, bytes: Buffer): Promise<StagedFile> {
    const staged = await stage(caseId, bytes);
    const { release } = await store.place(staged);
    await events.appendToStream(caseStreamName(caseId), [
      {
        id: randomUUID(),
        type: 'AttachmentAdded',
        data: { caseId, sha256: staged.sha256, size: staged.size, mediaType: staged.media.mediaType },
        metadata: {
          actor: 'spec',
          correlationId: randomUUID(),
          causationId: randomUUID(),
          occurredAt: new Date().toISOString(),
          schemaVersion: 1,
        },
      },
    ]);
    await release();
    return staged;
  }

  it('stores a photo encrypted at its content address and gives back exactly its bytes', async () => {
    const caseId = randomUUID();
    const photo = await sampleImage('jpeg', 800, 600);
    const staged = await stage(caseId, photo);
    expect(staged).toMatchObject({
      sha256: sha256(photo),
      size: photo.length,
      media: { mediaType: 'image/jpeg', image: { width: 800, height: 600 } },
    });
    const { release } = await store.place(staged);
    await release();
    expect(await keysOf(blobs, `cases/${caseId}/`)).toEqual([attachmentKeys.original(caseId, sha256(photo))]);
    expect(await keysOf(blobs, attachmentKeys.stagingRoot)).toEqual([]);
    const stored = await readAll((await blobs.get(attachmentKeys.original(caseId, staged.sha256))).body);
    expect(stored.includes(photo.subarray(200, 264))).toBe(false);
    const opened = await store.open(caseId, staged.sha256, staged.size);
    expect((await readAll(opened.body)).equals(photo)).toBe(true);
  });

  it.each([
    ['an unknown type', Buffer.from('MZ'.padEnd(5000, '\0')), 'ATTACHMENT.UNSUPPORTED_MEDIA_TYPE'],
    ['a zip bomb', zipBomb(64 * 1024 * 1024), 'ATTACHMENT.EXPANDS_TOO_FAR'],
    ['a file over the size limit', samplePdf('x'.repeat(30_000)), 'ATTACHMENT.TOO_LARGE'],
  ])('refuses %s and stores nothing', async (_name, bytes, code) => {
    const caseId = randomUUID();
    await expect(stage(caseId, bytes, 20_000)).rejects.toMatchObject({ code });
    expect(await keysOf(blobs)).not.toEqual(expect.arrayContaining([expect.stringContaining(caseId)]));
  });

  it('stores nothing of an upload cut short, and fails with the cut', async () => {
    const caseId = randomUUID();
    const pdf = samplePdf();
    await expect(store.stage(caseId, cutAfter(pdf, 100), { maxBytes: 1e6, tooLarge })).rejects.toThrow(
      'the client went away',
    );
    expect((await keysOf(blobs)).filter((key) => key.includes(caseId))).toEqual([]);
  });

  it("makes the file unreadable once a person of its case is erased, and keeps other cases' copies", async () => {
    const caseId = randomUUID();
    const other = randomUUID();
    const pdf = samplePdf('送达回证');
    const staged = await attach(caseId, pdf);
    await attach(other, pdf);
    // A person of the case: erasing them takes the case's text keys along (ADR 0008).
    await personKeys.ensureKeys([`party-${caseId}`], { caseId });
    await personKeys.erase(`party-${caseId}`);
    await expect(store.open(caseId, staged.sha256, staged.size)).rejects.toBeInstanceOf(BlobKeyErasedError);
    expect((await readAll((await store.open(other, staged.sha256, staged.size)).body)).equals(pdf)).toBe(
      true,
    );
  });

  it('encrypts a file uploaded after the erasure under a key of its own, which is erased with the case too', async () => {
    const caseId = randomUUID();
    await personKeys.ensureKeys([`party-${caseId}`], { caseId });
    await personKeys.erase(`party-${caseId}`);
    const pdf = samplePdf('after erasure');
    const staged = await attach(caseId, pdf);
    const opened = await store.open(caseId, staged.sha256, staged.size);
    expect(opened.keyId).not.toBe(caseId);
    expect((await readAll(opened.body)).equals(pdf)).toBe(true);
    await personKeys.erase(`party-${caseId}`);
    await expect(store.open(caseId, staged.sha256, staged.size)).rejects.toBeInstanceOf(BlobKeyErasedError);
  });

  it('refuses bytes that are not the file the event names: another file of the case, or another case', async () => {
    const caseId = randomUUID();
    const first = await attach(caseId, samplePdf('first'));
    const second = await attach(caseId, samplePdf('second'));
    // Swap: the first address now holds the second file (valid ciphertext of this case, wrong hash).
    await blobs.put(
      attachmentKeys.original(caseId, first.sha256),
      (await blobs.get(attachmentKeys.original(caseId, second.sha256))).body,
    );
    const swapped = await store.open(caseId, first.sha256, first.size);
    await expect(readAll(swapped.body)).rejects.toBeInstanceOf(BlobIntegrityError);
    // Another case's ciphertext copied in: it does not decrypt under this case.
    const foreign = randomUUID();
    const copy = await attach(foreign, samplePdf('foreign'));
    await blobs.put(
      attachmentKeys.original(caseId, copy.sha256),
      (await blobs.get(attachmentKeys.original(foreign, copy.sha256))).body,
    );
    await expect(
      store.open(caseId, copy.sha256, copy.size).then((opened) => readAll(opened.body)),
    ).rejects.toBeInstanceOf(BlobIntegrityError);
  });

  it('says a file is missing when its blob is gone', async () => {
    await expect(store.open(randomUUID(), 'c'.repeat(64), 10)).rejects.toBeInstanceOf(
      AttachmentBlobMissingError,
    );
  });

  it('derives a thumbnail once, stores it encrypted beside the file, and reads it back after', async () => {
    const caseId = randomUUID();
    const photo = await sampleImage('png', 1200, 900);
    const staged = await attach(caseId, photo);
    let derivations = 0;
    const derive = async (original: NodeJS.ReadableStream) => {
      derivations++;
      return sharp(await readAll(original as AsyncIterable<Buffer>))
        .resize(64)
        .webp()
        .toBuffer();
    };
    const first = await store.openDerived(caseId, staged.sha256, staged.size, 'thumbnail', derive);
    const second = await store.openDerived(caseId, staged.sha256, staged.size, 'thumbnail', derive);
    expect([first.created, second.created, derivations]).toEqual([true, false, 1]);
    const metadata = await sharp(await readAll(second.body)).metadata();
    expect([metadata.format, metadata.width]).toEqual(['webp', 64]);
    await readAll(first.body);
    expect(await keysOf(blobs, `cases/${caseId}/`)).toEqual([
      attachmentKeys.original(caseId, staged.sha256),
      attachmentKeys.derived(caseId, staged.sha256, 'thumbnail'),
    ]);
  });

  describe('orphan sweep', () => {
    const sweep = (grace = 0) =>
      new AttachmentOrphanSweep(blobs, claims, attachmentReferencedInLog(events), grace);

    it('removes a placed file whose event never landed, with its derived files, and keeps attached ones', async () => {
      const caseId = randomUUID();
      const kept = await attach(caseId, samplePdf('kept'));
      const orphan = await stage(caseId, samplePdf('orphan'));
      const { release } = await store.place(orphan);
      await blobs.put(attachmentKeys.derived(caseId, orphan.sha256, 'thumbnail'), chunksOf(Buffer.from('x')));
      await release(); // the event was refused
      const outcome = await sweep().sweepOnce();
      expect(outcome.orphansRemoved).toBeGreaterThanOrEqual(1);
      expect(await keysOf(blobs, `cases/${caseId}/`)).toEqual([attachmentKeys.original(caseId, kept.sha256)]);
    });

    it('leaves a file alone while its upload holds the claim, until the claim is older than the grace period', async () => {
      const caseId = randomUUID();
      const staged = await stage(caseId, samplePdf('in flight'));
      await store.place(staged); // the process dies here: never released
      await sweep(3600).sweepOnce();
      expect(await keysOf(blobs, `cases/${caseId}/`)).toHaveLength(1);
      await sweep(0).sweepOnce();
      expect(await keysOf(blobs, `cases/${caseId}/`)).toEqual([]);
    });

    it('never removes a file an upload claimed after the sweep read the claims', async () => {
      const caseId = randomUUID();
      const first = await stage(caseId, samplePdf('same file'));
      (await store.place(first)).release();
      const [claim] = (await claims.unheld(0, 1000)).filter((c) => c.caseId === caseId);
      // A second upload of the same file claims and places it between the sweep's read and its settle.
      const second = await stage(caseId, samplePdf('same file'));
      await store.place(second);
      expect(
        await claims.settle(claim!, async () => blobs.delete(attachmentKeys.original(caseId, first.sha256))),
      ).toBe(false);
      expect(await keysOf(blobs, `cases/${caseId}/`)).toHaveLength(1);
    });

    it('removes staging blobs of uploads that died before placing them, after the grace period', async () => {
      const caseId = randomUUID();
      const staged = await stage(caseId, samplePdf('died before placing'));
      await sweep(3600).sweepOnce();
      expect(await blobs.stat(staged.stagingKey)).toBeDefined();
      const outcome = await sweep(0).sweepOnce(new Date(Date.now() + 2000));
      expect(outcome.stagingRemoved).toBeGreaterThanOrEqual(1);
      expect(await blobs.stat(staged.stagingKey)).toBeUndefined();
    });
  });
});
