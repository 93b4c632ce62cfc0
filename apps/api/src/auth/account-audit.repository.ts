import { Inject, Injectable } from '@nestjs/common';
import type { Database } from '#platform';
import { DATABASE } from '../infrastructure/infrastructure.tokens.js';

/** What an administrator (or the holder) did to an account, or to the login throttle. */
export type AccountAuditAction =
  | 'account_created'
  | 'account_disabled'
  | 'account_enabled'
  | 'account_deleted'
  | 'password_reset'
  | 'password_changed'
  | 'throttle_cleared';

export interface AccountAuditEntry {
  readonly id: string;
  readonly at: string;
  /** The account that acted (an administrator, or the holder changing their own password). */
  readonly actorAccountId: string;
  readonly action: AccountAuditAction;
  readonly targetAccountId: string | null;
  /** Ids, a reason, an address; never a password or a username in clear. */
  readonly detail: Record<string, unknown>;
  readonly correlationId: string | null;
}

/** `account_audit`: an append-only record of account administration (apps/api/src/auth/README.md). */
@Injectable()
export class AccountAuditRepository {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  async record(entry: Omit<AccountAuditEntry, 'id' | 'at'>): Promise<void> {
    await this.database.pool.query(
      `INSERT INTO account_audit (actor_account_id, action, target_account_id, detail, correlation_id)
       VALUES ($1, $2, $3, $4::jsonb, $5)`,
      [
        entry.actorAccountId,
        entry.action,
        entry.targetAccountId,
        JSON.stringify(entry.detail),
        entry.correlationId,
      ],
    );
  }

  /** Newest first; of one account when `targetAccountId` is given. */
  async list(options: { targetAccountId?: string; limit: number }): Promise<AccountAuditEntry[]> {
    const { rows } = await this.database.pool.query<Record<string, unknown>>(
      `SELECT id::text AS id, at, actor_account_id, action, target_account_id, detail, correlation_id
         FROM account_audit
        WHERE ($1::text IS NULL OR target_account_id = $1)
        ORDER BY at DESC, id DESC LIMIT $2`,
      [options.targetAccountId ?? null, options.limit],
    );
    return rows.map((row) => ({
      id: String(row.id),
      at: new Date(row.at as string).toISOString(),
      actorAccountId: String(row.actor_account_id),
      action: row.action as AccountAuditAction,
      targetAccountId: (row.target_account_id as string | null) ?? null,
      detail: (typeof row.detail === 'string' ? JSON.parse(row.detail) : row.detail) as Record<
        string,
        unknown
      >,
      correlationId: (row.correlation_id as string | null) ?? null,
    }));
  }
}
