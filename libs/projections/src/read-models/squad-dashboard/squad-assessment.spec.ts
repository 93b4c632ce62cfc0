import { describe, expect, it } from '@jest/globals';
import type { ReportedCase } from '#case-domain';
import { foldCaseEvents, type CaseRow } from '../common/case-fold.js';
import {
  computeSquadRates,
  computeSquadScore,
  emptySquadCounters,
  SQUAD_COUNTER_COLUMNS,
  SQUAD_COUNTER_KEYS,
  type SquadCounters,
} from './squad-assessment.js';
import { rankByScore } from './squad-assessment.queries.js';
import { squadAssessmentIncrements, squadDashboardRow } from './squad-dashboard.projection.js';
import {
  amountOwed,
  enforcementHistory,
  recordInOrder,
  type EnforcementStep,
} from './testing/enforcement-histories.js';

const cst = (day: string, time = '10:00') => new Date(`${day}T${time}:00+08:00`).toISOString();
const fine = (fineFen: number) => ({ kinds: ['fine'], fineFen });

/** From filing to a served ordinary-procedure fine. */
const fileToServe = (report: string, file: string, decide: string, fineFen: number): EnforcementStep[] => [
  [cst(report), 'ReportCase'],
  [cst(file), 'FileEnforcementCase'],
  [cst(file, '15:00'), 'ConcludeInvestigation'],
  [cst(file, '16:00'), 'ReviewEnforcementCase', { proposedPenalty: fine(fineFen) }],
  [cst(file, '17:00'), 'NotifyProposedPenalty', { hearingRight: false }],
  [cst(decide), 'DecidePenalty', { penalty: fine(fineFen) }],
  [cst(decide, '11:00'), 'ServeDecision'],
];

/** Squad S, hand-counted per month (CST) in the comments. */
function squadS(squad: string) {
  return [
    // A: filed 2 days after the lead (March: screened, in time, filed); decided 03-12 within the 90 days
    // (March: concluded in time, imposed 5,000 yuan); paid without surcharge, recorded in April but
    // counted in March, the month of the decision (collected 5,000 yuan).
    enforcementHistory(squad, [
      ...fileToServe('2026-03-02', '2026-03-04', '2026-03-12', 500_000),
      [
        cst('2026-04-02'),
        'RecordPayment',
        (state) => ({ paidOn: '2026-03-20', amountFen: amountOwed(state, '2026-03-20') }),
      ],
    ]),
    // B: screened out 49 days after the lead, past the 15 working days (April: screened, late).
    enforcementHistory(squad, [
      [cst('2026-03-02'), 'ReportCase'],
      [cst('2026-04-20'), 'ScreenLead'],
    ]),
    // C: referred out the next day (March: screened, in time).
    enforcementHistory(squad, [
      [cst('2026-03-05'), 'ReportCase'],
      [cst('2026-03-06'), 'ReferOut'],
    ]),
    // D: filed 01-06 (January: screened in time, filed); decision limit extended by 30 days on 03-20
    // (March: extended); no penalty at review on 05-10, after the extended limit of 05-06 (May: concluded, late).
    enforcementHistory(squad, [
      [cst('2026-01-05'), 'ReportCase'],
      [cst('2026-01-06'), 'FileEnforcementCase'],
      [cst('2026-03-20'), 'ExtendDeadline', { reason: '案情复杂', amount: 30 }],
      [cst('2026-05-09'), 'ConcludeInvestigation'],
      [
        cst('2026-05-10'),
        'ReviewEnforcementCase',
        { outcome: 'no_penalty', reason: '违法行为轻微并及时改正', proposedPenalty: undefined },
      ],
    ]),
    // E: filed 03-03 and never decided (March: screened in time, filed); its limit passes on 06-01.
    enforcementHistory(squad, [
      [cst('2026-03-02'), 'ReportCase'],
      [cst('2026-03-03'), 'FileEnforcementCase'],
    ]),
    // F: fined 200 yuan on the spot the day of the lead (March: screened in time, imposed 200 yuan; no decision clock).
    enforcementHistory(squad, [
      [cst('2026-03-02', '09:00'), 'ReportCase'],
      [
        cst('2026-03-02', '09:30'),
        'ScreenLead',
        {
          outcome: 'simple_procedure',
          reason: '当场处罚',
          onTheSpot: {
            partyKind: 'person',
            penalty: fine(20_000),
            facts: '占道经营',
            legalBasis: '条例第十条',
            officers: ['officer-a', 'officer-b'],
          },
        },
      ],
    ]),
  ];
}

