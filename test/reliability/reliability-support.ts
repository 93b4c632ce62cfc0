import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { v5 as uuidv5 } from 'uuid';
import { ROOT, ensureBuilt as ensureDistBuilt } from '../support/build-dist.js';

/**
 * Shared by the reliability specs: they run the built API (dist/apps/api/src/main.js) as a child
 * process against a fresh PostgreSQL database, inject faults, and check the event log afterwards.
 */
export const API_MAIN = join(ROOT, 'dist', 'apps', 'api', 'src', 'main.js');
export const WORKER_MAIN = join(ROOT, 'dist', 'apps', 'worker', 'src', 'main.js');
export { ROOT };

/** Builds dist when the API or worker entry point is missing or older than the sources. */
export function ensureBuilt(): void {
  ensureDistBuilt(API_MAIN);
  ensureDistBuilt(WORKER_MAIN);
}
export const REPORT_DIR = join(ROOT, 'reports', 'reliability');

export const API_ENV = {
  JWT_SECRET: 'reliability-only-secret-0123456789abcdefghijklmnop',
  ADMIN_PASSWORD: 'reliability-admin-password',
  BCRYPT_COST: '4',
  JWT_EXPIRES_IN_SECONDS: '3600',
  RUN_WORKER: 'false',
  SEED_DEMO: 'false',
  LOG_LEVEL: 'silent',
} as const;
export const OPERATOR = {
  username: 'reliability-operator',
  password: 'reliability-operator-password',
} as const;

/**
 * How the API derives a command id from an Idempotency-Key (apps/api/src/cases/idempotent-request.ts,
 * not exported). Checked at run time: a created case's id must equal the id derived from its key.
 */
const COMMAND_ID_NAMESPACE = 'a3c4b0f2-1f0e-4d5b-9a57-5be1f1c7e0d4';
export function commandIdFor(actor: string, key: string): string {
  return uuidv5(`${actor}\n${key}`, COMMAND_ID_NAMESPACE);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface ApiChild {
  readonly child: ChildProcess;
  readonly baseUrl: string;
  output: string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves when the API printed its start banner (it listens then); rejects on early exit or timeout. */
  readonly ready: Promise<number>;
}

/**
 * Starts the built API on `port` against `databaseUrl` (undefined: the embedded database, e.g. with
 * DATA_DIR in `env`); `ready` resolves with the start time in ms.
 */
export function startApi(
  databaseUrl: string | undefined,
  port: number,
  env: Record<string, string> = {},
  readyTimeoutMs = 90_000,
): ApiChild {
  const started = Date.now();
  const child = spawn(process.execPath, [API_MAIN], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
      PORT: String(port),
      ...API_ENV,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const api: ApiChild = {
    child,
    baseUrl: `http://127.0.0.1:${port}`,
    output: '',
    exited,
    ready: new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`API not ready within ${readyTimeoutMs} ms: ${api.output.slice(-800)}`)),
        readyTimeoutMs,
      );
      const onData = (chunk: Buffer) => {
        api.output = (api.output + chunk.toString('utf8')).slice(-20_000);
        if (api.output.includes('gridcase is running')) {
          clearTimeout(timer);
          resolve(Date.now() - started);
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      void exited.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(
          new Error(`API exited before ready (code ${code}, signal ${signal}): ${api.output.slice(-800)}`),
        );
      });
    }),
  };
  api.ready.catch(() => undefined);
  return api;
}

/** Starts the built worker (projectors, escalation, admission listing) against `databaseUrl`; `ready` resolves once it runs. */
export function startWorker(
  databaseUrl: string,
  env: Record<string, string> = {},
  readyTimeoutMs = 90_000,
): ApiChild {
  const started = Date.now();
  const child = spawn(process.execPath, [WORKER_MAIN], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: 'silent',
      DATABASE_POOL_SIZE: '4',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const worker: ApiChild = {
    child,
    baseUrl: '',
    output: '',
    exited,
    ready: new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(new Error(`worker not running within ${readyTimeoutMs} ms: ${worker.output.slice(-800)}`)),
        readyTimeoutMs,
      );
      const onData = (chunk: Buffer) => {
        worker.output = (worker.output + chunk.toString('utf8')).slice(-20_000);
        if (worker.output.includes('gridcase worker running')) {
          clearTimeout(timer);
          resolve(Date.now() - started);
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      void exited.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(
          new Error(
            `worker exited before running (code ${code}, signal ${signal}): ${worker.output.slice(-800)}`,
          ),
        );
      });
    }),
  };
  worker.ready.catch(() => undefined);
  return worker;
}

