import { Injectable, UnprocessableEntityException } from '@nestjs/common';
import { addressCaseCommand, checkCaseLadder, type CaseOnLadder } from '#auth';
import { occurredAtOf, type CaseCommand } from '#case-domain';
import { localDateOf } from '#domain-kernel';
import { registryView, type AddressRefusal } from '#registry-domain';
import { RegistryStateCache } from '../registry/registry-state.cache.js';

/** A case command with the registry's names for its units, and the registry's verdict on it. */
export interface AddressedCaseCommand {
  readonly command: CaseCommand;
  /**
   * Throws 422 `ADDRESS.*` when a place, unit or squad the command names is not in the registry, or a
   * unit is not on the folded case's ladder. Run in the pipeline's `authorize` after jurisdiction and
   * role (a case the caller may not see stays a 404), or with no state for a report.
   */
  check(state?: unknown): void;
}

/** Every `ADDRESS.*` refusal is a 422: the input is well formed, the registry says no. */
export function addressRefused(refusal: AddressRefusal): UnprocessableEntityException {
  return new UnprocessableEntityException({
    code: refusal.code,
    message: refusal.message,
    errors: [{ field: refusal.field, message: refusal.message }],
  });
}

/** A folded stream with no case yet: the decider answers that (404), not the registry. */
const noCase = (state: unknown) => (state as { status?: string } | undefined)?.status === 'none';

function onLadder(state: unknown): CaseOnLadder | undefined {
  const folded = state as Partial<CaseOnLadder> & { status?: string };
  if (!folded || folded.status === 'none' || !folded.location?.gridId || !folded.level) return undefined;
  return { location: folded.location, level: folded.level };
}

/**
 * The registry as of the command's business date decides every place, unit and squad a case command
 * names (libs/auth case-addressing.ts, docs/adr/0041): unknown or non-canonical ids, a building of
 * another grid, a unit off the case's ladder answer 422 `ADDRESS.*`; a unit's name is the registry's.
 * Before any district exists there is nothing to check against and commands pass unchecked.
 */
@Injectable()
export class CaseAddressing {
  constructor(private readonly registry: RegistryStateCache) {}

  async address(command: CaseCommand): Promise<AddressedCaseCommand> {
    const folded = await this.registry.current();
    if (folded?.state.status !== 'open') return { command, check: () => undefined };
    const view = registryView(folded.state, localDateOf(occurredAtOf(command)));
    const addressed = addressCaseCommand(view, command);
    if ('refusal' in addressed) {
      const refusal = addressed.refusal;
      return {
        command,
        check: (state) => {
          if (!noCase(state)) throw addressRefused(refusal);
        },
      };
    }
    return {
      command: addressed.command,
      check: (state) => {
        const kase = onLadder(state);
        const refusal = kase ? checkCaseLadder(view, addressed.command, kase) : undefined;
        if (refusal) throw addressRefused(refusal);
      },
    };
  }
}