/** The fines whose payment period had ended at `now`, and what was collected of them, from each case's row. */
function finesDueAt(histories: ReturnType<typeof enforcementHistory>[], now: string) {
  let dueFen = 0;
  let collectedFen = 0;
  for (const { caseId, state } of histories) {
    if (state.status === 'none') continue;
    const row = squadDashboardRow({ caseId, revision: 0n, state, memo: {}, steps: [] })!;
    if (!row.payment_due_at || Date.parse(row.payment_due_at as string) > Date.parse(now)) continue;
    dueFen += row.fine_imposed_fen as number;
    collectedFen += row.fine_collected_fen as number;
  }
  return { dueFen, collectedFen };
}

function countersByPeriod(
  histories: ReturnType<typeof enforcementHistory>[],
): Map<string, Record<string, number>> {
  const current = new Map<string, CaseRow<Record<string, never>>>();
  const folded = foldCaseEvents(current, recordInOrder(histories.flatMap((h) => h.decisions)), {
    initialMemo: () => ({}),
  });
  const increments = squadAssessmentIncrements(folded);
  return new Map([...increments.values()].map((row) => [`${row.squad_id} ${row.period}`, row.counts]));
}

const counters = (partial: Partial<SquadCounters>): Record<string, number> =>
  Object.fromEntries(
    Object.entries(partial).map(([key, value]) => [SQUAD_COUNTER_COLUMNS[key as keyof SquadCounters], value]),
  );

function sum(rows: readonly Record<string, number>[]): SquadCounters {
  const total = emptySquadCounters();
  for (const row of rows)
    for (const key of SQUAD_COUNTER_KEYS) total[key] += row[SQUAD_COUNTER_COLUMNS[key]] ?? 0;
  return total;
}

