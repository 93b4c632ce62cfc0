import type { SqlMigration, SqlPool } from '#platform';
import {
  DEVELOPMENT_MASTER_KEY_ID,
  MissingMasterKeyError,
  unwrapPersonKey,
  wrapPersonKey,
  type MasterKeyRing,
} from './master-keys.js';
import { newPersonKey } from './person-cipher.js';

/**
 * One data key per person, in the same database as the events (see docs/adr/0008). Erasing a
 * person deletes the key and keeps a tombstone (`erased_at`), so the person's ciphertext in the
 * event history can never be read again and the id still answers "erased", not "unknown".
 * Keys are stored wrapped by a master key kept outside the database (`kek_id` names it; see
 * master-keys.ts). Rows written before that (`kek_id` NULL) are wrapped at the next start.
 */
export const personKeyMigrations: readonly SqlMigration[] = [
  {
    id: '0500-person-keys',
    description: 'a data key per person for the personal data inside events (crypto-shredding)',
    up: `
      CREATE TABLE person_keys (
        person_id text PRIMARY KEY,
        -- AES-256 key; NULL once erased.
        key bytea,
        created_at timestamptz NOT NULL DEFAULT now(),
        erased_at timestamptz,
        CONSTRAINT person_keys_erased_has_no_key CHECK ((key IS NULL) = (erased_at IS NOT NULL))
      );
    `,
  },
  {
    id: '0501-person-keys-wrapped',
    description:
      'person keys wrapped by a master key outside the database; kek_id names it (NULL: a clear key of before, wrapped at start)',
    up: `
      ALTER TABLE person_keys ADD COLUMN kek_id text;
      CREATE INDEX person_keys_kek_id ON person_keys (kek_id) WHERE key IS NOT NULL;
    `,
  },
  {
    id: '0502-person-keys-case-text',
    description:
      "case text keys (free text of case events) beside the person keys; case_id ties a case's keys together for erasure",
    up: `
      ALTER TABLE person_keys ADD COLUMN kind text NOT NULL DEFAULT 'person' CHECK (kind IN ('person', 'case_text'));
      ALTER TABLE person_keys ADD COLUMN case_id text;
      CREATE INDEX person_keys_case_text ON person_keys (case_id) WHERE kind = 'case_text';
    `,
  },
];

interface KeyRow {
  person_id: string;
  key: string | null;
  kek_id: string | null;
}

/**
 * The keys of a list of persons: every command reads some (docs/benchmarks.md). `= ANY` of a text
 * array is planned as an index scan of the primary key whatever the table's size; the earlier
 * `IN (SELECT jsonb_array_elements_text(…))` was a hash join over a sequential scan of the table,
 * which grows with every case reported.
 */
export const LOAD_KEYS_SQL = `SELECT person_id, encode(key, 'base64') AS key, kek_id FROM person_keys WHERE person_id = ANY($1::text[])`;

/** ensureKeys' statement: insert the missing keys and read them all back, in one round trip. */
export const ENSURE_KEYS_SQL = `
  WITH wanted AS (
    SELECT person_id, decode(key, 'base64') AS key, kind, case_id
      FROM jsonb_to_recordset($1::jsonb) AS x(person_id text, key text, kind text, case_id text)
  ), inserted AS (
    INSERT INTO person_keys (person_id, key, kek_id, kind, case_id)
    SELECT person_id, key, $2, kind, case_id FROM wanted
    ON CONFLICT (person_id) DO NOTHING
    RETURNING person_id, encode(key, 'base64') AS key, kek_id
  )
  SELECT person_id, key, kek_id FROM inserted
  UNION ALL
  SELECT person_id, encode(key, 'base64') AS key, kek_id FROM person_keys
   WHERE person_id = ANY(ARRAY(SELECT person_id FROM wanted))`;

/** Where new keys belong: the case (so erasing one of its persons also erases its free text) and which of them are text keys. */
export interface KeyOwner {
  readonly caseId: string;
  readonly textKeyIds?: ReadonlySet<string>;
}

/** A person's key, or null once the person is erased. */
export type PersonKey = Buffer | null;

export type EraseOutcome =
  | { readonly outcome: 'erased' | 'already_erased'; readonly erasedAt: string }
  | { readonly outcome: 'unknown' };

