import type { SqlMigration } from '#platform';

/**
 * Credentials (never in the event log), the failed-login record the throttle counts across replicas,
 * and the audit of account administration (who disabled, deleted, reset whom).
 */
export const authMigrations: readonly SqlMigration[] = [
  {
    id: '0400-auth-accounts',
    description:
      'accounts (registry logins synced, local analyst/administrator/centre operator logins) and login failures',
    up: `
      CREATE TABLE IF NOT EXISTS accounts (
        account_id text PRIMARY KEY,
        username text NOT NULL,
        password_hash text,
        roles jsonb NOT NULL,
        scope jsonb,
        source text NOT NULL CHECK (source IN ('registry', 'local')),
        disabled boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX IF NOT EXISTS accounts_username_idx ON accounts (lower(username));
      CREATE TABLE IF NOT EXISTS login_failures (
        key text NOT NULL,
        failed_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX IF NOT EXISTS login_failures_key_idx ON login_failures (key, failed_at);
    `,
  },
  {
    id: '0401-auth-account-lifecycle',
    description:
      'accounts can be disabled, deleted (tombstone) and forced to change their password; a token version revokes tokens; an audit of account administration',
    up: `
      ALTER TABLE accounts ADD COLUMN IF NOT EXISTS token_version integer NOT NULL DEFAULT 0;
      ALTER TABLE accounts ADD COLUMN IF NOT EXISTS must_change_password boolean NOT NULL DEFAULT false;
      ALTER TABLE accounts ADD COLUMN IF NOT EXISTS deleted_at timestamptz;
      CREATE TABLE IF NOT EXISTS account_audit (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor_account_id text NOT NULL,
        action text NOT NULL,
        target_account_id text,
        detail jsonb NOT NULL DEFAULT '{}',
        correlation_id text
      );
      CREATE INDEX IF NOT EXISTS account_audit_target_idx ON account_audit (target_account_id, at);
      CREATE INDEX IF NOT EXISTS account_audit_at_idx ON account_audit (at);
    `,
  },
];
