import type { SqlClient, SqlPool } from './sql-pool.js';
import { inTransaction, quoteIdent } from './transaction.js';

/**
 * What a store must satisfy before it is served: every row of its tables reachable through each of
 * their indexes, and invariants between tables (e.g. the event store's stream heads against its
 * log). Checked at start-up of the embedded database (openDatabase), where two processes writing
 * one data directory once left rows that the primary key and the stream index no longer reached.
 */
export interface StoreIntegrityCheck {
  /** Tables whose rows must all be reachable through every plain b-tree index they have. */
  readonly tables: readonly string[];
  /**
   * Statements returning one row `{ ok: boolean, detail: text }`; ok false means damaged. Skipped
   * while a table they `require` does not exist yet.
   */
  readonly invariants: readonly {
    readonly name: string;
    readonly requires: readonly string[];
    readonly sql: string;
  }[];
}

export interface IntegrityFinding {
  readonly check: string;
  readonly detail: string;
}

/**
 * Counts each table's rows twice over: by a sequential scan of the heap, and through each of its
 * b-tree indexes in turn (an index-ordered scan, the sort and the other access paths switched off,
 * and the plan checked to really use that index). A torn index reaches fewer (or more) rows than
 * the heap holds. Then runs the invariants. Returns what is wrong; empty when the store is sound.
 * Tables that do not exist yet (a first start, before migrations) are skipped.
 */
export async function findIntegrityProblems(
  pool: SqlPool,
  check: StoreIntegrityCheck,
): Promise<IntegrityFinding[]> {
  return inTransaction(
    pool,
    async (client) => {
      const findings: IntegrityFinding[] = [];
      const exists = async (table: string) =>
        (await client.query<{ present: boolean }>('SELECT to_regclass($1) IS NOT NULL AS present', [table]))
          .rows[0]?.present === true;
      for (const table of check.tables) {
        if (!(await exists(table))) continue;
        const heapRows = await countRows(client, table, undefined);
        for (const index of await plainIndexes(client, table)) {
          const reached = await countRows(client, table, index);
          if (reached === undefined) {
            findings.push({
              check: `${table}/${index.name}`,
              detail: `the planner would not scan ${index.name}, so it could not be checked`,
            });
          } else if (reached !== heapRows) {
            findings.push({
              check: `${table}/${index.name}`,
              detail: `${table} holds ${heapRows} rows, but its index ${index.name} reaches ${reached}`,
            });
          }
        }
      }
      // Invariants read the heap: a torn index must not make both sides of a comparison wrong alike.
      await useAccessPath(client, undefined);
      for (const invariant of check.invariants) {
        let present = true;
        for (const table of invariant.requires) present &&= await exists(table);
        if (!present) continue;
        const { rows } = await client.query<{ ok: boolean | null; detail: string }>(invariant.sql);
        if (rows[0] && rows[0].ok === false) findings.push({ check: invariant.name, detail: rows[0].detail });
      }
      return findings;
    },
    { readOnly: true },
  );
}

interface PlainIndex {
  readonly name: string;
  readonly columns: readonly string[];
}

/** B-tree indexes on plain columns and without a predicate (expression and partial indexes are skipped). */
async function plainIndexes(client: SqlClient, table: string): Promise<PlainIndex[]> {
  const { rows } = await client.query<{ name: string; columns: string[] | string }>(
    `SELECT c.relname AS name,
            array(SELECT a.attname FROM unnest(i.indkey) WITH ORDINALITY AS k(attnum, n)
                    JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                   ORDER BY k.n)::text[] AS columns
       FROM pg_index i
       JOIN pg_class c ON c.oid = i.indexrelid
       JOIN pg_am am ON am.oid = c.relam
      WHERE i.indrelid = $1::regclass AND am.amname = 'btree'
        AND i.indpred IS NULL AND i.indexprs IS NULL AND i.indisvalid
      ORDER BY c.relname`,
    [table],
  );
  return rows.map((row) => ({
    name: row.name,
    columns: Array.isArray(row.columns) ? row.columns : parseTextArray(row.columns),
  }));
}

/** Rows of `table`: by the heap (no index), or through `index` (undefined when the plan does not use it). */
async function countRows(
  client: SqlClient,
  table: string,
  index: PlainIndex | undefined,
): Promise<number | undefined> {
  await useAccessPath(client, index);
  const sql = index
    ? `SELECT count(*)::text AS n FROM (SELECT 1 FROM ${quoteIdent(table)} ORDER BY ${index.columns.map(quoteIdent).join(', ')}) AS reached`
    : `SELECT count(*)::text AS n FROM ${quoteIdent(table)}`;
  if (index) {
    const plan = await client.query<Record<string, unknown>>(`EXPLAIN (FORMAT JSON) ${sql}`);
    const text = JSON.stringify(plan.rows[0] ?? {});
    if (!text.includes(`"Index Name":"${index.name}"`)) return undefined;
  }
  const { rows } = await client.query<{ n: string }>(sql);
  return Number(rows[0]!.n);
}

/** Planner settings for this transaction: only heap scans, or only scans of an index (never a sort). */
async function useAccessPath(client: SqlClient, index: PlainIndex | undefined): Promise<void> {
  const viaIndex = index ? 'on' : 'off';
  const settings = {
    enable_seqscan: index ? 'off' : 'on',
    enable_bitmapscan: 'off',
    enable_sort: index ? 'off' : 'on',
    enable_indexscan: viaIndex,
    enable_indexonlyscan: viaIndex,
  };
  for (const [name, value] of Object.entries(settings)) await client.query(`SET LOCAL ${name} = ${value}`);
}

function parseTextArray(text: string): string[] {
  return text
    .replace(/^\{|\}$/g, '')
    .split(',')
    .filter(Boolean)
    .map((item) => item.replace(/^"|"$/g, ''));
}
