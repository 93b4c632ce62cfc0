import { v5 as uuidv5 } from 'uuid';
import type { RecordedEvent } from '#event-store';
import type { JurisdictionLevel, SupervisedDeadline } from '#case-domain';

/**
 * What a timer does when it falls due:
 * - `sign`: the dispatch is still unsigned at its sign limit → supervise (督办);
 * - `sign_escalation`: still unsigned a grace period after the supervision → escalate;
 * - `level`: the current level's limit passed unresolved → escalate to the next level;
 * - `dispatch`: the case climbed a level without a unit → dispatch to the new level's handling unit
 *   (due at once: a durable outbox entry rather than a deadline).
 */
export type LadderTimerKind = 'sign' | 'sign_escalation' | 'level' | 'dispatch';
export const LADDER_TIMER_KINDS: readonly LadderTimerKind[] = [
  'sign',
  'sign_escalation',
  'level',
  'dispatch',
];

/**
 * Timers that supervise (督办) one passed limit of the case, named after it; they never climb the
 * ladder (a petition body or an enforcement squad does not go building → street). Stored strings.
 */
export const SUPERVISION_TIMERS = {
  first_feedback: 'firstFeedback',
  whole_mediation: 'wholeMediation',
  petition_routing: 'routing',
  petition_notice: 'notice',
  petition_handling: 'handling',
  petition_review_answer: 'reviewAnswer',
  petition_re_review_answer: 'reReviewAnswer',
  enforcement_screening: 'screening',
  enforcement_decision: 'decision',
  enforcement_evidence_decision: 'evidenceDecision',
  enforcement_service: 'service',
  enforcement_payment: 'payment',
  enforcement_court_application: 'courtApplication',
} as const satisfies Record<string, SupervisedDeadline>;
export type SupervisionTimerKind = keyof typeof SUPERVISION_TIMERS;
export const SUPERVISION_TIMER_KINDS = Object.keys(SUPERVISION_TIMERS) as SupervisionTimerKind[];
/** The case limits the process manager can supervise (the values of `SUPERVISION_TIMERS`). */
export type EnforceableDeadline = (typeof SUPERVISION_TIMERS)[SupervisionTimerKind];
export const ENFORCEABLE_DEADLINES = Object.values(SUPERVISION_TIMERS) as EnforceableDeadline[];
const KIND_OF_DEADLINE = Object.fromEntries(
  Object.entries(SUPERVISION_TIMERS).map(([kind, deadline]) => [deadline, kind]),
) as Record<EnforceableDeadline, SupervisionTimerKind>;
export const supervisionKindOf = (deadline: EnforceableDeadline): SupervisionTimerKind =>
  KIND_OF_DEADLINE[deadline];
export const isSupervisionKind = (kind: string): kind is SupervisionTimerKind => kind in SUPERVISION_TIMERS;

/**
 * `petition_request_window`: the petitioner's 30-day review / re-review request window passed with no
 * request → `ClosePetitionForNoRequest` (信访工作条例第三十五、三十六条: "逾期未请求的，不再受理").
 */
export type TimerKind = LadderTimerKind | SupervisionTimerKind | 'petition_request_window';
export const TIMER_KINDS: readonly TimerKind[] = [
  ...LADDER_TIMER_KINDS,
  ...SUPERVISION_TIMER_KINDS,
  'petition_request_window',
];
export type TimerState = 'scheduled' | 'fired' | 'cancelled' | 'failed';

/** Namespaces of the deterministic ids. Never change them: ids are stored. */
const TIMER_ID_NAMESPACE = 'b3a1f0e4-5c2d-4e8f-9a61-7d0c2e9f4b17';
const COMMAND_ID_NAMESPACE = 'e7c9d2a8-1f34-4b6e-8d05-3a9b6c1f2e48';

export function timerIdFor(caseId: string, kind: TimerKind, caseRevision: bigint): string {
  return uuidv5(`${caseId}/${kind}/${caseRevision.toString()}`, TIMER_ID_NAMESPACE);
}

/** The id of the command a timer issues: the same on every attempt, on every worker. */
export function commandIdFor(timerId: string): string {
  return uuidv5(timerId, COMMAND_ID_NAMESPACE);
}

