import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { PostgresEventStore } from '#event-store';
import { caseDecider, caseStreamName, type CaseCommand, type CaseEvent, type CaseState } from '#case-domain';
import { metadataAt, sampleCommands } from '#case-domain/testing';
import { createTestDatabase, type TestDatabase } from '#platform/testing';
import { escalationSchema, fixtureChain, seedFixtureRegistry, TestClock } from '#escalation/testing';
import { fx } from '#registry-domain/testing';
import { defaultEscalationConfig, EscalationProcessManager } from './index.js';

const CASES = Number(process.env.ESCALATION_BENCH_CASES ?? 2000);
const config = {
  ...defaultEscalationConfig,
  batchSize: Number(process.env.ESCALATION_BENCH_BATCH ?? defaultEscalationConfig.batchSize),
};

/** Decides a dispatched dispute offline, so the store gets one append per case. */
function dispatchedDispute(caseId: string, now: string): CaseEvent[] {
  const samples = sampleCommands(caseId);
  const m = metadataAt(now);
  const report = samples.ReportCase(m);
  const commands: CaseCommand[] = [
    { ...report, data: { ...report.data, location: { gridId: fx.grid1, buildingId: fx.building } } },
    samples.RegisterCase(m),
    { type: 'DispatchCase', metadata: m, data: { unit: { unitId: fixtureChain.building } } },
  ];
  let state: CaseState = caseDecider.initialState();
  const events: CaseEvent[] = [];
  for (const command of commands) {
    for (const event of caseDecider.decide(command, state)) {
      events.push(event);
      state = caseDecider.evolve(state, event);
    }
  }
  return events;
}

describe('escalation throughput (one worker, real PostgreSQL)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('postgres', escalationSchema);
  });
  afterAll(async () => {
    await db?.close();
  });

  it(`drains ${CASES} due deadlines and reports deadlines per second`, async () => {
    const store = new PostgresEventStore(db.pool);
    await seedFixtureRegistry(store);
    const clock = new TestClock('2026-03-09T09:00:00+08:00');
    let through = -1n;
    for (let i = 0; i < CASES; i += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, CASES - i) }, async () => {
          const caseId = randomUUID();
          const correlationId = randomUUID();
          const result = await store.appendToStream(
            caseStreamName(caseId),
            dispatchedDispute(caseId, clock.iso()).map((event) => ({
              id: randomUUID(),
              type: event.type,
              data: event.data as never,
              metadata: {
                actor: 'operator-1',
                correlationId,
                causationId: correlationId,
                occurredAt: clock.iso(),
                schemaVersion: 1,
              },
            })),
            { expectedRevision: 'no_stream' },
          );
          if (result.position > through) through = result.position;
        }),
      );
    }
    const manager = new EscalationProcessManager(
      { pool: db.pool, eventStore: store, clock: clock.now },
      config,
    );

    let started = performance.now();
    await manager.runUntilIdle({ through, timeoutMs: 180_000 });
    const followSeconds = (performance.now() - started) / 1000;
    expect((await manager.status()).timers.scheduled).toBe(4 * CASES); // sign, level, first feedback, whole mediation per case

    clock.advance(24 * 3_600_000 + 60_000); // past every sign limit (24 h, general), before the level, first-feedback (7 days) and whole-mediation limits
    started = performance.now();
    const result = await manager.fireDue();
    const fireSeconds = (performance.now() - started) / 1000;
    expect(result).toMatchObject({ claimed: CASES, fired: CASES, failed: 0 });

    console.log(
      `escalation throughput: ${CASES} due deadlines (SuperviseDispatch each) fired in ${fireSeconds.toFixed(2)} s = ` +
        `${Math.round(CASES / fireSeconds)} deadlines/s with batch size ${config.batchSize}; ` +
        `following ${3 * CASES} case events (${4 * CASES} timers set) took ${followSeconds.toFixed(2)} s = ${Math.round((3 * CASES) / followSeconds)} events/s`,
    );
    // Generous limits: it measures, it does not assert a speed, and on the shared 2-core machine with every
    // other suite running (load average 16-18) one run took 110 s.
  }, 240_000);
});
