import type { LocalDate } from '#domain-kernel';

/**
 * The list kinds of the source (part 四): the district departments' duties pushed down to streets and
 * communities in three groups (综合保障, 党群工作, 社区建设), the community two-committee duties, the
 * classes of work the residents' committee assists government with, the certificates and plaques a
 * community may issue or hang, and the negative list.
 */
export const LIST_KINDS = [
  'comprehensive_support',
  'party_and_mass_work',
  'community_building',
  'two_committee_duties',
  'assisting_government',
  'certificates_and_plaques',
  'negative',
] as const;
export type ListKind = (typeof LIST_KINDS)[number];
export type PositiveListKind = Exclude<ListKind, 'negative'>;
export const POSITIVE_LIST_KINDS: readonly PositiveListKind[] = LIST_KINDS.filter(
  (kind): kind is PositiveListKind => kind !== 'negative',
);

export const LIST_KIND_NAMES: Readonly<Record<ListKind, string>> = {
  comprehensive_support: '区级职能部门职责下沉街道（社区）职责清单·综合保障',
  party_and_mass_work: '区级职能部门职责下沉街道（社区）职责清单·党群工作',
  community_building: '区级职能部门职责下沉街道（社区）职责清单·社区建设',
  two_committee_duties: '社区两委职责清单',
  assisting_government: '社区居委会依法依规协助政府工作事项清单',
  certificates_and_plaques: '社区开具证明、挂牌清单',
  negative: '社区负面清单',
};

/** The level that owns an item: 街道, 社区 (居委会), 社区两委 (党组织 + 居委会). */
export const OWNER_LEVELS = ['street', 'community', 'community_committees'] as const;
export type OwnerLevel = (typeof OWNER_LEVELS)[number];

/** Which owner levels each positive list may hold. */
export const LIST_KIND_LEVELS: Readonly<Record<PositiveListKind, readonly OwnerLevel[]>> = {
  comprehensive_support: ['street', 'community'],
  party_and_mass_work: ['street', 'community'],
  community_building: ['street', 'community'],
  two_committee_duties: ['community_committees'],
  assisting_government: ['community'],
  certificates_and_plaques: ['community'],
};

/**
 * What kind of work item is pushed down. The source names 工作职责、公共服务、行政权力、出具证明;
 * plaques, bodies to set up and assessments are what the negative list speaks of.
 */
export const WORK_NATURES = [
  'duty',
  'public_service',
  'administrative_power',
  'certificate',
  'plaque',
  'organisation',
  'assessment',
] as const;
export type WorkNature = (typeof WORK_NATURES)[number];

/** An item of a positive list as published (the id is derived from the code). */
export interface ListItemInput {
  /** Stable code within the list, e.g. `ZHBZ-01`. */
  readonly code: string;
  readonly title: string;
  /** The item's class (类别), e.g. `安全稳定`, `民政`. */
  readonly itemClass: string;
  readonly level: OwnerLevel;
  /** Law, regulation or document the item rests on; absent when none is named. */
  readonly legalBasis?: string;
}

export interface ListItem extends ListItemInput {
  readonly itemId: string;
  /** The admission request the item came from, when it joined the list by approval. */
  readonly admissionRequestId?: string;
}

/**
 * When a negative-list class catches a request: always, only when the request names no legal basis,
 * or only when it brings no staff, funding or equipment along (费随事转, 不得简单转嫁).
 */
export const NEGATIVE_CONDITIONS = ['always', 'without_legal_basis', 'without_resources'] as const;
export type NegativeCondition = (typeof NEGATIVE_CONDITIONS)[number];

/** A structured rule, so that the automatic refusal is reproducible and explainable. */
export interface NegativeListRule {
  readonly natures: readonly WorkNature[];
  readonly levels: readonly OwnerLevel[];
  readonly condition: NegativeCondition;
}

export interface NegativeEntryInput {
  readonly code: string;
  /** The prohibited practice, e.g. `不得要求社区出具无法定依据的证明`. */
  readonly title: string;
  readonly rule: NegativeListRule;
  readonly legalBasis?: string;
}

export interface NegativeEntry extends NegativeEntryInput {
  readonly entryId: string;
}

/** A list as in force on one date: the version then in force and its items (or negative entries). */
export interface ListInForce {
  readonly listId: string;
  readonly districtCode: string;
  readonly kind: ListKind;
  readonly asOf: LocalDate;
  /** Version in force, or null when no version had taken effect by `asOf`. */
  readonly version: number | null;
  /** Amendments of that version that had taken effect by `asOf`. */
  readonly amendments: number;
  readonly items: readonly ListItem[];
  readonly negativeEntries: readonly NegativeEntry[];
}

/**
 * Every list of a district as in force on one date. The admission decider takes this in its
 * command: the check spans streams, so the application reads the list streams and passes them in.
 */
export interface ListsInForce {
  readonly districtCode: string;
  readonly asOf: LocalDate;
  readonly lists: readonly ListInForce[];
}
