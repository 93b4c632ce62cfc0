import { BadRequestException } from '@nestjs/common';

/** One problem with one input field: `field` is the query, path or body name (dotted for nested fields). */
export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * The one 400 for input that fails a check outside the DTO validation pipe (a path id, a query
 * parameter, a header): `VALIDATION.FAILED` (or `code`) with the field problems, as the pipe answers.
 */
export function invalidInput(
  problems: FieldProblem | readonly FieldProblem[],
  code = 'VALIDATION.FAILED',
): BadRequestException {
  const list = Array.isArray(problems) ? problems : [problems as FieldProblem];
  return new BadRequestException({
    code,
    message: list.map((problem) => `${problem.field}: ${problem.message}`).join('; '),
    errors: list,
  });
}
