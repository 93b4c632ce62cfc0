import type { INestApplication } from '@nestjs/common';
import { createTestDatabase, type TestDatabase } from '#platform/testing';
import { loadConfig, type AppConfig } from '#platform';
import { createApp } from '../../apps/api/src/create-app.js';
import { allMigrations } from '../../apps/api/src/infrastructure/migrations.js';

export interface TestApp {
  app: INestApplication;
  database: TestDatabase;
  baseUrl: string;
  config: AppConfig;
  close(): Promise<void>;
}

/**
 * The real application on a fresh PostgreSQL database (or a fresh in-memory PGlite), listening
 * on a free loopback port. Each test file gets its own.
 */
export async function startTestApp(kind: 'postgres' | 'embedded' = 'postgres', env: Record<string, string> = {}): Promise<TestApp> {
  const database = await createTestDatabase(kind, allMigrations);
  const config = loadConfig({ LOG_LEVEL: 'silent', PORT: '0', DATABASE_URL: database.url, RUN_WORKER: 'false', SEED_DEMO: 'false', ...env }, []);
  const { app } = await createApp(config, { database });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return {
    app,
    database,
    baseUrl: `http://127.0.0.1:${address.port}`,
    config,
    async close() {
      await app.close();
      await database.close().catch(() => undefined);
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
