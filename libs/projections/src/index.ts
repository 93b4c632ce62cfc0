export * from './framework/index.js';
export * from './read-models/index.js';
export { inTransaction } from './framework/projection-sql.js';
