import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BlobStoreUrlError, parseBlobStoreUrl, type BlobStoreLocation } from '#blob-store';
import { envReader } from '#platform';
import { defaultMediaPolicy, type MediaPolicy } from './media/media-inspector.js';
import { MEDIA_TYPES, isMediaType, type MediaType } from './media/media-types.js';

/** Attachments of cases (README "Configuration", docs/adr/0034, 0035): where the bytes go and what is accepted. */
export interface AttachmentsConfig {
  /** `BLOB_STORE_URL`; unset: the file system beside the embedded data directory. */
  readonly blobStore: BlobStoreLocation;
  /** The blob directory is a temporary one of this process (embedded in memory): removed when it stops. */
  readonly ephemeralBlobStore: boolean;
  /** `ATTACHMENT_MAX_FILE_BYTES`: one file (413 past it). */
  readonly maxFileBytes: number;
  /** `ATTACHMENT_MAX_PER_CASE`, `ATTACHMENT_MAX_CASE_BYTES`: one case's files (422 past them). */
  readonly maxPerCase: number;
  readonly maxCaseBytes: number;
  /** Types accepted (`ATTACHMENT_MEDIA_TYPES`), image pixels (`ATTACHMENT_MAX_IMAGE_PIXELS`), inflation (`ATTACHMENT_MAX_EXPANDED_BYTES`). */
  readonly media: MediaPolicy;
  /** The orphan sweep the worker runs (`ATTACHMENT_SWEEP_INTERVAL_SECONDS`, `ATTACHMENT_SWEEP_GRACE_SECONDS`). */
  readonly sweep: { readonly intervalSeconds: number; readonly graceSeconds: number };
  /**
   * Fault injection for the crash spec (test/cases/attachment-crash.e2e-spec.ts), never set in
   * production: `GRIDCASE_FAULT_PAUSE_BEFORE_ATTACHMENT_APPEND_MS`, an upload whose file is in place
   * announces itself on stderr (ATTACHMENT_FAULT_MARKER) and waits this long before its event is
   * appended. 0: off.
   */
  readonly faultPauseBeforeAppendMs: number;
}

export const ATTACHMENT_FAULT_MARKER = 'fault-injection: attachment placed';

/** What of the rest of the configuration decides the defaults. */
export interface AttachmentsConfigContext {
  readonly databaseUrl: string | undefined;
  /** Embedded: PGlite's directory (undefined: in memory). */
  readonly embeddedDataDir: string | undefined;
}

const MiB = 1024 * 1024;

/**
 * Reads the attachment settings, pushing every problem onto `problems`. The blob store defaults to
 * `<DATA_DIR>.blobs` embedded (beside `<DATA_DIR>.lock`: one directory per database, so no sweep of
 * another database ever sees these files), to a temporary directory in memory, and to `./data/blobs`
 * with DATABASE_URL, where NODE_ENV=production requires BLOB_STORE_URL: every API replica and the
 * worker must see the same files.
 */
export function loadAttachmentsConfig(
  env: Record<string, string | undefined>,
  context: AttachmentsConfigContext,
  problems: string[],
): AttachmentsConfig {
  const { integer } = envReader(env, problems);
  const maxFileBytes = integer('ATTACHMENT_MAX_FILE_BYTES', 25 * MiB, 1024, 1024 * MiB);
  const maxCaseBytes = integer('ATTACHMENT_MAX_CASE_BYTES', 250 * MiB, 1024, 64 * 1024 * MiB);
  if (maxCaseBytes < maxFileBytes)
    problems.push('ATTACHMENT_MAX_CASE_BYTES must be at least ATTACHMENT_MAX_FILE_BYTES');
  const { location, ephemeral } = blobStoreOf(env, context, problems);
  const media = defaultMediaPolicy({
    allowed: new Set(mediaTypesOf(env.ATTACHMENT_MEDIA_TYPES, problems)),
    maxImagePixels: integer('ATTACHMENT_MAX_IMAGE_PIXELS', 50_000_000, 1, 500_000_000),
    // What an office document may inflate to while it is checked (zip bombs); inflating costs CPU.
    maxExpandedBytes: integer('ATTACHMENT_MAX_EXPANDED_BYTES', 256 * MiB, MiB, 4096 * MiB),
  });
  return {
    blobStore: location,
    ephemeralBlobStore: ephemeral,
    maxFileBytes,
    maxPerCase: integer('ATTACHMENT_MAX_PER_CASE', 50, 1, 10_000),
    maxCaseBytes,
    media,
    sweep: {
      intervalSeconds: integer('ATTACHMENT_SWEEP_INTERVAL_SECONDS', 300, 1, 86_400),
      // Longer than any upload may take (HTTP_REQUEST_TIMEOUT_MS bounds a request), so no live upload is swept.
      graceSeconds: integer('ATTACHMENT_SWEEP_GRACE_SECONDS', 3600, 1, 30 * 86_400),
    },
    faultPauseBeforeAppendMs: integer('GRIDCASE_FAULT_PAUSE_BEFORE_ATTACHMENT_APPEND_MS', 0, 0, 600_000),
  };
}

function blobStoreOf(
  env: Record<string, string | undefined>,
  context: AttachmentsConfigContext,
  problems: string[],
): { location: BlobStoreLocation; ephemeral: boolean } {
  const url = env.BLOB_STORE_URL;
  if (url) {
    try {
      return { location: parseBlobStoreUrl(url), ephemeral: false };
    } catch (error) {
      if (!(error instanceof BlobStoreUrlError)) throw error;
      problems.push(error.message);
    }
  } else if (context.databaseUrl && env.NODE_ENV === 'production') {
    problems.push(
      'BLOB_STORE_URL is required with DATABASE_URL and NODE_ENV=production (a directory every API replica and the worker share, or s3://…)',
    );
  }
  if (!context.databaseUrl && !context.embeddedDataDir)
    return {
      location: { kind: 'filesystem', directory: join(tmpdir(), `gridcase-blobs-${randomUUID()}`) },
      ephemeral: true,
    };
  return {
    location: parseBlobStoreUrl(
      context.embeddedDataDir ? `${context.embeddedDataDir}.blobs` : './data/blobs',
    ),
    ephemeral: false,
  };
}

function mediaTypesOf(raw: string | undefined, problems: string[]): MediaType[] {
  if (raw === undefined || raw.trim() === '') return [...MEDIA_TYPES];
  const listed = raw
    .split(',')
    .map((type) => type.trim())
    .filter(Boolean);
  const unknown = listed.filter((type) => !isMediaType(type));
  if (unknown.length > 0 || listed.length === 0) {
    problems.push(
      `ATTACHMENT_MEDIA_TYPES must list some of ${MEDIA_TYPES.join(', ')}; not ${JSON.stringify(unknown.join(','))}`,
    );
    return [...MEDIA_TYPES];
  }
  return listed.filter(isMediaType);
}
