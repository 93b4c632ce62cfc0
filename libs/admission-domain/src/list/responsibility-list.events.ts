import type { LocalDate, DomainEvent } from '#domain-kernel';
import type { ListItem, ListKind, NegativeEntry } from './responsibility-list.types.js';

interface ListEventBase {
  readonly listId: string;
  readonly districtCode: string;
  readonly kind: ListKind;
  readonly effectiveFrom: LocalDate;
  readonly recordedBy: string;
  readonly recordedAt: string;
}

export type ResponsibilityListVersionPublished = DomainEvent<
  'ResponsibilityListVersionPublished',
  ListEventBase & {
    readonly version: number;
    readonly documentRef: string;
    readonly items: readonly ListItem[];
    readonly negativeEntries: readonly NegativeEntry[];
  }
>;

/** Amendments carry the version they amend and their sequence number within it. */
interface AmendmentBase extends ListEventBase {
  readonly version: number;
  readonly amendment: number;
  readonly reason: string;
  readonly documentRef?: string;
}

export type ResponsibilityListItemAdded = DomainEvent<
  'ResponsibilityListItemAdded',
  AmendmentBase & { readonly item: ListItem }
>;

export type ResponsibilityListItemWithdrawn = DomainEvent<
  'ResponsibilityListItemWithdrawn',
  AmendmentBase & { readonly itemId: string; readonly code: string }
>;

export type NegativeListEntryAdded = DomainEvent<
  'NegativeListEntryAdded',
  AmendmentBase & { readonly entry: NegativeEntry }
>;

export type ResponsibilityListEvent =
  | ResponsibilityListVersionPublished
  | ResponsibilityListItemAdded
  | ResponsibilityListItemWithdrawn
  | NegativeListEntryAdded;
export type ResponsibilityListEventType = ResponsibilityListEvent['type'];
