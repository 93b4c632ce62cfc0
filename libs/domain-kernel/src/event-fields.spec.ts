import { describe, expect, it } from '@jest/globals';
import type { Decider } from './decider.js';
import {
  assertEventFieldsClassified,
  fieldPathsOfClass,
  unclassifiedStringFields,
  type EventFieldClasses,
} from './event-fields.js';
import { deciderSpecification } from './testing/index.js';

type Noted = {
  type: 'Noted';
  data: {
    id: string;
    note: string;
    by: { name: string; phone: string };
    tags: string[];
    due: Due;
    n: number;
  };
};
type Due = { dueAt: string; basis: { law: string } };
type Event = Noted | { type: 'Cleared'; data: { id: string } };

const FIELDS = {
  Noted: {
    id: 'system',
    note: 'text',
    'by.name': 'personal',
    'by.phone': 'personal',
    'tags[]': 'text',
    due: 'system',
  },
  Cleared: { id: 'system' },
} as const satisfies EventFieldClasses<Event, Due>;

const noted: Noted = {
  type: 'Noted',
  data: {
    id: 'n-1',
    note: 'called back',
    by: { name: '张三', phone: '13800000000' },
    tags: ['a', 'b'],
    due: { dueAt: '2026-01-01', basis: { law: '人民调解法' } },
    n: 3,
  },
};

describe('event field classes', () => {
  it('finds every string leaf without a class, by its concrete path; opaque values are classified whole', () => {
    expect(unclassifiedStringFields(noted, FIELDS)).toEqual([]);
    const widened = {
      type: 'Noted',
      data: { ...noted.data, by: { ...noted.data.by, email: 'x@y' }, extra: [{ label: 'z' }] },
    };
    expect(unclassifiedStringFields(widened, FIELDS)).toEqual(['by.email', 'extra[0].label']);
    expect(unclassifiedStringFields({ type: 'Unknown', data: {} }, FIELDS)).toEqual(['<Unknown>']);
    expect(fieldPathsOfClass(FIELDS, 'Noted', 'personal')).toEqual(['by.name', 'by.phone']);
    expect(fieldPathsOfClass(FIELDS, 'Noted', 'text')).toEqual(['note', 'tags[]']);
  });

  it('names the unclassified fields and where to classify them', () => {
    expect(() =>
      assertEventFieldsClassified([{ type: 'Cleared', data: { id: 'x', why: 'y' } }], FIELDS),
    ).toThrow(/unclassified string fields: Cleared\.why\. Classify each as personal, text or system/);
  });

  it('makes a decider specification fail on an event with an unclassified string field', () => {
    const decider: Decider<{ why: string }, Event, number> = {
      initialState: () => 0,
      evolve: (state) => state + 1,
      decide: (command) => [{ type: 'Cleared', data: { id: 'c', ...command } } as Event],
      eventFields: FIELDS,
    };
    const spec = deciderSpecification(decider);
    expect(() => spec.given([noted]).when({ why: 'because' }).then([])).toThrow();
    expect(() =>
      spec
        .given([])
        .when({ why: 'because' })
        .thenSatisfies(() => undefined),
    ).toThrow(/Cleared\.why/);
    expect(() => spec.given([{ ...noted, data: { ...noted.data, stray: 'x' } } as Noted])).toThrow(
      /Noted\.stray/,
    );
  });
});
