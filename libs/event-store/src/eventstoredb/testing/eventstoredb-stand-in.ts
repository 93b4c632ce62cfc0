/**
 * A stand-in for an EventStoreDB server behind @eventstore/db-client 6.2.1, for the adapter's specs
 * and the contract suite on machines where no server can run. It answers the client methods the
 * adapter calls, with the server's behaviour where the adapter depends on it, as read in the server's
 * source (EventStore v24.10.0) and the client's (6.2.1):
 *
 * - The log is a sequence of records at byte offsets (`LogRecord`): an epoch record at 0, then one
 *   prepare record per event, sized by its content, so positions are sparse and P + 1 lies inside a
 *   record. Events written through gRPC are committed prepares at `(commit, prepare) = (P, P)`;
 *   `appendExplicitTransaction` writes TCP-era prepares with a separate commit record (`commit > prepare`).
 * - Reads of `$all` start at a record boundary or fail with the server's `InvalidPosition`, which a
 *   one-shot read reports as UNKNOWN "Unexpected ReadAllResult: InvalidPosition" (Enumerator.ReadAllForwards)
 *   and a subscription as INVALID_ARGUMENT "Trying to read from an invalid position.". A forward read
 *   includes the record at its start; a backward read starts before it; a subscription after it.
 * - Reads return exactly `maxCount` (the client's default is Number.MAX_SAFE_INTEGER; the server has no
 *   cap, it streams pages of 32); reads and subscriptions carry no deadline (the client sets Infinity).
 * - Idempotence is the server's `IndexWriter.CheckCommit`: per stream, by revision, and for `any` /
 *   `stream_exists` against a bounded cache of recent event ids. There is no global event-id index: an
 *   id stored in another stream is written again.
 * - Appends larger than the server's 1 MiB `MaxAppendSize` are refused.
 * - Faults (`fail`) produce the gRPC errors a node gives while starting, busy, electing a leader, denying
 *   access or unreachable, converted by the client's own `convertToCommandError`; `unresponsive`
 *   answers nothing until the caller gives up.
 *
 * It is not a server: no chunks, scavenging, stream deletion, ACLs, links or projections.
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import {
  MaxAppendSizeExceededError,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import type {
  AppendExpectedRevision,
  AppendResult,
  EventData,
  EventStoreDBClient,
  Filter,
  Position,
} from '@eventstore/db-client';
import {
  GRPC,
  clientError,
  faultError,
  invalidReadPosition,
  type ClientMethod,
  type StandInFault,
} from './eventstoredb-stand-in-faults.js';
import { StandInRead, StandInSubscription, type StandInEvent } from './eventstoredb-stand-in-streams.js';

export type { StandInFault } from './eventstoredb-stand-in-faults.js';
export { StandInRead, StandInSubscription } from './eventstoredb-stand-in-streams.js';

interface PrepareContent {
  readonly stream: string;
  readonly revision: bigint;
  readonly id: string;
  readonly type: string;
  readonly data: Buffer;
  readonly metadata: Buffer;
  readonly created: Date;
}

/** One record of the transaction file: [position, position + size). */
interface LogRecord {
  readonly position: bigint;
  readonly size: bigint;
  readonly kind: 'system' | 'prepare' | 'commit';
}

/** An event as `$all` orders it: by (commit, prepare). */
interface AllEntry {
  readonly commit: bigint;
  readonly prepare: bigint;
  readonly content: PrepareContent;
}

/** The server's default `MaxAppendSize` (ClusterVNodeOptions: 1,048,576 bytes). */
export const STAND_IN_MAX_APPEND_SIZE = 1_048_576;
const EPOCH_RECORD_SIZE = 128n;
/** Prefix, suffix and the fixed fields of a v1 prepare record, roughly: only the sparseness matters. */
const PREPARE_OVERHEAD = 96;
const COMMIT_RECORD_SIZE = 52n;

