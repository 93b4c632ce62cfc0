import { assertNever } from '#domain-kernel';
import type {
  ListInForce,
  ListItem,
  ListsInForce,
  NegativeCondition,
  NegativeEntry,
  OwnerLevel,
} from '../list/responsibility-list.types.js';
import { normaliseTitle } from '../validation.js';
import type { AdmissionResources, WorkItemProposal } from './admission.commands.js';

/** Community and community two-committee both sit at the community: a match at one covers the other. */
const COMMUNITY_LEVELS: readonly OwnerLevel[] = ['community', 'community_committees'];
export const levelsMatch = (a: OwnerLevel, b: OwnerLevel): boolean =>
  a === b || (COMMUNITY_LEVELS.includes(a) && COMMUNITY_LEVELS.includes(b));

const bringsNothing = (resources: AdmissionResources): boolean =>
  resources.staff === 0 && resources.fundingFen === 0 && resources.equipment.length === 0;

function conditionHolds(
  condition: NegativeCondition,
  work: WorkItemProposal,
  resources: AdmissionResources,
): boolean {
  switch (condition) {
    case 'always':
      return true;
    case 'without_legal_basis':
      return work.legalBasis === undefined || work.legalBasis.trim() === '';
    case 'without_resources':
      return bringsNothing(resources);
    default:
      return assertNever(condition, 'negative condition');
  }
}

const CONDITION_TEXT: Readonly<Record<NegativeCondition, string>> = {
  always: '此类事项一律不得进入社区',
  without_legal_basis: '申请未载明法律法规依据',
  without_resources: '未随事项转移人员、经费或装备（费随事转、权随责走）',
};

export type AdmissionCheck =
  | {
      readonly outcome: 'AdmissionNotRequired';
      readonly list: ListInForce;
      readonly item: ListItem;
      readonly matchedBy: 'code' | 'title';
    }
  | {
      readonly outcome: 'RefusedByNegativeList';
      readonly list: ListInForce;
      readonly entries: readonly NegativeEntry[];
      readonly reason: string;
    }
  | { readonly outcome: 'ReviewRequired' };

/**
 * Checks a proposal against the lists in force, in this order:
 * 1. already listed at the target level (by the claimed list code, else by title) → AdmissionNotRequired;
 * 2. caught by a negative-list class (nature, level and condition) → RefusedByNegativeList;
 * 3. otherwise → ReviewRequired.
 */
export function checkAgainstLists(
  work: WorkItemProposal,
  resources: AdmissionResources,
  lists: ListsInForce,
): AdmissionCheck {
  const positive = lists.lists.filter((list) => list.kind !== 'negative' && list.version !== null);
  const title = normaliseTitle(work.title);
  for (const matchedBy of ['code', 'title'] as const) {
    for (const list of positive) {
      const item = list.items.find(
        (candidate) =>
          levelsMatch(candidate.level, work.targetLevel) &&
          (matchedBy === 'code'
            ? work.listItemCode !== undefined && candidate.code === work.listItemCode
            : normaliseTitle(candidate.title) === title),
      );
      if (item) return { outcome: 'AdmissionNotRequired', list, item, matchedBy };
    }
  }
  const negative = lists.lists.find((list) => list.kind === 'negative' && list.version !== null);
  if (negative) {
    const entries = negative.negativeEntries.filter(
      (entry) =>
        entry.rule.natures.includes(work.nature) &&
        entry.rule.levels.some((level) => levelsMatch(level, work.targetLevel)) &&
        conditionHolds(entry.rule.condition, work, resources),
    );
    if (entries.length > 0) {
      const reason = entries
        .map((entry) => `${entry.code} ${entry.title}：${CONDITION_TEXT[entry.rule.condition]}`)
        .join('；');
      return { outcome: 'RefusedByNegativeList', list: negative, entries, reason };
    }
  }
  return { outcome: 'ReviewRequired' };
}
