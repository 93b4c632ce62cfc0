import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { loadConfig, type Database } from '#platform';
import { createApp } from '../apps/api/src/create-app.js';

export interface BenchApp {
  app: INestApplication;
  baseUrl: string;
  /** Bearer token of a district-wide centre operator (may run every case command). */
  token: string;
  close(): Promise<void>;
}

const OPERATOR = { username: 'bench-operator', password: `bench-${randomBytes(12).toString('hex')}` };

/**
 * The real application (createApp: helmet, validation, auth guard, problem+json, metrics) on the
 * bench database, listening on loopback. Logs in as the administrator, creates a centre operator
 * and logs in as it: every command the bench sends carries that Bearer token.
 */
export async function startBenchApp(database: Database, databaseUrl: string | undefined): Promise<BenchApp> {
  const adminPassword = `admin-${randomBytes(12).toString('hex')}`;
  const config = loadConfig(
    {
      // Request logs off (warn): the bench measures the command path, not log shipping.
      LOG_LEVEL: 'warn',
      PORT: '0',
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { EMBEDDED_IN_MEMORY: 'true' }),
      RUN_WORKER: 'false',
      SEED_DEMO: 'false',
      JWT_SECRET: randomBytes(32).toString('base64url'),
      ADMIN_PASSWORD: adminPassword,
      // Logins are not what is measured; cheap hashing keeps set-up short.
      BCRYPT_COST: '4',
      JWT_EXPIRES_IN_SECONDS: '7200',
    },
    [],
  );
  const { app } = await createApp(config, { database });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  const baseUrl = `http://127.0.0.1:${port}`;
  const adminToken = await login(baseUrl, config.auth.adminUsername, adminPassword);
  const created = await post(
    baseUrl,
    '/api/v1/auth/accounts',
    { ...OPERATOR, role: 'centre_operator' },
    adminToken,
  );
  if (created.status !== 201 && created.status !== 409)
    throw new Error(`creating the bench operator answered ${created.status}: ${created.text}`);
  const token = await login(baseUrl, OPERATOR.username, OPERATOR.password);
  return { app, baseUrl, token, close: () => app.close() };
}

async function login(baseUrl: string, username: string, password: string): Promise<string> {
  const response = await post(baseUrl, '/api/v1/auth/login', { username, password });
  if (response.status !== 200)
    throw new Error(`login of ${username} answered ${response.status}: ${response.text}`);
  return (JSON.parse(response.text) as { accessToken: string }).accessToken;
}

export async function post(
  baseUrl: string,
  path: string,
  body: unknown,
  token?: string,
): Promise<{ status: number; text: string }> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, text: await response.text() };
}
