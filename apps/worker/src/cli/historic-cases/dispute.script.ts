import type { CaseCommandType } from '#case-domain';
import type { HandlingStep } from '#registry-domain';
import { MINUTE } from './business-calendar.js';
import { DISPUTES, SOURCES } from './case.data.js';
import {
  chainOf,
  personName,
  phoneNumber,
  reportedLocation,
  unitOf,
  type HandlingChain,
  type Script,
  timedSteps,
  type Step,
} from './case-script.js';
import type { Actors, Location } from './registry-index.js';
import type { Rng } from './seeded-random.js';

interface Party {
  name: string;
  phone: string;
  role: string;
}

/** The commands of one dispute, each after a drawn while, acted by whoever holds it at its level. */
interface DisputeSteps {
  readonly steps: Step[];
  push(type: CaseCommandType, data: Record<string, unknown>, after: number, actor?: string): void;
  /** The handling unit's login at the current level. */
  handler(): string;
  /** The case climbs (or is handed) to `level`: its handler accepts and starts work. */
  takeOver(level: HandlingStep, startWithin: readonly [number, number]): void;
  accept(): void;
  session(notes: string): void;
  minutes(min: number, max: number): number;
  hours(min: number, max: number): number;
}

function disputeSteps(rng: Rng, actors: Actors, parties: readonly [Party, Party], first: HandlingStep) {
  const { steps, push } = timedSteps(actors.centre);
  let level = first;
  const minutes = (min: number, max: number) => rng.int(min, max) * MINUTE;
  const hours = (min: number, max: number) => rng.int(min * 60, max * 60) * MINUTE;
  const handler = () => actors.forStep(level, rng);
  const accept = () => push('AcceptDispatch', {}, hours(0.2, 20), handler());
  const session = (notes: string) =>
    push(
      'RecordMediationSession',
      { mediators: [handler()], attendees: parties.map((party) => party.name), notes },
      hours(4, 40),
      handler(),
    );
  const takeOver = (next: HandlingStep, startWithin: readonly [number, number]) => {
    level = next;
    accept();
    push('StartWork', {}, hours(...startWithin), handler());
  };
  return { steps, push, handler, takeOver, accept, session, minutes, hours } satisfies DisputeSteps;
}

/**
 * One dispute's script: report, then the common loop with an outcome picked at random. Each step
 * waits a realistic while after the previous one; steps that would fall after `until` are not
 * taken, so recent cases are naturally still open.
 */
export function scriptDispute(rng: Rng, location: Location, actors: Actors): Script {
  const kind = rng.pick(DISPUTES.filter((k) => !k.rural || location.rural));
  const applicant = { name: personName(rng), phone: phoneNumber(rng), role: 'applicant' };
  const respondent = { name: personName(rng), phone: phoneNumber(rng), role: 'respondent' };
  const source = rng.pick(SOURCES);
  const chain = chainOf(location);
  const title = rng.pick(kind.titles);
  const report = {
    caseType: 'dispute',
    source,
    title,
    description: `${location.gridName}${location.buildingName ? ` ${location.buildingName}` : ''}：${applicant.name}反映与${respondent.name}之间的${title}，请求调解。`,
    category: kind.category,
    urgency: rng.chance(0.1) ? 'complex' : 'general',
    location: reportedLocation(location),
    reporter: { name: applicant.name, phone: applicant.phone },
    dispute: { parties: [applicant, respondent] },
  };
  const reporterActor = source === 'grid_patrol' ? actors.forStep(chain[0], rng) : actors.centre;
  const script = disputeSteps(rng, actors, [applicant, respondent], chain[0]);
  mediate(rng, script, chain, actors, [applicant, respondent]);
  return { report, reporterActor, steps: script.steps };
}

