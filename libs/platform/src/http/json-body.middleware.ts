import { isUtf8 } from 'node:buffer';
import express, { type NextFunction, type Request, type Response } from 'express';
import { PROBLEM_CONTENT_TYPE, problem } from './problem.js';
import { correlationIdOf } from './correlation-id.middleware.js';
import { hasForbiddenControl } from './text-rules.js';

/** Deeper JSON than this is refused: no legitimate request nests so far, and deep trees are a DoS tool. */
export const MAX_JSON_DEPTH = 32;

/** Why `verify` refused the raw body (body-parser reports it as entity.verify.failed). */
class RawBodyRefused extends Error {
  constructor(readonly refusal: 'charset' | 'utf8') {
    super(refusal);
  }
}

/**
 * JSON is UTF-8 (RFC 8259 §8.1): another charset is 415, and bytes that are not UTF-8 are 400,
 * checked on the raw bytes, since decoding would silently replace them with U+FFFD.
 */
function verifyUtf8(_request: unknown, _response: unknown, raw: Buffer, encoding: string): void {
  if (encoding.toLowerCase() !== 'utf-8' && encoding.toLowerCase() !== 'utf8')
    throw new RawBodyRefused('charset');
  if (!isUtf8(raw)) throw new RawBodyRefused('utf8');
}

/**
 * JSON body parsing that answers problem+json itself: malformed JSON → 400, not UTF-8 → 400,
 * another charset → 415, too large → 413, too deeply nested → 400, a control character or
 * unpaired surrogate in any text → 400. (Errors of plain express middleware never reach Nest's
 * filters.)
 */
export function jsonBodyMiddleware(limitBytes: number) {
  const parse = express.json({ limit: limitBytes, strict: true, verify: verifyUtf8 });
  return (request: Request, response: Response, next: NextFunction): void => {
    parse(request, response, (error?: unknown) => {
      if (error) {
        const type = (error as { type?: string }).type;
        const refused = error instanceof RawBodyRefused ? error.refusal : undefined;
        const [status, code, detail] =
          type === 'entity.too.large'
            ? [413, 'REQUEST.TOO_LARGE', `the request body exceeds ${limitBytes} bytes`]
            : refused === 'utf8'
              ? [400, 'REQUEST.INVALID_UTF8', 'the request body is not valid UTF-8']
              : type === 'encoding.unsupported' || type === 'charset.unsupported' || refused === 'charset'
                ? [415, 'REQUEST.UNSUPPORTED_ENCODING', 'the request body must be JSON in UTF-8']
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
 * would surface as a 500), any other control character but tab, LF and CR (text-rules.ts), and keys named like Object.prototype members (`__proto__`, `constructor`,
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
          message:
            'text must not contain control characters (but tab and line breaks) or unpaired surrogates',
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
          message: 'field names must not contain control characters or unpaired surrogates',
        };
      stack.push([child, field]);
    }
  }
  return undefined;
}

function isStorableText(text: string): boolean {
  return !hasForbiddenControl(text) && (text as string & { isWellFormed(): boolean }).isWellFormed();
}
