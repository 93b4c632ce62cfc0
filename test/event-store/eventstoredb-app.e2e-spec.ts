import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EventStoreDbEventStore } from '#event-store';
import { EventStoreDbStandIn, newEvent } from '#event-store/testing';
import { seedDemoDistrict } from '#runtime';
import { http, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The API with EVENT_STORE=eventstoredb, the adapter talking to the EventStoreDB stand-in (no server
 * runs on these machines): what a client sees of positions, of a node that cannot serve, and of the
 * health routes the containers are checked with.
 */
describe('the API over EventStoreDB (the stand-in)', () => {
  let t: TestApp;
  let standIn: EventStoreDbStandIn;
  let store: EventStoreDbEventStore;

  beforeAll(async () => {
    standIn = new EventStoreDbStandIn();
    // Small stream pages, so the registry stream (~2,800 events) is read in several.
    store = new EventStoreDbEventStore(standIn.asClient(), { streamPageSize: 500, readIdleDeadlineMs: 2000 });
    t = await startTestApp('postgres', {}, { eventStore: store });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('seeds the demo district: every chunk within MaxAppendSize, the registry read whole, a rerun appends nothing', async () => {
    const first = await seedDemoDistrict(store);
    expect(first.chunksApplied).toBe(first.chunks);
    const registry = await store.readStream(first.stream);
    expect(registry.length).toBeGreaterThan(500);
    expect(BigInt(registry.length - 1)).toBe(first.revision);
    const again = await seedDemoDistrict(store);
    expect(again.chunksApplied).toBe(0);
    expect(await store.readStream(first.stream)).toHaveLength(registry.length);
  });

  it('pages /api/v1/events with the exclusive cursor over byte-offset positions; a made-up position is a 400', async () => {
    const stream = `case-${randomUUID()}`;
    for (let i = 0; i < 5; i++) await store.appendToStream(stream, [newEvent('CaseProbe', { i })]);
    const stored = await store.readAll({ maxCount: 100_000 });
    const seen: string[] = [];
    let page = await http(t.baseUrl, 'GET', '/api/v1/events?limit=250');
    for (let i = 0; i < 100 && page.body.items.length > 0; i++) {
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((e: { id: string }) => e.id));
      page = await http(t.baseUrl, 'GET', `/api/v1/events?cursor=${page.body.nextCursor}&limit=250`);
    }
    expect(seen).toEqual(stored.map((e) => e.id));
    const inside = stored[stored.length - 2]!.globalPosition + 1n;
    const refused = await http(t.baseUrl, 'GET', `/api/v1/events?cursor=${inside}`);
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ code: 'VALIDATION.FAILED', errors: [{ field: 'cursor' }] });
    const refusedFrom = await http(t.baseUrl, 'GET', `/api/v1/events?fromPosition=${inside}`);
    expect(refusedFrom.body).toMatchObject({
      code: 'VALIDATION.FAILED',
      errors: [{ field: 'fromPosition' }],
    });
  });

  it.each(['not-ready', 'too-busy', 'no-leader-info', 'access-denied'] as const)(
    'a node answering %s: 503 EVENT_STORE.UNAVAILABLE with Retry-After, not ready, still live',
    async (fault) => {
      standIn.fail(fault);
      try {
        const events = await http(t.baseUrl, 'GET', '/api/v1/events?limit=1');
        expect(events.status).toBe(503);
        expect(events.headers.get('content-type')).toContain('application/problem+json');
        expect(events.headers.get('retry-after')).toBe('1');
        expect(events.body).toMatchObject({ status: 503, code: 'EVENT_STORE.UNAVAILABLE' });
        const ready = await http(t.baseUrl, 'GET', '/health/ready', { auth: false });
        expect(ready.status).toBe(503);
        expect(ready.body.checks.eventStore.ok).toBe(false);
        expect((await http(t.baseUrl, 'GET', '/health/live', { auth: false })).status).toBe(200);
      } finally {
        standIn.heal();
      }
      expect((await http(t.baseUrl, 'GET', '/health/ready', { auth: false })).status).toBe(200);
      expect((await http(t.baseUrl, 'GET', '/api/v1/events?limit=1')).status).toBe(200);
    },
  );

  it('readiness checks the database and the event store only, not projection lag', async () => {
    const ready = await http(t.baseUrl, 'GET', '/health/ready', { auth: false });
    expect(ready.status).toBe(200);
    expect(Object.keys(ready.body.checks).sort()).toEqual(['blobStore', 'database', 'eventStore']);
    // No worker runs here, so the projections lag behind the seeded log: /health says so, readiness does not care.
    const health = await http(t.baseUrl, 'GET', '/health', { auth: false });
    expect(Object.keys(health.body.checks)).toContain('projections');
  });
});
