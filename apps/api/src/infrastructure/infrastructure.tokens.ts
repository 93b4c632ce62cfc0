export const DATABASE = Symbol.for('gridcase.Database');
export const COMMAND_PIPELINE = Symbol.for('gridcase.CommandPipeline');
export const IDEMPOTENCY_STORE = Symbol.for('gridcase.IdempotencyStore');
