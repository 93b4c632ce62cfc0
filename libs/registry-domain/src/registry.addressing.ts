import type { EnforcementDomain } from './registry.commands.js';
import type { EscalationLevel, HandlerRef, HandlingStep, RegistryView } from './registry.view.js';

/**
 * Why a place, unit or squad named in a command does not hold against the registry on the command's
 * date. Ids are compared exactly: the registry's ids are lower-case UUIDs, and another spelling of
 * one names nothing (a case filed under it would be invisible to the grid's staff).
 */
export type AddressRefusalCode =
  | 'ADDRESS.UNKNOWN_GRID'
  | 'ADDRESS.UNKNOWN_BUILDING'
  | 'ADDRESS.BUILDING_OUTSIDE_GRID'
  | 'ADDRESS.UNKNOWN_UNIT'
  | 'ADDRESS.UNIT_OFF_LADDER'
  | 'ADDRESS.UNKNOWN_SQUAD'
  | 'ADDRESS.SQUAD_NOT_COMPETENT';

export interface AddressRefusal {
  readonly code: AddressRefusalCode;
  /** the command field that names it, e.g. `location.buildingId` or `unit.unitId` */
  readonly field: string;
  readonly message: string;
}

/** Where a case lies: a grid, and optionally a building of it. */
export interface Place {
  readonly gridId: string;
  readonly buildingId?: string;
}

const on = (view: RegistryView) => (view.asOf ? ` on ${view.asOf}` : '');

/** The grid exists on the view date; a building, when named, exists and lies in that grid on that date. */
export function checkPlace(view: RegistryView, place: Place, field = 'location'): AddressRefusal | undefined {
  if (!view.grid(place.gridId))
    return {
      code: 'ADDRESS.UNKNOWN_GRID',
      field: `${field}.gridId`,
      message: `grid ${place.gridId} is not in the registry${on(view)} (ids are lower-case UUIDs)`,
    };
  if (place.buildingId === undefined) return undefined;
  const building = view.node(place.buildingId);
  if (building?.kind !== 'building')
    return {
      code: 'ADDRESS.UNKNOWN_BUILDING',
      field: `${field}.buildingId`,
      message: `building ${place.buildingId} is not in the registry${on(view)}`,
    };
  if (building.parent?.id !== place.gridId)
    return {
      code: 'ADDRESS.BUILDING_OUTSIDE_GRID',
      field: `${field}.buildingId`,
      message: `building ${place.buildingId} lies in grid ${building.parent?.id ?? 'none'}${on(view)}, not in grid ${place.gridId}`,
    };
  return undefined;
}

/**
 * The ladder of a place (小事不出楼院、大事不出社区): who handles it at each level, bottom first —
 * its grid at building level, then its community's committee, its street's centre, the district centre.
 */
export function ladderOf(view: RegistryView, place: Place): readonly HandlingStep[] {
  const byBuilding = place.buildingId ? view.handlingChain(place.buildingId) : [];
  return byBuilding.length > 0 ? byBuilding : view.handlingChain(place.gridId);
}

/** The unit exists on the view date (exact id); answers it with the registry's name of that date. */
export function knownHandler(
  view: RegistryView,
  unitId: string,
  field: string,
): { handler: HandlerRef } | { refusal: AddressRefusal } {
  const handler = view.handler(unitId);
  if (handler) return { handler };
  return {
    refusal: {
      code: 'ADDRESS.UNKNOWN_UNIT',
      field,
      message: `unit ${unitId} is not in the registry${on(view)} (a grid, centre, committee or office)`,
    },
  };
}

/**
 * The unit handles the place at one of `levels` of its ladder (all levels when omitted): a case goes
 * up and down its own ladder, never to another grid's, community's or street's unit.
 */
export function checkOnLadder(
  ladder: readonly HandlingStep[],
  unitId: string,
  field: string,
  levels?: readonly EscalationLevel[],
): AddressRefusal | undefined {
  const steps = levels ? ladder.filter((step) => levels.includes(step.level)) : ladder;
  if (steps.some((step) => step.handler.id === unitId)) return undefined;
  const expected = steps.map((step) => `${step.level}: ${step.handler.id}`).join(', ');
  return {
    code: 'ADDRESS.UNIT_OFF_LADDER',
    field,
    message: `unit ${unitId} does not handle this case's place${levels ? ` at level ${levels.join('/')}` : ''}; its ladder: ${expected || 'none'}`,
  };
}

/**
 * A squad the place's enforcement lead may go to: it exists on the view date, belongs to the team of
 * the lead's domain, and — an area squad — covers the street/township the place lies in (a
 * specialised squad serves the whole district).
 */
export function checkSquad(
  view: RegistryView,
  squadId: string,
  domain: EnforcementDomain,
  place: Place,
  field: string,
): AddressRefusal | undefined {
  const squad = view.squad(squadId);
  if (!squad)
    return {
      code: 'ADDRESS.UNKNOWN_SQUAD',
      field,
      message: `squad ${squadId} is not in the registry${on(view)}`,
    };
  if (squad.domain !== domain)
    return {
      code: 'ADDRESS.SQUAD_NOT_COMPETENT',
      field,
      message: `squad ${squadId} belongs to the ${squad.domain} team, not to ${domain}`,
    };
  if (squad.kind === 'specialised') return undefined;
  const area = view.locate(place.gridId).find((node) => node.kind === 'street' || node.kind === 'township');
  if (area && squad.areas.some((covered) => covered.id === area.id)) return undefined;
  return {
    code: 'ADDRESS.SQUAD_NOT_COMPETENT',
    field,
    message: `area squad ${squadId} does not cover ${area ? `${area.kind} ${area.id}` : 'the place'}${on(view)}`,
  };
}
