import type { Params } from 'nestjs-pino';
import type { IncomingMessage } from 'node:http';
import type { AppConfig } from '#platform';

/**
 * JSON logs (pino). Bodies are never logged, and every header or field that may hold personal
 * data or credentials is redacted.
 */
export function loggerOptions(config: AppConfig): Params {
  return {
    pinoHttp: {
      level: config.logLevel,
      genReqId: (request: IncomingMessage) => (request as IncomingMessage & { correlationId?: string }).correlationId ?? 'none',
      customProps: (request: IncomingMessage) => ({ correlationId: (request as IncomingMessage & { correlationId?: string }).correlationId }),
      serializers: {
        req: (request: { method?: string; url?: string; id?: string }) => ({ method: request.method, url: redactQuery(request.url), id: request.id }),
        res: (response: { statusCode?: number }) => ({ statusCode: response.statusCode }),
      },
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.phone', '*.idNumber', '*.name'],
        censor: '[redacted]',
      },
      autoLogging: { ignore: (request: IncomingMessage) => request.url === '/health' || request.url === '/metrics' },
    },
  };
}

function redactQuery(url: string | undefined): string | undefined {
  return url?.split('?')[0];
}
