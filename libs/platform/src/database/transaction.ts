import type { SqlClient, SqlPool } from './sql-pool.js';

/** Runs `work` in a transaction on one client; rolls back on any error (a client whose rollback failed is discarded). */
export async function inTransaction<T>(
  pool: SqlPool,
  work: (client: SqlClient) => Promise<T>,
  options: { readOnly?: boolean } = {},
): Promise<T> {
  const client = await pool.connect();
  let broken: unknown;
  try {
    return await transactionOn(client, work, {
      ...options,
      onRollbackFailed: (error) => (broken = error),
    });
  } finally {
    client.release(broken);
  }
}

/**
 * Runs `work` in a transaction on a client the caller holds (e.g. one holding a session lock):
 * COMMIT when it resolves, ROLLBACK when it throws (the error is rethrown).
 */
export async function transactionOn<T>(
  client: SqlClient,
  work: (client: SqlClient) => Promise<T>,
  options: { readOnly?: boolean; onRollbackFailed?: (error: unknown) => void } = {},
): Promise<T> {
  await client.query(options.readOnly ? 'BEGIN READ ONLY' : 'BEGIN');
  try {
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client
      .query('ROLLBACK')
      .catch((rollbackError: unknown) => options.onRollbackFailed?.(rollbackError));
    throw error;
  }
}

/** A PostgreSQL identifier, quoted (for table names that come from code, never from a request). */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * Runs a transaction again when PostgreSQL aborted it as a deadlock victim (40P01) or a
 * serialization failure (40001): the whole transaction is repeated, so `transaction` must start one
 * (e.g. `inTransaction`) and be safe to repeat. Any other error is thrown at once.
 */
export async function retryOnDeadlock<T>(transaction: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await transaction();
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (attempt >= attempts || (code !== '40P01' && code !== '40001')) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5 * attempt));
    }
  }
}
