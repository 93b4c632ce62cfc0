import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath, type OpenAPIObject } from '@nestjs/swagger';
import type { DomainErrorKind } from '#domain-kernel';
import { PROBLEM_CONTENT_TYPE } from '#platform';
import { ProblemDto } from './problem.dto.js';

/** Problem codes a route answers with, by HTTP status. */
export type ProblemCodes = Partial<Record<number, readonly string[]>>;

const CODES_EXTENSION = 'x-problem-codes';
const CODES_MARK = 'Problem codes: ';

/**
 * Documents the problem+json answers of a route. Several decorators may name the same status
 * (a toolkit decorator and the route itself): openApiDocumentOf merges their codes into one list,
 * shown in the description and as the `code` enum of that answer's schema.
 */
export function ApiProblems(codes: ProblemCodes): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ProblemDto),
    ...Object.entries(codes).map(([status, list]) =>
      ApiResponse({
        status: Number(status),
        description: `${CODES_MARK}${[...(list ?? [])].join(' ')}`,
        content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: getSchemaPath(ProblemDto) } } },
      }),
    ),
  );
}

const STATUS_OF_KIND: Readonly<Record<DomainErrorKind, number>> = {
  invalid: 400,
  forbidden: 403,
  not_found: 404,
  illegal_transition: 409,
  unprocessable: 422,
};

/** The codes of a domain's refusal table (code → kind), by the status the problem filter gives each kind. */
export function domainProblems(
  prefix: string,
  kinds: Readonly<Record<string, DomainErrorKind>>,
): ProblemCodes {
  const codes: Record<number, string[]> = {};
  for (const [code, kind] of Object.entries(kinds))
    (codes[STATUS_OF_KIND[kind]] ??= []).push(`${prefix}${code}`);
  return codes;
}

/** What any route with a JSON body may answer before it runs (libs/platform json-body.middleware, the validation pipe). */
export const ApiBodyProblems = () =>
  ApiProblems({
    400: ['REQUEST.MALFORMED_JSON', 'REQUEST.TOO_DEEP', 'VALIDATION.FAILED'],
    413: ['REQUEST.TOO_LARGE'],
    415: ['REQUEST.UNSUPPORTED_ENCODING'],
  });

/**
 * Merges what ApiProblems left in each response description ("Problem codes: A B" once per
 * decorator) into one sorted list: a readable description, `x-problem-codes`, and a schema whose
 * `code` is that enum, so the generated client knows which codes each status may carry.
 */
export function mergeProblemCodes(document: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item)) {
      const responses = (operation as { responses?: Record<string, any> })?.responses;
      if (!responses || typeof responses !== 'object') continue;
      for (const response of Object.values(responses)) {
        const description: string = response?.description ?? '';
        if (!description.includes(CODES_MARK)) continue;
        const codes = [
          ...new Set(
            description
              .split(/\n+/)
              .filter((line) => line.startsWith(CODES_MARK))
              .flatMap((line) => line.slice(CODES_MARK.length).split(' '))
              .filter(Boolean),
          ),
        ].sort();
        const prose = description
          .split(/\n+/)
          .filter((line) => line.trim() && !line.startsWith(CODES_MARK))
          .join('\n\n');
        response.description = [prose, codes.map((code) => `\`${code}\``).join(', ')]
          .filter(Boolean)
          .join('\n\n');
        response[CODES_EXTENSION] = codes;
        response.content = {
          [PROBLEM_CONTENT_TYPE]: {
            schema: {
              allOf: [
                { $ref: getSchemaPath(ProblemDto) },
                { type: 'object', properties: { code: { type: 'string', enum: codes } } },
              ],
            },
          },
        };
      }
    }
  }
  return document;
}
