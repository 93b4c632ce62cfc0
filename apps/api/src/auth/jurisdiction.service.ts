import { localDateOf } from '#domain-kernel';
import { Injectable } from '@nestjs/common';
import {
  caseListFilter,
  caseWithin,
  gridWithin,
  resolveJurisdiction,
  type CaseFacts,
  type CaseListAsk,
  type CaseListPlaces,
  type Jurisdiction,
  type JurisdictionTree,
  type Principal,
} from '#auth';
import { registryView } from '#registry-domain';
import { RegistryStateCache } from '../registry/registry-state.cache.js';

const NO_TREE = { gridsWithin: () => [] as string[] };

/**
 * A principal's jurisdiction against the registry in force today (a change dated later takes effect
 * on its date, not when it is recorded). Street and community scopes need the registry (the grids
 * of the subtree); the answer is kept per registry revision and day.
 */
@Injectable()
export class JurisdictionService {
  private memo = new Map<string, Jurisdiction>();
  private memoKey = '';

  constructor(private readonly registry: RegistryStateCache) {}

  async resolve(principal: Principal): Promise<Jurisdiction> {
    const scope = principal.scope;
    if (scope?.kind !== 'street' && scope?.kind !== 'community')
      return resolveJurisdiction(principal, NO_TREE);
    const folded = await this.registry.current();
    if (!folded) return { kind: 'none' };
    const today = localDateOf(new Date().toISOString());
    // A new day can bring a dated change into force without a new registry event.
    if (`${folded.revision}/${today}` !== this.memoKey) {
      this.memo = new Map();
      this.memoKey = `${folded.revision}/${today}`;
    }
    const key = `${scope.kind}/${scope.id}`;
    let jurisdiction = this.memo.get(key);
    if (!jurisdiction) {
      jurisdiction = resolveJurisdiction(principal, registryView(folded.state, today));
      this.memo.set(key, jurisdiction);
    }
    return jurisdiction;
  }

  /** The registry in force today, as far as places go (no district yet: no grids anywhere). */
  async placesToday(): Promise<JurisdictionTree> {
    const folded = await this.registry.current();
    return folded ? registryView(folded.state, localDateOf(new Date().toISOString())) : NO_TREE;
  }

  /**
   * The case-list filter for the principal: what it asked, within its jurisdiction, places resolved
   * on today's registry (libs/auth `caseListFilter`); null when it may list nothing.
   */
  async caseListFilter<F extends CaseListAsk>(
    principal: Principal,
    asked: F,
  ): Promise<(Omit<F, keyof CaseListAsk> & CaseListPlaces) | null> {
    const [jurisdiction, places] = await Promise.all([this.resolve(principal), this.placesToday()]);
    return caseListFilter(asked, jurisdiction, places);
  }

  async mayTouchCase(principal: Principal, facts: CaseFacts): Promise<boolean> {
    return caseWithin(await this.resolve(principal), facts);
  }

  async mayViewGrid(principal: Principal, gridId: string): Promise<boolean> {
    return gridWithin(await this.resolve(principal), gridId);
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