export interface EventStoreDbStandInOptions {
  /** Event ids the server remembers for `any` / `stream_exists` retries (its committed-events cache). */
  recentIdCacheSize?: number;
}

export class EventStoreDbStandIn {
  private readonly records: LogRecord[] = [];
  private readonly recordStarts = new Set<bigint>();
  private end = 0n;
  private readonly all: AllEntry[] = [];
  private readonly streams = new Map<string, AllEntry[]>();
  /** The server's `_committedEvents`: recent ids → stream and revision, oldest first. */
  private readonly recentIds = new Map<string, { stream: string; revision: bigint }>();
  private readonly recentIdCacheSize: number;
  private readonly appended = new EventEmitter().setMaxListeners(0);
  private faults: { fault: StandInFault; remaining: number; methods: ReadonlySet<ClientMethod> }[] = [];
  private disposed = false;
  /** Every call the client received, in order (positions sent, counts), for specs to inspect. */
  readonly calls: { method: ClientMethod; options: Record<string, unknown> }[] = [];

  constructor(options: EventStoreDbStandInOptions = {}) {
    this.recentIdCacheSize = options.recentIdCacheSize ?? 100_000;
    this.writeRecord('system', EPOCH_RECORD_SIZE);
    this.appendSystemEvent('$epoch-information', '$epoch-information');
  }

  /** This stand-in where the adapter takes a client. */
  asClient(): EventStoreDBClient {
    return this as unknown as EventStoreDBClient;
  }

  /** The next `times` calls of these methods (default: all) fail with the fault. */
  fail(fault: StandInFault, options: { times?: number; methods?: readonly ClientMethod[] } = {}): void {
    this.faults.push({
      fault,
      remaining: options.times ?? Number.POSITIVE_INFINITY,
      methods: new Set(options.methods ?? ['appendToStream', 'readStream', 'readAll', 'subscribeToAll']),
    });
  }

  /** Ends every fault. */
  heal(): void {
    this.faults = [];
  }

  /** Where each record of the log starts (0 is the epoch record), and where the log ends. */
  boundaries(): { starts: bigint[]; end: bigint } {
    return { starts: this.records.map((record) => record.position), end: this.end };
  }

  /** A system event the server writes on its own (`$statsCollected`, `$epoch-information`, ...). */
  appendSystemEvent(stream: string, type: string): bigint {
    const revision = BigInt(this.streams.get(stream)?.length ?? 0);
    return this.writeCommittedPrepares(stream, revision, [
      { id: randomUUID(), type, data: {}, contentType: 'application/json' } as EventData,
    ]).at(-1)!.prepare;
  }

  /**
   * A TCP-era explicit transaction: prepares first, then a commit record; `$all` reports its events at
   * `(commit, prepare)` with commit > prepare. gRPC clients cannot write these; logs migrated from old
   * servers hold them.
   */
  appendExplicitTransaction(stream: string, events: readonly EventData[]): void {
    let revision = BigInt(this.streams.get(stream)?.length ?? 0);
    const prepared = events.map((event) => {
      const content = this.contentOf(stream, revision++, event);
      return { position: this.writeRecord('prepare', prepareSize(content)).position, content };
    });
    const commit = this.writeRecord('commit', COMMIT_RECORD_SIZE).position;
    this.index(prepared.map(({ position, content }) => ({ commit, prepare: position, content })));
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.appended.emit('appended');
  }

  // -------------------------------------------------------------------------------------------
  // The client's methods
  // -------------------------------------------------------------------------------------------

