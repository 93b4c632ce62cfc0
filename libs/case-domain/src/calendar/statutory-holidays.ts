import { addDays, type LocalDate } from '#domain-kernel';

/**
 * Lunar-calendar anchors for years whose holiday schedule the State Council has not published
 * (or that the calendar package does not carry yet).
 *
 * Source: generated once from `chinese-days` 1.5.7 (`getSolarDateFromLunar`, `getSolarTermDate`,
 * run with TZ=UTC; its lunar tables come from Bigkoo/Android-PickerView, i.e. the Hong Kong
 * Observatory tables) and spot-checked against the HKO Gregorian–lunar conversion tables
 * (Spring Festival 2027-02-06, 2028-01-26, 2029-02-13, 2030-02-03). Kept as a literal table because
 * the package's date functions read the host's local time zone and shift by a day on hosts west of
 * UTC. A spec cross-checks this table against the package.
 */
export const LUNAR_ANCHORS: Readonly<
  Record<
    number,
    { springFestival: LocalDate; qingming: LocalDate; dragonBoat: LocalDate; midAutumn: LocalDate }
  >
> = {
  2027: {
    springFestival: '2027-02-06',
    qingming: '2027-04-05',
    dragonBoat: '2027-06-09',
    midAutumn: '2027-09-15',
  },
  2028: {
    springFestival: '2028-01-26',
    qingming: '2028-04-04',
    dragonBoat: '2028-05-28',
    midAutumn: '2028-10-03',
  },
  2029: {
    springFestival: '2029-02-13',
    qingming: '2029-04-04',
    dragonBoat: '2029-06-16',
    midAutumn: '2029-09-22',
  },
  2030: {
    springFestival: '2030-02-03',
    qingming: '2030-04-05',
    dragonBoat: '2030-06-05',
    midAutumn: '2030-09-12',
  },
  2031: {
    springFestival: '2031-01-23',
    qingming: '2031-04-05',
    dragonBoat: '2031-06-24',
    midAutumn: '2031-10-01',
  },
  2032: {
    springFestival: '2032-02-11',
    qingming: '2032-04-04',
    dragonBoat: '2032-06-12',
    midAutumn: '2032-09-19',
  },
  2033: {
    springFestival: '2033-01-31',
    qingming: '2033-04-04',
    dragonBoat: '2033-06-01',
    midAutumn: '2033-09-08',
  },
  2034: {
    springFestival: '2034-02-19',
    qingming: '2034-04-05',
    dragonBoat: '2034-06-20',
    midAutumn: '2034-09-27',
  },
  2035: {
    springFestival: '2035-02-08',
    qingming: '2035-04-05',
    dragonBoat: '2035-06-10',
    midAutumn: '2035-09-16',
  },
  2036: {
    springFestival: '2036-01-28',
    qingming: '2036-04-04',
    dragonBoat: '2036-05-30',
    midAutumn: '2036-10-04',
  },
  2037: {
    springFestival: '2037-02-15',
    qingming: '2037-04-04',
    dragonBoat: '2037-06-18',
    midAutumn: '2037-09-24',
  },
  2038: {
    springFestival: '2038-02-04',
    qingming: '2038-04-05',
    dragonBoat: '2038-06-07',
    midAutumn: '2038-09-13',
  },
  2039: {
    springFestival: '2039-01-24',
    qingming: '2039-04-05',
    dragonBoat: '2039-05-27',
    midAutumn: '2039-10-02',
  },
  2040: {
    springFestival: '2040-02-12',
    qingming: '2040-04-04',
    dragonBoat: '2040-06-14',
    midAutumn: '2040-09-20',
  },
};

/**
 * The fixed statutory holidays of 全国年节及纪念日放假办法 (2024 revision, Art. 2) for one year,
 * without the bridging days and make-up working days (调休) the State Council adds each year:
 * 元旦 1 Jan; 春节 eve to the 3rd day of the first lunar month (4 days); 清明; 劳动节 1–2 May;
 * 端午; 中秋; 国庆节 1–3 Oct. Returns undefined for a year outside `LUNAR_ANCHORS`.
 */
export function statutoryHolidaysOf(year: number): Map<LocalDate, string> | undefined {
  const anchors = LUNAR_ANCHORS[year];
  if (!anchors) return undefined;
  const days = new Map<LocalDate, string>();
  days.set(`${year}-01-01`, '元旦');
  for (let offset = -1; offset <= 2; offset += 1) days.set(addDays(anchors.springFestival, offset), '春节');
  days.set(anchors.qingming, '清明节');
  days.set(`${year}-05-01`, '劳动节');
  days.set(`${year}-05-02`, '劳动节');
  days.set(anchors.dragonBoat, '端午节');
  days.set(anchors.midAutumn, '中秋节');
  for (const day of ['01', '02', '03']) days.set(`${year}-10-${day}`, '国庆节');
  return days;
}
