/** Names, sources and matters the dispute and petition scripts draw from. */

export const SURNAMES = [
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
export const GIVEN = [
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
export const SOURCES = [
  'grid_patrol',
  'grid_patrol',
  'walk_in',
  'phone',
  'hotline_12345',
  'hotline_12345',
  'online',
] as const;

export interface DisputeKind {
  category: string;
  titles: readonly string[];
  rural?: boolean;
}
export const DISPUTES: readonly DisputeKind[] = [
  { category: 'neighbour', titles: ['楼上漏水纠纷', '邻里噪音纠纷', '公共通道堆物纠纷', '宠物扰民纠纷'] },
  { category: 'property', titles: ['物业费收缴纠纷', '停车位占用纠纷', '电梯维修费分摊纠纷'] },
  { category: 'family', titles: ['赡养老人纠纷', '婚姻家庭纠纷', '遗产继承纠纷'] },
  { category: 'labour', titles: ['农民工工资拖欠纠纷', '装修工程款纠纷'] },
  { category: 'land', titles: ['宅基地边界纠纷', '土地承包经营权纠纷', '灌溉用水纠纷'], rural: true },
];

export const PETITIONS: readonly { matter: string; request: string; respondent: string }[] = [
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
export const PETITION_CHANNELS_BY_SOURCE = [
  ['visit', 'petition_visit'],
  ['letter', 'petition_letter'],
  ['online', 'online'],
  ['phone', 'phone'],
] as const;
