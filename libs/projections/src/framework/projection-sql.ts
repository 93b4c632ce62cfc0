import type { SqlClient } from '#platform';

/** Namespace of the advisory locks of projections (first key of the two-int form). */
export const PROJECTION_LOCK_NAMESPACE = 727_100_010;

export function liveLockName(projection: string): string {
  return projection;
}
export function rebuildLockName(projection: string): string {
  return `${projection}__rebuild`;
}

/** Projections' transactions are the platform's (kept exported here for the framework's modules). */
export { inTransaction } from '#platform';

/** Tries the projection's transaction-scoped advisory lock; false when another runner holds it. */
export async function tryLock(client: SqlClient, name: string): Promise<boolean> {
  const { rows } = await client.query<{ locked: boolean }>(
    'SELECT pg_try_advisory_xact_lock($1, hashtext($2)) AS locked',
    [PROJECTION_LOCK_NAMESPACE, name],
  );
  return rows[0]?.locked === true;
}

/**
 * Like `tryLock`, and in the same round trip turns off waiting for the WAL flush at this
 * transaction's commit (`SET LOCAL synchronous_commit = off`). Only for batches of rebuildable read
 * models: a server crash can lose the last such commits, rows and checkpoint together, and the runner
 * then applies those events again from the older checkpoint. ADR 0010.
 */
export async function tryLockWithAsynchronousCommit(client: SqlClient, name: string): Promise<boolean> {
  const { rows } = await client.query<{ locked: boolean }>(
    `SELECT set_config('synchronous_commit', 'off', true) AS synchronous_commit, pg_try_advisory_xact_lock($1, hashtext($2)) AS locked`,
    [PROJECTION_LOCK_NAMESPACE, name],
  );
  return rows[0]?.locked === true;
}

/** Waits for the projection's advisory lock (released at the end of the holder's transaction). */
export async function lock(client: SqlClient, name: string): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [PROJECTION_LOCK_NAMESPACE, name]);
}

export function toBigInt(value: string | number | bigint | null | undefined): bigint {
  if (value === null || value === undefined) return 0n;
  return BigInt(value);
}

export function errorText(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 2000);
  return String(error).slice(0, 2000);
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