  async appendToStream(
    streamName: string,
    events: EventData | EventData[],
    options: { expectedRevision?: AppendExpectedRevision } = {},
  ): Promise<AppendResult> {
    const batch = Array.isArray(events) ? events : [events];
    const expected = options.expectedRevision ?? 'any';
    this.calls.push({
      method: 'appendToStream',
      options: { streamName, expectedRevision: expected, count: batch.length },
    });
    const fault = this.takeFault('appendToStream');
    if (fault === 'unresponsive') return new Promise<never>(() => undefined);
    if (fault) throw faultError(fault);
    const size = batch.reduce(
      (total, event) => total + bytesOf(event.data).length + bytesOf(event.metadata).length,
      0,
    );
    if (size > STAND_IN_MAX_APPEND_SIZE)
      throw MaxAppendSizeExceededError.fromMaxAppendSize(STAND_IN_MAX_APPEND_SIZE);

    const decision = this.checkCommit(
      streamName,
      expected,
      batch.map((event) => event.id),
    );
    if (decision.kind === 'wrong-expected-version') {
      throw new WrongExpectedVersionError(undefined, {
        streamName,
        expected,
        current: decision.current < 0n ? 'no_stream' : decision.current,
      });
    }
    if (decision.kind === 'idempotent') {
      const last = this.streams.get(streamName)![Number(decision.lastRevision)]!;
      return {
        success: true,
        nextExpectedRevision: decision.lastRevision,
        position: { commit: last.commit, prepare: last.prepare },
      };
    }
    const first = BigInt(this.streams.get(streamName)?.length ?? 0);
    const written = this.writeCommittedPrepares(streamName, first, batch);
    const last = written.at(-1)!;
    return {
      success: true,
      nextExpectedRevision: last.content.revision,
      position: { commit: last.commit, prepare: last.prepare },
    };
  }

  readStream(
    streamName: string,
    options: { direction?: string; fromRevision?: bigint | 'start' | 'end'; maxCount?: number | bigint } = {},
    readableOptions: { highWaterMark?: number } = {},
  ): StandInRead {
    const direction = options.direction ?? 'forwards';
    const from = options.fromRevision ?? 'start';
    const maxCount = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
    this.calls.push({
      method: 'readStream',
      options: { streamName, direction, fromRevision: from, maxCount },
    });
    const fault = this.takeFault('readStream');
    return new StandInRead(readableOptions.highWaterMark, () => {
      if (fault === 'unresponsive') return 'unresponsive';
      if (fault) throw faultError(fault);
      const stream = this.streams.get(streamName);
      if (!stream) throw new StreamNotFoundError(null as never, streamName);
      const last = BigInt(stream.length - 1);
      let entries: AllEntry[];
      if (direction === 'forwards') {
        const start = from === 'start' ? 0n : from === 'end' ? last + 1n : from;
        entries = stream.slice(Number(start));
      } else {
        const start = from === 'end' ? last : from === 'start' ? -1n : from > last ? last : from;
        entries = stream.slice(0, Number(start) + 1).reverse();
      }
      return entries.slice(0, maxCount).map((entry) => ({ event: toClientEvent(entry) }));
    });
  }

  readAll(
    options: {
      direction?: string;
      fromPosition?: Position | 'start' | 'end';
      maxCount?: number | bigint;
    } = {},
    readableOptions: { highWaterMark?: number } = {},
  ): StandInRead {
    const direction = options.direction ?? 'forwards';
    const from = options.fromPosition ?? 'start';
    const maxCount = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
    this.calls.push({ method: 'readAll', options: { direction, fromPosition: from, maxCount } });
    const fault = this.takeFault('readAll');
    return new StandInRead(readableOptions.highWaterMark, () => {
      if (fault === 'unresponsive') return 'unresponsive';
      if (fault) throw faultError(fault);
      let entries: AllEntry[];
      if (direction === 'forwards') {
        if (from === 'end') entries = [];
        else if (from === 'start') entries = this.all;
        else {
          if (from.commit < this.end && !this.recordStarts.has(from.commit)) throw invalidReadPosition();
          // AllReader: scan from the commit position; take what is at or after (commit, prepare).
          entries = this.all.filter((entry) => entry.commit >= from.commit && compare(entry, from) >= 0);
        }
      } else {
        // Backwards positions are post-positions: the read starts with the record that ends there.
        if (from === 'start') entries = [];
        else if (from === 'end') entries = [...this.all].reverse();
        else {
          if (from.commit > this.end || (from.commit < this.end && !this.recordStarts.has(from.commit)))
            throw invalidReadPosition();
          entries = this.all.filter((entry) => compare(entry, from) < 0).reverse();
        }
      }
      return entries
        .slice(0, maxCount)
        .map((entry) => ({ event: toClientEvent(entry), commitPosition: entry.commit }));
    });
  }

