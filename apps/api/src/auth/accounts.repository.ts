import { Inject, Injectable } from '@nestjs/common';
import type { Database } from '#platform';
import type { Role, Scope } from '#auth';
import { DATABASE } from '../infrastructure/infrastructure.tokens.js';

export interface AccountRow {
  accountId: string;
  username: string;
  passwordHash: string | null;
  roles: Role[];
  scope: Scope | null;
  source: 'registry' | 'local';
  disabled: boolean;
  /** Tokens carry the version they were issued at; disabling, deleting or resetting a password bumps it. */
  tokenVersion: number;
  /** Set by an administrator's password reset: the next login must change the password first. */
  mustChangePassword: boolean;
  /** A deleted account is a tombstone: its id stays in the event log as an actor, its username stays taken. */
  deleted: boolean;
}

/** Upsert of a registry login: role and scope follow the registry; a password is set only where none is. */
export interface RegistryAccountUpsert {
  accountId: string;
  username: string;
  roles: Role[];
  scope: Scope | null;
  /** Given only when the embedded demo hands out its documented password. */
  initialPasswordHash: string | null;
}

/** A registry login left out of the accounts table because its name is another account's. */
export interface AccountNameConflict {
  readonly accountId: string;
  readonly username: string;
  /** The account that has the name (case-insensitively). */
  readonly takenByAccountId: string;
}

const UNIQUE_VIOLATION = '23505';

/** The `accounts` table: credentials stay here, out of the event log. */
@Injectable()
export class AccountsRepository {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  /** The account with this username (case-insensitive), deleted ones included. */
  async findByUsername(username: string): Promise<AccountRow | undefined> {
    const { rows } = await this.database.pool.query(
      'SELECT * FROM accounts WHERE lower(username) = lower($1)',
      [username],
    );
    return rows[0] ? toRow(rows[0]) : undefined;
  }

  async findById(accountId: string): Promise<AccountRow | undefined> {
    const { rows } = await this.database.pool.query('SELECT * FROM accounts WHERE account_id = $1', [
      accountId,
    ]);
    return rows[0] ? toRow(rows[0]) : undefined;
  }

  /**
   * Inserts or refreshes registry logins; idempotent. A login whose name another account has
   * (a local account, or a registry login spelt with other case) is left out and reported, so
   * registry data can never make the sync, or the start-up it runs in, fail. Deleted accounts stay deleted.
   */
  async upsertRegistryAccounts(
    accounts: readonly RegistryAccountUpsert[],
  ): Promise<{ changed: number; conflicts: AccountNameConflict[] }> {
    const conflicts: AccountNameConflict[] = [];
    const byName = new Map<string, RegistryAccountUpsert>();
    for (const account of accounts) {
      const first = byName.get(account.username.toLowerCase());
      if (first && first.accountId !== account.accountId)
        conflicts.push({
          accountId: account.accountId,
          username: account.username,
          takenByAccountId: first.accountId,
        });
      else byName.set(account.username.toLowerCase(), account);
    }
    const unique = [...byName.values()];
    let changed = 0;
    for (let start = 0; start < unique.length; start += 200) {
      const batch = unique.slice(start, start + 200);
      const result = await this.upsertBatch(batch).catch(async (error: unknown) => {
        // Another process inserted a clashing name between our check and our insert: check again.
        if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error;
        return this.upsertBatch(batch);
      });
      changed += result.changed;
      conflicts.push(...result.conflicts);
    }
    return { changed, conflicts };
  }

  private async upsertBatch(
    batch: readonly RegistryAccountUpsert[],
  ): Promise<{ changed: number; conflicts: AccountNameConflict[] }> {
    const incoming = JSON.stringify(
      batch.map((a) => ({
        account_id: a.accountId,
        username: a.username,
        password_hash: a.initialPasswordHash,
        roles: a.roles,
        scope: a.scope,
      })),
    );
    const recordset = `jsonb_to_recordset($1::jsonb) AS a(account_id text, username text, password_hash text, roles jsonb, scope jsonb)`;
    const clash = `SELECT b.account_id FROM accounts b WHERE lower(b.username) = lower(a.username) AND b.account_id <> a.account_id`;
    const found = await this.database.pool.query<{ account_id: string; username: string; taken_by: string }>(
      `SELECT a.account_id, a.username, (${clash} LIMIT 1) AS taken_by FROM ${recordset} WHERE EXISTS (${clash})`,
      [incoming],
    );
    const { rowCount } = await this.database.pool.query(
      `INSERT INTO accounts (account_id, username, password_hash, roles, scope, source)
       SELECT a.account_id, a.username, a.password_hash, a.roles, a.scope, 'registry'
         FROM ${recordset}
        WHERE NOT EXISTS (${clash})
       ON CONFLICT (account_id) DO UPDATE SET
         username = EXCLUDED.username,
         roles = EXCLUDED.roles,
         scope = EXCLUDED.scope,
         password_hash = COALESCE(accounts.password_hash, EXCLUDED.password_hash),
         updated_at = now()
       WHERE accounts.deleted_at IS NULL AND (
             accounts.username IS DISTINCT FROM EXCLUDED.username
          OR accounts.roles IS DISTINCT FROM EXCLUDED.roles
          OR accounts.scope IS DISTINCT FROM EXCLUDED.scope
          OR (accounts.password_hash IS NULL AND EXCLUDED.password_hash IS NOT NULL))`,
      [incoming],
    );
    return {
      changed: rowCount ?? 0,
      conflicts: found.rows.map((row) => ({
        accountId: row.account_id,
        username: row.username,
        takenByAccountId: row.taken_by,
      })),
    };
  }

