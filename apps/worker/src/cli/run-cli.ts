import { StartupRefusedError } from '#platform';

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
