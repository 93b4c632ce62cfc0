import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PostgresEventStore } from '#event-store';
import { createTestDatabase, type TestDatabase } from '#platform/testing';
import { sampleCommands } from '#case-domain/testing';
import {
  CaseDriver,
  escalationSchema,
  fixtureChain,
  seedFixtureRegistry,
  TestClock,
  timersOf,
} from '#escalation/testing';

const ROOT = process.cwd();
const ENTRY = join(ROOT, 'dist/libs/escalation/src/escalation-worker.main.js');
/** Sources the compiled worker is built from: rebuild when any is newer than the entry script. */
const SOURCE_DIRS = [
  'escalation',
  'projections',
  'event-store',
  'command-pipeline',
  'case-domain',
  'registry-domain',
  'platform',
  'domain-kernel',
].map((lib) => join(ROOT, 'libs', lib, 'src'));

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts') && !/\.(int-|e2e-)?spec\.ts$/.test(entry.name))
      newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function ensureBuilt(): void {
  const sources = Math.max(...SOURCE_DIRS.filter(existsSync).map(newestSource));
  if (existsSync(ENTRY) && statSync(ENTRY).mtimeMs >= sources) return;
  const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) {
    // Someone else's unfinished change elsewhere in the repo must not block this spec: emit anyway
    // (type errors do not change the emitted JavaScript of these files).
    spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json', '--noEmitOnError', 'false'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
  }
  if (!existsSync(ENTRY))
    throw new Error(`build did not produce ${ENTRY}:\n${build.stdout}\n${build.stderr}`);
}

interface Worker {
  child: ChildProcess;
  lines: Array<Record<string, unknown>>;
  waitFor(event: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startWorker(env: Record<string, string>): Worker {
  const child = spawn(process.execPath, [ENTRY], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Array<Record<string, unknown>> = [];
  const waiters: Array<() => void> = [];
  let buffer = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    let newline: number;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      try {
        lines.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        lines.push({ event: 'text', line });
      }
      for (const wake of waiters.splice(0)) wake();
    }
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => {
      for (const wake of waiters.splice(0)) wake();
      resolve({ code, signal });
    }),
  );
  return {
    child,
    lines,
    exited,
    async waitFor(event, timeoutMs = 20_000) {
      const giveUpAt = Date.now() + timeoutMs;
      for (;;) {
        const found = lines.find((line) => line.event === event);
        if (found) return found;
        if (child.exitCode !== null || child.signalCode !== null)
          throw new Error(`worker exited before "${event}": ${stderr}`);
        if (Date.now() > giveUpAt)
          throw new Error(
            `no "${event}" from the worker in ${timeoutMs} ms: ${JSON.stringify(lines)} ${stderr}`,
          );
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 200);
        });
      }
    },
  };
}

/**
 * Paused between firing and recording: the firing loop has not settled the timer. It is still scheduled
 * under its claim, unless the same worker's follower already read the fired command's event from the
 * log and recorded it from there (the follower runs beside the paused firing loop).
 */
function notSettledByTheFiringLoop(
  timer: { state: string; outcome: string | null; attempts: number } | undefined,
): boolean {
  if (!timer || timer.attempts !== 1) return false;
  return timer.state === 'scheduled' || (timer.state === 'fired' && timer.outcome === 'recorded_from_log');
}

