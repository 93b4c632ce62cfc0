import { assertNever, daysBetween, type LocalDate } from '#domain-kernel';
import { responsibilityListId } from '../admission-ids.js';
import type { ResponsibilityListState } from './responsibility-list.state.js';
import {
  LIST_KINDS,
  type ListInForce,
  type ListItem,
  type ListKind,
  type ListsInForce,
  type NegativeEntry,
} from './responsibility-list.types.js';

const sortByCode = <T extends { code: string }>(rows: Iterable<T>): T[] =>
  [...rows].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));

const emptyList = (districtCode: string, kind: ListKind, asOf: LocalDate): ListInForce => ({
  listId: responsibilityListId(districtCode, kind),
  districtCode,
  kind,
  asOf,
  version: null,
  amendments: 0,
  items: [],
  negativeEntries: [],
});

/**
 * The list as in force on `asOf` (inclusive): the changes recorded with an effective date on or
 * before it, replayed in order. Items and entries are sorted by code.
 */
export function listAsOf(state: ResponsibilityListState, asOf: LocalDate): ListInForce | undefined {
  if (state.status === 'unpublished') return undefined;
  let version: number | null = null;
  let amendments = 0;
  let items = new Map<string, ListItem>();
  let entries = new Map<string, NegativeEntry>();
  for (const event of state.history) {
    if (daysBetween(event.data.effectiveFrom, asOf) < 0) break;
    switch (event.type) {
      case 'ResponsibilityListVersionPublished':
        version = event.data.version;
        amendments = 0;
        items = new Map(event.data.items.map((item) => [item.code, item]));
        entries = new Map(event.data.negativeEntries.map((entry) => [entry.code, entry]));
        break;
      case 'ResponsibilityListItemAdded':
        amendments = event.data.amendment;
        items.set(event.data.item.code, event.data.item);
        break;
      case 'ResponsibilityListItemWithdrawn':
        amendments = event.data.amendment;
        items.delete(event.data.code);
        entries.delete(event.data.code);
        break;
      case 'NegativeListEntryAdded':
        amendments = event.data.amendment;
        entries.set(event.data.entry.code, event.data.entry);
        break;
      default:
        assertNever(event, 'responsibility list event');
    }
  }
  if (version === null) return emptyList(state.districtCode, state.kind, asOf);
  return {
    listId: state.listId,
    districtCode: state.districtCode,
    kind: state.kind,
    asOf,
    version,
    amendments,
    items: sortByCode(items.values()),
    negativeEntries: sortByCode(entries.values()),
  };
}

/** Whether the item (or negative entry) with `code` is in force on `asOf`. */
export function isInForce(state: ResponsibilityListState, code: string, asOf: LocalDate): boolean {
  const list = listAsOf(state, asOf);
  return (
    list !== undefined &&
    (list.items.some((item) => item.code === code) ||
      list.negativeEntries.some((entry) => entry.code === code))
  );
}

/**
 * Every list of a district as in force on `asOf`, one entry per kind (an unpublished or missing
 * list is an empty list with version null). This is what the application passes to
 * `SubmitAdmissionRequest`: read the seven list streams, fold them, call this.
 */
export function listsInForce(
  districtCode: string,
  asOf: LocalDate,
  states: Partial<Readonly<Record<ListKind, ResponsibilityListState>>>,
): ListsInForce {
  return {
    districtCode,
    asOf,
    lists: LIST_KINDS.map((kind) => {
      const state = states[kind];
      return (state ? listAsOf(state, asOf) : undefined) ?? emptyList(districtCode, kind, asOf);
    }),
  };
}
