import type { HealthCheck } from '#platform';
import type { ProjectionStatusReader } from './projection-status.reader.js';

/** A projection more than this far behind the log makes /health degraded. */
export const PROJECTION_LAG_LIMITS = { seconds: 120, events: 1000 } as const;

/**
 * Readiness of the read models: not ok when a projection is failing, parked at an event, or lags
 * the log by more than `PROJECTION_LAG_LIMITS` (e.g. no worker is running). A rebuild in progress
 * is reported but is not a failure: reads are served (stale) from the old tables meanwhile.
 */
export function projectionHealthCheck(
  reader: ProjectionStatusReader,
  limits = PROJECTION_LAG_LIMITS,
): HealthCheck {
  return {
    name: 'projections',
    check: async () => {
      const reports = await reader.readShared();
      const problems: string[] = [];
      const projections: Record<string, unknown> = {};
      for (const report of reports) {
        projections[report.name] = {
          state: report.state,
          checkpoint: report.checkpoint.toString(),
          lagEvents: report.lagEvents,
          lagSeconds: Math.round(report.lagSeconds),
          parkedEvents: report.parkedEvents,
        };
        if (report.state === 'failing')
          problems.push(`${report.name} is failing: ${report.lastError ?? 'unknown error'}`.slice(0, 200));
        if (report.state === 'parked')
          problems.push(`${report.name} is parked at ${report.parkedEvents} event(s)`);
        if (report.lagSeconds > limits.seconds)
          problems.push(`${report.name} lags ${Math.round(report.lagSeconds)} s`);
        else if (report.lagEvents >= limits.events)
          problems.push(`${report.name} lags ${report.lagEvents}${report.lagEventsCapped ? '+' : ''} events`);
      }
      return {
        ok: problems.length === 0,
        details: { ...(problems.length ? { problems } : {}), projections },
      };
    },
  };
}
