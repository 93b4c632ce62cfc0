import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestDatabase, type TestDatabase } from '#platform/testing';
import {
  DEVELOPMENT_MASTER_KEY_ID,
  MissingMasterKeyError,
  PersonKeyUnwrapError,
  masterKeyFromSecret,
  masterKeyRing,
  resolveMasterKeyRing,
  wrapPersonKey,
} from './master-keys.js';
import { newPersonKey } from './person-cipher.js';
import {
  ENSURE_KEYS_SQL,
  LOAD_KEYS_SQL,
  SqlPersonKeyStore,
  personKeyMigrations,
} from './person-key-store.js';

const K1 = 'first-master-key-0123456789abcdefghijklmnopqrstuv';
const K2 = 'second-master-key-0123456789abcdefghijklmnopqrstu';

describe.each(['postgres', 'embedded'] as const)('person keys wrapped by a master key (%s)', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind, personKeyMigrations);
  }, 60_000);
  afterAll(async () => database?.close());

  const rowOf = async (personId: string) =>
    (
      await database.pool.query<{ key: Buffer | null; kek_id: string | null }>(
        `SELECT key, kek_id FROM person_keys WHERE person_id = $1`,
        [personId],
      )
    ).rows[0]!;
  const ids = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);

  it('stores only the wrapped key, naming its master key, and gives the clear key back', async () => {
    const store = new SqlPersonKeyStore(database.pool, masterKeyRing(K1, [], 'configured'));
    const keys = await store.ensureKeys(['wrap-a']);
    const clear = keys.get('wrap-a')!;
    expect(clear).toHaveLength(32);
    const row = await rowOf('wrap-a');
    expect(row.kek_id).toBe(masterKeyFromSecret(K1).id);
    expect(row.key!.length).toBe(12 + 16 + 32);
    expect(row.key!.includes(clear)).toBe(false);
    expect((await store.loadKeys(['wrap-a'])).get('wrap-a')).toEqual(clear);
    // Retried: the same key, not a new one.
    expect((await store.ensureKeys(['wrap-a'])).get('wrap-a')).toEqual(clear);
  });

  it('rotates: the new key wraps, the old one still unwraps, the re-wrap moves every key and an erased one stays erased', async () => {
    const before = new SqlPersonKeyStore(database.pool, masterKeyRing(K1, [], 'configured'));
    const people = ids(1203, 'rot');
    const original = await before.ensureKeys(people);
    await before.erase('rot-7');

    const rotated = new SqlPersonKeyStore(database.pool, masterKeyRing(K2, [K1], 'configured'));
    await rotated.prepare();
    const fresh = await rotated.ensureKeys(['rot-new']);
    expect((await rowOf('rot-new')).kek_id).toBe(masterKeyFromSecret(K2).id);
    expect((await rotated.loadKeys(['rot-1'])).get('rot-1')).toEqual(original.get('rot-1'));

    // Without the old key the process must not start: it could read none of the old keys.
    await expect(
      new SqlPersonKeyStore(database.pool, masterKeyRing(K2, [], 'configured')).prepare(),
    ).rejects.toThrow(MissingMasterKeyError);

    const outcome = await rotated.rewrap();
    expect(outcome.currentMasterKeyId).toBe(masterKeyFromSecret(K2).id);
    expect(outcome.rewrapped).toBeGreaterThanOrEqual(1202);
    expect(Object.keys(outcome.keysByMasterKey)).toEqual([masterKeyFromSecret(K2).id]);
    expect((await rotated.rewrap()).rewrapped).toBe(0);

    const after = new SqlPersonKeyStore(database.pool, masterKeyRing(K2, [], 'configured'));
    await after.prepare();
    const loaded = await after.loadKeys(people);
    for (const id of people) expect(loaded.get(id)).toEqual(id === 'rot-7' ? null : original.get(id));
    expect((await after.loadKeys(['rot-new'])).get('rot-new')).toEqual(fresh.get('rot-new'));
    expect((await rowOf('rot-7')).key).toBeNull();
  });

  it('wraps at start the clear keys written before envelope encryption and those of the development key', async () => {
    const legacy = newPersonKey();
    await database.pool.query(`INSERT INTO person_keys (person_id, key) VALUES ('legacy-1', $1)`, [legacy]);
    const developmentRing = resolveMasterKeyRing({
      masterKey: undefined,
      previousMasterKeys: [],
      databaseUrl: 'postgres://x',
      embeddedDataDir: undefined,
    });
    expect(developmentRing.source).toBe('development');
    expect(developmentRing.current.id).toBe(DEVELOPMENT_MASTER_KEY_ID);
    const inDevelopment = new SqlPersonKeyStore(database.pool, developmentRing);
    const developmentKey = (await inDevelopment.ensureKeys(['dev-1'])).get('dev-1');

    const configured = new SqlPersonKeyStore(database.pool, masterKeyRing(K2, [], 'configured'));
    const { wrapped } = await configured.prepare();
    expect(wrapped).toBe(2);
    expect((await rowOf('legacy-1')).kek_id).toBe(masterKeyFromSecret(K2).id);
    expect((await rowOf('dev-1')).kek_id).toBe(masterKeyFromSecret(K2).id);
    const loaded = await configured.loadKeys(['legacy-1', 'dev-1']);
    expect(loaded.get('legacy-1')).toEqual(legacy);
    expect(loaded.get('dev-1')).toEqual(developmentKey);
    expect((await configured.prepare()).wrapped).toBe(0);
  });

  it("erases the text keys of the case with any of its persons, and only that case's", async () => {
    const store = new SqlPersonKeyStore(database.pool, masterKeyRing(K2, [], 'configured'));
    await store.ensureKeys(['case-a/person', 'case-a/text'], {
      caseId: 'case-a',
      textKeyIds: new Set(['case-a/text']),
    });
    await store.ensureKeys(['case-a/text-2'], { caseId: 'case-a', textKeyIds: new Set(['case-a/text-2']) });
    await store.ensureKeys(['case-b/person', 'case-b/text'], {
      caseId: 'case-b',
      textKeyIds: new Set(['case-b/text']),
    });
    expect(await store.erase('case-a/person')).toMatchObject({ outcome: 'erased' });
    const keys = await store.loadKeys([
      'case-a/person',
      'case-a/text',
      'case-a/text-2',
      'case-b/person',
      'case-b/text',
    ]);
    expect(Object.fromEntries([...keys].map(([id, key]) => [id, key === null ? 'erased' : 'kept']))).toEqual({
      'case-a/person': 'erased',
      'case-a/text': 'erased',
      'case-a/text-2': 'erased',
      'case-b/person': 'kept',
      'case-b/text': 'kept',
    });
    const kinds = await database.pool.query<{ person_id: string; kind: string; case_id: string }>(
      `SELECT person_id, kind, case_id FROM person_keys WHERE case_id = 'case-b' ORDER BY person_id`,
    );
    expect(kinds.rows).toEqual([
      { person_id: 'case-b/person', kind: 'person', case_id: 'case-b' },
      { person_id: 'case-b/text', kind: 'case_text', case_id: 'case-b' },
    ]);
  });

  it('ensures keys in one call for persons known, erased and new: the known keep theirs, the erased stay erased', async () => {
    const store = new SqlPersonKeyStore(database.pool, masterKeyRing(K2, [], 'configured'));
    const known = (await store.ensureKeys(['mix-known', 'mix-erased'])).get('mix-known')!;
    await store.erase('mix-erased');
    const keys = await store.ensureKeys(['mix-known', 'mix-erased', 'mix-new', 'mix-new']);
    expect([...keys.keys()].sort()).toEqual(['mix-erased', 'mix-known', 'mix-new']);
    expect(keys.get('mix-known')).toEqual(known);
    expect(keys.get('mix-erased')).toBeNull();
    expect(keys.get('mix-new')).toHaveLength(32);
    expect((await store.loadKeys(['mix-new'])).get('mix-new')).toEqual(keys.get('mix-new'));
    expect((await rowOf('mix-erased')).key).toBeNull();
  });

  it('refuses a wrapped key that was tampered with or moved onto another person', async () => {
    const ring = masterKeyRing(K2, [], 'configured');
    const store = new SqlPersonKeyStore(database.pool, ring);
    await store.ensureKeys(['tamper-a', 'tamper-b']);
    const a = await rowOf('tamper-a');
    await database.pool.query(`UPDATE person_keys SET key = $1 WHERE person_id = 'tamper-b'`, [a.key]);
    await expect(store.loadKeys(['tamper-b'])).rejects.toThrow(PersonKeyUnwrapError);
    await database.pool.query(`UPDATE person_keys SET key = $1 WHERE person_id = 'tamper-a'`, [
      wrapPersonKey(masterKeyFromSecret(K1), 'tamper-a', newPersonKey()),
    ]);
    await expect(store.loadKeys(['tamper-a'])).rejects.toThrow(/master key kek-/);
  });
});

