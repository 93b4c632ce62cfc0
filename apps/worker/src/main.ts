import { loadRuntimeConfigOrExit, openStore, startBackgroundServices, stopOnSignals } from '#runtime';
import { startWorkerHeartbeat, WORKER_SHUTDOWN_MS } from './worker-heartbeat.js';

/**
 * The worker process: projectors and the escalation process manager. Several workers may run at
 * once; they coordinate through the database (advisory locks, SKIP LOCKED), never through memory.
 */
async function main(): Promise<void> {
  const runtime = loadRuntimeConfigOrExit('gridcase worker', process.env, process.argv);
  const config = runtime.app;
  if (!config.databaseUrl) {
    process.stderr.write(
      'gridcase worker: DATABASE_URL is required (the embedded mode runs the worker inside `npm start`)\n',
    );
    process.exit(1);
  }
  const store = await openStore(config);
  const { database, eventStore } = store;
  const worker = await startBackgroundServices({ config: runtime, database, eventStore });
  // The container healthcheck runs worker-probe.main.js against this heartbeat (docs/deploy.md).
  const heartbeat = startWorkerHeartbeat({
    services: worker.services.map((service) => service.name),
    checks: {
      database: () => database.pool.query('SELECT 1'),
      eventStore: () => eventStore.ping(),
    },
  });
  process.stdout.write(
    `gridcase worker running: ${worker.services.map((service) => service.name).join(', ') || 'no services'}\n`,
  );

  // As the API: at most 25 s, inside the container's stop grace (docs/deploy.md).
  stopOnSignals(WORKER_SHUTDOWN_MS, async (signal) => {
    process.stdout.write(`gridcase worker: ${signal}, stopping at the next checkpoint\n`);
    await heartbeat.stop();
    await worker.stop();
    await store.close();
  });
}

main().catch((error) => {
  process.stderr.write(`gridcase worker failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
