import type { EventStore } from '#event-store';
import type { CaseLocation, HandlingUnit, JurisdictionLevel } from '#case-domain';
import { registryDecider, registryView, type RegistryEvent, type RegistryState } from '#registry-domain';

/** Finds who handles a case at a level of the ladder. */
export interface HandlingUnitDirectory {
  unitFor(location: CaseLocation, level: JurisdictionLevel): Promise<HandlingUnit | undefined>;
}

const REGISTRY_STREAM_PREFIX = 'registry-';
const PAGE = 4096;

/**
 * The handling chain from the registry: every `registry-<district>` stream folded with
 * `registryDecider`, kept in memory and brought up to date (new registry events only) when older
 * than `ttlMs`, or at once when a location is unknown (the registry may have just gained it).
 * The chain is taken as of the clock's China calendar date, so future-dated moves do not apply early.
 */
export class RegistryHandlingUnits implements HandlingUnitDirectory {
  private readonly states = new Map<string, RegistryState>();
  private position: bigint | undefined;
  private refreshedAt = Number.NEGATIVE_INFINITY;
  private refreshing: Promise<void> | undefined;
  private lastForcedRefresh = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly store: EventStore,
    private readonly clock: () => Date,
    private readonly ttlMs: number,
  ) {}

  async unitFor(location: CaseLocation, level: JurisdictionLevel): Promise<HandlingUnit | undefined> {
    const now = this.clock().getTime();
    if (now - this.refreshedAt > this.ttlMs) await this.refresh();
    let unit = this.lookup(location, level);
    if (!unit && Date.now() - this.lastForcedRefresh > 1000) {
      this.lastForcedRefresh = Date.now();
      await this.refresh();
      unit = this.lookup(location, level);
    }
    return unit;
  }

  private lookup(location: CaseLocation, level: JurisdictionLevel): HandlingUnit | undefined {
    const asOf = chinaDate(this.clock());
    for (const state of this.states.values()) {
      const view = registryView(state, asOf);
      const byBuilding = location.buildingId ? view.handlingChain(location.buildingId) : [];
      const chain = byBuilding.length > 0 ? byBuilding : view.handlingChain(location.gridId);
      const step = chain.find((candidate) => candidate.level === level);
      if (step) return { unitId: step.handler.id, name: step.handler.name };
    }
    return undefined;
  }

  private refresh(): Promise<void> {
    this.refreshing ??= this.readNewEvents().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private async readNewEvents(): Promise<void> {
    const startedAt = this.clock().getTime();
    for (;;) {
      const page = await this.store.readAll({
        after: this.position ?? 0n,
        maxCount: PAGE,
        filter: { streamPrefixes: [REGISTRY_STREAM_PREFIX] },
      });
      for (const event of page) {
        const state = this.states.get(event.stream) ?? registryDecider.initialState();
        this.states.set(
          event.stream,
          registryDecider.evolve(state, { type: event.type, data: event.data } as RegistryEvent),
        );
        this.position = event.globalPosition;
      }
      if (page.length < PAGE) break;
    }
    this.refreshedAt = startedAt;
  }
}

/** `YYYY-MM-DD` of the instant in China (UTC+8, no daylight saving). */
export function chinaDate(instant: Date): string {
  return new Date(instant.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}
