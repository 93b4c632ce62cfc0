import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { isDatabaseUnavailableError } from '#event-store';
import { PROBLEM_CONTENT_TYPE, problem, type ProblemDetails } from './problem.js';
import { correlationIdOf } from './correlation-id.middleware.js';

/** Stable codes raised by libs (matched by `code`, so this filter needs no lib's classes). */
const STATUS_BY_CODE: Record<string, number> = {
  'CONCURRENCY.CONFLICT': 409,
  'CONCURRENCY.PRECONDITION_FAILED': 412,
  'EVENT_STORE.UNAVAILABLE': 503,
  'EVENT_STORE.IDEMPOTENCY_VIOLATION': 409,
  'EVENT_STORE.INVALID_APPEND': 400,
  'IDEMPOTENCY.KEY_REUSED': 422,
  'IDEMPOTENCY.IN_PROGRESS': 409,
};

const STATUS_BY_DOMAIN_KIND: Record<string, number> = {
  illegal_transition: 409,
  invalid: 400,
  unprocessable: 422,
  not_found: 404,
  forbidden: 403,
};

/** Errors body-parser raises for bad bodies, by its `type`. */
const BODY_PARSER_ERRORS: Record<string, [number, string, string]> = {
  'entity.parse.failed': [400, 'REQUEST.MALFORMED_JSON', 'the request body is not valid JSON'],
  'entity.too.large': [413, 'REQUEST.TOO_LARGE', 'the request body is too large'],
  'encoding.unsupported': [415, 'REQUEST.UNSUPPORTED_ENCODING', 'the request body encoding is not supported'],
  'charset.unsupported': [415, 'REQUEST.UNSUPPORTED_CHARSET', 'the request body charset is not supported'],
  'request.aborted': [400, 'REQUEST.ABORTED', 'the request was aborted'],
  'request.size.invalid': [400, 'REQUEST.SIZE_INVALID', 'the request size did not match Content-Length'],
};

/**
 * The one place errors become HTTP answers: everything is RFC 9457 problem+json with a stable
 * code. Unknown errors are 500 with no stack trace or message in the body (they are logged).
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(exception: unknown, host: ArgumentsHost): void {
    const context = host.switchToHttp();
    const request = context.getRequest<Request>();
    const response = context.getResponse<Response>();
    const body = this.toProblem(exception, correlationIdOf(request));
    if (body.status >= 500 && body.status !== 503) {
      this.logger.error(
        { err: exception, correlationId: body.correlationId, path: request.path },
        'unhandled error',
      );
    } else if (body.status === 503) {
      this.logger.warn(
        { correlationId: body.correlationId, path: request.path, detail: errorMessage(exception) },
        'dependency unavailable',
      );
    }
    if (response.headersSent) {
      response.end();
      return;
    }
    if (body.status === 503) response.setHeader('Retry-After', '1');
    response.status(body.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
  }

  toProblem(exception: unknown, correlationId: string): ProblemDetails {
    const error = exception as {
      code?: unknown;
      kind?: unknown;
      type?: unknown;
      message?: unknown;
      status?: unknown;
      context?: unknown;
    };
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const payload = exception.getResponse() as
        | {
            code?: string;
            message?: unknown;
            errors?: ProblemDetails['errors'];
            /** Further members of the answer, for programs (e.g. the valid verbs of an unknown action). */
            extensions?: Record<string, unknown>;
          }
        | string;
      if (typeof payload === 'object' && payload.code) {
        return problem(status, payload.code, String(payload.message ?? exception.message), correlationId, {
          ...payload.extensions,
          ...(payload.errors ? { errors: payload.errors } : {}),
        });
      }
      const detail =
        typeof payload === 'string'
          ? payload
          : Array.isArray(payload.message)
            ? payload.message.join('; ')
            : String(payload.message ?? exception.message);
      return problem(status, defaultCode(status), detail, correlationId);
    }
    if (typeof error?.type === 'string' && BODY_PARSER_ERRORS[error.type]) {
      const [status, code, detail] = BODY_PARSER_ERRORS[error.type]!;
      return problem(status, code, detail, correlationId);
    }
    if (
      typeof error?.code === 'string' &&
      typeof error.kind === 'string' &&
      STATUS_BY_DOMAIN_KIND[error.kind]
    ) {
      return problem(
        STATUS_BY_DOMAIN_KIND[error.kind]!,
        error.code,
        String(error.message),
        correlationId,
        safeContext(error.context),
      );
    }
    if (typeof error?.code === 'string' && STATUS_BY_CODE[error.code]) {
      const status = STATUS_BY_CODE[error.code]!;
      const detail =
        status === 503 ? 'the database is unreachable; try again shortly' : String(error.message);
      return problem(status, error.code, detail, correlationId);
    }
    if (isDatabaseUnavailableError(exception)) {
      return problem(
        503,
        'DATABASE.UNAVAILABLE',
        'the database is unreachable; try again shortly',
        correlationId,
      );
    }
    return problem(500, 'INTERNAL', 'an unexpected error occurred; it has been logged', correlationId);
  }
}

function defaultCode(status: number): string {
  switch (status) {
    case 400:
      return 'VALIDATION.FAILED';
    case 401:
      return 'AUTH.UNAUTHENTICATED';
    case 403:
      return 'AUTH.FORBIDDEN';
    case 404:
      return 'ROUTE.NOT_FOUND';
    case 405:
      return 'ROUTE.METHOD_NOT_ALLOWED';
    case 413:
      return 'REQUEST.TOO_LARGE';
    case 429:
      return 'REQUEST.RATE_LIMITED';
    default:
      return `HTTP.${status}`;
  }
}

/** Domain error context is safe to show (ids, statuses); personal data never goes in it. */
function safeContext(context: unknown): Record<string, unknown> {
  if (!context || typeof context !== 'object' || Object.keys(context).length === 0) return {};
  return { context };
}

function errorMessage(error: unknown): string {
  return typeof (error as { message?: unknown })?.message === 'string'
    ? (error as { message: string }).message
    : String(error);
}