export interface TimerToSchedule {
  readonly op: 'schedule';
  readonly kind: TimerKind;
  readonly dueAt: string;
  /** The case deadline enforced (checked against the case when firing); absent for `dispatch`. */
  readonly deadlineDueAt?: string;
  /** Level the timer is set for; null when the event does not name it (the store takes the case's latest known level). */
  readonly level: JurisdictionLevel | null;
  /** Which one of several limits of the same name (an evidence preservation's number); absent otherwise. */
  readonly subject?: string;
}
export interface TimersToCancel {
  readonly op: 'cancel';
  readonly kinds: readonly TimerKind[];
  readonly reason: string;
  /** Only the timers of this subject (one evidence preservation). */
  readonly subject?: string;
}
/**
 * Put the last timer of a kind back if a pause cancelled it (work resumes after a rework or a
 * resumption); a timer that already fired stays fired.
 */
export interface TimerToRearm {
  readonly op: 'rearm';
  readonly kind: 'level' | 'whole_mediation';
}
export type TimerAction = TimerToSchedule | TimersToCancel | TimerToRearm;

export interface TimerRules {
  readonly escalateOnLevelDeadline: boolean;
  readonly superviseUnsignedDispatch: boolean;
  readonly escalateUnsignedDispatch: boolean;
  readonly signEscalationGraceMinutes: number;
  readonly redispatchAfterEscalation: boolean;
  /** Limits supervised (督办) when they pass. */
  readonly supervisedDeadlines: readonly EnforceableDeadline[];
  /** Close a petition whose review / re-review request window passed unused. */
  readonly closePetitionWithoutRequest: boolean;
}

interface DeadlineData {
  dueAt: string;
}
type Data = Record<string, unknown>;

const SIGN_KINDS: readonly TimerKind[] = ['sign', 'sign_escalation'];
/** The ladder's timers: what an escalation, a resolution or a closure makes moot. */
const ALL_KINDS = LADDER_TIMER_KINDS;

/**
 * The process manager's reaction to one case event: which timers to set, which to cancel. Pure.
 * Only the events listed act; every other event (including types added later) sets nothing.
 */
