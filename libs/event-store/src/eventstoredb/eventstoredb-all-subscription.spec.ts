import { describe, expect, it } from '@jest/globals';
import { UnavailableError } from '@eventstore/db-client';
import type { AllStreamResolvedEvent } from '@eventstore/db-client';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { EventStoreUnavailableError } from '../event-store.errors.js';
import type { RecordedEvent } from '../event-store.port.js';
import { EventStoreDbAllSubscription } from './eventstoredb-all-subscription.js';
import type { ClientAllSubscription } from './eventstoredb-all-subscription.js';

function resolved(position: bigint, type = 'CaseOpened', stream = 'case-1'): AllStreamResolvedEvent {
  return {
    event: {
      streamId: stream,
      id: randomUUID(),
      isJson: true,
      revision: 0n,
      type,
      created: new Date('2024-05-01T10:00:00Z'),
      data: {},
      metadata: {
        actor: 'a',
        correlationId: 'c',
        causationId: 'c',
        occurredAt: '2024-05-01T10:00:00Z',
        schemaVersion: 1,
      },
      position: { commit: position, prepare: position },
    },
  } as AllStreamResolvedEvent;
}

/** A stand-in for the client's subscription: a Readable with an unsubscribe that counts calls. */
function fakeSource(
  produce: (index: number) => AllStreamResolvedEvent | null | undefined,
  highWaterMark = 2,
) {
  let index = 0;
  const state = { pulled: 0, unsubscribed: 0 };
  const readable = new Readable({
    objectMode: true,
    highWaterMark,
    read() {
      const next = produce(index++);
      if (next === undefined) return; // idle: nothing appended yet
      state.pulled++;
      this.push(next);
    },
  });
  const source = Object.assign(readable, {
    unsubscribe: async () => {
      state.unsubscribed++;
    },
  }) as unknown as ClientAllSubscription;
  return { source, state, readable };
}

const acceptAll = (event: RecordedEvent) => !event.type.startsWith('$');

describe('EventStoreDbAllSubscription', () => {
  it('hands over events in order and skips what the filter rejects while advancing its position', async () => {
    const events = [resolved(10n), resolved(20n, '$metadata'), resolved(30n, 'Other'), resolved(40n)];
    const { source } = fakeSource((i) => events[i] ?? null);
    const subscription = new EventStoreDbAllSubscription({
      open: () => source,
      accepts: (event) => acceptAll(event) && event.type === 'CaseOpened',
    });
    const seen: bigint[] = [];
    for await (const event of subscription) seen.push(event.globalPosition);
    expect(seen).toEqual([10n, 40n]);
    expect(subscription.position).toBe(40n);
  });

  it('delivers only events after an exclusive start position, even if the server repeats one', async () => {
    const events = [resolved(10n), resolved(20n), resolved(30n)];
    const { source } = fakeSource((i) => events[i] ?? null);
    const subscription = new EventStoreDbAllSubscription({
      open: () => source,
      accepts: acceptAll,
      after: 10n,
    });
    expect(subscription.position).toBe(10n);
    const seen: bigint[] = [];
    for await (const event of subscription) seen.push(event.globalPosition);
    expect(seen).toEqual([20n, 30n]);
  });

  it('pulls from the client only as fast as the consumer takes (back-pressure)', async () => {
    const { source, state } = fakeSource((i) => resolved(BigInt(i + 1) * 10n), 2); // endless log
    const subscription = new EventStoreDbAllSubscription({ open: () => source, accepts: acceptAll });
    const iterator = subscription[Symbol.asyncIterator]();
    await iterator.next();
    await new Promise((resolve) => setTimeout(resolve, 50));
    // One taken, at most a buffer's worth read ahead: nowhere near the endless supply.
    expect(state.pulled).toBeLessThanOrEqual(4);
    await subscription.stop();
  });

  it('stops after the event in hand when stop() is called inside the loop, and lets go of the client', async () => {
    const { source, state, readable } = fakeSource((i) => resolved(BigInt(i + 1)));
    const subscription = new EventStoreDbAllSubscription({ open: () => source, accepts: acceptAll });
    const seen: bigint[] = [];
    for await (const event of subscription) {
      seen.push(event.globalPosition);
      if (seen.length === 3) await subscription.stop();
    }
    expect(seen).toEqual([1n, 2n, 3n]);
    expect(state.unsubscribed).toBe(1);
    expect(readable.destroyed).toBe(true);
    await subscription.stop(); // idempotent
    expect(state.unsubscribed).toBe(1);
  });

  it('ends an idle loop cleanly when stopped from outside', async () => {
    const { source, state } = fakeSource(() => undefined);
    const subscription = new EventStoreDbAllSubscription({ open: () => source, accepts: acceptAll });
    const loop = (async () => {
      let count = 0;
      for await (const _event of subscription) count++;
      return count;
    })();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await subscription.stop();
    await expect(loop).resolves.toBe(0);
    expect(state.unsubscribed).toBe(1);
  });

  it('does not open the client subscription when stopped before it is read', async () => {
    let opened = 0;
    const subscription = new EventStoreDbAllSubscription({
      open: () => {
        opened++;
        return fakeSource(() => null).source;
      },
      accepts: acceptAll,
    });
    await subscription.stop();
    for await (const _event of subscription) throw new Error('no event expected');
    expect(opened).toBe(0);
  });

  it('raises EventStoreUnavailableError when the connection drops', async () => {
    const { source, readable } = fakeSource((i) => (i === 0 ? resolved(1n) : undefined));
    const subscription = new EventStoreDbAllSubscription({ open: () => source, accepts: acceptAll });
    const consume = (async () => {
      for await (const _event of subscription) {
        readable.destroy(new UnavailableError(undefined, '14 UNAVAILABLE: Connection dropped'));
      }
    })();
    await expect(consume).rejects.toBeInstanceOf(EventStoreUnavailableError);
  });
});
