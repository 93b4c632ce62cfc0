import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestDatabase, type TestDatabase } from '#platform/testing';
import { IdempotencyStore, canonicalJson, idempotencyMigrations } from './idempotency-store.js';

describe('IdempotencyStore', () => {
  let database: TestDatabase;
  let store: IdempotencyStore;
  beforeAll(async () => {
    database = await createTestDatabase('postgres', idempotencyMigrations);
    store = new IdempotencyStore(database.pool, 200);
  });
  afterAll(async () => database?.close());

  const hash = (body: unknown) => IdempotencyStore.hashRequest('POST', '/api/v1/cases', body);

  it('claims a new key, then replays the stored answer for the same body', async () => {
    expect(await store.claim('alice', 'k1', hash({ a: 1 }))).toEqual({ kind: 'claimed' });
    await store.complete('alice', 'k1', { status: 201, headers: { ETag: '"0"' }, body: { caseId: 'c1' } });
    expect(await store.claim('alice', 'k1', hash({ a: 1 }))).toEqual({
      kind: 'replay',
      response: { status: 201, headers: { ETag: '"0"' }, body: { caseId: 'c1' } },
    });
  });

  it('reports a different body under the same key as a mismatch', async () => {
    await store.claim('alice', 'k2', hash({ a: 1 }));
    expect(await store.claim('alice', 'k2', hash({ a: 2 }))).toEqual({ kind: 'mismatch' });
  });

  it('keeps keys of different actors apart', async () => {
    await store.claim('alice', 'shared', hash({ a: 1 }));
    expect(await store.claim('bob', 'shared', hash({ a: 2 }))).toEqual({ kind: 'claimed' });
  });

  it('says in_progress while a claim is fresh, and lets a retry take over an abandoned one', async () => {
    await store.claim('alice', 'k3', hash({}));
    expect(await store.claim('alice', 'k3', hash({}))).toEqual({ kind: 'in_progress' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await store.claim('alice', 'k3', hash({}))).toEqual({ kind: 'claimed' });
  });

  it('releases a claim so that a retry runs again', async () => {
    await store.claim('alice', 'k4', hash({}));
    await store.release('alice', 'k4');
    expect(await store.claim('alice', 'k4', hash({}))).toEqual({ kind: 'claimed' });
  });

  it('lets exactly one of many concurrent first requests claim a key', async () => {
    // The default abandon time: with the 200 ms above, a slow machine would see the first claim as
    // abandoned before the last of the ten racing requests arrives, and rightly let it take over.
    const patient = new IdempotencyStore(database.pool);
    const claims = await Promise.all(
      Array.from({ length: 10 }, () => patient.claim('carol', 'race', hash({ x: 1 }))),
    );
    expect(claims.filter((claim) => claim.kind === 'claimed')).toHaveLength(1);
  });

  it('hashes bodies canonically: key order does not matter, values do', () => {
    expect(canonicalJson({ b: 1, a: [1, { d: 2, c: 3 }] })).toBe(
      canonicalJson({ a: [1, { c: 3, d: 2 }], b: 1 }),
    );
    expect(hash({ a: 1, b: 2 })).toBe(hash({ b: 2, a: 1 }));
    expect(hash({ a: 1 })).not.toBe(hash({ a: '1' }));
  });
});
