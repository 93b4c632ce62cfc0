export * from './blob-store-contract.js';
export * from './s3-test-server.js';
