import type { LocalDate } from '#domain-kernel';
import type { ResponsibilityListEvent } from './responsibility-list.events.js';
import type { ListItem, ListKind, NegativeEntry } from './responsibility-list.types.js';

export type UnpublishedList = { readonly status: 'unpublished' };

/**
 * A published list. `items` / `negativeEntries` are the contents after every recorded change
 * (including future-dated ones); since changes are recorded in effective-date order, that is also
 * what is in force on and after `lastEffectiveFrom`. `history` keeps every change for as-of views.
 */
export type PublishedList = {
  readonly status: 'published';
  readonly listId: string;
  readonly districtCode: string;
  readonly kind: ListKind;
  readonly version: number;
  readonly amendments: number;
  readonly lastEffectiveFrom: LocalDate;
  readonly items: Readonly<Record<string, ListItem>>;
  readonly negativeEntries: Readonly<Record<string, NegativeEntry>>;
  readonly history: readonly ResponsibilityListEvent[];
};

export type ResponsibilityListState = UnpublishedList | PublishedList;
