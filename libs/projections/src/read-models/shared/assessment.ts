import type { ReportedCase } from '#case-domain';
import type { CaseStep } from './case-fold.js';

/**
 * Counters behind every rate of docs/domain.md §5. Working definitions (documented in the README):
 * - dispatched: dispatches and transfers to the unit; each is also one dispatch due to be signed
 *   (counted in the month of the dispatch, so a dispatch not yet signed lowers that month's response rate);
 * - signedInTime: acceptances within the sign limit, counted in the month of the dispatch they answer;
 * - followedUp / resolvedPerReporter / satisfied (satisfied + basically satisfied): per follow-up call;
 * - closed / closedOnTime: per closure; on time when the resolution came before the handling limit
 *   (level or whole-mediation deadline) active at closure, or when none was running;
 * - reworked: rework requests and reopenings after an unsatisfied follow-up; resolved: resolutions;
 * - extended: approved extensions.
 * "due" (cases due to be closed) = closed + open cases whose handling limit fell in the period and has
 * passed by query time; the second part is counted at query time from the stored due instants.
 */
export interface AssessmentCounters {
  dispatched: number;
  signDue: number;
  signedInTime: number;
  followedUp: number;
  resolvedPerReporter: number;
  satisfied: number;
  closed: number;
  closedOnTime: number;
  reworked: number;
  resolved: number;
  extended: number;
}

export const COUNTER_COLUMNS: Readonly<Record<keyof AssessmentCounters, string>> = {
  dispatched: 'dispatched',
  signDue: 'sign_due',
  signedInTime: 'signed_in_time',
  followedUp: 'followed_up',
  resolvedPerReporter: 'resolved_per_reporter',
  satisfied: 'satisfied',
  closed: 'closed',
  closedOnTime: 'closed_on_time',
  reworked: 'reworked',
  resolved: 'resolved',
  extended: 'extended',
};
export const COUNTER_KEYS = Object.keys(COUNTER_COLUMNS) as (keyof AssessmentCounters)[];

export const emptyCounters = (): AssessmentCounters => ({
  dispatched: 0,
  signDue: 0,
  signedInTime: 0,
  followedUp: 0,
  resolvedPerReporter: 0,
  satisfied: 0,
  closed: 0,
  closedOnTime: 0,
  reworked: 0,
  resolved: 0,
  extended: 0,
});

export function addCounters(
  into: AssessmentCounters,
  delta: Partial<AssessmentCounters>,
): AssessmentCounters {
  const sum = { ...into };
  for (const key of COUNTER_KEYS) sum[key] += delta[key] ?? 0;
  return sum;
}

/** One increment of the counters of a unit, in the period of `at`. */
export interface AssessmentFact {
  readonly unitId: string | null;
  readonly unitName: string | null;
  readonly unitLevel: string;
  /** Instant that decides the period (month, China Standard Time). */
  readonly at: string;
  readonly delta: Partial<AssessmentCounters>;
}

