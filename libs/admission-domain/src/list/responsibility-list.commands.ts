import type { LocalDate } from '#domain-kernel';
import type { Command } from '../shared.types.js';
import type {
  ListItemInput,
  ListKind,
  NegativeEntryInput,
  PositiveListKind,
} from './responsibility-list.types.js';

/**
 * Publishes a whole version of a list (replacing the previous one from `effectiveFrom`): `items` for
 * a positive list, `negativeEntries` for the negative list. The first publication creates the list.
 */
export type PublishListVersion = Command<
  'PublishListVersion',
  {
    districtCode: string;
    kind: ListKind;
    effectiveFrom: LocalDate;
    /** The publishing document (文号), e.g. `市中委办〔2021〕12号`. */
    documentRef: string;
    items?: ListItemInput[];
    negativeEntries?: NegativeEntryInput[];
  }
>;

/** Adds an item to the version in force (an amendment), effective from a date. */
export type AddListItem = Command<
  'AddListItem',
  {
    districtCode: string;
    kind: PositiveListKind;
    item: ListItemInput;
    effectiveFrom: LocalDate;
    reason: string;
    /** Set when the item joins by an approved admission request (see `listCommandFromApproval`). */
    admissionRequestId?: string;
    documentRef?: string;
  }
>;

/** Withdraws an item or negative-list entry (by code) from a date. */
export type WithdrawListItem = Command<
  'WithdrawListItem',
  {
    districtCode: string;
    kind: ListKind;
    code: string;
    effectiveFrom: LocalDate;
    reason: string;
    documentRef?: string;
  }
>;

/** Adds a class to the negative list, effective from a date. */
export type AddNegativeListEntry = Command<
  'AddNegativeListEntry',
  {
    districtCode: string;
    entry: NegativeEntryInput;
    effectiveFrom: LocalDate;
    reason: string;
    documentRef?: string;
  }
>;

export type ResponsibilityListCommand =
  PublishListVersion | AddListItem | WithdrawListItem | AddNegativeListEntry;
export type ResponsibilityListCommandType = ResponsibilityListCommand['type'];
export const RESPONSIBILITY_LIST_COMMAND_TYPES: readonly ResponsibilityListCommandType[] = [
  'PublishListVersion',
  'AddListItem',
  'WithdrawListItem',
  'AddNegativeListEntry',
];
