import { describe, expect, it } from '@jest/globals';
import {
  ANY,
  DeadlineExceededError,
  NO_STREAM,
  NotLeaderError,
  STREAM_EXISTS,
  StreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import type { RecordedEvent as EsdbRecordedEvent } from '@eventstore/db-client';
import { randomUUID } from 'node:crypto';
import {
  EventStoreUnavailableError,
  IdempotencyViolationError,
  InvalidAppendError,
  WrongExpectedRevisionError,
} from '../event-store.errors.js';
import type { EventMetadata, NewEvent } from '../event-store.port.js';
import {
  appendPosition,
  explainWrongExpectedVersion,
  firstRevisionAfter,
  fromEsdbCurrentRevision,
  fromEsdbExpectedRevision,
  isStreamNotFound,
  isWrongExpectedVersion,
  mapClientError,
  normaliseMaxCount,
  planAllFilter,
  toEsdbExpectedRevision,
  toEsdbPosition,
  toEventData,
  toGlobalPosition,
  toRecordedEvent,
  validateAppend,
} from './eventstoredb-mapping.js';

const metadata: EventMetadata = {
  actor: 'user-1',
  correlationId: 'c-1',
  causationId: 'cmd-1',
  occurredAt: '2024-05-01T10:00:00.000Z',
  schemaVersion: 1,
  idempotencyKey: 'k-1',
};

function newEvent(overrides: Partial<NewEvent> = {}): NewEvent {
  return { id: randomUUID(), type: 'CaseOpened', data: { caseId: 'c' }, metadata, ...overrides };
}

function esdbEvent(overrides: Partial<EsdbRecordedEvent> = {}): EsdbRecordedEvent {
  return {
    streamId: 'case-1',
    id: randomUUID(),
    isJson: true,
    revision: 3n,
    type: 'CaseOpened',
    created: new Date('2024-05-01T10:00:01.234Z'),
    data: { caseId: 'c' },
    metadata,
    position: { commit: 4242n, prepare: 4242n },
    ...overrides,
  } as EsdbRecordedEvent;
}

describe('expected revision mapping', () => {
  it.each([
    ['any', ANY],
    ['no_stream', NO_STREAM],
    ['stream_exists', STREAM_EXISTS],
    [7n, 7n],
    [0n, 0n],
  ] as const)('maps %p to the client value %p and back', (ours, theirs) => {
    expect(toEsdbExpectedRevision(ours)).toBe(theirs);
    expect(fromEsdbExpectedRevision(theirs)).toBe(ours);
  });

  it('reads the actual revision of a conflict, where -1 or no_stream mean the stream does not exist', () => {
    expect(fromEsdbCurrentRevision(5n)).toBe(5n);
    expect(fromEsdbCurrentRevision(NO_STREAM)).toBe('no_stream');
    expect(fromEsdbCurrentRevision(-1n)).toBe('no_stream');
  });

  it('names the first revision a retry of the batch would occupy', () => {
    expect(firstRevisionAfter('no_stream')).toBe(0n);
    expect(firstRevisionAfter(4n)).toBe(5n);
    expect(firstRevisionAfter('any')).toBeUndefined();
    expect(firstRevisionAfter('stream_exists')).toBeUndefined();
  });
});

describe('position mapping', () => {
  it('uses the log position of gRPC-written events (commit = prepare) as the global position, invertibly', () => {
    for (const p of [0n, 1n, 4242n, 2n ** 40n + 17n]) {
      const position = toEsdbPosition(p);
      expect(position).toEqual({ commit: p, prepare: p });
      expect(toGlobalPosition(position)).toBe(p);
    }
  });

  it('keeps the order of $all', () => {
    const positions = [
      { commit: 100n, prepare: 100n },
      { commit: 187n, prepare: 187n },
      { commit: 400n, prepare: 400n },
    ];
    const mapped = positions.map(toGlobalPosition);
    expect([...mapped].sort((a, b) => (a < b ? -1 : 1))).toEqual(mapped);
  });

  it('refuses events of explicit transactions (commit ≠ prepare) rather than mapping them wrongly', () => {
    expect(() => toGlobalPosition({ commit: 500n, prepare: 100n })).toThrow(/explicit transaction/);
  });

  it('refuses the "no position" marker old servers send on stream reads', () => {
    const none = (1n << 64n) - 1n;
    expect(() => toGlobalPosition({ commit: none, prepare: none })).toThrow(RangeError);
    expect(appendPosition({ commit: none, prepare: none })).toBeUndefined();
  });

  it('never builds a negative position', () => {
    expect(() => toEsdbPosition(-1n)).toThrow(RangeError);
  });

  it("takes an append's position from the commit position and reports a missing one as unknown", () => {
    expect(appendPosition({ commit: 900n, prepare: 900n })).toBe(900n);
    expect(appendPosition(undefined)).toBeUndefined();
    expect(appendPosition({ commit: -1n, prepare: -1n })).toBeUndefined();
  });
});

describe('event mapping', () => {
  it('keeps our event id, so EventStoreDB recognises a retried batch', () => {
    const event = newEvent();
    const data = toEventData(event);
    expect(data).toEqual({
      id: event.id,
      contentType: 'application/json',
      type: 'CaseOpened',
      data: { caseId: 'c' },
      metadata,
    });
  });

  it('reads an envelope: metadata from the JSON metadata, recordedAt from created, position from the log', () => {
    const raw = esdbEvent();
    expect(toRecordedEvent(raw)).toEqual({
      id: raw.id,
      type: 'CaseOpened',
      data: { caseId: 'c' },
      metadata,
      stream: 'case-1',
      revision: 3n,
      globalPosition: 4242n,
      recordedAt: '2024-05-01T10:00:01.234Z',
    });
  });

  it('takes a position supplied by the caller when the event carries none', () => {
    expect(toRecordedEvent(esdbEvent({ position: undefined }), 99n).globalPosition).toBe(99n);
    expect(() => toRecordedEvent(esdbEvent({ position: undefined }))).toThrow(/22\.6/);
  });

  it('reads a foreign event without JSON metadata with empty metadata instead of failing the reader', () => {
    expect(toRecordedEvent(esdbEvent({ metadata: undefined })).metadata).toEqual({});
  });
});

describe('filter plan', () => {
  it('sends event-type prefixes to the server and applies stream prefixes on the client', () => {
    const plan = planAllFilter({ eventTypePrefixes: ['Case'], streamPrefixes: ['case-'] });
    expect(plan.server).toMatchObject({ filterOn: 'eventType', prefixes: ['Case'] });
    expect(plan.accepts({ type: 'CaseOpened', stream: 'case-1' })).toBe(true);
    expect(plan.accepts({ type: 'CaseOpened', stream: 'petition-1' })).toBe(false);
    expect(plan.accepts({ type: 'PetitionFiled', stream: 'case-1' })).toBe(false);
  });

  it('sends stream prefixes to the server when no event-type prefixes are given', () => {
    const plan = planAllFilter({ streamPrefixes: ['case-', 'petition-'] });
    expect(plan.server).toMatchObject({ filterOn: 'streamName', prefixes: ['case-', 'petition-'] });
    expect(plan.accepts({ type: 'PetitionFiled', stream: 'petition-9' })).toBe(true);
    expect(plan.accepts({ type: 'X', stream: 'account-1' })).toBe(false);
  });

  it('excludes system events on the server when there is no filter, and always on the client', () => {
    const plan = planAllFilter(undefined);
    expect(plan.server).toMatchObject({ filterOn: 'eventType', regex: '^[^$].*' });
    expect(plan.accepts({ type: '$metadata', stream: '$$case-1' })).toBe(false);
    expect(plan.accepts({ type: '$>', stream: '$ce-case' })).toBe(false);
    expect(plan.accepts({ type: 'CaseOpened', stream: 'case-1' })).toBe(true);
    expect(planAllFilter({ eventTypePrefixes: ['$'] }).accepts({ type: '$stats', stream: '$stats-1' })).toBe(
      false,
    );
  });

  it('treats an empty prefix list as no condition, like the PostgreSQL adapter', () => {
    const plan = planAllFilter({ eventTypePrefixes: [], streamPrefixes: [] });
    expect(plan.server).toMatchObject({ filterOn: 'eventType', regex: '^[^$].*' });
    expect(plan.accepts({ type: 'Anything', stream: 'any-1' })).toBe(true);
  });
});

describe('error mapping', () => {
  it.each([
    ['unavailable', new UnavailableError(undefined, '14 UNAVAILABLE: No connection established')],
    ['deadline exceeded', new DeadlineExceededError(undefined, '4 DEADLINE_EXCEEDED')],
    [
      'not leader',
      new NotLeaderError({
        code: 5,
        details: 'not leader',
        message: 'Leader info available',
        metadata: { getMap: () => ({ 'leader-endpoint-host': 'node2', 'leader-endpoint-port': '2113' }) },
      } as unknown as ConstructorParameters<typeof NotLeaderError>[0]),
    ],
    ['failed discovery', new Error('Failed to discover after 10 attempts.')],
  ])('maps %s to EventStoreUnavailableError, keeping the cause', (_name, error) => {
    const mapped = mapClientError(error);
    expect(mapped).toBeInstanceOf(EventStoreUnavailableError);
    expect((mapped as EventStoreUnavailableError).cause).toBe(error);
  });

  it('passes other errors through unchanged', () => {
    const error = new TypeError('boom');
    expect(mapClientError(error)).toBe(error);
  });

  it('recognises the client errors the adapter handles itself', () => {
    const conflict = new WrongExpectedVersionError(undefined, { streamName: 's', expected: 1n, current: 3n });
    expect(isWrongExpectedVersion(conflict)).toBe(true);
    expect(conflict.actualVersion).toBe(3n);
    expect(isStreamNotFound(new StreamNotFoundError(undefined, 's'))).toBe(true);
    expect(isWrongExpectedVersion(new Error('x'))).toBe(false);
  });
});

describe('explaining a WrongExpectedVersion', () => {
  const a = randomUUID();
  const b = randomUUID();
  const other = randomUUID();

  it('is a plain conflict, with expected and actual revision, when none of the ids follow the expected revision', () => {
    const error = explainWrongExpectedVersion({
      stream: 'case-1',
      expected: 2n,
      actual: 4n,
      batchIds: [a, b],
      storedIdsAfterExpected: [other, randomUUID()],
    });
    expect(error).toBeInstanceOf(WrongExpectedRevisionError);
    expect(error).toMatchObject({ stream: 'case-1', expectedRevision: 2n, actualRevision: 4n });
  });

  it('is a conflict for no_stream on an existing stream and for stream_exists on a missing one', () => {
    expect(
      explainWrongExpectedVersion({
        stream: 's',
        expected: 'no_stream',
        actual: 0n,
        batchIds: [a],
        storedIdsAfterExpected: [other],
      }),
    ).toMatchObject({ expectedRevision: 'no_stream', actualRevision: 0n });
    expect(
      explainWrongExpectedVersion({
        stream: 's',
        expected: 'stream_exists',
        actual: 'no_stream',
        batchIds: [a],
        storedIdsAfterExpected: [],
      }),
    ).toBeInstanceOf(WrongExpectedRevisionError);
  });

  it('is an idempotency violation when part of the batch is already stored after the expected revision', () => {
    // EventStoreDB's "corrupted idempotency": first id matches, the second does not.
    const error = explainWrongExpectedVersion({
      stream: 'case-1',
      expected: 2n,
      actual: 3n,
      batchIds: [a, b],
      storedIdsAfterExpected: [a.toUpperCase()],
    });
    expect(error).toBeInstanceOf(IdempotencyViolationError);
    expect(error.message).toMatch(/1 of 2 event ids/);
  });

  it('is an idempotency violation for any (and stream_exists on an existing stream): they never conflict otherwise', () => {
    expect(
      explainWrongExpectedVersion({
        stream: 's',
        expected: 'any',
        actual: 7n,
        batchIds: [a, b],
        storedIdsAfterExpected: [],
      }),
    ).toBeInstanceOf(IdempotencyViolationError);
    expect(
      explainWrongExpectedVersion({
        stream: 's',
        expected: 'stream_exists',
        actual: 7n,
        batchIds: [a],
        storedIdsAfterExpected: [],
      }),
    ).toBeInstanceOf(IdempotencyViolationError);
  });
});

describe('input checks', () => {
  it('refuses what the PostgreSQL adapter refuses', () => {
    expect(() => validateAppend('', [newEvent()], 'any')).toThrow(InvalidAppendError);
    expect(() => validateAppend('s'.repeat(201), [newEvent()], 'any')).toThrow(InvalidAppendError);
    expect(() => validateAppend('s', [], 'any')).toThrow(/at least one event/);
    expect(() => validateAppend('s', [newEvent({ id: 'not-a-uuid' })], 'any')).toThrow(/not a UUID/);
    const twice = newEvent();
    expect(() => validateAppend('s', [twice, { ...twice, id: twice.id.toUpperCase() }], 'any')).toThrow(
      /twice/,
    );
    expect(() => validateAppend('s', [newEvent({ type: '' })], 'any')).toThrow(/event type/);
    expect(() => validateAppend('s', [newEvent()], -1n)).toThrow(/never negative/);
    expect(() => validateAppend('s', [newEvent(), newEvent()], 3n)).not.toThrow();
  });

  it('defaults maxCount like the PostgreSQL adapter and refuses nonsense', () => {
    expect(normaliseMaxCount(undefined)).toBe(4096);
    expect(normaliseMaxCount(3)).toBe(3);
    expect(() => normaliseMaxCount(0)).toThrow(RangeError);
    expect(() => normaliseMaxCount(1.5)).toThrow(RangeError);
  });
});