/** Registered, dispatched to the building, mediated; then climbed, settled, parked or referred. */
function mediate(
  rng: Rng,
  script: DisputeSteps,
  chain: HandlingChain,
  actors: Actors,
  parties: readonly [Party, Party],
): void {
  const { push, handler, hours, minutes } = script;
  const [building, community, street, district] = chain;
  const roll = rng.next();
  if (roll < 0.04) {
    push('RejectCase', { reason: '不属于人民调解受理范围，已告知当事人通过其他途径解决' }, minutes(20, 240));
    return;
  }
  push('RegisterCase', {}, minutes(10, 240));
  if (rng.chance(0.06)) {
    push('DispatchCase', { unit: unitOf(community) }, minutes(5, 120));
    push(
      'ReturnDispatch',
      { reason: '属楼院层级可化解的矛盾，退回重新派单' },
      hours(1, 20),
      actors.forStep(community, rng),
    );
  }
  push('DispatchCase', { unit: unitOf(building) }, minutes(5, 120));
  script.accept();
  push('StartWork', {}, hours(0.5, 24), handler());
  script.session('首次调解：听取双方陈述，释法说理');
  if (roll >= 0.29 && roll < 0.34) {
    // 挂账: a long-term matter parked with the centre's approval, still open.
    push(
      'ParkCase',
      { approvedBy: actors.centre, reason: '需待房屋安全鉴定结论后再行调解' },
      hours(24, 96),
      handler(),
    );
    return;
  }

  let resolution: 'agreement' | 'resolved' | 'referred' = 'agreement';
  if (roll < 0.2) {
    climb(rng, script, community, street);
  } else if (roll < 0.25) {
    push(
      'FlagRisk',
      {
        risk: '一方情绪激动，扬言采取过激行为',
        policeReport: { reportedTo: `${street.node.name}派出所` },
        unit: unitOf(street),
      },
      hours(1, 12),
      handler(),
    );
    script.takeOver(street, [0.2, 6]);
    script.session('街道联合派出所开展调解，稳控风险');
    resolution = 'resolved';
  } else if (roll < 0.29) {
    push(
      'RecordMediationFailure',
      {
        reason: '当事人坚持通过诉讼解决',
        next: 'refer_out',
        route: 'litigation',
        body: `${district.node.name}人民法院`,
      },
      hours(2, 48),
      handler(),
    );
    resolution = 'referred';
  }
  if (resolution === 'referred') referToCourt(rng, script);
  else settle(rng, script, resolution, parties);
}

/** 调解不成 at building level: climb to the community and mediate there, now and then on to the street. */
function climb(rng: Rng, script: DisputeSteps, community: HandlingStep, street: HandlingStep): void {
  const { push, handler, hours } = script;
  push(
    'RecordMediationFailure',
    { reason: '双方分歧较大，楼院层级调解不成', next: 'escalate', unit: unitOf(community) },
    hours(2, 24),
    handler(),
  );
  script.takeOver(community, [0.5, 24]);
  script.session('社区组织联合调解');
  if (!rng.chance(0.3)) return;
  push(
    'RecordMediationFailure',
    { reason: '社区调解不成，提请街道调处', next: 'escalate', unit: unitOf(street) },
    hours(2, 30),
    handler(),
  );
  script.takeOver(street, [0.5, 24]);
  script.session('街道综治中心组织调处');
}

function referToCourt(rng: Rng, { push, hours }: DisputeSteps): void {
  push('CloseCase', { note: '已引导当事人诉讼，调解终结' }, hours(2, 48));
  push(
    'RecordFollowUp',
    {
      satisfaction: rng.pick(['satisfied', 'basically_satisfied']),
      reporterSaysResolved: false,
      note: '电话回访',
    },
    hours(72, 168),
  );
}

/** An agreement or a resolution, verified, closed and followed up (and reopened when the reporter is not satisfied). */
function settle(
  rng: Rng,
  { push, handler, hours }: DisputeSteps,
  resolution: 'agreement' | 'resolved',
  [applicant, respondent]: readonly [Party, Party],
): void {
  if (resolution === 'agreement') {
    const written = rng.chance(0.7);
    push(
      'RecordMediationAgreement',
      {
        form: written ? 'written' : 'oral',
        terms: '双方自愿达成调解协议，按约履行',
        ...(written ? { signedBy: [applicant.name, respondent.name] } : {}),
      },
      hours(1, 72),
      handler(),
    );
  } else {
    push('ResolveCase', { result: '经调解双方和解，风险已化解' }, hours(4, 72), handler());
  }
  if (rng.chance(0.08)) {
    push('RequestRework', { reason: '核查发现协议未履行到位' }, hours(12, 48));
    push('ResolveCase', { result: '督促履行完毕' }, hours(12, 96), handler());
  }
  push('VerifyResolution', { note: '网格员上门核查' }, hours(12, 48));
  push('CloseCase', { note: '结案' }, hours(1, 24));
  const unsatisfied = rng.chance(0.1);
  push(
    'RecordFollowUp',
    unsatisfied
      ? { satisfaction: 'unsatisfied', reporterSaysResolved: false, note: '回访：当事人反映问题反复' }
      : {
          satisfaction: rng.chance(0.8) ? 'satisfied' : 'basically_satisfied',
          reporterSaysResolved: true,
          note: '电话回访',
        },
    hours(72, 168),
  );
  if (!unsatisfied) return;
  push('ReopenCase', { reason: '回访不满意，重新处置' }, hours(2, 48));
  push('ResolveCase', { result: '再次上门调解，问题彻底解决' }, hours(24, 120), handler());
  push('VerifyResolution', { note: '复核通过' }, hours(12, 48));
  push('CloseCase', { note: '结案' }, hours(1, 24));
  push(
    'RecordFollowUp',
    { satisfaction: 'basically_satisfied', reporterSaysResolved: true, note: '二次回访' },
    hours(72, 168),
  );
}
