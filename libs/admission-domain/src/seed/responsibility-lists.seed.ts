import type { LocalDate } from '#domain-kernel';
import type { PublishListVersion } from '../list/responsibility-list.commands.js';
import { POSITIVE_LIST_KINDS, type ListKind } from '../list/responsibility-list.types.js';
import type { CommandMetadata } from '../shared.types.js';
import { SEED_LIST_ROWS, SEED_NEGATIVE_ENTRIES } from './responsibility-lists.names.js';

/** The list sizes of the source (part 四), which the seed hits exactly. */
export const SEED_LIST_SIZES: Readonly<Record<ListKind, number>> = {
  comprehensive_support: 16,
  party_and_mass_work: 22,
  community_building: 17,
  two_committee_duties: 39,
  assisting_government: 79,
  certificates_and_plaques: 18,
  negative: 4,
};

export interface ResponsibilityListsSeedOptions {
  /** Default `519902`, the registry demo district (蜀南市市中区, synthetic). */
  readonly districtCode?: string;
  /** Default: `seed`, at 09:00 CST of the effective date. */
  readonly metadata?: CommandMetadata;
  /** Default `市中委办〔2021〕1号（合成）`. */
  readonly documentRef?: string;
}

/**
 * Version 1 of all seven lists of the demo district, effective from `effectiveDate`: one
 * `PublishListVersion` per list, in `LIST_KINDS` order, with the sizes of `SEED_LIST_SIZES`. Item
 * codes are `<PREFIX>-<nn>` (e.g. `ZHBZ-01`), so ids (UUID v5 of district, kind and code) are
 * the same on every run. Names are synthetic (see `responsibility-lists.names.ts`).
 */
export function buildResponsibilityListsSeed(
  effectiveDate: LocalDate,
  options: ResponsibilityListsSeedOptions = {},
): PublishListVersion[] {
  const districtCode = options.districtCode ?? '519902';
  const metadata = options.metadata ?? { actor: 'seed', now: `${effectiveDate}T09:00:00+08:00` };
  const documentRef = options.documentRef ?? '市中委办〔2021〕1号（合成）';
  const positive: PublishListVersion[] = POSITIVE_LIST_KINDS.map((kind) => {
    const { prefix, legalBasis, rows } = SEED_LIST_ROWS[kind];
    return {
      type: 'PublishListVersion',
      data: {
        districtCode,
        kind,
        effectiveFrom: effectiveDate,
        documentRef,
        items: rows.map(([title, itemClass, level], index) => ({
          code: `${prefix}-${String(index + 1).padStart(2, '0')}`,
          title,
          itemClass,
          level,
          legalBasis,
        })),
      },
      metadata,
    };
  });
  const negative: PublishListVersion = {
    type: 'PublishListVersion',
    data: {
      districtCode,
      kind: 'negative',
      effectiveFrom: effectiveDate,
      documentRef,
      negativeEntries: [...SEED_NEGATIVE_ENTRIES],
    },
    metadata,
  };
  return [...positive, negative];
}
