import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BlobStoreUrlError } from './blob-store.errors.js';
import type { BlobStore } from './blob-store.port.js';
import { FileSystemBlobStore } from './filesystem/filesystem-blob-store.js';
import { S3BlobStore, type S3BlobStoreOptions } from './s3/s3-blob-store.js';

/** Where blobs go, as read from BLOB_STORE_URL. */
export type BlobStoreLocation =
  | { readonly kind: 'filesystem'; readonly directory: string }
  | ({ readonly kind: 's3' } & S3BlobStoreOptions);

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const S3_PARAMETERS = new Set(['endpoint', 'region', 'forcePathStyle']);

/**
 * Reads a blob store location:
 * - `file:///absolute/path` or a plain path (relative to the working directory): the file system;
 * - `s3://[accessKeyId:secretAccessKey@]bucket[/prefix][?endpoint=URL&region=R&forcePathStyle=true]`:
 *   S3-compatible storage (credentials, when not in the URL, come from the SDK's usual chain).
 * Throws BlobStoreUrlError naming what is wrong; the message never repeats a secret.
 */
export function parseBlobStoreUrl(value: string, name = 'BLOB_STORE_URL'): BlobStoreLocation {
  if (value.startsWith('s3://')) return parseS3(value, name);
  if (value.startsWith('file:')) {
    let directory: string;
    try {
      directory = fileURLToPath(value);
    } catch {
      throw new BlobStoreUrlError(`${name} must be file:///absolute/path, got ${JSON.stringify(value)}`);
    }
    return { kind: 'filesystem', directory };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value))
    throw new BlobStoreUrlError(`${name} must be a file:// or s3:// URL or a directory path`);
  if (value.trim() === '') throw new BlobStoreUrlError(`${name} must not be empty`);
  return { kind: 'filesystem', directory: isAbsolute(value) ? value : resolve(value) };
}

function parseS3(value: string, name: string): BlobStoreLocation {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new BlobStoreUrlError(`${name} is not a valid s3:// URL`);
  }
  const bucket = url.hostname;
  if (!BUCKET.test(bucket))
    throw new BlobStoreUrlError(
      `${name}: ${JSON.stringify(bucket)} is not an S3 bucket name (3-63 of a-z 0-9 . -)`,
    );
  const prefix = decodeURIComponent(url.pathname).replace(/^\/+|\/+$/g, '');
  if (prefix && !prefix.split('/').every((segment) => /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(segment)))
    throw new BlobStoreUrlError(`${name}: the prefix must be /-separated segments of A-Z a-z 0-9 . _ -`);
  for (const key of url.searchParams.keys())
    if (!S3_PARAMETERS.has(key))
      throw new BlobStoreUrlError(
        `${name}: unknown parameter ${JSON.stringify(key)} (endpoint, region, forcePathStyle)`,
      );
  const endpoint = url.searchParams.get('endpoint') ?? undefined;
  if (endpoint !== undefined && !/^https?:\/\/[^/?#]+\/?$/.test(endpoint))
    throw new BlobStoreUrlError(`${name}: endpoint must be an http(s) origin, e.g. http://127.0.0.1:9000`);
  const pathStyle = url.searchParams.get('forcePathStyle');
  if (pathStyle !== null && pathStyle !== 'true' && pathStyle !== 'false')
    throw new BlobStoreUrlError(`${name}: forcePathStyle must be true or false`);
  const region = url.searchParams.get('region') ?? 'us-east-1';
  if (!/^[a-z0-9-]{2,40}$/.test(region))
    throw new BlobStoreUrlError(`${name}: region must be like cn-hangzhou`);
  if ((url.username === '') !== (url.password === ''))
    throw new BlobStoreUrlError(
      `${name}: give both accessKeyId and secretAccessKey (s3://KEY:SECRET@bucket) or neither`,
    );
  return {
    kind: 's3',
    bucket,
    prefix,
    region,
    forcePathStyle: pathStyle === 'true',
    ...(endpoint ? { endpoint: endpoint.replace(/\/$/, '') } : {}),
    ...(url.username
      ? {
          credentials: {
            accessKeyId: decodeURIComponent(url.username),
            secretAccessKey: decodeURIComponent(url.password),
          },
        }
      : {}),
  };
}

/** Opens the store at a location (nothing is contacted until the first call; ping() checks it). */
export function openBlobStore(location: BlobStoreLocation): BlobStore {
  if (location.kind === 'filesystem') return new FileSystemBlobStore(location.directory);
  const { kind: _kind, ...options } = location;
  return new S3BlobStore(options);
}

/** Where a location points, for logs and the health check: never the credentials. */
export function describeBlobStoreLocation(location: BlobStoreLocation): string {
  if (location.kind === 'filesystem') return `file system at ${location.directory}`;
  const where = location.endpoint ?? 'AWS';
  return `S3 bucket ${location.bucket}${location.prefix ? `/${location.prefix}` : ''} at ${where}`;
}
