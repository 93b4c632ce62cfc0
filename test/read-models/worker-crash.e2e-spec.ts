import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PostgresEventStore } from '#event-store';
import { createTestDatabase, type TestDatabase } from '#platform/testing';
import { allProjections, ProjectionEngine, projectionStatuses } from '#projections';
import { appendInterleaved, generateCaseHistory, seededRandom, waitUntilVisible } from '#projections/testing';
import { allMigrations, FAULT_PAUSE_MARKER } from '#runtime';
import { ROOT, ensureBuilt } from '../support/build-dist.js';

/**
 * The real worker process (dist/apps/worker/src/main.js) is SIGKILLed again and again while a batch
 * transaction is open (the runner's fault-injection pause, GRIDCASE_FAULT_PAUSE_IN_BATCH_MS, holds
 * each batch after its rows are written and before the checkpoint moves), and restarted each time.
 * At the end every read model equals a from-scratch rebuild and each handled event was counted once.
 */
const WORKER = join(ROOT, 'dist', 'apps', 'worker', 'src', 'main.js');
const KILLS = 8;

interface Worker {
  readonly child: ChildProcess;
  /** Open batches announced by the fault injection, in order. */
  readonly pauses: Array<{ projection: string; from: string; to: string; events: number }>;
  stderr: string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  waitForPauses(count: number, timeoutMs?: number): Promise<void>;
}

function startWorker(databaseUrl: string, pauseMs: number): Worker {
  const child = spawn(process.execPath, [WORKER], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      DATABASE_URL: databaseUrl,
      JWT_SECRET: 'worker-crash-test-secret-0123456789abcdefghij',
      ADMIN_PASSWORD: 'worker-crash-admin-password',
      ESCALATION_ENABLED: 'false',
      LOG_LEVEL: 'silent',
      ...(pauseMs > 0 ? { GRIDCASE_FAULT_PAUSE_IN_BATCH_MS: String(pauseMs) } : {}),
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const waiters = new Set<() => boolean>();
  const worker: Worker = {
    child,
    pauses: [],
    stderr: '',
    exited: new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal }))),
    waitForPauses(count, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new Error(
                `no ${count} open batches within ${timeoutMs} ms; stderr: ${worker.stderr.slice(-800)}`,
              ),
            ),
          timeoutMs,
        );
        const check = () => {
          if (worker.pauses.length >= count) {
            clearTimeout(timer);
            resolve();
            return true;
          }
          return false;
        };
        if (!check()) waiters.add(check);
        void worker.exited.then(() => {
          clearTimeout(timer);
          if (worker.pauses.length < count)
            reject(new Error(`worker exited early; stderr: ${worker.stderr.slice(-800)}`));
        });
      });
    },
  };
  let buffer = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    worker.stderr += chunk;
    buffer += chunk;
    const lines = buffer.split('\n');
    buffer = lines.pop()!;
    for (const line of lines) {
      if (line.startsWith(FAULT_PAUSE_MARKER))
        worker.pauses.push(JSON.parse(line.slice(FAULT_PAUSE_MARKER.length)));
    }
    for (const check of [...waiters]) if (check()) waiters.delete(check);
  });
  return worker;
}

async function snapshot(db: TestDatabase): Promise<Record<string, string[]>> {
  const result: Record<string, string[]> = {};
  for (const projection of allProjections) {
    for (const table of projection.tables) {
      result[table] = (await db.pool.query(`SELECT * FROM ${table}`)).rows
        .map((row) => JSON.stringify(row))
        .sort();
    }
  }
  return result;
}

async function checkpoints(db: TestDatabase): Promise<Map<string, { position: bigint; processed: number }>> {
  const { rows } = await db.pool.query<{ name: string; position: string; events_processed: string }>(
    'SELECT name, position::text AS position, events_processed::text AS events_processed FROM projection_checkpoints',
  );
  return new Map(
    rows.map((row) => [
      row.name,
      { position: BigInt(row.position), processed: Number(row.events_processed) },
    ]),
  );
}

