import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  responsibilityListDecider,
  responsibilityListStreamName,
  type ResponsibilityListCommand,
  type ResponsibilityListEvent,
  type ResponsibilityListState,
} from '#admission-domain';
import { CommandPipeline, type CommandContext, type PipelineResult } from '#command-pipeline';
import { commandsHandled } from '#platform';
import { COMMAND_PIPELINE } from '../infrastructure/infrastructure.tokens.js';
import { ResponsibilityListsCache } from './responsibility-lists.cache.js';

export type ListResult = PipelineResult<ResponsibilityListEvent, ResponsibilityListState>;

/** A command on one responsibility list, routed to the pipeline on `responsibility-list-<district>-<kind>`. */
export class ExecuteListCommand extends Command<ListResult> {
  constructor(
    readonly command: ResponsibilityListCommand,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** The kind a list command addresses (AddNegativeListEntry always goes to the negative list). */
export function kindOf(command: ResponsibilityListCommand) {
  return command.type === 'AddNegativeListEntry' ? 'negative' : command.data.kind;
}

@CommandHandler(ExecuteListCommand)
export class ExecuteListCommandHandler implements ICommandHandler<ExecuteListCommand> {
  constructor(
    @Inject(COMMAND_PIPELINE) private readonly pipeline: CommandPipeline,
    private readonly lists: ResponsibilityListsCache,
  ) {}

  async execute({ command, context }: ExecuteListCommand): Promise<ListResult> {
    const { districtCode } = command.data;
    const kind = kindOf(command);
    try {
      const result = await this.pipeline.handle(
        responsibilityListDecider,
        responsibilityListStreamName(districtCode, kind),
        command,
        context,
      );
      this.lists.offer({ districtCode, kind, revision: result.revision, state: result.state });
      commandsHandled.inc({
        aggregate: 'responsibility_list',
        command: command.type,
        outcome: result.replayed ? 'replayed' : 'applied',
      });
      return result;
    } catch (error) {
      commandsHandled.inc({
        aggregate: 'responsibility_list',
        command: command.type,
        outcome: (error as { code?: string }).code ?? 'error',
      });
      throw error;
    }
  }
}
