import { createHash } from 'node:crypto';

interface Queryable {
  query(sql: string, params?: unknown[]): Promise<{ rows: any[]; rowCount?: number | null }>;
}

export const idempotencyMigrations = [
  {
    id: '0100-idempotency-keys',
    description: 'Idempotency-Key records of command requests',
    up: `
      CREATE TABLE idempotency_keys (
        scope text NOT NULL,              -- who used the key (actor) and on which route
        key text NOT NULL,
        request_hash text NOT NULL,       -- sha-256 of method, path and canonical body
        state text NOT NULL CHECK (state IN ('pending', 'done')),
        status integer,
        headers jsonb,
        body jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz,
        PRIMARY KEY (scope, key)          -- serves the lookup of every keyed request
      );
      CREATE INDEX idempotency_keys_created_at_idx ON idempotency_keys (created_at); -- serves expiry
    `,
  },
] as const;

export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export type IdempotencyClaim =
  | { kind: 'claimed' }
  | { kind: 'replay'; response: StoredResponse }
  | { kind: 'mismatch' }
  | { kind: 'in_progress' };

/**
 * Remembers the answer to each (scope, Idempotency-Key) in PostgreSQL, so a retried request
 * gets the first answer even after a restart. A claim is taken before the command runs; the
 * command itself is idempotent by its command id, so a claim left pending by a crash is safely
 * taken over by the next retry.
 */
export class IdempotencyStore {
  constructor(
    private readonly pool: Queryable,
    /** A pending claim older than this is considered abandoned (its process died). */
    private readonly abandonAfterMs = 10_000,
  ) {}

  static hashRequest(method: string, path: string, body: unknown): string {
    return createHash('sha256')
      .update(`${method} ${path}\n${canonicalJson(body)}`)
      .digest('hex');
  }

  async claim(scope: string, key: string, requestHash: string): Promise<IdempotencyClaim> {
    const inserted = await this.pool.query(
      `INSERT INTO idempotency_keys (scope, key, request_hash, state) VALUES ($1, $2, $3, 'pending')
       ON CONFLICT (scope, key) DO NOTHING RETURNING key`,
      [scope, key, requestHash],
    );
    if (inserted.rows.length === 1) return { kind: 'claimed' };
    const { rows } = await this.pool.query(
      `SELECT request_hash, state, status, headers, body, (now() - created_at) > ($3 || ' milliseconds')::interval AS abandoned
       FROM idempotency_keys WHERE scope = $1 AND key = $2`,
      [scope, key, String(this.abandonAfterMs)],
    );
    const row = rows[0];
    if (!row) return this.claim(scope, key, requestHash);
    if (row.request_hash !== requestHash) return { kind: 'mismatch' };
    if (row.state === 'done')
      return { kind: 'replay', response: { status: row.status, headers: row.headers ?? {}, body: row.body } };
    if (row.abandoned) {
      await this.pool.query(
        `UPDATE idempotency_keys SET created_at = now() WHERE scope = $1 AND key = $2 AND state = 'pending'`,
        [scope, key],
      );
      return { kind: 'claimed' };
    }
    return { kind: 'in_progress' };
  }

  async complete(scope: string, key: string, response: StoredResponse): Promise<void> {
    await this.pool.query(
      `UPDATE idempotency_keys SET state = 'done', status = $3, headers = $4, body = $5, completed_at = now()
       WHERE scope = $1 AND key = $2`,
      [scope, key, response.status, JSON.stringify(response.headers), JSON.stringify(response.body ?? null)],
    );
  }

  /** The command did not run to an answer worth keeping (e.g. 503): let a retry run it again. */
  async release(scope: string, key: string): Promise<void> {
    await this.pool.query(
      `DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 AND state = 'pending'`,
      [scope, key],
    );
  }
}

/** JSON with object keys sorted, so two encodings of the same body hash alike. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}
