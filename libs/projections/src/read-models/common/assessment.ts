import type { CaseEvent, HandlingUnit, ReportedCase } from '#case-domain';
import type { CaseStep, FoldOptions } from './case-fold.js';

/**
 * Assessment (考核) per case (docs/assessment.md, ADR 0036). Each case keeps a ledger of the parts of it
 * each unit held (the memo of the case read models); from the ledger come the case's assessment facts,
 * one per (rate, unit, thing counted): a dispatch for the response rate, a case for every other rate.
 * Every rate of a unit, a grid dashboard or an as-of answer is a count over these facts, so the screens
 * cannot disagree. Every instant is business time: the fact's own instant in the event (ADR 0018).
 */
export const ASSESSMENT_MEASURES = [
  'response',
  'resolution',
  'satisfaction',
  'closure',
  'onTimeClosure',
  'rework',
  'extension',
] as const;
export type AssessmentMeasure = (typeof ASSESSMENT_MEASURES)[number];

/**
 * One thing counted for one unit. `periodAt` decides the period (its month in China Standard Time);
 * the fact is in the denominator from `countsFrom` on (a signing or handling limit still running is
 * not yet due) and in the numerator when `hit`.
 */
export interface AssessmentFact {
  readonly measure: AssessmentMeasure;
  readonly unitId: string;
  readonly unitName: string | null;
  readonly unitLevel: string;
  readonly periodAt: string;
  readonly countsFrom: string;
  readonly hit: boolean;
}

/** A dispatch (or a petition forwarded or assigned to a body) and how its signing limit was met. */
interface LedgerDispatch {
  readonly part: number;
  /** Signing limit (petition: the written notice, Art. 23); null when none was set. */
  readonly dueAt: string | null;
  signedAt?: string;
  inTime?: boolean;
  /** Ended without signing: returned, objected to, escalated, transferred, referred. */
  endedAt?: string;
}

type PartEnd = 'closed' | 'referred' | 'transferred' | 'escalated' | 'returned';

/** The part of a case one unit held at one level. */
interface LedgerPart {
  readonly unitId: string;
  unitName: string | null;
  readonly unitLevel: string;
  /** First dispatch (routing) of the case to this unit: the period of its extension fact. */
  readonly firstAt: string;
  /** The handling limit that ran while the unit held the case (the last one, extensions included). */
  limitDueAt: string | null;
  end: { how: PartEnd; at: string; doneAt: string } | null;
  extended: boolean;
  /** The unit's first resolution of the case: the period of its rework fact. */
  resolvedAt: string | null;
  reworked: boolean;
}

/** The per-case memo behind every assessment fact (JSON-safe: stored as jsonb). */
export interface AssessmentLedger {
  readonly parts: LedgerPart[];
  readonly dispatches: LedgerDispatch[];
  holder: number | null;
  /** The part whose resolution stands (the unit that answers for the follow-up and a reopening). */
  resolver: number | null;
  resolvedAt: string | null;
  followUp: { part: number; at: string; resolved: boolean; satisfied: boolean } | null;
}

export const emptyLedger = (): AssessmentLedger => ({
  parts: [],
  dispatches: [],
  holder: null,
  resolver: null,
  resolvedAt: null,
  followUp: null,
});

/** The handling limit of a case: level / whole mediation (disputes), handling (petitions, Art. 34); the earliest. */
export function handlingLimit(state: ReportedCase | null): string | null {
  if (!state) return null;
  const candidates = [
    state.deadlines?.level?.dueAt,
    state.deadlines?.wholeMediation?.dueAt,
    state.deadlines?.handling?.dueAt,
  ].filter((d): d is string => Boolean(d));
  if (candidates.length === 0) return null;
  return new Date(Math.min(...candidates.map((d) => Date.parse(d)))).toISOString();
}

const iso = (instant: string): string => new Date(Date.parse(instant)).toISOString();

/** The ledger after one folded case event (pure: the input is not changed). */
export function stepLedger(previous: AssessmentLedger, step: CaseStep): AssessmentLedger {
  const ledger: AssessmentLedger = structuredClone(previous);
  const before = step.before.status === 'none' ? null : step.before;
  const holderPart = () => (ledger.holder === null ? null : ledger.parts[ledger.holder]!);
  // The limit that ran while the holder held the case (before this event moves it on).
  const limitBefore = handlingLimit(before);
  const held = holderPart();
  if (held && !held.end && limitBefore) held.limitDueAt = limitBefore;
  applyEvent(ledger, step.caseEvent, step.after);
  const holder = holderPart();
  const limitAfter = handlingLimit(step.after);
  if (holder && !holder.end && limitAfter) holder.limitDueAt = limitAfter;
  return ledger;
}

