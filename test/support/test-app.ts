import type { INestApplication } from '@nestjs/common';
import { createTestDatabase, type TestDatabase } from '#platform/testing';
import { loadConfig, openDatabase, type AppConfig } from '#platform';
import { createApp } from '../../apps/api/src/create-app.js';
import { allMigrations } from '../../apps/api/src/infrastructure/migrations.js';

export interface TestApp {
  app: INestApplication;
  database: TestDatabase;
  baseUrl: string;
  config: AppConfig;
  close(): Promise<void>;
}

export interface StartTestAppOptions {
  /**
   * Run on this existing PostgreSQL test database instead of a fresh one (e.g. to restart the app
   * on the same data). The app then opens and closes its own pool on it; the caller keeps owning
   * the database and closes (drops) it when done.
   */
  reuseDatabase?: TestDatabase;
}

/**
 * The real application on a fresh PostgreSQL database (or a fresh in-memory PGlite), listening
 * on a free loopback port. Each test file gets its own.
 */
export async function startTestApp(
  kind: 'postgres' | 'embedded' = 'postgres',
  env: Record<string, string> = {},
  options: StartTestAppOptions = {},
): Promise<TestApp> {
  const shared = options.reuseDatabase;
  if (shared && !shared.url) throw new Error('reuseDatabase needs a PostgreSQL test database (an embedded one cannot be reopened)');
  const database = shared ?? (await createTestDatabase(kind, allMigrations));
  const config = loadConfig({ LOG_LEVEL: 'silent', PORT: '0', DATABASE_URL: database.url, RUN_WORKER: 'false', SEED_DEMO: 'false', ...env }, []);
  // The app closes the database it is given on shutdown; a reused one must survive that, so the
  // app gets a pool of its own on it.
  const appDatabase = shared ? await openDatabase({ url: shared.url, poolSize: 20 }) : database;
  const { app } = await createApp(config, { database: appDatabase });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return {
    app,
    database,
    baseUrl: `http://127.0.0.1:${address.port}`,
    config,
    async close() {
      await app.close();
      if (shared) await appDatabase.close().catch(() => undefined);
      else await database.close().catch(() => undefined);
    },
  };
}

export interface JsonResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** A small fetch wrapper for JSON APIs: sends JSON, parses any JSON answer. */
export async function http<T = any>(
  baseUrl: string,
  method: string,
  path: string,
  options: { body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<JsonResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  let body: string | undefined;
  if (options.rawBody !== undefined) {
    body = options.rawBody;
    headers['content-type'] ??= 'application/json';
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(`${baseUrl}${path}`, { method, headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON; keep the text
  }
  return { status: response.status, headers: response.headers, body: parsed as T };
}
