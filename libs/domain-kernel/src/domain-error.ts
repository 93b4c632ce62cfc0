/**
 * What a refusal means to a caller. The HTTP edge maps each kind to one status code
 * (illegal_transition → 409, invalid → 400 or 422, not_found → 404, forbidden → 403);
 * the domain itself knows nothing of HTTP.
 */
export type DomainErrorKind = 'illegal_transition' | 'invalid' | 'unprocessable' | 'not_found' | 'forbidden';

/**
 * A refusal by a domain rule. `code` is stable and public (e.g. `CASE.ILLEGAL_TRANSITION`);
 * `detail` is for people and may change.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly kind: DomainErrorKind,
    detail: string,
    readonly context: Readonly<Record<string, unknown>> = {},
  ) {
    super(detail);
    this.name = 'DomainError';
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
