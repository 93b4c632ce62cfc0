import { describe, expect, it } from '@jest/globals';
import type { EventStore, ReadAllOptions, ReadStreamOptions, RecordedEvent } from '#event-store';
import { countRegistry, registryStreamName } from '#registry-domain';
import { FIXTURE_DISTRICT, fixtureEvents } from '#registry-domain/testing';
import { RegistryStateCache } from './registry-state.cache.js';

/** Just enough of a store: one registry stream, and a log of what was asked of it. */
function fakeStore() {
  const stream = registryStreamName(FIXTURE_DISTRICT);
  const events: RecordedEvent[] = [];
  const reads: Array<bigint | 'start' | 'end' | undefined> = [];
  const append = (from: number, to: number) => {
    for (const e of fixtureEvents().slice(from, to)) {
      const revision = BigInt(events.length);
      events.push({
        id: `e${revision}`,
        type: e.type,
        data: e.data as never,
        metadata: {
          actor: 'a',
          correlationId: 'c',
          causationId: 'c',
          occurredAt: '2024-01-01T00:00:00Z',
          schemaVersion: 1,
        },
        stream,
        revision,
        globalPosition: revision + 1n,
        recordedAt: '2024-01-01T00:00:00Z',
      });
    }
  };
  const store = {
    async readAll(options?: ReadAllOptions) {
      return options?.filter?.streamPrefixes?.some((p) => stream.startsWith(p)) ? events.slice(0, 1) : [];
    },
    async readStream(name: string, options?: ReadStreamOptions) {
      reads.push(options?.fromRevision);
      const from = typeof options?.fromRevision === 'bigint' ? options.fromRevision : 0n;
      return name === stream ? events.filter((e) => e.revision >= from) : [];
    },
  } as unknown as EventStore;
  return { store, append, reads, events };
}

describe('RegistryStateCache', () => {
  it('finds the district from the first registry stream and folds only the events after the cached revision', async () => {
    const { store, append, reads } = fakeStore();
    const cache = new RegistryStateCache(store);
    expect(await cache.current()).toBeUndefined();

    const total = fixtureEvents().length;
    append(0, total - 3);
    const first = await cache.current();
    expect(first?.districtCode).toBe(FIXTURE_DISTRICT);
    expect(first?.revision).toBe(BigInt(total - 4));
    expect(cache.eventsFolded).toBe(total - 3);

    expect((await cache.current())?.revision).toBe(BigInt(total - 4));
    expect(cache.eventsFolded).toBe(total - 3); // nothing new, nothing folded

    append(total - 3, total);
    const latest = await cache.current();
    expect(latest?.revision).toBe(BigInt(total - 1));
    expect(cache.eventsFolded).toBe(total); // just the three new ones
    expect(reads).toEqual(['start', BigInt(total - 3), BigInt(total - 3)]);
    expect(countRegistry(latest!.state).grids).toBeGreaterThan(0);
  });

  it('takes a newer state offered by the command handler and never goes back to an older one', async () => {
    const { store, append, reads } = fakeStore();
    append(0, 5);
    const cache = new RegistryStateCache(store);
    const folded = await cache.current();
    append(5, 6);
    const newer = { districtCode: FIXTURE_DISTRICT, revision: 5n, state: folded!.state };
    cache.offer(newer);
    cache.offer({ ...newer, revision: 2n });
    const after = await cache.current();
    expect(after?.revision).toBe(5n);
    expect(reads.at(-1)).toBe(6n);
    expect(cache.eventsFolded).toBe(5);
  });

  it('lets concurrent queries share one catch-up', async () => {
    const { store, append } = fakeStore();
    append(0, fixtureEvents().length);
    const cache = new RegistryStateCache(store);
    const results = await Promise.all([cache.current(), cache.current(), cache.current()]);
    expect(new Set(results.map((r) => r?.revision)).size).toBe(1);
    expect(cache.eventsFolded).toBe(fixtureEvents().length);
  });
});
