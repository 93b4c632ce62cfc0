import { Inject, Logger } from '@nestjs/common';
import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  AdmissionErrorCode,
  admissionStreamName,
  listsInForce,
  responsibilityListDecider,
  type AdmissionApproved,
  type AdmissionCommand,
  type AdmissionEvent,
  type AdmissionState,
  type ListKind,
  type ResponsibilityListState,
  type SubmitAdmissionRequest,
} from '#admission-domain';
import { CommandPipeline, type CommandContext, type PipelineResult } from '#command-pipeline';
import { isDomainError, localDateOf } from '#domain-kernel';
import { EVENT_STORE, type EventStore } from '#event-store';
import { commandsHandled } from '#platform';
import { COMMAND_PIPELINE } from '../infrastructure/infrastructure.tokens.js';
import { ADMISSION_DECIDER, type AdmissionDecider } from './admission-decider.provider.js';
import { approvalFromRecorded, approvalListCommand, type ApprovalOrigin } from '#runtime';
import { ExecuteListCommand, type ListResult } from './execute-list-command.js';
import { ResponsibilityListsCache } from './responsibility-lists.cache.js';

type Submit = SubmitAdmissionRequest;
/** A submission as the edge builds it: the handler adds the lists in force. */
export type SubmitWithoutLists = Omit<Submit, 'data'> & { data: Omit<Submit['data'], 'lists'> };
export type AdmissionRequestCommand = Exclude<AdmissionCommand, Submit> | SubmitWithoutLists;

export type AdmissionResult = PipelineResult<AdmissionEvent, AdmissionState>;

/** What an approval did to the list: the item's append, or why the list refused it. */
export type ListOutcome =
  { readonly applied: ListResult } | { readonly refused: { readonly code: string; readonly detail: string } };

export interface AdmissionCommandOutcome {
  readonly admission: AdmissionResult;
  /** Only for ApproveAdmission. */
  readonly list?: ListOutcome;
}

