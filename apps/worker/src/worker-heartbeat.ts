import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Where the worker writes its heartbeat and its probe reads it. One worker per container: the path is
 * fixed (the container's own /tmp), so the probe needs no configuration.
 */
export const WORKER_HEARTBEAT_FILE = join(tmpdir(), 'gridcase-worker-heartbeat.json');

/** How long a stopping worker may take to reach a checkpoint before it exits anyway (inside the container's stop grace). */
export const WORKER_SHUTDOWN_MS = 25_000;

/** A heartbeat older than this means the worker's event loop is stuck or its checks hang. */
export const WORKER_HEARTBEAT_MAX_AGE_MS = 30_000;

export interface WorkerHeartbeat {
  /** Epoch milliseconds of the beat. */
  at: number;
  pid: number;
  /** Each dependency the worker needs, with the error when it did not answer. */
  checks: Record<string, { ok: boolean; error?: string }>;
  services: string[];
}

export interface WorkerHeartbeatOptions {
  /** Dependencies to check on every beat (database, event store), each given its own time limit. */
  checks: Record<string, () => Promise<unknown>>;
  services: readonly string[];
  file?: string;
  intervalMs?: number;
  checkTimeoutMs?: number;
  now?: () => number;
}

/**
 * Beats every `intervalMs` (default 10 s): checks the dependencies and writes the result (write to a
 * temporary file, then rename, so the probe never reads half a file). The container healthcheck runs
 * worker-probe.main.js, which is healthy while the last beat is recent and every check passed.
 */
export function startWorkerHeartbeat(options: WorkerHeartbeatOptions): { stop(): Promise<void> } {
  const file = options.file ?? WORKER_HEARTBEAT_FILE;
  const intervalMs = options.intervalMs ?? 10_000;
  const checkTimeoutMs = options.checkTimeoutMs ?? 5_000;
  const now = options.now ?? Date.now;
  let beating: Promise<void> | undefined;
  const beat = async () => {
    const checks: WorkerHeartbeat['checks'] = {};
    await Promise.all(
      Object.entries(options.checks).map(async ([name, check]) => {
        let timer: NodeJS.Timeout | undefined;
        try {
          await Promise.race([
            check(),
            new Promise((_, reject) => {
              timer = setTimeout(
                () => reject(new Error(`no answer within ${checkTimeoutMs} ms`)),
                checkTimeoutMs,
              );
            }),
          ]);
          checks[name] = { ok: true };
        } catch (error) {
          checks[name] = { ok: false, error: String((error as Error)?.message ?? error).slice(0, 200) };
        } finally {
          clearTimeout(timer);
        }
      }),
    );
    const heartbeat: WorkerHeartbeat = {
      at: now(),
      pid: process.pid,
      checks,
      services: [...options.services],
    };
    writeFileSync(`${file}.tmp`, JSON.stringify(heartbeat));
    renameSync(`${file}.tmp`, file);
  };
  const run = () => {
    beating ??= beat()
      .catch((error) => {
        process.stderr.write(`gridcase worker: heartbeat not written: ${String(error)}\n`);
      })
      .finally(() => (beating = undefined));
  };
  run();
  const timer = setInterval(run, intervalMs);
  return {
    async stop() {
      clearInterval(timer);
      await beating;
      // A stopping worker is not healthy any more.
      rmSync(file, { force: true });
    },
  };
}

/** What the probe decides from the heartbeat file. */
export function judgeWorkerHeartbeat(
  file: string = WORKER_HEARTBEAT_FILE,
  now: number = Date.now(),
  maxAgeMs: number = WORKER_HEARTBEAT_MAX_AGE_MS,
): { healthy: boolean; reason: string } {
  let heartbeat: WorkerHeartbeat;
  try {
    heartbeat = JSON.parse(readFileSync(file, 'utf8')) as WorkerHeartbeat;
  } catch (error) {
    return {
      healthy: false,
      reason: `no heartbeat at ${file} (${(error as NodeJS.ErrnoException).code ?? error})`,
    };
  }
  const age = now - heartbeat.at;
  if (!(age <= maxAgeMs)) return { healthy: false, reason: `last heartbeat ${Math.round(age / 1000)} s ago` };
  const failing = Object.entries(heartbeat.checks).filter(([, check]) => !check.ok);
  if (failing.length > 0)
    return {
      healthy: false,
      reason: failing.map(([name, check]) => `${name}: ${check.error ?? 'failed'}`).join('; '),
    };
  return {
    healthy: true,
    reason: `ok (${heartbeat.services.length} services, beat ${Math.round(age / 1000)} s ago)`,
  };
}
