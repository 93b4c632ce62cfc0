import type { EnforcementTeam } from '#case-domain';
import type { HandlingStep, RegistryView, SquadView } from '#registry-domain';
import type { Rng } from './seeded-random.js';

// Where generated cases happen and who acts on them, indexed once from the registry.

export interface Location {
  gridId: string;
  gridName: string;
  buildingId?: string;
  buildingName?: string;
  rural: boolean;
  chain: readonly HandlingStep[];
}

/** Who acts for a unit: a login the registry knows, else a neutral system name. */
export interface Actors {
  centre: string;
  forStep(step: HandlingStep, rng: Rng): string;
  /** The squad officers' logins of a squad (three per squad in the demo district), sorted. */
  squadOfficers(squadId: string): readonly string[];
}

export function indexLocations(view: RegistryView): Location[] {
  const tree = view.tree();
  if (!tree) throw new Error('the registry has no district; seed it first');
  const out: Location[] = [];
  const walk = (node: typeof tree) => {
    if (node.kind === 'grid') {
      const buildings = node.children.filter((c) => c.kind === 'building');
      const rural = node.setting === 'rural';
      if (buildings.length === 0)
        out.push({ gridId: node.id, gridName: node.name, rural, chain: view.handlingChain(node.id) });
      for (const b of buildings) {
        out.push({
          gridId: node.id,
          gridName: node.name,
          buildingId: b.id,
          buildingName: b.name,
          rural,
          chain: view.handlingChain(b.id),
        });
      }
      return;
    }
    for (const child of node.children) walk(child);
  };
  walk(tree);
  return out.filter((l) => l.chain.length === 4);
}

export function indexActors(view: RegistryView): Actors {
  const byScope = new Map<string, string[]>();
  const bySquad = new Map<string, string[]>();
  let centre = 'seed:historic-cases';
  for (const account of view.accounts()) {
    if (!account.scope) continue;
    if (account.role === 'squad_officer' && account.scope.kind === 'squad')
      bySquad.set(account.scope.id, [...(bySquad.get(account.scope.id) ?? []), account.accountName]);
    if (account.role === 'centre_operator' && centre === 'seed:historic-cases') centre = account.accountName;
    if (account.role === 'grid_account') continue;
    const list = byScope.get(account.scope.id) ?? [];
    list.push(account.accountName);
    byScope.set(account.scope.id, list);
  }
  return {
    centre,
    forStep(step, rng) {
      const id = step.level === 'building' ? step.handler.id : step.node.id;
      const list = byScope.get(id);
      return list && list.length > 0 ? rng.pick(list) : centre;
    },
    squadOfficers: (squadId) => bySquad.get(squadId) ?? [],
  };
}

/** The area squad of each team that covers a location's street/township, with the team (大队, the brigade). */
export interface SquadIndex {
  squadFor(
    team: EnforcementTeam,
    gridId: string,
  ): { squad: SquadView; brigadeId: string; brigadeName: string } | undefined;
}

export function indexSquads(view: RegistryView): SquadIndex {
  const teams = new Map(view.teams().map((t) => [t.domain as string, t]));
  const cache = new Map<string, ReturnType<SquadIndex['squadFor']>>();
  return {
    squadFor(team, gridId) {
      const key = `${team}/${gridId}`;
      if (!cache.has(key)) {
        const brigade = teams.get(team);
        const squad = view.areaSquadFor(team, gridId);
        cache.set(
          key,
          brigade && squad ? { squad, brigadeId: brigade.id, brigadeName: brigade.name } : undefined,
        );
      }
      return cache.get(key);
    },
  };
}
