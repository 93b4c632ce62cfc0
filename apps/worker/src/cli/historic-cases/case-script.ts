import type { CaseCommandType, HandlingUnit, ReportedCase } from '#case-domain';
import type { HandlingStep } from '#registry-domain';
import { GIVEN, SURNAMES } from './case.data.js';
import type { Location } from './registry-index.js';
import type { Rng } from './seeded-random.js';

/** Never change: generated case ids and command ids derive from it. */
export const CASES_NAMESPACE = 'e4b2a9c7-5d31-5a8f-b6e0-91c3d7f2a845';

/**
 * One scripted command. Disputes and petitions wait a drawn while (`after`) after the previous step;
 * law-enforcement steps compute their instant (`at`) and sometimes their data from the case so far,
 * because the law counts their periods from what the decider recorded (working days, the payment
 * due date, the appeal period).
 */
export type Step = {
  type: CaseCommandType;
  data: Record<string, unknown> | ((state: ReportedCase, now: number) => Record<string, unknown>);
  actor: string;
} & ({ after: number } | { at: (state: ReportedCase, previous: number) => number });

/** A case's report, who reports it, and the commands that follow it. */
export type Script = { report: Record<string, unknown>; reporterActor: string; steps: Step[] };

/** The handling chain of a location: building (grid), community, street, district. */
export type HandlingChain = [HandlingStep, HandlingStep, HandlingStep, HandlingStep];

export const chainOf = (location: Location): HandlingChain => location.chain as HandlingChain;

export const unitOf = (step: HandlingStep): HandlingUnit => ({
  unitId: step.handler.id,
  name: step.handler.name,
});

/** The `location` of a report: the grid, and the building when there is one. */
export const reportedLocation = (location: Location) => ({
  gridId: location.gridId,
  ...(location.buildingId ? { buildingId: location.buildingId } : {}),
});

export const personName = (rng: Rng): string => `${rng.pick(SURNAMES)}${rng.pick(GIVEN)}`;

const MOBILE_PREFIXES = ['38', '39', '58', '59', '86', '88'];

export const phoneNumber = (rng: Rng, prefixes: readonly string[] = MOBILE_PREFIXES): string =>
  `1${rng.pick(prefixes)}${String(rng.int(0, 99_999_999)).padStart(8, '0')}`;

/** Steps that each wait a drawn while after the one before; the centre acts unless another actor is named. */
export function timedSteps(defaultActor: string) {
  const steps: Step[] = [];
  const push = (
    type: CaseCommandType,
    data: Record<string, unknown>,
    after: number,
    actor = defaultActor,
  ) => {
    steps.push({ type, data, after, actor });
  };
  return { steps, push };
}
