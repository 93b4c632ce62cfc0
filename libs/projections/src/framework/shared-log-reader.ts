import type { AllFilter, EventStore, RecordedEvent } from '#event-store';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A page of the log for one reader's filter. */
export interface LogPage {
  /** Matching events in log order. */
  readonly events: readonly RecordedEvent[];
  /**
   * Position up to which the page is complete: every matching event at or below it is in `events`
   * (at least the last event's position; further when non-matching events were scanned past, so
   * a checkpoint may move over them). Undefined when nothing follows yet.
   */
  readonly throughPosition: bigint | undefined;
}

/** Where a runner gets its pages of the global log from. */
export interface LogReader {
  /**
   * Up to `maxCount` events after `after` (exclusive: a checkpoint, or 0n for the start) whose type
   * starts with one of the filter's prefixes, in log order (what `eventStore.readAll({after})` with
   * that filter answers). A page may be shorter than `maxCount`, even empty, while more events
   * follow; `throughPosition` says how far it got.
   */
  read(after: bigint, maxCount: number, filter: AllFilter, readerName?: string): Promise<LogPage>;
  /** The named reader stops reading for a while (at the head, failing, parked, stopped): nobody waits for it until it reads again. */
  pause?(readerName: string): void;
}

/** Reads straight from the store: every caller reads and decodes its own pages. */
export function storeLogReader(eventStore: EventStore): LogReader {
  return {
    async read(after, maxCount, filter) {
      const events = await eventStore.readAll({ after, maxCount, filter });
      return { events, throughPosition: events[events.length - 1]?.globalPosition };
    },
  };
}

export interface SharedLogReaderOptions {
  /** Events per read from the store (default 5000). */
  readonly chunkSize?: number;
  /** Chunks kept in memory, least recently used dropped first (default 8). */
  readonly maxChunks?: number;
  /** Chunks one read scans at most before it answers with what it found (default 4). */
  readonly maxChunksPerRead?: number;
  /**
   * A reader ahead of the others waits at most this long before reading a new chunk while the cache
   * is full of chunks the slowest active reader still needs (default 5000 ms), so one read serves
   * all instead of the laggard reading everything again after eviction.
   */
  readonly laggardWaitMs?: number;
  /**
   * A reader that has not read for this long is not waited for (default 10,000 ms). Runners also say
   * so at once (`pause`) when they reach the head, fail, park, or stop, so a failing projection never
   * holds the others.
   */
  readonly activeWithinMs?: number;
}

/**
 * Exactly the events of the log with a type in `eventTypePrefixes` (as prefixes) and a position
 * in `(after, last]`: the port promises that nothing ever appears at or below a delivered position,
 * so a chunk stays true for ever. `full` = the read returned chunkSize events (more may follow).
 */
interface Chunk {
  readonly after: bigint;
  readonly last: bigint;
  readonly events: readonly RecordedEvent[];
  readonly full: boolean;
  used: number;
}

/**
 * One reader of the global log shared by every runner of a process: each chunk is read from the
 * store and decoded once (with the union of the runners' type filters) and every runner takes its
 * own events out of it. Runners still move on their own (own checkpoint, transaction, lock, retries,
 * parking): a runner that falls behind or fails simply reads older positions, from the cache while
 * they are in it and from the store otherwise. Events are shared, so they are frozen (the event,
 * its data and metadata) before they are handed out: a projector that assigned a field would fail on
 * its own instead of changing what the other projectors see.
 */
export class SharedLogReader implements LogReader {
  private readonly chunkSize: number;
  private readonly maxChunks: number;
  private readonly maxChunksPerRead: number;
  private readonly filter: AllFilter;
  private chunks: Chunk[] = [];
  private readonly inFlight = new Set<{ readonly after: bigint; readonly done: Promise<unknown> }>();
  private uses = 0;
  private readonly laggardWaitMs: number;
  private readonly activeWithinMs: number;
  /** Where each named reader read last (the position it reads after), and when. */
  private readonly readers = new Map<string, { position: bigint; at: number }>();
  /** Reads that went to the store, and events they returned (for tests and the bench). */
  readonly stats = { storeReads: 0, eventsRead: 0 };

  constructor(
    private readonly eventStore: EventStore,
    eventTypePrefixes: readonly string[],
    options: SharedLogReaderOptions = {},
  ) {
    this.chunkSize = options.chunkSize ?? 5000;
    this.maxChunks = options.maxChunks ?? 8;
    this.maxChunksPerRead = options.maxChunksPerRead ?? 4;
    this.laggardWaitMs = options.laggardWaitMs ?? 5000;
    this.activeWithinMs = options.activeWithinMs ?? 10_000;
    this.filter = { eventTypePrefixes: [...new Set(eventTypePrefixes)] };
  }

  async read(after: bigint, maxCount: number, filter: AllFilter, readerName = ''): Promise<LogPage> {
    const matches = this.matcher(filter);
    this.readers.set(readerName, { position: after, at: Date.now() });
    const events: RecordedEvent[] = [];
    let position = after;
    let through: bigint | undefined;
    for (let scanned = 1; ; scanned++) {
      const chunk = await this.chunkAt(position, readerName);
      if (!chunk) return { events, throughPosition: through };
      const chunkEvents = chunk.events;
      for (let index = firstAfter(chunkEvents, position); index < chunkEvents.length; index++) {
        const event = chunkEvents[index]!;
        if (!matches(event.type)) continue;
        events.push(event);
        if (events.length === maxCount) return { events, throughPosition: event.globalPosition };
      }
      through = chunk.last;
      // A chunk that was not full ended at the head of the log as it was then: what follows is unread.
      // Otherwise stop after a few chunks even without a match: the caller moves its checkpoint past them.
      if (!chunk.full || scanned >= this.maxChunksPerRead) return { events, throughPosition: through };
      position = chunk.last;
    }
  }

