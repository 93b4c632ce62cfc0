import type { LocalDate } from '#domain-kernel';
import { valueAsOf, type RegistryState } from './registry.state.js';

/** The headline figures of a district (docs/domain.md §1), in the keys the seed CLI prints. */
export interface RegistryCounts {
  readonly grids: number;
  readonly urban: number;
  readonly rural: number;
  /** registered grid workers (assigned or not) */
  readonly workers: number;
  readonly a_post: number;
  readonly b_post: number;
  /** grid accounts (网格账号): one per grid worker plus the extra non-worker grid accounts; staff logins excluded */
  readonly accounts: number;
  /** grid party branches */
  readonly branches: number;
  /** resident self-management committees (居民自治管理委员会) */
  readonly committees: number;
  /** comprehensive law-enforcement teams (brigades) */
  readonly teams: number;
}

/** Counts what exists as of `asOf` (inclusive), or everything recorded when it is omitted. */
export function countRegistry(state: RegistryState, asOf?: LocalDate): RegistryCounts {
  if (state.status !== 'open') {
    return {
      grids: 0,
      urban: 0,
      rural: 0,
      workers: 0,
      a_post: 0,
      b_post: 0,
      accounts: 0,
      branches: 0,
      committees: 0,
      teams: 0,
    };
  }
  const exists = (from: LocalDate) => asOf === undefined || from <= asOf;
  const grids = Object.values(state.grids).filter(
    (g) => exists(g.establishedOn) && valueAsOf(g.parents, asOf) !== undefined,
  );
  const workers = Object.values(state.workers).filter((w) => exists(w.registeredOn));
  const extraAccounts = Object.values(state.gridAccounts).filter((a) => exists(a.issuedOn)).length;
  return {
    grids: grids.length,
    urban: grids.filter((g) => g.setting === 'urban').length,
    rural: grids.filter((g) => g.setting === 'rural').length,
    workers: workers.length,
    a_post: workers.filter((w) => w.post === 'A').length,
    b_post: workers.filter((w) => w.post === 'B').length,
    accounts: workers.length + extraAccounts,
    branches: Object.values(state.branches).filter((b) => exists(b.foundedOn)).length,
    committees: Object.values(state.residentCommittees).filter((c) => exists(c.formedOn)).length,
    teams: Object.values(state.teams).filter((t) => exists(t.establishedOn)).length,
  };
}
