import { PGlite, types } from '@electric-sql/pglite';
import type { SqlClient, SqlPool, SqlQueryResult } from './sql-pool.js';

/**
 * A pool of exactly one session over an in-process PGlite database.
 *
 * PGlite is a single PostgreSQL session. Two callers holding "connections" at once would share it,
 * and their transactions would interleave (a rolled-back row could survive a concurrent commit).
 * So `connect()` hands out the session to one caller at a time and queues the rest: every
 * transaction runs alone, start to finish. Values come back as node-postgres returns them
 * (int8 and numeric as strings), so the adapters need not know which database they talk to.
 *
 * Why not the wire protocol (pglite-socket)? After any statement error it sends a premature
 * ReadyForQuery that desynchronises node-postgres (electric-sql/pglite#958); see ADR 0004.
 */
export class PglitePool implements SqlPool {
  private tail: Promise<void> = Promise.resolve();
  private ended = false;

  private constructor(
    readonly db: PGlite,
    private readonly acquireTimeoutMs: number,
  ) {}

  static async open(
    dataDir: string | undefined,
    options: { acquireTimeoutMs?: number } = {},
  ): Promise<PglitePool> {
    const db = await PGlite.create(dataDir ?? 'memory://', {
      parsers: { [types.INT8]: (value: string) => value, [types.NUMERIC]: (value: string) => value },
    });
    return new PglitePool(db, options.acquireTimeoutMs ?? 30_000);
  }

  async connect(): Promise<SqlClient> {
    if (this.ended) throw new Error('Cannot use a pool after calling end on the pool');
    let release!: () => void;
    const previous = this.tail;
    this.tail = new Promise<void>((resolve) => (release = resolve));
    await withTimeout(previous, this.acquireTimeoutMs);
    let released = false;
    const db = this.db;
    return {
      async query<Row>(sql: string, params?: unknown[]): Promise<SqlQueryResult<Row>> {
        if (released) throw new Error('Client was released');
        return runQuery<Row>(db, sql, params);
      },
      release() {
        if (released) return;
        released = true;
        release();
      },
    };
  }

  async query<Row = any>(sql: string, params?: unknown[]): Promise<SqlQueryResult<Row>> {
    const client = await this.connect();
    try {
      return await client.query<Row>(sql, params);
    } finally {
      client.release();
    }
  }

  async end(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    await this.tail.catch(() => undefined);
    await this.db.close();
  }
}

async function runQuery<Row>(
  db: PGlite,
  sql: string,
  params: unknown[] | undefined,
): Promise<SqlQueryResult<Row>> {
  if (params === undefined || params.length === 0) {
    // Without parameters node-postgres uses the simple protocol, which allows several statements.
    const results = await db.exec(sql);
    const last = results[results.length - 1];
    return { rows: (last?.rows ?? []) as Row[], rowCount: last?.affectedRows ?? last?.rows.length ?? 0 };
  }
  const result = await db.query<Row>(sql, params.map(toParameter));
  return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
}

/** node-postgres sends arrays as PostgreSQL arrays and bigints as text; PGlite needs the same. */
function toParameter(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  return value;
}

function withTimeout(promise: Promise<void>, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout exceeded when trying to connect')), ms);
    promise.then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
