import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.js';
import { openDatabase, StoreDamagedError, type Database } from './database.js';
import { findIntegrityProblems, type StoreIntegrityCheck } from './store-integrity.js';

const check: StoreIntegrityCheck = {
  tables: ['log', 'heads'],
  invariants: [
    {
      name: 'heads',
      requires: ['log', 'heads'],
      sql: `SELECT (SELECT coalesce(sum(n), 0) FROM heads) = (SELECT count(*) FROM log) AS ok,
                   'heads and log disagree' AS detail`,
    },
  ],
};

const schema = `
  CREATE TABLE log (position bigint PRIMARY KEY, stream text NOT NULL, revision bigint NOT NULL,
                    UNIQUE (stream, revision));
  CREATE TABLE heads (stream text PRIMARY KEY, n bigint NOT NULL);
  INSERT INTO log SELECT g, 's' || (g % 7), g / 7 FROM generate_series(0, 699) AS g;
  INSERT INTO heads SELECT 's' || k, 100 FROM generate_series(0, 6) AS k;`;

/**
 * Rows an index no longer reaches, as two processes writing one PGlite directory left them: the
 * index is marked not ready, so inserts skip it, then marked ready again (index and heap disagree).
 */
async function tearIndex(database: Database, index: string): Promise<void> {
  await database.pool.query(`UPDATE pg_index SET indisready = false WHERE indexrelid = '${index}'::regclass`);
  await database.pool.query(`INSERT INTO log VALUES (100000, 'sx', 0), (100001, 'sx', 1)`);
  await database.pool.query(`INSERT INTO heads VALUES ('sx', 2)`);
  await database.pool.query(`UPDATE pg_index SET indisready = true WHERE indexrelid = '${index}'::regclass`);
}

describe('store integrity: rows against indexes, and invariants', () => {
  describe.each(['postgres', 'embedded'] as const)('on %s', (kind) => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createTestDatabase(kind, []);
      await db.pool.query(schema);
    });
    afterAll(async () => db?.close());

    it('finds nothing wrong with a sound store, and skips tables that do not exist yet', async () => {
      expect(await findIntegrityProblems(db.pool, check)).toEqual([]);
      expect(
        await findIntegrityProblems(db.pool, {
          tables: ['not_yet'],
          invariants: [{ name: 'x', requires: ['not_yet'], sql: 'SELECT false AS ok, 1 AS detail' }],
        }),
      ).toEqual([]);
    });

    it('names the index that misses rows, and a broken invariant', async () => {
      await tearIndex(db, 'log_stream_revision_key');
      await db.pool.query(`UPDATE heads SET n = 99 WHERE stream = 's0'`);
      expect(await findIntegrityProblems(db.pool, check)).toEqual([
        {
          check: 'log/log_stream_revision_key',
          detail: 'log holds 702 rows, but its index log_stream_revision_key reaches 700',
        },
        { check: 'heads', detail: 'heads and log disagree' },
      ]);
    });
  });

  describe('an embedded data directory', () => {
    let root: string;
    beforeAll(() => {
      root = mkdtempSync(join(tmpdir(), 'gridcase-integrity-'));
    });
    afterAll(() => rmSync(root, { recursive: true, force: true }));

    it('opens when sound, and refuses to open once an index misses rows, saying what is wrong and what to do', async () => {
      const dir = join(root, 'pglite');
      const first = await openDatabase({ embeddedDataDir: dir, integrity: check });
      await first.pool.query(schema);
      await first.close();
      const sound = await openDatabase({ embeddedDataDir: dir, integrity: check });
      await tearIndex(sound, 'log_pkey');
      await sound.close();

      const refusal = await openDatabase({ embeddedDataDir: dir, integrity: check }).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(refusal).toBeInstanceOf(StoreDamagedError);
      expect((refusal as Error).message).toContain('log holds 702 rows, but its index log_pkey reaches 700');
      expect((refusal as Error).message).toContain('mv ');
      // The refusal released the directory: it opens again (without the check) for a repair.
      const repair = await openDatabase({ embeddedDataDir: dir });
      await repair.pool.query('REINDEX TABLE log');
      await repair.close();
      const repaired = await openDatabase({ embeddedDataDir: dir, integrity: check });
      await repaired.close();
    }, 120_000);
  });
});