function takeUp(ledger: AssessmentLedger, unit: HandlingUnit, level: string, at: string): number {
  let index = ledger.parts.findIndex((part) => part.unitId === unit.unitId && part.unitLevel === level);
  if (index < 0) {
    index = ledger.parts.length;
    ledger.parts.push({
      unitId: unit.unitId,
      unitName: unit.name ?? null,
      unitLevel: level,
      firstAt: iso(at),
      limitDueAt: null,
      end: null,
      extended: false,
      resolvedAt: null,
      reworked: false,
    });
  }
  const part = ledger.parts[index]!;
  if (unit.name) part.unitName = unit.name;
  part.end = null;
  ledger.holder = index;
  return index;
}

function openDispatch(ledger: AssessmentLedger): LedgerDispatch | undefined {
  const last = ledger.dispatches[ledger.dispatches.length - 1];
  return last && last.signedAt === undefined && last.endedAt === undefined ? last : undefined;
}

/** The holder's part ends (and an unsigned dispatch with it); `doneAt`: the unit's own last act. */
function endHolder(ledger: AssessmentLedger, how: PartEnd, at: string, doneAt = at): void {
  const dispatch = openDispatch(ledger);
  if (dispatch) dispatch.endedAt = iso(at);
  if (ledger.holder === null) return;
  ledger.parts[ledger.holder]!.end = { how, at: iso(at), doneAt: iso(doneAt) };
  ledger.holder = null;
}

function dispatchTo(ledger: AssessmentLedger, unit: HandlingUnit, level: string, at: string, dueAt?: string) {
  const part = takeUp(ledger, unit, level, at);
  ledger.dispatches.push({ part, dueAt: dueAt ? iso(dueAt) : null });
}

function resolve(ledger: AssessmentLedger, at: string): void {
  if (ledger.holder === null) return;
  const part = ledger.parts[ledger.holder]!;
  part.resolvedAt ??= iso(at);
  ledger.resolver = ledger.holder;
  ledger.resolvedAt = iso(at);
}

function sign(ledger: AssessmentLedger, at: string, inTime: boolean): void {
  const dispatch = openDispatch(ledger);
  if (!dispatch) return;
  dispatch.signedAt = iso(at);
  dispatch.inTime = inTime;
}

function applyEvent(ledger: AssessmentLedger, event: CaseEvent, after: ReportedCase): void {
  switch (event.type) {
    case 'CaseDispatched':
      return dispatchTo(
        ledger,
        event.data.unit,
        event.data.level,
        event.data.dispatchedAt,
        event.data.deadlines.sign.dueAt,
      );
    case 'CaseTransferred':
      endHolder(ledger, 'transferred', event.data.transferredAt);
      return dispatchTo(
        ledger,
        event.data.toUnit,
        after.level,
        event.data.transferredAt,
        event.data.deadlines.sign.dueAt,
      );
    case 'PetitionRouted':
      if (event.data.toBody === null || event.data.mode === 'inform') return;
      return dispatchTo(
        ledger,
        event.data.toBody,
        after.level,
        event.data.routedAt,
        event.data.deadlines.notice?.dueAt,
      );
    case 'DispatchAccepted':
      return sign(ledger, event.data.acceptedAt, event.data.withinLimit);
    case 'PetitionerNotified':
      return sign(ledger, event.data.notifiedAt, event.data.withinLimit);
    case 'DispatchReturned':
      return endHolder(ledger, 'returned', event.data.returnedAt);
    case 'PetitionRoutingObjected':
      return endHolder(ledger, 'returned', event.data.objectedAt);
    case 'CaseEscalated':
      return endHolder(ledger, 'escalated', event.data.escalatedAt);
    case 'CaseReferredOut':
      return endHolder(ledger, 'referred', event.data.referredAt);
    case 'PetitionDiverted':
      return endHolder(ledger, 'referred', event.data.divertedAt);
    case 'CaseResolved':
      return resolve(ledger, event.data.resolvedAt);
    case 'PetitionAnswered':
      resolve(ledger, event.data.answeredAt);
      return endHolder(ledger, 'closed', event.data.answeredAt);
    case 'CaseClosed':
      if (ledger.holder === null && ledger.resolver !== null && !ledger.parts[ledger.resolver]!.end)
        ledger.holder = ledger.resolver;
      return endHolder(ledger, 'closed', event.data.closedAt, ledger.resolvedAt ?? event.data.closedAt);
    case 'ReworkRequested':
      if (ledger.resolver !== null) ledger.parts[ledger.resolver]!.reworked = true;
      return;
    case 'CaseReopened': {
      if (ledger.resolver !== null) ledger.parts[ledger.resolver]!.reworked = true;
      ledger.resolvedAt = null;
      if (event.data.unit) takeUp(ledger, event.data.unit, after.level, event.data.reopenedAt);
      return;
    }
    case 'DeadlineExtended':
      if (ledger.holder !== null) ledger.parts[ledger.holder]!.extended = true;
      return;
    case 'FollowUpRecorded': {
      const part = ledger.resolver ?? ledger.holder;
      if (part === null) return;
      ledger.followUp = {
        part,
        at: iso(event.data.recordedAt),
        resolved: event.data.reporterSaysResolved,
        satisfied: event.data.satisfaction !== 'unsatisfied',
      };
      return;
    }
    default:
      return;
  }
}

