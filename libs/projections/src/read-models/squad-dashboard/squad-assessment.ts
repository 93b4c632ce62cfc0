import type { EnforcementDetails, ReportedCase } from '#case-domain';
import type { CaseStep } from '../common/case-fold.js';

/**
 * Counters behind the squad rates (law-enforcement cases, docs/domain.md §3.4 and §5). Working definitions,
 * no official formula exists (documented in the README):
 * - screened / screenedInTime: leads whose screening ended (not filed, simple procedure, filed, referred
 *   out), and of those the ones decided within the 15 working days; counted in the month of the screening;
 * - filed: cases filed (立案), which start the 90-day decision clock (行政处罚法 Art. 60);
 * - concluded / concludedInTime: decision clocks that ended (an ordinary-procedure decision, or a review
 *   ending in no penalty or a transfer to the judiciary), and of those the ones within the limit in force
 *   (90 days, +30 when extended); counted in the month of the conclusion;
 * - extended: approved extensions of the decision limit, in the month of the approval;
 * - imposedFen: fines decided (simple procedure included), in the month of the decision;
 * - collectedFen: the fine part of payments (late surcharges apart), counted in the month of the decision
 *   they pay (a cohort: collected ≤ imposed for every month).
 * The query adds, at query time, open leads and open filed cases whose limit fell in the months and has
 * passed, and the fines (decided in the months) whose 15-day payment period (Art. 67) has ended, with
 * what was collected of them: the collection rate is counted over those only (a fine still inside its
 * payment period is neither collected nor missed yet).
 */
export interface SquadCounters {
  screened: number;
  screenedInTime: number;
  filed: number;
  concluded: number;
  concludedInTime: number;
  extended: number;
  imposedFen: number;
  collectedFen: number;
}

export const SQUAD_COUNTER_COLUMNS: Readonly<Record<keyof SquadCounters, string>> = {
  screened: 'screened',
  screenedInTime: 'screened_in_time',
  filed: 'filed',
  concluded: 'concluded',
  concludedInTime: 'concluded_in_time',
  extended: 'extended',
  imposedFen: 'imposed_fen',
  collectedFen: 'collected_fen',
};
export const SQUAD_COUNTER_KEYS = Object.keys(SQUAD_COUNTER_COLUMNS) as (keyof SquadCounters)[];

export const emptySquadCounters = (): SquadCounters => ({
  screened: 0,
  screenedInTime: 0,
  filed: 0,
  concluded: 0,
  concludedInTime: 0,
  extended: 0,
  imposedFen: 0,
  collectedFen: 0,
});

/** One increment of a squad's counters, in the month (CST) of `at`. */
export interface SquadFact {
  readonly squadId: string;
  readonly team: string;
  readonly at: string;
  readonly delta: Partial<SquadCounters>;
}

function enforcementOf(state: ReportedCase | null): EnforcementDetails | null {
  return state && state.caseType === 'enforcement' && state.details.caseType === 'enforcement'
    ? state.details
    : null;
}

