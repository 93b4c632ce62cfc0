import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

const HEADER = 'x-correlation-id';
const ACCEPTABLE = /^[A-Za-z0-9._:-]{1,100}$/;

/**
 * Every request gets a correlation id: the caller's `X-Correlation-Id` when it is well-formed,
 * otherwise a new UUID. It is echoed in the response, put in every event's metadata and in logs.
 */
export function correlationIdMiddleware(request: Request, response: Response, next: NextFunction): void {
  const given = request.header(HEADER);
  const id = given && ACCEPTABLE.test(given) ? given : randomUUID();
  (request as Request & { correlationId?: string }).correlationId = id;
  response.setHeader('X-Correlation-Id', id);
  next();
}

export function correlationIdOf(request: Request): string {
  return (request as Request & { correlationId?: string }).correlationId ?? randomUUID();
}
