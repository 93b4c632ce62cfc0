import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  IdempotencyViolationError,
  InvalidAppendError,
  InvalidPositionError,
  WrongExpectedRevisionError,
} from '../event-store.errors.js';
import type { AllFilter, EventMetadata, EventStore, NewEvent, RecordedEvent } from '../event-store.port.js';

export interface ContractFixture {
  store: EventStore;
  teardown(): Promise<void>;
}

export interface ContractOptions {
  /** How long the concurrent writers run while a subscriber follows them. */
  concurrentWriteMs?: number;
  /** Concurrent appenders racing on one stream. */
  racingAppenders?: number;
  /**
   * How the store answers a read at a position no event has, between two events: PostgreSQL reads on
   * from there ('read-on'); EventStoreDB positions are byte offsets, and one inside a record is
   * refused with InvalidPositionError ('refused'). Either way nothing is skipped or repeated.
   */
  positionsBetweenEvents?: 'read-on' | 'refused';
  /**
   * Guarantees the PostgreSQL adapter gives and a store may lack, each with the reason: the tests that
   * rely on one are skipped for that store, and the reason is in the skipped test's name.
   */
  lacks?: {
    /** Refusing a batch whose ids are stored in another stream needs an index of every event id. */
    globalEventIdIndex?: string;
  };
}

/** Figures of the last concurrent-subscriber run, per adapter, for reports. */
export const concurrentSubscriberFigures: Record<
  string,
  { written: number; seen: number; missing: number; duplicated: number; outOfOrder: number }
> = {};

export function metadata(overrides: Partial<EventMetadata> = {}): EventMetadata {
  return {
    actor: 'contract-test',
    correlationId: randomUUID(),
    causationId: randomUUID(),
    occurredAt: '2026-11-27T08:00:00.000Z',
    schemaVersion: 1,
    ...overrides,
  };
}

export function newEvent(type = 'ThingHappened', data: Record<string, unknown> = {}): NewEvent {
  return { id: randomUUID(), type, data: data as NewEvent['data'], metadata: metadata() };
}

/**
 * The behaviour every adapter of the EventStore port must show. Each test uses its own streams
 * (random names), so the suite also runs against a shared server.
 */
