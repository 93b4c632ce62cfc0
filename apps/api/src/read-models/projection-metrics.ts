import { Gauge } from 'prom-client';
import { metricsRegistry } from '#platform';
import type { ProjectionState } from '#projections';
import type { ProjectionReport, ProjectionStatusReader } from './projection-status.reader.js';

const STATES: readonly ProjectionState[] = ['running', 'catching_up', 'failing', 'parked', 'rebuilding'];

/** The reader the gauges ask on a scrape (the last app built in this process). */
let source: ProjectionStatusReader | undefined;

/** One read per scrape: every gauge's collect() awaits the same statuses. */
async function statuses(): Promise<ProjectionReport[]> {
  if (!source) return [];
  try {
    return await source.readShared();
  } catch {
    // An unreachable database must not fail the whole scrape; /health says what is wrong.
    return [];
  }
}

function gauge(
  name: string,
  help: string,
  labelNames: readonly string[],
  fill: (g: Gauge<string>, reports: ProjectionReport[]) => void,
): Gauge<string> {
  const existing = metricsRegistry.getSingleMetric(name);
  if (existing) return existing as Gauge<string>;
  return new Gauge({
    name,
    help,
    labelNames,
    registers: [metricsRegistry],
    async collect() {
      const reports = await statuses();
      this.reset();
      fill(this, reports);
    },
  });
}

/** Projection gauges on /metrics, refreshed from the database on every scrape. */
export function registerProjectionMetrics(reader: ProjectionStatusReader): void {
  source = reader;
  gauge(
    'gridcase_projection_checkpoint',
    'Last global position applied to the read model',
    ['projection'],
    (g, reports) => {
      for (const r of reports) g.set({ projection: r.name }, Number(r.checkpoint));
    },
  );
  gauge(
    'gridcase_projection_lag_events',
    'Handled events after the checkpoint (counted up to 1000)',
    ['projection'],
    (g, reports) => {
      for (const r of reports) g.set({ projection: r.name }, r.lagEvents);
    },
  );
  gauge(
    'gridcase_projection_lag_seconds',
    'Age of the oldest event the read model has not applied yet',
    ['projection'],
    (g, reports) => {
      for (const r of reports) g.set({ projection: r.name }, r.lagSeconds);
    },
  );
  gauge(
    'gridcase_projection_parked_events',
    'Parked events waiting for an operator',
    ['projection'],
    (g, reports) => {
      for (const r of reports) g.set({ projection: r.name }, r.parkedEvents);
    },
  );
  gauge(
    'gridcase_projection_state',
    'Projection state (1 for the current state, 0 otherwise)',
    ['projection', 'state'],
    (g, reports) => {
      for (const r of reports)
        for (const state of STATES) g.set({ projection: r.name, state }, r.state === state ? 1 : 0);
    },
  );
}
