import { describe, expect, it } from '@jest/globals';
import { jsonEvent } from '@eventstore/db-client';
import { randomUUID } from 'node:crypto';
import {
  EventStoreAccessDeniedError,
  EventStoreUnavailableError,
  IdempotencyViolationError,
  InvalidAppendError,
  InvalidPositionError,
  WrongExpectedRevisionError,
} from '../event-store.errors.js';
import type { NewEvent, RecordedEvent } from '../event-store.port.js';
import { EventStoreDbEventStore, type EventStoreDbEventStoreOptions } from './eventstoredb-event-store.js';
import {
  EventStoreDbStandIn,
  STAND_IN_MAX_APPEND_SIZE,
  type StandInFault,
} from './testing/eventstoredb-stand-in.js';

const event = (type = 'CaseOpened', data: NewEvent['data'] = {}, id: string = randomUUID()): NewEvent => ({
  id,
  type,
  data,
  metadata: {
    actor: 'a',
    correlationId: 'c',
    causationId: 'c',
    occurredAt: '2024-05-01T10:00:00Z',
    schemaVersion: 1,
  },
});

function storeOverStandIn(options: EventStoreDbEventStoreOptions = {}) {
  const standIn = new EventStoreDbStandIn();
  return { standIn, store: new EventStoreDbEventStore(standIn.asClient(), options) };
}

const positions = (events: RecordedEvent[]) => events.map((e) => e.globalPosition);
const readAllCalls = (standIn: EventStoreDbStandIn) =>
  standIn.calls.filter((call) => call.method === 'readAll').map((call) => call.options.fromPosition);