describe('worker killed with SIGKILL mid-batch (real child process)', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let appended = 0;
  const running: Worker[] = [];

  beforeAll(async () => {
    ensureBuilt(WORKER);
    db = await createTestDatabase('postgres', allMigrations);
    store = new PostgresEventStore(db.pool);
    // A backlog of case events decided by the real caseDecider, interleaved across cases.
    const random = seededRandom(2026);
    const histories = Array.from({ length: 450 }, (_, i) =>
      generateCaseHistory(random, {
        gridId: `grid-${i % 6}`,
        start: new Date(Date.UTC(2026, 2, 1 + (i % 40), 1)),
        maxCommands: 14,
        detourRate: 0.2,
      }),
    );
    appended = await appendInterleaved(store, histories, random);
    await waitUntilVisible(store, db.pool);
  }, 300_000);

  afterAll(async () => {
    for (const worker of running)
      if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGKILL');
    await db?.close();
  });

  it('after repeated kills the read models equal a from-scratch rebuild, and no event is counted twice', async () => {
    expect(appended).toBeGreaterThan(3000);
    const kills: Array<{ projection: string; batchTo: bigint; checkpointAfter: bigint }> = [];
    for (let kill = 0; kill < KILLS; kill++) {
      const worker = startWorker(db.url!, 400);
      running.push(worker);
      // The six runners open their first batches together: let some batches commit between kills (so
      // the backlog shrinks), then kill while the last announced batch is open.
      await worker.waitForPauses(1 + (kill % 3) * 5);
      const open = worker.pauses.at(-1)!;
      worker.child.kill('SIGKILL');
      expect(await worker.exited).toMatchObject({ signal: 'SIGKILL' });
      // The open batch did not commit: its projection's checkpoint is still before the batch's end.
      const after = (await checkpoints(db)).get(open.projection)!;
      kills.push({ projection: open.projection, batchTo: BigInt(open.to), checkpointAfter: after.position });
    }
    for (const k of kills) expect(k.checkpointAfter).toBeLessThan(k.batchTo);

    // Last start without the pause: it must catch up from wherever each projection stopped.
    const last = startWorker(db.url!, 0);
    running.push(last);
    const head = await store.headPosition();
    const deadline = Date.now() + 120_000;
    for (;;) {
      const statuses = await projectionStatuses({ eventStore: store, pool: db.pool }, allProjections);
      if (statuses.every((s) => s.lagEvents === 0 && s.state === 'running')) break;
      if (Date.now() > deadline)
        throw new Error(
          `the worker did not catch up: ${JSON.stringify(statuses.map((s) => [s.name, s.state, s.lagEvents, s.lastError]))}; stderr: ${last.stderr.slice(-800)}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    last.child.kill('SIGTERM');
    expect(await last.exited).toMatchObject({ code: 0 });

    // Nothing counted twice: each projection's applied-event counter equals its handled events in the log.
    const counted = await checkpoints(db);
    for (const projection of allProjections) {
      const { rows } = await db.pool.query<{ n: string }>(
        'SELECT count(*)::text AS n FROM es_events WHERE type = ANY($1::text[]) AND global_position <= $2',
        [[...projection.eventTypes], head.toString()],
      );
      expect({ projection: projection.name, processed: counted.get(projection.name)!.processed }).toEqual({
        projection: projection.name,
        processed: Number(rows[0]!.n),
      });
    }

    // The tables equal a from-scratch rebuild of every projection.
    const live = await snapshot(db);
    expect(live.case_list!.length).toBe(450);
    const engine = new ProjectionEngine(
      allProjections,
      { eventStore: store, pool: db.pool },
      { batchSize: 500 },
    );
    for (const projection of allProjections) await engine.rebuild(projection.name);
    expect(await snapshot(db)).toEqual(live);
    console.log(
      `worker crash: ${appended} events appended, ${KILLS} SIGKILLs inside open batches (${kills.map((k) => `${k.projection}@${k.batchTo}`).join(', ')}), ` +
        `${running.reduce((n, w) => n + w.pauses.length, 0)} batches announced; tables equal a rebuild (${Object.values(live).reduce((n, rows) => n + rows.length, 0)} rows)`,
    );
  }, 300_000);
});