describe('key lookups as person_keys grows (postgres)', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('postgres', personKeyMigrations);
  }, 60_000);
  afterAll(async () => database?.close());

  const grow = async (persons: number): Promise<void> => {
    await database.pool.query(
      `INSERT INTO person_keys (person_id, key, kek_id) SELECT 'bulk-' || n, decode(md5(n::text), 'hex'), 'kek-bulk'
         FROM generate_series(1, $1::int) AS n ON CONFLICT DO NOTHING`,
      [persons],
    );
    await database.pool.query('ANALYZE person_keys');
  };

  /** Every scan of the plan as "node type on relation" (the JSON plan walked, so nothing is matched by accident). */
  const scansOf = async (sql: string, params: unknown[]): Promise<string[]> => {
    const { rows } = await database.pool.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
      `EXPLAIN (FORMAT JSON) ${sql}`,
      params,
    );
    const scans: string[] = [];
    const walk = (node: PlanNode): void => {
      if (node['Relation Name']) scans.push(`${node['Node Type']} on ${node['Relation Name']}`);
      for (const child of node.Plans ?? []) walk(child);
    };
    walk(rows[0]!['QUERY PLAN'][0].Plan);
    return scans.filter((scan) => scan.endsWith(' on person_keys'));
  };

  // 5,000 persons is where the earlier IN (SELECT jsonb_array_elements_text(…)) was planned as a sequential scan.
  it.each([5_000, 100_000])(
    'given %i persons, when a command loads or ensures the keys of three, then PostgreSQL reads person_keys by its index, never by a sequential scan',
    async (persons) => {
      await grow(persons);
      const ids = ['bulk-17', 'bulk-4000', 'bulk-4999'];
      const byIndex = /^(Index Scan|Index Only Scan|Bitmap Heap Scan|ModifyTable) on person_keys$/;
      const load = await scansOf(LOAD_KEYS_SQL, [ids]);
      expect(load.length).toBeGreaterThan(0);
      for (const scan of load) expect(scan).toMatch(byIndex);
      const wanted = ids.map((id) => ({ person_id: id, key: 'AA==', kind: 'person', case_id: null }));
      const ensure = await scansOf(ENSURE_KEYS_SQL, [JSON.stringify(wanted), 'kek-bulk']);
      expect(ensure.length).toBeGreaterThan(1);
      for (const scan of ensure) expect(scan).toMatch(byIndex);
    },
  );
});

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

