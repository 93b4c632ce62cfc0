/**
 * Runs the escalation process manager alone against `DATABASE_URL` (PostgreSQL event store).
 * Used by the crash test as a real child process, and handy for operations.
 *
 * Fault-injection / test variables (never set them in production):
 * - `ESCALATION_CLOCK_OFFSET_MS`: the process manager's clock runs this far ahead of real time.
 * - `ESCALATION_PAUSE_AFTER_FIRE_MS`: after a batch's commands were sent and before the batch is
 *   recorded as fired, print `{"event":"paused"}` and sleep this long, so a test can SIGKILL the
 *   process in the window between firing and committing.
 * Prints one JSON line per state change on stdout (`started`, `paused`, `stopped`); SIGTERM/SIGINT stop it cleanly.
 */
import { PostgresEventStore } from '#event-store';
import { openDatabase } from '#platform';
import { loadEscalationConfig } from './escalation-config.js';
import { EscalationProcessManager } from './escalation-process-manager.js';

const say = (line: Record<string, unknown>): void => void process.stdout.write(`${JSON.stringify(line)}\n`);

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is required');
  // The default case policy: CASE_POLICY_FILE is read by the runtime configuration of the apps.
  const config = loadEscalationConfig(process.env);
  const offsetMs = Number(process.env.ESCALATION_CLOCK_OFFSET_MS ?? '0');
  const pauseMs = Number(process.env.ESCALATION_PAUSE_AFTER_FIRE_MS ?? '0');
  if (!Number.isFinite(offsetMs) || !Number.isFinite(pauseMs))
    throw new Error('ESCALATION_CLOCK_OFFSET_MS / ESCALATION_PAUSE_AFTER_FIRE_MS must be numbers');
  const database = await openDatabase({ url, poolSize: 5 });
  const eventStore = new PostgresEventStore(database.pool);
  const manager = new EscalationProcessManager(
    {
      pool: database.pool,
      eventStore,
      clock: () => new Date(Date.now() + offsetMs),
      onError: (error, context) =>
        say({ event: 'error', ...context, message: error instanceof Error ? error.message : String(error) }),
      ...(pauseMs > 0
        ? {
            afterFireBeforeSettle: async (timers) => {
              say({ event: 'paused', timers: timers.map((t) => t.timerId) });
              await new Promise((resolve) => setTimeout(resolve, pauseMs));
            },
          }
        : {}),
    },
    { ...config, enabled: true },
  );
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await manager.stop();
    await database.close();
    say({ event: 'stopped' });
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  await manager.start();
  say({ event: 'started', pid: process.pid });
}

main().catch((error: unknown) => {
  process.stderr.write(
    `escalation worker failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
