import { describe, expect, it } from '@jest/globals';
import { listsInForce } from '../list/responsibility-list.view.js';
import { LIST_KINDS } from '../list/responsibility-list.types.js';
import { seededListStates } from '../testing/index.js';
import { buildResponsibilityListsSeed, SEED_LIST_SIZES } from './responsibility-lists.seed.js';

describe('responsibility lists seed', () => {
  const lists = listsInForce('519902', '2021-03-01', seededListStates('2021-03-01', '519902'));
  const size = (kind: string) => {
    const list = lists.lists.find((row) => row.kind === kind)!;
    return kind === 'negative' ? list.negativeEntries.length : list.items.length;
  };

  it('has exactly the sizes of the source: 16 / 22 / 17 / 39 / 79 / 18 / 4', () => {
    expect(Object.fromEntries(LIST_KINDS.map((kind) => [kind, size(kind)]))).toEqual({
      comprehensive_support: 16,
      party_and_mass_work: 22,
      community_building: 17,
      two_committee_duties: 39,
      assisting_government: 79,
      certificates_and_plaques: 18,
      negative: 4,
    });
    expect(SEED_LIST_SIZES).toEqual(Object.fromEntries(LIST_KINDS.map((kind) => [kind, size(kind)])));
  });
  it('is in force from its effective date, not before', () => {
    const before = listsInForce('519902', '2021-02-28', seededListStates('2021-03-01', '519902'));
    expect(before.lists.every((list) => list.version === null)).toBe(true);
    expect(lists.lists.every((list) => list.version === 1)).toBe(true);
  });
  it('is deterministic: same commands and ids on every run', () => {
    expect(buildResponsibilityListsSeed('2021-03-01')).toEqual(buildResponsibilityListsSeed('2021-03-01'));
    expect(seededListStates('2021-03-01')).toEqual(seededListStates('2021-03-01'));
    const ids = lists.lists.flatMap((list) => [
      ...list.items.map((row) => row.itemId),
      ...list.negativeEntries.map((row) => row.entryId),
    ]);
    expect(new Set(ids).size).toBe(195);
    expect(
      ids.every((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id)),
    ).toBe(true);
  });
  it('has no title twice within a list, and codes like ZHBZ-01', () => {
    for (const list of lists.lists) {
      const titles = [...list.items, ...list.negativeEntries].map((row) => row.title);
      expect(new Set(titles).size).toBe(titles.length);
    }
    expect(lists.lists[0]!.items[0]).toMatchObject({ code: 'ZHBZ-01', title: '社区安全隐患排查' });
  });
  it('uses the district and metadata it is given', () => {
    const [first] = buildResponsibilityListsSeed('2026-01-01', {
      districtCode: '510000',
      metadata: { actor: 'me', now: '2025-12-20T10:00:00+08:00' },
    });
    expect(first).toMatchObject({
      data: { districtCode: '510000', effectiveFrom: '2026-01-01' },
      metadata: { actor: 'me' },
    });
  });
});
