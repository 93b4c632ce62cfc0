import { localDateOf } from '#domain-kernel';
import { Injectable } from '@nestjs/common';
import {
  caseWithin,
  gridWithin,
  resolveJurisdiction,
  scopeFilterOf,
  type CaseFacts,
  type Jurisdiction,
  type Principal,
  type ScopeFilter,
} from '#auth';
import { registryView } from '#registry-domain';
import { RegistryStateCache } from '../registry/registry-state.cache.js';

const NO_TREE = { gridsWithin: () => [] as string[] };

/**
 * A principal's jurisdiction against the registry as it stands today. Street and community scopes
 * need the registry (the grids of the subtree); the answer is kept per registry revision.
 */
@Injectable()
export class JurisdictionService {
  private memo = new Map<string, Jurisdiction>();
  private memoRevision = -2n;

  constructor(private readonly registry: RegistryStateCache) {}

  async resolve(principal: Principal): Promise<Jurisdiction> {
    const scope = principal.scope;
    if (scope?.kind !== 'street' && scope?.kind !== 'community')
      return resolveJurisdiction(principal, NO_TREE);
    const folded = await this.registry.current();
    if (!folded) return { kind: 'none' };
    if (folded.revision !== this.memoRevision) {
      this.memo = new Map();
      this.memoRevision = folded.revision;
    }
    const key = `${scope.kind}/${scope.id}`;
    let jurisdiction = this.memo.get(key);
    if (!jurisdiction) {
      jurisdiction = resolveJurisdiction(
        principal,
        registryView(folded.state, localDateOf(new Date().toISOString())),
      );
      this.memo.set(key, jurisdiction);
    }
    return jurisdiction;
  }

  async mayTouchCase(principal: Principal, facts: CaseFacts): Promise<boolean> {
    return caseWithin(await this.resolve(principal), facts);
  }

  async mayViewGrid(principal: Principal, gridId: string): Promise<boolean> {
    return gridWithin(await this.resolve(principal), gridId);
  }

  /** The case-list columns the principal's jurisdiction pins (null: nothing may be listed). */
  async scopeFilter(principal: Principal): Promise<ScopeFilter | null> {
    return scopeFilterOf(await this.resolve(principal));
  }
}

/** Where a folded case lies, for jurisdiction; undefined while the case does not exist. */
export function caseFactsOf(state: unknown): CaseFacts | undefined {
  const s = state as
    | { status?: string; caseType?: string; location?: { gridId?: string }; details?: { squadId?: string } }
    | undefined;
  if (!s || s.status === 'none' || !s.location?.gridId) return undefined;
  return { gridId: s.location.gridId, caseType: String(s.caseType), squadId: s.details?.squadId ?? null };
}