describe('escalation worker killed between firing and recording (real child processes)', () => {
  let db: TestDatabase;
  const running: ChildProcess[] = [];

  beforeAll(async () => {
    ensureBuilt();
    db = await createTestDatabase('postgres', escalationSchema);
  }, 120_000);
  afterAll(async () => {
    for (const child of running)
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await db?.close();
  });

  it('SIGKILLed after the escalation was appended but before the timer was marked fired, a restarted worker records it once and escalates nothing twice', async () => {
    const store = new PostgresEventStore(db.pool);
    await seedFixtureRegistry(store);
    const clock = new TestClock(new Date().toISOString());
    const driver = new CaseDriver(store, clock);
    const caseId = await driver.dispatchedDispute();
    await driver.send(caseId, (s, m) => s.AcceptDispatch(m), 'grid-worker');
    const state = await driver.state(caseId);
    const levelDue = Date.parse((state as { deadlines: { level: { dueAt: string } } }).deadlines.level.dueAt);
    const env = {
      DATABASE_URL: db.url!,
      ESCALATION_CLOCK_OFFSET_MS: String(levelDue - Date.now() + 3_600_000),
      ESCALATION_POLL_INTERVAL_MS: '50',
      ESCALATION_CLAIM_LEASE_MS: '1500',
    };

    const first = startWorker({ ...env, ESCALATION_PAUSE_AFTER_FIRE_MS: '60000' });
    running.push(first.child);
    await first.waitFor('paused');
    const escalatedBeforeKill = (await driver.events(caseId)).filter((e) => e.type === 'CaseEscalated');
    expect(escalatedBeforeKill).toHaveLength(1);
    expect(notSettledByTheFiringLoop((await timersOf(db.pool, caseId)).find((t) => t.kind === 'level'))).toBe(
      true,
    );
    first.child.kill('SIGKILL');
    expect(await first.exited).toMatchObject({ signal: 'SIGKILL' });

    const second = startWorker(env);
    running.push(second.child);
    await second.waitFor('started');
    const giveUpAt = Date.now() + 20_000;
    let level = (await timersOf(db.pool, caseId)).find((t) => t.kind === 'level');
    while (level?.state !== 'fired' && Date.now() < giveUpAt) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      level = (await timersOf(db.pool, caseId)).find((t) => t.kind === 'level');
    }
    second.child.kill('SIGTERM');
    await second.waitFor('stopped');
    expect(await second.exited).toMatchObject({ code: 0 });

    // Recorded from the log by the restarted worker's follower, or re-fired after the lease ran out
    // and answered from the stream: either way once, and as fired.
    expect(level).toMatchObject({
      state: 'fired',
      outcome: expect.stringMatching(/^(recorded_from_log|replayed)$/),
    });
    const events = await driver.events(caseId);
    expect(events.filter((e) => e.type === 'CaseEscalated')).toHaveLength(1);
    expect(
      events
        .filter((e) => e.type === 'CaseDispatched')
        .map((e) => (e.data as { unit: { unitId: string } }).unit.unitId),
    ).toEqual([fixtureChain.building, fixtureChain.community]);
  }, 60_000);

  it('the same for a statutory clock: SIGKILLed after supervising a passed petition handling limit, the restarted worker supervises it once', async () => {
    const petitionDb = await createTestDatabase('postgres', escalationSchema);
    try {
      const store = new PostgresEventStore(petitionDb.pool);
      const clock = new TestClock(new Date().toISOString());
      const driver = new CaseDriver(store, clock);
      const caseId = randomUUID();
      const petition = sampleCommands(caseId, 'petition');
      await driver.send(caseId, (_s, m) => petition.ReportCase(m), 'petition-office');
      await driver.send(caseId, (_s, m) => petition.RoutePetition(m), 'petition-office');
      await driver.send(caseId, (_s, m) => petition.NotifyPetitioner(m), 'housing-bureau');
      const state = await driver.state(caseId);
      const handlingDue = Date.parse(
        (state as { deadlines: { handling: { dueAt: string } } }).deadlines.handling.dueAt,
      );
      const env = {
        DATABASE_URL: petitionDb.url!,
        ESCALATION_CLOCK_OFFSET_MS: String(handlingDue - Date.now() + 3_600_000),
        ESCALATION_POLL_INTERVAL_MS: '50',
        ESCALATION_CLAIM_LEASE_MS: '1500',
      };
      const supervised = async () =>
        (await driver.events(caseId)).filter(
          (e) => e.type === 'DispatchSupervised' && (e.data as { deadline?: string }).deadline === 'handling',
        );

      const first = startWorker({ ...env, ESCALATION_PAUSE_AFTER_FIRE_MS: '60000' });
      running.push(first.child);
      await first.waitFor('paused');
      expect(await supervised()).toHaveLength(1);
      expect(
        notSettledByTheFiringLoop(
          (await timersOf(petitionDb.pool, caseId)).find((t) => t.kind === 'petition_handling'),
        ),
      ).toBe(true);
      first.child.kill('SIGKILL');
      expect(await first.exited).toMatchObject({ signal: 'SIGKILL' });

      const second = startWorker(env);
      running.push(second.child);
      await second.waitFor('started');
      const giveUpAt = Date.now() + 20_000;
      let handling = (await timersOf(petitionDb.pool, caseId)).find((t) => t.kind === 'petition_handling');
      while (handling?.state !== 'fired' && Date.now() < giveUpAt) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        handling = (await timersOf(petitionDb.pool, caseId)).find((t) => t.kind === 'petition_handling');
      }
      second.child.kill('SIGTERM');
      await second.waitFor('stopped');
      expect(await second.exited).toMatchObject({ code: 0 });

      expect(handling).toMatchObject({
        state: 'fired',
        outcome: expect.stringMatching(/^(recorded_from_log|replayed)$/),
      });
      expect(await supervised()).toHaveLength(1);
      // A petition does not climb the ladder: no escalation, no dispatch.
      expect(
        (await driver.events(caseId)).some((e) => e.type === 'CaseEscalated' || e.type === 'CaseDispatched'),
      ).toBe(false);
    } finally {
      await petitionDb.close();
    }
  }, 60_000);
});
