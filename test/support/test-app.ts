import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { JwtService } from '@nestjs/jwt';
import type { Role, Scope } from '#auth';
import { AccountsRepository } from '../../apps/api/src/auth/accounts.repository.js';
import type { INestApplication } from '@nestjs/common';
import type { EventStore } from '#event-store';
import { createTestDatabase, type TestDatabase } from '#platform/testing';
import { openDatabase, type AppConfig, type HttpServerTimeouts } from '#platform';
import { createApp } from '../../apps/api/src/create-app.js';
import { allMigrations, loadRuntimeConfig, type RuntimeConfig } from '#runtime';

export interface TestApp {
  app: INestApplication;
  database: TestDatabase;
  baseUrl: string;
  config: AppConfig;
  /** The whole configuration tree the app's config came from (background services take it). */
  runtime: RuntimeConfig;
  /** The logins `http()` uses by default: a centre operator (cases) and the administrator (registry, accounts). */
  users: { operator: TestUser; admin: TestUser };
  close(): Promise<void>;
}

export interface TestUser {
  id: string;
  username: string;
  token: string;
}

/** Secrets every test app runs with (cheap bcrypt: tests only). */
export const TEST_AUTH_ENV = {
  JWT_SECRET: 'test-only-secret-0123456789abcdefghijklmnopqrstuvwxyz',
  ADMIN_PASSWORD: 'test-admin-password',
  BCRYPT_COST: '4',
  JWT_EXPIRES_IN_SECONDS: '3600',
} as const;
export const TEST_OPERATOR = { username: 'test-operator', password: 'test-operator-password' } as const;

const defaultUsers = new Map<string, TestApp['users']>();

export interface StartTestAppOptions {
  /**
   * Run on this existing PostgreSQL test database instead of a fresh one (e.g. to restart the app
   * on the same data). The app then opens and closes its own pool on it; the caller keeps owning
   * the database and closes (drops) it when done.
   */
  reuseDatabase?: TestDatabase;
  /** Receives the app's JSON log lines (set LOG_LEVEL in `env` to see any). */
  logDestination?: Writable;
  /** Slow-client limits of the HTTP server (default: production's). */
  httpTimeouts?: HttpServerTimeouts;
  /** Use this event store instead of the PostgreSQL one (e.g. the EventStoreDB adapter over its stand-in). */
  eventStore?: EventStore;
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
  if (shared && !shared.url)
    throw new Error('reuseDatabase needs a PostgreSQL test database (an embedded one cannot be reopened)');
  const database = shared ?? (await createTestDatabase(kind, allMigrations));
  // Each app its own blob directory (removed on close), unless the spec names a store.
  const blobDirectory = env.BLOB_STORE_URL
    ? undefined
    : await mkdtemp(join(tmpdir(), 'gridcase-test-blobs-'));
  const runtime = loadRuntimeConfig(
    {
      ...(blobDirectory ? { BLOB_STORE_URL: blobDirectory } : {}),
      LOG_LEVEL: 'silent',
      PORT: '0',
      DATABASE_URL: database.url,
      RUN_WORKER: 'false',
      SEED_DEMO: 'false',
      ...TEST_AUTH_ENV,
      ...env,
    },
    [],
  );
  const config = runtime.app;
  // The app closes the database it is given on shutdown; a reused one must survive that, so the
  // app gets a pool of its own on it.
  const appDatabase = shared ? await openDatabase({ url: shared.url, poolSize: 20 }) : database;
  const { app } = await createApp(config, {
    database: appDatabase,
    logDestination: options.logDestination,
    httpTimeouts: options.httpTimeouts,
    eventStore: options.eventStore,
    attachments: runtime.attachments,
  });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const baseUrl = `http://127.0.0.1:${address.port}`;
  const admin = await login(
    baseUrl,
    config.auth.adminUsername,
    (env.ADMIN_PASSWORD ?? TEST_AUTH_ENV.ADMIN_PASSWORD) as string,
  );
  // A district-wide centre operator kept in the accounts table (reused when the database is).
  const created = await http(baseUrl, 'POST', '/api/v1/auth/accounts', {
    body: { ...TEST_OPERATOR, role: 'centre_operator' },
    auth: admin.token,
  });
  if (created.status !== 201 && created.status !== 409)
    throw new Error(`creating the test operator answered ${created.status}`);
  const operator = await login(baseUrl, TEST_OPERATOR.username, TEST_OPERATOR.password);
  const users = { operator, admin };
  defaultUsers.set(baseUrl, users);
  return {
    app,
    database,
    baseUrl,
    config,
    runtime,
    users,
    async close() {
      defaultUsers.delete(baseUrl);
      await app.close();
      if (shared) await appDatabase.close().catch(() => undefined);
      else await database.close().catch(() => undefined);
      if (blobDirectory) await rm(blobDirectory, { recursive: true, force: true });
    },
  };
}