/** The squad counter increments caused by one folded case event (none for other case types). */
export function squadFacts(step: CaseStep): SquadFact[] {
  const after = enforcementOf(step.after);
  if (!after) return [];
  const prior = step.before.status === 'none' ? null : enforcementOf(step.before);
  const fact = (at: string, delta: Partial<SquadCounters>): SquadFact => ({
    squadId: after.squadId,
    team: after.team,
    at,
    delta,
  });
  const inTime = (withinLimit: boolean) => (withinLimit ? 1 : 0);
  const event = step.caseEvent;
  switch (event.type) {
    case 'LeadScreened':
      return [fact(event.data.screenedAt, { screened: 1, screenedInTime: inTime(event.data.withinLimit) })];
    case 'EnforcementCaseFiled':
      return [
        fact(event.data.filedAt, { screened: 1, screenedInTime: inTime(event.data.withinLimit), filed: 1 }),
      ];
    case 'CaseReferredOut':
      // Referral at screening: the state keeps whether it came within the 15 working days.
      return after.screening?.outcome === 'referred_out'
        ? [fact(event.data.referredAt, { screened: 1, screenedInTime: inTime(after.screening.withinLimit) })]
        : [];
    case 'EnforcementCaseReviewed':
      return event.data.outcome === 'proposed_penalty'
        ? []
        : [fact(event.data.reviewedAt, { concluded: 1, concludedInTime: inTime(event.data.withinLimit) })];
    case 'PenaltyDecided': {
      const delta: Partial<SquadCounters> =
        event.data.procedure === 'ordinary'
          ? { concluded: 1, concludedInTime: inTime(event.data.withinLimit) }
          : {};
      if (event.data.outcome === 'penalty' && event.data.penalty)
        delta.imposedFen = event.data.penalty.fineFen;
      return Object.keys(delta).length > 0 ? [fact(event.data.decidedAt, delta)] : [];
    }
    case 'DeadlineExtended':
      return event.data.deadline === 'decision' ? [fact(event.data.extendedAt, { extended: 1 })] : [];
    case 'FinePaid': {
      const decidedAt = prior?.decision?.decidedAt ?? after.decision?.decidedAt ?? event.data.recordedAt;
      return event.data.fineFen > 0 ? [fact(decidedAt, { collectedFen: event.data.fineFen })] : [];
    }
    default:
      return [];
  }
}

export interface SquadRates {
  /** 立案审查及时率 = screened within 15 working days / screenings due */
  readonly screening: number | null;
  /** 按期决定率 = decision clocks concluded within the limit / decision clocks due */
  readonly onTimeDecision: number | null;
  /** 延期率 = approved decision extensions / cases filed (lower is better) */
  readonly extension: number | null;
  /** 罚款收缴率 = collected / imposed over fines whose payment period has ended, by month of the decision (fen) */
  readonly collection: number | null;
}

const ratio = (numerator: number, denominator: number): number | null =>
  denominator > 0 ? numerator / denominator : null;

/** The fines whose payment period has ended (query time), and what was collected of them (fen). */
export interface FinesDue {
  readonly dueFen: number;
  readonly collectedFen: number;
}

/**
 * Rates from counters plus the query-time parts: `screeningOverdue` open leads and `decisionOverdue` open
 * filed cases whose limit fell in the months and has passed, and the fines due. A rate with nothing to
 * count is null.
 */
export function computeSquadRates(
  counters: SquadCounters,
  overdue: { screening: number; decision: number },
  finesDue: FinesDue,
): SquadRates {
  return {
    screening: ratio(counters.screenedInTime, counters.screened + overdue.screening),
    onTimeDecision: ratio(counters.concludedInTime, counters.concluded + overdue.decision),
    extension: ratio(counters.extended, counters.filed),
    collection: ratio(finesDue.collectedFen, finesDue.dueFen),
  };
}

/** Weights of the squad score; default 30 / 40 / 30 on screening / on-time decision / collection (the §5 structure). */
export type SquadScoreWeights = Partial<Record<keyof SquadRates, number>>;
export const DEFAULT_SQUAD_SCORE_WEIGHTS: SquadScoreWeights = {
  screening: 30,
  onTimeDecision: 40,
  collection: 30,
};

/**
 * Score on 0..100 = Σ weight × rate / Σ weight over the weighted rates that are defined; extension counts
 * as (1 - rate). Null when no weighted rate is defined (the same rule as the units' score).
 */
export function computeSquadScore(
  rates: SquadRates,
  weights: SquadScoreWeights = DEFAULT_SQUAD_SCORE_WEIGHTS,
): number | null {
  let sum = 0;
  let weightSum = 0;
  for (const [key, weight] of Object.entries(weights) as [keyof SquadRates, number][]) {
    const rate = rates[key];
    if (rate === null || rate === undefined || !weight) continue;
    sum += weight * (key === 'extension' ? 1 - rate : rate);
    weightSum += weight;
  }
  return weightSum > 0 ? (100 * sum) / weightSum : null;
}
