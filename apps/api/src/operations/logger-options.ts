import type { IncomingMessage } from 'node:http';
import type { Options } from 'pino-http';
import type { AppConfig } from '#platform';

/**
 * Every log field that may hold personal data (docs/domain.md §7: names, phone numbers, ID numbers of
 * reporters and parties) or credentials. Nothing logs them on purpose (bodies are never logged,
 * errors carry person ids, not data); this is the net under that. Pino paths match one level
 * per `*`, hence the nested variants.
 */
export const REDACTED_LOG_PATHS: readonly string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.body',
  'res.body',
  '*.password',
  '*.phone',
  '*.idNumber',
  '*.name',
  '*.*.phone',
  '*.*.idNumber',
  '*.*.name',
  '*.reporter',
  '*.parties',
  '*.petitioners',
  '*.representatives',
  '*.party',
  '*.partyName',
  '*.*.reporter',
  '*.*.parties',
  '*.*.petitioners',
  '*.*.representatives',
  '*.*.party',
  '*.*.partyName',
];

/**
 * JSON logs (pino). Bodies are never logged, and every header or field that may hold personal
 * data or credentials is redacted.
 */
export function loggerOptions(config: AppConfig): Options {
  const options = {
    level: config.logLevel,
    genReqId: (request: IncomingMessage) =>
      (request as IncomingMessage & { correlationId?: string }).correlationId ?? 'none',
    customProps: (request: IncomingMessage) => ({
      correlationId: (request as IncomingMessage & { correlationId?: string }).correlationId,
    }),
    serializers: {
      req: (request: { method?: string; url?: string; id?: string }) => ({
        method: request.method,
        url: redactQuery(request.url),
        id: request.id,
      }),
      res: (response: { statusCode?: number }) => ({ statusCode: response.statusCode }),
    },
    redact: { paths: [...REDACTED_LOG_PATHS], censor: '[redacted]' },
    autoLogging: {
      ignore: (request: IncomingMessage) => request.url === '/health' || request.url === '/metrics',
    },
  };
  return options;
}

function redactQuery(url: string | undefined): string | undefined {
  return url?.split('?')[0];
}
