import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';

/** Flattens class-validator errors into `{field, message}` pairs with dotted paths. */
export function flattenValidationErrors(
  errors: ValidationError[],
  parent = '',
): Array<{ field: string; message: string }> {
  const out: Array<{ field: string; message: string }> = [];
  for (const error of errors) {
    const field = parent ? `${parent}.${error.property}` : error.property;
    for (const message of Object.values(error.constraints ?? {})) out.push({ field, message });
    if (error.children?.length) out.push(...flattenValidationErrors(error.children, field));
  }
  return out;
}

export function validationFailed(errors: ValidationError[]): BadRequestException {
  const flat = flattenValidationErrors(errors);
  return new BadRequestException({
    code: 'VALIDATION.FAILED',
    message: flat.length
      ? flat
          .map((e) => `${e.field}: ${e.message}`)
          .join('; ')
          .slice(0, 2000)
      : 'the request is invalid',
    errors: flat.slice(0, 50),
  });
}

/** Whitelist, forbid unknown fields, transform: bad input stops at the edge. */
export function strictValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: validationFailed,
  });
}
