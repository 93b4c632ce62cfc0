import { countPeriod, createWorkingDayCalendar, type Deadline, type WorkingDayCalendar } from '#case-domain';
import {
  assertNever,
  DomainError,
  type Decider,
  daysBetween,
  localDateOf,
  parseInstant,
  type LocalDate,
} from '#domain-kernel';
import {
  LIST_KIND_LEVELS,
  LIST_KINDS,
  OWNER_LEVELS,
  POSITIVE_LIST_KINDS,
  WORK_NATURES,
  type ListKind,
  type PositiveListKind,
} from '../list/responsibility-list.types.js';
import { collectProblems, type ProblemCollector } from '../validation.js';
import { checkAgainstLists } from './admission-check.js';
import {
  defaultAdmissionPolicy,
  type AdmissionPeriodRule,
  type AdmissionPolicy,
} from './admission-policy.js';
import {
  MAX_TARGET_UNITS,
  REVIEW_OPINIONS,
  TARGET_UNIT_KINDS,
  unitKindOfLevel,
  type AdmissionCommand,
  type ApproveAdmission,
  type RecordReviewOpinion,
  type RefuseAdmission,
  type SubmitAdmissionRequest,
  type WithdrawAdmissionRequest,
} from './admission.commands.js';
import { AdmissionErrorCode, admissionIllegalTransition, admissionInvalid } from './admission.errors.js';
import type { AdmissionEvent } from './admission.events.js';
import type { AdmissionState } from './admission.state.js';
import { ADMISSION_EVENT_FIELDS } from './admission.fields.js';

function validateResources(
  problems: ProblemCollector,
  resources: SubmitAdmissionRequest['data']['resources'] | undefined,
): void {
  if (typeof resources !== 'object' || resources === null) {
    problems.add('resources must be an object ({ staff, fundingFen, equipment })');
    return;
  }
  problems.wholeNumber(resources.staff, 'resources.staff', 0);
  problems.wholeNumber(resources.fundingFen, 'resources.fundingFen (integer fen)', 0);
  if (!Array.isArray(resources.equipment)) problems.add('resources.equipment must be an array');
  else {
    resources.equipment.forEach((item, i) => {
      problems.text(item?.name, `resources.equipment[${i}].name`);
      problems.wholeNumber(item?.quantity, `resources.equipment[${i}].quantity`, 1);
    });
  }
}

function validateTargetUnits(
  problems: ProblemCollector,
  units: SubmitAdmissionRequest['data']['targetUnits'],
): void {
  if (units === undefined) return;
  if (!Array.isArray(units)) {
    problems.add('targetUnits must be an array of { id, kind, name }');
    return;
  }
  if (units.length > MAX_TARGET_UNITS)
    problems.add(`targetUnits may name at most ${MAX_TARGET_UNITS} units (target the whole level instead)`);
  const seen = new Set<string>();
  units.forEach((unit, i) => {
    if (problems.text(unit?.id, `targetUnits[${i}].id`)) {
      if (seen.has(unit.id)) problems.add(`targetUnits[${i}].id ${unit.id} is named twice`);
      seen.add(unit.id);
    }
    problems.oneOf(unit?.kind, TARGET_UNIT_KINDS, `targetUnits[${i}].kind`);
    problems.text(unit?.name, `targetUnits[${i}].name`);
  });
}

