export * from './command-pipeline.js';
export * from './command-pipeline.errors.js';
export * from './idempotency-store.js';
