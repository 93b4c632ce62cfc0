import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { PostgresEventStore } from '#event-store';
import { openDatabase, runMigrations, type Database } from '#platform';
import { allProjections, ProjectionEngine, projectionStatuses } from '#projections';
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
  startWorker,
  stopApi,
  writeFigures,
  type ApiChild,
} from './reliability-support.js';
import { startThrowawayPostgres, type ThrowawayPostgres } from './throwaway-postgres.js';

/**
 * The whole PostgreSQL server goes away under load: the suite's own throwaway cluster (never the
 * shared server on 5432) is crashed (`pg_ctl stop -m immediate`, down ~1.5 s, then started: WAL
 * replay) and restarted (`pg_ctl restart -m fast`) in turns, RESTARTS times, while 12 clients send
 * case commands to the API child and the worker child follows the log. Asserted:
 * - fail fast: every request answers before the client's 8 s timeout, with a 2xx or problem+json;
 *   requests during the outages get 503; no other 5xx; neither process exits;
 * - recovery by itself: the same API process accepts a new report after the last restart;
 * - no acknowledged write lost, duplicated or half-written (the log audit of api-sigkill);
 * - projections resume from their checkpoints: the worker catches up to the head of the log, each
 *   projection's applied-event counter equals its handled events in the log (nothing applied twice
 *   or skipped), and every read model equals a from-scratch rebuild;
 * - the escalation process manager resumes from its checkpoint: its timers equal those a fresh run
 *   from an empty checkpoint derives from the same log;
 * - SIGTERM still stops both processes with exit code 0.
 */
const RESTARTS = Number(process.env.RELIABILITY_PG_RESTARTS ?? 6);
const REQUEST_TIMEOUT_MS = 8_000;
const CLIENTS = 12;
const DATABASE = 'gridcase_reliability';

/** The timer columns a re-derivation must reproduce (not the wall-clock bookkeeping ones). */
const TIMER_COLUMNS =
  'timer_id, case_id, kind, due_at, deadline_due_at, case_revision::text, level, state, command_id, caused_by_event_id, correlation_id, attempts, outcome, last_error';

