import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { PersonalDataCodec } from '#auth';
import {
  CommandPipeline,
  type CommandContext,
  type PipelineResult,
  type StreamCacheOptions,
} from '#command-pipeline';
import { caseDecider, caseStreamName, type CaseCommand, type CaseEvent, type CaseState } from '#case-domain';
import { EVENT_STORE, type EventStore } from '#event-store';
import { commandsHandled, type Database } from '#platform';
import { DATABASE, PERSONAL_DATA } from '../infrastructure/infrastructure.tokens.js';
import { PetitionFingerprints, petitionReportOf } from './petition-fingerprints.js';

/** Routed by the CommandBus to the one pipeline: read the case stream, fold, decide, append. */
export class ExecuteCaseCommand extends Command<PipelineResult<CaseEvent, CaseState>> {
  constructor(
    readonly caseId: string,
    readonly command: CaseCommand,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/**
 * Case commands come in bursts on one case (report, register, dispatch, accept, start within
 * minutes): the case pipeline keeps the decoded history and state of the cases it wrote last, so
 * such a command costs one append instead of a stream read, a key lookup, decryption and a fold
 * (docs/benchmarks.md). The age bound keeps decrypted personal data in memory for at most a minute
 * after the last write; whatever the cache holds, an append is only accepted at the revision it
 * was decided on, and anything else is decided again on a fresh read (libs/command-pipeline).
 */
export const CASE_STREAM_CACHE: StreamCacheOptions = { maxStreams: 2000, maxAgeMs: 60_000 };

@CommandHandler(ExecuteCaseCommand)
export class ExecuteCaseCommandHandler implements ICommandHandler<ExecuteCaseCommand> {
  private readonly petitionFingerprints: PetitionFingerprints;
  private readonly pipeline: CommandPipeline;

  constructor(
    @Inject(DATABASE) database: Database,
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(PERSONAL_DATA) personalData: PersonalDataCodec,
  ) {
    this.petitionFingerprints = new PetitionFingerprints(database.pool, store, personalData);
    this.pipeline = new CommandPipeline(store, { codec: personalData, streamCache: CASE_STREAM_CACHE });
  }

  async execute({
    caseId,
    command,
    context,
  }: ExecuteCaseCommand): Promise<PipelineResult<CaseEvent, CaseState>> {
    try {
      // A repeat of a finally decided petition spans streams, so it is refused here (see petition-fingerprints.ts).
      const petition = petitionReportOf(command);
      if (petition) await this.petitionFingerprints.beforeReport(caseId, petition);
      const result = await this.pipeline.handle(caseDecider, caseStreamName(caseId), command, context);
      for (const event of result.events) {
        if (event.type === 'PetitionReReviewAnswered')
          await this.petitionFingerprints.markFinal(caseId, event.data.factsFingerprint);
      }
      commandsHandled.inc({
        aggregate: 'case',
        command: command.type,
        outcome: result.replayed ? 'replayed' : 'applied',
      });
      return result;
    } catch (error) {
      commandsHandled.inc({
        aggregate: 'case',
        command: command.type,
        outcome: (error as { code?: string }).code ?? 'error',
      });
      throw error;
    }
  }
}
