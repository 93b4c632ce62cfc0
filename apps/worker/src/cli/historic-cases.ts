import { v5 as uuidv5 } from 'uuid';
import { caseDecider, caseStreamName, type CaseCommand, type CaseCommandType, type HandlingUnit } from '#case-domain';
import { CommandPipeline } from '#command-pipeline';
import { registryView, type HandlingStep, type RegistryState, type RegistryView } from '#registry-domain';

/** Never change: generated case ids and command ids derive from it. */
const CASES_NAMESPACE = 'e4b2a9c7-5d31-5a8f-b6e0-91c3d7f2a845';
const HOUR = 3_600_000;
const MINUTE = 60_000;
const DAY = 24 * HOUR;
/** Share of petitions among generated cases; the rest are disputes. */
const PETITION_SHARE = 0.15;

export interface HistoricCasesOptions {
  count: number;
  /** Same seed (and `until`) → the same cases, ids, timelines and outcomes. */
  randomSeed: number;
  /** The end of the simulated year, ISO instant; reports fall in the 365 days before it. */
  until: string;
  /** Cases driven at once (independent streams); does not change what is generated. */
  concurrency?: number;
  onProgress?: (progress: HistoricCasesProgress) => void;
}

export interface HistoricCasesProgress {
  casesDone: number;
  casesTotal: number;
  events: number;
  elapsedMs: number;
}

export interface HistoricCasesResult extends HistoricCasesProgress {
  caseIds: string[];
  /** Final status of each generated case, counted. */
  statuses: Record<string, number>;
  /** Commands answered from the stream (a rerun with the same seed appends nothing). */
  replayedCommands: number;
}

/** mulberry32: small, fast, good enough to vary demo data; seeded per case so order does not matter. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

interface Rng {
  next(): number;
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
}
function rngFor(seed: number, index: number): Rng {
  const next = prng(hash(`${seed}/${index}`));
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)]!,
    chance: (p) => next() < p,
  };
}

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '罗', '高', '林'];
const GIVEN = ['芳', '强', '敏', '静', '磊', '军', '洋', '艳', '勇', '杰', '娟', '涛', '明', '超', '秀英', '桂兰', '建华', '志强', '晓燕', '国平'];
const SOURCES = ['grid_patrol', 'grid_patrol', 'walk_in', 'phone', 'hotline_12345', 'hotline_12345', 'online'] as const;

interface DisputeKind {
  category: string;
  titles: readonly string[];
  rural?: boolean;
}
const DISPUTES: readonly DisputeKind[] = [
  { category: 'neighbour', titles: ['楼上漏水纠纷', '邻里噪音纠纷', '公共通道堆物纠纷', '宠物扰民纠纷'] },
  { category: 'property', titles: ['物业费收缴纠纷', '停车位占用纠纷', '电梯维修费分摊纠纷'] },
  { category: 'family', titles: ['赡养老人纠纷', '婚姻家庭纠纷', '遗产继承纠纷'] },
  { category: 'labour', titles: ['农民工工资拖欠纠纷', '装修工程款纠纷'] },
  { category: 'land', titles: ['宅基地边界纠纷', '土地承包经营权纠纷', '灌溉用水纠纷'], rural: true },
];

interface Location {
  gridId: string;
  gridName: string;
  buildingId?: string;
  buildingName?: string;
  rural: boolean;
  chain: readonly HandlingStep[];
}

/** Who acts for a unit: a login the registry knows, else a neutral system name. */
interface Actors {
  centre: string;
  forStep(step: HandlingStep, rng: Rng): string;
}

function indexLocations(view: RegistryView): Location[] {
  const tree = view.tree();
  if (!tree) throw new Error('the registry has no district; seed it first');
  const out: Location[] = [];
  const walk = (node: typeof tree) => {
    if (node.kind === 'grid') {
      const buildings = node.children.filter((c) => c.kind === 'building');
      const rural = node.setting === 'rural';
      if (buildings.length === 0) out.push({ gridId: node.id, gridName: node.name, rural, chain: view.handlingChain(node.id) });
      for (const b of buildings) {
        out.push({ gridId: node.id, gridName: node.name, buildingId: b.id, buildingName: b.name, rural, chain: view.handlingChain(b.id) });
      }
      return;
    }
    for (const child of node.children) walk(child);
  };
  walk(tree);
  return out.filter((l) => l.chain.length === 4);
}

