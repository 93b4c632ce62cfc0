import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { caseDecider, caseStreamName, type CaseCommand, type CaseState } from '#case-domain';
import { decideApproved, sampleCommands } from '#case-domain/testing';
import { eventStoreMigrations, PostgresEventStore } from '#event-store';
import { createTestDatabase, type TestDatabase } from '#platform/testing';
import { ProjectionEngine } from '../../framework/projection-engine.js';
import { projectionMigrations } from '../../framework/projection.js';
import { toNewEvent, waitUntilVisible } from '../../testing/case-histories.js';
import { allProjections } from '../index.js';
import { gridDashboard } from '../grid-dashboard/grid-dashboard.queries.js';
import { listOverdueCases } from '../overdue-list/overdue-list.queries.js';
import { openEscalationsByLevel } from '../escalation-board/escalation-board.queries.js';
import { assessedCases, assessUnits } from './unit-assessment.queries.js';

type Step = [type: CaseCommand['type'], at: string, data?: Record<string, unknown>];

describe('assessment formulas on a hand-computed fixture (postgres)', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  const grid = `grid-${randomUUID()}`;
  const escalatedCase = randomUUID();

  async function play(steps: Step[], caseId = randomUUID()): Promise<void> {
    const samples = sampleCommands(caseId);
    let state: CaseState = caseDecider.initialState();
    let revision: bigint | undefined;
    for (const [type, at, data] of steps) {
      const sample = samples[type]({ actor: 'operator-1', now: at }) as CaseCommand;
      const command = { ...sample, data: { ...sample.data, ...data } } as CaseCommand;
      if (command.type === 'ReportCase')
        (command.data as { location: { gridId: string } }).location = { gridId: grid };
      const events = decideApproved(command, state);
      for (const event of events) state = caseDecider.evolve(state, event);
      const result = await store.appendToStream(
        caseStreamName(caseId),
        events.map((event) => toNewEvent(event, at)),
        {
          expectedRevision: revision ?? 'no_stream',
        },
      );
      revision = result.nextExpectedRevision;
    }
  }
  const unit = (unitId: string) => ({ unit: { unitId, name: unitId } });

  beforeAll(async () => {
    db = await createTestDatabase('postgres', [
      ...eventStoreMigrations,
      ...projectionMigrations(allProjections),
    ]);
    store = new PostgresEventStore(db.pool);
    // A: unit-1 signs in time, resolves, closes; follow-up satisfied and resolved.
    await play([
      ['ReportCase', '2026-03-02T09:00:00+08:00'],
      ['RegisterCase', '2026-03-02T09:10:00+08:00'],
      ['DispatchCase', '2026-03-02T09:20:00+08:00', unit('unit-1')],
      ['AcceptDispatch', '2026-03-02T10:00:00+08:00'],
      ['StartWork', '2026-03-02T10:10:00+08:00'],
      ['ResolveCase', '2026-03-03T10:00:00+08:00'],
      ['VerifyResolution', '2026-03-03T11:00:00+08:00'],
      ['CloseCase', '2026-03-03T12:00:00+08:00'],
      [
        'RecordFollowUp',
        '2026-03-04T09:00:00+08:00',
        { satisfaction: 'satisfied', reporterSaysResolved: true },
      ],
    ]);
    // B: unit-1 signs after 30 h (limit 24 h), one rework, closes; follow-up unsatisfied, not resolved.
    await play([
      ['ReportCase', '2026-03-05T09:00:00+08:00'],
      ['RegisterCase', '2026-03-05T09:10:00+08:00'],
      ['DispatchCase', '2026-03-05T09:20:00+08:00', unit('unit-1')],
      ['AcceptDispatch', '2026-03-06T15:20:00+08:00'],
      ['StartWork', '2026-03-06T15:30:00+08:00'],
      ['ResolveCase', '2026-03-06T16:00:00+08:00'],
      ['RequestRework', '2026-03-06T16:30:00+08:00'],
      ['ResolveCase', '2026-03-06T17:00:00+08:00'],
      ['VerifyResolution', '2026-03-06T17:30:00+08:00'],
      ['CloseCase', '2026-03-06T18:00:00+08:00'],
      [
        'RecordFollowUp',
        '2026-03-09T09:00:00+08:00',
        { satisfaction: 'unsatisfied', reporterSaysResolved: false },
      ],
    ]);
    // C: unit-2 signs in time, one extension, closes; follow-up basically satisfied, resolved.
    await play([
      ['ReportCase', '2026-03-10T09:00:00+08:00'],
      ['RegisterCase', '2026-03-10T09:10:00+08:00'],
      ['DispatchCase', '2026-03-10T09:20:00+08:00', unit('unit-2')],
      ['AcceptDispatch', '2026-03-10T09:30:00+08:00'],
      ['StartWork', '2026-03-10T09:40:00+08:00'],
      ['ExtendDeadline', '2026-03-10T15:00:00+08:00'],
      ['ResolveCase', '2026-03-11T10:00:00+08:00'],
      ['VerifyResolution', '2026-03-11T11:00:00+08:00'],
      ['CloseCase', '2026-03-11T12:00:00+08:00'],
      [
        'RecordFollowUp',
        '2026-03-12T09:00:00+08:00',
        { satisfaction: 'basically_satisfied', reporterSaysResolved: true },
      ],
    ]);
    // D: dispatched to unit-2, never signed: due to be signed, and its level limit (1 working day) passes in March.
    await play([
      ['ReportCase', '2026-03-12T09:00:00+08:00'],
      ['RegisterCase', '2026-03-12T09:10:00+08:00'],
      ['DispatchCase', '2026-03-12T09:20:00+08:00', unit('unit-2')],
    ]);
    // E: escalated to community, open, no unit yet.
    await play(
      [
        ['ReportCase', '2026-03-13T09:00:00+08:00'],
        ['RegisterCase', '2026-03-13T09:10:00+08:00'],
        ['EscalateCase', '2026-03-13T10:00:00+08:00', { reason: '超出楼院处置能力' }],
      ],
      escalatedCase,
    );
    await waitUntilVisible(store, db.pool);
    await new ProjectionEngine(allProjections, { eventStore: store, pool: db.pool }).catchUp();
  }, 60_000);
  afterAll(async () => db?.close());

  const now = new Date('2026-04-30T00:00:00+08:00');

  const ratio = (numerator: number, denominator: number) => ({ numerator, denominator });

  it('counts per case and unit, computes every rate, the 30/40/30 score and the rank per level', async () => {
    const units = await assessUnits(db.pool, { from: '2026-03', to: '2026-03', now });
    expect(units.map((u) => [u.unitId, u.level, u.unitName, u.rank])).toEqual([
      ['unit-2', 'building', 'unit-2', 1],
      ['unit-1', 'building', 'unit-1', 2],
    ]);
    const [two, one] = units;
    // unit-1: A signed in time, B late; last follow-ups A resolved + satisfied, B neither; both closed
    // by their 1-working-day level limits (B's last resolution 17:00 on the limit's day); B reworked
    // twice is one reworked case of two resolved; no extension of two dispatched cases.
    expect(one!.figures).toEqual({
      response: ratio(1, 2),
      resolution: ratio(1, 2),
      satisfaction: ratio(1, 2),
      closure: ratio(2, 2),
      onTimeClosure: ratio(2, 2),
      rework: ratio(1, 2),
      extension: ratio(0, 2),
    });
    expect(one!.rates).toEqual({
      response: 0.5,
      resolution: 0.5,
      satisfaction: 0.5,
      closure: 1,
      onTimeClosure: 1,
      rework: 0.5,
      extension: 0,
    });
    expect(one!.score).toBeCloseTo(50, 10); // (30×0.5 + 40×0.5 + 30×0.5) / 100
    // unit-2: C signed in time, extended, closed, followed up basically satisfied and resolved; D never
    // signed (its 24 h passed) and its level limit passed open.
    expect(two!.figures).toEqual({
      response: ratio(1, 2),
      resolution: ratio(1, 1),
      satisfaction: ratio(1, 1),
      closure: ratio(1, 2),
      onTimeClosure: ratio(1, 1),
      rework: ratio(0, 1),
      extension: ratio(1, 2),
    });
    expect(two!.score).toBeCloseTo(85, 10); // (30×0.5 + 40×1 + 30×1) / 100
    // configurable weights; before D's limits passed, D is due neither to be signed nor closed
    const [onlyResponse] = await assessUnits(db.pool, {
      from: '2026-03',
      to: '2026-03',
      weights: { response: 1 },
      now,
      level: 'building',
    });
    expect(onlyResponse!.score).toBeCloseTo(50, 10);
    const early = await assessUnits(db.pool, {
      from: '2026-03',
      to: '2026-03',
      now: new Date('2026-03-12T12:00:00+08:00'),
    });
    expect(early.find((u) => u.unitId === 'unit-2')!.figures).toMatchObject({
      response: ratio(1, 1),
      closure: ratio(1, 1),
    });
    expect(await assessUnits(db.pool, { from: '2026-04', to: '2026-05', now })).toEqual([]);
    await expect(assessUnits(db.pool, { from: '2026-3', to: '2026-03' })).rejects.toThrow(RangeError);
  });

  it('drill-down: the cases behind each figure of a unit', async () => {
    const cases = await assessedCases(db.pool, 'unit-2', { from: '2026-03', to: '2026-03', now });
    expect(
      cases
        .filter((c) => c.measure === 'closure')
        .map((c) => c.hit)
        .sort(),
    ).toEqual([false, true]);
    const missed = await assessedCases(db.pool, 'unit-2', {
      from: '2026-03',
      to: '2026-03',
      now,
      measure: 'response',
    });
    // C's signing limit (03-11 09:20) comes before D's (03-13 09:20)
    expect(missed.map((c) => [c.measure, c.hit])).toEqual([
      ['response', true],
      ['response', false],
    ]);
    expect(new Set(cases.map((c) => c.caseId)).size).toBe(2);
  });

  it('grid dashboard: counts by type and status, open, overdue at query time, escalated, and the grid rates', async () => {
    const dashboard = await gridDashboard(db.pool, grid, { now });
    expect(dashboard).toMatchObject({ gridId: grid, total: 5, open: 2, overdue: 2, escalated: 1 });
    expect(dashboard.byTypeAndStatus).toEqual([
      { type: 'dispute', status: 'dispatched', count: 1 },
      { type: 'dispute', status: 'followed_up', count: 3 },
      { type: 'dispute', status: 'registered', count: 1 },
    ]);
    // The same per-case facts as the assessments, every unit: A, C signed in time of A-D; last
    // follow-ups A, C resolved and satisfied of A-C; B reworked of three resolved cases; C extended of
    // four dispatched; A-C closed, D due open.
    expect(dashboard.rates).toEqual({
      response: 0.5,
      resolution: 2 / 3,
      satisfaction: 2 / 3,
      closure: 0.75,
      onTimeClosure: 1,
      rework: 1 / 3,
      extension: 0.25,
    });
    const before = await gridDashboard(db.pool, grid, { now: new Date('2026-03-01T00:00:00+08:00') });
    expect(before.overdue).toBe(0);
  });

  it('overdue list and escalation board', async () => {
    const overdue = await listOverdueCases(db.pool, { now });
    expect(overdue.map((c) => [c.status, c.deadlineKind])).toEqual([
      ['dispatched', 'sign'],
      ['registered', 'level'],
    ]);
    expect(await listOverdueCases(db.pool, { now: new Date('2026-03-01T00:00:00Z') })).toEqual([]);
    const board = await openEscalationsByLevel(db.pool);
    expect(Object.keys(board)).toEqual(['community']);
    expect(board.community).toEqual([
      expect.objectContaining({
        caseId: escalatedCase,
        fromLevel: 'building',
        toLevel: 'community',
        reason: '超出楼院处置能力',
      }),
    ]);
  });
});