  /** Creates a local login; false when the username (case-insensitively) or the id is taken. */
  async insertLocal(account: {
    accountId: string;
    username: string;
    passwordHash: string;
    roles: Role[];
    scope: Scope | null;
  }): Promise<boolean> {
    const { rowCount } = await this.database.pool.query(
      `INSERT INTO accounts (account_id, username, password_hash, roles, scope, source)
       VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, 'local') ON CONFLICT DO NOTHING`,
      [
        account.accountId,
        account.username,
        account.passwordHash,
        JSON.stringify(account.roles),
        JSON.stringify(account.scope),
      ],
    );
    return (rowCount ?? 0) > 0;
  }

  /** The administrator from the config: created once, its password follows ADMIN_PASSWORD when asked. */
  async ensureLocal(account: {
    accountId: string;
    username: string;
    passwordHash: string;
    roles: Role[];
    scope: Scope | null;
  }): Promise<void> {
    await this.database.pool.query(
      `INSERT INTO accounts (account_id, username, password_hash, roles, scope, source)
       VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, 'local')
       ON CONFLICT (account_id) DO UPDATE SET username = EXCLUDED.username, password_hash = EXCLUDED.password_hash,
         roles = EXCLUDED.roles, scope = EXCLUDED.scope, updated_at = now()`,
      [
        account.accountId,
        account.username,
        account.passwordHash,
        JSON.stringify(account.roles),
        JSON.stringify(account.scope),
      ],
    );
  }

  /** An administrator sets the password: every token of the account stops, and the next login must change it. */
  async resetPassword(accountId: string, passwordHash: string): Promise<void> {
    await this.update(
      accountId,
      'password_hash = $2, must_change_password = true, token_version = token_version + 1',
      [passwordHash],
    );
  }

  /** The account holder changed the password: older tokens stop, no change is due any more. */
  async changeOwnPassword(accountId: string, passwordHash: string): Promise<void> {
    await this.update(
      accountId,
      'password_hash = $2, must_change_password = false, token_version = token_version + 1',
      [passwordHash],
    );
  }

  /** Disabling stops every token at once (the version moves); enabling lets the holder log in again. */
  async setDisabled(accountId: string, disabled: boolean): Promise<void> {
    await this.update(
      accountId,
      disabled ? 'disabled = true, token_version = token_version + 1' : 'disabled = false',
      [],
    );
  }

  /** A tombstone: no password, no login, no token; the id and username stay (the log names the id). */
  async markDeleted(accountId: string): Promise<void> {
    await this.update(
      accountId,
      'deleted_at = now(), disabled = true, password_hash = NULL, must_change_password = false, token_version = token_version + 1',
      [],
    );
  }

  private async update(accountId: string, assignments: string, params: unknown[]): Promise<void> {
    await this.database.pool.query(
      `UPDATE accounts SET ${assignments}, updated_at = now() WHERE account_id = $1 AND deleted_at IS NULL`,
      [accountId, ...params],
    );
  }
}

function toRow(row: Record<string, unknown>): AccountRow {
  const json = (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value);
  return {
    accountId: String(row.account_id),
    username: String(row.username),
    passwordHash: (row.password_hash as string | null) ?? null,
    roles: json(row.roles) as Role[],
    scope: (json(row.scope) as Scope | null) ?? null,
    source: row.source as AccountRow['source'],
    disabled: Boolean(row.disabled),
    tokenVersion: Number(row.token_version ?? 0),
    mustChangePassword: Boolean(row.must_change_password),
    deleted: row.deleted_at !== null && row.deleted_at !== undefined,
  };
}
