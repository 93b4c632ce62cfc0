/**
 * Recognises errors that mean "the database cannot be reached right now" (refused, terminated,
 * shutting down, timed out) as opposed to errors caused by the statement itself. Both adapters
 * map these to EventStoreUnavailableError, and the HTTP edge answers 503.
 */
const UNAVAILABLE_SQLSTATE_PREFIXES = ['08', '57P', '53300'];
const UNAVAILABLE_NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'EAI_AGAIN',
]);
const UNAVAILABLE_MESSAGES = [
  'Connection terminated',
  'connection timeout',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error',
  'Cannot use a pool after calling end',
  'Query read timeout',
  'the database system is',
];

export function isDatabaseUnavailableError(error: unknown): boolean {
  // Duck-typed: errors raised by node:net may come from another realm (jest vm contexts).
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (UNAVAILABLE_NODE_CODES.has(code)) return true;
    if (UNAVAILABLE_SQLSTATE_PREFIXES.some((prefix) => code.startsWith(prefix))) return true;
  }
  const message = String((error as { message?: unknown }).message ?? '');
  return UNAVAILABLE_MESSAGES.some((fragment) => message.includes(fragment));
}

/** SQLSTATE 23505 on the named constraint. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: unknown; constraint?: unknown };
  return e?.code === '23505' && (constraint === undefined || e.constraint === constraint);
}