  subscribeToAll(
    options: { fromPosition?: Position | 'start' | 'end'; filter?: Filter } = {},
    readableOptions: { readableHighWaterMark?: number; highWaterMark?: number } = {},
  ): StandInSubscription {
    const from = options.fromPosition ?? 'start';
    this.calls.push({ method: 'subscribeToAll', options: { fromPosition: from, filter: options.filter } });
    const fault = this.takeFault('subscribeToAll');
    const accepts = serverFilter(options.filter);
    const highWaterMark = readableOptions.readableHighWaterMark ?? readableOptions.highWaterMark ?? 16;
    return new StandInSubscription(
      highWaterMark,
      this.appended,
      () => {
        if (fault === 'unresponsive') return 'unresponsive';
        if (fault) throw faultError(fault);
        if (from === 'start') return 0;
        if (from === 'end') return this.all.length;
        if (from.commit < this.end && !this.recordStarts.has(from.commit)) {
          throw clientError(GRPC.INVALID_ARGUMENT, 'Trying to read from an invalid position.');
        }
        // Exclusive: the first event delivered is the first one after the checkpoint.
        const index = this.all.findIndex((entry) => compare(entry, from) > 0);
        return index === -1 ? this.all.length : index;
      },
      (index) => {
        if (this.disposed) return { done: true };
        for (let next = index; next < this.all.length; next++) {
          const entry = this.all[next]!;
          if (accepts(entry.content))
            return {
              done: false,
              event: { event: toClientEvent(entry), commitPosition: entry.commit },
              next: next + 1,
            };
        }
        return { done: false, event: undefined, next: this.all.length };
      },
    );
  }

  // -------------------------------------------------------------------------------------------
  // The log
  // -------------------------------------------------------------------------------------------

  private takeFault(method: ClientMethod): StandInFault | undefined {
    const entry = this.faults.find((candidate) => candidate.remaining > 0 && candidate.methods.has(method));
    if (!entry) return undefined;
    entry.remaining--;
    return entry.fault;
  }

  private writeRecord(kind: LogRecord['kind'], size: bigint): LogRecord {
    const record = { position: this.end, size, kind };
    this.records.push(record);
    this.recordStarts.add(record.position);
    this.end += size;
    return record;
  }

  private contentOf(stream: string, revision: bigint, event: EventData): PrepareContent {
    return {
      stream,
      revision,
      id: event.id,
      type: event.type,
      data: bytesOf(event.data),
      metadata: bytesOf(event.metadata),
      created: new Date(),
    };
  }

  /** gRPC writes: one committed prepare record per event, each its own position. */
  private writeCommittedPrepares(
    stream: string,
    firstRevision: bigint,
    events: readonly EventData[],
  ): AllEntry[] {
    const entries = events.map((event, index) => {
      const content = this.contentOf(stream, firstRevision + BigInt(index), event);
      const { position } = this.writeRecord('prepare', prepareSize(content));
      return { commit: position, prepare: position, content };
    });
    this.index(entries);
    return entries;
  }

  private index(entries: readonly AllEntry[]): void {
    for (const entry of entries) {
      this.all.push(entry);
      const stream = this.streams.get(entry.content.stream) ?? [];
      stream.push(entry);
      this.streams.set(entry.content.stream, stream);
      this.recentIds.delete(entry.content.id);
      this.recentIds.set(entry.content.id, {
        stream: entry.content.stream,
        revision: entry.content.revision,
      });
      if (this.recentIds.size > this.recentIdCacheSize)
        this.recentIds.delete(this.recentIds.keys().next().value!);
    }
    this.appended.emit('appended');
  }

