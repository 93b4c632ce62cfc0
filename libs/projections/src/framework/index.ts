export * from './projection.js';
export * from './projection-runner.js';
export * from './projection-status.js';
export * from './projection-engine.js';
export * from './rebuild.js';
export * from './shared-log-reader.js';
export { commitBatch, FAULT_PAUSE_MARKER, type BatchOutcome, type BatchTarget } from './batch.js';
