/** A readiness check contributed by a module (database, event store, projections, ...). */
export interface HealthCheck {
  name: string;
  /** Resolves with details when healthy; rejects (or resolves `{ok: false}`) when not. */
  check(): Promise<{ ok: boolean; details?: Record<string, unknown> }>;
}

export interface HealthReport {
  status: 'ok' | 'degraded' | 'down';
  checks: Record<string, { ok: boolean; details?: Record<string, unknown>; error?: string; ms: number }>;
}

/** Runs every check with a time limit, in parallel, so a hung dependency cannot hang /health. */
export async function runHealthChecks(
  checks: readonly HealthCheck[],
  timeoutMs = 2000,
): Promise<HealthReport> {
  const results = await Promise.all(
    checks.map(async (check) => {
      const started = Date.now();
      try {
        const result = await Promise.race([
          check.check(),
          new Promise<never>((_, reject) =>
            setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs),
          ),
        ]);
        return [check.name, { ...result, ms: Date.now() - started }] as const;
      } catch (error) {
        return [
          check.name,
          { ok: false, error: (error as Error).message.slice(0, 200), ms: Date.now() - started },
        ] as const;
      }
    }),
  );
  const entries = Object.fromEntries(results);
  const failing = results.filter(([, result]) => !result.ok).map(([name]) => name);
  const status = failing.length === 0 ? 'ok' : failing.includes('database') ? 'down' : 'degraded';
  return { status, checks: entries };
}

export const HEALTH_CHECKS = Symbol.for('gridcase.HealthChecks');
