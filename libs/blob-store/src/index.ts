export * from './blob-store.port.js';
export * from './blob-store.errors.js';
export * from './blob-store-url.js';
export { FileSystemBlobStore } from './filesystem/filesystem-blob-store.js';
export { S3BlobStore, type S3BlobStoreOptions } from './s3/s3-blob-store.js';
