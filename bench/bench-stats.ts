/** One figure of the benchmark, as written to bench/results/*.json. */
export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
  /** Human-readable target, e.g. ">= 0.7" or "<= 50"; null when the figure has none. */
  target: string | null;
  /** Whether the target is met; null when the figure has none. */
  met: boolean | null;
}

export function figure(
  name: string,
  value: number,
  unit: string,
  target?: { atLeast?: number; atMost?: number },
): BenchFigure {
  if (target?.atLeast !== undefined)
    return { name, value, unit, target: `>= ${target.atLeast}`, met: value >= target.atLeast };
  if (target?.atMost !== undefined)
    return { name, value, unit, target: `<= ${target.atMost}`, met: value <= target.atMost };
  return { name, value, unit, target: null, met: null };
}

/** Nearest-rank percentile of unsorted samples (0 when there are none). */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return 0;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export function round(value: number, digits = 0): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export interface TimedRun {
  operations: number;
  elapsedMs: number;
  latenciesMs: number[];
}

/**
 * Runs `operation` from `workers` concurrent loops until `durationMs` has passed or `maxOperations`
 * were started, whichever comes first (every loop is bounded in count and time).
 */
export async function runTimed(
  workers: number,
  durationMs: number,
  maxOperations: number,
  operation: (worker: number, iteration: number) => Promise<void>,
): Promise<TimedRun> {
  const started = performance.now();
  const deadline = started + durationMs;
  const latenciesMs: number[] = [];
  let startedOps = 0;
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      for (let iteration = 0; performance.now() < deadline && startedOps < maxOperations; iteration++) {
        startedOps++;
        const t0 = performance.now();
        await operation(worker, iteration);
        latenciesMs.push(performance.now() - t0);
      }
    }),
  );
  return { operations: latenciesMs.length, elapsedMs: performance.now() - started, latenciesMs };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Prints a line to stderr (progress), keeping stdout for the table. */
export function progress(line: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}
