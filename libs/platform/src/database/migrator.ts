import { ADVISORY_LOCK, withSessionLock } from './advisory-locks.js';
import type { SqlPool as Pool } from './sql-pool.js';
import { transactionOn } from './transaction.js';

export interface SqlMigration {
  readonly id: string;
  readonly description: string;
  readonly up: string;
}

/**
 * Applies the migrations not yet recorded in `schema_migrations`, each in its own transaction,
 * in the order given. Ids already applied are skipped; an applied id missing from the list is
 * left alone (a newer build may have added it). Any number of processes may start at once: one
 * advisory lock lets exactly one migrate.
 */
export async function runMigrations(pool: Pool, migrations: readonly SqlMigration[]): Promise<string[]> {
  const ids = new Set<string>();
  for (const migration of migrations) {
    if (ids.has(migration.id)) throw new Error(`migration id ${migration.id} is listed twice`);
    ids.add(migration.id);
  }
  return withSessionLock(pool, ADVISORY_LOCK.migrations, async (client) => {
    const applied: string[] = [];
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      id text PRIMARY KEY, description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const { rows } = await client.query<{ id: string }>('SELECT id FROM schema_migrations');
    const done = new Set(rows.map((row) => row.id));
    for (const migration of migrations) {
      if (done.has(migration.id)) continue;
      await transactionOn(client, async () => {
        await client.query(migration.up);
        await client.query('INSERT INTO schema_migrations (id, description) VALUES ($1, $2)', [
          migration.id,
          migration.description,
        ]);
      }).catch((error: unknown) => {
        throw new Error(`migration ${migration.id} failed: ${(error as Error).message}`, { cause: error });
      });
      applied.push(migration.id);
    }
    return applied;
  });
}
