import { SqlPersonKeyStore, resolveMasterKeyRing } from '#auth';
import type { AppConfig, SqlPool } from '#platform';

/**
 * The person-key store under the master keys the config names (docs/adr/0008): the API's pipeline and
 * the seed encrypt personal data in events with it. Call `prepare()` before the first command.
 */
export function createPersonKeyStore(config: AppConfig, pool: SqlPool): SqlPersonKeyStore {
  return new SqlPersonKeyStore(
    pool,
    resolveMasterKeyRing({
      ...config.personalData,
      databaseUrl: config.databaseUrl,
      embeddedDataDir: config.embeddedDataDir,
    }),
  );
}
