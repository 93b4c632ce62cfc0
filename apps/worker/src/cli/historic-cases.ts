import { v5 as uuidv5 } from 'uuid';
import {
  addDays,
  caseDecider,
  caseStreamName,
  countWorkingDays,
  daysBetween,
  ENFORCEMENT_PERIODS,
  formatCst,
  lateSurchargeFen,
  localDateOf,
  officialCalendar,
  SIMPLE_PROCEDURE_MAX_FINE_FEN,
  type CaseCommand,
  type CaseCommandType,
  type CaseState,
  type EnforcementDetails,
  type EnforcementTeam,
  type HandlingUnit,
  type LocalDate,
  type PartyKind,
  type PenaltyKind,
  type PenaltyTerms,
  type PreservedEvidenceDecision,
  type ReportedCase,
} from '#case-domain';
import { CommandPipeline } from '#command-pipeline';
import {
  registryView,
  type HandlingStep,
  type RegistryState,
  type RegistryView,
  type SquadView,
} from '#registry-domain';

/** Never change: generated case ids and command ids derive from it. */
const CASES_NAMESPACE = 'e4b2a9c7-5d31-5a8f-b6e0-91c3d7f2a845';
const HOUR = 3_600_000;
const MINUTE = 60_000;
const DAY = 24 * HOUR;
/**
 * Shares of petitions and law-enforcement cases among generated cases; the rest are disputes. One
 * draw decides the type: below PETITION_SHARE a petition, then ENFORCEMENT_SHARE of enforcement
 * cases, so petitions and the remaining disputes are the very cases an earlier two-type generator
 * made for the same seed and index.
 */
const PETITION_SHARE = 0.15;
const ENFORCEMENT_SHARE = 0.2;

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
  /**
   * Final status of each generated case, counted: disputes and petitions by status, law-enforcement
   * cases by stage as `enforcement:<stage>` (`enforcement:paid`, `enforcement:archived`, ...).
   */
  statuses: Record<string, number>;
  /** Generated cases by type (dispute, petition, enforcement). */
  caseTypes: Record<string, number>;
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

const SURNAMES = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '黄',
  '赵',
  '吴',
  '周',
  '徐',
  '孙',
  '马',
  '朱',
  '胡',
  '郭',
  '何',
  '罗',
  '高',
  '林',
];
const GIVEN = [
  '芳',
  '强',
  '敏',
  '静',
  '磊',
  '军',
  '洋',
  '艳',
  '勇',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '秀英',
  '桂兰',
  '建华',
  '志强',
  '晓燕',
  '国平',
];
const SOURCES = [
  'grid_patrol',
  'grid_patrol',
  'walk_in',
  'phone',
  'hotline_12345',
  'hotline_12345',
  'online',
] as const;

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
  /** The squad officers' logins of a squad (three per squad in the demo district), sorted. */
  squadOfficers(squadId: string): readonly string[];
}

