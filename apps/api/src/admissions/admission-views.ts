import { localDateOf, type LocalDate } from '#domain-kernel';
import { ConflictException, NotFoundException } from '@nestjs/common';
import {
  LIST_KIND_NAMES,
  LIST_KINDS,
  OWNER_LEVELS,
  listAsOf,
  type AdmissionState,
  type ListKind,
  type OwnerLevel,
  type ResponsibilityListEvent,
} from '#admission-domain';
import { deadlineStatus, type Deadline } from '#case-domain';
import type { FoldedList, FoldedLists } from './responsibility-lists.cache.js';

/** A validated DTO as plain JSON: no class instances, no keys holding undefined (events store JSON). */
export const plain = <T extends object>(dto: T): T => JSON.parse(JSON.stringify(dto)) as T;

/** Today in China time (the lists' dates are CST calendar dates). */
export const todayCst = (): LocalDate => localDateOf(new Date().toISOString());

/** A list kind from the URL; anything else is an unknown resource. */
export function parseKind(kind: string): ListKind {
  if (!(LIST_KINDS as readonly string[]).includes(kind)) {
    throw new NotFoundException({
      code: 'LIST.UNKNOWN_KIND',
      message: `there is no list ${JSON.stringify(kind.slice(0, 60))}; kinds: ${LIST_KINDS.join(', ')}`,
    });
  }
  return kind as ListKind;
}

export const districtNotCreated = (forCommand: boolean) => {
  const body = {
    code: 'REGISTRY.DISTRICT_NOT_CREATED',
    message: 'the deployment has no district yet; create or seed it first',
  };
  return forCommand ? new ConflictException(body) : new NotFoundException(body);
};

export const admissionNotFound = (requestId: string) =>
  new NotFoundException({
    code: 'ADMISSION.NOT_FOUND',
    message: `admission request ${requestId} does not exist`,
  });

/** Every list of the district in force on `asOf`, and their items grouped by the level that owns them. */
export function listsByLevelView(
  districtCode: string,
  asOf: LocalDate,
  folded: FoldedLists,
  level?: OwnerLevel,
) {
  const inForce = LIST_KINDS.map((kind) => ({
    kind,
    folded: folded[kind],
    list: listAsOf(folded[kind].state, asOf),
  }));
  const levels = Object.fromEntries(
    OWNER_LEVELS.filter((l) => level === undefined || l === level).map((l) => [l, [] as unknown[]]),
  ) as Record<OwnerLevel, unknown[]>;
  for (const { kind, list } of inForce) {
    for (const item of list?.items ?? []) levels[item.level]?.push({ kind, ...item });
  }
  const negative = inForce.find((entry) => entry.kind === 'negative')?.list?.negativeEntries ?? [];
  return {
    districtCode,
    asOf,
    lists: inForce.map(({ kind, folded: f, list }) => ({
      kind,
      name: LIST_KIND_NAMES[kind],
      listId: list?.listId ?? null,
      revision: Number(f.revision),
      version: list?.version ?? null,
      amendments: list?.amendments ?? 0,
      size: kind === 'negative' ? (list?.negativeEntries.length ?? 0) : (list?.items.length ?? 0),
    })),
    levels,
    negative: level === undefined ? negative : negative.filter((entry) => entry.rule.levels.includes(level)),
  };
}

/** One list: what is in force on `asOf` and every version with its amendments, in recorded order. */
export function listView(folded: FoldedList, asOf: LocalDate) {
  const { state } = folded;
  const versions: Array<Record<string, unknown> & { amendments: unknown[] }> = [];
  const history: readonly ResponsibilityListEvent[] = state.status === 'published' ? state.history : [];
  for (const event of history) {
    const { data } = event;
    if (event.type === 'ResponsibilityListVersionPublished') {
      versions.push({
        version: data.version,
        effectiveFrom: data.effectiveFrom,
        documentRef: event.data.documentRef,
        recordedBy: data.recordedBy,
        recordedAt: data.recordedAt,
        size: event.data.items.length + event.data.negativeEntries.length,
        amendments: [],
      });
      continue;
    }
    const amendment = {
      amendment: event.data.amendment,
      type: event.type,
      effectiveFrom: data.effectiveFrom,
      reason: event.data.reason,
      documentRef: event.data.documentRef ?? null,
      recordedBy: data.recordedBy,
      recordedAt: data.recordedAt,
      code:
        event.type === 'ResponsibilityListItemAdded'
          ? event.data.item.code
          : event.type === 'NegativeListEntryAdded'
            ? event.data.entry.code
            : event.data.code,
      admissionRequestId:
        event.type === 'ResponsibilityListItemAdded' ? (event.data.item.admissionRequestId ?? null) : null,
    };
    versions[versions.length - 1]?.amendments.push(amendment);
  }
  return {
    districtCode: folded.districtCode,
    kind: folded.kind,
    name: LIST_KIND_NAMES[folded.kind],
    revision: Number(folded.revision),
    status: state.status,
    inForce: listAsOf(state, asOf) ?? null,
    versions,
  };
}

/** The clocks a request is running against now: due date, days left, overdue, basis and counting. */
export function activeDeadlines(state: AdmissionState, now: string) {
  const running: Array<[string, Deadline]> =
    state.status === 'under_review'
      ? [['review', state.reviewDeadline]]
      : state.status === 'reviewed'
        ? [['decision', state.decisionDeadline]]
        : [];
  return running.map(([name, deadline]) => ({
    name,
    ...deadlineStatus(deadline, now),
    basis: deadline.basis,
    counting: deadline.counting,
  }));
}

/** One request in the list: who asked for what, where it would go, and the clock it is running against. */
export function pendingItem(requestId: string, revision: bigint, state: AdmissionState, now: string) {
  if (state.status === 'none') return undefined;
  const { request } = state;
  return {
    requestId,
    revision: Number(revision),
    status: state.status,
    department: request.department,
    title: request.work.title,
    nature: request.work.nature,
    targetLevel: request.work.targetLevel,
    /** Empty: every street / community of the level. */
    targetUnits: request.targetUnits ?? [],
    startFrom: request.startFrom,
    submittedAt: request.submittedAt,
    deadlines: activeDeadlines(state, now),
  };
}
