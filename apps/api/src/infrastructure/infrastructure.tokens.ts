export const DATABASE = Symbol.for('gridcase.Database');
export const COMMAND_PIPELINE = Symbol.for('gridcase.CommandPipeline');
export const IDEMPOTENCY_STORE = Symbol.for('gridcase.IdempotencyStore');
/** The person key store (`SqlPersonKeyStore`): erasure. */
export const PERSON_KEYS = Symbol.for('gridcase.PersonKeys');
/** The `PersonalDataCodec` the pipeline uses, for readers that decode stored events themselves. */
export const PERSONAL_DATA = Symbol.for('gridcase.PersonalData');
