import { mkdirSync } from 'node:fs';
import pg from 'pg';
import { PglitePool } from './pglite-pool.js';
import type { SqlPool } from './sql-pool.js';

export interface DatabaseOptions {
  /** A PostgreSQL URL; when absent the embedded PGlite database is used. */
  url?: string;
  /** Embedded only: where PGlite keeps its files; undefined keeps them in memory. */
  embeddedDataDir?: string;
  /** Pool size against a real PostgreSQL. The embedded database always has exactly one session. */
  poolSize?: number;
  /** Fail a connection attempt after this long, so a database outage answers 503 instead of hanging. */
  connectTimeoutMs?: number;
  /** Server-side statement timeout for pool connections. */
  statementTimeoutMs?: number;
}

export interface Database {
  readonly pool: SqlPool;
  readonly kind: 'postgres' | 'embedded';
  readonly poolSize: number;
  /** PostgreSQL only: the URL, for components that open their own connections. */
  readonly url: string | undefined;
  close(): Promise<void>;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (!options.url) {
    if (options.embeddedDataDir) mkdirSync(options.embeddedDataDir, { recursive: true });
    const pool = await PglitePool.open(options.embeddedDataDir, {
      acquireTimeoutMs: options.connectTimeoutMs ?? 30_000,
    });
    return { pool, kind: 'embedded', poolSize: 1, url: undefined, close: () => pool.end() };
  }
  const poolSize = options.poolSize ?? 10;
  const pool = new pg.Pool({
    connectionString: options.url,
    max: poolSize,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
    statement_timeout: options.statementTimeoutMs ?? 30_000,
    application_name: 'gridcase',
  });
  // An idle client whose backend was terminated emits 'error' on the pool; without a listener the
  // process would crash. The next checkout simply gets a fresh connection.
  pool.on('error', () => undefined);
  // A checked-out client (between the statements of a transaction) has no pool listener: when the
  // server restarts it would emit an unhandled 'error' and kill the process. Its next statement
  // fails instead ("not queryable": unavailable → 503 or a retry) and the pool discards it.
  pool.on('connect', (client) => client.on('error', () => undefined));
  return {
    pool,
    kind: 'postgres',
    poolSize,
    url: options.url,
    async close() {
      await pool.end().catch(() => undefined);
    },
  };
}
