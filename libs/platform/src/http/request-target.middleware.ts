import { isUtf8 } from 'node:buffer';
import type { NextFunction, Request, Response } from 'express';
import { correlationIdOf } from './correlation-id.middleware.js';
import { PROBLEM_CONTENT_TYPE, problem } from './problem.js';
import { isSingleLine } from './text-rules.js';

/** Longer request targets are refused with 414 (Node's own limit on the whole head is 16 KiB). */
export const MAX_REQUEST_TARGET_LENGTH = 8 * 1024;

export interface TargetRefusal {
  readonly status: 400 | 414;
  readonly code: string;
  readonly detail: string;
}

/**
 * Checks the request target (path and query) before any route sees it, so no byte of it can reach
 * a handler or the database as something they do not expect (`%00` in a path or query became a
 * PostgreSQL error, i.e. a 500). The target must be printable ASCII; percent-encoded bytes must be
 * well-formed, decode to valid UTF-8, and decode to no control character (C0, DEL, C1).
 */
export function requestTargetRefusal(target: string): TargetRefusal | undefined {
  if (target.length > MAX_REQUEST_TARGET_LENGTH) {
    return {
      status: 414,
      code: 'REQUEST.URI_TOO_LONG',
      detail: `the request target exceeds ${MAX_REQUEST_TARGET_LENGTH} characters`,
    };
  }
  const bytes: number[] = [];
  for (let i = 0; i < target.length; i++) {
    const char = target.charCodeAt(i);
    if (char < 0x21 || char > 0x7e) {
      return malformed('the request target must be printable ASCII (percent-encode anything else as UTF-8)');
    }
    if (char !== 0x25) {
      bytes.push(char);
      continue;
    }
    const hex = target.slice(i + 1, i + 3);
    if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return malformed('the request target has a malformed %-escape');
    bytes.push(Number.parseInt(hex, 16));
    i += 2;
  }
  const decoded = Buffer.from(bytes);
  if (!isUtf8(decoded)) return malformed('the percent-encoded bytes of the request target are not UTF-8');
  if (!isSingleLine(decoded.toString('utf8')))
    return malformed('the request target must not encode control characters (e.g. %00)');
  return undefined;
}

function malformed(detail: string): TargetRefusal {
  return { status: 400, code: 'REQUEST.INVALID_TARGET', detail };
}

/**
 * Refuses, with problem+json, a request whose target `requestTargetRefusal` refuses, and an
 * HTTP/1.1 request without `Host` (RFC 9112 §3.2; Node's own answer to it would be an empty 400,
 * see server-errors.ts).
 */
export function requestTargetMiddleware(request: Request, response: Response, next: NextFunction): void {
  const refusal =
    request.httpVersion === '1.1' && request.headers.host === undefined
      ? ({
          status: 400,
          code: 'REQUEST.HOST_REQUIRED',
          detail: 'an HTTP/1.1 request needs a Host header',
        } as const)
      : requestTargetRefusal(request.originalUrl);
  if (!refusal) {
    next();
    return;
  }
  const body = problem(refusal.status, refusal.code, refusal.detail, correlationIdOf(request));
  response.status(body.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
}