function indexLocations(view: RegistryView): Location[] {
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

function indexActors(view: RegistryView): Actors {
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

/**
 * One scripted command. Disputes and petitions wait a drawn while (`after`) after the previous step;
 * law-enforcement steps compute their instant (`at`) and sometimes their data from the case so far,
 * because the law counts their periods from what the decider recorded (working days, the payment
 * due date, the appeal period).
 */
type Step = {
  type: CaseCommandType;
  data: Record<string, unknown> | ((state: ReportedCase, now: number) => Record<string, unknown>);
  actor: string;
} & ({ after: number } | { at: (state: ReportedCase, previous: number) => number });
type Script = { report: Record<string, unknown>; reporterActor: string; steps: Step[] };

/**
 * One case's script: report, then the common loop with an outcome picked at random. Each step
 * waits a realistic while after the previous one; steps that would fall after `until` are not
 * taken, so recent cases are naturally still open.
 */
function scriptCase(rng: Rng, location: Location, actors: Actors): Script {
  const kinds = DISPUTES.filter((k) => !k.rural || location.rural);
  const kind = rng.pick(kinds);
  const person = () => `${rng.pick(SURNAMES)}${rng.pick(GIVEN)}`;
  const phone = () =>
    `1${rng.pick(['38', '39', '58', '59', '86', '88'])}${String(rng.int(0, 99_999_999)).padStart(8, '0')}`;
  const applicant = { name: person(), phone: phone(), role: 'applicant' };
  const respondent = { name: person(), phone: phone(), role: 'respondent' };
  const source = rng.pick(SOURCES);
  const [building, community, street, district] = location.chain as [
    HandlingStep,
    HandlingStep,
    HandlingStep,
    HandlingStep,
  ];
  const unitOf = (step: HandlingStep): HandlingUnit => ({ unitId: step.handler.id, name: step.handler.name });
  const title = rng.pick(kind.titles);
  const report = {
    caseType: 'dispute',
    source,
    title,
    description: `${location.gridName}${location.buildingName ? ` ${location.buildingName}` : ''}：${applicant.name}反映与${respondent.name}之间的${title}，请求调解。`,
    category: kind.category,
    urgency: rng.chance(0.1) ? 'complex' : 'general',
    location: {
      gridId: location.gridId,
      ...(location.buildingId ? { buildingId: location.buildingId } : {}),
    },
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
  const push = (type: CaseCommandType, data: Record<string, unknown>, after: number, actor = op) =>
    steps.push({ type, data, after, actor });
  const accept = () => push('AcceptDispatch', {}, hours(0.2, 20), handler());
  const session = (notes: string) =>
    push(
      'RecordMediationSession',
      { mediators: [handler()], attendees: [applicant.name, respondent.name], notes },
      hours(4, 40),
      handler(),
    );

  const roll = rng.next();
  if (roll < 0.04) {
    push('RejectCase', { reason: '不属于人民调解受理范围，已告知当事人通过其他途径解决' }, minutes(20, 240));
    return { report, reporterActor, steps };
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
    push(
      'RecordMediationFailure',
      { reason: '双方分歧较大，楼院层级调解不成', next: 'escalate', unit: unitOf(community) },
      hours(2, 24),
      handler(),
    );
    level = community;
    accept();
    push('StartWork', {}, hours(0.5, 24), handler());
    session('社区组织联合调解');
    if (rng.chance(0.3)) {
      push(
        'RecordMediationFailure',
        { reason: '社区调解不成，提请街道调处', next: 'escalate', unit: unitOf(street) },
        hours(2, 30),
        handler(),
      );
      level = street;
      accept();
      push('StartWork', {}, hours(0.5, 24), handler());
      session('街道综治中心组织调处');
    }
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
    level = street;
    accept();
    push('StartWork', {}, hours(0.2, 6), handler());
    session('街道联合派出所开展调解，稳控风险');
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

  if (resolution === 'referred') {
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
    return { report, reporterActor, steps };
  }
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
  if (unsatisfied) {
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
  return { report, reporterActor, steps };
}

const PETITIONS: readonly { matter: string; request: string; respondent: string }[] = [
  {
    matter: '小区违章搭建长期无人处理，影响采光和消防通道',
    request: '依法拆除违章建筑',
    respondent: '街道城市管理办公室',
  },
  { matter: '征地补偿款迟迟未发放到户', request: '按协议发放补偿款', respondent: '镇人民政府' },
  {
    matter: '物业公司占用公共收益未公示',
    request: '公开公共收益账目并返还业主',
    respondent: '小区物业服务公司',
  },
  { matter: '安置房分配方案不公开', request: '公开分配方案并重新审核', respondent: '区住房保障部门' },
  {
    matter: '企业拖欠工资，劳动监察处理不力',
    request: '督促企业支付欠薪',
    respondent: '区人力资源和社会保障局',
  },
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
function scriptPetition(rng: Rng, location: Location, actors: Actors): Script {
  const person = {
    name: `${rng.pick(SURNAMES)}${rng.pick(GIVEN)}`,
    phone: `1${rng.pick(['38', '39', '58', '86'])}${String(rng.int(0, 99_999_999)).padStart(8, '0')}`,
  };
  const topic = rng.pick(PETITIONS);
  const [channel, source] = rng.pick(PETITION_CHANNELS_BY_SOURCE);
  const [, community, street, district] = location.chain as [
    HandlingStep,
    HandlingStep,
    HandlingStep,
    HandlingStep,
  ];
  const unitOf = (step: HandlingStep): HandlingUnit => ({ unitId: step.handler.id, name: step.handler.name });
  const report = {
    caseType: 'petition',
    source,
    title: `${person.name}来${channel === 'visit' ? '访' : '信'}反映${topic.matter.slice(0, 12)}`,
    description: `${community.node.name}居民${person.name}反映：${topic.matter}。`,
    category: 'petition',
    urgency: 'general',
    location: {
      gridId: location.gridId,
      ...(location.buildingId ? { buildingId: location.buildingId } : {}),
    },
    reporter: person,
    level: 'street',
    petition: {
      channel,
      class: 'request',
      petitioners: [person],
      matter: topic.matter,
      request: topic.request,
      respondent: topic.respondent,
    },
  };
  const steps: Step[] = [];
  const op = actors.centre;
  const days = (min: number, max: number) => rng.int(min * 24 * 60, max * 24 * 60) * MINUTE;
  const push = (type: CaseCommandType, data: Record<string, unknown>, after: number, actor = op) =>
    steps.push({ type, data, after, actor });
  const streetStaff = () => actors.forStep(street, rng);

  if (rng.chance(0.08)) {
    push(
      'RoutePetition',
      { mode: 'inform', competentBody: topic.respondent, note: '告知向有权处理的机关提出' },
      days(1, 10),
    );
    return { report, reporterActor: op, steps };
  }
  push(
    'RoutePetition',
    { mode: 'assign', toBody: unitOf(street), note: '交办街道综治中心办理并报告结果' },
    days(1, 12),
  );
  push('NotifyPetitioner', { content: '已受理，将在六十日内办结并书面答复' }, days(1, 12), streetStaff());
  if (rng.chance(0.1)) {
    push(
      'DivertPetition',
      { route: 'litigation', body: `${district.node.name}人民法院`, reason: '属于应当通过诉讼解决的事项' },
      days(3, 15),
      streetStaff(),
    );
    return { report, reporterActor: op, steps };
  }
  const answer = rng.pick(['support', 'support', 'explain', 'not_support'] as const);
  push(
    'AnswerPetition',
    {
      answer,
      opinion:
        answer === 'support'
          ? '诉求合理，予以支持'
          : answer === 'explain'
            ? '已向信访人解释说明相关政策'
            : '诉求缺乏依据，不予支持',
    },
    days(15, 55),
    streetStaff(),
  );
  if (answer !== 'support' && rng.chance(0.5)) {
    push(
      'RequestReview',
      { reviewBody: unitOf(district), reason: '对处理意见不服，请求复查' },
      days(3, 25),
      'public:petitioner',
    );
    const review = rng.pick(['explain', 'not_support', 'support'] as const);
    push('AnswerReview', { answer: review, opinion: '经复查，维持原处理意见' }, days(10, 28));
    if (review !== 'support' && rng.chance(0.4)) {
      push(
        'RequestReReview',
        {
          reReviewBody: { unitId: uuidv5('city-petition-bureau', CASES_NAMESPACE), name: '市信访局' },
          reason: '对复查意见不服，请求复核',
        },
        days(3, 25),
        'public:petitioner',
      );
      push(
        'AnswerReReview',
        { answer: 'not_support', opinion: '经复核，维持复查意见，此为最终意见' },
        days(15, 29),
      );
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

// ---------------------------------------------------------------------------------------------
// Law-enforcement cases (综合行政执法, 行政处罚法 2021, 行政强制法)
// ---------------------------------------------------------------------------------------------

/** The area squad of each team that covers a location's street/township, with the team (大队, the brigade). */
interface SquadIndex {
  squadFor(
    team: EnforcementTeam,
    gridId: string,
  ): { squad: SquadView; brigadeId: string; brigadeName: string } | undefined;
}

function indexSquads(view: RegistryView): SquadIndex {
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

/** An offence a team deals with, with the fines its rules allow (yuan) and what officers preserve. */
interface Violation {
  team: EnforcementTeam;
  category: string;
  title: string;
  party: PartyKind | 'either';
  /** Business names for an organisation party (prefixed with a shop name). */
  businesses: readonly string[];
  facts: string;
  legalBasis: string;
  /** Fine range of the ordinary procedure, yuan. */
  fine: readonly [number, number];
  /** Fine range on the spot (simple procedure, within ¥200 person / ¥3,000 organisation); absent: always filed. */
  spot?: readonly [number, number];
  /** Penalties imposed with the fine now and then. */
  extra?: readonly PenaltyKind[];
  evidence: readonly string[];
  preservation: readonly PreservedEvidenceDecision[];
  where?: 'urban' | 'rural';
}

const VIOLATIONS: readonly Violation[] = [
  {
    team: 'urban_management',
    category: 'street_occupation',
    title: '占道经营',
    party: 'person',
    businesses: ['餐饮店', '水果店'],
    facts: '在人行道上摆摊设点，占用城市道路经营',
    legalBasis: '《城市市容和环境卫生管理条例》第三十六条',
    fine: [500, 2000],
    spot: [50, 200],
    evidence: ['经营用三轮车 1 辆', '折叠桌椅 4 套'],
    preservation: ['release', 'release', 'seize'],
    where: 'urban',
  },
  {
    team: 'urban_management',
    category: 'illegal_construction',
    title: '违法建设',
    party: 'either',
    businesses: ['实业有限公司', '置业有限公司'],
    facts: '未取得建设工程规划许可证擅自搭建建筑物',
    legalBasis: '《城乡规划法》第六十四条',
    fine: [20_000, 150_000],
    evidence: ['施工机具 3 台'],
    preservation: ['release', 'seize'],
  },
  {
    team: 'urban_management',
    category: 'construction_waste',
    title: '擅自处置建筑垃圾',
    party: 'organisation',
    businesses: ['建筑工程有限公司', '渣土运输有限公司'],
    facts: '未经核准擅自倾倒、处置建筑垃圾',
    legalBasis: '《城市建筑垃圾管理规定》第二十六条',
    fine: [5_000, 50_000],
    evidence: ['渣土运输车 1 辆'],
    preservation: ['release', 'seize'],
  },
  {
    team: 'urban_management',
    category: 'outdoor_advertising',
    title: '擅自设置户外广告',
    party: 'organisation',
    businesses: ['商贸有限公司', '广告传媒有限公司'],
    facts: '未经批准擅自设置户外广告牌',
    legalBasis: '《城市市容和环境卫生管理条例》第三十四条',
    fine: [1_000, 10_000],
    spot: [500, 3_000],
    extra: ['warning'],
    evidence: ['户外广告牌 2 块'],
    preservation: ['release', 'seize'],
    where: 'urban',
  },
  {
    team: 'urban_management',
    category: 'cooking_fumes',
    title: '油烟直排',
    party: 'organisation',
    businesses: ['餐饮有限公司', '火锅店'],
    facts: '餐饮服务项目未安装油烟净化设施，油烟直排',
    legalBasis: '《大气污染防治法》第一百一十八条',
    fine: [5_000, 50_000],
    extra: ['business_restriction'],
    evidence: ['排烟管道及灶具'],
    preservation: ['test', 'release'],
    where: 'urban',
  },
  {
    team: 'market_supervision',
    category: 'unlicensed_business',
    title: '无照经营',
    party: 'person',
    businesses: ['便利店'],
    facts: '未依法取得营业执照从事经营活动',
    legalBasis: '《无证无照经营查处办法》第十三条',
    fine: [1_000, 10_000],
    extra: ['confiscation'],
    evidence: ['待售商品 1 批'],
    preservation: ['release', 'seize'],
  },
  {
    team: 'market_supervision',
    category: 'expired_food',
    title: '销售过期食品',
    party: 'organisation',
    businesses: ['超市', '便利店', '食品商行'],
    facts: '销售超过保质期的预包装食品',
    legalBasis: '《食品安全法》第一百二十四条',
    fine: [50_000, 150_000],
    extra: ['confiscation'],
    evidence: ['过期预包装食品 36 件'],
    preservation: ['seize', 'test'],
  },
  {
    team: 'market_supervision',
    category: 'price_marking',
    title: '未明码标价',
    party: 'organisation',
    businesses: ['超市', '药店', '水果店'],
    facts: '经营商品未按规定明码标价',
    legalBasis: '《明码标价和禁止价格欺诈规定》第二十一条',
    fine: [1_000, 5_000],
    spot: [200, 3_000],
    extra: ['warning'],
    evidence: ['价签及销售记录'],
    preservation: ['release'],
  },
  {
    team: 'market_supervision',
    category: 'false_advertising',
    title: '发布虚假广告',
    party: 'organisation',
    businesses: ['保健品有限公司', '医疗器械有限公司'],
    facts: '发布虚假广告，欺骗、误导消费者',
    legalBasis: '《广告法》第五十五条',
    fine: [200_000, 1_000_000],
    evidence: ['宣传册 500 份'],
    preservation: ['seize'],
  },
  {
    team: 'transport',
    category: 'illegal_passenger_transport',
    title: '非法营运',
    party: 'person',
    businesses: [],
    facts: '未取得道路运输经营许可，擅自从事道路旅客运输经营',
    legalBasis: '《道路运输条例》第六十三条',
    fine: [10_000, 50_000],
    extra: ['confiscation'],
    evidence: ['营运车辆 1 辆'],
    preservation: ['release', 'seize'],
  },
  {
    team: 'transport',
    category: 'overloading',
    title: '违法超限运输',
    party: 'either',
    businesses: ['物流有限公司', '运输有限公司'],
    facts: '车辆违法超限运输，超过公路限载标准',
    legalBasis: '《公路安全保护条例》第六十四条',
    fine: [1_000, 30_000],
    evidence: ['超限货车 1 辆'],
    preservation: ['release'],
  },
  {
    team: 'transport',
    category: 'taxi_meter',
    title: '出租汽车不按规定计价',
    party: 'person',
    businesses: [],
    facts: '巡游出租汽车驾驶员不按规定使用计程计价设备',
    legalBasis: '《巡游出租汽车经营服务管理规定》第四十八条',
    fine: [200, 2_000],
    spot: [50, 200],
    extra: ['warning'],
    evidence: ['计程计价设备记录'],
    preservation: ['release'],
    where: 'urban',
  },
  {
    team: 'agriculture',
    category: 'fake_pesticide',
    title: '经营假农药',
    party: 'organisation',
    businesses: ['农资经营部', '农资有限公司'],
    facts: '经营假农药',
    legalBasis: '《农药管理条例》第五十五条',
    fine: [5_000, 50_000],
    extra: ['confiscation'],
    evidence: ['涉案农药 20 箱'],
    preservation: ['test', 'seize'],
    where: 'rural',
  },
  {
    team: 'agriculture',
    category: 'illegal_fishing',
    title: '禁渔期非法捕捞',
    party: 'person',
    businesses: [],
    facts: '在禁渔期使用禁用渔具捕捞',
    legalBasis: '《渔业法》第三十八条',
    fine: [500, 5_000],
    spot: [100, 200],
    extra: ['confiscation'],
    evidence: ['地笼网 12 条', '渔获物 15 公斤'],
    preservation: ['seize', 'release'],
    where: 'rural',
  },
  {
    team: 'agriculture',
    category: 'dead_livestock',
    title: '病死畜禽未无害化处理',
    party: 'person',
    businesses: [],
    facts: '未按规定对病死畜禽进行无害化处理',
    legalBasis: '《动物防疫法》第九十九条',
    fine: [3_000, 30_000],
    evidence: ['病死生猪 3 头'],
    preservation: ['transfer', 'test'],
    where: 'rural',
  },
  {
    team: 'cultural_market',
    category: 'internet_cafe_minors',
    title: '网吧接纳未成年人',
    party: 'organisation',
    businesses: ['网络会所', '网吧'],
    facts: '互联网上网服务营业场所接纳未成年人进入',
    legalBasis: '《互联网上网服务营业场所管理条例》第三十一条',
    fine: [2_000, 15_000],
    extra: ['warning', 'business_restriction'],
    evidence: ['上网登记记录', '监控录像'],
    preservation: ['release'],
  },
  {
    team: 'cultural_market',
    category: 'unlicensed_publications',
    title: '无证发行出版物',
    party: 'person',
    businesses: [],
    facts: '未经许可擅自从事出版物发行业务',
    legalBasis: '《出版管理条例》第六十一条',
    fine: [1_000, 20_000],
    extra: ['confiscation'],
    evidence: ['出版物 300 册'],
    preservation: ['seize', 'transfer'],
  },
  {
    team: 'cultural_market',
    category: 'unauthorised_performance',
    title: '擅自举办营业性演出',
    party: 'organisation',
    businesses: ['文化传播有限公司', '演艺有限公司'],
    facts: '未经批准举办营业性演出',
    legalBasis: '《营业性演出管理条例》第四十三条',
    fine: [50_000, 300_000],
    extra: ['confiscation'],
    evidence: ['演出票据及合同'],
    preservation: ['release'],
  },
];

/** How often each team's leads turn up, by setting (rural grids see more agriculture, fewer taxis). */
const TEAM_WEIGHTS: Readonly<Record<'urban' | 'rural', Readonly<Record<EnforcementTeam, number>>>> = {
  urban: { urban_management: 40, market_supervision: 28, transport: 14, cultural_market: 12, agriculture: 6 },
  rural: { urban_management: 22, market_supervision: 22, transport: 10, cultural_market: 8, agriculture: 38 },
};
const TEAM_SHORT: Readonly<Record<EnforcementTeam, string>> = {
  urban_management: '城管',
  market_supervision: '市监',
  transport: '交执',
  agriculture: '农执',
  cultural_market: '文执',
};
const SHOP_NAMES = [
  '鑫源',
  '恒达',
  '金穗',
  '华联',
  '福满',
  '兴隆',
  '佳美',
  '永盛',
  '润发',
  '宏泰',
  '顺意',
  '嘉禾',
];
/** How a lead reached the squad: report source, lead source (text), who records it. */
const LEAD_SOURCES = [
  ['grid_patrol', '网格员巡查发现', 'grid'],
  ['grid_patrol', '网格员巡查发现', 'grid'],
  ['grid_patrol', '执法队员日常巡查发现', 'squad'],
  ['grid_patrol', '执法队员日常巡查发现', 'squad'],
  ['hotline_12345', '12345 热线投诉', 'centre'],
  ['hotline_12345', '12345 热线投诉', 'centre'],
  ['online', '群众网上举报', 'centre'],
  ['video_alert', '视频监控发现', 'centre'],
  ['department_transfer', '相关部门移送', 'centre'],
  ['task_from_above', '上级交办', 'centre'],
] as const;
const NOT_FILED_REASONS = [
  '现场核查未发现违法行为，举报内容不属实',
  '违法事实不能成立',
  '违法行为轻微并及时改正，没有造成危害后果，依法不予立案（行政处罚法第三十三条）',
  '当事人初次违法且危害后果轻微并及时改正（行政处罚法第三十三条）',
  '违法行为超过二年未被发现，不再给予行政处罚（行政处罚法第三十六条）',
];
const REFERRAL_BODIES: Readonly<Record<EnforcementTeam, readonly string[]>> = {
  urban_management: ['区住房和城乡建设局', '区生态环境局'],
  market_supervision: ['区卫生健康委员会', '区税务局'],
  transport: ['区公安分局交通管理大队'],
  agriculture: ['区自然资源局', '区林业局'],
  cultural_market: ['区公安分局网络安全保卫大队'],
};

/** Hearing right (行政处罚法 Art. 63, "较大数额" as the teams' rules set it): ¥10,000 person / ¥100,000 organisation, or a business restriction. */
const HEARING_FINE_FEN: Readonly<Record<PartyKind, number>> = { person: 1_000_000, organisation: 10_000_000 };
/** Major case (重大, legal review before the decision, Art. 58): ¥50,000 person / ¥200,000 organisation, or a business restriction. */
const MAJOR_FINE_FEN: Readonly<Record<PartyKind, number>> = { person: 5_000_000, organisation: 20_000_000 };

// Business time: officers act on working days (the official calendar the decider counts with), 08:30–17:00 China time.
const dateOf = (ms: number): LocalDate => localDateOf(new Date(ms).toISOString());
const chinaMidnightOf = (date: LocalDate): number => Date.parse(`${date}T00:00:00+08:00`);
/** The n-th working day after `date`; n = 0: `date` itself when a working day, else the next one. */
function workingDay(date: LocalDate, n: number): LocalDate {
  let day = date;
  let left = n;
  if (left === 0) {
    while (!officialCalendar.isWorkingDay(day)) day = addDays(day, 1);
    return day;
  }
  while (left > 0) {
    day = addDays(day, 1);
    if (officialCalendar.isWorkingDay(day)) left--;
  }
  return day;
}
/** The day a limit ends on (its `dueAt` is 00:00 of the next day). */
const lastDayOf = (dueAt: string): LocalDate => dateOf(Date.parse(dueAt) - 1);

function enforcementDetails(state: ReportedCase): EnforcementDetails {
  if (state.details.caseType !== 'enforcement')
    throw new Error(`case ${state.caseId} is not an enforcement case`);
  return state.details;
}

/**
 * A law-enforcement case: a lead reported to the area squad of one of the five teams, then screened
 * (not filed, referred out, the on-the-spot procedure) or filed and investigated by two officers,
 * reviewed, notified, sometimes heard, decided, served and executed (paid on time, late with the
 * surcharge, after a demand, or through the court), and archived. Undefined when the registry has no
 * squad for the location (the caller scripts a dispute instead).
 */
function scriptEnforcement(
  rng: Rng,
  location: Location,
  actors: Actors,
  squads: SquadIndex,
): Script | undefined {
  const setting = location.rural ? 'rural' : 'urban';
  const candidates = (team: EnforcementTeam) =>
    VIOLATIONS.filter((v) => v.team === team && (!v.where || v.where === setting));
  const weights = Object.entries(TEAM_WEIGHTS[setting]).filter(
    ([team]) => candidates(team as EnforcementTeam).length > 0,
  ) as [EnforcementTeam, number][];
  let draw = rng.next() * weights.reduce((sum, [, w]) => sum + w, 0);
  let team = weights[0]![0];
  for (const [t, w] of weights) {
    team = t;
    if ((draw -= w) < 0) break;
  }
  const placed = squads.squadFor(team, location.gridId);
  if (!placed) return undefined;
  const { squad, brigadeId, brigadeName } = placed;
  const violation = rng.pick(candidates(team));
  const [, , , district] = location.chain as [HandlingStep, HandlingStep, HandlingStep, HandlingStep];
  const person = () => `${rng.pick(SURNAMES)}${rng.pick(GIVEN)}`;
  const phone = () =>
    `1${rng.pick(['38', '39', '58', '59', '86', '88'])}${String(rng.int(0, 99_999_999)).padStart(8, '0')}`;
  const partyKind: PartyKind =
    violation.party === 'either' ? (rng.chance(0.5) ? 'person' : 'organisation') : violation.party;
  const partyName =
    partyKind === 'person'
      ? person()
      : `${district.node.name.replace(/区$/, '')}${rng.pick(SHOP_NAMES)}${rng.pick(violation.businesses)}`;
  const [source, leadSource, recorder] = rng.pick(LEAD_SOURCES);
  const complainant =
    source === 'hotline_12345' || source === 'online' ? { name: person(), phone: phone() } : undefined;

  // The squad's officers act (two investigate, per Art. 42); a registry without squad logins falls back to the centre's convention.
  const accounts = actors.squadOfficers(squad.id);
  const roster =
    accounts.length >= 2
      ? [...accounts]
      : [...accounts, `${squad.code}-执法队员甲`, `${squad.code}-执法队员乙`].slice(0, 2);
  const first = rng.int(0, roster.length - 1);
  const investigators = [
    roster[first]!,
    roster[(first + 1 + rng.int(0, roster.length - 2)) % roster.length]!,
  ];
  const officer = () => (accounts.length > 0 ? rng.pick(investigators) : actors.centre);
  const head = `${brigadeName}负责人`;

  const where = `${location.gridName}${location.buildingName ? ` ${location.buildingName}` : ''}`;
  const report = {
    caseType: 'enforcement',
    source,
    title: `${partyName}${violation.title}`,
    description: `${where}：${partyName}涉嫌${violation.facts}（${leadSource}）。`,
    category: violation.category,
    urgency: 'general',
    location: {
      gridId: location.gridId,
      ...(location.buildingId ? { buildingId: location.buildingId } : {}),
    },
    ...(complainant ? { reporter: complainant } : {}),
    enforcement: {
      team,
      squadId: squad.id,
      brigadeId,
      party: { kind: partyKind, name: partyName },
      leadSource,
    },
  };
  const [building] = location.chain as [HandlingStep];
  const reporterActor =
    recorder === 'grid'
      ? actors.forStep(building, rng)
      : recorder === 'squad' && accounts.length > 0
        ? rng.pick(accounts)
        : actors.centre;

  const steps: Step[] = [];
  const push = (
    type: CaseCommandType,
    at: (state: ReportedCase, previous: number) => number,
    data: Step['data'] = {},
    actor = officer(),
  ) => steps.push({ type, data, actor, at });
  /** A drawn instant within office hours (08:30–17:00) on `date`. */
  const duringOfficeHours = (date: LocalDate): number =>
    chinaMidnightOf(date) + (8 * 60 + 30 + rng.int(0, 510)) * MINUTE;
  /** Office hours on `date`, never before `previous` (then a little after it, or the next working day). */
  const officeTime = (date: LocalDate, previous: number): number => {
    const t = duringOfficeHours(date);
    if (t > previous) return t;
    return afterWorkingDays(previous, 0);
  };
  /** `n` working days after the day of `previous` (n = 0: later the same working day, if there is time left). */
  const afterWorkingDays = (previous: number, n: number): number => {
    const day = dateOf(previous);
    if (n === 0 && officialCalendar.isWorkingDay(day) && previous - chinaMidnightOf(day) < 16.5 * HOUR)
      return previous + rng.int(10, 90) * MINUTE;
    return duringOfficeHours(workingDay(day, Math.max(n, 1)));
  };
  const afterDays = (previous: number, days: number): number =>
    officeTime(workingDay(addDays(dateOf(previous), days), 0), previous);
  const yearOf = (ms: number) => dateOf(ms).slice(0, 4);
  const number = () => rng.int(1, 999);
  const archive = (chance: number, minDays: number, maxDays: number, note: string) => {
    if (rng.chance(chance))
      push('ArchiveEnforcementCase', (_, previous) => afterDays(previous, rng.int(minDays, maxDays)), {
        note,
      });
  };
  const yuan = (range: readonly [number, number]): number => {
    const [min, max] = range;
    const step = max <= 500 ? 10 : max <= 5_000 ? 50 : max <= 50_000 ? 500 : 5_000;
    return Math.round((min + rng.next() * (max - min)) / step) * step;
  };
  /** Payment of the fine (and the surcharge it owes on `paidOn`), recorded when the bank's notice arrives. */
  const pay = (paidOnFor: (state: ReportedCase, previous: number) => LocalDate) => {
    let paidOn: LocalDate = '';
    push(
      'RecordPayment',
      (state, previous) => {
        paidOn = paidOnFor(state, previous);
        return officeTime(workingDay(paidOn, rng.chance(0.6) ? 0 : rng.int(1, 2)), previous);
      },
      (state) => {
        const execution = enforcementDetails(state).execution!;
        return {
          amountFen:
            execution.fineFen + lateSurchargeFen(execution.fineFen, execution.paymentDueDate!, paidOn),
          paidOn,
          receiptNo: `${paidOn.replaceAll('-', '')}${String(rng.int(0, 999_999)).padStart(6, '0')}`,
        };
      },
    );
  };
  const servedOn = (state: ReportedCase): LocalDate =>
    localDateOf(enforcementDetails(state).service!.servedAt);
  const dueDate = (state: ReportedCase): LocalDate => enforcementDetails(state).execution!.paymentDueDate!;
  const payOnTime = () =>
    pay((state) =>
      addDays(
        servedOn(state),
        Math.floor(rng.next() ** 2 * (daysBetween(servedOn(state), dueDate(state)) + 1)),
      ),
    );
  const payLate = () => pay((state) => addDays(dueDate(state), rng.int(1, 30)));

  const roll = rng.next();
  if (roll < 0.06) {
    // 移送: another body's matter, or a suspected crime for the police.
    const judiciary = rng.chance(0.3);
    push('ReferOut', (_, previous) => afterWorkingDays(previous, rng.int(1, 5)), {
      route: judiciary ? 'judiciary' : 'competent_body',
      body: judiciary ? `${district.node.name}公安分局` : rng.pick(REFERRAL_BODIES[team]),
      reason: judiciary
        ? '涉嫌犯罪，依法移送公安机关（行政处罚法第二十七条）'
        : '不属于本机关管辖，依法移送有管辖权的机关',
    });
    archive(0.8, 1, 10, '已移送，归档');
    return { report, reporterActor, steps };
  }
  if (roll < 0.2) {
    push('ScreenLead', (_, previous) => afterWorkingDays(previous, rng.int(1, 8)), {
      outcome: 'not_filed',
      reason: rng.pick(NOT_FILED_REASONS),
    });
    archive(0.85, 1, 10, '不予立案，归档');
    return { report, reporterActor, steps };
  }

  if (violation.spot && rng.chance(0.55)) {
    // 简易程序 (Arts. 51–52): decided and handed over on the spot; a fine within ¥200 / ¥3,000.
    const warningOnly = rng.chance(0.25);
    const fineFen = warningOnly
      ? 0
      : Math.min(yuan(violation.spot) * 100, SIMPLE_PROCEDURE_MAX_FINE_FEN[partyKind]);
    push(
      'ScreenLead',
      (_, previous) => afterWorkingDays(previous, rng.int(0, 2)),
      (_, now) => ({
        outcome: 'simple_procedure',
        reason: '违法事实确凿并有法定依据，适用简易程序当场作出行政处罚决定',
        onTheSpot: {
          partyKind,
          partyName,
          penalty: warningOnly
            ? { kinds: ['warning'], fineFen: 0, note: '当场警告' }
            : { kinds: ['fine'], fineFen, note: `当场罚款 ${fineFen / 100} 元` },
          facts: violation.facts,
          legalBasis: violation.legalBasis,
          officers: investigators,
          decisionNo: `${TEAM_SHORT[team]}简罚〔${yearOf(now)}〕${number()}号`,
        },
      }),
    );
    if (!warningOnly) {
      const r = rng.next();
      if (r < 0.65)
        pay((_, previous) => dateOf(previous)); // collected on the spot (Arts. 68–69): a same-day payment
      else if (r < 0.93) payOnTime();
      else payLate();
    }
    archive(0.85, 1, 15, '简易程序案件，归档');
    return { report, reporterActor, steps };
  }

  // 普通程序: filed within 15 working days (rarely later), investigated by two officers.
  const lateScreening = rng.chance(0.03);
  const offence = (): PenaltyTerms => {
    const fineFen = yuan(violation.fine) * 100;
    const extra = violation.extra && rng.chance(0.4) ? [rng.pick(violation.extra)] : [];
    if (rng.chance(0.06)) {
      const kinds: PenaltyKind[] =
        extra.length > 0 && extra[0] !== 'business_restriction' ? extra : ['warning'];
      return { kinds, fineFen: 0, note: '违法情节较轻，不予罚款' };
    }
    return {
      kinds: extra[0] === 'warning' ? ['warning', 'fine'] : ['fine', ...extra],
      fineFen,
      note: `罚款 ${fineFen / 100} 元`,
    };
  };
  const proposed = offence();
  const restricted =
    proposed.kinds.includes('business_restriction') || proposed.kinds.includes('licence_measure');
  const hearingRight = restricted || proposed.fineFen >= HEARING_FINE_FEN[partyKind];
  const major = restricted || proposed.fineFen >= MAJOR_FINE_FEN[partyKind];
  const majorAtFiling = major && rng.chance(0.5);
  push(
    'FileEnforcementCase',
    (_, previous) => afterWorkingDays(previous, lateScreening ? rng.int(16, 19) : rng.int(1, 6)),
    (_, now) => ({
      officers: investigators,
      ...(majorAtFiling ? { major: true } : {}),
      caseNo: `${TEAM_SHORT[team]}立〔${yearOf(now)}〕${number()}号`,
    }),
  );
  if (rng.chance(0.25)) {
    // 先行登记保存 with the head's approval, decided within 7 working days (Art. 56).
    push('PreserveEvidence', (_, previous) => afterWorkingDays(previous, rng.int(0, 2)), {
      items: [...violation.evidence],
      approvedBy: head,
    });
    push('DecidePreservedEvidence', (_, previous) => afterWorkingDays(previous, rng.int(1, 6)), {
      preservationNo: 1,
      decision: rng.pick(violation.preservation),
    });
  }

  // What follows the investigation, fixed now so the investigation leaves time for it within the decision limit.
  const reviewOutcome =
    rng.next() < 0.06 ? 'no_penalty' : rng.next() < 0.03 ? 'transfer_to_judiciary' : 'proposed_penalty';
  const hearingRequested = hearingRight && rng.chance(0.45);
  const waived = hearingRight && !hearingRequested && rng.chance(0.3);
  const reviewWd = rng.int(2, 6);
  const notifyWd = rng.int(1, 3);
  const requestWd = rng.int(1, 3);
  const scheduleWd = rng.int(1, 2);
  const hearingExtraWd = rng.int(0, 2);
  const decideWd = hearingRequested
    ? rng.int(2, 5)
    : waived
      ? rng.int(1, 2)
      : hearingRight
        ? rng.int(0, 3)
        : rng.int(3, 6);
  // Working days from the conclusion to the decision: review, notice, then the hearing (7 working days' notice) or the request window.
  // (+2 for a step that rolls over to the next working day after office hours.)
  const toDecision =
    2 +
    reviewWd +
    (reviewOutcome !== 'proposed_penalty'
      ? 0
      : notifyWd +
        (hearingRequested
          ? requestWd + scheduleWd + 8 + hearingExtraWd + decideWd
          : waived
            ? decideWd
            : hearingRight
              ? 6 + decideWd
              : decideWd));
  const extended = rng.chance(0.05);
  if (extended) {
    // A complex case: the head approves 30 more days before the 90 run out; the decision then mostly falls after the first limit.
    push(
      'ExtendDeadline',
      (state, previous) => {
        const filedOn = localDateOf(enforcementDetails(state).filing!.filedAt);
        const lastDay = lastDayOf(state.deadlines.decision!.dueAt);
        let day = workingDay(addDays(filedOn, rng.int(68, 82)), 0);
        while (
          (daysBetween(day, lastDay) < 2 ||
            daysBetween(workingDay(day, toDecision + 1), addDays(lastDay, 30)) < 0) &&
          daysBetween(dateOf(previous), day) > 1
        ) {
          day = addDays(day, -1);
        }
        return officeTime(day, previous);
      },
      {
        approvedBy: head,
        reason: '案情复杂，需补充调查取证，经负责人批准延长办案期限',
        amount: 30,
        deadline: 'decision',
      },
    );
  }
  push(
    'ConcludeInvestigation',
    (state, previous) => {
      const filedOn = localDateOf(enforcementDetails(state).filing!.filedAt);
      const lastDay = lastDayOf(state.deadlines.decision!.dueAt);
      const earliest = workingDay(dateOf(previous), 1);
      let day = workingDay(
        extended ? addDays(dateOf(previous), rng.int(5, 20)) : addDays(filedOn, rng.int(10, 45)),
        0,
      );
      if (daysBetween(earliest, day) < 0) day = earliest;
      while (daysBetween(workingDay(day, toDecision), lastDay) < 0 && daysBetween(earliest, day) > 0)
        day = addDays(day, -1);
      return officeTime(workingDay(day, 0), previous);
    },
    { summary: `经调查，${partyName}${violation.facts}的违法事实清楚，证据确凿` },
  );

  const legalReview =
    major || rng.chance(0.2)
      ? {
          reviewer: `${brigadeName}法制审核员${person()}`,
          opinion: '事实清楚、证据确凿、适用依据正确、程序合法，同意',
          passed: true,
        }
      : undefined;
  const reviewAt = (_: ReportedCase, previous: number) => afterWorkingDays(previous, reviewWd);
  if (reviewOutcome === 'no_penalty') {
    push('ReviewEnforcementCase', reviewAt, {
      outcome: 'no_penalty',
      reason: '违法行为轻微并及时改正，没有造成危害后果，依法不予行政处罚（行政处罚法第三十三条）',
      ...(legalReview ? { legalReview } : {}),
    });
    archive(0.85, 3, 20, '不予行政处罚，归档');
    return { report, reporterActor, steps };
  }
  if (reviewOutcome === 'transfer_to_judiciary') {
    push('ReviewEnforcementCase', reviewAt, {
      outcome: 'transfer_to_judiciary',
      reason: '涉案金额较大，涉嫌犯罪，依法移送司法机关（行政处罚法第二十七条）',
      judiciaryBody: `${district.node.name}公安分局`,
    });
    archive(0.85, 5, 30, '已移送司法机关，归档');
    return { report, reporterActor, steps };
  }
  push('ReviewEnforcementCase', reviewAt, {
    outcome: 'proposed_penalty',
    reason: '违法事实清楚，证据确凿，拟作出行政处罚',
    proposedPenalty: proposed,
    ...(major && !majorAtFiling ? { major: true } : {}),
    ...(legalReview ? { legalReview } : {}),
  });
  push('NotifyProposedPenalty', (_, previous) => afterWorkingDays(previous, notifyWd), {
    hearingRight,
    content: `拟${proposed.fineFen > 0 ? `罚款 ${proposed.fineFen / 100} 元` : '给予警告'}；当事人有权进行陈述和申辩${hearingRight ? '，并有权要求听证' : ''}`,
  });

  let decided = proposed;
  let decideNoPenalty = rng.chance(0.02);
  if (hearingRequested) {
    push('RequestHearing', (_, previous) => afterWorkingDays(previous, requestWd));
    let hearingAt = 0;
    const presider = roster.find((o) => !investigators.includes(o)) ?? `${brigadeName}法制科${person()}`;
    push(
      'ScheduleHearing',
      (_, previous) => afterWorkingDays(previous, scheduleWd),
      (_, now) => {
        // At least 7 working days' notice (Art. 64): the hearing falls on a working day after the 7th.
        const notice = countWorkingDays(officialCalendar, {
          trigger: formatCst(now),
          amount: ENFORCEMENT_PERIODS.hearingNotice.amount,
          basis: ENFORCEMENT_PERIODS.hearingNotice.basis,
        });
        const day = workingDay(workingDay(dateOf(Date.parse(notice.dueAt)), 0), hearingExtraWd);
        hearingAt = chinaMidnightOf(day) + (rng.chance(0.5) ? 9 * 60 : 14 * 60 + 30) * MINUTE;
        return { hearingAt: formatCst(hearingAt), place: `${brigadeName}听证室`, presidedBy: presider };
      },
    );
    const attended = rng.chance(0.85);
    push(
      'HoldHearing',
      () => hearingAt + rng.int(60, 180) * MINUTE,
      {
        partyAttended: attended,
        record: attended
          ? '调查人员提出违法事实、证据和处罚建议，当事人进行申辩和质证'
          : '当事人无正当理由未出席听证，视为放弃听证权利',
      },
      presider.startsWith(brigadeName) ? officer() : presider,
    );
    if (attended && rng.chance(0.3)) {
      const fineFen = Math.max(
        10_000,
        Math.round((proposed.fineFen * (0.6 + rng.next() * 0.3)) / 10_000) * 10_000,
      );
      decided =
        proposed.fineFen > 0
          ? { ...proposed, fineFen, note: `听证后采纳部分申辩意见，罚款 ${fineFen / 100} 元` }
          : proposed;
    }
    decideNoPenalty = attended && rng.chance(0.06);
  }
  const decideAt = (state: ReportedCase, previous: number): number => {
    const window = state.deadlines.hearingRequest;
    // The request window (5 working days) has to pass unless the party waived in writing.
    if (hearingRight && !hearingRequested && !waived && window)
      return officeTime(
        workingDay(dateOf(Date.parse(window.dueAt)), decideWd),
        Math.max(previous, Date.parse(window.dueAt)),
      );
    return afterWorkingDays(previous, decideWd);
  };
  if (decideNoPenalty) {
    // A waiver in writing lets the decision come before the request window ends, whatever the outcome.
    push('DecidePenalty', decideAt, {
      outcome: 'no_penalty',
      reason: '经听证及陈述申辩，违法事实不能成立，不予行政处罚',
      ...(waived ? { hearingWaived: true } : {}),
    });
    archive(0.85, 3, 20, '不予行政处罚，归档');
    return { report, reporterActor, steps };
  }
  push('DecidePenalty', decideAt, (_, now) => ({
    outcome: 'penalty',
    penalty: decided,
    reason: `${violation.facts}，违反${violation.legalBasis}`,
    decisionNo: `${TEAM_SHORT[team]}罚决〔${yearOf(now)}〕${number()}号`,
    ...(waived ? { hearingWaived: true } : {}),
  }));
  // Served within 7 working days (Art. 61); now and then a day or three late.
  const lateService = rng.chance(0.03);
  push(
    'ServeDecision',
    (_, previous) => afterWorkingDays(previous, lateService ? rng.int(8, 10) : rng.int(0, 3)),
    {
      method: rng.pick(['in_person', 'in_person', 'in_person', 'post', 'electronic'] as const),
    },
  );
  if (decided.fineFen === 0) {
    archive(0.88, 3, 20, '处罚决定已执行，归档');
    return { report, reporterActor, steps };
  }

  // Execution: most pay within 15 days; some late with 3 % a day (Art. 72); others after a demand (催告) or through the court.
  const r = rng.next();
  if (r < 0.6) payOnTime();
  else if (r < 0.72) payLate();
  else {
    push(
      'DemandPayment',
      (state, previous) => officeTime(workingDay(addDays(dueDate(state), rng.int(2, 15)), 0), previous),
      {
        note: '催告当事人十日内履行缴纳罚款及加处罚款义务，逾期将依法申请人民法院强制执行',
      },
    );
    if (r < 0.86) pay((_, previous) => workingDay(dateOf(previous), rng.int(1, 8)));
    else {
      // Neither paid nor sued: after the demand and the 6-month litigation period, apply to the court within 3 months (行政强制法 Art. 53).
      push(
        'ApplyCourtEnforcement',
        (state, previous) => {
          const execution = enforcementDetails(state).execution!;
          const from = Math.max(
            Date.parse(state.deadlines.demand!.dueAt),
            Date.parse(execution.appealPeriod.dueAt),
          );
          const closes = lastDayOf(state.deadlines.courtApplication!.dueAt);
          let day = workingDay(addDays(dateOf(from), rng.int(1, 30)), 0);
          while (daysBetween(day, closes) < 1) day = addDays(day, -1);
          return officeTime(day, Math.max(previous, from));
        },
        { court: `${district.node.name}人民法院` },
      );
      archive(0.7, 10, 40, '已申请人民法院强制执行，归档');
      return { report, reporterActor, steps };
    }
  }
  archive(0.88, 3, 25, '罚款已缴纳，结案归档');
  return { report, reporterActor, steps };
}

/** Deterministic id of generated case `index` under `randomSeed`. */
export function historicCaseId(randomSeed: number, index: number): string {
  return uuidv5(`historic-case/${randomSeed}/${index}`, CASES_NAMESPACE);
}

/**
 * Generates `count` realistic historic cases (disputes; petitions at `PETITION_SHARE`; law-enforcement
 * cases at `ENFORCEMENT_SHARE`) spread over the year before `until`, each driven
 * command by command through the real command pipeline with business time (`occurredAt`,
 * `metadata.now`) set along its timeline, dispatched to the handling units the registry names for
 * its building (grid → community committee → street centre), or for an enforcement case handled by
 * the area squad of its team that covers the building's street. Deterministic for a seed: case ids
 * and command ids derive from it, so a rerun answers every command from the stream.
 */
export async function generateHistoricCases(
  pipeline: CommandPipeline,
  registry: RegistryState,
  options: HistoricCasesOptions,
): Promise<HistoricCasesResult> {
  const view = registryView(registry);
  const locations = indexLocations(view);
  if (locations.length === 0)
    throw new Error('the registry has no grid with a full handling chain; seed the district first');
  const actors = indexActors(view);
  const squads = indexSquads(view);
  const untilMs = Date.parse(options.until);
  if (Number.isNaN(untilMs)) throw new RangeError(`until must be an ISO instant, got ${options.until}`);

  const started = Date.now();
  const statuses: Record<string, number> = {};
  const caseTypes: Record<string, number> = {};
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
    const typeRoll = rng.next();
    const script =
      typeRoll < PETITION_SHARE
        ? scriptPetition(rng, location, actors)
        : ((typeRoll < PETITION_SHARE + ENFORCEMENT_SHARE
            ? scriptEnforcement(rng, location, actors, squads)
            : undefined) ?? scriptCase(rng, location, actors));
    // Reported on one of the 365 days before `until`, between 08:30 and 17:30 China time.
    const day = untilMs - rng.int(1, 365) * DAY;
    const chinaMidnight = Math.floor((day + 8 * HOUR) / DAY) * DAY - 8 * HOUR;
    let at = chinaMidnight + 8.5 * HOUR + rng.int(0, 9 * 60) * MINUTE;
    const correlationId = uuidv5(`${caseId}/correlation`, CASES_NAMESPACE);
    // Assigned inside `run`, so typed wide (the compiler would narrow it to the initial value).
    let state = { status: 'none' } as CaseState;
    const run = async (
      stepNo: number,
      type: CaseCommandType,
      data: Record<string, unknown>,
      actor: string,
    ) => {
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
      state = result.state;
    };
    await run(0, 'ReportCase', { caseId, ...script.report }, script.reporterActor);
    for (const [i, step] of script.steps.entries()) {
      if (state.status === 'none') throw new Error(`historic case ${index}: not reported`);
      const reported = state;
      const next = 'at' in step ? step.at(reported, at) : at + step.after;
      if (next > untilMs) break;
      if (next <= at)
        throw new Error(
          `historic case ${index}: step ${i + 1} (${step.type}) is not after the one before it`,
        );
      at = next;
      await run(
        i + 1,
        step.type,
        typeof step.data === 'function' ? step.data(reported, at) : step.data,
        step.actor,
      );
    }
    const type = String(script.report.caseType);
    caseTypes[type] = (caseTypes[type] ?? 0) + 1;
    const status =
      state.status !== 'none' && state.details.caseType === 'enforcement'
        ? `enforcement:${state.details.stage}`
        : state.status;
    statuses[status] = (statuses[status] ?? 0) + 1;
    done++;
    options.onProgress?.({
      casesDone: done,
      casesTotal: options.count,
      events,
      elapsedMs: Date.now() - started,
    });
  };

  const workers = Array.from(
    { length: Math.max(1, Math.min(options.concurrency ?? 4, options.count)) },
    async () => {
      while (nextIndex < options.count) await runOne(nextIndex++);
    },
  );
  await Promise.all(workers);
  return {
    casesDone: done,
    casesTotal: options.count,
    events,
    elapsedMs: Date.now() - started,
    caseIds,
    statuses,
    caseTypes,
    replayedCommands,
  };
}
