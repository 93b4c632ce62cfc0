import { DomainError } from '#domain-kernel';

/** Stable refusal codes of the responsibility-list decider. */
export const ListErrorCode = {
  invalidCommand: 'LIST.INVALID_COMMAND',
  notPublished: 'LIST.NOT_PUBLISHED',
  wrongList: 'LIST.WRONG_LIST',
  levelNotAllowed: 'LIST.LEVEL_NOT_ALLOWED',
  effectiveDateBeforeLastChange: 'LIST.EFFECTIVE_DATE_BEFORE_LAST_CHANGE',
  itemAlreadyInForce: 'LIST.ITEM_ALREADY_IN_FORCE',
  itemNotInForce: 'LIST.ITEM_NOT_IN_FORCE',
} as const;
export type ListErrorCode = (typeof ListErrorCode)[keyof typeof ListErrorCode];

export const listInvalid = (command: string, problems: readonly string[]): DomainError =>
  new DomainError(ListErrorCode.invalidCommand, 'invalid', `${command}: ${problems.join('; ')}`, {
    command,
    problems,
  });
