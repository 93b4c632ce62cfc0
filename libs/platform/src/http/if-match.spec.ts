import { describe, expect, it } from '@jest/globals';
import { HttpException } from '@nestjs/common';
import { parseIfMatch } from './if-match.js';

function refusal(header: string): { status: number; code: string } {
  try {
    parseIfMatch(header);
  } catch (error) {
    const response = (error as HttpException).getResponse() as { code: string };
    return { status: (error as HttpException).getStatus(), code: response.code };
  }
  throw new Error(`${header} was accepted`);
}

describe('parseIfMatch (strong comparison, RFC 9110 §13.1.1)', () => {
  it('reads one quoted revision, and nothing when the header is absent', () => {
    expect(parseIfMatch('"0"')).toBe(0n);
    expect(parseIfMatch(' "30" ')).toBe(30n);
    expect(parseIfMatch(`"${'9'.repeat(18)}"`)).toBe(999_999_999_999_999_999n);
    expect(parseIfMatch(undefined)).toBeUndefined();
  });

  it('never matches a weak tag: 412, so nothing runs', () => {
    expect(refusal('W/"30"')).toEqual({ status: 412, code: 'CONCURRENCY.PRECONDITION_FAILED' });
    expect(refusal('W/"abc"')).toEqual({ status: 412, code: 'CONCURRENCY.PRECONDITION_FAILED' });
  });

  it('refuses what is not one quoted revision with 400', () => {
    for (const header of [
      '30',
      '"-1"',
      '"1.5"',
      '"abc"',
      '*',
      '"4", "5"',
      '""',
      'W/',
      `"${'9'.repeat(19)}"`,
      '"3\u0000"',
    ])
      expect(refusal(header)).toEqual({ status: 400, code: 'VALIDATION.IF_MATCH' });
  });
});
