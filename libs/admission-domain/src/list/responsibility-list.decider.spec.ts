import { describe, expect, it } from '@jest/globals';
import { deciderSpecification } from '#domain-kernel/testing';
import { listItemId, responsibilityListId } from '../admission-ids.js';
import { metadataAt } from '../testing/index.js';
import type {
  AddListItem,
  AddNegativeListEntry,
  PublishListVersion,
  ResponsibilityListCommand,
  WithdrawListItem,
} from './responsibility-list.commands.js';
import { responsibilityListDecider } from './responsibility-list.decider.js';
import type { ResponsibilityListEvent } from './responsibility-list.events.js';
import type { ListItemInput, NegativeEntryInput } from './responsibility-list.types.js';

const D = '510000';
const NOW = '2026-03-02T09:00:00+08:00';
const meta = metadataAt(NOW, 'editor-1');
const spec = deciderSpecification(responsibilityListDecider);

const safety: ListItemInput = {
  code: 'ZHBZ-01',
  title: '社区安全隐患排查',
  itemClass: '安全稳定',
  level: 'community',
  legalBasis: '合成依据',
};
const flood: ListItemInput = {
  code: 'ZHBZ-02',
  title: '防汛减灾应急值守',
  itemClass: '应急管理',
  level: 'street',
};
const certificates: NegativeEntryInput = {
  code: 'FMQD-01',
  title: '不得要求社区出具无法定依据的证明',
  rule: { natures: ['certificate'], levels: ['community'], condition: 'without_legal_basis' },
};
const assessments: NegativeEntryInput = {
  code: 'FMQD-03',
  title: '不得以社区名义开展与其无关的考核评比',
  rule: { natures: ['assessment'], levels: ['community'], condition: 'always' },
};

const publish = (data: Partial<PublishListVersion['data']> = {}): PublishListVersion => ({
  type: 'PublishListVersion',
  data: {
    districtCode: D,
    kind: 'comprehensive_support',
    effectiveFrom: '2026-04-01',
    documentRef: '文号-1',
    items: [safety],
    ...data,
  },
  metadata: meta,
});
const publishNegative = (data: Partial<PublishListVersion['data']> = {}): PublishListVersion =>
  publish({ kind: 'negative', items: undefined, negativeEntries: [certificates], ...data });
const add = (data: Partial<AddListItem['data']> = {}): AddListItem => ({
  type: 'AddListItem',
  data: {
    districtCode: D,
    kind: 'comprehensive_support',
    item: flood,
    effectiveFrom: '2026-05-01',
    reason: '增补',
    ...data,
  },
  metadata: meta,
});
const withdraw = (data: Partial<WithdrawListItem['data']> = {}): WithdrawListItem => ({
  type: 'WithdrawListItem',
  data: {
    districtCode: D,
    kind: 'comprehensive_support',
    code: 'ZHBZ-01',
    effectiveFrom: '2026-05-01',
    reason: '职责调整',
    ...data,
  },
  metadata: meta,
});
const addNegative = (data: Partial<AddNegativeListEntry['data']> = {}): AddNegativeListEntry => ({
  type: 'AddNegativeListEntry',
  data: { districtCode: D, entry: assessments, effectiveFrom: '2026-05-01', reason: '增补负面清单', ...data },
  metadata: meta,
});

const decided = (...commands: ResponsibilityListCommand[]): ResponsibilityListEvent[] => {
  const events: ResponsibilityListEvent[] = [];
  let state = responsibilityListDecider.initialState();
  for (const command of commands) {
    const produced = responsibilityListDecider.decide(command, state);
    for (const event of produced) state = responsibilityListDecider.evolve(state, event);
    events.push(...produced);
  }
  return events;
};
const positiveList = decided(publish());
const negativeList = decided(publishNegative());

const listId = responsibilityListId(D, 'comprehensive_support');
const recorded = { recordedBy: 'editor-1', recordedAt: NOW };

