import { Inject, Injectable } from '@nestjs/common';
import {
  LIST_KINDS,
  evolveResponsibilityList,
  responsibilityListDecider,
  responsibilityListStreamName,
  type ListKind,
  type ResponsibilityListEvent,
  type ResponsibilityListState,
} from '#admission-domain';
import { EVENT_STORE, type EventStore } from '#event-store';

/** One list stream folded up to `revision` (-1n: the stream is empty). */
export interface FoldedList {
  readonly districtCode: string;
  readonly kind: ListKind;
  readonly revision: bigint;
  readonly state: ResponsibilityListState;
}

export type FoldedLists = Readonly<Record<ListKind, FoldedList>>;

/**
 * The seven list streams of the district, folded in memory with the revision each reflects.
 *
 * Cost: a read catches each stream up from its cached revision (`readStream(fromRevision)`, seven
 * small reads, usually empty) and folds only the new events, so neither a query nor a submission
 * replays a list. The whole district is ~200 items (~40 KB folded); the cache is per process and
 * unbounded by design. Writes by other processes are seen by the next read. States this process
 * produces through the pipeline are handed over (`offer`). Catch-ups run one at a time per process.
 */
@Injectable()
export class ResponsibilityListsCache {
  private readonly folded = new Map<string, FoldedList>();
  private turn: Promise<unknown> = Promise.resolve();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** Every list of the district at its latest revision (an unknown stream folds to `unpublished`). */
  async all(districtCode: string): Promise<FoldedLists> {
    const next = this.turn.then(async () => {
      const entries = await Promise.all(
        LIST_KINDS.map(async (kind) => [kind, await this.catchUp(districtCode, kind)] as const),
      );
      return Object.fromEntries(entries) as Record<ListKind, FoldedList>;
    });
    this.turn = next.catch(() => undefined);
    return next;
  }

  async one(districtCode: string, kind: ListKind): Promise<FoldedList> {
    return (await this.all(districtCode))[kind];
  }

  /** A state the command pipeline just produced; kept when newer than the cached one. */
  offer(folded: FoldedList): void {
    const key = keyOf(folded.districtCode, folded.kind);
    const cached = this.folded.get(key);
    if (cached === undefined || folded.revision > cached.revision) this.folded.set(key, folded);
  }

  private async catchUp(districtCode: string, kind: ListKind): Promise<FoldedList> {
    const key = keyOf(districtCode, kind);
    const base = this.folded.get(key) ?? {
      districtCode,
      kind,
      revision: -1n,
      state: responsibilityListDecider.initialState(),
    };
    const fresh = await this.store.readStream(responsibilityListStreamName(districtCode, kind), {
      fromRevision: base.revision < 0n ? 'start' : base.revision + 1n,
    });
    // An offer may have moved the cache on while the read was in flight; never go backwards.
    const cached = this.folded.get(key);
    let { state, revision } = cached !== undefined && cached.revision > base.revision ? cached : base;
    for (const event of fresh) {
      if (event.revision <= revision) continue;
      state = evolveResponsibilityList(state, {
        type: event.type,
        data: event.data,
      } as unknown as ResponsibilityListEvent);
      revision = event.revision;
    }
    const folded = { districtCode, kind, revision, state };
    this.folded.set(key, folded);
    return folded;
  }
}

const keyOf = (districtCode: string, kind: ListKind) => `${districtCode}/${kind}`;