export interface JsonResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** Logs in over HTTP and returns the user with its access token (throws unless 200). */
export async function login(baseUrl: string, username: string, password: string): Promise<TestUser> {
  const response = await http(baseUrl, 'POST', '/api/v1/auth/login', {
    body: { username, password },
    auth: false,
  });
  if (response.status !== 200)
    throw new Error(`login of ${username} answered ${response.status}: ${JSON.stringify(response.body)}`);
  return { id: response.body.user.id, username, token: response.body.accessToken };
}

/**
 * The token `http()` sends when the caller names none: the administrator's for registry, account
 * and projection commands (only administrators may run them), the centre operator's otherwise.
 */
export function defaultToken(baseUrl: string, method: string, path: string): string | undefined {
  const users = defaultUsers.get(baseUrl);
  if (!users) return undefined;
  const adminOnly =
    method.toUpperCase() !== 'GET' &&
    /^\/api\/v1\/(jurisdictions|auth\/accounts|projections)(\/|\?|$)/.test(path);
  return (adminOnly ? users.admin : users.operator).token;
}

/** `Authorization` header with the default token, for specs that call fetch themselves. */
export function authHeader(baseUrl: string, method = 'GET', path = '/api/v1'): Record<string, string> {
  const token = defaultToken(baseUrl, method, path);
  return token ? { authorization: `Bearer ${token}` } : {};
}

/**
 * A small fetch wrapper for JSON APIs: sends JSON, parses any JSON answer. Sends the app's
 * default token (see defaultToken) unless the caller passes its own `Authorization` header, a
 * token in `auth`, or `auth: false` for no token at all.
 */
export async function http<T = any>(
  baseUrl: string,
  method: string,
  path: string,
  options: { body?: unknown; rawBody?: string; headers?: Record<string, string>; auth?: false | string } = {},
): Promise<JsonResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  const hasAuthorization = Object.keys(headers).some((name) => name.toLowerCase() === 'authorization');
  if (!hasAuthorization && options.auth !== false) {
    const token = options.auth ?? defaultToken(baseUrl, method, path);
    if (token) headers.authorization = `Bearer ${token}`;
  }
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

/**
 * A token for roles and a scope a spec needs without a registry login: a local account with exactly
 * these roles and scope is put into the accounts table (the AuthGuard reads the account on every
 * request, so a token alone grants nothing), and a token is signed for it as the login route signs
 * them. Returns the `Authorization` header. `accountId` names a registry account (e.g. a staff account
 * holding an approving post) when the spec needs the registry to know the caller.
 */
export async function accountAuth(
  t: Pick<TestApp, 'app'>,
  roles: readonly string[],
  scope: Record<string, unknown> | null,
  accountId: string = randomUUID(),
): Promise<{ authorization: string }> {
  await t.app.get(AccountsRepository).insertLocal({
    accountId,
    username: `spec-${accountId}`,
    passwordHash: '!',
    roles: roles as Role[],
    scope: scope as Scope | null,
  });
  const token = await t.app
    .get(JwtService)
    .signAsync({ sub: accountId, roles, scope, typ: 'access', ver: 0 });
  return { authorization: `Bearer ${token}` };
}