function validate(command: AdmissionCommand): void {
  const problems = collectProblems();
  problems.text(command.metadata?.actor, 'metadata.actor');
  problems.instant(command.metadata?.now, 'metadata.now');
  const data = command.data as Record<string, unknown> | undefined;
  if (typeof data !== 'object' || data === null) {
    problems.add('data must be an object');
    problems.done((found) => admissionInvalid(command.type, found));
    return;
  }
  switch (command.type) {
    case 'SubmitAdmissionRequest': {
      const { requestId, districtCode, department, work, reason, resources, startFrom, lists } = command.data;
      problems.text(requestId, 'requestId');
      problems.text(districtCode, 'districtCode');
      problems.text(department, 'department');
      problems.text(reason, 'reason');
      if (typeof work !== 'object' || work === null) problems.add('work must be an object');
      else {
        problems.text(work.title, 'work.title');
        problems.text(work.description, 'work.description');
        problems.text(work.itemClass, 'work.itemClass');
        problems.oneOf(work.nature, WORK_NATURES, 'work.nature');
        problems.oneOf(work.targetLevel, OWNER_LEVELS, 'work.targetLevel');
        problems.optionalText(work.legalBasis, 'work.legalBasis');
        problems.optionalText(work.listItemCode, 'work.listItemCode');
      }
      validateResources(problems, resources);
      validateTargetUnits(problems, command.data.targetUnits);
      if (startFrom !== undefined) problems.date(startFrom, 'startFrom');
      if (typeof lists !== 'object' || lists === null || !Array.isArray(lists.lists))
        problems.add('lists must be the lists in force ({ districtCode, asOf, lists })');
      break;
    }
    case 'RecordReviewOpinion':
      problems.oneOf(command.data.opinion, REVIEW_OPINIONS, 'opinion');
      problems.text(command.data.findings, 'findings');
      problems.text(command.data.reviewingOffice, 'reviewingOffice');
      break;
    case 'ApproveAdmission':
      problems.text(command.data.authorisedOffice, 'authorisedOffice');
      problems.oneOf(command.data.listKind, POSITIVE_LIST_KINDS, 'listKind');
      problems.text(command.data.itemCode, 'itemCode');
      if (command.data.effectiveFrom !== undefined)
        problems.date(command.data.effectiveFrom, 'effectiveFrom');
      problems.optionalText(command.data.documentRef, 'documentRef');
      problems.optionalText(command.data.note, 'note');
      break;
    case 'RefuseAdmission':
      problems.text(command.data.authorisedOffice, 'authorisedOffice');
      problems.text(command.data.reason, 'reason');
      problems.optionalText(command.data.documentRef, 'documentRef');
      break;
    case 'WithdrawAdmissionRequest':
      problems.text(command.data.reason, 'reason');
      break;
    default:
      assertNever(command, 'admission command');
  }
  problems.done((found) => admissionInvalid(command.type, found));
}

/** The lists must be the district's, as of the start date, one of each kind: otherwise the check means nothing. */
function requireUsableLists(command: SubmitAdmissionRequest, startFrom: LocalDate): void {
  const { lists, districtCode } = command.data;
  const mismatched =
    lists.districtCode !== districtCode ||
    lists.asOf !== startFrom ||
    lists.lists.some((list) => list.districtCode !== districtCode || list.asOf !== startFrom);
  if (mismatched) {
    throw new DomainError(
      AdmissionErrorCode.listsSnapshotMismatch,
      'unprocessable',
      `SubmitAdmissionRequest: the lists must be district ${districtCode}'s as in force on ${startFrom} (got ${lists.districtCode} as of ${lists.asOf})`,
      {
        command: command.type,
        districtCode,
        startFrom,
        listsDistrictCode: lists.districtCode,
        listsAsOf: lists.asOf,
      },
    );
  }
  const counts = new Map<ListKind, number>();
  for (const list of lists.lists) counts.set(list.kind, (counts.get(list.kind) ?? 0) + 1);
  const missing = LIST_KINDS.filter((kind) => counts.get(kind) !== 1);
  if (missing.length > 0 || lists.lists.length !== LIST_KINDS.length) {
    throw new DomainError(
      AdmissionErrorCode.listsIncomplete,
      'unprocessable',
      `SubmitAdmissionRequest: the lists must hold each kind exactly once (missing or repeated: ${missing.join(', ') || 'unknown kinds'})`,
      { command: command.type, missingOrRepeated: missing },
    );
  }
}

const isOverdue = (deadline: Deadline, now: string): boolean =>
  parseInstant(now) >= parseInstant(deadline.dueAt);

