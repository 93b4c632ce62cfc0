import { ConfigError, loadConfig } from '#platform';
import { createApp } from './create-app.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`gridcase: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const { app, database } = await createApp(config);
  await app.listen(config.port, '0.0.0.0');
  const url = `http://localhost:${config.port}`;
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
      '',
    ].join('\n'),
  );
}

main().catch((error) => {
  process.stderr.write(`gridcase failed to start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
