import { describe, expect, it } from '@jest/globals';
import { ApiProblem, plainDetail, problemFromResponse } from './problem';

describe('problem+json in plain words', () => {
  it('keeps the code and the fields of a problem+json answer and writes the detail as a sentence', () => {
    const problem = problemFromResponse(
      400,
      'application/problem+json; charset=utf-8',
      JSON.stringify({
        status: 400,
        code: 'VALIDATION.FAILED',
        detail: 'location.gridId must be a UUID',
        errors: [{ field: 'location.gridId', message: 'must be a UUID' }],
        correlationId: 'c-1',
      }),
    );
    expect(problem).toBeInstanceOf(ApiProblem);
    expect(problem.code).toBe('VALIDATION.FAILED');
    expect(problem.detail).toBe('Location.gridId must be a UUID.');
    expect(problem.errors).toEqual([{ field: 'location.gridId', message: 'must be a UUID' }]);
    expect(problem.correlationId).toBe('c-1');
  });

  it('gives a body that is not problem+json a code made of its status', () => {
    const problem = problemFromResponse(502, 'text/html', '<html>Bad gateway</html>');
    expect(problem.code).toBe('HTTP.502');
    expect(problem.status).toBe(502);
  });

  it('marks 409 conflicts and 412 failed preconditions as stale, other refusals not', () => {
    expect(new ApiProblem(412, 'CONCURRENCY.PRECONDITION_FAILED', '').isStale).toBe(true);
    expect(new ApiProblem(409, 'CONCURRENCY.CONFLICT', '').isStale).toBe(true);
    expect(new ApiProblem(409, 'CASE.ILLEGAL_TRANSITION', '').isStale).toBe(false);
    expect(new ApiProblem(403, 'AUTH.FORBIDDEN', '').isStale).toBe(false);
  });

  it('leaves a sentence that already ends alone', () => {
    expect(plainDetail('已超过期限。')).toBe('已超过期限。');
    expect(plainDetail('')).toBe('');
  });
});