interface DecisionContext {
  readonly policy: AdmissionPolicy;
  readonly calendar: WorkingDayCalendar;
}

const deadlineFrom = (ctx: DecisionContext, rule: AdmissionPeriodRule, trigger: string): Deadline =>
  countPeriod(ctx.calendar, rule.unit, { trigger, amount: rule.amount, basis: rule.basis });

function submit(ctx: DecisionContext, command: SubmitAdmissionRequest): AdmissionEvent[] {
  const { requestId, districtCode, department, work, reason, resources, lists } = command.data;
  const { actor, now } = command.metadata;
  const today = localDateOf(now);
  const startFrom = command.data.startFrom ?? today;
  if (daysBetween(today, startFrom) < 0) {
    throw new DomainError(
      AdmissionErrorCode.startInPast,
      'unprocessable',
      `SubmitAdmissionRequest: work may not start (${startFrom}) before the request (${today})`,
      { command: command.type, startFrom, today },
    );
  }
  const targetUnits = command.data.targetUnits ?? [];
  const unitKind = unitKindOfLevel(work.targetLevel);
  const misplaced = targetUnits.filter((unit) => unit.kind !== unitKind);
  if (misplaced.length > 0) {
    throw new DomainError(
      AdmissionErrorCode.targetUnitLevelMismatch,
      'unprocessable',
      `SubmitAdmissionRequest: work for the ${work.targetLevel} level goes to ${unitKind} units; ${misplaced.map((unit) => `${unit.name} (${unit.kind})`).join(', ')} ${misplaced.length === 1 ? 'is' : 'are'} not`,
      {
        command: command.type,
        targetLevel: work.targetLevel,
        expectedKind: unitKind,
        misplaced: misplaced.map((unit) => unit.id),
      },
    );
  }
  requireUsableLists(command, startFrom);
  const versions = Object.fromEntries(lists.lists.map((list) => [list.kind, list.version])) as Record<
    ListKind,
    number | null
  >;
  const submitted: AdmissionEvent = {
    type: 'AdmissionRequestSubmitted',
    data: {
      requestId,
      districtCode,
      department,
      work,
      reason,
      resources: {
        staff: resources.staff,
        fundingFen: resources.fundingFen,
        equipment: resources.equipment.map((item) => ({ name: item.name, quantity: item.quantity })),
      },
      startFrom,
      ...(targetUnits.length > 0
        ? { targetUnits: targetUnits.map((unit) => ({ id: unit.id, kind: unit.kind, name: unit.name })) }
        : {}),
      checkedAgainst: { asOf: lists.asOf, versions },
      submittedBy: actor,
      submittedAt: now,
    },
  };
  const check = checkAgainstLists(work, resources, lists);
  switch (check.outcome) {
    case 'AdmissionNotRequired':
      return [
        submitted,
        {
          type: 'AdmissionFoundNotRequired',
          data: {
            requestId,
            outcome: 'AdmissionNotRequired',
            listId: check.list.listId,
            listKind: check.list.kind as PositiveListKind,
            listVersion: check.list.version!,
            item: {
              itemId: check.item.itemId,
              code: check.item.code,
              title: check.item.title,
              level: check.item.level,
            },
            matchedBy: check.matchedBy,
            decidedAt: now,
          },
        },
      ];
    case 'RefusedByNegativeList': {
      const matched = check.entries.map((entry) => ({
        entryId: entry.entryId,
        code: entry.code,
        title: entry.title,
      }));
      return [
        submitted,
        {
          type: 'AdmissionRefusedByNegativeList',
          data: {
            requestId,
            listId: check.list.listId,
            listVersion: check.list.version!,
            negativeClass: matched[0]!,
            matched,
            reason: check.reason,
            refusedAt: now,
          },
        },
      ];
    }
    case 'ReviewRequired':
      return [
        submitted,
        {
          type: 'AdmissionReviewStarted',
          data: { requestId, reviewDeadline: deadlineFrom(ctx, ctx.policy.review, now), startedAt: now },
        },
      ];
    default:
      return assertNever(check, 'admission check');
  }
}

