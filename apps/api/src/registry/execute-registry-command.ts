import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandPipeline, type CommandContext, type PipelineResult } from '#command-pipeline';
import { commandsHandled } from '#platform';
import {
  registryDecider,
  registryError,
  registryStreamName,
  type RegistryCommand,
  type RegistryEvent,
  type RegistryState,
} from '#registry-domain';
import { COMMAND_PIPELINE } from '../infrastructure/infrastructure.tokens.js';
import { RegistryStateCache } from './registry-state.cache.js';

/** An administrator's registry command, routed by the CommandBus to the one pipeline on `registry-<district>`. */
export class ExecuteRegistryCommand extends Command<PipelineResult<RegistryEvent, RegistryState>> {
  constructor(
    readonly command: RegistryCommand,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(ExecuteRegistryCommand)
export class ExecuteRegistryCommandHandler implements ICommandHandler<ExecuteRegistryCommand> {
  constructor(
    @Inject(COMMAND_PIPELINE) private readonly pipeline: CommandPipeline,
    private readonly cache: RegistryStateCache,
  ) {}

  async execute({
    command,
    context,
  }: ExecuteRegistryCommand): Promise<PipelineResult<RegistryEvent, RegistryState>> {
    try {
      // One district per deployment: CreateDistrict names it while none exists; every other
      // command (and a second CreateDistrict, which the decider then refuses) goes to that one.
      const districtCode =
        (await this.cache.districtCode()) ??
        (command.type === 'CreateDistrict' ? command.data.code : undefined);
      if (districtCode === undefined)
        throw registryError('DISTRICT_NOT_CREATED', 'create the district first');
      const result = await this.pipeline.handle(
        registryDecider,
        registryStreamName(districtCode),
        command,
        context,
      );
      if (result.events.length > 0) {
        this.cache.adopt(districtCode);
        this.cache.offer({ districtCode, revision: result.revision, state: result.state });
      }
      commandsHandled.inc({
        aggregate: 'registry',
        command: command.type,
        outcome: result.replayed ? 'replayed' : 'applied',
      });
      return result;
    } catch (error) {
      commandsHandled.inc({
        aggregate: 'registry',
        command: command.type,
        outcome: (error as { code?: string }).code ?? 'error',
      });
      throw error;
    }
  }
}