describe('responsibility list: PublishListVersion', () => {
  it('publishes version 1 with ids derived from the codes', () => {
    spec
      .given([])
      .when(publish())
      .then([
        {
          type: 'ResponsibilityListVersionPublished',
          data: {
            listId,
            districtCode: D,
            kind: 'comprehensive_support',
            effectiveFrom: '2026-04-01',
            version: 1,
            documentRef: '文号-1',
            items: [{ ...safety, itemId: listItemId(D, 'comprehensive_support', 'ZHBZ-01') }],
            negativeEntries: [],
            ...recorded,
          },
        },
      ]);
  });
  it('publishes the negative list with its entries', () => {
    spec
      .given([])
      .when(publishNegative())
      .then([
        {
          type: 'ResponsibilityListVersionPublished',
          data: {
            listId: responsibilityListId(D, 'negative'),
            districtCode: D,
            kind: 'negative',
            effectiveFrom: '2026-04-01',
            version: 1,
            documentRef: '文号-1',
            items: [],
            negativeEntries: [{ ...certificates, entryId: listItemId(D, 'negative', 'FMQD-01') }],
            ...recorded,
          },
        },
      ]);
  });
  it('a later publication is the next version and may take effect the same day as the last change', () => {
    spec
      .given(positiveList)
      .when(publish({ items: [safety, flood], effectiveFrom: '2026-04-01' }))
      .thenSatisfies((events) => {
        expect(events[0]!.data).toMatchObject({ version: 2, effectiveFrom: '2026-04-01' });
      });
  });
  it('refuses a version taking effect before the last change', () => {
    spec
      .given(positiveList)
      .when(publish({ effectiveFrom: '2026-03-31' }))
      .thenThrows('LIST.EFFECTIVE_DATE_BEFORE_LAST_CHANGE', (error) => {
        expect(error.kind).toBe('unprocessable');
        expect(error.context).toMatchObject({ lastEffectiveFrom: '2026-04-01', effectiveFrom: '2026-03-31' });
      });
  });
  it('refuses a version of another list on this stream', () => {
    spec
      .given(positiveList)
      .when(publish({ kind: 'community_building' }))
      .thenThrows('LIST.WRONG_LIST');
    spec
      .given(positiveList)
      .when(publish({ districtCode: '519902' }))
      .thenThrows('LIST.WRONG_LIST');
  });
  it('refuses an item of a level the list does not hold', () => {
    spec
      .given([])
      .when(publish({ kind: 'two_committee_duties', items: [safety] }))
      .thenThrows('LIST.LEVEL_NOT_ALLOWED', (error) => {
        expect(error.context).toMatchObject({
          kind: 'two_committee_duties',
          level: 'community',
          code: 'ZHBZ-01',
        });
      });
  });
  it.each([
    ['no document', publish({ documentRef: ' ' }), /documentRef/],
    ['an unknown kind', publish({ kind: 'wish_list' as never }), /kind must be one of/],
    ['a bad date', publish({ effectiveFrom: '2026-02-30' }), /effectiveFrom/],
    [
      'duplicate codes',
      publish({ items: [safety, { ...flood, code: 'ZHBZ-01' }] }),
      /ZHBZ-01 appears more than once/,
    ],
    [
      'items on the negative list',
      publishNegative({ items: [safety] }),
      /negative list takes negativeEntries/,
    ],
    [
      'negative entries on a positive list',
      publish({ negativeEntries: [certificates] }),
      /takes items, not negativeEntries/,
    ],
    ['an item without a class', publish({ items: [{ ...safety, itemClass: '' }] }), /items\[0\]\.itemClass/],
    [
      'an entry with an unknown condition',
      publishNegative({
        negativeEntries: [
          { ...certificates, rule: { ...certificates.rule, condition: 'sometimes' as never } },
        ],
      }),
      /rule\.condition/,
    ],
    ['no actor', { ...publish(), metadata: { actor: '', now: NOW } }, /metadata\.actor/],
    ['a naive time', { ...publish(), metadata: { actor: 'a', now: '2026-03-02T09:00:00' } }, /metadata\.now/],
  ])('refuses %s as invalid', (_name, command, message) => {
    spec
      .given([])
      .when(command)
      .thenThrows('LIST.INVALID_COMMAND', (error) => {
        expect(error.kind).toBe('invalid');
        expect(error.message).toMatch(message);
      });
  });
});

