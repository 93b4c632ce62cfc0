import { describe, expect, it } from '@jest/globals';
import { StreamNotFoundError, UnavailableError, WrongExpectedVersionError } from '@eventstore/db-client';
import type { AppendResult as EsdbAppendResult, EventStoreDBClient, Position } from '@eventstore/db-client';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  EventStoreUnavailableError,
  IdempotencyViolationError,
  WrongExpectedRevisionError,
} from '../event-store.errors.js';
import type { NewEvent } from '../event-store.port.js';
import { EventStoreDbEventStore } from './eventstoredb-event-store.js';

interface StoredEvent {
  id: string;
  stream: string;
  revision: bigint;
  type: string;
  position: bigint;
}

/**
 * A stand-in client over an in-memory log, answering reads the way EventStoreDB does: forwards
 * from a position inclusive, backwards from a position exclusive, system events included.
 */
function fakeClient(log: StoredEvent[], append: () => Promise<EsdbAppendResult>) {
  const toResolved = (e: StoredEvent) => ({
    event: {
      streamId: e.stream,
      id: e.id,
      isJson: true,
      revision: e.revision,
      type: e.type,
      created: new Date('2024-05-01T10:00:00Z'),
      data: {},
      metadata: { actor: 'a', correlationId: 'c', causationId: 'c', occurredAt: 'x', schemaVersion: 1 },
      position: { commit: e.position, prepare: e.position },
    },
  });
  const reading = (items: StoredEvent[], error?: Error) =>
    Object.assign(Readable.from(error ? failingSource(error) : items.map(toResolved)), {
      cancel: async () => undefined,
    });
  const client = {
    appendToStream: append,
    readStream(
      stream: string,
      options: { direction: string; fromRevision: bigint | string; maxCount: number },
    ) {
      const events = log.filter((e) => e.stream === stream);
      if (events.length === 0) return reading([], new StreamNotFoundError(undefined, stream));
      let selected = options.direction === 'forwards' ? events : [...events].reverse();
      if (typeof options.fromRevision === 'bigint') {
        const from = options.fromRevision;
        selected = selected.filter((e) =>
          options.direction === 'forwards' ? e.revision >= from : e.revision <= from,
        );
      }
      return reading(selected.slice(0, options.maxCount));
    },
    readAll(options: { direction: string; fromPosition: Position | string; maxCount?: number }) {
      let selected = options.direction === 'forwards' ? log : [...log].reverse();
      const from = options.fromPosition;
      if (typeof from === 'object') {
        selected = selected.filter((e) =>
          options.direction === 'forwards' ? e.position >= from.commit : e.position < from.commit,
        );
      }
      return reading(selected.slice(0, options.maxCount ?? Number.MAX_SAFE_INTEGER));
    },
  };
  return client as unknown as EventStoreDBClient;
}

const event = (id: string = randomUUID()): NewEvent => ({
  id,
  type: 'CaseOpened',
  data: {},
  metadata: {
    actor: 'a',
    correlationId: 'c',
    causationId: 'c',
    occurredAt: '2024-05-01T10:00:00Z',
    schemaVersion: 1,
  },
});

function stored(
  stream: string,
  revision: bigint,
  position: bigint,
  type = 'CaseOpened',
  id = randomUUID(),
): StoredEvent {
  return { id, stream, revision, type, position };
}

