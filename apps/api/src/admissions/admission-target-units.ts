import { UnprocessableEntityException } from '@nestjs/common';
import type { AdmissionTargetUnit, TargetUnitKind } from '#admission-domain';
import type { RegistryView } from '#registry-domain';

/** Registry node kinds a request may name, and the unit kind each is. */
const KIND_OF_NODE: Readonly<Record<string, TargetUnitKind>> = {
  street: 'street',
  township: 'street',
  community: 'community',
  village: 'community',
};

/**
 * The registry ids a request names, resolved in the registry as it stands today into
 * `{id, kind, name}`. An id that is no street/township or community/village (unknown, a grid, the
 * district) → 422 `ADMISSION.UNKNOWN_TARGET_UNIT`; whether the kind fits the target level is the
 * decider's rule (`ADMISSION.TARGET_UNIT_LEVEL_MISMATCH`).
 */
export function resolveTargetUnits(view: RegistryView, ids: readonly string[]): AdmissionTargetUnit[] {
  const units: AdmissionTargetUnit[] = [];
  const unknown: string[] = [];
  for (const id of ids) {
    const node = view.node(id);
    const kind = node === undefined ? undefined : KIND_OF_NODE[node.kind];
    if (node === undefined || kind === undefined) unknown.push(id);
    else units.push({ id: node.id, kind, name: node.name });
  }
  if (unknown.length > 0) {
    throw new UnprocessableEntityException({
      code: 'ADMISSION.UNKNOWN_TARGET_UNIT',
      message: `targetUnits must be streets/townships or communities/villages of the district; not one: ${unknown.map((id) => JSON.stringify(id.slice(0, 100))).join(', ')}`,
      errors: unknown.map((id) => ({
        field: 'targetUnits',
        message: `${id.slice(0, 100)} is no street/township or community/village`,
      })),
    });
  }
  return units;
}
