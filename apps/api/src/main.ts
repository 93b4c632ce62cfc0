import { randomBytes } from 'node:crypto';
import {
  ConfigError,
  DEMO_ACCOUNT_PASSWORD,
  DEMO_ADMIN_PASSWORD,
  StartupRefusedError,
  withApiSecrets,
} from '#platform';
import { loadRuntimeConfigOrExit, seedDemoOnStart, startBackgroundServices, stopOnSignals } from '#runtime';
import { EVENT_STORE, type EventStore } from '#event-store';
import { createApp } from './create-app.js';
import { API_SHUTDOWN_DRAIN_MS, ReadinessState } from './operations/readiness.js';

/**
 * Where to log in. Passwords are printed only when they are the public demo defaults (embedded, not set by the operator).
 */
function loginHints(
  adminUsername: string,
  adminPassword: string | undefined,
  demoPassword: string | undefined,
  loginUrl: string,
): string[] {
  const lines = [
    `  Log in:   POST ${loginUrl} {"username", "password"}, then send "Authorization: Bearer <accessToken>"`,
  ];
  lines.push(
    adminPassword === DEMO_ADMIN_PASSWORD
      ? `            administrator: ${adminUsername} / ${DEMO_ADMIN_PASSWORD}`
      : `            administrator: ${adminUsername} with ADMIN_PASSWORD`,
  );
  if (demoPassword === DEMO_ACCOUNT_PASSWORD) {
    lines.push(
      `            demo accounts: staff0001 (centre operator), wg0001 (grid worker), staff0299 (squad officer), analyst, dept-minzheng / ${DEMO_ACCOUNT_PASSWORD}`,
    );
    lines.push('            (every demo account and role: README.md, "Logging in")');
  }
  return lines;
}

/** Where a browser on this machine reaches a server bound to `host`. */
function displayHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

async function main(): Promise<void> {
  const runtime = loadRuntimeConfigOrExit('gridcase', process.env, process.argv);
  let config;
  try {
    config = withApiSecrets(runtime.app, () => randomBytes(32).toString('base64url'));
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`gridcase: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const { app, database } = await createApp(config, {
    httpTimeouts: runtime.http,
    attachments: runtime.attachments,
  });
  // Embedded default: the demo district on first start (idempotent, so every start may ask).
  if (config.seedDemo) await seedDemoOnStart(app);
  let stopWorker: () => Promise<void> = async () => undefined;
  if (config.runWorkerInProcess) {
    // The embedded default: projectors and the escalation process manager in this same process.
    const worker = await startBackgroundServices({
      config: runtime,
      database,
      eventStore: app.get<EventStore>(EVENT_STORE),
    });
    stopWorker = () => worker.stop();
  }
  await app.listen(config.port, config.host);
  const url = `http://${displayHost(config.host)}:${config.port}`;
  const where =
    database.kind === 'embedded'
      ? `embedded PostgreSQL (PGlite) ${config.embeddedDataDir ? `in ${config.embeddedDataDir}` : 'in memory'}`
      : 'PostgreSQL at DATABASE_URL';
  process.stdout.write(
    [
      '',
      `gridcase is running on ${where}.`,
      `  API:      ${url}/api/v1`,
      `  API docs: ${url}/docs`,
      `  Health:   ${url}/health`,
      ...loginHints(
        config.auth.adminUsername,
        config.auth.adminPassword,
        config.auth.demoAccountPassword,
        `${url}/api/v1/auth/login`,
      ),
      '',
    ].join('\n'),
  );

  // SIGTERM: stop taking connections, let in-flight requests finish, stop background services at
  // a checkpoint, then close the database.
  stopOnSignals(API_SHUTDOWN_DRAIN_MS, async (signal) => {
    process.stdout.write(`gridcase: ${signal}, draining\n`);
    // /health/ready answers 503 from now on (docs/deploy.md: stop grace > API_SHUTDOWN_DRAIN_MS).
    app.get(ReadinessState).drain();
    await stopWorker();
    await app.close();
  });
}

main().catch((error) => {
  // Refusals the operator acts on (the data directory in use, a damaged store) need no stack.
  process.stderr.write(
    error instanceof StartupRefusedError
      ? `gridcase: ${error.message}\n`
      : `gridcase failed to start: ${(error as Error).stack ?? String(error)}\n`,
  );
  process.exit(1);
});
