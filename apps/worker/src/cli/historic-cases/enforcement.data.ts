import type { EnforcementTeam, PartyKind, PenaltyKind, PreservedEvidenceDecision } from '#case-domain';

// Offences, teams and figures the law-enforcement script draws from (综合行政执法, 行政处罚法 2021).

/** An offence a team deals with, with the fines its rules allow (yuan) and what officers preserve. */
export interface Violation {
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

export const VIOLATIONS: readonly Violation[] = [
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
export const TEAM_WEIGHTS: Readonly<Record<'urban' | 'rural', Readonly<Record<EnforcementTeam, number>>>> = {
  urban: { urban_management: 40, market_supervision: 28, transport: 14, cultural_market: 12, agriculture: 6 },
  rural: { urban_management: 22, market_supervision: 22, transport: 10, cultural_market: 8, agriculture: 38 },
};
export const TEAM_SHORT: Readonly<Record<EnforcementTeam, string>> = {
  urban_management: '城管',
  market_supervision: '市监',
  transport: '交执',
  agriculture: '农执',
  cultural_market: '文执',
};
export const SHOP_NAMES = [
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
export const LEAD_SOURCES = [
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
export const NOT_FILED_REASONS = [
  '现场核查未发现违法行为，举报内容不属实',
  '违法事实不能成立',
  '违法行为轻微并及时改正，没有造成危害后果，依法不予立案（行政处罚法第三十三条）',
  '当事人初次违法且危害后果轻微并及时改正（行政处罚法第三十三条）',
  '违法行为超过二年未被发现，不再给予行政处罚（行政处罚法第三十六条）',
];
export const REFERRAL_BODIES: Readonly<Record<EnforcementTeam, readonly string[]>> = {
  urban_management: ['区住房和城乡建设局', '区生态环境局'],
  market_supervision: ['区卫生健康委员会', '区税务局'],
  transport: ['区公安分局交通管理大队'],
  agriculture: ['区自然资源局', '区林业局'],
  cultural_market: ['区公安分局网络安全保卫大队'],
};

/** Hearing right (行政处罚法 Art. 63, "较大数额" as the teams' rules set it): ¥10,000 person / ¥100,000 organisation, or a business restriction. */
export const HEARING_FINE_FEN: Readonly<Record<PartyKind, number>> = {
  person: 1_000_000,
  organisation: 10_000_000,
};
/** Major case (重大, legal review before the decision, Art. 58): ¥50,000 person / ¥200,000 organisation, or a business restriction. */
export const MAJOR_FINE_FEN: Readonly<Record<PartyKind, number>> = {
  person: 5_000_000,
  organisation: 20_000_000,
};
