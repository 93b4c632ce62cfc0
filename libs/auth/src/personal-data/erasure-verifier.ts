import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { quoteIdent, type SqlPool } from '#platform';

/** What an erasure check was asked: the erased person's id and the values the requester knows were theirs. */
export interface ErasureCheck {
  readonly personId: string;
  /** Names, phone and ID numbers, addresses, phrases: each searched for verbatim (2 characters at least). */
  readonly knownValues: readonly string[];
  /** Embedded mode: the PGlite data directory, whose files are searched byte for byte too. */
  readonly dataDir?: string;
}

/** One place where the erased person can still be read. */
export type ErasureFinding =
  | { readonly kind: 'unknown_person'; readonly personId: string }
  /** A key that should be gone still exists: the person's own, or a text key of the person's case. */
  | { readonly kind: 'live_key'; readonly keyId: string; readonly keyKind: string }
  /** A known value in clear in a table (`schema.table`, how many rows) or a file of the data directory. */
  | { readonly kind: 'plaintext'; readonly where: string; readonly value: string; readonly rows?: number };

export interface ErasureReport {
  readonly personId: string;
  readonly caseId: string | null;
  readonly tablesScanned: number;
  readonly filesScanned: number;
  readonly findings: readonly ErasureFinding[];
}

/**
 * Verifies an erasure (docs/adr/0024): the person's key and every text key of the person's case are
 * gone (so every ciphertext linked to them, in the log, read models, snapshots and backups of the
 * log, is noise), and none of the known values is left in clear in any table of the database (the
 * event log, every read model, idempotency records, snapshots, checkpoints: every base table of
 * every schema but the system's) nor, in embedded mode, in any file of the data directory. Zero
 * findings is the answer an erasure must get, also after a rebuild of the read models.
 * Values are shown in the report because the caller gave them; the report names no other data.
 */
export async function verifyErasure(pool: SqlPool, check: ErasureCheck): Promise<ErasureReport> {
  const values = [...new Set(check.knownValues.map((value) => value.trim()))].filter(
    (value) => [...value].length >= 2,
  );
  const findings: ErasureFinding[] = [];
  const { rows: owner } = await pool.query<{ case_id: string | null }>(
    `SELECT case_id FROM person_keys WHERE person_id = $1`,
    [check.personId],
  );
  const caseId = owner[0]?.case_id ?? null;
  if (owner.length === 0) findings.push({ kind: 'unknown_person', personId: check.personId });
  const { rows: live } = await pool.query<{ person_id: string; kind: string }>(
    `SELECT person_id, kind FROM person_keys
      WHERE key IS NOT NULL AND (person_id = $1 OR (kind = 'case_text' AND case_id = $2))
      ORDER BY person_id`,
    [check.personId, caseId],
  );
  for (const row of live) findings.push({ kind: 'live_key', keyId: row.person_id, keyKind: row.kind });

  const { rows: tables } = await pool.query<{ schema: string; name: string }>(
    `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
      WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')
        AND table_schema NOT LIKE 'pg\\_%'
      ORDER BY table_schema, table_name`,
  );
  for (const table of tables) {
    if (values.length === 0) break;
    const name = `${quoteIdent(table.schema)}.${quoteIdent(table.name)}`;
    const { rows } = await pool.query<{ value: string; n: number }>(
      `SELECT v.value, (SELECT count(*)::int FROM ${name} x WHERE strpos(x::text, v.value) > 0) AS n
         FROM jsonb_array_elements_text($1::jsonb) AS v(value)`,
      [JSON.stringify(values)],
    );
    for (const row of rows)
      if (row.n > 0)
        findings.push({
          kind: 'plaintext',
          where: `${table.schema}.${table.name}`,
          value: row.value,
          rows: row.n,
        });
  }

  let filesScanned = 0;
  if (check.dataDir !== undefined) {
    const needles = values.map((value) => ({ value, bytes: Buffer.from(value, 'utf8') }));
    for (const file of await filesUnder(check.dataDir)) {
      filesScanned++;
      const content = await readFile(file);
      for (const needle of needles)
        if (content.includes(needle.bytes))
          findings.push({ kind: 'plaintext', where: `file ${file}`, value: needle.value });
    }
  }
  return { personId: check.personId, caseId, tablesScanned: tables.length, filesScanned, findings };
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}