export interface PersonKeyStore {
  /**
   * The keys of these persons, creating a key for each person that has none yet (idempotent by
   * person id: concurrent or retried writers end up with the same key). Erased persons map to null.
   */
  ensureKeys(personIds: readonly string[], owner?: KeyOwner): Promise<Map<string, PersonKey>>;
  /** The keys of these persons that exist (null: erased); unknown ids are absent. */
  loadKeys(personIds: readonly string[]): Promise<Map<string, PersonKey>>;
  erase(personId: string): Promise<EraseOutcome>;
}

/** What a re-wrap did: keys moved to the current master key, and the keys per master key afterwards. */
export interface RewrapOutcome {
  readonly currentMasterKeyId: string;
  readonly rewrapped: number;
  readonly keysByMasterKey: Readonly<Record<string, number>>;
}

export class SqlPersonKeyStore implements PersonKeyStore {
  constructor(
    private readonly pool: SqlPool,
    private readonly masterKeys: MasterKeyRing,
  ) {}

  /** The master keys in use (ids and source only are ever logged). */
  get masterKeyRing(): MasterKeyRing {
    return this.masterKeys;
  }

  async ensureKeys(personIds: readonly string[], owner?: KeyOwner): Promise<Map<string, PersonKey>> {
    const ids = [...new Set(personIds)];
    if (ids.length === 0) return new Map();
    const current = this.masterKeys.current;
    const rows = ids.map((id) => ({
      person_id: id,
      key: wrapPersonKey(current, id, newPersonKey()).toString('base64'),
      kind: owner?.textKeyIds?.has(id) ? 'case_text' : 'person',
      case_id: owner?.caseId ?? null,
    }));
    // One round trip. A statement's own inserts are invisible to its SELECT (one snapshot), so the
    // keys are those it inserted plus those that were there: never a person twice.
    const { rows: found } = await this.pool.query<KeyRow>(ENSURE_KEYS_SQL, [
      JSON.stringify(rows),
      current.id,
    ]);
    const keys = this.keysOf(found);
    // A person whose key another writer inserted after this statement's snapshot is in neither:
    // read it again (rare; only a concurrent erase could then still leave one out).
    const missing = ids.filter((id) => !keys.has(id));
    if (missing.length > 0) for (const [id, key] of await this.loadKeys(missing)) keys.set(id, key);
    for (const id of ids) if (!keys.has(id)) keys.set(id, null);
    return keys;
  }

  async loadKeys(personIds: readonly string[]): Promise<Map<string, PersonKey>> {
    const ids = [...new Set(personIds)];
    const keys = new Map<string, PersonKey>();
    if (ids.length === 0) return keys;
    const { rows } = await this.pool.query<KeyRow>(LOAD_KEYS_SQL, [ids]);
    return this.keysOf(rows);
  }

  private keysOf(rows: readonly KeyRow[]): Map<string, PersonKey> {
    const keys = new Map<string, PersonKey>();
    for (const row of rows)
      keys.set(
        row.person_id,
        row.key === null ? null : this.unwrap(row.person_id, Buffer.from(row.key, 'base64'), row.kek_id),
      );
    return keys;
  }

  /**
   * Start-up: refuses to run when keys are wrapped by a master key this process was not given
   * (MissingMasterKeyError, naming the ids), then wraps the keys that are not protected yet (clear
   * rows written before envelope encryption, rows of the development key) under the current master key.
   */
  async prepare(): Promise<{ wrapped: number }> {
    const { rows } = await this.pool.query<{ kek_id: string }>(
      `SELECT DISTINCT kek_id FROM person_keys WHERE key IS NOT NULL AND kek_id IS NOT NULL`,
    );
    const missing = rows.map((row) => row.kek_id).filter((id) => !this.masterKeys.accepted.has(id));
    if (missing.length > 0) throw new MissingMasterKeyError(missing.sort());
    const unprotected =
      this.masterKeys.current.id === DEVELOPMENT_MASTER_KEY_ID ? [null] : [null, DEVELOPMENT_MASTER_KEY_ID];
    return { wrapped: await this.moveToCurrent(unprotected) };
  }

