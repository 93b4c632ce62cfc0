import { describe, expect, it } from '@jest/globals';
import { fold } from '#domain-kernel';
import { metadataAt } from '../testing/index.js';
import type { ResponsibilityListCommand } from './responsibility-list.commands.js';
import { responsibilityListDecider } from './responsibility-list.decider.js';
import { isInForce, listAsOf, listsInForce } from './responsibility-list.view.js';
import { LIST_KINDS, type ListItemInput } from './responsibility-list.types.js';

const D = '510000';
const meta = metadataAt('2026-03-02T09:00:00+08:00');
const item = (code: string, title: string): ListItemInput => ({
  code,
  title,
  itemClass: '民政',
  level: 'community',
});

function run(commands: ResponsibilityListCommand[]) {
  let state = responsibilityListDecider.initialState();
  for (const command of commands) {
    for (const event of responsibilityListDecider.decide(command, state))
      state = responsibilityListDecider.evolve(state, event);
  }
  return state;
}

const history: ResponsibilityListCommand[] = [
  {
    type: 'PublishListVersion',
    data: {
      districtCode: D,
      kind: 'assisting_government',
      effectiveFrom: '2026-04-01',
      documentRef: 'v1',
      items: [item('X-01', '低保初审协助'), item('X-02', '高龄津贴申报协助')],
    },
    metadata: meta,
  },
  {
    type: 'AddListItem',
    data: {
      districtCode: D,
      kind: 'assisting_government',
      item: item('X-03', '残疾人证办理协助'),
      effectiveFrom: '2026-05-01',
      reason: '增补',
    },
    metadata: meta,
  },
  {
    type: 'WithdrawListItem',
    data: {
      districtCode: D,
      kind: 'assisting_government',
      code: 'X-01',
      effectiveFrom: '2026-06-01',
      reason: '收回部门',
    },
    metadata: meta,
  },
  {
    type: 'PublishListVersion',
    data: {
      districtCode: D,
      kind: 'assisting_government',
      effectiveFrom: '2026-07-01',
      documentRef: 'v2',
      items: [item('X-02', '高龄津贴申报协助'), item('X-04', '人口普查协助')],
    },
    metadata: meta,
  },
];
const state = run(history);
const codes = (asOf: string) => listAsOf(state, asOf)!.items.map((row) => row.code);

describe('as-of view of a list', () => {
  it('is empty, with no version, before the first version takes effect', () => {
    expect(listAsOf(state, '2026-03-31')).toMatchObject({ version: null, amendments: 0, items: [] });
  });
  it('replays the changes in force on each date (inclusive)', () => {
    expect(codes('2026-04-01')).toEqual(['X-01', 'X-02']);
    expect(codes('2026-04-30')).toEqual(['X-01', 'X-02']);
    expect(codes('2026-05-01')).toEqual(['X-01', 'X-02', 'X-03']);
    expect(codes('2026-06-01')).toEqual(['X-02', 'X-03']);
    expect(codes('2026-07-01')).toEqual(['X-02', 'X-04']);
  });
  it('names the version and amendment in force', () => {
    expect(listAsOf(state, '2026-06-15')).toMatchObject({ version: 1, amendments: 2 });
    expect(listAsOf(state, '2027-01-01')).toMatchObject({ version: 2, amendments: 0 });
  });
  it('keeps an item id across versions', () => {
    expect(listAsOf(state, '2026-04-01')!.items[1]!.itemId).toBe(
      listAsOf(state, '2026-07-01')!.items[0]!.itemId,
    );
  });
  it('answers whether one item is in force', () => {
    expect(isInForce(state, 'X-03', '2026-04-30')).toBe(false);
    expect(isInForce(state, 'X-03', '2026-05-01')).toBe(true);
    expect(isInForce(state, 'X-03', '2026-07-01')).toBe(false);
    expect(isInForce(fold(responsibilityListDecider, []), 'X-03', '2026-07-01')).toBe(false);
  });
  it('lists every kind of a district, empty where nothing is published', () => {
    const all = listsInForce(D, '2026-05-01', { assisting_government: state });
    expect(all.lists.map((list) => list.kind)).toEqual(LIST_KINDS);
    expect(all.lists.filter((list) => list.version !== null).map((list) => list.kind)).toEqual([
      'assisting_government',
    ]);
    expect(all.lists.every((list) => list.asOf === '2026-05-01' && list.districtCode === D)).toBe(true);
    expect(JSON.parse(JSON.stringify(all))).toEqual(all);
  });
});
