import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '#event-store';
import {
  evolveRegistry,
  initialRegistryState,
  registryStreamName,
  type RegistryEvent,
  type RegistryState,
} from '#registry-domain';

/** The district registry folded up to `revision` (-1n: the stream is empty). */
export interface FoldedRegistry {
  readonly districtCode: string;
  readonly revision: bigint;
  readonly state: RegistryState;
}

const REGISTRY_PREFIX = 'registry-';

/**
 * Which district this deployment serves, and its folded registry.
 *
 * District: one per deployment. It is the district of the first `registry-<code>` stream in the
 * global log (whoever created a district first, by the API or by `npm run seed`); once found it
 * never changes for the life of the process. Before any district exists, `districtCode()` is
 * undefined and `POST /api/v1/jurisdictions/district` picks it.
 *
 * Folded state: kept in memory with the stream revision it reflects. Each read asks the store
 * only for the events after that revision (usually none) and folds just those, so a query never
 * replays the whole stream (the demo district is ~2,800 events). Writes through this process
 * hand their post-command state over (`offer`), so the next query does not even fold those.
 * Writes by other processes are picked up by the same catch-up read. Refreshes run one at a time,
 * so concurrent queries share a catch-up instead of folding the same events twice.
 */
@Injectable()
export class RegistryStateCache {
  private code: string | undefined;
  private folded: FoldedRegistry | undefined;
  private turn: Promise<unknown> = Promise.resolve();
  /** Events folded by catch-up reads since start (for tests and metrics). */
  eventsFolded = 0;

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** The deployment's district code, or undefined while no registry stream exists. */
  async districtCode(): Promise<string | undefined> {
    if (this.code !== undefined) return this.code;
    const [first] = await this.store.readAll({
      fromPosition: 'start',
      maxCount: 1,
      filter: { streamPrefixes: [REGISTRY_PREFIX] },
    });
    if (first) this.code = first.stream.slice(REGISTRY_PREFIX.length);
    return this.code;
  }

  /** Pins the district once a CreateDistrict has been appended by this process. */
  adopt(districtCode: string): void {
    this.code ??= districtCode;
  }

  /** The registry as of the stream's latest revision. Undefined when no district exists yet. */
  async current(): Promise<FoldedRegistry | undefined> {
    const code = await this.districtCode();
    if (code === undefined) return undefined;
    const next = this.turn.then(() => this.catchUp(code));
    this.turn = next.catch(() => undefined);
    return next;
  }

  /** A state the command pipeline just produced; kept when it is newer than the cached one. */
  offer(folded: FoldedRegistry): void {
    if (folded.districtCode !== this.code) return;
    if (this.folded === undefined || folded.revision > this.folded.revision) this.folded = folded;
  }

  private async catchUp(code: string): Promise<FoldedRegistry> {
    const base =
      this.folded?.districtCode === code
        ? this.folded
        : { districtCode: code, revision: -1n, state: initialRegistryState() };
    const fresh = await this.store.readStream(registryStreamName(code), {
      fromRevision: base.revision < 0n ? 'start' : base.revision + 1n,
    });
    // An offer may have moved the cache on while the read was in flight; never go backwards.
    const latest =
      this.folded?.districtCode === code && this.folded.revision > base.revision ? this.folded : base;
    let { state, revision } = latest;
    for (const event of fresh) {
      if (event.revision <= revision) continue;
      state = evolveRegistry(state, { type: event.type, data: event.data } as RegistryEvent);
      revision = event.revision;
      this.eventsFolded++;
    }
    this.folded = { districtCode: code, revision, state };
    return this.folded;
  }
}