/** The assessment increments caused by one folded case event. */
export function assessmentFacts(step: CaseStep): AssessmentFact[] {
  const { caseEvent: event, before } = step;
  const prior = before.status === 'none' ? null : before;
  const unitOf = (state: ReportedCase | null) => ({
    unitId: state?.unit?.unitId ?? null,
    unitName: state?.unit?.name ?? null,
  });
  const level = prior?.level ?? step.after.level;
  switch (event.type) {
    case 'CaseDispatched':
      return [
        {
          unitId: event.data.unit.unitId,
          unitName: event.data.unit.name ?? null,
          unitLevel: event.data.level,
          at: event.data.dispatchedAt,
          delta: { dispatched: 1, signDue: 1 },
        },
      ];
    case 'CaseTransferred':
      return [
        {
          unitId: event.data.toUnit.unitId,
          unitName: event.data.toUnit.name ?? null,
          unitLevel: level,
          at: event.data.transferredAt,
          delta: { dispatched: 1, signDue: 1 },
        },
      ];
    case 'DispatchAccepted':
      return event.data.withinLimit
        ? [
            {
              unitId: event.data.unit.unitId,
              unitName: event.data.unit.name ?? null,
              unitLevel: level,
              at: prior?.dispatch?.dispatchedAt ?? event.data.acceptedAt,
              delta: { signedInTime: 1 },
            },
          ]
        : [];
    case 'CaseResolved':
      return [{ ...unitOf(prior), unitLevel: level, at: event.data.resolvedAt, delta: { resolved: 1 } }];
    case 'ReworkRequested':
      return [{ ...unitOf(prior), unitLevel: level, at: event.data.requestedAt, delta: { reworked: 1 } }];
    case 'CaseReopened':
      return [{ ...unitOf(prior), unitLevel: level, at: event.data.reopenedAt, delta: { reworked: 1 } }];
    case 'DeadlineExtended':
      return [{ ...unitOf(prior), unitLevel: level, at: event.data.extendedAt, delta: { extended: 1 } }];
    case 'CaseClosed': {
      const limits = [prior?.deadlines?.level?.dueAt, prior?.deadlines?.wholeMediation?.dueAt].filter(
        (d): d is string => Boolean(d),
      );
      const doneAt = Date.parse(prior?.resolution?.resolvedAt ?? event.data.closedAt);
      const onTime = limits.every((limit) => doneAt < Date.parse(limit));
      return [
        {
          ...unitOf(prior),
          unitLevel: level,
          at: event.data.closedAt,
          delta: { closed: 1, closedOnTime: onTime ? 1 : 0 },
        },
      ];
    }
    case 'FollowUpRecorded':
      return [
        {
          ...unitOf(prior),
          unitLevel: level,
          at: event.data.recordedAt,
          delta: {
            followedUp: 1,
            resolvedPerReporter: event.data.reporterSaysResolved ? 1 : 0,
            satisfied: event.data.satisfaction === 'unsatisfied' ? 0 : 1,
          },
        },
      ];
    default:
      return [];
  }
}

/** `YYYY-MM` of an instant in China Standard Time (UTC+8, no daylight saving). */
export function periodOf(instant: string): string {
  return new Date(Date.parse(instant) + 8 * 3600_000).toISOString().slice(0, 7);
}

export interface AssessmentRates {
  /** 响应率 = signed within the limit / due to be signed */
  readonly response: number | null;
  /** 解决率 = followed-up cases the reporter calls resolved / followed-up cases */
  readonly resolution: number | null;
  /** 满意率 = (satisfied + basically satisfied) / followed-up cases */
  readonly satisfaction: number | null;
  /** 结案率 = closed / due */
  readonly closure: number | null;
  /** 按期结案率 = closed on time / closed */
  readonly onTimeClosure: number | null;
  /** 返工率 = reworked / resolved */
  readonly rework: number | null;
  /** 延期率 = extended / dispatched */
  readonly extension: number | null;
}

const ratio = (numerator: number, denominator: number): number | null =>
  denominator > 0 ? numerator / denominator : null;

/** Rates from counters; a rate with nothing to count (denominator 0) is null, not 0 or 100 %. */
export function computeRates(counters: AssessmentCounters, due: number): AssessmentRates {
  return {
    response: ratio(counters.signedInTime, counters.signDue),
    resolution: ratio(counters.resolvedPerReporter, counters.followedUp),
    satisfaction: ratio(counters.satisfied, counters.followedUp),
    closure: ratio(counters.closed, due),
    onTimeClosure: ratio(counters.closedOnTime, counters.closed),
    rework: ratio(counters.reworked, counters.resolved),
    extension: ratio(counters.extended, counters.dispatched),
  };
}

/** Weights of the score; default 30 / 40 / 30 on response / resolution / satisfaction (docs/domain.md §5). */
export type ScoreWeights = Partial<Record<keyof AssessmentRates, number>>;
export const DEFAULT_SCORE_WEIGHTS: ScoreWeights = { response: 30, resolution: 40, satisfaction: 30 };

/**
 * Score on 0..100 = Σ weight × rate / Σ weight, over the weighted rates that are defined. A rate with
 * nothing to count drops out with its weight (a unit with no follow-ups is not scored 0 on them).
 * Rates where lower is better (rework, extension) count as (1 - rate). Null when no weighted rate is defined.
 */
export function computeScore(
  rates: AssessmentRates,
  weights: ScoreWeights = DEFAULT_SCORE_WEIGHTS,
): number | null {
  let sum = 0;
  let weightSum = 0;
  for (const [key, weight] of Object.entries(weights) as [keyof AssessmentRates, number][]) {
    const rate = rates[key];
    if (rate === null || rate === undefined || !weight) continue;
    sum += weight * (key === 'rework' || key === 'extension' ? 1 - rate : rate);
    weightSum += weight;
  }
  return weightSum > 0 ? (100 * sum) / weightSum : null;
}
