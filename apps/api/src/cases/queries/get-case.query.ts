import { Inject, NotFoundException } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import {
  caseDecider,
  caseStreamName,
  deadlineStatus,
  type CaseEvent,
  type CaseState,
  type Deadline,
} from '#case-domain';
import { caseTextKeyId, type PersonalDataCodec } from '#auth';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '#event-store';
import type { Database } from '#platform';
import { DATABASE, PERSONAL_DATA } from '../../infrastructure/infrastructure.tokens.js';
import { CaseSnapshotStore, foldFromSnapshot, type FoldedCase } from './case-snapshots.js';

export interface CaseView {
  caseId: string;
  revision: number;
  /** When the returned state was current: the occurredAt of its last event. */
  asOf: string;
  state: Exclude<CaseState, { status: 'none' }>;
  /** Key of the case's free text: `POST /api/v1/people/{freeTextKeyId}/erase` erases the text alone (docs/adr/0008). */
  freeTextKeyId: string;
  /** Every active deadline with due date, days left and overdue, as of now (or of `asOf`). */
  clocks: Array<{
    name: string;
    dueAt: string;
    daysLeft: number;
    hoursLeft: number;
    overdue: boolean;
    basis: unknown;
    counting: unknown;
  }>;
}

/** The state of one case, folded from its stream: current, as of an instant, or at a revision. */
export class GetCaseQuery extends Query<CaseView> {
  constructor(
    readonly caseId: string,
    readonly options: { asOf?: string; revision?: bigint; now: string },
  ) {
    super();
  }
}

@QueryHandler(GetCaseQuery)
export class GetCaseQueryHandler implements IQueryHandler<GetCaseQuery> {
  private readonly snapshots: CaseSnapshotStore;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PERSONAL_DATA) private readonly personalData: PersonalDataCodec,
    @Inject(DATABASE) database: Database,
  ) {
    this.snapshots = new CaseSnapshotStore(database.pool);
  }

  /**
   * The state with personal data in clear (decrypted): the controller masks it for the caller's
   * roles. Free text stays encrypted here and is rendered for the caller on the way out
   * (FreeTextDecodingInterceptor): clear, `[masked]` or `[erased]`. The stored events are folded
   * (from the latest usable snapshot, case-snapshots.ts) and the persons of the state decoded once.
   */
  async execute({ caseId, options }: GetCaseQuery): Promise<CaseView> {
    const stream = caseStreamName(caseId);
    let folded: FoldedCase;
    if (options.revision !== undefined) {
      const recorded = await this.store.readStream(stream);
      const last = recorded[recorded.length - 1];
      if (last && options.revision > last.revision) {
        throw new CaseRevisionNotFound(caseId, options.revision, last.revision, foldCase(recorded));
      }
      folded = foldFromSnapshot(
        undefined,
        selectEvents(recorded, options),
        undefined,
        this.snapshots.interval,
      );
    } else {
      const base = await this.snapshots.latest(stream, options.asOf);
      const tail = await this.store.readStream(stream, base ? { fromRevision: base.revision + 1n } : {});
      folded = foldFromSnapshot(base, tail, options.asOf, this.snapshots.interval);
      await this.snapshots.save(stream, folded.snapshots);
    }
    const newest = folded.last;
    if (!newest || folded.state.status === 'none') throw caseNotFound(caseId);
    const state = await this.personalData.decodePersonsIn(folded.state);
    const clockTime = options.asOf ?? options.now;
    return {
      caseId,
      revision: Number(newest.revision),
      asOf: newest.occurredAt,
      state,
      freeTextKeyId: caseTextKeyId(caseId),
      clocks: activeDeadlines(state).map(([name, deadline]) => ({
        name,
        ...deadlineStatus(deadline, clockTime),
        basis: deadline.basis,
        counting: deadline.counting,
      })),
    };
  }
}

/** The state of a case after these events of its stream. */
function foldCase(events: readonly RecordedEvent[]): CaseState {
  let state = caseDecider.initialState();
  for (const event of events)
    state = caseDecider.evolve(state, { type: event.type, data: event.data } as CaseEvent);
  return state;
}

/** Events up to a revision (inclusive) or up to an instant (by business time, occurredAt). */
export function selectEvents(
  recorded: RecordedEvent[],
  options: { asOf?: string; revision?: bigint },
): RecordedEvent[] {
  let events = recorded;
  if (options.revision !== undefined) events = events.filter((event) => event.revision <= options.revision!);
  if (options.asOf !== undefined) {
    const limit = Date.parse(options.asOf);
    events = events.filter((event) => Date.parse(event.metadata.occurredAt) <= limit);
  }
  return events;
}

function activeDeadlines(state: Exclude<CaseState, { status: 'none' }>): Array<[string, Deadline]> {
  const deadlines = ((state as unknown as { deadlines?: Record<string, Deadline | undefined> }).deadlines ??
    {}) as Record<string, unknown>;
  return Object.entries(deadlines).filter((entry): entry is [string, Deadline] => isDeadline(entry[1]));
}

function isDeadline(value: unknown): value is Deadline {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Deadline).dueAt === 'string' &&
    'counting' in value
  );
}

/**
 * `?revision=N` past the case's last revision: there is no such state (answering the latest one
 * would pass it off as revision N). Carries the case's state, so the controller can hide the case
 * from a caller outside its jurisdiction before saying anything about its revisions.
 */
export class CaseRevisionNotFound extends NotFoundException {
  constructor(
    caseId: string,
    revision: bigint,
    lastRevision: bigint,
    readonly state: CaseState,
  ) {
    super({
      code: 'CASE.REVISION_NOT_FOUND',
      message: `case ${caseId} has no revision ${revision}; its last revision is ${lastRevision}`,
    });
  }
}

export function caseNotFound(caseId: string): NotFoundException {
  return new NotFoundException({ code: 'CASE.NOT_FOUND', message: `case ${caseId} does not exist` });
}

/** Every event of a case up to `asOf`, persons decoded (free text still encrypted), with the current state for the jurisdiction check. */
export class GetCaseHistoryQuery extends Query<{ events: RecordedEvent[]; current: CaseState }> {
  constructor(
    readonly caseId: string,
    readonly asOf: string | undefined,
  ) {
    super();
  }
}

@QueryHandler(GetCaseHistoryQuery)
export class GetCaseHistoryQueryHandler implements IQueryHandler<GetCaseHistoryQuery> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PERSONAL_DATA) private readonly personalData: PersonalDataCodec,
  ) {}

  async execute({
    caseId,
    asOf,
  }: GetCaseHistoryQuery): Promise<{ events: RecordedEvent[]; current: CaseState }> {
    const all = await this.personalData.decodePersons(await this.store.readStream(caseStreamName(caseId)));
    const events = selectEvents(all, { asOf });
    if (events.length === 0) throw caseNotFound(caseId);
    return { events, current: foldCase(all) };
  }
}
