/** `If-Match` named a revision the stream no longer (or never) had. Nothing was appended. */
export class PreconditionFailedError extends Error {
  readonly code = 'CONCURRENCY.PRECONDITION_FAILED';
  constructor(
    readonly stream: string,
    readonly expectedRevision: bigint,
    readonly actualRevision: bigint | undefined,
  ) {
    super(
      `the stream is at revision ${actualRevision === undefined ? 'none' : actualRevision.toString()}, not ${expectedRevision.toString()}`,
    );
    this.name = 'PreconditionFailedError';
  }
}

/** Other writers kept changing the stream; the command was retried on fresh state and gave up. */
export class ConcurrencyConflictError extends Error {
  readonly code = 'CONCURRENCY.CONFLICT';
  constructor(
    readonly stream: string,
    readonly attempts: number,
  ) {
    super(`the case changed concurrently ${attempts} times in a row; try again`);
    this.name = 'ConcurrencyConflictError';
  }
}