  /** Re-wraps every key not under the current master key (after a rotation); safe to run again and beside live traffic. */
  async rewrap(): Promise<RewrapOutcome> {
    const rewrapped = await this.moveToCurrent('all');
    const { rows } = await this.pool.query<{ kek_id: string | null; n: number }>(
      `SELECT kek_id, count(*)::int AS n FROM person_keys WHERE key IS NOT NULL GROUP BY kek_id ORDER BY kek_id`,
    );
    return {
      currentMasterKeyId: this.masterKeys.current.id,
      rewrapped,
      keysByMasterKey: Object.fromEntries(rows.map((row) => [row.kek_id ?? 'unwrapped', Number(row.n)])),
    };
  }

  /**
   * Moves keys wrapped by `from` (a list of kek ids, NULL for clear rows, or 'all' but the current)
   * to the current master key, 500 at a time. Each row is replaced only if it still holds the value
   * read (compare and set), so an erase or another re-wrap running meanwhile is never undone.
   */
  private async moveToCurrent(from: ReadonlyArray<string | null> | 'all'): Promise<number> {
    const current = this.masterKeys.current;
    let moved = 0;
    for (;;) {
      const ids = from === 'all' ? null : from.filter((id): id is string => id !== null);
      const { rows } = await this.pool.query<{ person_id: string; key: string; kek_id: string | null }>(
        from === 'all'
          ? `SELECT person_id, encode(key, 'base64') AS key, kek_id FROM person_keys
              WHERE key IS NOT NULL AND kek_id IS DISTINCT FROM $1 ORDER BY person_id LIMIT 500`
          : `SELECT person_id, encode(key, 'base64') AS key, kek_id FROM person_keys
              WHERE key IS NOT NULL AND (($2::boolean AND kek_id IS NULL) OR kek_id IN (SELECT jsonb_array_elements_text($1::jsonb))) ORDER BY person_id LIMIT 500`,
        from === 'all' ? [current.id] : [JSON.stringify(ids), from.includes(null)],
      );
      if (rows.length === 0) return moved;
      const updates = rows.map((row) => {
        const stored = Buffer.from(row.key, 'base64');
        const clear = this.unwrap(row.person_id, stored, row.kek_id);
        return {
          person_id: row.person_id,
          old_key: row.key,
          old_kek: row.kek_id,
          key: wrapPersonKey(current, row.person_id, clear).toString('base64'),
        };
      });
      const result = await this.pool.query(
        `UPDATE person_keys p SET key = decode(x.key, 'base64'), kek_id = $2
           FROM jsonb_to_recordset($1::jsonb) AS x(person_id text, old_key text, old_kek text, key text)
          WHERE p.person_id = x.person_id AND p.key = decode(x.old_key, 'base64') AND p.kek_id IS NOT DISTINCT FROM x.old_kek`,
        [JSON.stringify(updates), current.id],
      );
      moved += result.rowCount ?? 0;
    }
  }

  private unwrap(personId: string, stored: Buffer, kekId: string | null): Buffer {
    if (kekId === null) return stored; // a clear key of before envelope encryption (wrapped by prepare())
    const master = this.masterKeys.accepted.get(kekId);
    if (!master) throw new MissingMasterKeyError([kekId]);
    return unwrapPersonKey(master, personId, stored);
  }

  async erase(personId: string): Promise<EraseOutcome> {
    const { rows } = await this.pool.query<{
      erased_at: string;
      was_erased: boolean;
      case_id: string | null;
    }>(
      `WITH before AS (SELECT erased_at FROM person_keys WHERE person_id = $1 FOR UPDATE)
       UPDATE person_keys SET key = NULL, erased_at = COALESCE(person_keys.erased_at, now())
        WHERE person_id = $1
       RETURNING to_char(erased_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS erased_at,
                 (SELECT erased_at IS NOT NULL FROM before) AS was_erased, case_id`,
      [personId],
    );
    const row = rows[0];
    if (!row) return { outcome: 'unknown' };
    // Free text of the case may name this person, and nothing tells which text does: every text key
    // of the case goes too (run again on a repeat, so a crash between the two statements heals).
    if (row.case_id !== null) {
      await this.pool.query(
        `UPDATE person_keys SET key = NULL, erased_at = COALESCE(erased_at, now()) WHERE kind = 'case_text' AND case_id = $1 AND key IS NOT NULL`,
        [row.case_id],
      );
    }
    return { outcome: row.was_erased ? 'already_erased' : 'erased', erasedAt: row.erased_at };
  }
}
