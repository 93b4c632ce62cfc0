import type { CaseCommand, CaseCommandType } from './case.commands.js';
import { commandNotApplicable, illegalStageTransition, illegalTransition } from './case.errors.js';
import type { CaseEvent } from './case.events.js';
import type { ReportedCase } from './case.state.js';
import type { CaseStatus, CaseType, Moment } from './case.types.js';
import type { DisputeDetails } from './dispute/dispute.state.js';
import type { EnforcementDetailsIn, EnforcementStage } from './enforcement/enforcement.state.js';
import type { PetitionDetailsIn, PetitionStage } from './petition/petition.state.js';
import { checker, type Checker, type DecisionContext } from './case.rules.js';
import { lateEntry } from './business-time.js';
import { isApprovalRequired } from './approvals/approval.events.js';
import { approvalRequested } from './approvals/approval.handlers.js';

export type CommandOf<T extends CaseCommandType> = Extract<CaseCommand, { type: T }>;
export type DisputeCase = ReportedCase & { readonly details: DisputeDetails };
export type PetitionCase<S extends PetitionStage = PetitionStage> = ReportedCase & {
  readonly details: PetitionDetailsIn<S>;
};
export type EnforcementCase<S extends EnforcementStage = EnforcementStage> = ReportedCase & {
  readonly details: EnforcementDetailsIn<S>;
};

/**
 * One command on one type of case. The router runs `guard` (status or stage: 409, narrowing the
 * state), then `fields` (every check of the command's own data, 400 `CASE.INVALID_COMMAND` listing
 * all problems), then checks its business time (ADR 0018), then `decide` (the rules of the law and
 * the events).
 */
export interface CommandHandler<C extends CaseCommand, In extends ReportedCase, S extends In = In> {
  readonly guard: (state: In, command: C) => S;
  readonly fields?: (data: C['data'], check: Checker) => void;
  readonly decide: (ctx: DecisionContext, command: C, state: S, moment: Moment) => CaseEvent[];
}

/** Builds a handler; the guard comes first so that the state `decide` sees is inferred from it. */
export function handler<C extends CaseCommand, In extends ReportedCase, S extends In>(
  guard: (state: In, command: C) => S,
  rest: Omit<CommandHandler<C, In, S>, 'guard'>,
): CommandHandler<C, In, S> {
  return { guard, ...rest };
}

/** A handler as a routing table holds it: the state its guard narrows to is its own business. */
export interface RoutedHandler<C extends CaseCommand, In extends ReportedCase> {
  readonly guard: (state: In, command: C) => In;
  readonly fields?: (data: C['data'], check: Checker) => void;
  readonly decide: (ctx: DecisionContext, command: C, state: never, moment: Moment) => CaseEvent[];
}

/** The routing table of one case type: a command it has no entry for does not apply to it (422). */
export type RouteTable<In extends ReportedCase> = {
  readonly [T in Exclude<CaseCommandType, 'ReportCase'>]?: RoutedHandler<CommandOf<T>, In>;
};

/** Stands for the approving account while a request's rules are checked before anyone approved it. */
const NOT_YET_APPROVED = '(not yet approved)';

/**
 * Runs one command through its handler in `table`, or refuses it as not applicable to `caseType`. A
 * command that needs approval (ADR 0019) is checked in full (guard, fields, rules) and recorded as an
 * ApprovalRequested; its own events come when an entitled account approves it (`runApproved`).
 */
