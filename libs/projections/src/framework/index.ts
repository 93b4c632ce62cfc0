export * from './log-consumer.js';
export * from './projection.js';
export * from './parked-events.js';
export * from './projection-runner.js';
export * from './projection-status.js';
export * from './projection-engine.js';
export * from './rebuild.js';
export * from './shared-log-reader.js';
export {
  commitBatch,
  type BatchOptions,
  type BatchOutcome,
  type BatchTarget,
  type BeforeLiveCommit,
  type OpenBatch,
} from './batch.js';
