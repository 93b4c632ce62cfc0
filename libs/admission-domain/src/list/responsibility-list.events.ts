import type { LocalDate } from '#case-domain';
import type { ListItem, ListKind, NegativeEntry } from './responsibility-list.types.js';

interface ListEventBase {
  readonly listId: string;
  readonly districtCode: string;
  readonly kind: ListKind;
  readonly effectiveFrom: LocalDate;
  readonly recordedBy: string;
  readonly recordedAt: string;
}

export type ResponsibilityListVersionPublished = {
  readonly type: 'ResponsibilityListVersionPublished';
  readonly data: ListEventBase & {
    readonly version: number;
    readonly documentRef: string;
    readonly items: readonly ListItem[];
    readonly negativeEntries: readonly NegativeEntry[];
  };
};

/** Amendments carry the version they amend and their sequence number within it. */
interface AmendmentBase extends ListEventBase {
  readonly version: number;
  readonly amendment: number;
  readonly reason: string;
  readonly documentRef?: string;
}

export type ResponsibilityListItemAdded = {
  readonly type: 'ResponsibilityListItemAdded';
  readonly data: AmendmentBase & { readonly item: ListItem };
};

export type ResponsibilityListItemWithdrawn = {
  readonly type: 'ResponsibilityListItemWithdrawn';
  readonly data: AmendmentBase & { readonly itemId: string; readonly code: string };
};

export type NegativeListEntryAdded = {
  readonly type: 'NegativeListEntryAdded';
  readonly data: AmendmentBase & { readonly entry: NegativeEntry };
};

export type ResponsibilityListEvent =
  | ResponsibilityListVersionPublished
  | ResponsibilityListItemAdded
  | ResponsibilityListItemWithdrawn
  | NegativeListEntryAdded;
export type ResponsibilityListEventType = ResponsibilityListEvent['type'];