describe('EventStoreDbEventStore over the EventStoreDB stand-in', () => {
  describe('appends', () => {
    it('returns the revision and the log position EventStoreDB reports; positions are sparse byte offsets', async () => {
      const { standIn, store } = storeOverStandIn();
      const result = await store.appendToStream('case-1', [event(), event()], {
        expectedRevision: 'no_stream',
      });
      const stored = await store.readStream('case-1');
      expect(result).toEqual({ nextExpectedRevision: 1n, position: stored[1]!.globalPosition });
      // Each event is a record of its own at its byte offset: the next position is far beyond P + 1.
      expect(stored[1]!.globalPosition - stored[0]!.globalPosition).toBeGreaterThan(1n);
      expect(standIn.boundaries().starts).toEqual(expect.arrayContaining(positions(stored)));
    });

    it('answers a retry after a lost reply with the original result and writes nothing twice', async () => {
      const { store } = storeOverStandIn();
      const batch = [event(), event()];
      const first = await store.appendToStream('case-1', batch, { expectedRevision: 'no_stream' });
      await expect(store.appendToStream('case-1', batch, { expectedRevision: 'no_stream' })).resolves.toEqual(
        first,
      );
      await expect(store.appendToStream('case-1', batch, { expectedRevision: 'any' })).resolves.toEqual(
        first,
      );
      expect(await store.readStream('case-1')).toHaveLength(2);
    });

    it('turns a half-retried batch into IdempotencyViolationError and a plain conflict into WrongExpectedRevisionError', async () => {
      const { store } = storeOverStandIn();
      const stored = event();
      await store.appendToStream('case-1', [stored, event()], { expectedRevision: 'no_stream' });
      await expect(
        store.appendToStream('case-1', [stored, event()], { expectedRevision: 'no_stream' }),
      ).rejects.toBeInstanceOf(IdempotencyViolationError);
      await expect(store.appendToStream('case-1', [event()], { expectedRevision: 0n })).rejects.toMatchObject(
        {
          constructor: WrongExpectedRevisionError,
          expectedRevision: 0n,
          actualRevision: 1n,
        },
      );
    });

    it('writes an id already stored in another stream again, as EventStoreDB does (no global event-id index)', async () => {
      const { store } = storeOverStandIn();
      const shared = event();
      await store.appendToStream('case-1', [shared]);
      await store.appendToStream('case-2', [shared]);
      expect((await store.readStream('case-2')).map((e) => e.id)).toEqual([shared.id]);
    });

    it("refuses a batch over the server's MaxAppendSize as an invalid append", async () => {
      const { store } = storeOverStandIn();
      const big = event('Big', { text: 'x'.repeat(STAND_IN_MAX_APPEND_SIZE) });
      const error = await store.appendToStream('case-1', [big]).catch((e) => e);
      expect(error).toBeInstanceOf(InvalidAppendError);
      expect((error as Error).message).toContain('MaxAppendSize');
    });
  });

  describe('reading $all by positions', () => {
    async function logOfThree() {
      const fixture = storeOverStandIn();
      const results = [];
      for (const stream of ['case-1', 'case-2', 'case-3'])
        results.push(await fixture.store.appendToStream(stream, [event()]));
      return { ...fixture, at: results.map((r) => r.position) };
    }

    it('reads after a position by reading from that record and dropping it, never from position + 1', async () => {
      const { standIn, store, at } = await logOfThree();
      expect(positions(await store.readAll({ after: at[0]!, maxCount: 1 }))).toEqual([at[1]]);
      expect(positions(await store.readAll({ after: at[2]! }))).toEqual([]);
      expect(positions(await store.readAll({ after: 0n }))).toEqual(at);
      expect(readAllCalls(standIn)).toEqual([
        { commit: at[0], prepare: at[0] },
        { commit: at[2], prepare: at[2] },
        { commit: 0n, prepare: 0n },
      ]);
    });

    it('refuses a position inside a record, as the server does, with InvalidPositionError', async () => {
      const { store, at } = await logOfThree();
      for (const read of [
        store.readAll({ after: at[0]! + 1n }),
        store.readAll({ fromPosition: at[1]! - 1n }),
        store.readAll({ direction: 'backwards', fromPosition: at[0]! + 3n }),
      ]) {
        const error = await read.catch((e) => e);
        expect(error).toBeInstanceOf(InvalidPositionError);
        expect(error).toMatchObject({ code: 'EVENT_STORE.INVALID_POSITION' });
      }
      const subscription = store.subscribeToAll({ fromPosition: at[0]! + 1n });
      await expect(
        (async () => {
          for await (const _ of subscription) void _;
        })(),
      ).rejects.toBeInstanceOf(InvalidPositionError);
    });

    it('reads inclusive bounds in both directions and never shows system events', async () => {
      const { standIn, store, at } = await logOfThree();
      standIn.appendSystemEvent('$stats-127.0.0.1:2113', '$statsCollected');
      expect(positions(await store.readAll())).toEqual(at);
      expect(positions(await store.readAll({ fromPosition: at[1]! }))).toEqual([at[1], at[2]]);
      expect(positions(await store.readAll({ direction: 'backwards', fromPosition: at[1]! }))).toEqual([
        at[1],
        at[0],
      ]);
      expect(positions(await store.readAll({ direction: 'backwards', maxCount: 2 }))).toEqual([at[2], at[1]]);
      expect(positions(await store.readAll({ filter: { streamPrefixes: ['case-2'] } }))).toEqual([at[1]]);
      expect(await store.headPosition()).toBe(at[2]);
    });

    it('reports 0n as the head of a log holding only system events', async () => {
      const { store } = storeOverStandIn();
      await expect(store.headPosition()).resolves.toBe(0n);
    });

    it('refuses loudly to map an event of an explicit (TCP-era) transaction, whose commit and prepare positions differ', async () => {
      const { standIn, store } = storeOverStandIn();
      standIn.appendExplicitTransaction('legacy-1', [jsonEvent({ type: 'Old', data: {} })]);
      await expect(store.readAll()).rejects.toThrow(/explicit transaction/);
    });
  });

  describe('reading a stream', () => {
    it('reads a stream longer than one page whole, page by page, in both directions', async () => {
      const { standIn, store } = storeOverStandIn({ streamPageSize: 4096 });
      for (let chunk = 0; chunk < 10; chunk++) {
        await store.appendToStream(
          'registry-big',
          Array.from({ length: 1000 }, (_, n) => event('Numbered', { n: chunk * 1000 + n })),
        );
      }
      const forwards = await store.readStream('registry-big');
      expect(forwards.map((e) => e.revision)).toEqual(Array.from({ length: 10_000 }, (_, n) => BigInt(n)));
      const pages = standIn.calls
        .filter((call) => call.method === 'readStream')
        .map((call) => call.options.maxCount);
      expect(pages).toEqual([4096, 4096, 4096]);
      const backwards = await store.readStream('registry-big', { direction: 'backwards' });
      expect(backwards.map((e) => e.revision)).toEqual(
        Array.from({ length: 10_000 }, (_, n) => BigInt(9_999 - n)),
      );
      expect(await store.readStream('registry-big', { fromRevision: 5000n, maxCount: 5000 })).toHaveLength(
        5000,
      );
      expect(
        await store.readStream('registry-big', { direction: 'backwards', fromRevision: 4100n }),
      ).toHaveLength(4101);
    });

    it('reads an unknown stream as empty', async () => {
      const { store } = storeOverStandIn();
      await expect(store.readStream('case-missing')).resolves.toEqual([]);
    });
  });

  describe('a server that cannot serve', () => {
    const retryLater: StandInFault[] = [
      'not-ready',
      'too-busy',
      'not-leader',
      'no-leader-info',
      'unreachable',
    ];

    it.each(retryLater)(
      '%s: every operation fails as EventStoreUnavailableError (503, retry later)',
      async (fault) => {
        const { standIn, store } = storeOverStandIn();
        await store.appendToStream('case-1', [event()]);
        standIn.fail(fault);
        await expect(store.appendToStream('case-1', [event()])).rejects.toBeInstanceOf(
          EventStoreUnavailableError,
        );
        await expect(store.readStream('case-1')).rejects.toBeInstanceOf(EventStoreUnavailableError);
        await expect(store.readAll({ after: 0n })).rejects.toBeInstanceOf(EventStoreUnavailableError);
        await expect(store.ping()).rejects.toBeInstanceOf(EventStoreUnavailableError);
        const subscription = store.subscribeToAll();
        await expect(
          (async () => {
            for await (const _ of subscription) void _;
          })(),
        ).rejects.toBeInstanceOf(EventStoreUnavailableError);
        standIn.heal();
        await expect(store.readStream('case-1')).resolves.toHaveLength(1);
      },
    );

    it.each(['access-denied', 'unauthenticated'] as const)(
      '%s: EventStoreAccessDeniedError, unavailable to callers, telling the operator to check the credentials',
      async (fault) => {
        const { standIn, store } = storeOverStandIn();
        standIn.fail(fault);
        const error = await store.readAll().catch((e) => e);
        expect(error).toBeInstanceOf(EventStoreAccessDeniedError);
        expect(error).toBeInstanceOf(EventStoreUnavailableError);
        expect((error as Error).message).toMatch(/check the user and password in EVENTSTORE_URL/);
        await expect(store.appendToStream('case-1', [event()])).rejects.toBeInstanceOf(
          EventStoreAccessDeniedError,
        );
      },
    );

    it('puts a deadline on every read, subscription and append of an unresponsive server', async () => {
      const { standIn, store } = storeOverStandIn({
        readIdleDeadlineMs: 40,
        pingDeadlineMs: 40,
        subscriptionConfirmationMs: 40,
        appendDeadlineMs: 40,
      });
      standIn.fail('unresponsive');
      const deadline = (promise: Promise<unknown>) =>
        expect(promise).rejects.toMatchObject({
          constructor: EventStoreUnavailableError,
          code: 'EVENT_STORE.UNAVAILABLE',
        });
      await deadline(store.readAll({ after: 0n }));
      await deadline(store.readStream('case-1'));
      await deadline(store.headPosition());
      await deadline(store.ping());
      await deadline(store.appendToStream('case-1', [event()]));
      const subscription = store.subscribeToAll();
      await deadline(
        (async () => {
          for await (const _ of subscription) void _;
        })(),
      );
    });
  });

  describe('connection strings', () => {
    it.each([
      'esdb://127.0.0.1:2113?tls=false',
      'esdb+discover://cluster.internal:2113',
      'esdb://admin:changeit@a:2113,b:2113,c:2113?tls=true',
    ])('builds a client from %s without connecting', async (url) => {
      const store = EventStoreDbEventStore.fromConnectionString(url);
      await store.dispose();
    });

    it('refuses what client 6.2.1 cannot parse (kurrentdb:// is a newer client’s scheme), without echoing credentials', () => {
      expect(() =>
        EventStoreDbEventStore.fromConnectionString('kurrentdb://admin:secret@node1:2113'),
      ).toThrow(/EVENTSTORE_URL is not a connection string .*esdb:\/\/ or esdb\+discover:\/\//);
      expect(() =>
        EventStoreDbEventStore.fromConnectionString('kurrentdb://admin:secret@node1:2113'),
      ).not.toThrow(/secret/);
    });
  });
});
