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
import { AccountsRepository } from '../auth/accounts.repository.js';
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
    private readonly accounts: AccountsRepository,
  ) {}

  /**
   * A login name the registry gives must be free among all accounts, case-insensitively: a local
   * account (`analyst`, the administrator, a department) or a registry login spelt with other case
   * would otherwise clash in the accounts table (whose usernames are unique regardless of case).
   */
  private async refuseTakenAccountName(command: RegistryCommand): Promise<void> {
    if (
      command.type !== 'RegisterGridWorker' &&
      command.type !== 'IssueGridAccount' &&
      command.type !== 'RegisterStaffAccount'
    )
      return;
    const wanted = command.data.accountName;
    if (typeof wanted !== 'string') return;
    const account = await this.accounts.findByUsername(wanted);
    const folded = await this.cache.current();
    const registryNames = folded?.state.status === 'open' ? Object.keys(folded.state.accountNames) : [];
    const spelledOtherwise = registryNames.find(
      (name) => name !== wanted && name.toLowerCase() === wanted.toLowerCase(),
    );
    if ((account && account.source === 'local') || spelledOtherwise !== undefined) {
      throw registryError(
        'DUPLICATE_ACCOUNT_NAME',
        `account name ${wanted} is taken by ${spelledOtherwise !== undefined ? `the registry login ${spelledOtherwise}` : 'a local account'} (login names are unique regardless of case)`,
        { accountName: wanted },
      );
    }
  }

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
      await this.refuseTakenAccountName(command);
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
