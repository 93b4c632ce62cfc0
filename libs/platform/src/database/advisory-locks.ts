import type { SqlClient, SqlPool } from './sql-pool.js';

/**
 * Every advisory lock namespace of the system, in one place so that no two uses collide. A lock is
 * `(namespace, hashtext(name))` (two-int form) or the namespace alone (one bigint key).
 */
export const ADVISORY_LOCK = {
  /** One process at a time applies migrations (session lock, the namespace alone). */
  migrations: 727_100_001,
  /** A log consumer's batches (live, or `<name>__rebuild`), one runner at a time. */
  logConsumers: 727_100_010,
} as const;

export type AdvisoryLockNamespace = (typeof ADVISORY_LOCK)[keyof typeof ADVISORY_LOCK];

/** Tries the transaction-scoped lock `(namespace, name)`; false when another transaction holds it. */
export async function tryTransactionLock(
  client: SqlClient,
  namespace: AdvisoryLockNamespace,
  name: string,
): Promise<boolean> {
  const { rows } = await client.query<{ locked: boolean }>(
    'SELECT pg_try_advisory_xact_lock($1, hashtext($2)) AS locked',
    [namespace, name],
  );
  return rows[0]?.locked === true;
}

/** Waits for the transaction-scoped lock `(namespace, name)` (released when the holder's transaction ends). */
export async function transactionLock(
  client: SqlClient,
  namespace: AdvisoryLockNamespace,
  name: string,
): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [namespace, name]);
}

/** Runs `work` on one client holding the session lock `namespace` (waits for it; released after, even on error). */
export async function withSessionLock<T>(
  pool: SqlPool,
  namespace: AdvisoryLockNamespace,
  work: (client: SqlClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [namespace]);
    return await work(client);
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [namespace]).catch(() => undefined);
    client.release();
  }
}
