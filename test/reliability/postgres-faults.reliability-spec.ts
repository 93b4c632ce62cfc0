import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { createTestDatabase, TEST_ADMIN_URL, type TestDatabase } from '#platform/testing';
import { allMigrations } from '#runtime';
import { newStats, runLoad } from './case-load.js';
import {
  auditLog,
  disputeReport,
  ensureBuilt,
  freePort,
  request,
  setUpLogins,
  sleep,
  startApi,
  stopApi,
  writeFigures,
  type ApiChild,
} from './reliability-support.js';

/**
 * The database connections go away under load: every backend of the test database (the API's pool)
 * is killed with pg_terminate_backend every ~300-700 ms, FAULTS times, so no other work on the shared
 * server is touched. (Whole-server crashes and restarts run against a cluster of the suite's own:
 * postgres-restart.reliability-spec.ts.) Every request must answer (2xx, or problem+json with 503 and
 * the like) within REQUEST_TIMEOUT_MS, the API must recover by itself, and no acknowledged write may be lost.
 */
const FAULTS = 30;
const REQUEST_TIMEOUT_MS = 8_000;
const CLIENTS = 12;

describe('database connections lost under load (pg_terminate_backend)', () => {
  let db: TestDatabase;
  let api: ApiChild | undefined;

  beforeAll(async () => {
    ensureBuilt();
    db = await createTestDatabase('postgres', allMigrations, { poolSize: 2 });
  }, 300_000);

  afterAll(async () => {
    await stopApi(api);
    await db?.close();
  });

  async function injectFault(databaseName: string): Promise<number> {
    const admin = new pg.Client({ connectionString: TEST_ADMIN_URL });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ killed: boolean }>(
        'SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [databaseName],
      );
      return rows.filter((row) => row.killed).length;
    } finally {
      await admin.end();
    }
  }

  it('answers fast (2xx or 503 problem+json), recovers by itself and loses no acknowledged write', async () => {
    const port = await freePort();
    // A small pool, so the killed connections are the ones the load uses.
    api = startApi(db.url!, port, { DATABASE_POOL_SIZE: '6' });
    await api.ready;
    const { operator } = await setUpLogins(api.baseUrl);
    const baseUrl = api.baseUrl;
    const databaseName = new URL(db.url!).pathname.slice(1);
    // The test's own pool must survive too: it is the one the audit reads through at the end.

    const stats = newStats();
    let stopped = false;
    const load = runLoad(
      {
        baseUrl: () => baseUrl,
        token: operator.token,
        actor: operator.id,
        clients: CLIENTS,
        stop: () => stopped,
        requestTimeoutMs: REQUEST_TIMEOUT_MS,
      },
      stats,
    );

    let backendsKilled = 0;
    for (let fault = 0; fault < FAULTS; fault++) {
      await sleep(300 + Math.floor(Math.random() * 400));
      backendsKilled += await injectFault(databaseName);
    }

    // Recovery without a restart: within 15 s a fresh report succeeds.
    const recoveryStarted = Date.now();
    let recoveredAfterMs: number | undefined;
    while (Date.now() - recoveryStarted < 15_000) {
      const reply = await request(baseUrl, 'POST', '/api/v1/cases', {
        token: operator.token,
        body: disputeReport(randomUUID),
        timeoutMs: REQUEST_TIMEOUT_MS,
      }).catch(() => undefined);
      if (reply?.status === 201) {
        recoveredAfterMs = Date.now() - recoveryStarted;
        break;
      }
      await sleep(200);
    }
    await sleep(1_000);
    stopped = true;
    await load;
    expect(api.child.exitCode).toBeNull();
    api.child.kill('SIGTERM');
    const exit = await api.exited;

    // The test's pool lost its connections too; pg replaces them on the next query.
    const audit = await auditLog(db.pool, stats.acknowledged).catch(() =>
      auditLog(db.pool, stats.acknowledged),
    );
    const figures = {
      spec: 'postgres-faults',
      faults: FAULTS,
      acknowledged: audit.acknowledged,
      lost: audit.lost,
      duplicates: audit.duplicates,
      fuzz: 0,
      serverErrors: stats.serverErrors.length,
      backendsKilled,
      halfWritten: audit.halfWritten,
      gaps: audit.gaps,
      requestsSent: stats.sent,
      byStatus: stats.byStatus,
      byProblem: stats.byProblem,
      timeouts: stats.timeouts,
      networkErrors: stats.networkErrors,
      slowestAnswerMs: stats.slowestAnswerMs,
      recoveredAfterMs,
      exitAfterSigterm: exit,
      problems: [...audit.problems, ...stats.serverErrors, ...stats.notProblem].slice(0, 30),
    };
    writeFigures(figures);
    console.log(`postgres-faults: ${JSON.stringify({ ...figures, problems: figures.problems })}`);

    expect(audit.problems).toEqual([]);
    expect(stats.serverErrors).toEqual([]);
    expect(stats.notProblem).toEqual([]);
    // No hang: every request answered before its timeout, and the process never went down.
    expect(stats.timeouts).toBe(0);
    expect(stats.networkErrors).toBe(0);
    expect(recoveredAfterMs).toBeDefined();
    expect(backendsKilled).toBeGreaterThan(0);
    expect(audit.acknowledged).toBeGreaterThan(50);
    expect(exit).toEqual({ code: 0, signal: null });
  }, 300_000);
});
