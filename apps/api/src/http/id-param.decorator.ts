import { Param, ParseUUIDPipe, applyDecorators } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import { ApiProblems } from '../openapi/api-problems.decorator.js';
import { invalidInput } from './field-problems.js';

/** A UUID path parameter: anything else is 400 `VALIDATION.FAILED` naming the parameter. */
export const IdParam = (name: string) =>
  Param(
    name,
    new ParseUUIDPipe({
      exceptionFactory: () => invalidInput({ field: name, message: `${name} must be a UUID` }),
    }),
  );

/** Documents a UUID path parameter and its 400. */
export const ApiIdParam = (name: string, description?: string) =>
  applyDecorators(
    ApiParam({ name, format: 'uuid', type: String, ...(description ? { description } : {}) }),
    ApiProblems({ 400: ['VALIDATION.FAILED'] }),
  );