function indexActors(view: RegistryView): Actors {
  const byScope = new Map<string, string[]>();
  let centre = 'seed:historic-cases';
  for (const account of view.accounts()) {
    if (!account.scope) continue;
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
  };
}

type Step = { type: CaseCommandType; data: Record<string, unknown>; after: number; actor: string };

/**
 * One case's script: report, then the common loop with an outcome picked at random. Each step
 * waits a realistic while after the previous one; steps that would fall after `until` are not
 * taken, so recent cases are naturally still open.
 */
function scriptCase(rng: Rng, location: Location, actors: Actors): { report: Record<string, unknown>; reporterActor: string; steps: Step[] } {
  const kinds = DISPUTES.filter((k) => !k.rural || location.rural);
  const kind = rng.pick(kinds);
  const person = () => `${rng.pick(SURNAMES)}${rng.pick(GIVEN)}`;
  const phone = () => `1${rng.pick(['38', '39', '58', '59', '86', '88'])}${String(rng.int(0, 99_999_999)).padStart(8, '0')}`;
  const applicant = { name: person(), phone: phone(), role: 'applicant' };
  const respondent = { name: person(), phone: phone(), role: 'respondent' };
  const source = rng.pick(SOURCES);
  const [building, community, street, district] = location.chain as [HandlingStep, HandlingStep, HandlingStep, HandlingStep];
  const unitOf = (step: HandlingStep): HandlingUnit => ({ unitId: step.handler.id, name: step.handler.name });
  const title = rng.pick(kind.titles);
  const report = {
    caseType: 'dispute',
    source,
    title,
    description: `${location.gridName}${location.buildingName ? ` ${location.buildingName}` : ''}：${applicant.name}反映与${respondent.name}之间的${title}，请求调解。`,
    category: kind.category,
    urgency: rng.chance(0.1) ? 'complex' : 'general',
    location: { gridId: location.gridId, ...(location.buildingId ? { buildingId: location.buildingId } : {}) },
    reporter: { name: applicant.name, phone: applicant.phone },
    dispute: { parties: [applicant, respondent] },
  };
  const reporterActor = source === 'grid_patrol' ? actors.forStep(building, rng) : actors.centre;

  const steps: Step[] = [];
  const op = actors.centre;
  const minutes = (min: number, max: number) => rng.int(min, max) * MINUTE;
  const hours = (min: number, max: number) => rng.int(min * 60, max * 60) * MINUTE;
  let level = building;
  const handler = () => actors.forStep(level, rng);
  const push = (type: CaseCommandType, data: Record<string, unknown>, after: number, actor = op) => steps.push({ type, data, after, actor });
  const accept = () => push('AcceptDispatch', {}, hours(0.2, 20), handler());
  const session = (notes: string) =>
    push('RecordMediationSession', { mediators: [handler()], attendees: [applicant.name, respondent.name], notes }, hours(4, 40), handler());

  const roll = rng.next();
  if (roll < 0.04) {
    push('RejectCase', { reason: '不属于人民调解受理范围，已告知当事人通过其他途径解决' }, minutes(20, 240));
    return { report, reporterActor, steps };
  }
  push('RegisterCase', {}, minutes(10, 240));
  if (rng.chance(0.06)) {
    push('DispatchCase', { unit: unitOf(community) }, minutes(5, 120));
    push('ReturnDispatch', { reason: '属楼院层级可化解的矛盾，退回重新派单' }, hours(1, 20), actors.forStep(community, rng));
  }
  push('DispatchCase', { unit: unitOf(building) }, minutes(5, 120));
  accept();
  push('StartWork', {}, hours(0.5, 24), handler());
  session('首次调解：听取双方陈述，释法说理');
  if (roll >= 0.29 && roll < 0.34) {
    // 挂账: a long-term matter parked with the centre's approval, still open.
    push('ParkCase', { approvedBy: actors.centre, reason: '需待房屋安全鉴定结论后再行调解' }, hours(24, 96));
    return { report, reporterActor, steps };
  }

  let resolution: 'agreement' | 'resolved' | 'referred' = 'agreement';
  if (roll < 0.2) {
    // 调解不成 at building level: climb to the community and mediate there.
    push('RecordMediationFailure', { reason: '双方分歧较大，楼院层级调解不成', next: 'escalate', unit: unitOf(community) }, hours(2, 24), handler());
    level = community;
    accept();
    push('StartWork', {}, hours(0.5, 24), handler());
    session('社区组织联合调解');
    if (rng.chance(0.3)) {
      push('RecordMediationFailure', { reason: '社区调解不成，提请街道调处', next: 'escalate', unit: unitOf(street) }, hours(2, 30), handler());
      level = street;
      accept();
      push('StartWork', {}, hours(0.5, 24), handler());
      session('街道综治中心组织调处');
    }
  } else if (roll < 0.25) {
    push('FlagRisk', { risk: '一方情绪激动，扬言采取过激行为', policeReport: { reportedTo: `${street.node.name}派出所` }, unit: unitOf(street) }, hours(1, 12), handler());
    level = street;
    accept();
    push('StartWork', {}, hours(0.2, 6), handler());
    session('街道联合派出所开展调解，稳控风险');
    resolution = 'resolved';
  } else if (roll < 0.29) {
    push('RecordMediationFailure', { reason: '当事人坚持通过诉讼解决', next: 'refer_out', route: 'litigation', body: `${district.node.name}人民法院` }, hours(2, 48), handler());
    resolution = 'referred';
  }

  if (resolution === 'referred') {
    push('CloseCase', { note: '已引导当事人诉讼，调解终结' }, hours(2, 48));
    push('RecordFollowUp', { satisfaction: rng.pick(['satisfied', 'basically_satisfied']), reporterSaysResolved: false, note: '电话回访' }, hours(72, 168));
    return { report, reporterActor, steps };
  }
  if (resolution === 'agreement') {
    const written = rng.chance(0.7);
    push(
      'RecordMediationAgreement',
      { form: written ? 'written' : 'oral', terms: '双方自愿达成调解协议，按约履行', ...(written ? { signedBy: [applicant.name, respondent.name] } : {}) },
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
      : { satisfaction: rng.chance(0.8) ? 'satisfied' : 'basically_satisfied', reporterSaysResolved: true, note: '电话回访' },
    hours(72, 168),
  );
  if (unsatisfied) {
    push('ReopenCase', { reason: '回访不满意，重新处置' }, hours(2, 48));
    push('ResolveCase', { result: '再次上门调解，问题彻底解决' }, hours(24, 120), handler());
    push('VerifyResolution', { note: '复核通过' }, hours(12, 48));
    push('CloseCase', { note: '结案' }, hours(1, 24));
    push('RecordFollowUp', { satisfaction: 'basically_satisfied', reporterSaysResolved: true, note: '二次回访' }, hours(72, 168));
  }
  return { report, reporterActor, steps };
}

const PETITIONS: readonly { matter: string; request: string; respondent: string }[] = [
  { matter: '小区违章搭建长期无人处理，影响采光和消防通道', request: '依法拆除违章建筑', respondent: '街道城市管理办公室' },
  { matter: '征地补偿款迟迟未发放到户', request: '按协议发放补偿款', respondent: '镇人民政府' },
  { matter: '物业公司占用公共收益未公示', request: '公开公共收益账目并返还业主', respondent: '小区物业服务公司' },
  { matter: '安置房分配方案不公开', request: '公开分配方案并重新审核', respondent: '区住房保障部门' },
  { matter: '企业拖欠工资，劳动监察处理不力', request: '督促企业支付欠薪', respondent: '区人力资源和社会保障局' },
];
const PETITION_CHANNELS_BY_SOURCE = [
  ['visit', 'petition_visit'],
  ['letter', 'petition_letter'],
  ['online', 'online'],
  ['phone', 'phone'],
] as const;

/**
 * A petition (信访工作条例): routed (交办) to the street centre, notified, answered; some then ask
 * for review at the district and re-review above it, others let the window pass and are closed.
 */
function scriptPetition(rng: Rng, location: Location, actors: Actors): { report: Record<string, unknown>; reporterActor: string; steps: Step[] } {
  const person = { name: `${rng.pick(SURNAMES)}${rng.pick(GIVEN)}`, phone: `1${rng.pick(['38', '39', '58', '86'])}${String(rng.int(0, 99_999_999)).padStart(8, '0')}` };
  const topic = rng.pick(PETITIONS);
  const [channel, source] = rng.pick(PETITION_CHANNELS_BY_SOURCE);
  const [, community, street, district] = location.chain as [HandlingStep, HandlingStep, HandlingStep, HandlingStep];
  const unitOf = (step: HandlingStep): HandlingUnit => ({ unitId: step.handler.id, name: step.handler.name });
  const report = {
    caseType: 'petition',
    source,
    title: `${person.name}来${channel === 'visit' ? '访' : '信'}反映${topic.matter.slice(0, 12)}`,
    description: `${community.node.name}居民${person.name}反映：${topic.matter}。`,
    category: 'petition',
    urgency: 'general',
    location: { gridId: location.gridId, ...(location.buildingId ? { buildingId: location.buildingId } : {}) },
    reporter: person,
    level: 'street',
    petition: { channel, class: 'request', petitioners: [person], matter: topic.matter, request: topic.request, respondent: topic.respondent },
  };
  const steps: Step[] = [];
  const op = actors.centre;
  const days = (min: number, max: number) => rng.int(min * 24 * 60, max * 24 * 60) * MINUTE;
  const push = (type: CaseCommandType, data: Record<string, unknown>, after: number, actor = op) => steps.push({ type, data, after, actor });
  const streetStaff = () => actors.forStep(street, rng);

  if (rng.chance(0.08)) {
    push('RoutePetition', { mode: 'inform', competentBody: topic.respondent, note: '告知向有权处理的机关提出' }, days(1, 10));
    return { report, reporterActor: op, steps };
  }
  push('RoutePetition', { mode: 'assign', toBody: unitOf(street), note: '交办街道综治中心办理并报告结果' }, days(1, 12));
  push('NotifyPetitioner', { content: '已受理，将在六十日内办结并书面答复' }, days(1, 12), streetStaff());
  if (rng.chance(0.1)) {
    push('DivertPetition', { route: 'litigation', body: `${district.node.name}人民法院`, reason: '属于应当通过诉讼解决的事项' }, days(3, 15), streetStaff());
    return { report, reporterActor: op, steps };
  }
  const answer = rng.pick(['support', 'support', 'explain', 'not_support'] as const);
  push('AnswerPetition', { answer, opinion: answer === 'support' ? '诉求合理，予以支持' : answer === 'explain' ? '已向信访人解释说明相关政策' : '诉求缺乏依据，不予支持' }, days(15, 55), streetStaff());
  if (answer !== 'support' && rng.chance(0.5)) {
    push('RequestReview', { reviewBody: unitOf(district), reason: '对处理意见不服，请求复查' }, days(3, 25), 'public:petitioner');
    const review = rng.pick(['explain', 'not_support', 'support'] as const);
    push('AnswerReview', { answer: review, opinion: '经复查，维持原处理意见' }, days(10, 28));
    if (review !== 'support' && rng.chance(0.4)) {
      push('RequestReReview', { reReviewBody: { unitId: uuidv5('city-petition-bureau', CASES_NAMESPACE), name: '市信访局' }, reason: '对复查意见不服，请求复核' }, days(3, 25), 'public:petitioner');
      push('AnswerReReview', { answer: 'not_support', opinion: '经复核，维持复查意见，此为最终意见' }, days(15, 29));
    } else {
      push('ClosePetitionForNoRequest', {}, days(41, 50), 'system:petition-windows');
    }
  } else {
    push('ClosePetitionForNoRequest', {}, days(41, 50), 'system:petition-windows');
  }
  // 41 days at the earliest: a 30-day window whose last day falls in a long holiday (Spring Festival,
  // National Day) ends only with the next working day, up to ten days later (domain.md §3.5).
  return { report, reporterActor: op, steps };
}

/** Deterministic id of generated case `index` under `randomSeed`. */
export function historicCaseId(randomSeed: number, index: number): string {
  return uuidv5(`historic-case/${randomSeed}/${index}`, CASES_NAMESPACE);
}

/**
 * Generates `count` realistic historic cases (disputes, and petitions at `PETITION_SHARE`) spread over the year before `until`, each driven
 * command by command through the real command pipeline with business time (`occurredAt`,
 * `metadata.now`) set along its timeline, dispatched to the handling units the registry names for
 * its building (grid → community committee → street centre). Deterministic for a seed: case ids
 * and command ids derive from it, so a rerun answers every command from the stream.
 */
export async function generateHistoricCases(
  pipeline: CommandPipeline,
  registry: RegistryState,
  options: HistoricCasesOptions,
): Promise<HistoricCasesResult> {
  const view = registryView(registry);
  const locations = indexLocations(view);
  if (locations.length === 0) throw new Error('the registry has no grid with a full handling chain; seed the district first');
  const actors = indexActors(view);
  const untilMs = Date.parse(options.until);
  if (Number.isNaN(untilMs)) throw new RangeError(`until must be an ISO instant, got ${options.until}`);

  const started = Date.now();
  const statuses: Record<string, number> = {};
  const caseIds: string[] = [];
  let events = 0;
  let replayedCommands = 0;
  let done = 0;
  let nextIndex = 0;

  const runOne = async (index: number) => {
    const rng = rngFor(options.randomSeed, index);
    const caseId = historicCaseId(options.randomSeed, index);
    caseIds[index] = caseId;
    const location = rng.pick(locations);
    const script = rng.chance(PETITION_SHARE) ? scriptPetition(rng, location, actors) : scriptCase(rng, location, actors);
    // Reported on one of the 365 days before `until`, between 08:30 and 17:30 China time.
    const day = untilMs - rng.int(1, 365) * DAY;
    const chinaMidnight = Math.floor((day + 8 * HOUR) / DAY) * DAY - 8 * HOUR;
    let at = chinaMidnight + 8.5 * HOUR + rng.int(0, 9 * 60) * MINUTE;
    const correlationId = uuidv5(`${caseId}/correlation`, CASES_NAMESPACE);
    let status = 'none';
    const run = async (stepNo: number, type: CaseCommandType, data: Record<string, unknown>, actor: string) => {
      const now = new Date(at).toISOString();
      const command = { type, data, metadata: { actor, now } } as unknown as CaseCommand;
      const result = await pipeline.handle(caseDecider, caseStreamName(caseId), command, {
        commandId: uuidv5(`${caseId}/step/${stepNo}`, CASES_NAMESPACE),
        actor,
        correlationId,
        occurredAt: now,
      });
      if (result.replayed) replayedCommands++;
      else events += result.events.length;
      status = result.state.status;
    };
    await run(0, 'ReportCase', { caseId, ...script.report }, script.reporterActor);
    for (const [i, step] of script.steps.entries()) {
      if (at + step.after > untilMs) break;
      at += step.after;
      await run(i + 1, step.type, step.data, step.actor);
    }
    statuses[status] = (statuses[status] ?? 0) + 1;
    done++;
    options.onProgress?.({ casesDone: done, casesTotal: options.count, events, elapsedMs: Date.now() - started });
  };

  const workers = Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 4, options.count)) }, async () => {
    while (nextIndex < options.count) await runOne(nextIndex++);
  });
  await Promise.all(workers);
  return { casesDone: done, casesTotal: options.count, events, elapsedMs: Date.now() - started, caseIds, statuses, replayedCommands };
}
