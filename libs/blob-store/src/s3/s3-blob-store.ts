import { PassThrough, Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import {
  assertBlobKey,
  assertBlobPrefix,
  type BlobInfo,
  type BlobStore,
  type OpenedBlob,
} from '../blob-store.port.js';
import { BlobNotFoundError, BlobStoreUnavailableError } from '../blob-store.errors.js';

export interface S3BlobStoreOptions {
  readonly bucket: string;
  /** Keys are stored under `<prefix>/`; empty for the bucket's root. */
  readonly prefix: string;
  /** e.g. `http://127.0.0.1:9000` (MinIO), `https://oss-cn-hangzhou.aliyuncs.com` (Alibaba OSS); AWS when absent. */
  readonly endpoint?: string;
  readonly region: string;
  /** `bucket` in the path instead of the host name (MinIO, s3rver); Alibaba OSS wants it off. */
  readonly forcePathStyle: boolean;
  /** Absent: the SDK's own chain (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, profiles, instance roles). */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

/** Multipart parts: a put holds at most PART_SIZE × QUEUE_SIZE bytes in memory, whatever the blob's size. */
const PART_SIZE = 8 * 1024 * 1024;
const QUEUE_SIZE = 2;

/**
 * Blobs as objects in an S3-compatible bucket (`@aws-sdk/client-s3`): AWS, MinIO, Alibaba OSS, or any
 * other S3 API. An object appears only when its upload completes (S3 never shows half an object), and a
 * completed upload is durable. A failed streamed upload is aborted; one cut short by a crash stays an
 * invisible multipart upload until removeIncomplete (or a bucket lifecycle rule) aborts it. A move is a
 * server-side copy followed by a delete.
 */
export class S3BlobStore implements BlobStore {
  readonly kind = 's3';
  private readonly client: S3Client;
  private readonly root: string;

  constructor(readonly options: S3BlobStoreOptions) {
    const config: S3ClientConfig = {
      region: options.region,
      forcePathStyle: options.forcePathStyle,
      // Checksums only where the API requires them: many S3-compatible servers (and s3rver) do not
      // understand the SDK's default aws-chunked streaming checksums.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      ...(options.credentials ? { credentials: { ...options.credentials } } : {}),
    };
    this.client = new S3Client(config);
    this.root = options.prefix ? `${options.prefix.replace(/\/+$/, '')}/` : '';
  }

  async put(key: string, body: AsyncIterable<Uint8Array>): Promise<BlobInfo> {
    assertBlobKey(key);
    let size = 0;
    let sourceError: unknown;
    // The upload reads from a PassThrough fed here, so a failing body is told apart from a failing store.
    const pipe = new PassThrough({ highWaterMark: 1024 * 1024 });
    const feeding = (async () => {
      try {
        for await (const chunk of body) {
          size += chunk.byteLength;
          if (!pipe.write(chunk)) await new Promise<void>((resolve) => pipe.once('drain', resolve));
        }
        pipe.end();
      } catch (error) {
        sourceError = error;
        pipe.destroy(error as Error);
      }
    })();
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.options.bucket, Key: this.root + key, Body: pipe },
      partSize: PART_SIZE,
      queueSize: QUEUE_SIZE,
      leavePartsOnError: false,
    });
    try {
      await upload.done();
    } catch (error) {
      pipe.destroy();
      await feeding;
      if (sourceError !== undefined) throw sourceError;
      throw unavailable('put', error);
    }
    await feeding;
    if (sourceError !== undefined) throw sourceError;
    return { key, size, modifiedAt: new Date() };
  }

  async get(key: string): Promise<OpenedBlob> {
    assertBlobKey(key);
    try {
      const answer = await this.client.send(
        new GetObjectCommand({ Bucket: this.options.bucket, Key: this.root + key }),
      );
      const body = answer.Body;
      if (!(body instanceof Readable)) throw new BlobStoreUnavailableError('the object body is not a stream');
      return {
        info: { key, size: answer.ContentLength ?? 0, modifiedAt: answer.LastModified ?? new Date(0) },
        body,
      };
    } catch (error) {
      if (isNotFound(error)) throw new BlobNotFoundError(key);
      throw unavailable('get', error);
    }
  }

  async stat(key: string): Promise<BlobInfo | undefined> {
    assertBlobKey(key);
    try {
      const answer = await this.client.send(
        new HeadObjectCommand({ Bucket: this.options.bucket, Key: this.root + key }),
      );
      return { key, size: answer.ContentLength ?? 0, modifiedAt: answer.LastModified ?? new Date(0) };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw unavailable('stat', error);
    }
  }

  async move(from: string, to: string): Promise<void> {
    assertBlobKey(from);
    assertBlobKey(to);
    try {
      await this.client.send(
        new CopyObjectCommand({
          Bucket: this.options.bucket,
          Key: this.root + to,
          CopySource: `${this.options.bucket}/${encodeURI(this.root + from)}`,
        }),
      );
    } catch (error) {
      if (isNotFound(error)) throw new BlobNotFoundError(from);
      throw unavailable('move', error);
    }
    await this.delete(from);
  }

  async delete(key: string): Promise<void> {
    assertBlobKey(key);
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: this.root + key }));
    } catch (error) {
      if (isNotFound(error)) return;
      throw unavailable('delete', error);
    }
  }

  async *list(prefix: string): AsyncIterable<BlobInfo> {
    assertBlobPrefix(prefix);
    let continuationToken: string | undefined;
    do {
      let page;
      try {
        page = await this.client.send(
          new ListObjectsV2Command({
            Bucket: this.options.bucket,
            Prefix: this.root + prefix,
            ContinuationToken: continuationToken,
          }),
        );
      } catch (error) {
        throw unavailable('list', error);
      }
      for (const object of page.Contents ?? []) {
        if (!object.Key) continue;
        yield {
          key: object.Key.slice(this.root.length),
          size: object.Size ?? 0,
          modifiedAt: object.LastModified ?? new Date(0),
        };
      }
      continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (continuationToken);
  }

  async removeIncomplete(startedBefore: Date): Promise<number> {
    let removed = 0;
    let keyMarker: string | undefined;
    let uploadIdMarker: string | undefined;
    do {
      let page;
      try {
        page = await this.client.send(
          new ListMultipartUploadsCommand({
            Bucket: this.options.bucket,
            Prefix: this.root,
            KeyMarker: keyMarker,
            UploadIdMarker: uploadIdMarker,
          }),
        );
      } catch (error) {
        // Servers without this API (s3rver) keep no parts of a failed upload worth removing.
        if (isNotImplemented(error)) return removed;
        throw unavailable('list multipart uploads', error);
      }
      for (const upload of page.Uploads ?? []) {
        if (!upload.Key || !upload.UploadId || !upload.Initiated || upload.Initiated >= startedBefore)
          continue;
        await this.client.send(
          new AbortMultipartUploadCommand({
            Bucket: this.options.bucket,
            Key: upload.Key,
            UploadId: upload.UploadId,
          }),
        );
        removed++;
      }
      keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
      uploadIdMarker = page.IsTruncated ? page.NextUploadIdMarker : undefined;
    } while (keyMarker);
    return removed;
  }

  async ping(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.options.bucket }));
    } catch (error) {
      throw unavailable(`bucket ${this.options.bucket}`, error);
    }
  }

  async close(): Promise<void> {
    this.client.destroy();
  }
}

function statusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
}

function isNotFound(error: unknown): boolean {
  const name = (error as { name?: string })?.name;
  if (name === 'NoSuchBucket') return false;
  return name === 'NoSuchKey' || name === 'NotFound' || statusOf(error) === 404;
}

function isNotImplemented(error: unknown): boolean {
  const name = (error as { name?: string })?.name;
  return name === 'NotImplemented' || statusOf(error) === 501;
}

function unavailable(operation: string, cause: unknown): Error {
  if (cause instanceof BlobStoreUnavailableError || cause instanceof BlobNotFoundError) return cause;
  const name = (cause as { name?: string })?.name ?? 'Error';
  return new BlobStoreUnavailableError(
    `${operation} failed (${name}): ${(cause as Error)?.message ?? ''}`,
    cause,
  );
}
