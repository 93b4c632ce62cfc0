import { assertNever, DomainError, type Decider } from '#domain-kernel';
import { createWorkingDayCalendar, type WorkingDayCalendar } from '../calendar/working-day-calendar.js';
import {
  CASE_TYPES,
  defaultCasePolicy,
  JURISDICTION_LEVELS,
  URGENCIES,
  type CasePolicy,
} from '../policy/case-policy.js';
import { evolveApproval } from './approvals/approval.handlers.js';
import { isApprovalEvent } from './approvals/approval.events.js';
import { evolveAttachment } from './attachments/attachment.handlers.js';
import { isAttachmentEvent } from './attachments/attachment.events.js';
import type { CaseCommand, ReportCase } from './case.commands.js';
import { CaseErrorCode, caseNotFound } from './case.errors.js';
import type { CaseEvent, CaseReportDetails, CaseReported } from './case.events.js';
import { isDisputeCase, isEnforcementCase, isPetitionCase } from './case.handler.js';
import { decideOnCase } from './case.routing.js';
import { checker, checkMetadata, createDecisionContext, type DecisionContext } from './case.rules.js';
import type { CaseDetails, CaseState, ReportedCase } from './case.state.js';
import { CASE_SOURCES, type Moment } from './case.types.js';
import { factTimeAfter, lateEntry, resolveMoment } from './business-time.js';
import { evolveWorkOrder } from './common/work-order.evolve.js';
import { evolveDispute, initialDisputeDetails, isDisputeEvent } from './dispute/dispute.evolve.js';
import {
  evolveEnforcement,
  initialEnforcementDetails,
  isEnforcementEvent,
} from './enforcement/enforcement.evolve.js';
import { reportEnforcement } from './enforcement/enforcement.handlers.js';
import { evolvePetition, initialPetitionDetails, isPetitionEvent } from './petition/petition.evolve.js';
import { reportPetition } from './petition/petition.handlers.js';
import { CASE_EVENT_FIELDS } from './case.fields.js';

/** Stream name of a case: `case-<caseId>`. */
export function caseStreamName(caseId: string): string {
  return `case-${caseId}`;
}

function reportDispute(command: ReportCase): CaseReportDetails {
  const check = checker(command.type);
  const parties = command.data.dispute?.parties;
  if (!Array.isArray(parties) || parties.length === 0) {
    check.problem('dispute.parties must list at least one party');
    check.done();
    throw new Error('unreachable: check.done() throws');
  }
  parties.forEach((p, i) => {
    check.text(p?.name, `dispute.parties[${i}].name`);
    check.oneOf(p?.role, ['applicant', 'respondent', 'other'], `dispute.parties[${i}].role`);
  });
  check.done();
  return { caseType: 'dispute', parties };
}

/** ReportCase: the fields every case has, then the type's own report data. */
function report(ctx: DecisionContext, command: ReportCase, momentOf: () => Moment): CaseEvent[] {
  const { data } = command;
  const check = checker(command.type);
  check.text(data.caseId, 'caseId');
  check.oneOf(data.caseType, CASE_TYPES, 'caseType');
  check.oneOf(data.source, CASE_SOURCES, 'source');
  check.text(data.title, 'title');
  check.text(data.description, 'description');
  check.text(data.category, 'category');
  check.oneOf(data.urgency, URGENCIES, 'urgency');
  check.text(data.location?.gridId, 'location.gridId');
  check.oneOf(data.level, JURISDICTION_LEVELS, 'level', true);
  if (data.reporter !== undefined) {
    check.text(data.reporter?.name, 'reporter.name');
    check.text(data.reporter?.phone, 'reporter.phone');
  }
  check.done();
  // The type's own fields are checked before the business time, like every other command's.
  let resolved: Moment | undefined;
  const once = (): Moment => (resolved ??= momentOf());
  const details: CaseReportDetails =
    data.caseType === 'petition'
      ? reportPetition(ctx, command, once)
      : data.caseType === 'enforcement'
        ? reportEnforcement(ctx, command, once)
        : reportDispute(command);
  const moment = once();
  return [
    {
      type: 'CaseReported',
      data: {
        caseId: data.caseId,
        caseType: data.caseType,
        source: data.source,
        title: data.title,
        description: data.description,
        category: data.category,
        urgency: data.urgency,
        location: data.location,
        reporter: data.reporter ?? null,
        level: data.level ?? 'building',
        reportedAt: moment.at,
        reportedBy: moment.actor,
        details,
      },
    },
    ...lateEntry(command, data.caseId, moment),
  ];
}