describe('squad assessment (pure)', () => {
  it('given the hand-counted cases of one squad, when folded, then each month holds the counters in the comments', () => {
    const byPeriod = countersByPeriod(squadS('S'));
    expect(Object.fromEntries(byPeriod)).toEqual({
      'S 2026-01': counters({ screened: 1, screenedInTime: 1, filed: 1 }),
      'S 2026-03': counters({
        screened: 4,
        screenedInTime: 4,
        filed: 2,
        concluded: 1,
        concludedInTime: 1,
        extended: 1,
        imposedFen: 520_000,
        collectedFen: 500_000,
      }),
      'S 2026-04': counters({ screened: 1, screenedInTime: 0 }),
      'S 2026-05': counters({ concluded: 1, concludedInTime: 0 }),
    });
  });

  it('given January to May, then the rates and the 30/40/30 score follow by hand', () => {
    const total = sum([...countersByPeriod(squadS('S')).values()]);
    // By June both fines' 15-day payment periods had ended: A's 5,000 yuan paid, F's 200 yuan not.
    const finesDue = finesDueAt(squadS('S'), cst('2026-06-01'));
    expect(finesDue).toEqual({ dueFen: 520_000, collectedFen: 500_000 });
    const rates = computeSquadRates(total, { screening: 0, decision: 0 }, finesDue);
    expect(rates.screening).toBeCloseTo(5 / 6, 12);
    expect(rates.onTimeDecision).toBeCloseTo(1 / 2, 12);
    expect(rates.extension).toBeCloseTo(1 / 3, 12);
    expect(rates.collection).toBeCloseTo(500_000 / 520_000, 12);
    // (30 × 5/6 + 40 × 1/2 + 30 × 25/26) / 100 × 100
    expect(computeSquadScore(rates)).toBeCloseTo(25 + 20 + (30 * 25) / 26, 9);
    // The query adds open cases past their limits to the denominators: E's decision limit (June) once June is in range.
    const withOverdue = computeSquadRates(total, { screening: 1, decision: 1 }, finesDue);
    expect(withOverdue.screening).toBeCloseTo(5 / 7, 12);
    expect(withOverdue.onTimeDecision).toBeCloseTo(1 / 3, 12);
  });

  it('collection counts a fine only once its payment period has ended: inside it, neither collected nor missed', () => {
    // On 10 March F's 200 yuan (served 2 March, 15 days to pay) was still inside its period, A not yet decided.
    const early = finesDueAt(squadS('S'), cst('2026-03-10'));
    expect(early).toEqual({ dueFen: 0, collectedFen: 0 });
    expect(
      computeSquadRates(emptySquadCounters(), { screening: 0, decision: 0 }, early).collection,
    ).toBeNull();
    // After 17 March it is due and unpaid.
    expect(finesDueAt(squadS('S'), cst('2026-03-18'))).toEqual({ dueFen: 20_000, collectedFen: 0 });
  });

  it('outstanding: a served fine unpaid stays outstanding after the court application and the archiving', () => {
    const fined = enforcementHistory('S', [
      [cst('2026-03-02'), 'ReportCase'],
      [cst('2026-03-03'), 'FileEnforcementCase'],
      [cst('2026-03-04'), 'ConcludeInvestigation'],
      [cst('2026-03-05'), 'ReviewEnforcementCase', { proposedPenalty: fine(325_000) }],
      [cst('2026-03-06'), 'NotifyProposedPenalty', { hearingRight: false }],
      [cst('2026-03-07'), 'DecidePenalty', { penalty: fine(325_000) }],
      [cst('2026-03-08'), 'ServeDecision'],
      [cst('2026-03-30'), 'DemandPayment'],
      [cst('2026-10-15'), 'ApplyCourtEnforcement'],
      [cst('2026-10-20'), 'ArchiveEnforcementCase'],
    ]);
    const state = fined.state as ReportedCase;
    expect(state.details.caseType === 'enforcement' && state.details.stage).toBe('archived');
    const row = squadDashboardRow({ caseId: fined.caseId, revision: 0n, state, memo: {}, steps: [] })!;
    expect(row.fine_outstanding_fen).toBe(325_000);
  });

  it('weights are configurable; extension counts as (1 - rate); nothing to count is null, not 0', () => {
    const rates = { screening: 1, onTimeDecision: null, extension: 0.25, collection: null };
    expect(computeSquadScore(rates, { screening: 1, extension: 1 })).toBeCloseTo(87.5, 12);
    expect(computeSquadScore(rates)).toBe(100);
    expect(
      computeSquadScore({ screening: null, onTimeDecision: null, extension: null, collection: null }),
    ).toBeNull();
    expect(
      computeSquadRates(emptySquadCounters(), { screening: 0, decision: 0 }, { dueFen: 0, collectedFen: 0 }),
    ).toEqual({
      screening: null,
      onTimeDecision: null,
      extension: null,
      collection: null,
    });
  });

  it('other case types and other squads are not counted in this squad', () => {
    const byPeriod = countersByPeriod([
      ...squadS('S'),
      enforcementHistory('T', [
        [cst('2026-03-02'), 'ReportCase'],
        [cst('2026-03-03'), 'FileEnforcementCase'],
      ]),
    ]);
    expect(byPeriod.get('T 2026-03')).toEqual(counters({ screened: 1, screenedInTime: 1, filed: 1 }));
    expect(byPeriod.get('S 2026-03')![SQUAD_COUNTER_COLUMNS.screened]).toBe(4);
  });

  it('ranks by score, ties share a rank, unscored last without a rank', () => {
    const ranked = rankByScore(
      [
        { id: 'b', score: 50, rank: null },
        { id: 'a', score: 90, rank: null },
        { id: 'c', score: 50, rank: null },
        { id: 'd', score: null, rank: null },
      ],
      (item) => item.id,
    );
    expect(ranked.map((item) => [item.id, item.rank])).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 2],
      ['d', null],
    ]);
  });
});