export function timerActionsFor(
  event: Pick<RecordedEvent, 'type' | 'data'>,
  rules: TimerRules,
): TimerAction[] {
  const data = event.data as Data;
  const cancel = (kinds: readonly TimerKind[], reason: string): TimersToCancel => ({
    op: 'cancel',
    kinds,
    reason,
  });
  const level = (deadline: DeadlineData | undefined, at: JurisdictionLevel | null): TimerAction[] =>
    rules.escalateOnLevelDeadline && deadline
      ? [{ op: 'schedule', kind: 'level', dueAt: deadline.dueAt, deadlineDueAt: deadline.dueAt, level: at }]
      : [];
  const sign = (deadline: DeadlineData | undefined, at: JurisdictionLevel | null): TimerAction[] =>
    rules.superviseUnsignedDispatch && deadline
      ? [{ op: 'schedule', kind: 'sign', dueAt: deadline.dueAt, deadlineDueAt: deadline.dueAt, level: at }]
      : [];
  const handlers: Record<string, () => TimerAction[]> = {
    CaseDispatched: () => {
      const deadlines = data.deadlines as { sign?: DeadlineData; level?: DeadlineData };
      const at = data.level as JurisdictionLevel;
      return [
        cancel(['sign', 'sign_escalation', 'dispatch'], 'dispatched'),
        ...sign(deadlines.sign, at),
        ...(deadlines.level
          ? [cancel(['level'], 'level clock restarted'), ...level(deadlines.level, at)]
          : []),
      ];
    },
    CaseTransferred: () => {
      const deadlines = data.deadlines as { sign?: DeadlineData };
      return [cancel(SIGN_KINDS, 'transferred'), ...signAtCurrentLevel(deadlines.sign)];
    },
    DispatchAccepted: () => [cancel(SIGN_KINDS, 'dispatch accepted')],
    DispatchReturned: () => [cancel(SIGN_KINDS, 'dispatch returned')],
    DispatchSupervised: () => {
      const overdue = (data.overdue as string[] | undefined) ?? [];
      // A supervision about another limit (first feedback, a statutory clock) does not start the sign grace.
      if (data.deadline !== undefined && data.deadline !== 'sign') return [];
      if (!rules.escalateUnsignedDispatch || !overdue.includes('sign')) return [];
      const dueAt = new Date(
        Date.parse(data.supervisedAt as string) + rules.signEscalationGraceMinutes * 60_000,
      ).toISOString();
      return [{ op: 'schedule', kind: 'sign_escalation', dueAt, level: null }];
    },
    CaseEscalated: () => {
      const toLevel = data.toLevel as JurisdictionLevel;
      return [
        cancel(ALL_KINDS, `escalated to ${toLevel}`),
        ...level(data.deadline as DeadlineData, toLevel),
        ...(rules.redispatchAfterEscalation
          ? [
              {
                op: 'schedule' as const,
                kind: 'dispatch' as const,
                dueAt: data.escalatedAt as string,
                level: toLevel,
              },
            ]
          : []),
      ];
    },
    DeadlineExtended: () =>
      data.deadline === 'level'
        ? [cancel(['level'], 'level deadline extended'), ...level(data.newDeadline as DeadlineData, null)]
        : [],
    CaseParked: () => [cancel(ALL_KINDS, 'parked')],
    CaseResumed: () => [
      cancel(['level'], 'resumed'),
      ...level((data.deadlines as { level: DeadlineData }).level, null),
    ],
    CaseReopened: () => [
      cancel(ALL_KINDS, 'reopened'),
      ...level((data.deadlines as { level: DeadlineData }).level, null),
    ],
    ReworkRequested: () => (rules.escalateOnLevelDeadline ? [{ op: 'rearm', kind: 'level' }] : []),
    CaseResolved: () => [cancel(ALL_KINDS, 'resolved')],
    CaseClosed: () => [cancel(ALL_KINDS, 'closed')],
    CaseRejected: () => [cancel(ALL_KINDS, 'rejected')],
    CaseReferredOut: () => [cancel(ALL_KINDS, 'referred out')],
  };
  function signAtCurrentLevel(deadline: DeadlineData | undefined): TimerAction[] {
    return sign(deadline, null);
  }
  return [...(handlers[event.type]?.() ?? []), ...deadlineTimerActions(event, rules)];
}

/** Every timer that watches a limit other than the ladder's. */
const DEADLINE_KINDS: readonly TimerKind[] = [...SUPERVISION_TIMER_KINDS, 'petition_request_window'];

/**
 * Steps that meet a limit (its timer is moot). An event that sets a limit anew (a transfer, an
 * objection, a hearing, an extension) replaces the older timer of that limit through `deadlineTimerActions`.
 */
const MET_BY: Readonly<Record<string, readonly TimerKind[]>> = {
  WorkStarted: ['first_feedback'],
  DispatchReturned: ['first_feedback'],
  CaseEscalated: ['first_feedback'],
  // A resolution or a parking pauses the whole-mediation clock; a rework or a resumption re-arms it.
  CaseResolved: ['first_feedback', 'whole_mediation'],
  CaseParked: ['first_feedback', 'whole_mediation'],
  PetitionRouted: ['petition_routing'],
  PetitionerNotified: ['petition_notice'],
  PetitionRoutingObjected: ['petition_notice'],
  PetitionAnswered: ['petition_handling'],
  PetitionReviewRequested: ['petition_request_window'],
  PetitionReviewAnswered: ['petition_review_answer'],
  PetitionReReviewRequested: ['petition_request_window'],
  LeadScreened: ['enforcement_screening'],
  EnforcementCaseFiled: ['enforcement_screening'],
  EnforcementCaseReviewed: [], // decided by its outcome below
  PenaltyDecided: ['enforcement_decision'],
  PenaltyDecisionServed: ['enforcement_service'],
  PaymentDemanded: ['enforcement_payment'],
  FinePaid: ['enforcement_payment', 'enforcement_court_application'],
  CourtEnforcementApplied: ['enforcement_court_application'],
};

