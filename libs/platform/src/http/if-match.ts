import { BadRequestException, HttpException } from '@nestjs/common';

/** Stream revisions fit in a PostgreSQL bigint; 18 digits always do. */
const STRONG_REVISION_TAG = /^\s*"(\d{1,18})"\s*$/;
const WEAK_TAG = /^\s*W\/"[^"]*"\s*$/;

/**
 * The `If-Match` header of a command as the stream revision it expects: `"12"` → 12n, absent →
 * undefined.
 *
 * RFC 9110 §13.1.1: If-Match uses the strong comparison, and a weak entity tag (`W/"12"`) never
 * matches strongly, so the precondition fails: 412 `CONCURRENCY.PRECONDITION_FAILED`, and nothing
 * runs. Anything that is not one quoted revision (unquoted digits, `*`, a list, a sign, 19 digits)
 * is malformed: 400 `VALIDATION.IF_MATCH`. The ETags this API sends are always strong.
 */
export function parseIfMatch(header: string | undefined): bigint | undefined {
  if (header === undefined) return undefined;
  const strong = STRONG_REVISION_TAG.exec(header);
  if (strong) return BigInt(strong[1]!);
  if (WEAK_TAG.test(header)) {
    throw new HttpException(
      {
        code: 'CONCURRENCY.PRECONDITION_FAILED',
        message:
          'If-Match compares strongly: a weak entity tag (W/"…") never matches; send the ETag as given',
      },
      412,
    );
  }
  throw new BadRequestException({
    code: 'VALIDATION.IF_MATCH',
    message: 'If-Match must be one quoted stream revision, e.g. "3"',
  });
}