function recordReview(
  ctx: DecisionContext,
  command: RecordReviewOpinion,
  state: AdmissionState,
): AdmissionEvent[] {
  if (state.status !== 'under_review') throw admissionIllegalTransition(state.status, command.type);
  const { now, actor } = command.metadata;
  return [
    {
      type: 'AdmissionRequestReviewed',
      data: {
        requestId: state.request.requestId,
        opinion: command.data.opinion,
        findings: command.data.findings,
        reviewingOffice: command.data.reviewingOffice,
        reviewedBy: actor,
        reviewedAt: now,
        overdue: isOverdue(state.reviewDeadline, now),
        decisionDeadline: deadlineFrom(ctx, ctx.policy.decision, now),
      },
    },
  ];
}

function approve(command: ApproveAdmission, state: AdmissionState): AdmissionEvent[] {
  if (state.status !== 'reviewed') throw admissionIllegalTransition(state.status, command.type);
  const { request } = state;
  const { listKind, itemCode, authorisedOffice, documentRef, note } = command.data;
  const { now, actor } = command.metadata;
  const level = request.work.targetLevel;
  if (!LIST_KIND_LEVELS[listKind].includes(level)) {
    throw new DomainError(
      AdmissionErrorCode.listLevelMismatch,
      'unprocessable',
      `ApproveAdmission: the ${listKind} list holds ${LIST_KIND_LEVELS[listKind].join(' / ')} items; the request targets ${level}`,
      { command: command.type, listKind, level },
    );
  }
  const today = localDateOf(now);
  const effectiveFrom =
    command.data.effectiveFrom ?? (daysBetween(today, request.startFrom) > 0 ? request.startFrom : today);
  if (daysBetween(today, effectiveFrom) < 0) {
    throw new DomainError(
      AdmissionErrorCode.effectiveDateInPast,
      'unprocessable',
      `ApproveAdmission: the item cannot join the list (${effectiveFrom}) before the decision (${today})`,
      { command: command.type, effectiveFrom, today },
    );
  }
  return [
    {
      type: 'AdmissionApproved',
      data: {
        requestId: request.requestId,
        districtCode: request.districtCode,
        department: request.department,
        authorisedOffice,
        listKind,
        item: {
          code: itemCode,
          title: request.work.title,
          itemClass: request.work.itemClass,
          level,
          ...(request.work.legalBasis !== undefined ? { legalBasis: request.work.legalBasis } : {}),
        },
        effectiveFrom,
        resources: request.resources,
        ...(documentRef !== undefined ? { documentRef } : {}),
        ...(note !== undefined ? { note } : {}),
        approvedBy: actor,
        approvedAt: now,
        overdue: isOverdue(state.decisionDeadline, now),
      },
    },
  ];
}

function refuse(command: RefuseAdmission, state: AdmissionState): AdmissionEvent[] {
  if (state.status !== 'reviewed') throw admissionIllegalTransition(state.status, command.type);
  const { now, actor } = command.metadata;
  return [
    {
      type: 'AdmissionRefused',
      data: {
        requestId: state.request.requestId,
        authorisedOffice: command.data.authorisedOffice,
        reason: command.data.reason,
        ...(command.data.documentRef !== undefined ? { documentRef: command.data.documentRef } : {}),
        refusedBy: actor,
        refusedAt: now,
        overdue: isOverdue(state.decisionDeadline, now),
      },
    },
  ];
}

function withdraw(command: WithdrawAdmissionRequest, state: AdmissionState): AdmissionEvent[] {
  if (state.status !== 'under_review' && state.status !== 'reviewed')
    throw admissionIllegalTransition(state.status, command.type);
  return [
    {
      type: 'AdmissionRequestWithdrawn',
      data: {
        requestId: state.request.requestId,
        reason: command.data.reason,
        withdrawnBy: command.metadata.actor,
        withdrawnAt: command.metadata.now,
      },
    },
  ];
}

