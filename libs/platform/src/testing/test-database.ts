import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../database/database.js';
import { runMigrations, type SqlMigration } from '../database/migrator.js';

/** The server integration tests run against; CI starts it (trust auth on 127.0.0.1:5432). */
export const TEST_ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase extends Database {
  /** Connection string of the fresh database (PostgreSQL only; undefined for the embedded one). */
  readonly url: string | undefined;
}

/**
 * A fresh, empty database for one test file, with the given migrations applied: a new database
 * on the real PostgreSQL server, or a new in-memory PGlite. Tests never share data.
 */
export async function createTestDatabase(
  kind: 'postgres' | 'embedded',
  migrations: readonly SqlMigration[],
  options: { poolSize?: number } = {},
): Promise<TestDatabase> {
  if (kind === 'embedded') {
    const database = await openDatabase({});
    await runMigrations(database.pool, migrations);
    return { ...database, url: undefined };
  }
  const name = `gridcase_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = replaceDatabase(TEST_ADMIN_URL, name);
  const database = await openDatabase({ url, poolSize: options.poolSize ?? 20 });
  await runMigrations(database.pool, migrations);
  return {
    ...database,
    url,
    async close() {
      await database.close();
      const dropper = new pg.Client({ connectionString: TEST_ADMIN_URL });
      await dropper.connect();
      try {
        await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
    },
  };
}

export function replaceDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
