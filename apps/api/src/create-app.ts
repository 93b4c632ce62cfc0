import 'reflect-metadata';
import type { Writable } from 'node:stream';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import type { AttachmentsConfig } from '#attachments';
import type { EventStore } from '#event-store';
import {
  ProblemDetailsFilter,
  answerServerErrorsAsProblems,
  correlationIdMiddleware,
  httpMetricsMiddleware,
  jsonBodyMiddleware,
  requestTargetMiddleware,
  applyHttpServerTimeouts,
  DEFAULT_HTTP_SERVER_TIMEOUTS,
  type HttpServerTimeouts,
  strictValidationPipe,
  withApiSecrets,
  type AppConfig,
  type Database,
} from '#platform';
import { randomBytes } from 'node:crypto';
import { AppModule } from './app.module.js';
import { AppLogger } from './operations/app-logging.module.js';
import { openStore } from '#runtime';
import { openApiDocumentOf } from './openapi/openapi-document.js';
import { serveConsole } from './console/serve-console.js';

export interface CreateAppOptions {
  /** Use this database instead of opening one from the config (tests). */
  database?: Database;
  eventStore?: EventStore;
  /** Write the JSON log lines here instead of stdout (tests read them). */
  logDestination?: Writable;
  /** Slow-client limits of the HTTP server (main.ts reads them from HTTP_* variables). */
  httpTimeouts?: HttpServerTimeouts;
  /** Attachments (the runtime config's); default: the defaults beside the database. */
  attachments?: AttachmentsConfig;
}

/** Opens and migrates the database, then builds the Nest application with every HTTP concern wired. */
export async function createApp(
  appConfig: AppConfig,
  options: CreateAppOptions = {},
): Promise<{ app: INestApplication; database: Database }> {
  // The API's secrets are checked before anything opens (ConfigError names what is missing).
  const config = withApiSecrets(appConfig, () => randomBytes(32).toString('base64url'));
  // Opened, locked, checked, migrated and bound to its log (the InfrastructureModule closes the database).
  const { database, eventStore } = await openStore(config, {
    database: options.database,
    eventStore: options.eventStore,
  });
  const app = await NestFactory.create(
    AppModule.forRoot(config, database, eventStore, options.logDestination, options.attachments),
    {
      bodyParser: false,
      bufferLogs: true,
    },
  );
  app.useLogger(app.get(AppLogger));
  // The client address the login throttle counts (TRUST_PROXY: which X-Forwarded-For to believe).
  (app.getHttpAdapter().getInstance() as { set(name: string, value: unknown): void }).set(
    'trust proxy',
    config.trustProxy,
  );
  app.use(helmet());
  app.use(correlationIdMiddleware);
  app.use(httpMetricsMiddleware);
  // No byte of a path or query reaches a route unless it is printable, UTF-8 and free of controls.
  app.use(requestTargetMiddleware);
  app.use(jsonBodyMiddleware(config.bodyLimitBytes));
  serveConsole(app);
  app.useGlobalPipes(strictValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  if (config.corsOrigins.length > 0) {
    app.enableCors({
      origin: config.corsOrigins.includes('*') ? true : config.corsOrigins,
      exposedHeaders: ['ETag', 'Location', 'X-Correlation-Id'],
    });
  }
  SwaggerModule.setup('docs', app, openApiDocumentOf(app), { jsonDocumentUrl: 'docs-json' });
  // Slow clients must not hold sockets for ever (slowloris): bound headers and whole requests.
  applyHttpServerTimeouts(app.getHttpServer(), options.httpTimeouts ?? DEFAULT_HTTP_SERVER_TIMEOUTS);
  // What Node's HTTP server answers itself (400, 408, 414, 417, 431) is problem+json too.
  answerServerErrorsAsProblems(app.getHttpServer());
  return { app, database };
}
