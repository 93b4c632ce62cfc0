import { assertNever, DomainError, type Decider, daysBetween } from '#domain-kernel';
import { listItemId, responsibilityListId } from '../admission-ids.js';
import type { CommandMetadata } from '../shared.types.js';
import { collectProblems, type ProblemCollector } from '../validation.js';
import type {
  AddListItem,
  AddNegativeListEntry,
  PublishListVersion,
  ResponsibilityListCommand,
  WithdrawListItem,
} from './responsibility-list.commands.js';
import { ListErrorCode, listInvalid } from './responsibility-list.errors.js';
import type { ResponsibilityListEvent } from './responsibility-list.events.js';
import type { PublishedList, ResponsibilityListState } from './responsibility-list.state.js';
import {
  LIST_KIND_LEVELS,
  LIST_KINDS,
  NEGATIVE_CONDITIONS,
  OWNER_LEVELS,
  POSITIVE_LIST_KINDS,
  WORK_NATURES,
  type ListItem,
  type ListItemInput,
  type ListKind,
  type NegativeEntry,
  type NegativeEntryInput,
  type PositiveListKind,
} from './responsibility-list.types.js';
import { RESPONSIBILITY_LIST_EVENT_FIELDS } from './responsibility-list.fields.js';

function checkMetadata(problems: ProblemCollector, metadata: CommandMetadata | undefined): void {
  problems.text(metadata?.actor, 'metadata.actor');
  problems.instant(metadata?.now, 'metadata.now');
}

function checkItem(problems: ProblemCollector, item: ListItemInput | undefined, field: string): void {
  if (typeof item !== 'object' || item === null) {
    problems.add(`${field} must be an object`);
    return;
  }
  problems.text(item.code, `${field}.code`);
  problems.text(item.title, `${field}.title`);
  problems.text(item.itemClass, `${field}.itemClass`);
  problems.oneOf(item.level, OWNER_LEVELS, `${field}.level`);
  problems.optionalText(item.legalBasis, `${field}.legalBasis`);
}

function checkEntry(problems: ProblemCollector, entry: NegativeEntryInput | undefined, field: string): void {
  if (typeof entry !== 'object' || entry === null) {
    problems.add(`${field} must be an object`);
    return;
  }
  problems.text(entry.code, `${field}.code`);
  problems.text(entry.title, `${field}.title`);
  problems.optionalText(entry.legalBasis, `${field}.legalBasis`);
  const rule = entry.rule;
  if (typeof rule !== 'object' || rule === null) {
    problems.add(`${field}.rule must be an object`);
    return;
  }
  problems.oneOf(rule.condition, NEGATIVE_CONDITIONS, `${field}.rule.condition`);
  if (!Array.isArray(rule.natures) || rule.natures.length === 0)
    problems.add(`${field}.rule.natures must be a non-empty array`);
  else
    rule.natures.forEach((nature, i) => problems.oneOf(nature, WORK_NATURES, `${field}.rule.natures[${i}]`));
  if (!Array.isArray(rule.levels) || rule.levels.length === 0)
    problems.add(`${field}.rule.levels must be a non-empty array`);
  else rule.levels.forEach((level, i) => problems.oneOf(level, OWNER_LEVELS, `${field}.rule.levels[${i}]`));
}

function checkUniqueCodes(problems: ProblemCollector, codes: readonly string[], field: string): void {
  const seen = new Set<string>();
  for (const code of codes) {
    if (seen.has(code)) problems.add(`${field}: code ${code} appears more than once`);
    seen.add(code);
  }
}

