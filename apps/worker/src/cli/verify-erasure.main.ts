import { verifyErasure } from '#auth';
import { ConfigError } from '#platform';
import { loadRuntimeConfig, openStore } from '#runtime';
import { runCli } from './run-cli.js';

/**
 * `npm run verify-erasure -- <personId> <known value>...`
 *
 * Checks an erasure (docs/adr/0024) in the database the config names (DATABASE_URL, or the embedded
 * PGlite in DATA_DIR, whose files are searched too): the person's key and its case's text keys are
 * gone, and none of the known values (names, numbers, phrases the request named) is in clear in any
 * table or data file. Prints one line per finding and the count. Exit codes: 0 nothing found,
 * 1 findings (or a failure), 2 usage. Run it after a rebuild of the read models, too.
 */
const USAGE = 'usage: npm run verify-erasure -- <personId> <known value> [<known value>...]';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function main(): Promise<number> {
  const args = process.argv.slice(2).filter((arg) => arg !== '--in-memory');
  const [personId, ...knownValues] = args;
  if (!personId || !UUID.test(personId) || knownValues.length === 0) {
    process.stderr.write(
      `verify-erasure: a person id (UUID) and at least one known value are required\n${USAGE}\n`,
    );
    return 2;
  }
  let config;
  try {
    config = loadRuntimeConfig(process.env, process.argv).app;
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`verify-erasure: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const store = await openStore(config, { poolSize: 2 });
  try {
    const report = await verifyErasure(store.database.pool, {
      personId,
      knownValues,
      ...(store.database.kind === 'embedded' && config.embeddedDataDir
        ? { dataDir: config.embeddedDataDir }
        : {}),
    });
    for (const finding of report.findings) process.stdout.write(`${JSON.stringify(finding)}\n`);
    process.stdout.write(
      `${report.findings.length} findings for person ${personId} (case ${report.caseId ?? 'unknown'}): ${report.tablesScanned} tables, ${report.filesScanned} files scanned\n`,
    );
    return report.findings.length === 0 ? 0 : 1;
  } finally {
    await store.close().catch(() => undefined);
  }
}

runCli('verify-erasure', main);