function reported(event: CaseReported): ReportedCase {
  const { data } = event;
  return {
    status: 'reported',
    caseId: data.caseId,
    caseType: data.caseType,
    source: data.source,
    title: data.title,
    description: data.description,
    category: data.category,
    urgency: data.urgency,
    location: data.location,
    reporter: data.reporter,
    level: data.level,
    unit: null,
    dispatch: null,
    returnedAtLevel: false,
    levelDeadlineFor: null,
    deadlines: initialDeadlines(data.details),
    counters: { returns: 0, reworks: 0, extensions: 0, escalations: 0, supervisions: 0, transfers: 0 },
    reportedAt: data.reportedAt,
    registeredAt: null,
    lastChangedAt: data.reportedAt,
    lastFactAt: data.reportedAt,
    resolution: null,
    riskFlag: null,
    followUp: null,
    details: initialDetails(data.details),
  };
}

function initialDetails(report: CaseReportDetails): CaseDetails {
  switch (report.caseType) {
    case 'dispute':
      return initialDisputeDetails(report);
    case 'petition':
      return initialPetitionDetails(report);
    case 'enforcement':
      return initialEnforcementDetails(report);
    default:
      return assertNever(report, 'case report details');
  }
}

/** Where each type starts its clocks at report. */
function initialDeadlines(report: CaseReportDetails): ReportedCase['deadlines'] {
  if (report.caseType === 'petition') return { routing: report.routingDeadline };
  if (report.caseType === 'enforcement') return { screening: report.screeningDeadline };
  return {};
}

/** Folds one recorded event into the state. Never refuses: a recorded event is a fact. */
export function evolveCase(state: CaseState, event: CaseEvent): CaseState {
  const next = evolveByType(state, event);
  if (next === state || next.status === 'none') return next;
  const lastFactAt = factTimeAfter(state, event, next);
  return lastFactAt === undefined ? next : { ...next, lastFactAt };
}

function evolveByType(state: CaseState, event: CaseEvent): CaseState {
  if (event.type === 'CaseReported') return reported(event);
  if (state.status === 'none') return state;
  if (isDisputeEvent(event)) return isDisputeCase(state) ? evolveDispute(state, event) : state;
  if (isPetitionEvent(event)) return isPetitionCase(state) ? evolvePetition(state, event) : state;
  if (isEnforcementEvent(event)) return isEnforcementCase(state) ? evolveEnforcement(state, event) : state;
  if (isAttachmentEvent(event)) return evolveAttachment(state, event);
  if (isApprovalEvent(event)) return evolveApproval(state, event);
  return evolveWorkOrder(state, event);
}

export interface CaseDeciderOptions {
  /** Deadline policy; `defaultCasePolicy` when absent. Validate it with `validateCasePolicy` first. */
  readonly policy?: CasePolicy;
  /** Working-day calendar; built from `policy.calendar` overrides when absent. */
  readonly calendar?: WorkingDayCalendar;
}

/**
 * The case aggregate as a decider. Deadlines are computed in `decide` from the policy and
 * calendar and stored in the events; `evolve` never recomputes them.
 */
export function createCaseDecider(
  options: CaseDeciderOptions = {},
): Decider<CaseCommand, CaseEvent, CaseState> {
  const policy = options.policy ?? defaultCasePolicy;
  const ctx = createDecisionContext(policy, options.calendar ?? createWorkingDayCalendar(policy.calendar));
  return {
    initialState: (): CaseState => ({ status: 'none' }),
    evolve: evolveCase,
    eventFields: CASE_EVENT_FIELDS,
    decide(command, state) {
      checkMetadata(command);
      if (command.type === 'ReportCase') {
        if (state.status !== 'none') {
          throw new DomainError(
            CaseErrorCode.alreadyExists,
            'illegal_transition',
            `case ${state.caseId} already exists`,
            { status: state.status, command: command.type },
          );
        }
        return report(ctx, command, () => resolveMoment(command, state, policy.businessTime));
      }
      if (state.status === 'none') throw caseNotFound(command.type);
      return decideOnCase(ctx, command, state, () => resolveMoment(command, state, policy.businessTime));
    },
  };
}

/** The case decider with the default policy and the official calendar. */
export const caseDecider: Decider<CaseCommand, CaseEvent, CaseState> = createCaseDecider();
