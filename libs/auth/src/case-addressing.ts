import {
  JURISDICTION_LEVELS,
  type CaseCommand,
  type CaseCommandType,
  type HandlingUnit,
  type JurisdictionLevel,
} from '#case-domain';
import {
  checkOnLadder,
  checkPlace,
  checkSquad,
  knownHandler,
  ladderOf,
  type AddressRefusal,
  type EnforcementDomain,
  type Place,
  type RegistryView,
} from '#registry-domain';

/**
 * The registry is the truth for every place and unit a case command names (issue #19): checked on
 * the registry as of the command's business date. Pure; the API runs it before and inside the
 * command pipeline (apps/api/src/cases/case-addressing.service.ts).
 */

/** What a folded case tells about where it may be sent. */
export interface CaseOnLadder {
  readonly location: Place;
  readonly level: JurisdictionLevel;
}

/** Where on its ladder a command sends the case, given the case's level; undefined = any rung. */
type LadderRule = (level: JurisdictionLevel) => readonly JurisdictionLevel[] | undefined;

const nextLevel = (level: JurisdictionLevel): readonly JurisdictionLevel[] => {
  const next = JURISDICTION_LEVELS[JURISDICTION_LEVELS.indexOf(level) + 1];
  return next ? [next] : [];
};
const anyRung: LadderRule = () => undefined;
const rank = (level: JurisdictionLevel) => JURISDICTION_LEVELS.indexOf(level);

/**
 * Commands whose units must lie on the case's ladder (the work order: dispatch and transfer along it,
 * escalation one rung up, a risk flag to the street). A command not listed here may still name units
 * (a petition's bodies): those must exist in the registry, where they sit is the command's own rule.
 */
const LADDER_RULES: Partial<Record<CaseCommandType, Readonly<Record<string, LadderRule>>>> = {
  DispatchCase: { unit: anyRung },
  TransferCase: { toUnit: anyRung },
  EscalateCase: { unit: nextLevel },
  RecordMediationFailure: { unit: nextLevel },
  FlagRisk: { unit: (level) => (rank(level) < rank('street') ? ['street'] : [level]) },
};

function isUnit(value: unknown): value is HandlingUnit {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    typeof (value as { unitId?: unknown }).unitId === 'string'
  );
}

/** The units (`{unitId, name?}`) among the fields of a command's data. */
function namedUnits(command: CaseCommand): [field: string, unit: HandlingUnit][] {
  return Object.entries(command.data as Record<string, unknown>).filter(
    (entry): entry is [string, HandlingUnit] => isUnit(entry[1]),
  );
}

export type AddressedCommand = { readonly command: CaseCommand } | { readonly refusal: AddressRefusal };

/**
 * Before the case is read: every unit the command names exists on the view date by its exact id and
 * is recorded under the registry's name of that date (a made-up name never reaches an event); a
 * report's grid and building exist and the building lies in the grid; an enforcement lead's squad
 * exists, is of the lead's team and covers the place.
 */
export function addressCaseCommand(view: RegistryView, command: CaseCommand): AddressedCommand {
  if (command.type === 'ReportCase') {
    const { location, enforcement } = command.data;
    const refusal =
      checkPlace(view, location) ??
      (enforcement
        ? checkSquad(
            view,
            enforcement.squadId,
            enforcement.team as EnforcementDomain,
            location,
            'enforcement.squadId',
          )
        : undefined);
    return refusal ? { refusal } : { command };
  }
  const data: Record<string, unknown> = { ...command.data };
  for (const [field, unit] of namedUnits(command)) {
    const known = knownHandler(view, unit.unitId, `${field}.unitId`);
    if ('refusal' in known) return known;
    data[field] = { unitId: known.handler.id, name: known.handler.name };
  }
  return { command: { ...command, data } as CaseCommand };
}

/** On the folded case: the units the command names lie on the case's ladder where it sends the case. */
export function checkCaseLadder(
  view: RegistryView,
  command: CaseCommand,
  kase: CaseOnLadder,
): AddressRefusal | undefined {
  const rules = LADDER_RULES[command.type];
  if (!rules) return undefined;
  const ladder = ladderOf(view, kase.location);
  for (const [field, unit] of namedUnits(command)) {
    const rule = rules[field];
    if (!rule) continue;
    const refusal = checkOnLadder(ladder, unit.unitId, `${field}.unitId`, rule(kase.level));
    if (refusal) return refusal;
  }
  return undefined;
}