/** The fold every case read model that shows assessment figures uses: its memo is the ledger. */
export const assessmentFold: FoldOptions<AssessmentLedger> = {
  initialMemo: emptyLedger,
  step: stepLedger,
};

const earlier = (a: string, b: string): string => (Date.parse(a) <= Date.parse(b) ? a : b);

/**
 * A limit's due instant is exclusive (overdue once now ≥ dueAt; a limit "by the end of 31 March" is
 * due at 1 April 00:00 CST). A fact about a limit is dated by the last instant the limit allows, so
 * it falls in the period (and on the as-of date) whose last day the limit ends with.
 */
const lastInstantOf = (dueAt: string): string => new Date(Date.parse(dueAt) - 1).toISOString();
/** An act at `at` met a limit due (exclusively) at `dueAt`. */
const within = (at: string, dueAt: string): boolean => Date.parse(at) < Date.parse(dueAt);

/** The assessment facts of one case (pure; docs/assessment.md has the table). */
export function assessmentFacts(ledger: AssessmentLedger): AssessmentFact[] {
  const facts: AssessmentFact[] = [];
  const of = (index: number) => {
    const part = ledger.parts[index]!;
    return { unitId: part.unitId, unitName: part.unitName, unitLevel: part.unitLevel };
  };
  for (const dispatch of ledger.dispatches) {
    if (!dispatch.dueAt) continue;
    const unit = of(dispatch.part);
    const limit = lastInstantOf(dispatch.dueAt);
    if (dispatch.signedAt !== undefined) {
      facts.push({
        measure: 'response',
        ...unit,
        periodAt: limit,
        countsFrom: earlier(dispatch.signedAt, limit),
        hit: dispatch.inTime === true,
      });
    } else if (dispatch.endedAt === undefined || !within(dispatch.endedAt, dispatch.dueAt)) {
      // Still unsigned (due once the limit passed), or ended unsigned after it. Ended within it (a
      // correct return, an escalation or transfer in time): not counted against the unit.
      facts.push({ measure: 'response', ...unit, periodAt: limit, countsFrom: limit, hit: false });
    }
  }
  ledger.parts.forEach((part, index) => {
    const unit = of(index);
    facts.push({
      measure: 'extension',
      ...unit,
      periodAt: part.firstAt,
      countsFrom: part.firstAt,
      hit: part.extended,
    });
    if (part.resolvedAt) {
      facts.push({
        measure: 'rework',
        ...unit,
        periodAt: part.resolvedAt,
        countsFrom: part.resolvedAt,
        hit: part.reworked,
      });
    }
    facts.push(...closureFacts(part, unit));
  });
  if (ledger.followUp) {
    const { part, at, resolved, satisfied } = ledger.followUp;
    facts.push({ measure: 'resolution', ...of(part), periodAt: at, countsFrom: at, hit: resolved });
    facts.push({ measure: 'satisfaction', ...of(part), periodAt: at, countsFrom: at, hit: satisfied });
  }
  return facts;
}

function closureFacts(
  part: LedgerPart,
  unit: Pick<AssessmentFact, 'unitId' | 'unitName' | 'unitLevel'>,
): AssessmentFact[] {
  const dueAt = part.limitDueAt;
  const end = part.end;
  if (end && (end.how === 'closed' || end.how === 'referred')) {
    const periodAt = dueAt ? lastInstantOf(dueAt) : end.at;
    return [
      { measure: 'closure', ...unit, periodAt, countsFrom: earlier(end.at, periodAt), hit: true },
      {
        measure: 'onTimeClosure',
        ...unit,
        periodAt,
        countsFrom: end.at,
        hit: dueAt === null || within(end.doneAt, dueAt),
      },
    ];
  }
  // Nothing was due of a unit without a limit, nor of one that passed the case on within it.
  if (!dueAt || end?.how === 'returned') return [];
  if (end && within(end.at, dueAt)) return [];
  const limit = lastInstantOf(dueAt);
  const missed: AssessmentFact = {
    measure: 'closure',
    ...unit,
    periodAt: limit,
    countsFrom: limit,
    hit: false,
  };
  // Still holding it: due once the limit passes.
  if (!end) return [missed];
  // Escalated or transferred after the limit it let pass: the unit answers for that limit, in its
  // closure rate and as a case it did not resolve (so passing everything up late cannot score 100).
  return [missed, { ...missed, measure: 'resolution' }];
}

