import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandPipeline, type CommandContext, type PipelineResult } from '#command-pipeline';
import { caseDecider, caseStreamName, type CaseCommand, type CaseEvent, type CaseState } from '#case-domain';
import { commandsHandled } from '#platform';
import { COMMAND_PIPELINE } from '../infrastructure/infrastructure.tokens.js';

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

@CommandHandler(ExecuteCaseCommand)
export class ExecuteCaseCommandHandler implements ICommandHandler<ExecuteCaseCommand> {
  constructor(@Inject(COMMAND_PIPELINE) private readonly pipeline: CommandPipeline) {}

  async execute({ caseId, command, context }: ExecuteCaseCommand): Promise<PipelineResult<CaseEvent, CaseState>> {
    try {
      const result = await this.pipeline.handle(caseDecider, caseStreamName(caseId), command, context);
      commandsHandled.inc({ aggregate: 'case', command: command.type, outcome: result.replayed ? 'replayed' : 'applied' });
      return result;
    } catch (error) {
      commandsHandled.inc({ aggregate: 'case', command: command.type, outcome: (error as { code?: string }).code ?? 'error' });
      throw error;
    }
  }
}
