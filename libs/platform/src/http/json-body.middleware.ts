import express, { type NextFunction, type Request, type Response } from 'express';
import { PROBLEM_CONTENT_TYPE, problem } from './problem.js';
import { correlationIdOf } from './correlation-id.middleware.js';

/** Deeper JSON than this is refused: no legitimate request nests so far, and deep trees are a DoS tool. */
export const MAX_JSON_DEPTH = 32;

/**
 * JSON body parsing that answers problem+json itself: malformed JSON → 400, too large → 413,
 * too deeply nested → 400. (Errors of plain express middleware never reach Nest's filters.)
 */
export function jsonBodyMiddleware(limitBytes: number) {
  const parse = express.json({ limit: limitBytes, strict: true });
  return (request: Request, response: Response, next: NextFunction): void => {
    parse(request, response, (error?: unknown) => {
      if (error) {
        const type = (error as { type?: string }).type;
        const [status, code, detail] =
          type === 'entity.too.large'
            ? [413, 'REQUEST.TOO_LARGE', `the request body exceeds ${limitBytes} bytes`]
            : type === 'encoding.unsupported' || type === 'charset.unsupported'
              ? [415, 'REQUEST.UNSUPPORTED_ENCODING', 'the request body encoding is not supported']
              : [400, 'REQUEST.MALFORMED_JSON', 'the request body is not valid JSON'];
        writeProblem(response, problem(status, code, detail, correlationIdOf(request)));
        return;
      }
      if (request.body !== undefined && depthExceeds(request.body, MAX_JSON_DEPTH)) {
        writeProblem(
          response,
          problem(
            400,
            'REQUEST.TOO_DEEP',
            `JSON nesting deeper than ${MAX_JSON_DEPTH} levels is refused`,
            correlationIdOf(request),
          ),
        );
        return;
      }
      const unsafe = request.body !== undefined ? findUnsafeJson(request.body) : undefined;
      if (unsafe) {
        writeProblem(
          response,
          problem(400, 'VALIDATION.FAILED', `${unsafe.field}: ${unsafe.message}`, correlationIdOf(request), {
            errors: [unsafe],
          }),
        );
        return;
      }
      next();
    });
  };
}

function writeProblem(response: Response, body: ReturnType<typeof problem>): void {
  response.status(body.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
}

/** Iterative, so a hostile document cannot blow the stack of the checker itself. */
export function depthExceeds(value: unknown, maxDepth: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth > maxDepth) return true;
    for (const child of Object.values(current as object)) stack.push([child, depth + 1]);
  }
  return false;
}

/**
 * Text PostgreSQL cannot store verbatim (NUL, lone UTF-16 surrogates: jsonb refuses both, which
 * would surface as a 500) and keys named like Object.prototype members (`__proto__`, `constructor`,
 * `toString`...: class-transformer drops them silently, so the whitelist never sees them as unknown
 * fields; a prototype-pollution vector) are refused for every route.
 * Iterative, like depthExceeds.
 */
export function findUnsafeJson(value: unknown): { field: string; message: string } | undefined {
  const stack: Array<[unknown, string]> = [[value, '']];
  while (stack.length > 0) {
    const [current, path] = stack.pop()!;
    if (typeof current === 'string') {
      if (!isStorableText(current))
        return {
          field: path || '(body)',
          message: 'text must not contain NUL characters or unpaired surrogates',
        };
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    for (const [key, child] of Object.entries(current as object)) {
      const field = path ? `${path}.${key}` : key;
      if (Object.prototype.hasOwnProperty.call(Object.prototype, key))
        return { field, message: 'unknown field' };
      if (!isStorableText(key))
        return {
          field: path || '(body)',
          message: 'field names must not contain NUL characters or unpaired surrogates',
        };
      stack.push([child, field]);
    }
  }
  return undefined;
}

function isStorableText(text: string): boolean {
  return !text.includes('\u0000') && (text as string & { isWellFormed(): boolean }).isWellFormed();
}
