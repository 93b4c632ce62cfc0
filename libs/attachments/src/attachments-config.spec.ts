import { describe, expect, it } from '@jest/globals';
import { loadAttachmentsConfig, type AttachmentsConfigContext } from './attachments-config.js';

const EMBEDDED = { databaseUrl: undefined, embeddedDataDir: '/var/lib/gridcase/pglite' };
const SERVER = { databaseUrl: 'postgres://db/gridcase', embeddedDataDir: undefined };

function load(env: Record<string, string>, context: AttachmentsConfigContext = EMBEDDED) {
  const problems: string[] = [];
  const config = loadAttachmentsConfig(env, context, problems);
  return { config, problems };
}

describe('attachment settings', () => {
  it('given nothing, embedded: files beside the database directory, every known type, the default limits', () => {
    const { config, problems } = load({});
    expect(problems).toEqual([]);
    expect(config.blobStore).toEqual({ kind: 'filesystem', directory: '/var/lib/gridcase/pglite.blobs' });
    expect(config.ephemeralBlobStore).toBe(false);
    expect(config).toMatchObject({
      maxFileBytes: 25 * 1024 * 1024,
      maxPerCase: 50,
      maxCaseBytes: 250 * 1024 * 1024,
    });
    expect(config.media.allowed.size).toBe(11);
    expect(config.sweep).toEqual({ intervalSeconds: 300, graceSeconds: 3600 });
    expect(config.faultPauseBeforeAppendMs).toBe(0);
  });

  it('given an in-memory embedded database: a temporary directory of its own, removed when the process stops', () => {
    const first = load({}, { databaseUrl: undefined, embeddedDataDir: undefined }).config;
    const second = load({}, { databaseUrl: undefined, embeddedDataDir: undefined }).config;
    expect(first.ephemeralBlobStore).toBe(true);
    expect(first.blobStore).not.toEqual(second.blobStore);
  });

  it('given BLOB_STORE_URL: that store, S3 included', () => {
    const { config } = load({
      BLOB_STORE_URL: 's3://evidence?endpoint=http://127.0.0.1:9000&forcePathStyle=true',
    });
    expect(config.blobStore).toMatchObject({ kind: 's3', bucket: 'evidence', forcePathStyle: true });
  });

  it('given DATABASE_URL and NODE_ENV=production without BLOB_STORE_URL: refused (replicas must share the files)', () => {
    expect(load({ NODE_ENV: 'production' }, SERVER).problems).toEqual([
      expect.stringContaining('BLOB_STORE_URL is required'),
    ]);
    expect(load({ NODE_ENV: 'production', BLOB_STORE_URL: '/srv/blobs' }, SERVER).problems).toEqual([]);
    expect(load({}, SERVER).config.blobStore).toMatchObject({ kind: 'filesystem' });
  });

  it('names every bad value at once', () => {
    const { problems } = load({
      BLOB_STORE_URL: 'ftp://files',
      ATTACHMENT_MEDIA_TYPES: 'image/jpeg,image/svg+xml',
      ATTACHMENT_MAX_FILE_BYTES: '10',
      ATTACHMENT_SWEEP_GRACE_SECONDS: '0',
    });
    expect(problems).toEqual([
      expect.stringContaining('ATTACHMENT_MAX_FILE_BYTES'),
      expect.stringContaining('BLOB_STORE_URL'),
      expect.stringContaining('image/svg+xml'),
      expect.stringContaining('ATTACHMENT_SWEEP_GRACE_SECONDS'),
    ]);
  });

  it('refuses a case bound below the file bound, and narrows the types to a list', () => {
    expect(
      load({ ATTACHMENT_MAX_FILE_BYTES: '2000000', ATTACHMENT_MAX_CASE_BYTES: '1000000' }).problems,
    ).toEqual([expect.stringContaining('ATTACHMENT_MAX_CASE_BYTES must be at least')]);
    const { config } = load({ ATTACHMENT_MEDIA_TYPES: ' image/jpeg , application/pdf ' });
    expect([...config.media.allowed]).toEqual(['image/jpeg', 'application/pdf']);
  });
});
