import { bindCheckpointsToStore } from '#event-store';
import { ConfigError, loadConfig, openDatabase, runMigrations } from '#platform';
import { createEventStore, allMigrations, startBackgroundServices } from '#runtime';
import { startWorkerHeartbeat, WORKER_SHUTDOWN_MS } from './worker-heartbeat.js';

/**
 * The worker process: projectors and the escalation process manager. Several workers may run at
 * once; they coordinate through the database (advisory locks, SKIP LOCKED), never through memory.
 */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`gridcase worker: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  if (!config.databaseUrl) {
    process.stderr.write(
      'gridcase worker: DATABASE_URL is required (the embedded mode runs the worker inside `npm start`)\n',
    );
    process.exit(1);
  }
  const database = await openDatabase({ url: config.databaseUrl, poolSize: config.databasePoolSize });
  await runMigrations(database.pool, allMigrations);
  const eventStore = createEventStore(config, database);
  await bindCheckpointsToStore(database.pool, eventStore.store);
  const worker = await startBackgroundServices({ config, database, eventStore: eventStore.store });
  // The container healthcheck runs worker-probe.main.js against this heartbeat (docs/deploy.md).
  const heartbeat = startWorkerHeartbeat({
    services: worker.services.map((service) => service.name),
    checks: {
      database: () => database.pool.query('SELECT 1'),
      eventStore: () => eventStore.store.ping(),
    },
  });
  process.stdout.write(
    `gridcase worker running: ${worker.services.map((service) => service.name).join(', ') || 'no services'}\n`,
  );

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`gridcase worker: ${signal}, stopping at the next checkpoint\n`);
    // As the API: at most 25 s, inside the container's stop grace (docs/deploy.md).
    const forced = setTimeout(() => process.exit(1), WORKER_SHUTDOWN_MS);
    forced.unref();
    await heartbeat.stop();
    await worker.stop();
    await eventStore.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error) => {
  process.stderr.write(`gridcase worker failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