export async function stopApi(api: ApiChild | undefined, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (!api || api.child.exitCode !== null || api.child.signalCode !== null) return;
  api.child.kill(signal);
  await api.exited;
}

export interface Reply {
  status: number;
  contentType: string;
  body: any;
  ms: number;
}

/** One HTTP request with a hard timeout; network errors reject (the caller decides whether to retry). */
export async function request(
  baseUrl: string,
  method: string,
  path: string,
  options: {
    token?: string;
    body?: unknown;
    rawBody?: string;
    headers?: Record<string, string>;
    timeoutMs?: number;
  } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined = options.rawBody;
  if (body === undefined && options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers['content-type'] ??= 'application/json';
  const started = Date.now();
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    body,
    signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: kept as text
  }
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    body: parsed,
    ms: Date.now() - started,
  };
}

export async function loginAs(
  baseUrl: string,
  username: string,
  password: string,
): Promise<{ token: string; id: string }> {
  const reply = await request(baseUrl, 'POST', '/api/v1/auth/login', { body: { username, password } });
  if (reply.status !== 200)
    throw new Error(`login of ${username} answered ${reply.status}: ${JSON.stringify(reply.body)}`);
  return { token: reply.body.accessToken, id: reply.body.user.id };
}

/** The administrator creates the centre operator the load runs as; returns both logins. */
export async function setUpLogins(
  baseUrl: string,
): Promise<{ admin: { token: string; id: string }; operator: { token: string; id: string } }> {
  const admin = await loginAs(baseUrl, 'admin', API_ENV.ADMIN_PASSWORD);
  const created = await request(baseUrl, 'POST', '/api/v1/auth/accounts', {
    token: admin.token,
    body: { ...OPERATOR, role: 'centre_operator' },
  });
  if (created.status !== 201 && created.status !== 409)
    throw new Error(`creating the operator answered ${created.status}: ${JSON.stringify(created.body)}`);
  return { admin, operator: await loginAs(baseUrl, OPERATOR.username, OPERATOR.password) };
}

export function isProblem(reply: Reply): boolean {
  const body = reply.body as Record<string, unknown> | undefined;
  return (
    reply.contentType.includes('application/problem+json') &&
    typeof body === 'object' &&
    body !== null &&
    body.status === reply.status &&
    typeof body.code === 'string' &&
    typeof body.title === 'string'
  );
}

/** A valid dispute report (as test/cases/case-api.ts builds one). */
export function disputeReport(random: () => string): Record<string, unknown> {
  return {
    type: 'dispute',
    source: 'grid_patrol',
    title: 'Water leaking from the flat above',
    description: 'Room 302 says 402 has leaked into its ceiling for a week; the neighbours are quarrelling.',
    category: 'neighbour',
    urgency: 'general',
    location: { gridId: random(), buildingId: random(), address: 'Building 7, Lane 88' },
    reporter: { name: 'Wang Fang', phone: '13800138000' },
    dispute: {
      parties: [
        { name: 'Wang Fang', phone: '13800138000', role: 'applicant' },
        { name: 'Li Qiang', phone: '13900139000', role: 'respondent' },
      ],
    },
  };
}

/** A command the API answered with 2xx: what the client was told. */
export interface Acknowledged {
  key: string;
  commandId: string;
  caseId: string;
  action: string;
  revision: number;
  /** Event types the answer named (command actions); empty for a report, whose answer names none. */
  events: string[];
}

export interface LogAudit {
  acknowledged: number;
  lost: number;
  duplicates: number;
  halfWritten: number;
  gaps: number;
  problems: string[];
}

