import type { SqlClient, SqlMigration, SqlPool } from '#platform';

/**
 * Uploads in flight, per case and file (docs/adr/0035). An upload claims its (case, sha256) before it
 * moves its blob into place and releases the claim once its event is appended or refused; the sweep
 * deletes a blob only under the claim row's lock, when no upload holds it (or the one that did died
 * long ago) and no event names the file. A claim taken while the sweep holds the row waits for it, so
 * the sweep never deletes a blob an upload has just moved into place.
 */
export const attachmentClaimMigrations: readonly SqlMigration[] = [
  {
    id: '0700-attachment-claims',
    description: 'uploads in flight per case and file, so the orphan sweep never races an upload',
    up: `
      CREATE TABLE attachment_claims (
        case_id text NOT NULL,
        sha256 text NOT NULL,
        -- Uploads holding the claim; a crashed upload never releases, so claimed_at bounds its hold.
        uploads integer NOT NULL CHECK (uploads >= 0),
        claimed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (case_id, sha256)
      );
      CREATE INDEX attachment_claims_settled ON attachment_claims (claimed_at) WHERE uploads = 0;
    `,
  },
];

export interface ClaimedFile {
  readonly caseId: string;
  readonly sha256: string;
}

export class AttachmentClaims {
  constructor(private readonly pool: SqlPool) {}

  /** Claims the file for one more upload (waits while the sweep settles the same file). */
  async claim(file: ClaimedFile): Promise<void> {
    await this.pool.query(
      `INSERT INTO attachment_claims (case_id, sha256, uploads) VALUES ($1, $2, 1)
       ON CONFLICT (case_id, sha256) DO UPDATE SET uploads = attachment_claims.uploads + 1, claimed_at = now()`,
      [file.caseId, file.sha256],
    );
  }

  /** One upload is done with the file (its event landed or was refused); the sweep settles the rest. */
  async release(file: ClaimedFile): Promise<void> {
    await this.pool.query(
      `UPDATE attachment_claims SET uploads = greatest(uploads - 1, 0) WHERE case_id = $1 AND sha256 = $2`,
      [file.caseId, file.sha256],
    );
  }

  /**
   * Up to `limit` files no upload holds any more: released, or claimed longer ago than
   * `staleAfterSeconds` (their upload died). Read without a lock: settle each with `settle`.
   */
  async unheld(staleAfterSeconds: number, limit: number): Promise<UnheldClaim[]> {
    const { rows } = await this.pool.query<{ case_id: string; sha256: string; claimed: string }>(
      `SELECT case_id, sha256, claimed_at::text AS claimed FROM attachment_claims
        WHERE uploads = 0 OR claimed_at < now() - make_interval(secs => $1)
        ORDER BY claimed_at LIMIT $2`,
      [staleAfterSeconds, limit],
    );
    return rows.map((row) => ({ caseId: row.case_id, sha256: row.sha256, claimedAt: row.claimed }));
  }

  /**
   * Under the claim row's lock, and only if no upload claimed the file since `claim` was read (an upload
   * claims before it moves its blob into place, and its claim waits for this lock), runs `action` and
   * forgets the claim. The caller decided `action` from the log read after `unheld`: an upload that
   * released before that read has its event there already. Returns false when the claim moved on.
   */
  async settle(claim: UnheldClaim, action: () => Promise<void>): Promise<boolean> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query(
        `SELECT 1 FROM attachment_claims WHERE case_id = $1 AND sha256 = $2 AND claimed_at::text = $3 FOR UPDATE`,
        [claim.caseId, claim.sha256, claim.claimedAt],
      );
      if (rows.length === 0) {
        await client.query('ROLLBACK');
        client.release();
        return false;
      }
      await action();
      await forget(client, claim.caseId, claim.sha256);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      client.release(error);
      throw error;
    }
    client.release();
    return true;
  }
}

/** A claim as `unheld` read it. */
export interface UnheldClaim extends ClaimedFile {
  /** Its claimed_at as text: a claim taken since changes it. */
  readonly claimedAt: string;
}

async function forget(client: SqlClient, caseId: string, sha256: string): Promise<void> {
  await client.query(`DELETE FROM attachment_claims WHERE case_id = $1 AND sha256 = $2`, [caseId, sha256]);
}