describe('the master key of a process', () => {
  it('takes PII_MASTER_KEY when configured, with the previous keys accepted for unwrapping only', () => {
    const ring = resolveMasterKeyRing({
      masterKey: K2,
      previousMasterKeys: [K1],
      databaseUrl: 'postgres://x',
      embeddedDataDir: undefined,
    });
    expect(ring.source).toBe('configured');
    expect(ring.current.id).toBe(masterKeyFromSecret(K2).id);
    expect([...ring.accepted.keys()].sort()).toEqual(
      [masterKeyFromSecret(K1).id, masterKeyFromSecret(K2).id, DEVELOPMENT_MASTER_KEY_ID].sort(),
    );
    expect(masterKeyFromSecret(K1).id).toMatch(/^kek-[0-9a-f]{16}$/);
    expect(masterKeyFromSecret(K1).id).not.toBe(masterKeyFromSecret(K2).id);
  });

  it('generates the embedded demo its own key once, kept beside its files and readable by the owner only', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gridcase-kek-'));
    try {
      const settings = {
        masterKey: undefined,
        previousMasterKeys: [],
        databaseUrl: undefined,
        embeddedDataDir: join(dir, 'pglite'),
      };
      const first = resolveMasterKeyRing(settings);
      const again = resolveMasterKeyRing(settings);
      expect(first.source).toBe('embedded_file');
      expect(first.file).toBe(join(dir, 'pglite.pii-master-key'));
      expect(again.current.id).toBe(first.current.id);
      expect(statSync(first.file!).mode & 0o777).toBe(0o600);
      expect(readFileSync(first.file!, 'utf8').trim().length).toBeGreaterThanOrEqual(32);
      const inMemory = resolveMasterKeyRing({ ...settings, embeddedDataDir: undefined });
      expect(inMemory.source).toBe('embedded_in_memory');
      expect(resolveMasterKeyRing({ ...settings, embeddedDataDir: undefined }).current.id).not.toBe(
        inMemory.current.id,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
