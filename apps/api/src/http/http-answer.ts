import {
  Injectable,
  UseInterceptors,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { Response } from 'express';
import { map, type Observable } from 'rxjs';

/**
 * A controller's return value with response headers (ETag, Location) and, when it is not the
 * route's `@HttpCode`, a status. Controllers return it instead of writing to `@Res()`; the route's
 * HttpAnswerInterceptor (`@AnswersWithHeaders()`, part of `@Idempotent()`) writes the headers and
 * passes the body on, and the idempotency interceptor stores it as the answer to replay. It is a
 * route interceptor, not a global one, so global interceptors (free-text rendering, caching
 * headers) only ever see plain bodies.
 */
export class HttpAnswer<T = unknown> {
  constructor(
    readonly body: T,
    readonly headers: Readonly<Record<string, string>> = {},
    readonly status?: number,
  ) {}
}

/** The ETag of a stream revision: `"12"`. */
export const revisionTag = (revision: bigint | number): string => `"${revision}"`;

@Injectable()
export class HttpAnswerInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      map((value) => {
        if (!(value instanceof HttpAnswer)) return value;
        const response = context.switchToHttp().getResponse<Response>();
        if (value.status !== undefined) response.status(value.status);
        for (const [name, header] of Object.entries(value.headers)) response.setHeader(name, header);
        return value.body;
      }),
    );
  }
}

/** A route that may return an HttpAnswer (headers such as ETag). */
export const AnswersWithHeaders = () => UseInterceptors(HttpAnswerInterceptor);