describe('responsibility list: AddListItem', () => {
  it('adds an item as amendment 1 of the version in force', () => {
    spec
      .given(positiveList)
      .when(add({ admissionRequestId: 'req-1', documentRef: '批复-1' }))
      .then([
        {
          type: 'ResponsibilityListItemAdded',
          data: {
            listId,
            districtCode: D,
            kind: 'comprehensive_support',
            effectiveFrom: '2026-05-01',
            version: 1,
            amendment: 1,
            reason: '增补',
            documentRef: '批复-1',
            ...recorded,
            item: {
              ...flood,
              itemId: listItemId(D, 'comprehensive_support', 'ZHBZ-02'),
              admissionRequestId: 'req-1',
            },
          },
        },
      ]);
  });
  it('numbers amendments within a version', () => {
    spec
      .given([...positiveList, ...decided(publish(), add()).slice(1)])
      .when(add({ item: { ...flood, code: 'ZHBZ-03' } }))
      .thenSatisfies((events) => expect(events[0]!.data).toMatchObject({ version: 1, amendment: 2 }));
  });
  it('refuses before any version', () => {
    spec
      .given([])
      .when(add())
      .thenThrows('LIST.NOT_PUBLISHED', (error) => expect(error.kind).toBe('not_found'));
  });
  it('refuses another list', () => {
    spec
      .given(positiveList)
      .when(add({ kind: 'community_building' }))
      .thenThrows('LIST.WRONG_LIST');
  });
  it('refuses an item on the negative list', () => {
    spec
      .given(negativeList)
      .when(add({ kind: 'negative' as never }))
      .thenThrows('LIST.WRONG_LIST');
  });
  it('refuses a level the list does not hold', () => {
    spec
      .given(positiveList)
      .when(add({ item: { ...flood, level: 'community_committees' } }))
      .thenThrows('LIST.LEVEL_NOT_ALLOWED');
  });
  it('refuses an effective date before the last change', () => {
    spec
      .given(positiveList)
      .when(add({ effectiveFrom: '2026-03-01' }))
      .thenThrows('LIST.EFFECTIVE_DATE_BEFORE_LAST_CHANGE');
  });
  it('refuses an item already on the list', () => {
    spec
      .given(positiveList)
      .when(add({ item: safety }))
      .thenThrows('LIST.ITEM_ALREADY_IN_FORCE', (error) => expect(error.kind).toBe('illegal_transition'));
  });
  it('refuses an empty reason', () => {
    spec
      .given(positiveList)
      .when(add({ reason: '' }))
      .thenThrows('LIST.INVALID_COMMAND');
  });
});

describe('responsibility list: WithdrawListItem', () => {
  it('withdraws an item from a date', () => {
    spec
      .given(positiveList)
      .when(withdraw())
      .then([
        {
          type: 'ResponsibilityListItemWithdrawn',
          data: {
            listId,
            districtCode: D,
            kind: 'comprehensive_support',
            effectiveFrom: '2026-05-01',
            version: 1,
            amendment: 1,
            reason: '职责调整',
            ...recorded,
            itemId: listItemId(D, 'comprehensive_support', 'ZHBZ-01'),
            code: 'ZHBZ-01',
          },
        },
      ]);
  });
  it('withdraws a negative-list entry', () => {
    spec
      .given(negativeList)
      .when(withdraw({ kind: 'negative', code: 'FMQD-01' }))
      .thenSatisfies((_events, state) =>
        expect(state.status === 'published' && Object.keys(state.negativeEntries)).toEqual([]),
      );
  });
  it('refuses before any version', () => {
    spec.given([]).when(withdraw()).thenThrows('LIST.NOT_PUBLISHED');
  });
  it('refuses another list', () => {
    spec
      .given(positiveList)
      .when(withdraw({ kind: 'negative' }))
      .thenThrows('LIST.WRONG_LIST');
  });
  it('refuses an item not on the list', () => {
    spec
      .given(positiveList)
      .when(withdraw({ code: 'ZHBZ-99' }))
      .thenThrows('LIST.ITEM_NOT_IN_FORCE');
  });
  it('refuses an item already withdrawn', () => {
    spec
      .given(decided(publish(), withdraw()))
      .when(withdraw({ effectiveFrom: '2026-06-01' }))
      .thenThrows('LIST.ITEM_NOT_IN_FORCE');
  });
  it('refuses an effective date before the last change', () => {
    spec
      .given(positiveList)
      .when(withdraw({ effectiveFrom: '2026-03-01' }))
      .thenThrows('LIST.EFFECTIVE_DATE_BEFORE_LAST_CHANGE');
  });
});

