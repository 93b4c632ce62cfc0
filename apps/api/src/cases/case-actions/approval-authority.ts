import { Injectable } from '@nestjs/common';
import { localDateOf } from '#domain-kernel';
import { approvalsOf, approvingBodyOf, type ApprovingPostRef, type CaseState } from '#case-domain';
import { registryView, type RegistryView } from '#registry-domain';
import { RegistryStateCache } from '../../registry/registry-state.cache.js';

/**
 * Who may approve a request on a case (ADR 0019): the registry as of the approval's business date,
 * the approving body the case domain names for the request (`approvingBodyOf`), and the approving posts
 * (负责人) the account holds there on that date. The decider records the post; without one it refuses
 * (403 `CASE.APPROVER_NOT_ENTITLED`).
 */
@Injectable()
export class ApprovalAuthority {
  constructor(private readonly registry: RegistryStateCache) {}

  /** The registry as it stood on the date (China Standard Time) of `instant`; undefined without a district. */
  async registryOn(instant: string): Promise<RegistryView | undefined> {
    const folded = await this.registry.current();
    return folded ? registryView(folded.state, localDateOf(instant)) : undefined;
  }
}

/** The approving post `accountId` holds for the request `requestId` of the folded case, if any. */
export function approvingPostFor(
  view: RegistryView | undefined,
  accountId: string,
  state: CaseState,
  requestId: unknown,
): ApprovingPostRef | undefined {
  if (!view || state.status === 'none') return undefined;
  const pending = approvalsOf(state).pending.find((request) => request.requestId === requestId);
  if (!pending) return undefined;
  const body = approvingBodyOf(state, pending.command, view);
  const post = view.approvingPosts(accountId).find((held) => body.unitIds.includes(held.unit.id));
  return post ? { unitId: post.unit.id, title: post.title } : undefined;
}
