import type { SqlPool } from '#platform';
import { sleep } from './bench-stats.js';

/** Cumulative activity counters of the bench database (pg_stat_database, pg_stat_user_tables). */
export interface PgCounters {
  transactions: number;
  inserted: number;
  updated: number;
  seqScans: number;
  indexScans: number;
  /** Sequential scans per table (to name the tables a load scans). */
  seqScansByTable: Map<string, number>;
}

/**
 * The counters as PostgreSQL has them now. A backend publishes its counts at most once a second,
 * so this waits just over a second and runs a statement on every connection of each pool first:
 * what the load did is then published (up to a statement per connection of noise).
 */
/** Statements each pool gets before a reading (at least its size: every connection publishes). */
export const FLUSH_CONNECTIONS = 24;

export async function pgCounters(
  reader: SqlPool,
  pools: readonly SqlPool[],
  connections = FLUSH_CONNECTIONS,
): Promise<PgCounters> {
  await sleep(1100);
  for (const pool of pools)
    await Promise.all(
      Array.from({ length: connections }, () => pool.query('SELECT 1').catch(() => undefined)),
    );
  await sleep(50);
  const { rows } = await reader.query<Record<keyof PgCounters, string>>(
    `SELECT (SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = current_database())::text AS transactions,
            (SELECT tup_inserted FROM pg_stat_database WHERE datname = current_database())::text AS inserted,
            (SELECT tup_updated FROM pg_stat_database WHERE datname = current_database())::text AS updated,
            (SELECT coalesce(sum(seq_scan), 0) FROM pg_stat_user_tables)::text AS "seqScans",
            (SELECT coalesce(sum(idx_scan), 0) FROM pg_stat_user_tables)::text AS "indexScans"`,
  );
  const row = rows[0]!;
  const tables = await reader.query<{ relname: string; seq_scan: string }>(
    `SELECT relname, seq_scan::text FROM pg_stat_user_tables WHERE seq_scan > 0`,
  );
  return {
    seqScansByTable: new Map(tables.rows.map((table) => [table.relname, Number(table.seq_scan)])),
    transactions: Number(row.transactions),
    inserted: Number(row.inserted),
    updated: Number(row.updated),
    seqScans: Number(row.seqScans),
    indexScans: Number(row.indexScans),
  };
}

/**
 * Per operation, between two readings. The statements pgCounters itself runs (one per connection
 * and pool, and its own reading) are taken off the transactions.
 */
export function countersPer(
  before: PgCounters,
  after: PgCounters,
  operations: number,
  ownStatements: number,
): PgCounters {
  const per = (key: Exclude<keyof PgCounters, 'seqScansByTable'>) =>
    (after[key] - before[key]) / Math.max(1, operations);
  const seqScansByTable = new Map<string, number>();
  for (const [table, scans] of after.seqScansByTable) {
    const added = scans - (before.seqScansByTable.get(table) ?? 0);
    if (added > 0) seqScansByTable.set(table, added / Math.max(1, operations));
  }
  return {
    seqScansByTable,
    transactions: (after.transactions - before.transactions - ownStatements) / Math.max(1, operations),
    inserted: per('inserted'),
    updated: per('updated'),
    seqScans: per('seqScans'),
    indexScans: per('indexScans'),
  };
}
