import { openDatabase, StartupRefusedError, type AppConfig, type Database } from '#platform';
import { storeIntegrity } from '#runtime';

/**
 * The database a CLI works on: PostgreSQL, or the embedded directory, locked for this process and
 * checked before use (docs/adr/0025: a CLI is refused while the app owns the directory).
 */
export function openCliDatabase(config: AppConfig, poolSize: number): Promise<Database> {
  return openDatabase({
    url: config.databaseUrl,
    embeddedDataDir: config.embeddedDataDir,
    integrity: storeIntegrity,
    poolSize: Math.min(config.databasePoolSize, poolSize),
  });
}

/**
 * Runs a CLI's main and exits with its code. A refusal the operator acts on (the data directory in
 * use, a damaged store) is printed alone; anything else with its stack.
 */
export function runCli(name: string, main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(
        error instanceof StartupRefusedError
          ? `${name}: ${error.message}\n`
          : `${name} failed: ${(error as Error).stack ?? String(error)}\n`,
      );
      process.exit(1);
    },
  );
}