describe('responsibility list: AddNegativeListEntry', () => {
  it('adds a class to the negative list', () => {
    spec
      .given(negativeList)
      .when(addNegative())
      .then([
        {
          type: 'NegativeListEntryAdded',
          data: {
            listId: responsibilityListId(D, 'negative'),
            districtCode: D,
            kind: 'negative',
            effectiveFrom: '2026-05-01',
            version: 1,
            amendment: 1,
            reason: '增补负面清单',
            ...recorded,
            entry: { ...assessments, entryId: listItemId(D, 'negative', 'FMQD-03') },
          },
        },
      ]);
  });
  it('refuses before any version', () => {
    spec.given([]).when(addNegative()).thenThrows('LIST.NOT_PUBLISHED');
  });
  it('refuses a positive list', () => {
    spec.given(positiveList).when(addNegative()).thenThrows('LIST.WRONG_LIST');
  });
  it('refuses a class already on the list', () => {
    spec
      .given(negativeList)
      .when(addNegative({ entry: certificates }))
      .thenThrows('LIST.ITEM_ALREADY_IN_FORCE');
  });
  it('refuses an effective date before the last change', () => {
    spec
      .given(negativeList)
      .when(addNegative({ effectiveFrom: '2026-01-01' }))
      .thenThrows('LIST.EFFECTIVE_DATE_BEFORE_LAST_CHANGE');
  });
  it('refuses a rule without natures', () => {
    spec
      .given(negativeList)
      .when(addNegative({ entry: { ...assessments, rule: { ...assessments.rule, natures: [] } } }))
      .thenThrows('LIST.INVALID_COMMAND');
  });
});

/** State table × commands: each pair succeeds or is refused with the code the table names. */
describe('responsibility list: every command in every state', () => {
  const states = {
    unpublished: [],
    'published (positive)': positiveList,
    'published (negative)': negativeList,
  } as const;
  const commands = {
    PublishListVersion: publish(),
    AddListItem: add(),
    WithdrawListItem: withdraw(),
    AddNegativeListEntry: addNegative(),
  };
  const table: Record<keyof typeof states, Record<keyof typeof commands, string>> = {
    unpublished: {
      PublishListVersion: 'ok',
      AddListItem: 'LIST.NOT_PUBLISHED',
      WithdrawListItem: 'LIST.NOT_PUBLISHED',
      AddNegativeListEntry: 'LIST.NOT_PUBLISHED',
    },
    'published (positive)': {
      PublishListVersion: 'ok',
      AddListItem: 'ok',
      WithdrawListItem: 'ok',
      AddNegativeListEntry: 'LIST.WRONG_LIST',
    },
    'published (negative)': {
      PublishListVersion: 'LIST.WRONG_LIST',
      AddListItem: 'LIST.WRONG_LIST',
      WithdrawListItem: 'LIST.WRONG_LIST',
      AddNegativeListEntry: 'ok',
    },
  };
  for (const [stateName, given] of Object.entries(states) as [
    keyof typeof states,
    ResponsibilityListEvent[],
  ][]) {
    for (const [commandName, command] of Object.entries(commands) as [
      keyof typeof commands,
      ResponsibilityListCommand,
    ][]) {
      const expected = table[stateName][commandName];
      it(`${stateName} × ${commandName} → ${expected}`, () => {
        if (expected === 'ok') {
          spec
            .given(given)
            .when(command)
            .thenSatisfies((events, after) => {
              expect(events).toHaveLength(1);
              expect(after.status).toBe('published');
              expect(JSON.parse(JSON.stringify(events))).toEqual(events);
            });
        } else {
          spec.given(given).when(command).thenThrows(expected);
        }
      });
    }
  }
});