function validate(command: ResponsibilityListCommand): void {
  const problems = collectProblems();
  checkMetadata(problems, command.metadata);
  const data = command.data as Partial<ResponsibilityListCommand['data']> | undefined;
  if (typeof data !== 'object' || data === null) {
    problems.add('data must be an object');
    problems.done((found) => listInvalid(command.type, found));
    return;
  }
  problems.text(data.districtCode, 'districtCode');
  problems.date(data.effectiveFrom, 'effectiveFrom');
  switch (command.type) {
    case 'PublishListVersion': {
      const { kind, documentRef, items = [], negativeEntries = [] } = command.data;
      problems.text(documentRef, 'documentRef');
      if (problems.oneOf(kind, LIST_KINDS, 'kind')) {
        if (kind === 'negative' && items.length > 0)
          problems.add('the negative list takes negativeEntries, not items');
        if (kind !== 'negative' && negativeEntries.length > 0)
          problems.add(`a ${kind} list takes items, not negativeEntries`);
      }
      if (!Array.isArray(items)) problems.add('items must be an array');
      else {
        items.forEach((item, i) => checkItem(problems, item, `items[${i}]`));
        checkUniqueCodes(
          problems,
          items.map((item) => item?.code),
          'items',
        );
      }
      if (!Array.isArray(negativeEntries)) problems.add('negativeEntries must be an array');
      else {
        negativeEntries.forEach((entry, i) => checkEntry(problems, entry, `negativeEntries[${i}]`));
        checkUniqueCodes(
          problems,
          negativeEntries.map((entry) => entry?.code),
          'negativeEntries',
        );
      }
      break;
    }
    case 'AddListItem':
      problems.oneOf(command.data.kind, LIST_KINDS, 'kind');
      checkItem(problems, command.data.item, 'item');
      problems.text(command.data.reason, 'reason');
      problems.optionalText(command.data.admissionRequestId, 'admissionRequestId');
      problems.optionalText(command.data.documentRef, 'documentRef');
      break;
    case 'WithdrawListItem':
      problems.oneOf(command.data.kind, LIST_KINDS, 'kind');
      problems.text(command.data.code, 'code');
      problems.text(command.data.reason, 'reason');
      problems.optionalText(command.data.documentRef, 'documentRef');
      break;
    case 'AddNegativeListEntry':
      checkEntry(problems, command.data.entry, 'entry');
      problems.text(command.data.reason, 'reason');
      problems.optionalText(command.data.documentRef, 'documentRef');
      break;
    default:
      assertNever(command, 'responsibility list command');
  }
  problems.done((found) => listInvalid(command.type, found));
}

const kindOf = (command: ResponsibilityListCommand): ListKind =>
  command.type === 'AddNegativeListEntry' ? 'negative' : command.data.kind;

function requireSameList(state: PublishedList, command: ResponsibilityListCommand): void {
  const kind = kindOf(command);
  if (state.districtCode !== command.data.districtCode || state.kind !== kind) {
    throw new DomainError(
      ListErrorCode.wrongList,
      'unprocessable',
      `${command.type} names the ${kind} list of district ${command.data.districtCode}, but this stream holds the ${state.kind} list of ${state.districtCode}`,
      { command: command.type, listKind: state.kind, commandKind: kind },
    );
  }
}

function requireLevelAllowed(kind: PositiveListKind, item: ListItemInput, command: string): void {
  if (!LIST_KIND_LEVELS[kind].includes(item.level)) {
    throw new DomainError(
      ListErrorCode.levelNotAllowed,
      'unprocessable',
      `${command}: the ${kind} list holds items of ${LIST_KIND_LEVELS[kind].join(' / ')}, not ${item.level} (${item.code})`,
      { command, kind, level: item.level, code: item.code },
    );
  }
}

/** Changes are recorded in effective-date order, so the latest state is also what is in force from then on. */
function requireNotBeforeLastChange(state: PublishedList, command: ResponsibilityListCommand): void {
  if (daysBetween(state.lastEffectiveFrom, command.data.effectiveFrom) < 0) {
    throw new DomainError(
      ListErrorCode.effectiveDateBeforeLastChange,
      'unprocessable',
      `${command.type}: effective ${command.data.effectiveFrom} is before the list's last change (${state.lastEffectiveFrom}); changes take effect in the order they are recorded`,
      {
        command: command.type,
        effectiveFrom: command.data.effectiveFrom,
        lastEffectiveFrom: state.lastEffectiveFrom,
      },
    );
  }
}

