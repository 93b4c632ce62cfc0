import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DomainError, type Decider } from '#domain-kernel';
import { PostgresEventStore, eventStoreMigrations } from '#event-store';
import { createTestDatabase, type TestDatabase } from '#platform/testing';
import { CommandPipeline, eventIdFor, type CommandContext, type EventDataCodec } from './command-pipeline.js';
import { ConcurrencyConflictError, PreconditionFailedError } from './command-pipeline.errors.js';

type Command = { type: 'Open' } | { type: 'Add'; amount: number } | { type: 'Close' };
type Event =
  | { type: 'Opened'; data: Record<string, never> }
  | { type: 'Added'; data: { amount: number } }
  | { type: 'Closed'; data: Record<string, never> };
type State = { status: 'none' } | { status: 'open'; total: number } | { status: 'closed'; total: number };

/** A tiny counter aggregate: enough to exercise every path of the pipeline. */
const counter: Decider<Command, Event, State> = {
  initialState: () => ({ status: 'none' }),
  evolve: (state, event) => {
    switch (event.type) {
      case 'Opened':
        return { status: 'open', total: 0 };
      case 'Added':
        return { status: 'open', total: (state as { total: number }).total + event.data.amount };
      case 'Closed':
        return { status: 'closed', total: (state as { total: number }).total };
    }
  },
  decide: (command, state) => {
    if (command.type === 'Open') {
      if (state.status !== 'none')
        throw new DomainError('COUNTER.EXISTS', 'illegal_transition', 'already open');
      return [{ type: 'Opened', data: {} }];
    }
    if (state.status !== 'open') throw new DomainError('COUNTER.NOT_OPEN', 'illegal_transition', 'not open');
    if (command.type === 'Close') return [{ type: 'Closed', data: {} }];
    return command.amount === 0 ? [] : [{ type: 'Added', data: { amount: command.amount } }];
  },
};