describe('PostgreSQL server crashed and restarted under load (a throwaway cluster of the suite)', () => {
  let cluster: ThrowawayPostgres | undefined;
  let db: Database;
  let api: ApiChild | undefined;
  const workers: ApiChild[] = [];

  beforeAll(async () => {
    ensureBuilt();
    cluster = await startThrowawayPostgres();
    const admin = new pg.Client({ connectionString: cluster.urlFor('postgres') });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${DATABASE}`);
    await admin.end();
    db = await openDatabase({ url: cluster.urlFor(DATABASE), poolSize: 3 });
    await runMigrations(db.pool, allMigrations);
  }, 300_000);

  afterAll(async () => {
    await stopApi(api);
    for (const worker of workers) await stopApi(worker);
    await db?.close();
    cluster?.destroy();
  });

  /** Retries a read the test makes itself while its own pool may still hold a dead connection. */
  async function query<R extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<R[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return (await db.pool.query<R>(sql, params)).rows;
      } catch (error) {
        if (attempt >= 3) throw error;
      }
    }
  }

  const lastCasePosition = async () =>
    BigInt(
      (
        await query<{ p: string | null }>(
          `SELECT max(global_position)::text AS p FROM es_events WHERE stream_name LIKE 'case-%'`,
        )
      )[0]!.p ?? '-1',
    );
  const escalationCheckpoint = async () =>
    BigInt(
      (
        await query<{ p: string | null }>(
          `SELECT position::text AS p FROM projection_checkpoints WHERE name = 'escalation'`,
        )
      )[0]!.p ?? '-1',
    );
  const timers = async () =>
    (await query(`SELECT ${TIMER_COLUMNS} FROM escalation_timers ORDER BY timer_id`)).map((row) =>
      JSON.stringify(row),
    );

  async function waitForWorkerToCatchUp(worker: ApiChild, store: PostgresEventStore): Promise<number> {
    const started = Date.now();
    for (;;) {
      // The test's own pool may hand out a connection the restart killed: that read is retried.
      const statuses = await projectionStatuses({ eventStore: store, pool: db.pool }, allProjections).catch(
        () => projectionStatuses({ eventStore: store, pool: db.pool }, allProjections),
      );
      const target = await lastCasePosition();
      if (
        statuses.every((s) => s.lagEvents === 0 && s.state === 'running') &&
        (await escalationCheckpoint()) >= target
      )
        return Date.now() - started;
      if (worker.child.exitCode !== null || worker.child.signalCode !== null)
        throw new Error(`the worker exited: ${worker.output.slice(-800)}`);
      if (Date.now() - started > 120_000) {
        throw new Error(
          `the worker did not catch up: ${JSON.stringify(statuses.map((s) => [s.name, s.state, s.lagEvents, s.lastError]))}, escalation at ${await escalationCheckpoint()} of ${target}; ${worker.output.slice(-800)}`,
        );
      }
      await sleep(200);
    }
  }

  async function snapshotReadModels(): Promise<Record<string, string[]>> {
    const result: Record<string, string[]> = {};
    for (const projection of allProjections) {
      for (const table of projection.tables)
        result[table] = (await query(`SELECT * FROM ${table}`)).map((row) => JSON.stringify(row)).sort();
    }
    return result;
  }

  it(`answers fast through ${RESTARTS} server crashes and restarts, recovers by itself, loses nothing, and the worker resumes from its checkpoints`, async () => {
    const url = cluster!.urlFor(DATABASE);
    const port = await freePort();
    api = startApi(url, port, { DATABASE_POOL_SIZE: '6' });
    const worker = startWorker(url);
    workers.push(worker);
    await Promise.all([api.ready, worker.ready]);
    const { operator } = await setUpLogins(api.baseUrl);
    const baseUrl = api.baseUrl;

    // What the clients were answered while the server was down or restarting.
    let outage = false;
    const duringOutage = { answers: 0, byStatus: {} as Record<string, number>, slowestMs: 0 };
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
        // A command may wait out a claim its crashed attempt left (10 s) after several outages.
        commandDeadlineMs: 60_000,
        observe: ({ status, ms }) => {
          if (!outage) return;
          duringOutage.answers++;
          duringOutage.byStatus[status] = (duringOutage.byStatus[status] ?? 0) + 1;
          duringOutage.slowestMs = Math.max(duringOutage.slowestMs, ms);
        },
      },
      stats,
    );

    const faults: Array<{ kind: string; acknowledgedBefore: number; outageMs: number }> = [];
    for (let fault = 0; fault < RESTARTS; fault++) {
      // Up long enough between faults for the clients whose request died in the last one to get through.
      await sleep(3_000 + Math.floor(Math.random() * 2_000));
      const acknowledgedBefore = stats.acknowledged.length;
      const kind = fault % 2 === 0 ? 'crash (stop -m immediate, start)' : 'restart -m fast';
      const started = Date.now();
      outage = true;
      try {
        if (fault % 2 === 0) {
          await cluster!.stop('immediate');
          await sleep(1_500);
          await cluster!.start();
        } else {
          await cluster!.restart();
        }
      } finally {
        outage = false;
      }
      faults.push({ kind, acknowledgedBefore, outageMs: Date.now() - started });
    }

    // Recovery without restarting the API: a fresh report succeeds.
    const recoveryStarted = Date.now();
    let recoveredAfterMs: number | undefined;
    while (recoveredAfterMs === undefined && Date.now() - recoveryStarted < 30_000) {
      const reply = await request(baseUrl, 'POST', '/api/v1/cases', {
        token: operator.token,
        body: disputeReport(randomUUID),
        timeoutMs: REQUEST_TIMEOUT_MS,
      }).catch(() => undefined);
      if (reply?.status === 201) recoveredAfterMs = Date.now() - recoveryStarted;
      else await sleep(200);
    }
    const acknowledgedAtLastFault = stats.acknowledged.length;
    await sleep(2_000);
    stopped = true;
    await load;
    const apiAlive = api.child.exitCode === null && api.child.signalCode === null;
    const workerAlive = worker.child.exitCode === null && worker.child.signalCode === null;
    api.child.kill('SIGTERM');
    const apiExit = await api.exited;

    // The worker, never restarted, catches up from where each checkpoint stood.
    const store = new PostgresEventStore(db.pool);
    const catchUpMs = await waitForWorkerToCatchUp(worker, store);
    const head = await store.headPosition();
    worker.child.kill('SIGTERM');
    const workerExit = await worker.exited;

    const audit = await auditLog(db.pool, stats.acknowledged).catch(() =>
      auditLog(db.pool, stats.acknowledged),
    );

    // Nothing applied twice or skipped: each applied-event counter equals the handled events in the log.
    const counters = await query<{ name: string; events_processed: string }>(
      'SELECT name, events_processed::text AS events_processed FROM projection_checkpoints',
    );
    const countedTwiceOrSkipped: string[] = [];
    for (const projection of allProjections) {
      const [row] = await query<{ n: string }>(
        'SELECT count(*)::text AS n FROM es_events WHERE type = ANY($1::text[]) AND global_position <= $2',
        [[...projection.eventTypes], head.toString()],
      );
      const processed = counters.find((counter) => counter.name === projection.name)?.events_processed;
      if (processed !== row!.n)
        countedTwiceOrSkipped.push(`${projection.name}: applied ${processed}, handled in the log ${row!.n}`);
    }

    // Read models equal a from-scratch rebuild.
    const live = await snapshotReadModels();
    const engine = new ProjectionEngine(
      allProjections,
      { eventStore: store, pool: db.pool },
      { batchSize: 500 },
    );
    for (const projection of allProjections) await engine.rebuild(projection.name);
    const rebuilt = await snapshotReadModels();

    // Escalation timers equal a fresh derivation from an empty checkpoint by a new worker.
    const timersLive = await timers();
    await query("UPDATE projection_checkpoints SET position = 0 WHERE name = 'escalation'");
    await query('DELETE FROM escalation_timers');
    const fresh = startWorker(url);
    workers.push(fresh);
    await fresh.ready;
    await waitForWorkerToCatchUp(fresh, store);
    fresh.child.kill('SIGTERM');
    await fresh.exited;
    const timersFresh = await timers();

    const figures = {
      spec: 'postgres-restart',
      faults: faults.length,
      acknowledged: audit.acknowledged,
      lost: audit.lost,
      duplicates: audit.duplicates,
      fuzz: 0,
      serverErrors: stats.serverErrors.length,
      faultLog: faults,
      halfWritten: audit.halfWritten,
      gaps: audit.gaps,
      requestsSent: stats.sent,
      byStatus: stats.byStatus,
      byProblem: stats.byProblem,
      duringOutage,
      timeouts: stats.timeouts,
      networkErrors: stats.networkErrors,
      abandoned: stats.abandoned,
      slowestAnswerMs: stats.slowestAnswerMs,
      recoveredAfterMs,
      acknowledgedAfterLastFault: stats.acknowledged.length - acknowledgedAtLastFault,
      workerCatchUpMs: catchUpMs,
      logHead: head.toString(),
      readModelRows: Object.values(live).reduce((n, rows) => n + rows.length, 0),
      escalationTimers: timersLive.length,
      apiExit,
      workerExit,
      problems: [
        ...audit.problems,
        ...stats.serverErrors,
        ...stats.notProblem,
        ...stats.refused,
        ...countedTwiceOrSkipped,
      ].slice(0, 30),
    };
    writeFigures(figures);
    console.log(`postgres-restart: ${JSON.stringify(figures)}`);

    expect(faults.length).toBe(RESTARTS);
    // Fail fast: the outages were seen and answered with 503 problem+json, nothing hung or 500ed.
    expect(duringOutage.byStatus['503'] ?? 0).toBeGreaterThan(0);
    expect(stats.timeouts).toBe(0);
    expect(stats.networkErrors).toBe(0);
    expect(stats.serverErrors).toEqual([]);
    expect(stats.notProblem).toEqual([]);
    expect(stats.abandoned).toBe(0);
    // Recovery by itself: neither process went down, the API served again.
    expect({ apiAlive, workerAlive }).toEqual({ apiAlive: true, workerAlive: true });
    expect(recoveredAfterMs).toBeDefined();
    expect(stats.acknowledged.length).toBeGreaterThan(acknowledgedAtLastFault);
    // No acknowledged write lost, duplicated or half-written.
    expect(audit.problems).toEqual([]);
    // Writes were acknowledged between every two faults: the API recovered after each one.
    const acknowledgedBetweenFaults = faults
      .slice(1)
      .map((fault, index) => fault.acknowledgedBefore - faults[index]!.acknowledgedBefore);
    expect(acknowledgedBetweenFaults.filter((count) => count === 0)).toEqual([]);
    // Projections and the escalation process manager resumed from their checkpoints.
    expect(countedTwiceOrSkipped).toEqual([]);
    expect(live.case_list!.length).toBeGreaterThan(0);
    expect(rebuilt).toEqual(live);
    expect(timersLive.length).toBeGreaterThan(0);
    expect(timersFresh).toEqual(timersLive);
    // SIGTERM still drains both.
    expect(apiExit).toEqual({ code: 0, signal: null });
    expect(workerExit).toEqual({ code: 0, signal: null });
  }, 600_000);
});
