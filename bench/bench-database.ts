import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, runMigrations, type Database } from '#platform';
import { allMigrations } from '#runtime';

const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export interface BenchDatabase {
  kind: 'postgres' | 'embedded';
  /** undefined for the embedded database. */
  url: string | undefined;
  /** Opens a further pool on the same database (the embedded one has exactly one session: the same pool). */
  open(poolSize: number): Promise<Database>;
  /** Closes what this module opened and drops the database when the bench created it. */
  dispose(): Promise<void>;
  description: string;
}

/**
 * The database the bench runs on: DATABASE_URL when set (left in place), otherwise a fresh database
 * created on 127.0.0.1:5432 and dropped afterwards; the embedded PGlite only when asked.
 */
export async function openBenchDatabase(embedded: boolean): Promise<BenchDatabase> {
  if (embedded) {
    const database = await openDatabase({});
    await runMigrations(database.pool, allMigrations);
    return {
      kind: 'embedded',
      url: undefined,
      open: async () => ({ ...database, close: async () => undefined }),
      dispose: () => database.close(),
      description: 'embedded PGlite (in memory, one session)',
    };
  }
  const given = process.env.DATABASE_URL;
  if (given) {
    const probe = await openDatabase({ url: given, poolSize: 1 });
    await runMigrations(probe.pool, allMigrations);
    await probe.close();
    return {
      kind: 'postgres',
      url: given,
      open: (poolSize) => openDatabase({ url: given, poolSize, statementTimeoutMs: 300_000 }),
      dispose: async () => undefined,
      description: `DATABASE_URL (${redact(given)})`,
    };
  }
  const adminUrl = process.env.BENCH_ADMIN_URL ?? DEFAULT_ADMIN_URL;
  // Not named gridcase_test_*: test clean-ups that sweep leftover test databases must not take it.
  const name = `bench_gridcase_${process.pid}_${randomBytes(3).toString('hex')}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const fresh = url.toString();
  const probe = await openDatabase({ url: fresh, poolSize: 1 });
  await runMigrations(probe.pool, allMigrations);
  await probe.close();
  return {
    kind: 'postgres',
    url: fresh,
    open: (poolSize) => openDatabase({ url: fresh, poolSize, statementTimeoutMs: 300_000 }),
    dispose: () => adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
    description: `fresh database ${name} on ${url.host} (dropped afterwards)`,
  };
}

async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
