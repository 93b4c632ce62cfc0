import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import pg from 'pg';
import { DataDirLock, StartupRefusedError } from './data-dir-lock.js';
import { PglitePool } from './pglite-pool.js';
import type { SqlPool } from './sql-pool.js';
import { findIntegrityProblems, type IntegrityFinding, type StoreIntegrityCheck } from './store-integrity.js';

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
  /**
   * Embedded with a data directory: what to verify before the store is served (store-integrity.ts).
   * A damaged store refuses to open (StoreDamagedError).
   */
  integrity?: StoreIntegrityCheck;
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
  if (!options.url) return openEmbedded(options);
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

/**
 * PGlite in this process. With a data directory: this process takes the directory's lock first
 * (one process owns it, DataDirLock), then opens it and verifies it before anyone reads it.
 */
async function openEmbedded(options: DatabaseOptions): Promise<Database> {
  const dataDir = options.embeddedDataDir;
  let lock: DataDirLock | undefined;
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true });
    lock = DataDirLock.acquire(dataDir);
  }
  let pool: PglitePool;
  try {
    pool = await PglitePool.open(dataDir, { acquireTimeoutMs: options.connectTimeoutMs ?? 30_000 });
  } catch (error) {
    lock?.release();
    if (!dataDir) throw error;
    throw new StartupRefusedError(
      `the embedded database in ${resolve(dataDir)} could not be opened: ${(error as Error).message}`,
    );
  }
  const close = async () => {
    await pool.end();
    lock?.release();
  };
  if (dataDir && options.integrity) {
    const findings = await findIntegrityProblems(pool, options.integrity).catch(async (error: unknown) => {
      await close();
      throw error;
    });
    if (findings.length > 0) {
      await close();
      throw new StoreDamagedError(resolve(dataDir), findings);
    }
  }
  return { pool, kind: 'embedded', poolSize: 1, url: undefined, close };
}

/** The start-up integrity check found rows an index does not reach, or a broken invariant. */
export class StoreDamagedError extends StartupRefusedError {
  constructor(
    readonly dataDir: string,
    readonly findings: readonly IntegrityFinding[],
  ) {
    super(
      [
        `the embedded database in ${dataDir} is damaged, so it is not served:`,
        ...findings.map((finding) => `  - ${finding.detail}`),
        'This happens when two processes wrote the directory at once, or its files were changed from outside.',
        `Restore a copy of ${dataDir} taken while gridcase was stopped, or move it aside`,
        `(mv ${dataDir} ${dataDir}.damaged) and start again: npm start seeds the demo district afresh.`,
      ].join('\n'),
    );
    this.name = 'StoreDamagedError';
  }
}