/** A command on one admission request (`admission-<requestId>`), routed to the one pipeline. */
export class ExecuteAdmissionCommand extends Command<AdmissionCommandOutcome> {
  constructor(
    readonly requestId: string,
    readonly command: AdmissionRequestCommand,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(ExecuteAdmissionCommand)
export class ExecuteAdmissionCommandHandler implements ICommandHandler<ExecuteAdmissionCommand> {
  private readonly logger = new Logger('Admissions');

  constructor(
    @Inject(COMMAND_PIPELINE) private readonly pipeline: CommandPipeline,
    @Inject(ADMISSION_DECIDER) private readonly admissionDecider: AdmissionDecider,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly lists: ResponsibilityListsCache,
    private readonly commandBus: CommandBus,
  ) {}

  async execute({ requestId, command, context }: ExecuteAdmissionCommand): Promise<AdmissionCommandOutcome> {
    const stream = admissionStreamName(requestId);
    try {
      let outcome: AdmissionCommandOutcome;
      if (command.type === 'SubmitAdmissionRequest') {
        // The check spans streams: fold the seven list streams (cached by revision) and pass the
        // lists in force on the start date in the command; the decider records the versions used.
        const startFrom = command.data.startFrom ?? localDateOf(command.metadata.now);
        const folded = await this.lists.all(command.data.districtCode);
        const states = Object.fromEntries(
          Object.entries(folded).map(([kind, list]) => [kind, list.state]),
        ) as Record<ListKind, ResponsibilityListState>;
        const full: Submit = {
          ...command,
          data: { ...command.data, lists: listsInForce(command.data.districtCode, startFrom, states) },
        };
        outcome = { admission: await this.pipeline.handle(this.admissionDecider, stream, full, context) };
      } else if (command.type === 'ApproveAdmission') {
        outcome = await this.approve(stream, command, context);
      } else {
        outcome = { admission: await this.pipeline.handle(this.admissionDecider, stream, command, context) };
      }
      commandsHandled.inc({
        aggregate: 'admission',
        command: command.type,
        outcome: outcome.admission.replayed ? 'replayed' : 'applied',
      });
      return outcome;
    } catch (error) {
      commandsHandled.inc({
        aggregate: 'admission',
        command: command.type,
        outcome: (error as { code?: string }).code ?? 'error',
      });
      throw error;
    }
  }

  /**
   * Approval, then the list amendment it implies, as two appends on two streams (no transaction
   * spans streams). Before approving, the amendment is tried against the folded list (pure, no
   * write), so an item code already in force or a date before the list's last change is refused
   * with nothing appended. After approving, `listCommandFromApproval` runs on the list stream with
   * a command id derived from the approval's command id, so running it again only replays it.
   *
   * If the process dies between the two appends, the approval is recorded and the item is not yet
   * on the list. Any later ApproveAdmission on the request repairs it: a retry with the same
   * Idempotency-Key replays the approval and runs the amendment (new or replayed), and a retry
   * without one is refused 409 (already approved) but still runs the amendment of the recorded
   * approval first. If nobody retries, the worker's `admission-listing` service
   * (libs/runtime/src/admission-listing) follows AdmissionApproved on the log and runs the same
   * command with the same id (`approval-list-command.ts`), so the gap closes without a caller;
   * this synchronous path stays for the immediate effect. A competing write between the dry run
   * and the amendment (another item taking the same code) leaves the approval without its item;
   * the answer says so (`list.refused`) and it is logged.
   */
  private async approve(
    stream: string,
    command: Extract<AdmissionCommand, { type: 'ApproveAdmission' }>,
    context: CommandContext,
  ): Promise<AdmissionCommandOutcome> {
    const listKind = command.data.listKind;
    const districtOf = (state: AdmissionState) =>
      state.status === 'none' ? undefined : state.request.districtCode;
    // The district is the request's; read it once from the stream before folding the list.
    const recorded = await this.store.readStream(stream, { maxCount: 1 });
    const districtCode = (recorded[0]?.data as { districtCode?: string } | undefined)?.districtCode;
    const list = districtCode === undefined ? undefined : await this.lists.one(districtCode, listKind);
    const dryRun = (state: unknown) => {
      context.authorize?.(state);
      const admission = state as AdmissionState;
      if (
        admission.status !== 'reviewed' ||
        list === undefined ||
        districtOf(admission) !== list.districtCode
      )
        return;
      const [approved] = this.admissionDecider.decide(command, admission);
      if (approved?.type === 'AdmissionApproved')
        responsibilityListDecider.decide(approvalListCommand(approved, context).command, list.state);
    };
    let admission: AdmissionResult;
    try {
      admission = await this.pipeline.handle(this.admissionDecider, stream, command, {
        ...context,
        authorize: dryRun,
      });
    } catch (error) {
      if (isDomainError(error) && error.code === AdmissionErrorCode.illegalTransition)
        await this.repairApproval(stream).catch(() => undefined);
      throw error;
    }
    const approved = admission.events.find(
      (event): event is AdmissionApproved => event.type === 'AdmissionApproved',
    );
    if (!approved) return { admission };
    return {
      admission,
      list: await this.addToList(approved, {
        commandId: context.commandId,
        correlationId: context.correlationId,
      }),
    };
  }

  /** Runs the list amendment of the approval recorded on the stream, if any (idempotent). */
  private async repairApproval(stream: string): Promise<void> {
    const recorded = (await this.store.readStream(stream)).find(
      (event) => event.type === 'AdmissionApproved',
    );
    const approval = recorded === undefined ? undefined : approvalFromRecorded(recorded);
    if (approval === undefined) return;
    await this.addToList(approval.approved, approval.origin);
  }

  private async addToList(approved: AdmissionApproved, origin: ApprovalOrigin): Promise<ListOutcome> {
    const { command, context } = approvalListCommand(approved, origin);
    try {
      const applied = await this.commandBus.execute(new ExecuteListCommand(command, context));
      return { applied };
    } catch (error) {
      if (!isDomainError(error)) throw error;
      this.logger.error(
        {
          event: 'admission.list_item_refused',
          requestId: approved.data.requestId,
          code: error.code,
          listKind: approved.data.listKind,
          itemCode: approved.data.item.code,
        },
        'approved admission could not join its list',
      );
      return { refused: { code: error.code, detail: error.message } };
    }
  }
}