function requirePublished(state: ResponsibilityListState, command: ResponsibilityListCommand): PublishedList {
  if (state.status === 'unpublished') {
    throw new DomainError(
      ListErrorCode.notPublished,
      'not_found',
      `${command.type}: no version of this list has been published`,
      { command: command.type },
    );
  }
  return state;
}

const toItem = (
  districtCode: string,
  kind: ListKind,
  input: ListItemInput,
  admissionRequestId?: string,
): ListItem => ({
  itemId: listItemId(districtCode, kind, input.code),
  code: input.code,
  title: input.title,
  itemClass: input.itemClass,
  level: input.level,
  ...(input.legalBasis !== undefined ? { legalBasis: input.legalBasis } : {}),
  ...(admissionRequestId !== undefined ? { admissionRequestId } : {}),
});

const toEntry = (districtCode: string, input: NegativeEntryInput): NegativeEntry => ({
  entryId: listItemId(districtCode, 'negative', input.code),
  code: input.code,
  title: input.title,
  rule: { natures: [...input.rule.natures], levels: [...input.rule.levels], condition: input.rule.condition },
  ...(input.legalBasis !== undefined ? { legalBasis: input.legalBasis } : {}),
});

const recorded = (command: ResponsibilityListCommand) => ({
  recordedBy: command.metadata.actor,
  recordedAt: command.metadata.now,
});

function publish(command: PublishListVersion, state: ResponsibilityListState): ResponsibilityListEvent[] {
  const { districtCode, kind, effectiveFrom, documentRef, items = [], negativeEntries = [] } = command.data;
  if (state.status === 'published') {
    requireSameList(state, command);
    requireNotBeforeLastChange(state, command);
  }
  if (kind !== 'negative') for (const item of items) requireLevelAllowed(kind, item, command.type);
  return [
    {
      type: 'ResponsibilityListVersionPublished',
      data: {
        listId: responsibilityListId(districtCode, kind),
        districtCode,
        kind,
        effectiveFrom,
        version: state.status === 'published' ? state.version + 1 : 1,
        documentRef,
        items: items.map((item) => toItem(districtCode, kind, item)),
        negativeEntries: negativeEntries.map((entry) => toEntry(districtCode, entry)),
        ...recorded(command),
      },
    },
  ];
}

const amendment = (state: PublishedList, command: AddListItem | WithdrawListItem | AddNegativeListEntry) => ({
  listId: state.listId,
  districtCode: state.districtCode,
  kind: state.kind,
  effectiveFrom: command.data.effectiveFrom,
  version: state.version,
  amendment: state.amendments + 1,
  reason: command.data.reason,
  ...(command.data.documentRef !== undefined ? { documentRef: command.data.documentRef } : {}),
  ...recorded(command),
});

function addItem(command: AddListItem, state: PublishedList): ResponsibilityListEvent[] {
  const { item, kind } = command.data;
  if (kind === ('negative' as ListKind) || !POSITIVE_LIST_KINDS.includes(kind)) {
    throw new DomainError(
      ListErrorCode.wrongList,
      'unprocessable',
      'AddListItem: the negative list takes AddNegativeListEntry',
      { command: command.type, listKind: state.kind },
    );
  }
  requireLevelAllowed(kind, item, command.type);
  requireNotBeforeLastChange(state, command);
  if (state.items[item.code]) {
    throw new DomainError(
      ListErrorCode.itemAlreadyInForce,
      'illegal_transition',
      `AddListItem: ${item.code} is already on the ${state.kind} list`,
      { command: command.type, code: item.code },
    );
  }
  return [
    {
      type: 'ResponsibilityListItemAdded',
      data: {
        ...amendment(state, command),
        item: toItem(state.districtCode, kind, item, command.data.admissionRequestId),
      },
    },
  ];
}

function withdrawItem(command: WithdrawListItem, state: PublishedList): ResponsibilityListEvent[] {
  const { code } = command.data;
  const found = state.items[code]?.itemId ?? state.negativeEntries[code]?.entryId;
  requireNotBeforeLastChange(state, command);
  if (found === undefined) {
    throw new DomainError(
      ListErrorCode.itemNotInForce,
      'illegal_transition',
      `WithdrawListItem: ${code} is not on the ${state.kind} list`,
      { command: command.type, code },
    );
  }
  return [
    { type: 'ResponsibilityListItemWithdrawn', data: { ...amendment(state, command), itemId: found, code } },
  ];
}

