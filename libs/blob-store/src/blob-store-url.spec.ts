import { describe, expect, it } from '@jest/globals';
import { resolve } from 'node:path';
import { BlobStoreUrlError } from './blob-store.errors.js';
import { describeBlobStoreLocation, parseBlobStoreUrl } from './blob-store-url.js';

describe('parseBlobStoreUrl', () => {
  it('reads file:// URLs and plain paths as file-system directories', () => {
    expect(parseBlobStoreUrl('file:///var/lib/gridcase/blobs')).toEqual({
      kind: 'filesystem',
      directory: '/var/lib/gridcase/blobs',
    });
    expect(parseBlobStoreUrl('./data/blobs')).toEqual({
      kind: 'filesystem',
      directory: resolve('data/blobs'),
    });
  });

  it('reads an S3 URL with credentials, prefix, endpoint, region and path style', () => {
    expect(
      parseBlobStoreUrl(
        's3://AKID:se%2Fcret@gridcase-files/prod/blobs?endpoint=http://127.0.0.1:9000&region=cn-hangzhou&forcePathStyle=true',
      ),
    ).toEqual({
      kind: 's3',
      bucket: 'gridcase-files',
      prefix: 'prod/blobs',
      endpoint: 'http://127.0.0.1:9000',
      region: 'cn-hangzhou',
      forcePathStyle: true,
      credentials: { accessKeyId: 'AKID', secretAccessKey: 'se/cret' },
    });
  });

  it('defaults to AWS: no endpoint, us-east-1, virtual-hosted style, credentials from the SDK chain', () => {
    expect(parseBlobStoreUrl('s3://gridcase-files')).toEqual({
      kind: 's3',
      bucket: 'gridcase-files',
      prefix: '',
      region: 'us-east-1',
      forcePathStyle: false,
    });
  });

  it.each([
    ['http://example.com/blobs', /file:\/\/ or s3:\/\//],
    ['s3://A', /bucket name/],
    ['s3://Upper-Case', /bucket name/],
    ['s3://bucket/.hidden/x', /prefix/],
    ['s3://bucket?endpoint=ftp://x', /endpoint/],
    ['s3://bucket?forcePathStyle=yes', /forcePathStyle/],
    ['s3://bucket?secret=1', /unknown parameter/],
    ['s3://onlykey@bucket', /both/],
    ['', /empty/],
  ])('refuses %j', (value, message) => {
    expect(() => parseBlobStoreUrl(value)).toThrow(BlobStoreUrlError);
    expect(() => parseBlobStoreUrl(value)).toThrow(message);
  });

  it('never names the credentials when describing where blobs go', () => {
    const location = parseBlobStoreUrl('s3://AKID:topsecret@bucket-1/p?endpoint=http://127.0.0.1:9000');
    expect(describeBlobStoreLocation(location)).toBe('S3 bucket bucket-1/p at http://127.0.0.1:9000');
    expect(() => parseBlobStoreUrl('s3://AKID:topsecret@X')).toThrow(/^(?!.*topsecret)/);
  });
});