/** Events after which no limit of the case runs any more. */
const ENDS_ALL = new Set([
  'CaseClosed',
  'CaseRejected',
  'CaseReferredOut',
  'CaseReopened',
  'PetitionDiverted',
  'PetitionReReviewAnswered',
  'PetitionClosedForNoRequest',
  'EnforcementCaseArchived',
]);

/** The limits an event starts, as it stores them (`data.deadlines`, the report's first clock, an extension). */
function deadlinesSetBy(event: Pick<RecordedEvent, 'type' | 'data'>): Array<[string, DeadlineData]> {
  const data = event.data as Data;
  if (event.type === 'CaseReported') {
    const details = data.details as
      { routingDeadline?: DeadlineData; screeningDeadline?: DeadlineData } | undefined;
    return [
      ...(details?.routingDeadline ? [['routing', details.routingDeadline] as [string, DeadlineData]] : []),
      ...(details?.screeningDeadline
        ? [['screening', details.screeningDeadline] as [string, DeadlineData]]
        : []),
    ];
  }
  if (event.type === 'DeadlineExtended') return [[data.deadline as string, data.newDeadline as DeadlineData]];
  const deadlines = data.deadlines as Record<string, DeadlineData | undefined> | undefined;
  if (typeof deadlines !== 'object' || deadlines === null) return [];
  return Object.entries(deadlines).filter(
    (entry): entry is [string, DeadlineData] => typeof entry[1]?.dueAt === 'string',
  );
}

/**
 * Timers of the supervised limits and of the petitioner's request windows: set from the events that
 * start a limit (cancelling the older timer of the same limit: an extension or a new step reschedules
 * it), cancelled by the step that meets it and by anything that ends the case. Which limits act is
 * `rules.supervisedDeadlines`; cancellations always apply.
 */
function deadlineTimerActions(event: Pick<RecordedEvent, 'type' | 'data'>, rules: TimerRules): TimerAction[] {
  const data = event.data as Data;
  const actions: TimerAction[] = [];
  if (ENDS_ALL.has(event.type))
    actions.push({ op: 'cancel', kinds: DEADLINE_KINDS, reason: `ended by ${event.type}` });
  const met =
    event.type === 'EnforcementCaseReviewed'
      ? data.outcome === 'proposed_penalty'
        ? []
        : ['enforcement_decision' as const]
      : (MET_BY[event.type] ?? []);
  if (met.length > 0) actions.push({ op: 'cancel', kinds: met, reason: `met by ${event.type}` });
  if (event.type === 'PreservedEvidenceDecided') {
    actions.push({
      op: 'cancel',
      kinds: ['enforcement_evidence_decision'],
      reason: 'evidence decided',
      subject: String(data.preservationNo),
    });
  }
  for (const [name, deadline] of deadlinesSetBy(event)) {
    if (name === 'reviewRequest' || name === 'reReviewRequest') {
      if (rules.closePetitionWithoutRequest) actions.push(schedule('petition_request_window', deadline));
      continue;
    }
    if (
      !(ENFORCEABLE_DEADLINES as readonly string[]).includes(name) ||
      !rules.supervisedDeadlines.includes(name as EnforceableDeadline)
    )
      continue;
    const kind = supervisionKindOf(name as EnforceableDeadline);
    // Each preservation has its own limit: only a new limit for the same one replaces a timer.
    const subject = kind === 'enforcement_evidence_decision' ? String(data.preservationNo) : undefined;
    if (!subject) actions.push({ op: 'cancel', kinds: [kind], reason: `${name} limit set anew` });
    actions.push(schedule(kind, deadline, subject));
  }
  if (
    (event.type === 'ReworkRequested' || event.type === 'CaseResumed') &&
    rules.supervisedDeadlines.includes('wholeMediation')
  ) {
    actions.push({ op: 'rearm', kind: 'whole_mediation' });
  }
  return actions;
}

function schedule(kind: TimerKind, deadline: DeadlineData, subject?: string): TimerToSchedule {
  return {
    op: 'schedule',
    kind,
    dueAt: deadline.dueAt,
    deadlineDueAt: deadline.dueAt,
    level: null,
    ...(subject ? { subject } : {}),
  };
}