/** Folds one admission event; a recorded event is a fact and is never rejected. */
export function evolveAdmission(state: AdmissionState, event: AdmissionEvent): AdmissionState {
  switch (event.type) {
    case 'AdmissionRequestSubmitted':
      return { status: 'submitted', request: event.data };
    case 'AdmissionFoundNotRequired':
      return state.status === 'none'
        ? state
        : { status: 'not_required', request: state.request, match: event.data };
    case 'AdmissionRefusedByNegativeList':
      return state.status === 'none'
        ? state
        : { status: 'refused', request: state.request, refusal: { by: 'negative_list', ...event.data } };
    case 'AdmissionReviewStarted':
      return state.status === 'none'
        ? state
        : { status: 'under_review', request: state.request, reviewDeadline: event.data.reviewDeadline };
    case 'AdmissionRequestReviewed': {
      if (state.status !== 'under_review') return state;
      const { requestId: _id, decisionDeadline, ...review } = event.data;
      return {
        status: 'reviewed',
        request: state.request,
        reviewDeadline: state.reviewDeadline,
        review,
        decisionDeadline,
      };
    }
    case 'AdmissionApproved':
      return state.status !== 'reviewed'
        ? state
        : { status: 'approved', request: state.request, review: state.review, approval: event.data };
    case 'AdmissionRefused':
      return state.status !== 'reviewed'
        ? state
        : {
            status: 'refused',
            request: state.request,
            refusal: { by: 'review', review: state.review, ...event.data },
          };
    case 'AdmissionRequestWithdrawn':
      return state.status !== 'under_review' && state.status !== 'reviewed'
        ? state
        : {
            status: 'withdrawn',
            request: state.request,
            reason: event.data.reason,
            withdrawnFrom: state.status,
          };
    default:
      return assertNever(event, 'admission event');
  }
}

export interface AdmissionDeciderOptions {
  /** Time limits; `defaultAdmissionPolicy` when absent. Validate with `validateAdmissionPolicy` first. */
  readonly policy?: AdmissionPolicy;
  /** Working-day calendar; built from `policy.calendar` overrides when absent. */
  readonly calendar?: WorkingDayCalendar;
}

/**
 * The admission request (准入) as a decider, one stream per request (`admissionStreamName`).
 * `SubmitAdmissionRequest` carries the lists in force (the check spans streams); deadlines are
 * computed here from the policy and calendar and stored in the events.
 */
export function createAdmissionDecider(
  options: AdmissionDeciderOptions = {},
): Decider<AdmissionCommand, AdmissionEvent, AdmissionState> {
  const policy = options.policy ?? defaultAdmissionPolicy;
  const ctx: DecisionContext = {
    policy,
    calendar: options.calendar ?? createWorkingDayCalendar(policy.calendar),
  };
  return {
    initialState: () => ({ status: 'none' }),
    evolve: evolveAdmission,
    eventFields: ADMISSION_EVENT_FIELDS,
    decide(command, state) {
      validate(command);
      if (command.type === 'SubmitAdmissionRequest') {
        if (state.status !== 'none') {
          throw new DomainError(
            AdmissionErrorCode.alreadyExists,
            'illegal_transition',
            `admission request ${state.request.requestId} already exists`,
            { status: state.status, command: command.type },
          );
        }
        return submit(ctx, command);
      }
      if (state.status === 'none') {
        throw new DomainError(
          AdmissionErrorCode.notFound,
          'not_found',
          `${command.type}: the admission request was never submitted`,
          { command: command.type },
        );
      }
      switch (command.type) {
        case 'RecordReviewOpinion':
          return recordReview(ctx, command, state);
        case 'ApproveAdmission':
          return approve(command, state);
        case 'RefuseAdmission':
          return refuse(command, state);
        case 'WithdrawAdmissionRequest':
          return withdraw(command, state);
        default:
          return assertNever(command, 'admission command');
      }
    },
  };
}

export const admissionDecider: Decider<AdmissionCommand, AdmissionEvent, AdmissionState> =
  createAdmissionDecider();