describe('CommandPipeline on PostgreSQL', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  let pipeline: CommandPipeline;
  const context = (overrides: Partial<CommandContext> = {}): CommandContext => ({
    commandId: randomUUID(),
    actor: 'tester',
    correlationId: randomUUID(),
    occurredAt: '2026-11-27T09:00:00.000Z',
    ...overrides,
  });

  beforeAll(async () => {
    database = await createTestDatabase('postgres', eventStoreMigrations, { poolSize: 30 });
    store = new PostgresEventStore(database.pool);
    pipeline = new CommandPipeline(store, { maxAttempts: 50 });
  });
  afterAll(async () => database?.close());

  it('encodes event data before the append and decodes it for folding (the codec hook)', async () => {
    // A toy codec: amounts are stored negated; the decider only ever sees them as decided.
    const flip = <E extends { type: string; data: unknown }>(event: E): E =>
      event.type === 'Added'
        ? { ...event, data: { amount: -(event.data as { amount: number }).amount } }
        : event;
    const seenHistory: number[] = [];
    const codec: EventDataCodec = {
      decode: async (events) => events.map(flip),
      encode: async (events, history) => {
        seenHistory.push(history.length);
        return { stored: events.map(flip), decoded: events.map((event) => ({ ...event })) };
      },
    };
    const encoding = new CommandPipeline(store, { codec });
    const stream = `counter-${randomUUID()}`;
    await encoding.handle(counter, stream, { type: 'Open' }, context());
    const added = await encoding.handle(counter, stream, { type: 'Add', amount: 5 }, context());
    expect(added.events).toEqual([{ type: 'Added', data: { amount: 5 } }]);
    expect(added.state).toEqual({ status: 'open', total: 5 });
    const stored = await store.readStream(stream);
    expect(stored[1]!.data).toEqual({ amount: -5 });
    expect(seenHistory).toEqual([0, 1]);
    const again = await encoding.handle(counter, stream, { type: 'Add', amount: 2 }, context());
    expect(again.state).toEqual({ status: 'open', total: 7 });
  });

  it('reads, folds, decides and appends with metadata and ids derived from the command id', async () => {
    const stream = `counter-${randomUUID()}`;
    const open = context({ causationId: 'http-request-1' });
    const result = await pipeline.handle(counter, stream, { type: 'Open' }, open);
    expect(result).toMatchObject({ revision: 0n, replayed: false, state: { status: 'open', total: 0 } });
    const [event] = await store.readStream(stream);
    expect(event!.id).toBe(eventIdFor(open.commandId, 0));
    expect(event!.metadata).toMatchObject({
      actor: 'tester',
      correlationId: open.correlationId,
      causationId: 'http-request-1',
      commandId: open.commandId,
      occurredAt: '2026-11-27T09:00:00.000Z',
      schemaVersion: 1,
    });
  });

  it('answers a repeated command from the stream and appends nothing', async () => {
    const stream = `counter-${randomUUID()}`;
    await pipeline.handle(counter, stream, { type: 'Open' }, context());
    const add = context();
    const first = await pipeline.handle(counter, stream, { type: 'Add', amount: 5 }, add);
    await pipeline.handle(counter, stream, { type: 'Add', amount: 1 }, context());
    const again = await pipeline.handle(counter, stream, { type: 'Add', amount: 5 }, add);
    expect(again.replayed).toBe(true);
    expect(again.revision).toBe(first.revision);
    expect(again.events).toEqual(first.events);
    expect(await store.readStream(stream)).toHaveLength(3);
  });

  it('refuses a stale If-Match with PreconditionFailedError and appends nothing', async () => {
    const stream = `counter-${randomUUID()}`;
    await pipeline.handle(counter, stream, { type: 'Open' }, context());
    await pipeline.handle(counter, stream, { type: 'Add', amount: 1 }, context());
    await expect(
      pipeline.handle(counter, stream, { type: 'Add', amount: 1 }, context({ expectedRevision: 0n })),
    ).rejects.toBeInstanceOf(PreconditionFailedError);
    const ok = await pipeline.handle(
      counter,
      stream,
      { type: 'Add', amount: 1 },
      context({ expectedRevision: 1n }),
    );
    expect(ok.revision).toBe(2n);
  });

  it('lets the decider refuse an unknown stream even with If-Match', async () => {
    await expect(
      pipeline.handle(
        counter,
        `counter-${randomUUID()}`,
        { type: 'Add', amount: 1 },
        context({ expectedRevision: 3n }),
      ),
    ).rejects.toMatchObject({ code: 'COUNTER.NOT_OPEN' });
  });

  it('a decision with no events appends nothing and reports the current revision', async () => {
    const stream = `counter-${randomUUID()}`;
    await pipeline.handle(counter, stream, { type: 'Open' }, context());
    const result = await pipeline.handle(counter, stream, { type: 'Add', amount: 0 }, context());
    expect(result).toMatchObject({ revision: 0n, events: [] });
  });

  it('retries concurrent writers on fresh state: 30 concurrent adds all land, none lost, no gap', async () => {
    const stream = `counter-${randomUUID()}`;
    await pipeline.handle(counter, stream, { type: 'Open' }, context());
    await Promise.all(
      Array.from({ length: 30 }, () =>
        pipeline.handle(counter, stream, { type: 'Add', amount: 1 }, context()),
      ),
    );
    const events = await store.readStream(stream);
    expect(events).toHaveLength(31);
    expect(events.map((e) => e.revision)).toEqual(events.map((_, i) => BigInt(i)));
  });

  it('gives up with ConcurrencyConflictError after the configured attempts', async () => {
    const stream = `counter-${randomUUID()}`;
    const impatient = new CommandPipeline(store, { maxAttempts: 1 });
    await impatient.handle(counter, stream, { type: 'Open' }, context());
    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, () =>
        impatient.handle(counter, stream, { type: 'Add', amount: 1 }, context()),
      ),
    );
    const rejected = outcomes.filter((o) => o.status === 'rejected') as PromiseRejectedResult[];
    for (const r of rejected) expect(r.reason).toBeInstanceOf(ConcurrencyConflictError);
    const appended = (await store.readStream(stream)).length - 1;
    expect(appended).toBe(outcomes.length - rejected.length);
  });

  it('passes domain refusals through untouched', async () => {
    const stream = `counter-${randomUUID()}`;
    await pipeline.handle(counter, stream, { type: 'Open' }, context());
    await pipeline.handle(counter, stream, { type: 'Close' }, context());
    await expect(
      pipeline.handle(counter, stream, { type: 'Add', amount: 1 }, context()),
    ).rejects.toMatchObject({
      code: 'COUNTER.NOT_OPEN',
      kind: 'illegal_transition',
    });
  });

  it('asks authorize with the folded state before deciding or replaying, and appends nothing when it refuses', async () => {
    const stream = `counter-${randomUUID()}`;
    const opened = context();
    await pipeline.handle(counter, stream, { type: 'Open' }, opened);
    const seen: unknown[] = [];
    const refuse = (state: unknown) => {
      seen.push(state);
      throw new DomainError('CASE.NOT_FOUND', 'not_found', 'outside your jurisdiction');
    };
    await expect(
      pipeline.handle(counter, stream, { type: 'Add', amount: 2 }, context({ authorize: refuse })),
    ).rejects.toMatchObject({ code: 'CASE.NOT_FOUND' });
    // A replay of an applied command is refused too: the answer would reveal the stream.
    await expect(
      pipeline.handle(counter, stream, { type: 'Open' }, { ...opened, authorize: refuse }),
    ).rejects.toMatchObject({ code: 'CASE.NOT_FOUND' });
    expect(seen).toEqual([
      { status: 'open', total: 0 },
      { status: 'open', total: 0 },
    ]);
    expect(await store.readStream(stream)).toHaveLength(1);
    const allowed = await pipeline.handle(
      counter,
      stream,
      { type: 'Add', amount: 2 },
      context({ authorize: () => undefined }),
    );
    expect(allowed.state).toEqual({ status: 'open', total: 2 });
  });
});

