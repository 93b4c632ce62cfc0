import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { SqlPool } from '#platform';

/**
 * CPU time (not wall time) spent by the app's main thread and by the bench database's PostgreSQL
 * backends, read from /proc. On a 2-core machine shared with other work, wall-clock throughput and
 * sampling profiles are inflated by time spent waiting for a core; CPU seconds per command are not,
 * so they are what tells a before/after apart. Linux only: elsewhere `available` is false.
 */
export interface CpuSnapshot {
  available: boolean;
  /** The main thread of this process (the app's event loop; the HTTP client runs in a worker thread). */
  mainThreadMs: number;
  /** Per backend pid of the bench database (user + system). */
  backendsMs: Map<number, number>;
}

export interface CpuSpent {
  mainThreadMs: number;
  databaseMs: number;
}

const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** utime + stime of a /proc stat line, in ms (the comm field may contain spaces: parse after ')'). */
function statCpuMs(path: string): number | undefined {
  try {
    const stat = readFileSync(path, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After the comm: state is field 3 of the full line, utime 14 and stime 15 → indexes 11 and 12 here.
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

export async function cpuSnapshot(pool: SqlPool): Promise<CpuSnapshot> {
  const mainThreadMs = statCpuMs(`/proc/self/task/${process.pid}/stat`);
  if (mainThreadMs === undefined) return { available: false, mainThreadMs: 0, backendsMs: new Map() };
  const { rows } = await pool.query<{ pid: number }>(
    'SELECT pid FROM pg_stat_activity WHERE datname = current_database()',
  );
  const backendsMs = new Map<number, number>();
  for (const { pid } of rows) {
    const ms = statCpuMs(`/proc/${pid}/stat`);
    if (ms !== undefined) backendsMs.set(pid, ms);
  }
  return { available: true, mainThreadMs, backendsMs };
}

/**
 * CPU spent between two snapshots. A backend that started in between counts from zero; one that
 * exited in between is lost (the pools keep their connections for 30 s, longer than a load phase).
 */
export function cpuSpent(before: CpuSnapshot, after: CpuSnapshot): CpuSpent | undefined {
  if (!before.available || !after.available) return undefined;
  let databaseMs = 0;
  for (const [pid, ms] of after.backendsMs) databaseMs += ms - (before.backendsMs.get(pid) ?? 0);
  return { mainThreadMs: after.mainThreadMs - before.mainThreadMs, databaseMs };
}
