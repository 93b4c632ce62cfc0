import { applyDecorators, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { ApiHeader } from '@nestjs/swagger';
import { ApiProblems } from '../openapi/api-problems.decorator.js';
import { parseIfMatch } from '#platform';

/** The expected stream revision of a command from its If-Match header (undefined when absent). */
export const IfMatch = createParamDecorator((_: unknown, context: ExecutionContext) =>
  parseIfMatch(context.switchToHttp().getRequest<Request>().header('if-match')),
);

/** Documents the If-Match header of a command route and its answers. */
export const ApiIfMatch = () =>
  applyDecorators(
    ApiHeader({
      name: 'If-Match',
      required: false,
      description:
        'The ETag (stream revision) the command was decided on, e.g. "3": a case that moved on since answers 412 and nothing is appended.',
    }),
    ApiProblems({ 400: ['VALIDATION.IF_MATCH'], 412: ['CONCURRENCY.PRECONDITION_FAILED'] }),
  );
