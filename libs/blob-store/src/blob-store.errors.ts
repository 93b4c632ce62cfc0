/** There is no blob under this key. */
export class BlobNotFoundError extends Error {
  readonly code = 'BLOB.NOT_FOUND';
  constructor(readonly key: string) {
    super(`no blob under ${JSON.stringify(key)}`);
    this.name = 'BlobNotFoundError';
  }
}

/** A key that is not `/`-separated segments of `[A-Za-z0-9._-]` (a caller's bug, never a client's input). */
export class InvalidBlobKeyError extends Error {
  readonly code = 'BLOB.INVALID_KEY';
  constructor(readonly key: string) {
    super(`invalid blob key ${JSON.stringify(String(key).slice(0, 200))}`);
    this.name = 'InvalidBlobKeyError';
  }
}

/** The store cannot be reached or refused the request (network, credentials, disk). Safe to retry later. */
export class BlobStoreUnavailableError extends Error {
  readonly code = 'BLOB_STORE.UNAVAILABLE';
  constructor(
    detail: string,
    override readonly cause?: unknown,
  ) {
    super(`blob store unavailable: ${detail}`);
    this.name = 'BlobStoreUnavailableError';
  }
}

/** BLOB_STORE_URL (or S3_TEST_URL) is not a store this build can open. */
export class BlobStoreUrlError extends Error {
  constructor(readonly problem: string) {
    super(problem);
    this.name = 'BlobStoreUrlError';
  }
}
