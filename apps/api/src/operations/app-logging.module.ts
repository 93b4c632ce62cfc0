import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Writable } from 'node:stream';
import {
  Global,
  Inject,
  Injectable,
  Module,
  RequestMethod,
  type DynamicModule,
  type LoggerService,
  type MiddlewareConsumer,
  type NestModule,
} from '@nestjs/common';
import type { Logger as Pino } from 'pino';
import { pinoHttp, type HttpLogger, type Options } from 'pino-http';

const HTTP_LOGGER = Symbol('gridcase.HttpLogger');
type Level = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

/** The logger of the request being served (pino-http's child, with the request id), if any. */
const requestLogger = new AsyncLocalStorage<Pino>();

/**
 * Nest's logger over pino: `Logger.log({event, …}, 'message')` from any class becomes one JSON line,
 * with the request's id when logged while serving one. It replaces nestjs-pino, whose every 5.x
 * release requires Node ≥ 22.12 (the project runs on Node 20; docs/adr/0030), and keeps its
 * contract: the last extra argument is the context, an object argument is merged into the line, an
 * Error goes under `err`.
 */
@Injectable()
export class AppLogger implements LoggerService {
  constructor(@Inject(HTTP_LOGGER) private readonly http: HttpLogger) {}

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(level: Level, message: unknown, params: unknown[]): void {
    const logger = requestLogger.getStore() ?? this.http.logger;
    const fields: Record<string, unknown> = {};
    let rest = params;
    if (params.length > 0) {
      fields.context = params[params.length - 1];
      rest = params.slice(0, -1);
    }
    if (typeof message === 'object' && message !== null) {
      if (message instanceof Error) fields.err = message;
      else Object.assign(fields, message);
      logger[level](fields, ...(rest as [string?]));
    } else if (
      level === 'error' &&
      rest.length === 1 &&
      typeof rest[0] === 'string' &&
      /\n\s*at /.test(rest[0])
    ) {
      // Nest's exception handlers call error(message, stack): keep the stack as the error's.
      const err = new Error(String(message));
      err.stack = rest[0];
      logger.error({ ...fields, err });
    } else {
      logger[level](fields, String(message), ...(rest as []));
    }
  }
}

/**
 * JSON logs for the API: pino-http logs every request once it is answered (options from
 * logger-options.ts: no bodies, personal data redacted) and binds its child logger to the request,
 * so AppLogger lines written while serving it carry its id.
 */
@Global()
@Module({})
export class AppLoggingModule implements NestModule {
  constructor(@Inject(HTTP_LOGGER) private readonly http: HttpLogger) {}

  static forRoot(options: Options, destination?: Writable): DynamicModule {
    return {
      module: AppLoggingModule,
      providers: [
        { provide: HTTP_LOGGER, useFactory: () => pinoHttp(options, destination as never) },
        AppLogger,
      ],
      exports: [AppLogger],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    const http = this.http;
    consumer
      .apply((request: IncomingMessage, response: ServerResponse, next: () => void) => {
        http(request, response);
        requestLogger.run((request as IncomingMessage & { log: Pino }).log, next);
      })
      .forRoutes({ path: '{/*splat}', method: RequestMethod.ALL });
  }
}
