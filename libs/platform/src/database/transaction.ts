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
    await client.query(options.readOnly ? 'BEGIN READ ONLY' : 'BEGIN');
    try {
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: unknown) => {
        broken = rollbackError;
      });
      throw error;
    }
  } finally {
    client.release(broken);
  }
}

/** A PostgreSQL identifier, quoted (for table names that come from code, never from a request). */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