function addNegativeEntry(command: AddNegativeListEntry, state: PublishedList): ResponsibilityListEvent[] {
  const { entry } = command.data;
  requireNotBeforeLastChange(state, command);
  if (state.negativeEntries[entry.code]) {
    throw new DomainError(
      ListErrorCode.itemAlreadyInForce,
      'illegal_transition',
      `AddNegativeListEntry: ${entry.code} is already on the negative list`,
      { command: command.type, code: entry.code },
    );
  }
  return [
    {
      type: 'NegativeListEntryAdded',
      data: { ...amendment(state, command), entry: toEntry(state.districtCode, entry) },
    },
  ];
}

const byCode = <T extends { code: string }>(rows: readonly T[]): Record<string, T> =>
  Object.fromEntries(rows.map((row) => [row.code, row]));

const without = <T>(record: Readonly<Record<string, T>>, key: string): Record<string, T> => {
  const { [key]: _removed, ...rest } = record;
  return rest;
};

/** Folds one list event; never rejects a recorded event. */
export function evolveResponsibilityList(
  state: ResponsibilityListState,
  event: ResponsibilityListEvent,
): ResponsibilityListState {
  switch (event.type) {
    case 'ResponsibilityListVersionPublished': {
      const { data } = event;
      return {
        status: 'published',
        listId: data.listId,
        districtCode: data.districtCode,
        kind: data.kind,
        version: data.version,
        amendments: 0,
        lastEffectiveFrom: data.effectiveFrom,
        items: byCode(data.items),
        negativeEntries: byCode(data.negativeEntries),
        history: [...(state.status === 'published' ? state.history : []), event],
      };
    }
    case 'ResponsibilityListItemAdded':
    case 'ResponsibilityListItemWithdrawn':
    case 'NegativeListEntryAdded': {
      if (state.status !== 'published') return state;
      const base = {
        ...state,
        amendments: event.data.amendment,
        lastEffectiveFrom: event.data.effectiveFrom,
        history: [...state.history, event],
      };
      if (event.type === 'ResponsibilityListItemAdded')
        return { ...base, items: { ...state.items, [event.data.item.code]: event.data.item } };
      if (event.type === 'NegativeListEntryAdded')
        return {
          ...base,
          negativeEntries: { ...state.negativeEntries, [event.data.entry.code]: event.data.entry },
        };
      return {
        ...base,
        items: without(state.items, event.data.code),
        negativeEntries: without(state.negativeEntries, event.data.code),
      };
    }
    default:
      return assertNever(event, 'responsibility list event');
  }
}

/**
 * One district's list of one kind as a decider (stream `responsibilityListStreamName`). Versions
 * replace the whole list from their effective date; amendments add or withdraw single items.
 * Every change takes effect on or after the previous one (`LIST.EFFECTIVE_DATE_BEFORE_LAST_CHANGE`).
 */
export const responsibilityListDecider: Decider<
  ResponsibilityListCommand,
  ResponsibilityListEvent,
  ResponsibilityListState
> = {
  initialState: () => ({ status: 'unpublished' }),
  evolve: evolveResponsibilityList,
  eventFields: RESPONSIBILITY_LIST_EVENT_FIELDS,
  decide(command, state) {
    validate(command);
    switch (command.type) {
      case 'PublishListVersion':
        return publish(command, state);
      case 'AddListItem': {
        const list = requirePublished(state, command);
        requireSameList(list, command);
        return addItem(command, list);
      }
      case 'WithdrawListItem': {
        const list = requirePublished(state, command);
        requireSameList(list, command);
        return withdrawItem(command, list);
      }
      case 'AddNegativeListEntry': {
        const list = requirePublished(state, command);
        requireSameList(list, command);
        return addNegativeEntry(command, list);
      }
      default:
        return assertNever(command, 'responsibility list command');
    }
  },
};