/**
 * Checks the event log against what clients were told:
 * - lost: an acknowledged command whose events are not at the revisions it was told, with its command id;
 * - duplicates: a command id stored in two streams, or in one stream as two separate runs of revisions,
 *   or more events of an acknowledged command than it was told;
 * - half-written: a command's events not contiguous (some of them missing);
 * - gaps: a stream whose revisions are not exactly 0..n-1.
 */
export async function auditLog(
  pool: { query<R>(sql: string, params?: unknown[]): Promise<{ rows: R[] }> },
  acknowledged: Acknowledged[],
): Promise<LogAudit> {
  const { rows } = await pool.query<{
    stream_name: string;
    revision: string;
    type: string;
    command_id: string | null;
  }>(
    `SELECT stream_name, revision::text AS revision, type, metadata->>'commandId' AS command_id FROM es_events WHERE stream_name LIKE 'case-%' ORDER BY stream_name, revision`,
  );
  const problems: string[] = [];
  const streams = new Map<string, Array<{ revision: number; type: string; commandId: string | null }>>();
  for (const row of rows) {
    const events = streams.get(row.stream_name) ?? [];
    events.push({ revision: Number(row.revision), type: row.type, commandId: row.command_id });
    streams.set(row.stream_name, events);
  }
  let gaps = 0;
  let duplicates = 0;
  let halfWritten = 0;
  const commandStream = new Map<string, string>();
  for (const [stream, events] of streams) {
    if (events.some((event, index) => event.revision !== index)) {
      gaps++;
      problems.push(`${stream}: revisions ${events.map((e) => e.revision).join(',')} are not gapless from 0`);
    }
    const seenRuns = new Set<string>();
    let previous: string | null | undefined;
    for (const event of events) {
      if (event.commandId === null) {
        halfWritten++;
        problems.push(`${stream}@${event.revision}: no metadata.commandId`);
        continue;
      }
      if (event.commandId !== previous) {
        if (seenRuns.has(event.commandId)) {
          duplicates++;
          problems.push(`${stream}: command ${event.commandId} stored in two separate runs`);
        }
        seenRuns.add(event.commandId);
        const elsewhere = commandStream.get(event.commandId);
        if (elsewhere && elsewhere !== stream) {
          duplicates++;
          problems.push(`command ${event.commandId} in ${elsewhere} and ${stream}`);
        }
        commandStream.set(event.commandId, stream);
      }
      previous = event.commandId;
    }
  }
  let lost = 0;
  for (const ack of acknowledged) {
    const events = streams.get(`case-${ack.caseId}`) ?? [];
    const mine = events.filter((event) => event.commandId === ack.commandId);
    const told = ack.events.length > 0 ? ack.events : mine.map((event) => event.type);
    const expected = told.map((type, index) => ({ revision: ack.revision - told.length + 1 + index, type }));
    const stored = mine.map((event) => ({ revision: event.revision, type: event.type }));
    if (mine.length === 0) {
      lost++;
      problems.push(
        `lost: ${ack.action} ${ack.key} on ${ack.caseId} (told revision ${ack.revision}, ${ack.events.join('+')})`,
      );
    } else if (ack.events.length > 0 && mine.length > ack.events.length) {
      duplicates++;
      problems.push(
        `duplicate: ${ack.action} ${ack.key} stored ${mine.length} events, told ${ack.events.length}`,
      );
    } else if (JSON.stringify(stored) !== JSON.stringify(expected)) {
      halfWritten++;
      problems.push(
        `mismatch: ${ack.action} ${ack.key} stored ${JSON.stringify(stored)}, told ${JSON.stringify(expected)}`,
      );
    }
  }
  return { acknowledged: acknowledged.length, lost, duplicates, halfWritten, gaps, problems };
}

export interface SpecFigures {
  spec: string;
  faults: number;
  acknowledged: number;
  lost: number;
  duplicates: number;
  fuzz: number;
  serverErrors: number;
  [detail: string]: unknown;
}

/** Per-spec figures, summed by test/reliability/print-summary.mjs after the jest run. */
export function writeFigures(figures: SpecFigures): void {
  mkdirSync(REPORT_DIR, { recursive: true });
  writeFileSync(
    join(REPORT_DIR, `${figures.spec}.json`),
    `${JSON.stringify({ ...figures, finishedAt: new Date().toISOString() }, null, 2)}\n`,
  );
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