export function describeEventStoreContract(
  adapterName: string,
  setup: () => Promise<ContractFixture>,
  options: ContractOptions = {},
): void {
  const concurrentWriteMs = options.concurrentWriteMs ?? 3000;
  const racingAppenders = options.racingAppenders ?? 20;
  const positionsBetweenEvents = options.positionsBetweenEvents ?? 'read-on';

  describe(`EventStore contract: ${adapterName}`, () => {
    let fixture: ContractFixture;
    let store: EventStore;
    const prefix = `contract${randomUUID().slice(0, 8)}`;
    let counter = 0;
    const streamName = (kind = 'stream') => `${prefix}-${kind}-${++counter}`;

    beforeAll(async () => {
      fixture = await setup();
      store = fixture.store;
    });
    afterAll(async () => {
      await fixture?.teardown();
    });

    describe('appendToStream', () => {
      it('gives a new stream gapless revisions from 0 and increasing global positions', async () => {
        const stream = streamName();
        const first = await store.appendToStream(stream, [newEvent(), newEvent(), newEvent()], {
          expectedRevision: 'no_stream',
        });
        expect(first.nextExpectedRevision).toBe(2n);
        const second = await store.appendToStream(stream, [newEvent()], { expectedRevision: 2n });
        expect(second.nextExpectedRevision).toBe(3n);
        expect(second.position).toBeGreaterThan(first.position);
        const events = await store.readStream(stream);
        expect(events.map((e) => e.revision)).toEqual([0n, 1n, 2n, 3n]);
        const positions = events.map((e) => e.globalPosition);
        expect([...positions].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(positions);
        expect(new Set(positions).size).toBe(4);
        expect(events[3]!.globalPosition).toBe(second.position);
      });

      it('keeps the envelope: id, type, data, metadata, stream, revision, position, recordedAt', async () => {
        const stream = streamName();
        const event = {
          ...newEvent('CaseReported', { title: '楼道堆物', nested: { n: 1, list: [1, 'two', null] } }),
        };
        await store.appendToStream(stream, [event]);
        const [recorded] = await store.readStream(stream);
        expect(recorded).toMatchObject({
          id: event.id,
          type: 'CaseReported',
          data: event.data,
          stream,
          revision: 0n,
        });
        expect(recorded!.metadata).toEqual(event.metadata);
        expect(typeof recorded!.globalPosition).toBe('bigint');
        expect(Number.isNaN(Date.parse(recorded!.recordedAt))).toBe(false);
      });

      it("expectedRevision 'no_stream' fails on an existing stream and reports the actual revision", async () => {
        const stream = streamName();
        await store.appendToStream(stream, [newEvent(), newEvent()]);
        const error = await store
          .appendToStream(stream, [newEvent()], { expectedRevision: 'no_stream' })
          .catch((e) => e);
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect((error as WrongExpectedRevisionError).actualRevision).toBe(1n);
      });

      it("expectedRevision 'stream_exists' fails on a missing stream and succeeds on an existing one", async () => {
        const stream = streamName();
        const error = await store
          .appendToStream(stream, [newEvent()], { expectedRevision: 'stream_exists' })
          .catch((e) => e);
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect((error as WrongExpectedRevisionError).actualRevision).toBe('no_stream');
        await store.appendToStream(stream, [newEvent()], { expectedRevision: 'no_stream' });
        const result = await store.appendToStream(stream, [newEvent()], {
          expectedRevision: 'stream_exists',
        });
        expect(result.nextExpectedRevision).toBe(1n);
      });

      it("expectedRevision 'any' appends to a missing and to an existing stream", async () => {
        const stream = streamName();
        expect(
          (await store.appendToStream(stream, [newEvent()], { expectedRevision: 'any' }))
            .nextExpectedRevision,
        ).toBe(0n);
        expect((await store.appendToStream(stream, [newEvent(), newEvent()])).nextExpectedRevision).toBe(2n);
      });

      it('an exact revision must match the last revision of the stream', async () => {
        const stream = streamName();
        await store.appendToStream(stream, [newEvent(), newEvent()]);
        const stale = await store
          .appendToStream(stream, [newEvent()], { expectedRevision: 0n })
          .catch((e) => e);
        expect(stale).toBeInstanceOf(WrongExpectedRevisionError);
        expect(stale).toMatchObject({ expectedRevision: 0n, actualRevision: 1n });
        const ahead = await store
          .appendToStream(stream, [newEvent()], { expectedRevision: 5n })
          .catch((e) => e);
        expect(ahead).toBeInstanceOf(WrongExpectedRevisionError);
        const onMissing = await store
          .appendToStream(streamName(), [newEvent()], { expectedRevision: 0n })
          .catch((e) => e);
        expect(onMissing).toMatchObject({ actualRevision: 'no_stream' });
        expect(
          (await store.appendToStream(stream, [newEvent()], { expectedRevision: 1n })).nextExpectedRevision,
        ).toBe(2n);
        expect(await store.readStream(stream)).toHaveLength(3);
      });

      it('re-sending the same events after a lost reply succeeds and writes nothing twice', async () => {
        const stream = streamName();
        await store.appendToStream(stream, [newEvent()], { expectedRevision: 'no_stream' });
        const batch = [newEvent(), newEvent()];
        const original = await store.appendToStream(stream, batch, { expectedRevision: 0n });
        const retried = await store.appendToStream(stream, batch, { expectedRevision: 0n });
        expect(retried).toEqual(original);
        const retriedAny = await store.appendToStream(stream, batch, { expectedRevision: 'any' });
        expect(retriedAny).toEqual(original);
        expect(await store.readStream(stream)).toHaveLength(3);
        const firstBatch = [newEvent()];
        const fresh = streamName();
        const created = await store.appendToStream(fresh, firstBatch, { expectedRevision: 'no_stream' });
        expect(await store.appendToStream(fresh, firstBatch, { expectedRevision: 'no_stream' })).toEqual(
          created,
        );
      });

      it('a batch that only partly repeats stored events is refused and writes nothing', async () => {
        const stream = streamName();
        const stored = newEvent();
        await store.appendToStream(stream, [stored]);
        const error = await store
          .appendToStream(stream, [stored, newEvent()], { expectedRevision: 'any' })
          .catch((e) => e);
        expect(error).toBeInstanceOf(IdempotencyViolationError);
        expect(await store.readStream(stream)).toHaveLength(1);
      });

      const noGlobalIdIndex = options.lacks?.globalEventIdIndex;
      (noGlobalIdIndex ? it.skip : it)(
        `is atomic: a batch with an id stored in another stream writes nothing at all${noGlobalIdIndex ? ` (skipped: ${noGlobalIdIndex})` : ''}`,
        async () => {
          const other = streamName();
          const taken = newEvent();
          await store.appendToStream(other, [taken]);
          const stream = streamName();
          const error = await store.appendToStream(stream, [newEvent(), taken, newEvent()]).catch((e) => e);
          expect(error).toBeInstanceOf(IdempotencyViolationError);
          expect(await store.readStream(stream)).toEqual([]);
          const retry = await store.appendToStream(stream, [newEvent()], { expectedRevision: 'no_stream' });
          expect(retry.nextExpectedRevision).toBe(0n);
        },
      );

      it('refuses an empty batch, a non-UUID id and an id repeated inside the batch', async () => {
        await expect(store.appendToStream(streamName(), [])).rejects.toBeInstanceOf(InvalidAppendError);
        await expect(
          store.appendToStream(streamName(), [{ ...newEvent(), id: 'not-a-uuid' }]),
        ).rejects.toBeInstanceOf(InvalidAppendError);
        const twice = newEvent();
        await expect(store.appendToStream(streamName(), [twice, twice])).rejects.toBeInstanceOf(
          InvalidAppendError,
        );
      });

      it(`lets exactly one of ${racingAppenders} concurrent appenders win each revision, without gaps`, async () => {
        const stream = streamName('race');
        await store.appendToStream(stream, [newEvent('Created')], { expectedRevision: 'no_stream' });
        const rounds = 5;
        const winners = new Map<bigint, string[]>();
        let conflicts = 0;
        await Promise.all(
          Array.from({ length: racingAppenders }, async (_, appender) => {
            for (let round = 0; round < rounds; round++) {
              const [last] = await store.readStream(stream, { direction: 'backwards', maxCount: 1 });
              try {
                const result = await store.appendToStream(stream, [newEvent('Raced', { appender, round })], {
                  expectedRevision: last!.revision,
                });
                winners.set(result.nextExpectedRevision, [
                  ...(winners.get(result.nextExpectedRevision) ?? []),
                  `${appender}`,
                ]);
              } catch (error) {
                expect(error).toBeInstanceOf(WrongExpectedRevisionError);
                conflicts++;
              }
            }
          }),
        );
        const events = await store.readStream(stream);
        expect(events.map((e) => e.revision)).toEqual(events.map((_, index) => BigInt(index)));
        expect(winners.size).toBe(events.length - 1);
        for (const names of winners.values()) expect(names).toHaveLength(1);
        expect(winners.size + conflicts).toBe(racingAppenders * rounds);
      });
    });

    describe('readStream', () => {
      let stream: string;
      beforeAll(async () => {
        stream = streamName('read');
        await store.appendToStream(
          stream,
          Array.from({ length: 10 }, (_, n) => newEvent('Numbered', { n })),
        );
      });
      const numbers = (events: RecordedEvent[]) => events.map((e) => (e.data as { n: number }).n);

      it('reads forwards from the start, from a revision, with a max count', async () => {
        expect(numbers(await store.readStream(stream))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        expect(numbers(await store.readStream(stream, { fromRevision: 7n }))).toEqual([7, 8, 9]);
        expect(numbers(await store.readStream(stream, { fromRevision: 2n, maxCount: 3 }))).toEqual([2, 3, 4]);
      });

      it('reads backwards from the end and from a revision', async () => {
        expect(numbers(await store.readStream(stream, { direction: 'backwards', maxCount: 3 }))).toEqual([
          9, 8, 7,
        ]);
        expect(numbers(await store.readStream(stream, { direction: 'backwards', fromRevision: 1n }))).toEqual(
          [1, 0],
        );
        expect(await store.readStream(stream, { direction: 'backwards', fromRevision: 'start' })).toEqual([]);
      });

      it('reads an unknown stream as empty', async () => {
        expect(await store.readStream(streamName('missing'))).toEqual([]);
        expect(await store.readStream(streamName('missing'), { direction: 'backwards' })).toEqual([]);
      });
    });

    describe('readAll', () => {
      let caseStream: string;
      let otherStream: string;
      let firstPosition: bigint;
      beforeAll(async () => {
        caseStream = streamName('filtercase');
        otherStream = streamName('filterother');
        const result = await store.appendToStream(caseStream, [
          newEvent('FilterCaseReported'),
          newEvent('FilterCaseRegistered'),
        ]);
        const last = await store.appendToStream(otherStream, [
          newEvent('FilterGridCreated'),
          newEvent('FilterCase_Like%Underscore'),
        ]);
        await waitUntilSettled(store, last.position);
        firstPosition = result.position - 1n;
        const [first] = await store.readStream(caseStream);
        firstPosition = first!.globalPosition;
      });

      it('reads forwards from a global position (inclusive) in position order', async () => {
        const events = await store.readAll({ fromPosition: firstPosition, maxCount: 1000 });
        const mine = events.filter((e) => e.stream === caseStream || e.stream === otherStream);
        expect(mine.map((e) => e.type)).toEqual([
          'FilterCaseReported',
          'FilterCaseRegistered',
          'FilterGridCreated',
          'FilterCase_Like%Underscore',
        ]);
        expect(events[0]!.globalPosition).toBe(firstPosition);
        for (let i = 1; i < events.length; i++)
          expect(events[i]!.globalPosition).toBeGreaterThan(events[i - 1]!.globalPosition);
      });

      it('reads backwards from the end', async () => {
        const events = await store.readAll({ direction: 'backwards', maxCount: 5 });
        for (let i = 1; i < events.length; i++)
          expect(events[i]!.globalPosition).toBeLessThan(events[i - 1]!.globalPosition);
        const head = await store.headPosition();
        expect(events[0]!.globalPosition).toBe(head);
      });

      it('filters by event-type prefix, treating % and _ literally', async () => {
        const events = await store.readAll({
          fromPosition: firstPosition,
          filter: { eventTypePrefixes: ['FilterCase'] },
        });
        expect(events.map((e) => e.type)).toEqual([
          'FilterCaseReported',
          'FilterCaseRegistered',
          'FilterCase_Like%Underscore',
        ]);
        const literal = await store.readAll({
          fromPosition: firstPosition,
          filter: { eventTypePrefixes: ['FilterCase_'] },
        });
        expect(literal.map((e) => e.type)).toEqual(['FilterCase_Like%Underscore']);
      });

      it('filters by stream prefix and by both', async () => {
        const events = await store.readAll({
          fromPosition: firstPosition,
          filter: { streamPrefixes: [caseStream] },
        });
        expect(events.map((e) => e.type)).toEqual(['FilterCaseReported', 'FilterCaseRegistered']);
        const both = await store.readAll({
          fromPosition: firstPosition,
          filter: { streamPrefixes: [otherStream], eventTypePrefixes: ['FilterCase'] },
        });
        expect(both.map((e) => e.type)).toEqual(['FilterCase_Like%Underscore']);
      });

      it('honours maxCount', async () => {
        expect(await store.readAll({ fromPosition: firstPosition, maxCount: 2 })).toHaveLength(2);
      });

      it('after: reads the events after a position (exclusive); after 0n reads from the start', async () => {
        const events = await store.readAll({
          after: firstPosition,
          filter: { streamPrefixes: [caseStream] },
        });
        expect(events.map((e) => e.type)).toEqual(['FilterCaseRegistered']);
        expect(await store.readAll({ after: 0n, maxCount: 3 })).toEqual(await store.readAll({ maxCount: 3 }));
        const [last] = await store.readStream(otherStream, { direction: 'backwards', maxCount: 1 });
        expect(
          await store.readAll({ after: last!.globalPosition, filter: { streamPrefixes: [otherStream] } }),
        ).toEqual([]);
      });

      it('refuses after together with fromPosition, and after on a backwards read', async () => {
        await expect(store.readAll({ after: firstPosition, fromPosition: firstPosition })).rejects.toThrow(
          RangeError,
        );
        await expect(store.readAll({ after: firstPosition, direction: 'backwards' })).rejects.toThrow(
          RangeError,
        );
      });
    });

    describe('paging through $all with the documented idiom (after = the last position read)', () => {
      let prefix: string;
      let marker: bigint;
      let written: { id: string; stream: string; type: string }[];
      beforeAll(async () => {
        prefix = streamName('paging');
        marker = (await store.appendToStream(`${prefix}-marker`, [newEvent('PagingMarker')])).position;
        written = [];
        let last = marker;
        for (let round = 0; round < 4; round++) {
          for (let s = 0; s < 3; s++) {
            const stream = `${prefix}-s${s}`;
            const batch = Array.from({ length: 1 + ((round + s) % 3) }, (_, n) =>
              newEvent(n % 2 === 0 ? 'PagingEven' : 'PagingOdd', { round, s, n }),
            );
            last = (await store.appendToStream(stream, batch)).position;
            written.push(...batch.map((e) => ({ id: e.id, stream, type: e.type })));
          }
        }
        await waitUntilSettled(store, last);
      });

      /** Pages with `after` until a page comes back empty; asserts each page is in order and follows the last. */
      async function pageThrough(maxCount: number, filter?: AllFilter): Promise<RecordedEvent[]> {
        const seen: RecordedEvent[] = [];
        let after = marker;
        for (let pages = 0; pages < 1000; pages++) {
          const page = await store.readAll({ after, maxCount, ...(filter ? { filter } : {}) });
          expect(page.length).toBeLessThanOrEqual(maxCount);
          if (page.length === 0) return seen;
          for (const event of page) {
            expect(event.globalPosition).toBeGreaterThan(after);
            after = event.globalPosition;
          }
          seen.push(...page);
        }
        throw new Error('paging did not reach the end of the log within 1000 pages');
      }
      const mine = (events: RecordedEvent[]) =>
        events.filter((e) => e.stream.startsWith(`${prefix}-s`)).map((e) => e.id);

      it.each([1, 2, 3, 7])('with pages of %i: every event exactly once, in order', async (maxCount) => {
        const seen = await pageThrough(maxCount);
        expect(mine(seen)).toEqual(written.map((e) => e.id));
        expect(new Set(seen.map((e) => e.id)).size).toBe(seen.length);
      });

      it('with a stream filter and with a type filter: every matching event exactly once, in order', async () => {
        const streams = await pageThrough(2, { streamPrefixes: [`${prefix}-s1`, `${prefix}-s2`] });
        expect(streams.map((e) => e.id)).toEqual(
          written.filter((e) => e.stream !== `${prefix}-s0`).map((e) => e.id),
        );
        const types = await pageThrough(3, {
          streamPrefixes: [`${prefix}-s`],
          eventTypePrefixes: ['PagingOdd'],
        });
        expect(types.map((e) => e.id)).toEqual(
          written.filter((e) => e.type === 'PagingOdd').map((e) => e.id),
        );
      });

      it(`a position between two events: ${positionsBetweenEvents === 'read-on' ? 'reads on with the next event' : 'refused with InvalidPositionError'}`, async () => {
        const events = await store.readAll({ after: marker, filter: { streamPrefixes: [`${prefix}-s`] } });
        // Two events of different appends: positions are sparse, so something lies strictly between them.
        const [first, second] = [events[0]!, events.find((e) => e.stream !== events[0]!.stream)!];
        const between = first.globalPosition + 1n;
        expect(between).toBeLessThan(second.globalPosition);
        const filter = { streamPrefixes: [`${prefix}-s`] };
        if (positionsBetweenEvents === 'read-on') {
          const next = events.find((e) => e.globalPosition >= between)!;
          expect((await store.readAll({ after: between, maxCount: 1, filter }))[0]!.id).toBe(next.id);
          expect((await store.readAll({ fromPosition: between, maxCount: 1, filter }))[0]!.id).toBe(next.id);
        } else {
          await expect(store.readAll({ after: between, maxCount: 1, filter })).rejects.toBeInstanceOf(
            InvalidPositionError,
          );
          await expect(store.readAll({ fromPosition: between, maxCount: 1, filter })).rejects.toBeInstanceOf(
            InvalidPositionError,
          );
        }
      });
    });

    describe('subscribeToAll', () => {
      it('catches up from a position (exclusive), then follows live appends, and stops cleanly', async () => {
        const stream = streamName('sub');
        const before = await store.appendToStream(stream, [newEvent('Before')]);
        const subscription = store.subscribeToAll({
          fromPosition: before.position,
          filter: { streamPrefixes: [stream] },
        });
        const seen: string[] = [];
        const consumed = (async () => {
          for await (const event of subscription) {
            seen.push(event.type);
            if (seen.length === 3) break;
          }
        })();
        await store.appendToStream(stream, [newEvent('Live1'), newEvent('Live2')]);
        await store.appendToStream(stream, [newEvent('Live3')]);
        await consumed;
        await subscription.stop();
        expect(seen).toEqual(['Live1', 'Live2', 'Live3']);
      });

      it("from 'end' sees only events appended after it started; stop() ends an idle loop", async () => {
        const stream = streamName('subend');
        await store.appendToStream(stream, [newEvent('Old')]);
        const subscription = store.subscribeToAll({
          fromPosition: 'end',
          filter: { streamPrefixes: [stream] },
        });
        const seen: string[] = [];
        const consumed = (async () => {
          for await (const event of subscription) seen.push(event.type);
        })();
        await new Promise((resolve) => setTimeout(resolve, 300));
        await store.appendToStream(stream, [newEvent('New')]);
        await waitFor(() => seen.length === 1, 10_000);
        await subscription.stop();
        await consumed;
        expect(seen).toEqual(['New']);
      });

      it('never holds more than one batch that the consumer has not taken (back-pressure)', async () => {
        const stream = streamName('pressure');
        await store.appendToStream(
          stream,
          Array.from({ length: 50 }, () => newEvent('Pressed')),
        );
        const subscription = store.subscribeToAll({
          fromPosition: 'start',
          filter: { streamPrefixes: [stream] },
          batchSize: 10,
        });
        const iterator = subscription[Symbol.asyncIterator]();
        const first = await iterator.next();
        expect(first.done).toBe(false);
        await subscription.stop();
        const after = await iterator.next();
        expect(after.done).toBe(true);
      });

      it(
        'sees every event of 8 concurrent writers exactly once, in global order',
        async () => {
          const runPrefix = streamName('concurrent');
          const writers = 8;
          const subscription = store.subscribeToAll({
            fromPosition: 'end',
            filter: { streamPrefixes: [runPrefix] },
            batchSize: 200,
          });
          const seen: RecordedEvent[] = [];
          const consumed = (async () => {
            for await (const event of subscription) seen.push(event);
          })();
          // 'end' is where the log ends when the subscription starts, and it starts asynchronously: an event committed
          // before that is rightly not delivered. So the writers begin only once it is live, i.e. has delivered a
          // marker appended after subscribing (markers are appended until one arrives).
          const liveBy = Date.now() + 10_000;
          for (let marker = 0; !seen.some((e) => e.type === 'SubscriptionLive'); marker++) {
            if (Date.now() > liveBy)
              throw new Error('the subscription delivered none of the markers appended after it within 10 s');
            await store.appendToStream(`${runPrefix}-marker`, [newEvent('SubscriptionLive', { marker })]);
            await new Promise((resolve) => setTimeout(resolve, 50));
          }
          const concurrentSeen = (): RecordedEvent[] => seen.filter((e) => e.type === 'Concurrent');
          const written = new Set<string>();
          const deadline = Date.now() + concurrentWriteMs;
          await Promise.all(
            Array.from({ length: writers }, async (_, writer) => {
              let round = 0;
              while (Date.now() < deadline) {
                const stream = `${runPrefix}-w${writer}-s${round % 5}`;
                const batch = Array.from({ length: 1 + (round % 3) }, () =>
                  newEvent('Concurrent', { writer, round }),
                );
                await store.appendToStream(stream, batch);
                for (const event of batch) written.add(event.id);
                round++;
              }
            }),
          );
          await waitFor(() => concurrentSeen().length >= written.size, 30_000).catch(() => undefined);
          await new Promise((resolve) => setTimeout(resolve, 300));
          await subscription.stop();
          await consumed;
          const ids = concurrentSeen().map((e) => e.id);
          const unique = new Set(ids);
          let outOfOrder = 0;
          for (let i = 1; i < seen.length; i++)
            if (seen[i]!.globalPosition <= seen[i - 1]!.globalPosition) outOfOrder++;
          const missing = [...written].filter((id) => !unique.has(id)).length;
          const figures = {
            written: written.size,
            seen: ids.length,
            missing,
            duplicated: ids.length - unique.size,
            outOfOrder,
          };
          concurrentSubscriberFigures[adapterName] = figures;
          console.log(
            `event-store contract [${adapterName}] concurrent subscriber: writers=${writers} written=${figures.written} seen=${figures.seen} missing=${figures.missing} duplicated=${figures.duplicated} out_of_order=${figures.outOfOrder}`,
          );
          expect(figures).toEqual({
            written: written.size,
            seen: written.size,
            missing: 0,
            duplicated: 0,
            outOfOrder: 0,
          });
          expect(written.size).toBeGreaterThan(writers);
        },
        concurrentWriteMs + 60_000,
      );
    });

    it('headPosition is the position of the last settled event', async () => {
      const result = await store.appendToStream(streamName('head'), [newEvent()]);
      await waitUntilSettled(store, result.position);
      expect(await store.headPosition()).toBeGreaterThanOrEqual(result.position);
      await store.ping();
    });
  });
}

/**
 * Global-log readers see an event once every older transaction on the server has ended (the
 * gap-safe order); on a server shared with other work that can take a moment.
 */
export async function waitUntilSettled(
  store: EventStore,
  position: bigint,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await store.headPosition()) < position) {
    if (Date.now() > deadline) throw new Error(`position ${position} not settled within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