describe('EventStoreDbEventStore against a stand-in client', () => {
  it('returns the revision and position EventStoreDB reports for an append', async () => {
    const store = new EventStoreDbEventStore(
      fakeClient([], async () => ({
        success: true,
        nextExpectedRevision: 1n,
        position: { commit: 300n, prepare: 300n },
      })),
    );
    await expect(
      store.appendToStream('case-1', [event(), event()], { expectedRevision: 'no_stream' }),
    ).resolves.toEqual({
      nextExpectedRevision: 1n,
      position: 300n,
    });
  });

  it('answers a retry with the original result, reading the position back when the server sends none', async () => {
    const first = stored('case-1', 0n, 100n);
    const store = new EventStoreDbEventStore(
      fakeClient([first], async () => ({ success: true, nextExpectedRevision: 0n, position: undefined })),
    );
    await expect(
      store.appendToStream('case-1', [event(first.id)], { expectedRevision: 'no_stream' }),
    ).resolves.toEqual({
      nextExpectedRevision: 0n,
      position: 100n,
    });
  });

  it('turns a WrongExpectedVersion on a half-retried batch into IdempotencyViolationError', async () => {
    const first = stored('case-1', 0n, 100n);
    const store = new EventStoreDbEventStore(
      fakeClient([first, stored('case-1', 1n, 200n)], async () => {
        throw new WrongExpectedVersionError(undefined, {
          streamName: 'case-1',
          expected: 'no_stream',
          current: 1n,
        });
      }),
    );
    await expect(
      store.appendToStream('case-1', [event(first.id), event()], { expectedRevision: 'no_stream' }),
    ).rejects.toBeInstanceOf(IdempotencyViolationError);
  });

  it('keeps a genuine conflict a WrongExpectedRevisionError with the actual revision', async () => {
    const store = new EventStoreDbEventStore(
      fakeClient([stored('case-1', 0n, 100n), stored('case-1', 1n, 200n)], async () => {
        throw new WrongExpectedVersionError(undefined, { streamName: 'case-1', expected: 0n, current: 1n });
      }),
    );
    await expect(store.appendToStream('case-1', [event()], { expectedRevision: 0n })).rejects.toMatchObject({
      constructor: WrongExpectedRevisionError,
      expectedRevision: 0n,
      actualRevision: 1n,
    });
  });

  it('raises EventStoreUnavailableError when the server cannot be reached', async () => {
    const store = new EventStoreDbEventStore(
      fakeClient([], async () => {
        throw new UnavailableError(undefined, '14 UNAVAILABLE: No connection established');
      }),
    );
    await expect(store.appendToStream('case-1', [event()])).rejects.toBeInstanceOf(
      EventStoreUnavailableError,
    );
  });

  it('reads an unknown stream as empty', async () => {
    const store = new EventStoreDbEventStore(
      fakeClient([], async () => ({ success: true, nextExpectedRevision: 0n })),
    );
    await expect(store.readStream('case-missing')).resolves.toEqual([]);
  });

  it('reads $all without system events, from an inclusive position in both directions', async () => {
    const log = [
      stored('case-1', 0n, 100n),
      stored('$$case-1', 0n, 150n, '$metadata'),
      stored('case-1', 1n, 200n),
      stored('petition-1', 0n, 300n, 'PetitionFiled'),
      stored('case-2', 0n, 400n),
    ];
    const store = new EventStoreDbEventStore(
      fakeClient(log, async () => ({ success: true, nextExpectedRevision: 0n })),
    );
    const positions = (events: { globalPosition: bigint }[]) => events.map((e) => e.globalPosition);

    expect(positions(await store.readAll())).toEqual([100n, 200n, 300n, 400n]);
    expect(positions(await store.readAll({ fromPosition: 200n, maxCount: 2 }))).toEqual([200n, 300n]);
    expect(positions(await store.readAll({ direction: 'backwards', fromPosition: 300n }))).toEqual([
      300n,
      200n,
      100n,
    ]);
    expect(positions(await store.readAll({ direction: 'backwards', maxCount: 2 }))).toEqual([400n, 300n]);
    expect(positions(await store.readAll({ filter: { streamPrefixes: ['case-'] } }))).toEqual([
      100n,
      200n,
      400n,
    ]);
    expect(await store.headPosition()).toBe(400n);
  });

  it('reads $all after a position by reading from that record and dropping it (never position + 1)', async () => {
    const log = [stored('case-1', 0n, 100n), stored('case-1', 1n, 200n), stored('case-2', 0n, 300n)];
    const client = fakeClient(log, async () => ({ success: true, nextExpectedRevision: 0n }));
    const asked: unknown[] = [];
    const readAll = client.readAll.bind(client);
    client.readAll = ((options: Parameters<typeof readAll>[0], ...rest: unknown[]) => {
      asked.push(options?.fromPosition);
      return (readAll as (...args: unknown[]) => ReturnType<typeof readAll>)(options, ...rest);
    }) as typeof client.readAll;
    const store = new EventStoreDbEventStore(client);
    const positions = (events: { globalPosition: bigint }[]) => events.map((e) => e.globalPosition);

    expect(positions(await store.readAll({ after: 100n, maxCount: 1 }))).toEqual([200n]);
    expect(positions(await store.readAll({ after: 300n }))).toEqual([]);
    expect(positions(await store.readAll({ after: 0n }))).toEqual([100n, 200n, 300n]);
    expect(asked).toEqual([
      { commit: 100n, prepare: 100n },
      { commit: 300n, prepare: 300n },
      { commit: 0n, prepare: 0n },
    ]);
  });

  it('reports 0n as the head of a log holding only system events', async () => {
    const store = new EventStoreDbEventStore(
      fakeClient([stored('$stats-1', 0n, 100n, '$statsCollected')], async () => ({
        success: true,
        nextExpectedRevision: 0n,
      })),
    );
    await expect(store.headPosition()).resolves.toBe(0n);
  });

  it('builds a real client from a connection string without connecting', async () => {
    const store = EventStoreDbEventStore.fromConnectionString('esdb://127.0.0.1:2113?tls=false');
    await store.dispose();
  });
});

/** A source that fails on first read, like the client's stream for a missing stream. */
async function* failingSource(error: Error): AsyncGenerator<never> {
  yield* [];
  throw error;
}