/** The facts as a read-model row stores them (jsonb, snake case). */
export const factRows = (facts: readonly AssessmentFact[]): Record<string, unknown>[] =>
  facts.map((fact) => ({
    measure: fact.measure,
    unit_id: fact.unitId,
    unit_name: fact.unitName,
    unit_level: fact.unitLevel,
    period_at: fact.periodAt,
    counts_from: fact.countsFrom,
    hit: fact.hit,
  }));

/** SQL column list for `jsonb_to_recordset(<row>.facts)`. */
export const FACT_RECORD = `(measure text, unit_id text, unit_name text, unit_level text, period_at timestamptz, counts_from timestamptz, hit boolean)`;

/** `YYYY-MM` of an instant in China Standard Time (UTC+8, no daylight saving). */
export function periodOf(instant: string): string {
  return new Date(Date.parse(instant) + 8 * 3600_000).toISOString().slice(0, 7);
}

/** Numerator and denominator of one rate. */
export interface Ratio {
  readonly numerator: number;
  readonly denominator: number;
}
export type AssessmentFigures = Record<AssessmentMeasure, Ratio>;

export const emptyFigures = (): AssessmentFigures =>
  Object.fromEntries(
    ASSESSMENT_MEASURES.map((m) => [m, { numerator: 0, denominator: 0 }]),
  ) as AssessmentFigures;

export type AssessmentRates = Readonly<Record<AssessmentMeasure, number | null>>;

/** Rates from figures; a rate with nothing to count (denominator 0) is null, not 0 or 100 %. */
export function computeRates(figures: AssessmentFigures): AssessmentRates {
  return Object.fromEntries(
    ASSESSMENT_MEASURES.map((m) => [
      m,
      figures[m].denominator > 0 ? figures[m].numerator / figures[m].denominator : null,
    ]),
  ) as AssessmentRates;
}

/** Weights of the score; default 30 / 40 / 30 on response / resolution / satisfaction (docs/domain.md §5). */
export type ScoreWeights = Partial<Record<AssessmentMeasure, number>>;
export const DEFAULT_SCORE_WEIGHTS: ScoreWeights = { response: 30, resolution: 40, satisfaction: 30 };

/** Rates where lower is better: they enter the score as (1 - rate). */
const LOWER_IS_BETTER: ReadonlySet<AssessmentMeasure> = new Set(['rework', 'extension']);

/**
 * Score on 0..100 = Σ weight × rate / Σ weight, over the weighted rates that are defined. A rate with
 * nothing to count drops out with its weight (a unit with no follow-ups is not scored 0 on them).
 * Null when no weighted rate is defined.
 */
export function computeScore(
  rates: AssessmentRates,
  weights: ScoreWeights = DEFAULT_SCORE_WEIGHTS,
): number | null {
  let sum = 0;
  let weightSum = 0;
  for (const [key, weight] of Object.entries(weights) as [AssessmentMeasure, number][]) {
    const rate = rates[key];
    if (rate === null || rate === undefined || !weight) continue;
    sum += weight * (LOWER_IS_BETTER.has(key) ? 1 - rate : rate);
    weightSum += weight;
  }
  return weightSum > 0 ? (100 * sum) / weightSum : null;
}

/**
 * The SQL that counts facts into figures per group: `FROM <table> c, jsonb_to_recordset(c.facts) AS f`
 * rows, a fact in the denominator once `counts_from <= now`. Returns the select list.
 */
export function figureColumns(now: string): string {
  return `f.measure,
    count(*) FILTER (WHERE f.counts_from <= ${now})::int AS denominator,
    count(*) FILTER (WHERE f.counts_from <= ${now} AND f.hit)::int AS numerator`;
}

/** Adds one row of `figureColumns` to figures. */
export function addFigure(
  figures: AssessmentFigures,
  row: { measure: string; numerator: number | string; denominator: number | string },
): void {
  const measure = row.measure as AssessmentMeasure;
  if (!(measure in figures)) return;
  figures[measure] = {
    numerator: figures[measure].numerator + Number(row.numerator),
    denominator: figures[measure].denominator + Number(row.denominator),
  };
}