  pause(readerName: string): void {
    this.readers.delete(readerName);
  }

  private readonly matchers = new WeakMap<readonly string[], (type: string) => boolean>();

  private matcher(filter: AllFilter): (type: string) => boolean {
    const key = filter.eventTypePrefixes;
    if (!key) return prefixMatcher(filter, this.filter);
    let matcher = this.matchers.get(key);
    if (!matcher) {
      matcher = prefixMatcher(filter, this.filter);
      this.matchers.set(key, matcher);
    }
    return matcher;
  }

  /**
   * A cached chunk holding what follows `after`, or one read from the store after it; undefined when
   * nothing follows yet.
   */
  private async chunkAt(after: bigint, readerName: string): Promise<Chunk | undefined> {
    const position = after;
    const waitUntil = Date.now() + this.laggardWaitMs;
    for (;;) {
      const cached = this.chunks.find((chunk) => chunk.after <= position && position < chunk.last);
      if (cached) {
        cached.used = ++this.uses;
        return cached;
      }
      // A read in flight from at or before this position will probably cover it: wait for it instead of reading twice.
      const pending = [...this.inFlight].find((read) => read.after <= position);
      if (pending) {
        await pending.done.catch(() => undefined);
        continue;
      }
      // Reading a new chunk would evict one the slowest active reader still needs: give it a moment.
      const slowest = this.slowestActiveReader(readerName);
      if (slowest === undefined || slowest >= position || Date.now() >= waitUntil) break;
      if (this.chunks.filter((chunk) => chunk.last > slowest).length < this.maxChunks) break;
      await sleep(5);
    }
    const read = this.eventStore.readAll({
      after: position,
      maxCount: this.chunkSize,
      filter: this.filter,
    });
    const marker = { after: position, done: read };
    this.inFlight.add(marker);
    try {
      const events = await read;
      this.stats.storeReads++;
      this.stats.eventsRead += events.length;
      if (events.length === 0) return undefined;
      for (const event of events) freezeEvent(event);
      const chunk: Chunk = {
        after: position,
        last: events[events.length - 1]!.globalPosition,
        events,
        full: events.length >= this.chunkSize,
        used: ++this.uses,
      };
      this.chunks.push(chunk);
      if (this.chunks.length > this.maxChunks) {
        // Drop a chunk no active reader needs any more (behind the slowest one), else the least recently used.
        const slowest = this.slowestActiveReader(undefined);
        const behind =
          slowest === undefined ? [] : this.chunks.filter((candidate) => candidate.last <= slowest);
        const victim = (behind.length > 0 ? behind : this.chunks).reduce((a, b) =>
          a.used <= b.used ? a : b,
        );
        this.chunks = this.chunks.filter((candidate) => candidate !== victim);
      }
      return chunk;
    } finally {
      this.inFlight.delete(marker);
    }
  }

  private slowestActiveReader(except: string | undefined): bigint | undefined {
    const since = Date.now() - this.activeWithinMs;
    let slowest: bigint | undefined;
    for (const [name, { position, at }] of this.readers) {
      if (name === except || at < since) continue;
      if (slowest === undefined || position < slowest) slowest = position;
    }
    return slowest;
  }
}

/** Index of the first event after `position` (events are in increasing position order). */
function firstAfter(events: readonly RecordedEvent[], position: bigint): number {
  let low = 0;
  let high = events.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (events[middle]!.globalPosition <= position) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * The caller's filter, applied to chunks read with the shared filter. A caller asking for a type
 * the shared filter does not cover would silently miss events, so that is refused.
 */
function prefixMatcher(filter: AllFilter, shared: AllFilter): (type: string) => boolean {
  if (filter.streamPrefixes?.length) throw new Error('the shared log reader filters by event type only');
  const prefixes = filter.eventTypePrefixes ?? [];
  const sharedPrefixes = shared.eventTypePrefixes ?? [];
  for (const prefix of prefixes) {
    if (!sharedPrefixes.some((candidate) => prefix.startsWith(candidate))) {
      throw new Error(`the shared log reader does not read events of type prefix ${JSON.stringify(prefix)}`);
    }
  }
  if (prefixes.length === 0) {
    if (sharedPrefixes.length > 0)
      throw new Error("the shared log reader reads only its projections' event types");
    return () => true;
  }
  const known = new Map<string, boolean>();
  return (type) => {
    let answer = known.get(type);
    if (answer === undefined) {
      answer = prefixes.some((prefix) => type.startsWith(prefix));
      known.set(type, answer);
    }
    return answer;
  };
}

/**
 * The event and its data and metadata objects are frozen (not deeper: a deep freeze cost more than
 * decoding). Projectors must never change an event; one that assigns a field fails on its own.
 */
function freezeEvent(event: RecordedEvent): void {
  Object.freeze(event);
  if (event.data !== null && typeof event.data === 'object') Object.freeze(event.data);
  Object.freeze(event.metadata);
}
