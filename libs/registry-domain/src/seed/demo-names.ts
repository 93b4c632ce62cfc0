// Synthetic but plausible names for the demo district. Nothing here names a real place or person
// on purpose; resemblance to real villages is the nature of common Sichuan place names.

export const DEMO_DISTRICT_NAME = '蜀南市市中区';

export const STREET_NAMES = ['城东街道', '城西街道', '沱滨街道', '桂溪街道', '南苑街道'] as const;
export const TOWNSHIP_NAMES = [
  '白鹤镇',
  '石龙镇',
  '青杠镇',
  '凤鸣镇',
  '双河镇',
  '柳塘镇',
  '金桥镇',
  '永和乡',
] as const;

export const URBAN_COMMUNITY_NAMES = [
  '文昌',
  '桂湖',
  '西林',
  '东兴',
  '玉带',
  '花园',
  '新华',
  '和平',
  '胜利',
  '红旗',
  '五星',
  '建设',
  '民主',
  '龙门',
  '滨江',
  '梧桐',
  '翠屏',
  '望江',
  '三元',
  '太白',
] as const;

const VILLAGE_FIRST = ['石', '松', '高', '黄', '红', '柏', '大', '新', '青', '金', '双'] as const;
const VILLAGE_SECOND = ['桥', '林', '峰', '岩', '坝', '湾', '岭', '井', '山'] as const;
/** 99 village names: 石桥村, 石林村, … 双山村. */
export const VILLAGE_NAMES: readonly string[] = VILLAGE_FIRST.flatMap((a) =>
  VILLAGE_SECOND.map((b) => `${a}${b}村`),
);

export const ESTATE_NAMES = ['桂花苑', '锦华苑', '东方花园', '农贸市场', '粮站宿舍', '机械厂宿舍'] as const;

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
  '高',
  '林',
  '罗',
  '郑',
  '梁',
  '谢',
  '宋',
  '唐',
  '许',
  '韩',
  '冯',
  '邓',
  '曹',
  '彭',
  '曾',
  '肖',
  '田',
  '董',
  '袁',
  '潘',
  '蒋',
  '蔡',
  '余',
  '杜',
  '叶',
  '程',
  '魏',
  '苏',
  '吕',
  '丁',
  '任',
  '沈',
  '姚',
  '卢',
  '钟',
  '姜',
  '崔',
  '谭',
  '陆',
  '汪',
  '范',
  '廖',
  '付',
] as const;
const GIVEN_NAMES = [
  '建华',
  '秀英',
  '志强',
  '桂兰',
  '国强',
  '丽',
  '军',
  '敏',
  '伟',
  '芳',
  '娜',
  '静',
  '磊',
  '洋',
  '勇',
  '艳',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '秀兰',
  '霞',
  '平',
  '刚',
  '桂英',
  '文',
  '辉',
  '鑫',
  '玉兰',
  '红梅',
  '海燕',
  '小红',
  '建国',
  '德明',
  '春梅',
  '志明',
  '淑芬',
  '晓东',
  '永红',
  '家豪',
  '子涵',
  '雨欣',
  '浩然',
  '思远',
  '梓萱',
  '俊杰',
  '欣怡',
  '宇航',
  '诗涵',
  '佳怡',
  '天宇',
  '婷婷',
  '晨曦',
  '嘉怡',
  '明轩',
  '一诺',
  '若曦',
  '宏伟',
  '丽华',
] as const;

/** The n-th synthetic person name (deterministic; names may repeat, as they do in life). */
export function personName(n: number): string {
  return `${SURNAMES[n % SURNAMES.length]}${GIVEN_NAMES[(n * 7 + Math.floor(n / SURNAMES.length)) % GIVEN_NAMES.length]}`;
}

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'] as const;
/** 1 → 一, 10 → 十, 12 → 十二 (enough for group and building numbers). */
export function chineseNumeral(n: number): string {
  if (n <= 10) return DIGITS[n]!;
  if (n < 20) return `十${DIGITS[n - 10]}`;
  return `${DIGITS[Math.floor(n / 10)]}十${n % 10 === 0 ? '' : DIGITS[n % 10]}`;
}
