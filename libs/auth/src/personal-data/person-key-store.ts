import type { SqlMigration, SqlPool } from '#platform';
import { newPersonKey } from './person-cipher.js';

/**
 * One data key per person, in the same database as the events (see docs/adr/0008). Erasing a
 * person deletes the key and keeps a tombstone (`erased_at`), so the person's ciphertext in the
 * event history can never be read again and the id still answers "erased", not "unknown".
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
];

/** A person's key, or null once the person is erased. */
export type PersonKey = Buffer | null;

export type EraseOutcome = { readonly outcome: 'erased' | 'already_erased'; readonly erasedAt: string } | { readonly outcome: 'unknown' };

export interface PersonKeyStore {
  /**
   * The keys of these persons, creating a key for each person that has none yet (idempotent by
   * person id: concurrent or retried writers end up with the same key). Erased persons map to null.
   */
  ensureKeys(personIds: readonly string[]): Promise<Map<string, PersonKey>>;
  /** The keys of these persons that exist (null: erased); unknown ids are absent. */
  loadKeys(personIds: readonly string[]): Promise<Map<string, PersonKey>>;
  erase(personId: string): Promise<EraseOutcome>;
}

export class SqlPersonKeyStore implements PersonKeyStore {
  constructor(private readonly pool: SqlPool) {}

  async ensureKeys(personIds: readonly string[]): Promise<Map<string, PersonKey>> {
    const ids = [...new Set(personIds)];
    if (ids.length === 0) return new Map();
    const rows = ids.map((id) => ({ person_id: id, key: newPersonKey().toString('base64') }));
    await this.pool.query(
      `INSERT INTO person_keys (person_id, key)
       SELECT person_id, decode(key, 'base64') FROM jsonb_to_recordset($1::jsonb) AS x(person_id text, key text)
       ON CONFLICT (person_id) DO NOTHING`,
      [JSON.stringify(rows)],
    );
    const keys = await this.loadKeys(ids);
    // Only a concurrent erase between the insert and the read could leave one out.
    for (const id of ids) if (!keys.has(id)) keys.set(id, null);
    return keys;
  }

  async loadKeys(personIds: readonly string[]): Promise<Map<string, PersonKey>> {
    const ids = [...new Set(personIds)];
    const keys = new Map<string, PersonKey>();
    if (ids.length === 0) return keys;
    const { rows } = await this.pool.query<{ person_id: string; key: string | null }>(
      `SELECT person_id, encode(key, 'base64') AS key FROM person_keys
        WHERE person_id IN (SELECT jsonb_array_elements_text($1::jsonb))`,
      [JSON.stringify(ids)],
    );
    for (const row of rows) keys.set(row.person_id, row.key === null ? null : Buffer.from(row.key, 'base64'));
    return keys;
  }

  async erase(personId: string): Promise<EraseOutcome> {
    const { rows } = await this.pool.query<{ erased_at: string; was_erased: boolean }>(
      `WITH before AS (SELECT erased_at FROM person_keys WHERE person_id = $1 FOR UPDATE)
       UPDATE person_keys SET key = NULL, erased_at = COALESCE(person_keys.erased_at, now())
        WHERE person_id = $1
       RETURNING to_char(erased_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS erased_at,
                 (SELECT erased_at IS NOT NULL FROM before) AS was_erased`,
      [personId],
    );
    const row = rows[0];
    if (!row) return { outcome: 'unknown' };
    return { outcome: row.was_erased ? 'already_erased' : 'erased', erasedAt: row.erased_at };
  }
}
