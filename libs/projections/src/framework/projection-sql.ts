import { ADVISORY_LOCK, transactionLock, tryTransactionLock, type SqlClient } from '#platform';

export function liveLockName(consumer: string): string {
  return consumer;
}
export function rebuildLockName(projection: string): string {
  return `${projection}__rebuild`;
}

/** Projections' transactions are the platform's (kept exported here for the framework's modules). */
export { inTransaction } from '#platform';

/** Tries the consumer's transaction-scoped advisory lock; false when another runner holds it. */
export function tryLock(client: SqlClient, name: string): Promise<boolean> {
  return tryTransactionLock(client, ADVISORY_LOCK.logConsumers, name);
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
    [ADVISORY_LOCK.logConsumers, name],
  );
  return rows[0]?.locked === true;
}

/** Waits for the consumer's advisory lock (released at the end of the holder's transaction). */
export function lock(client: SqlClient, name: string): Promise<void> {
  return transactionLock(client, ADVISORY_LOCK.logConsumers, name);
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
