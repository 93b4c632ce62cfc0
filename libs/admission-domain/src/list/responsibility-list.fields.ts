import { underPath, type EventFieldClasses } from '#domain-kernel';
import type { ResponsibilityListEvent } from './responsibility-list.events.js';

/**
 * What every string field of the responsibility-list events holds (docs/adr/0008, "Field classes";
 * see libs/admission-domain/src/admission/admission.fields.ts for why admission data is `system`).
 * The lists are published documents of the district: codes, titles, classes, legal bases, rules.
 */
/** Every list event carries these. */
const LIST_EVENT = {
  listId: 'system',
  districtCode: 'system',
  kind: 'system',
  effectiveFrom: 'system',
  recordedBy: 'system',
  recordedAt: 'system',
} as const;
const AMENDMENT = { ...LIST_EVENT, reason: 'system', documentRef: 'system' } as const;
const LIST_ITEM = {
  itemId: 'system',
  admissionRequestId: 'system',
  code: 'system',
  title: 'system',
  itemClass: 'system',
  level: 'system',
  legalBasis: 'system',
} as const;
const NEGATIVE_ENTRY = {
  entryId: 'system',
  code: 'system',
  title: 'system',
  'rule.natures[]': 'system',
  'rule.levels[]': 'system',
  'rule.condition': 'system',
  legalBasis: 'system',
} as const;

export const RESPONSIBILITY_LIST_EVENT_FIELDS = {
  ResponsibilityListVersionPublished: {
    ...LIST_EVENT,
    documentRef: 'system',
    ...underPath('items[]', LIST_ITEM),
    ...underPath('negativeEntries[]', NEGATIVE_ENTRY),
  },
  ResponsibilityListItemAdded: { ...AMENDMENT, ...underPath('item', LIST_ITEM) },
  ResponsibilityListItemWithdrawn: { ...AMENDMENT, itemId: 'system', code: 'system' },
  NegativeListEntryAdded: { ...AMENDMENT, ...underPath('entry', NEGATIVE_ENTRY) },
} as const satisfies EventFieldClasses<ResponsibilityListEvent>;
