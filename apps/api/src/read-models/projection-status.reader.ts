import {
  allProjections,
  listParkedEvents,
  projectionStatuses,
  type ParkedEvent,
  type Projection,
  type ProjectionStatus,
} from '#projections';
import type { EventStore } from '#event-store';
import type { SqlPool } from '#platform';

export interface ProjectionReport extends ProjectionStatus {
  /** Parked events not yet skipped by an operator (the projection waits at the first one). */
  readonly parked: readonly ParkedEvent[];
}

/**
 * Projection status as any process can see it: read from the checkpoint tables and the event store,
 * never from a running engine's memory, so the API answers correctly when the worker runs elsewhere.
 * /health and the gauges of one /metrics scrape ask at the same moment; one read serves them all.
 */
export class ProjectionStatusReader {
  private inFlight: Promise<ProjectionReport[]> | undefined;

  constructor(
    private readonly deps: { readonly pool: SqlPool; readonly eventStore: EventStore },
    readonly projections: readonly Projection[] = allProjections,
  ) {}

  has(name: string): boolean {
    return this.projections.some((projection) => projection.name === name);
  }

  /** Fresh statuses (for the API route). */
  async read(): Promise<ProjectionReport[]> {
    const [statuses, parked] = await Promise.all([
      projectionStatuses(this.deps, this.projections),
      listParkedEvents(this.deps.pool),
    ]);
    return statuses.map((status) => ({
      ...status,
      parked: parked.filter((event) => event.projection === status.name && event.skippedAt === null),
    }));
  }

  /** Fresh statuses, shared by callers that ask while a read is in flight (/health and every gauge of a scrape). */
  readShared(): Promise<ProjectionReport[]> {
    if (!this.inFlight) {
      this.inFlight = this.read().finally(() => {
        this.inFlight = undefined;
      });
    }
    return this.inFlight;
  }
}