describe('CommandPipeline with a stream cache', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  let reads: string[];
  /** The real store, counting the stream reads the pipeline makes. */
  let countedStore: PostgresEventStore;
  const context = (overrides: Partial<CommandContext> = {}): CommandContext => ({
    commandId: randomUUID(),
    actor: 'tester',
    correlationId: randomUUID(),
    occurredAt: '2026-11-27T09:00:00.000Z',
    ...overrides,
  });

  beforeAll(async () => {
    database = await createTestDatabase('postgres', eventStoreMigrations, { poolSize: 10 });
    store = new PostgresEventStore(database.pool);
    reads = [];
    countedStore = new Proxy(store, {
      get(target, property, receiver) {
        if (property === 'readStream') {
          return (stream: string, ...rest: unknown[]) => {
            reads.push(stream);
            return (target.readStream as (...args: unknown[]) => unknown).call(target, stream, ...rest);
          };
        }
        return Reflect.get(target, property, receiver) as unknown;
      },
    });
  });
  afterAll(async () => database?.close());

  const cached = (options = { maxStreams: 100, maxAgeMs: 60_000 }) =>
    new CommandPipeline(countedStore, { streamCache: options });

  it('decides the next command on a stream it wrote from the kept state, without reading the stream again', async () => {
    const pipeline = cached();
    const stream = `counter-${randomUUID()}`;
    await pipeline.handle(counter, stream, { type: 'Open' }, context());
    await pipeline.handle(counter, stream, { type: 'Add', amount: 2 }, context());
    const third = await pipeline.handle(counter, stream, { type: 'Add', amount: 3 }, context());
    expect(third).toMatchObject({ revision: 2n, state: { status: 'open', total: 5 }, replayed: false });
    expect(reads.filter((read) => read === stream)).toHaveLength(1);
    expect((await store.readStream(stream)).map((event) => event.revision)).toEqual([0n, 1n, 2n]);
  });

  it('a write by another process in between: the store refuses the append on the kept state and the command is decided on the fresh stream', async () => {
    const pipeline = cached();
    const otherProcess = new CommandPipeline(store);
    const stream = `counter-${randomUUID()}`;
    await pipeline.handle(counter, stream, { type: 'Open' }, context());
    await otherProcess.handle(counter, stream, { type: 'Add', amount: 10 }, context());
    const added = await pipeline.handle(counter, stream, { type: 'Add', amount: 1 }, context());
    expect(added).toMatchObject({ revision: 2n, state: { status: 'open', total: 11 } });
    await otherProcess.handle(counter, stream, { type: 'Close' }, context());
    await expect(
      pipeline.handle(counter, stream, { type: 'Add', amount: 1 }, context()),
    ).rejects.toMatchObject({ code: 'COUNTER.NOT_OPEN' });
    expect((await store.readStream(stream)).map((event) => event.type)).toEqual([
      'Opened',
      'Added',
      'Added',
      'Closed',
    ]);
  });

  it('an If-Match that holds on the stream but not on the kept state is accepted; one that holds on neither is refused', async () => {
    const pipeline = cached();
    const otherProcess = new CommandPipeline(store);
    const stream = `counter-${randomUUID()}`;
    await pipeline.handle(counter, stream, { type: 'Open' }, context());
    await otherProcess.handle(counter, stream, { type: 'Add', amount: 4 }, context());
    const ok = await pipeline.handle(
      counter,
      stream,
      { type: 'Add', amount: 1 },
      context({ expectedRevision: 1n }),
    );
    expect(ok).toMatchObject({ revision: 2n, state: { status: 'open', total: 5 } });
    await otherProcess.handle(counter, stream, { type: 'Add', amount: 1 }, context());
    await expect(
      pipeline.handle(counter, stream, { type: 'Add', amount: 1 }, context({ expectedRevision: 2n })),
    ).rejects.toBeInstanceOf(PreconditionFailedError);
    expect(await store.readStream(stream)).toHaveLength(4);
  });

  it('a command another process already applied is not applied twice', async () => {
    const pipeline = cached();
    const otherProcess = new CommandPipeline(store);
    const stream = `counter-${randomUUID()}`;
    await pipeline.handle(counter, stream, { type: 'Open' }, context());
    const add = context();
    await otherProcess.handle(counter, stream, { type: 'Add', amount: 5 }, add);
    const again = await pipeline.handle(counter, stream, { type: 'Add', amount: 5 }, add);
    expect(again).toMatchObject({ revision: 1n, state: { status: 'open', total: 5 } });
    const next = await pipeline.handle(counter, stream, { type: 'Add', amount: 1 }, context());
    expect(next).toMatchObject({ revision: 2n, state: { status: 'open', total: 6 } });
    expect((await store.readStream(stream)).map((event) => event.type)).toEqual(['Opened', 'Added', 'Added']);
  });

  it('a refusal by authorize on the kept state is checked again on a fresh read before it is final', async () => {
    const pipeline = cached();
    const stream = `counter-${randomUUID()}`;
    await pipeline.handle(counter, stream, { type: 'Open' }, context());
    const seen: unknown[] = [];
    const refuse = (state: unknown) => {
      seen.push(state);
      throw new DomainError('CASE.NOT_FOUND', 'not_found', 'outside your jurisdiction');
    };
    const before = reads.filter((read) => read === stream).length;
    await expect(
      pipeline.handle(counter, stream, { type: 'Add', amount: 2 }, context({ authorize: refuse })),
    ).rejects.toMatchObject({ code: 'CASE.NOT_FOUND' });
    expect(seen).toHaveLength(2);
    expect(reads.filter((read) => read === stream).length).toBe(before + 1);
    expect(await store.readStream(stream)).toHaveLength(1);
  });

  it('keeps at most maxStreams streams and nothing older than maxAgeMs', async () => {
    const small = cached({ maxStreams: 1, maxAgeMs: 60_000 });
    const [a, b] = [`counter-${randomUUID()}`, `counter-${randomUUID()}`];
    await small.handle(counter, a, { type: 'Open' }, context());
    await small.handle(counter, b, { type: 'Open' }, context());
    await small.handle(counter, a, { type: 'Add', amount: 1 }, context());
    expect(reads.filter((read) => read === a)).toHaveLength(2);
    const aged = cached({ maxStreams: 100, maxAgeMs: 0 });
    const c = `counter-${randomUUID()}`;
    await aged.handle(counter, c, { type: 'Open' }, context());
    await new Promise((resolve) => setTimeout(resolve, 5));
    const added = await aged.handle(counter, c, { type: 'Add', amount: 1 }, context());
    expect(added.state).toEqual({ status: 'open', total: 1 });
    expect(reads.filter((read) => read === c)).toHaveLength(2);
  });

  it('concurrent commands on one stream through one cached pipeline all land, none lost, no gap', async () => {
    const pipeline = new CommandPipeline(countedStore, {
      maxAttempts: 50,
      streamCache: { maxStreams: 100, maxAgeMs: 60_000 },
    });
    const stream = `counter-${randomUUID()}`;
    await pipeline.handle(counter, stream, { type: 'Open' }, context());
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        pipeline.handle(counter, stream, { type: 'Add', amount: 1 }, context()),
      ),
    );
    expect(Math.max(...results.map((result) => (result.state as { total: number }).total))).toBe(20);
    const events = await store.readStream(stream);
    expect(events).toHaveLength(21);
    expect(events.map((e) => e.revision)).toEqual(events.map((_, i) => BigInt(i)));
  });
});