  /** IndexWriter.CheckCommit (v24.10.0), without soft deletes and the not-yet-replicated case. */
  private checkCommit(
    stream: string,
    expected: AppendExpectedRevision,
    ids: readonly string[],
  ):
    | { kind: 'ok' }
    | { kind: 'idempotent'; lastRevision: bigint }
    | { kind: 'wrong-expected-version'; current: bigint } {
    const events = this.streams.get(stream);
    if (!events) {
      // New stream fast path: no id is looked at, so ids stored in another stream are written again.
      return expected === 'any' || expected === 'no_stream'
        ? { kind: 'ok' }
        : { kind: 'wrong-expected-version', current: -1n };
    }
    const current = BigInt(events.length - 1);
    if (expected === 'any' || expected === 'stream_exists') {
      let last: bigint | undefined;
      for (const [index, id] of ids.entries()) {
        const recent = this.recentIds.get(id);
        if (!recent || recent.stream !== stream) {
          // The first id unknown: a new write. A later one: "corrupted idempotency", answered as WEV.
          return index === 0 ? { kind: 'ok' } : { kind: 'wrong-expected-version', current };
        }
        last = recent.revision;
      }
      return { kind: 'idempotent', lastRevision: last! };
    }
    const expectedVersion = expected === 'no_stream' ? -1n : expected;
    if (expectedVersion < current) {
      let revision = expectedVersion;
      for (const id of ids) {
        revision += 1n;
        if (events[Number(revision)]?.content.id === id) continue;
        return { kind: 'wrong-expected-version', current };
      }
      return { kind: 'idempotent', lastRevision: revision };
    }
    if (expectedVersion > current) return { kind: 'wrong-expected-version', current };
    return { kind: 'ok' };
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/** TFPos ordering: by commit, then prepare. */
function compare(entry: { commit: bigint; prepare: bigint }, position: Position): number {
  if (entry.commit !== position.commit) return entry.commit < position.commit ? -1 : 1;
  if (entry.prepare !== position.prepare) return entry.prepare < position.prepare ? -1 : 1;
  return 0;
}

function bytesOf(value: unknown): Buffer {
  if (value === undefined) return Buffer.alloc(0);
  if (value instanceof Uint8Array) return Buffer.from(value);
  return Buffer.from(JSON.stringify(value), 'utf8');
}

function prepareSize(content: PrepareContent): bigint {
  return BigInt(
    PREPARE_OVERHEAD +
      Buffer.byteLength(content.stream) +
      Buffer.byteLength(content.type) +
      content.data.length +
      content.metadata.length,
  );
}

function parse(bytes: Buffer): unknown {
  return bytes.length === 0 ? undefined : JSON.parse(bytes.toString('utf8'));
}

function toClientEvent(entry: AllEntry): StandInEvent {
  const { content } = entry;
  return {
    streamId: content.stream,
    id: content.id,
    revision: content.revision,
    type: content.type,
    data: parse(content.data),
    metadata: parse(content.metadata),
    isJson: true,
    created: content.created,
    position: { commit: entry.commit, prepare: entry.prepare },
  };
}

/** The server-side filter of a subscription: one condition, prefixes or a regex, on type or stream. */
function serverFilter(filter: Filter | undefined): (content: PrepareContent) => boolean {
  if (!filter) return () => true;
  const f = filter as { filterOn: string; prefixes?: string[]; regex?: string };
  const field = (content: PrepareContent) => (f.filterOn === 'streamName' ? content.stream : content.type);
  if (f.prefixes) return (content) => f.prefixes!.some((prefix) => field(content).startsWith(prefix));
  if (f.regex !== undefined) {
    const regex = new RegExp(f.regex);
    return (content) => regex.test(field(content));
  }
  return () => true;
}
