import type { NextFunction, Request, Response } from 'express';
import { httpRequestDuration } from './metrics.js';

/** Request durations by route template (never by raw path: ids would explode the label set). */
export function httpMetricsMiddleware(request: Request, response: Response, next: NextFunction): void {
  const started = process.hrtime.bigint();
  response.on('finish', () => {
    const route = (request.route as { path?: string } | undefined)?.path ?? 'unmatched';
    httpRequestDuration.observe(
      { method: request.method, route, status: String(response.statusCode) },
      Number(process.hrtime.bigint() - started) / 1e9,
    );
  });
  next();
}
