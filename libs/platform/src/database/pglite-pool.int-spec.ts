import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PglitePool } from './pglite-pool.js';

describe('PglitePool (embedded database)', () => {
  let pool: PglitePool;
  beforeAll(async () => {
    pool = await PglitePool.open(undefined);
    await pool.query('CREATE TABLE probe (id int PRIMARY KEY, note text)');
  });
  afterAll(async () => pool.end());

  it('never interleaves two transactions: a rollback cannot leak into a concurrent commit', async () => {
    const order: string[] = [];
    const rolledBack = (async () => {
      const client = await pool.connect();
      order.push('A begins');
      await client.query('BEGIN');
      await client.query('INSERT INTO probe VALUES ($1, $2)', [1, 'rolled back']);
      await new Promise((resolve) => setTimeout(resolve, 100));
      await client.query('ROLLBACK');
      order.push('A ends');
      client.release();
    })();
    const committed = (async () => {
      await new Promise((resolve) => setTimeout(resolve, 10));
      const client = await pool.connect();
      order.push('B begins');
      await client.query('BEGIN');
      await client.query('INSERT INTO probe VALUES ($1, $2)', [2, 'committed']);
      await client.query('COMMIT');
      order.push('B ends');
      client.release();
    })();
    await Promise.all([rolledBack, committed]);
    expect(order).toEqual(['A begins', 'A ends', 'B begins', 'B ends']);
    const { rows } = await pool.query<{ id: number }>('SELECT id FROM probe ORDER BY id');
    expect(rows.map((row) => row.id)).toEqual([2]);
  });

  it('survives a failing statement and returns int8 as text like node-postgres', async () => {
    await expect(pool.query('INSERT INTO probe VALUES ($1, $2)', [2, 'duplicate'])).rejects.toMatchObject({
      code: '23505',
    });
    const { rows } = await pool.query<{ big: string }>('SELECT $1::bigint AS big', ['9007199254740993']);
    expect(rows[0]!.big).toBe('9007199254740993');
  });
});
