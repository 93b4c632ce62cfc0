/**
 * SIGTERM and SIGINT stop the process once: `stop` runs (stop taking work, stop background services
 * at a checkpoint, close the store) and the process exits 0, or exits 1 when that takes longer than
 * `forceExitAfterMs` (kept inside the container's stop grace, docs/deploy.md).
 */
export function stopOnSignals(forceExitAfterMs: number, stop: (signal: string) => Promise<void>): void {
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    const forced = setTimeout(() => process.exit(1), forceExitAfterMs);
    forced.unref();
    await stop(signal);
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}
