import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  caseDecider,
  caseStreamName,
  lateSurchargeFen,
  type CaseCommand,
  type CaseState,
} from '#case-domain';
import { sampleCommands } from '#case-domain/testing';
import { eventStoreMigrations, PostgresEventStore } from '#event-store';
import { createTestDatabase, type TestDatabase } from '#platform/testing';
import { ProjectionEngine } from '../../framework/projection-engine.js';
import { projectionMigrations } from '../../framework/projection.js';
import { toNewEvent, waitUntilVisible } from '../../testing/case-histories.js';
import { allProjections } from '../index.js';
import { assessSquads } from './squad-assessment.queries.js';
import { SQUAD_ASSESSMENT_COUNTERS, SQUAD_DASHBOARD_CASES } from './squad-dashboard.projection.js';
import { squadDashboard } from './squad-dashboard.queries.js';
import { enforcementHistory, type EnforcementStep } from './testing/enforcement-histories.js';

const DAY = 24 * 3_600_000;
const NOW = Date.parse('2026-09-15T02:00:00Z');
type Step = readonly [dayOffset: number, type: CaseCommand['type'], data?: Record<string, unknown>];

describe('squad dashboard (postgres)', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let engine: ProjectionEngine;

  /** Runs commands through the real caseDecider and appends what it decides; returns the final state. */
  async function handle(
    squadId: string,
    steps: readonly Step[],
    caseType: 'enforcement' | 'dispute' = 'enforcement',
  ): Promise<CaseState> {
    const caseId = randomUUID();
    const samples = sampleCommands(caseId, caseType);
    let state = caseDecider.initialState();
    let revision: bigint | 'no_stream' = 'no_stream';
    for (const [offset, type, data] of steps) {
      const metadata = { actor: 'officer-a', now: new Date(NOW + offset * DAY).toISOString() };
      let command = samples[type](metadata) as CaseCommand;
      if (command.type === 'ReportCase' && caseType === 'enforcement') {
        command = {
          ...command,
          data: { ...command.data, enforcement: { ...command.data.enforcement!, squadId } },
        };
      }
      if (data) command = { ...command, data: { ...command.data, ...data } } as CaseCommand;
      if (typeof data?.amountFen === 'function')
        command = {
          ...command,
          data: { ...command.data, amountFen: (data.amountFen as (s: CaseState) => number)(state) },
        } as CaseCommand;
      const events = caseDecider.decide(command, state);
      for (const event of events) state = caseDecider.evolve(state, event);
      const appended = await store.appendToStream(
        caseStreamName(caseId),
        events.map((event) => toNewEvent(event, metadata.now)),
        { expectedRevision: revision },
      );
      revision = appended.nextExpectedRevision;
    }
    return state;
  }

  const untilServed = (start: number, fineFen: number): Step[] => [
    [start, 'ReportCase'],
    [start + 1, 'FileEnforcementCase'],
    [start + 5, 'ConcludeInvestigation'],
    [start + 6, 'ReviewEnforcementCase', { proposedPenalty: { kinds: ['fine'], fineFen } }],
    [start + 7, 'NotifyProposedPenalty', { hearingRight: false }],
    [start + 8, 'DecidePenalty', { penalty: { kinds: ['fine'], fineFen } }],
    [start + 9, 'ServeDecision'],
  ];
  const owed = (state: CaseState, paidOn: string) => {
    const execution = (state as { details: { execution: { fineFen: number; paymentDueDate: string } } })
      .details.execution;
    return execution.fineFen + lateSurchargeFen(execution.fineFen, execution.paymentDueDate, paidOn);
  };

  beforeAll(async () => {
    db = await createTestDatabase('postgres', [
      ...eventStoreMigrations,
      ...projectionMigrations(allProjections),
    ]);
    store = new PostgresEventStore(db.pool, { pollIntervalMs: 10 });
    engine = new ProjectionEngine(allProjections, { eventStore: store, pool: db.pool }, { batchSize: 7 });
  }, 60_000);
  afterAll(async () => db?.close());

  it('counts stages, the 90-day clock, decisions and fen (surcharges apart) per squad; other squads and types are not counted', async () => {
    const squad = randomUUID();
    // Filed 100 days ago and still investigating: past the 90-day decision limit.
    await handle(squad, [
      [-101, 'ReportCase'],
      [-100, 'FileEnforcementCase'],
    ]);
    // Filed 10 days ago: the clock runs, not overdue.
    await handle(squad, [
      [-11, 'ReportCase'],
      [-10, 'FileEnforcementCase'],
    ]);
    // Decided and served: one still owing, one paid on time.
    await handle(squad, [...untilServed(-40, 300_000)]);
    await handle(squad, [
      ...untilServed(-40, 200_000),
      [-30, 'RecordPayment', { paidOn: '2026-08-16', amountFen: 200_000 }],
    ]);
    // Decided and served 80 days ago, paid today: 3 %/day surcharge, capped at the fine.
    const lateFine = 123_457;
    const late = await handle(squad, [
      ...untilServed(-80, lateFine),
      [0, 'RecordPayment', { paidOn: '2026-09-15', amountFen: (s: CaseState) => owed(s, '2026-09-15') }],
    ]);
    const lateSurcharge = (late as { details: { execution: { payment: { surchargeFen: number } } } }).details
      .execution.payment.surchargeFen;
    expect(lateSurcharge).toBeGreaterThan(0);
    // Screened out: a lead, no decision.
    await handle(squad, [
      [-3, 'ReportCase'],
      [-2, 'ScreenLead'],
    ]);
    // Another squad's case and a dispute: not this squad's numbers.
    await handle(randomUUID(), [...untilServed(-40, 999_900)]);
    await handle(
      squad,
      [
        [-5, 'ReportCase'],
        [-4, 'RegisterCase'],
      ],
      'dispute',
    );

    await waitUntilVisible(store, db.pool);
    await engine.catchUp();
    const dashboard = await squadDashboard(db.pool, squad, { now: new Date(NOW) });
    expect(dashboard).toMatchObject({
      squadId: squad,
      total: 6,
      decisionClockRunning: 2,
      overdue: 1,
      decided: 3,
      decidedLate: 0,
      fines: {
        imposedFen: 300_000 + 200_000 + lateFine,
        collectedFen: 200_000 + lateFine,
        surchargesCollectedFen: lateSurcharge,
        outstandingFen: 300_000,
      },
    });
    expect(Object.fromEntries(Object.entries(dashboard.byStage).filter(([, n]) => n > 0))).toEqual({
      investigating: 2,
      awaiting_payment: 1,
      paid: 2,
      not_filed: 1,
    });
    // Judged at query time: 80 days earlier the first case was not overdue yet.
    expect((await squadDashboard(db.pool, squad, { now: new Date(NOW - 80 * DAY) })).overdue).toBe(0);
    expect((await squadDashboard(db.pool, randomUUID())).total).toBe(0);
    const rows = await db.pool.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM ${SQUAD_DASHBOARD_CASES} WHERE state->>'caseType' <> 'enforcement'`,
    );
    expect(rows.rows[0]!.n).toBe('0');

    // A rebuild from position 0 gives the same rows.
    const snapshot = async () =>
      (await db.pool.query(`SELECT * FROM ${SQUAD_DASHBOARD_CASES} ORDER BY case_id`)).rows;
    const live = await snapshot();
    await engine.rebuild('squad-dashboard');
    expect(await snapshot()).toEqual(live);
  });

  it('assesses squads from the live tables: counters, open cases past their limits at query time, rates, score and rank', async () => {
    const [s, t] = [randomUUID(), randomUUID()];
    const cst = (day: string, time = '10:00') => new Date(`${day}T${time}:00+08:00`).toISOString();
    const append = async (history: {
      decisions: { stream: string; events: Parameters<PostgresEventStore['appendToStream']>[1] }[];
    }) => {
      let revision: bigint | 'no_stream' = 'no_stream';
      for (const decision of history.decisions)
        revision = (
          await store.appendToStream(decision.stream, decision.events, { expectedRevision: revision })
        ).nextExpectedRevision;
    };
    const decided: EnforcementStep[] = [
      [cst('2026-03-02'), 'ReportCase'],
      [cst('2026-03-03'), 'FileEnforcementCase'],
      [cst('2026-03-04'), 'ConcludeInvestigation'],
      [
        cst('2026-03-05'),
        'ReviewEnforcementCase',
        { proposedPenalty: { kinds: ['fine'], fineFen: 100_000 } },
      ],
      [cst('2026-03-06'), 'NotifyProposedPenalty', { hearingRight: false }],
      [cst('2026-03-07'), 'DecidePenalty', { penalty: { kinds: ['fine'], fineFen: 100_000 } }],
      [cst('2026-03-08'), 'ServeDecision'],
      [cst('2026-03-09'), 'RecordPayment', { paidOn: '2026-03-09', amountFen: 100_000 }],
    ];
    // S: one decided in time and paid; one filed 03-03 and never decided (limit 06-01); one lead never screened (limit in March).
    await append(enforcementHistory(s, decided));
    await append(
      enforcementHistory(s, [
        [cst('2026-03-02'), 'ReportCase'],
        [cst('2026-03-03'), 'FileEnforcementCase'],
      ]),
    );
    await append(enforcementHistory(s, [[cst('2026-03-02'), 'ReportCase']]));
    // T: one decided in time and paid: every rate 100 %.
    await append(enforcementHistory(t, decided));
    await waitUntilVisible(store, db.pool);
    await engine.catchUp();

    const july = new Date('2026-07-01T00:00:00Z');
    const squads = await assessSquads(db.pool, {
      from: '2026-03',
      to: '2026-06',
      squadIds: [s, t],
      now: july,
    });
    expect(squads.map((squad) => squad.squadId)).toEqual([t, s]);
    const [first, second] = squads as [(typeof squads)[number], (typeof squads)[number]];
    expect(first).toMatchObject({
      rank: 1,
      score: 100,
      rates: { screening: 1, onTimeDecision: 1, extension: 0, collection: 1 },
    });
    // S: screened 2 in time + 1 lead past its limit; 1 concluded in time + 1 filed case past its limit (June); no extension.
    expect(second).toMatchObject({
      rank: 2,
      team: 'urban_management',
      screeningOverdue: 1,
      decisionOverdue: 1,
      finesDue: { dueFen: 100_000, collectedFen: 100_000 },
      counters: {
        screened: 2,
        screenedInTime: 2,
        filed: 2,
        concluded: 1,
        concludedInTime: 1,
        extended: 0,
        imposedFen: 100_000,
        collectedFen: 100_000,
      },
      rates: { screening: 2 / 3, onTimeDecision: 1 / 2, extension: 0, collection: 1 },
    });
    expect(second.score).toBeCloseTo((30 * 2) / 3 + 40 / 2 + 30, 9);
    // Judged at query time: in May the filed case's limit had not passed yet; March alone does not hold its June limit.
    expect(
      (
        await assessSquads(db.pool, {
          from: '2026-03',
          to: '2026-06',
          squadIds: [s],
          now: new Date('2026-05-01T00:00:00Z'),
        })
      )[0]!.decisionOverdue,
    ).toBe(0);
    expect(
      (await assessSquads(db.pool, { from: '2026-03', to: '2026-03', squadIds: [s], now: july }))[0]!
        .decisionOverdue,
    ).toBe(0);
    // Scoped in SQL: only the squads asked for.
    expect(
      (await assessSquads(db.pool, { from: '2026-03', to: '2026-06', squadIds: [s], now: july })).map(
        (squad) => squad.squadId,
      ),
    ).toEqual([s]);

    const counters = async () =>
      (await db.pool.query(`SELECT * FROM ${SQUAD_ASSESSMENT_COUNTERS} ORDER BY squad_id, period`)).rows;
    const live = await counters();
    await engine.rebuild('squad-dashboard');
    expect(await counters()).toEqual(live);
  });
});
