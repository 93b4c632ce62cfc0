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

/** The `accounts` table: credentials stay here, out of the event log. */
@Injectable()
export class AccountsRepository {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

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

  /** Inserts or refreshes registry logins in one statement per batch; idempotent. */
  async upsertRegistryAccounts(accounts: readonly RegistryAccountUpsert[]): Promise<number> {
    let changed = 0;
    for (let start = 0; start < accounts.length; start += 200) {
      const batch = accounts.slice(start, start + 200);
      const { rowCount } = await this.database.pool.query(
        `INSERT INTO accounts (account_id, username, password_hash, roles, scope, source)
         SELECT a.account_id, a.username, a.password_hash, a.roles, a.scope, 'registry'
           FROM jsonb_to_recordset($1::jsonb) AS a(account_id text, username text, password_hash text, roles jsonb, scope jsonb)
         ON CONFLICT (account_id) DO UPDATE SET
           username = EXCLUDED.username,
           roles = EXCLUDED.roles,
           scope = EXCLUDED.scope,
           password_hash = COALESCE(accounts.password_hash, EXCLUDED.password_hash),
           updated_at = now()
         WHERE accounts.username IS DISTINCT FROM EXCLUDED.username
            OR accounts.roles IS DISTINCT FROM EXCLUDED.roles
            OR accounts.scope IS DISTINCT FROM EXCLUDED.scope
            OR (accounts.password_hash IS NULL AND EXCLUDED.password_hash IS NOT NULL)`,
        [
          JSON.stringify(
            batch.map((a) => ({
              account_id: a.accountId,
              username: a.username,
              password_hash: a.initialPasswordHash,
              roles: a.roles,
              scope: a.scope,
            })),
          ),
        ],
      );
      changed += rowCount ?? 0;
    }
    return changed;
  }

  /** Creates a local login; false when the username is taken. */
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

  async setPassword(username: string, passwordHash: string): Promise<boolean> {
    const { rowCount } = await this.database.pool.query(
      'UPDATE accounts SET password_hash = $2, updated_at = now() WHERE lower(username) = lower($1)',
      [username, passwordHash],
    );
    return (rowCount ?? 0) > 0;
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
  };
}