export function route<In extends ReportedCase>(
  table: RouteTable<In>,
  notApplicable: (type: CaseCommandType) => string,
  ctx: DecisionContext,
  command: Exclude<CaseCommand, { type: 'ReportCase' }>,
  state: In,
  momentOf: () => Moment,
): CaseEvent[] {
  const needsApproval = isApprovalRequired(command.type);
  const run = prepare(table, notApplicable, command, state, (check) => {
    if (needsApproval && (command.data as { approvedBy?: unknown }).approvedBy !== undefined)
      check.problem(
        'approvedBy is not taken: an approval is the approve action of an account holding the approving post',
      );
  });
  // Business time is checked once the command fits the case: a command in the wrong stage is 409 whenever it happened.
  const moment = momentOf();
  if (needsApproval) {
    run(ctx, { ...moment, approvedBy: NOT_YET_APPROVED });
    return [
      approvalRequested(command as Parameters<typeof approvalRequested>[0], state, moment),
      ...lateEntry(command, state.caseId, moment),
    ];
  }
  return [...run(ctx, moment), ...lateEntry(command, state.caseId, moment)];
}

/** Runs a requested command again once approved: guard, fields and rules on the case as it is now. */
export function runApproved<In extends ReportedCase>(
  table: RouteTable<In>,
  notApplicable: (type: CaseCommandType) => string,
  ctx: DecisionContext,
  command: Exclude<CaseCommand, { type: 'ReportCase' }>,
  state: In,
  moment: Moment,
): CaseEvent[] {
  return prepare(table, notApplicable, command, state)(ctx, moment);
}

function prepare<In extends ReportedCase>(
  table: RouteTable<In>,
  notApplicable: (type: CaseCommandType) => string,
  command: Exclude<CaseCommand, { type: 'ReportCase' }>,
  state: In,
  moreFields?: (check: Checker) => void,
): (ctx: DecisionContext, moment: Moment) => CaseEvent[] {
  // The casts live here only: the table pairs each command type with its own handler, and `decide`
  // gets the very state its `guard` narrowed.
  const entry = table[command.type] as RoutedHandler<CaseCommand, In> | undefined;
  if (!entry) throw commandNotApplicable(command.type, state.caseType, notApplicable(command.type));
  const narrowed = entry.guard(state, command);
  const check = checker(command.type);
  entry.fields?.(command.data, check);
  moreFields?.(check);
  check.done();
  return (ctx, moment) => entry.decide(ctx, command, narrowed as never, moment);
}

/** A handler that may run in these common statuses (a dispute's work-order loop). */
export function inStatus<In extends ReportedCase>(...statuses: readonly CaseStatus[]) {
  return (state: In, command: { type: string }): In => {
    if (!statuses.includes(state.status)) throw illegalTransition(state.status, command.type);
    return state;
  };
}

/** A petition handler that may run in these stages; narrows the petition's data to them. */
export function inPetitionStage<S extends PetitionStage>(...stages: readonly S[]) {
  return (state: PetitionCase, command: { type: string }): PetitionCase<S> => {
    if (!isPetitionIn(state, stages))
      throw illegalStageTransition(state.status, state.details.stage, command.type);
    return state;
  };
}

export function isPetitionIn<S extends PetitionStage>(
  state: PetitionCase,
  stages: readonly S[],
): state is PetitionCase<S> {
  return (stages as readonly PetitionStage[]).includes(state.details.stage);
}

/** An enforcement handler that may run in these stages; narrows the case's data to them. */
export function inEnforcementStage<S extends EnforcementStage>(...stages: readonly S[]) {
  return (state: EnforcementCase, command: { type: string }): EnforcementCase<S> => {
    if (!isEnforcementIn(state, stages))
      throw illegalStageTransition(state.status, state.details.stage, command.type);
    return state;
  };
}

export function isEnforcementIn<S extends EnforcementStage>(
  state: EnforcementCase,
  stages: readonly S[],
): state is EnforcementCase<S> {
  return (stages as readonly EnforcementStage[]).includes(state.details.stage);
}

export function isDisputeCase(state: ReportedCase): state is DisputeCase {
  return state.details.caseType === 'dispute';
}
export function isPetitionCase(state: ReportedCase): state is PetitionCase {
  return state.details.caseType === 'petition';
}
export function isEnforcementCase(state: ReportedCase): state is EnforcementCase {
  return state.details.caseType === 'enforcement';
}

export type { CaseType, Moment };
