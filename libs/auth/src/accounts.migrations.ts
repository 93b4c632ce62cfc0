import type { SqlMigration } from '#platform';

/** Credentials (never in the event log) and the failed-login record the throttle counts across replicas. */
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
];
