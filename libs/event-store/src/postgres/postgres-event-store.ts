import { EventEmitter } from 'node:events';
import pg from 'pg';
import {
  EventStoreUnavailableError,
  IdempotencyViolationError,
  WrongExpectedRevisionError,
} from '../event-store.errors.js';
import type {
  AllFilter,
  AllSubscription,
  AppendOptions,
  AppendResult,
  EventMetadata,
  EventStore,
  ExpectedRevision,
  JsonValue,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeToAllOptions,
} from '../event-store.port.js';
import { validateAppend } from '../append-validation.js';
import { readAllStart, readsNothing } from '../read-all-start.js';
import { isDatabaseUnavailableError, isUniqueViolation } from './postgres-errors.js';
import { PollingAllSubscription } from './polling-all-subscription.js';

/** Bits of the global position reserved for the index of an event inside its transaction. */
const BATCH_INDEX_BITS = 20n;
export const MAX_EVENTS_PER_APPEND = Number((1n << BATCH_INDEX_BITS) - 1n);

/**
 * Everything at a position below this bound belongs to a transaction that has ended, so no event
 * can ever appear there again. Readers of the global log see only that settled prefix; this is
 * what makes the subscription gap-safe (ADR 0003).
 */
const SETTLED_BOUND = `(pg_snapshot_xmin(pg_current_snapshot())::text::bigint << ${BATCH_INDEX_BITS})`;

const APPEND_SQL: Record<'any' | 'no_stream' | 'stream_exists' | 'revision', string> = {
  any: `INSERT INTO es_streams (stream_name, revision) VALUES ($1, $2 - 1)
        ON CONFLICT (stream_name) DO UPDATE SET revision = es_streams.revision + $2
        RETURNING revision`,
  no_stream: `INSERT INTO es_streams (stream_name, revision) VALUES ($1, $2 - 1)
        ON CONFLICT (stream_name) DO NOTHING RETURNING revision`,
  stream_exists: `UPDATE es_streams SET revision = revision + $2 WHERE stream_name = $1 RETURNING revision`,
  revision: `UPDATE es_streams SET revision = revision + $2 WHERE stream_name = $1 AND revision = $4 RETURNING revision`,
};

/**
 * One statement per append: bump the stream's revision (the row lock serialises writers of the
 * stream and the WHERE clause is the optimistic check) and insert the batch, atomically, without
 * an explicit transaction round trip.
 */
function appendStatement(kind: keyof typeof APPEND_SQL): string {
  return `
    WITH stream AS (${APPEND_SQL[kind]}),
    appended AS (
      INSERT INTO es_events (global_position, event_id, stream_name, revision, type, data, metadata)
      SELECT (pg_current_xact_id()::text::bigint << ${BATCH_INDEX_BITS}) | (e.ord - 1),
             e.id, $1, stream.revision - $2 + e.ord, e.type, e.data, e.metadata
      FROM stream, ROWS FROM (jsonb_to_recordset($3::jsonb) AS (id uuid, type text, data jsonb, metadata jsonb))
           WITH ORDINALITY AS e(id, type, data, metadata, ord)
      RETURNING global_position, revision
    )
    SELECT max(global_position)::text AS position, max(revision)::text AS revision FROM appended`;
}

const APPEND_STATEMENTS: Record<keyof typeof APPEND_SQL, string> = {
  any: appendStatement('any'),
  no_stream: appendStatement('no_stream'),
  stream_exists: appendStatement('stream_exists'),
  revision: appendStatement('revision'),
};

interface EventRow {
  global_position: string;
  event_id: string;
  stream_name: string;
  revision: string;
  type: string;
  data: JsonValue;
  metadata: EventMetadata;
  recorded_at: Date | string;
}

// Positions and revisions leave the database as text (exact for int8) and become bigints here.
// Queries must ORDER BY the qualified table columns (e.*), never the text aliases.
const EVENT_COLUMNS =
  'e.global_position::text AS global_position, e.event_id, e.stream_name, e.revision::text AS revision, e.type, e.data, e.metadata, e.recorded_at';

/** What the adapter needs of a connection pool: node-postgres' Pool, or the embedded PGlite pool. */
export interface QueryablePool {
  query(sql: string, params?: unknown[]): Promise<{ rows: any[] }>;
}

export interface PostgresEventStoreOptions {
  /** How often an idle subscription looks for events appended by other processes. */
  pollIntervalMs?: number;
}

/**
 * The event store over PostgreSQL (also PGlite, through the same wire protocol). See
 * event-store.migrations.ts for the schema and which index serves which path.
 */
export class PostgresEventStore implements EventStore {
  private readonly appended = new EventEmitter().setMaxListeners(0);
  private readonly pollIntervalMs: number;

  /**
   * Over node-postgres, the hot statements (append, stream reads) are named prepared statements:
   * each connection parses and plans them once instead of on every call. Planning the append's CTE
   * was about 40 % of its server CPU (docs/benchmarks.md). PGlite takes plain SQL only.
   */
  private readonly prepares: boolean;

  constructor(
    private readonly pool: QueryablePool,
    options: PostgresEventStoreOptions = {},
  ) {
    this.pollIntervalMs = options.pollIntervalMs ?? 100;
    this.prepares = pool instanceof pg.Pool || pool instanceof pg.Client;
  }

  /** Runs one of the fixed statements below, prepared per connection when the pool supports it. */
  private run(name: string, text: string, values: unknown[]): Promise<{ rows: any[] }> {
    if (this.prepares) return (this.pool as pg.Pool).query({ name, text, values });
    return this.pool.query(text, values);
  }

  async appendToStream(
    stream: string,
    events: readonly NewEvent[],
    options: AppendOptions = {},
  ): Promise<AppendResult> {
    const expected = options.expectedRevision ?? 'any';
    validateAppend(stream, events, expected, MAX_EVENTS_PER_APPEND);
    const kind = typeof expected === 'bigint' ? 'revision' : expected;
    const payload = JSON.stringify(
      events.map(({ id, type, data, metadata }) => ({ id, type, data, metadata })),
    );
    const params: unknown[] = [stream, events.length, payload];
    if (typeof expected === 'bigint') params.push(expected.toString());

    let row: { position: string | null; revision: string | null } | undefined;
    try {
      const result = await this.run(`es_append_${kind}`, APPEND_STATEMENTS[kind], params);
      row = result.rows[0];
    } catch (error) {
      if (isUniqueViolation(error, 'es_events_event_id_key')) {
        return this.resolveRetry(stream, events, expected);
      }
      throw mapError(error);
    }
    if (!row || row.position === null || row.revision === null) {
      return this.resolveRetry(stream, events, expected);
    }
    this.appended.emit('appended');
    return { nextExpectedRevision: BigInt(row.revision), position: BigInt(row.position) };
  }

  /**
   * The append changed nothing: either the expected revision did not hold, or the batch was
   * already stored by an earlier attempt whose reply was lost. Tell the two apart by event id.
   */
  private async resolveRetry(
    stream: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    const ids = events.map((event) => event.id);
    const stored = await this.query<{
      event_id: string;
      stream_name: string;
      revision: string;
      global_position: string;
    }>(
      `SELECT event_id, stream_name, revision::text, global_position::text FROM es_events WHERE event_id = ANY($1::uuid[])`,
      [ids],
    );
    if (stored.length === 0) {
      const actual = await this.streamRevision(stream);
      throw new WrongExpectedRevisionError(stream, expected, actual);
    }
    const byId = new Map(stored.map((row) => [row.event_id.toLowerCase(), row]));
    const rows = ids.map((id) => byId.get(id.toLowerCase()));
    const complete = rows.every((row) => row !== undefined && row.stream_name === stream);
    const first = rows[0];
    const consecutive =
      complete &&
      rows.every((row, index) => BigInt(row!.revision) === BigInt(first!.revision) + BigInt(index));
    if (!complete || !consecutive || first === undefined) {
      throw new IdempotencyViolationError(
        stream,
        `${stored.length} of ${ids.length} event ids are already stored, not as this exact batch of this stream`,
      );
    }
    const firstRevision = BigInt(first.revision);
    const matchesExpectation =
      expected === 'any' ||
      expected === 'stream_exists' ||
      (expected === 'no_stream' && firstRevision === 0n) ||
      (typeof expected === 'bigint' && expected === firstRevision - 1n);
    if (!matchesExpectation) {
      throw new WrongExpectedRevisionError(stream, expected, await this.streamRevision(stream));
    }
    const last = rows[rows.length - 1]!;
    return { nextExpectedRevision: BigInt(last.revision), position: BigInt(last.global_position) };
  }

  private async streamRevision(stream: string): Promise<bigint | 'no_stream'> {
    const rows = await this.query<{ revision: string }>(
      `SELECT revision::text FROM es_streams WHERE stream_name = $1`,
      [stream],
      'es_stream_revision',
    );
    return rows[0] ? BigInt(rows[0].revision) : 'no_stream';
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const direction = options.direction ?? 'forwards';
    const from = options.fromRevision ?? (direction === 'forwards' ? 'start' : 'end');
    // A stream is read whole unless the caller caps it: a case history must never be cut short.
    const limit = options.maxCount === undefined ? null : normaliseMaxCount(options.maxCount);
    const params: unknown[] = [stream, limit];
    let bound = '';
    if (typeof from === 'bigint') {
      params.push(from.toString());
      bound = direction === 'forwards' ? 'AND e.revision >= $3' : 'AND e.revision <= $3';
    } else if (
      (direction === 'forwards' && from === 'end') ||
      (direction === 'backwards' && from === 'start')
    ) {
      // Reading forwards from the end (or backwards from the start) yields nothing, as in EventStoreDB.
      return [];
    }
    const order = direction === 'forwards' ? 'ASC' : 'DESC';
    const rows = await this.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM es_events e WHERE e.stream_name = $1 ${bound} ORDER BY e.revision ${order} LIMIT $2`,
      params,
      `es_read_stream_${order}${bound ? '_bounded' : ''}`,
    );
    return rows.map(toRecordedEvent);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const { direction, start } = readAllStart(options);
    if (readsNothing(direction, start)) return [];
    const params: unknown[] = [normaliseMaxCount(options.maxCount)];
    const conditions = [`e.global_position < ${SETTLED_BOUND}`];
    if (start.kind === 'from' || start.kind === 'after') {
      params.push(start.position.toString());
      const operator = start.kind === 'after' ? '>' : direction === 'forwards' ? '>=' : '<=';
      conditions.push(`e.global_position ${operator} $${params.length}`);
    }
    conditions.push(...filterConditions(options.filter, params));
    const order = direction === 'forwards' ? 'ASC' : 'DESC';
    const rows = await this.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM es_events e WHERE ${conditions.join(' AND ')} ORDER BY e.global_position ${order} LIMIT $1`,
      params,
    );
    return rows.map(toRecordedEvent);
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): AllSubscription {
    return new PollingAllSubscription({
      readAfter: async (position, maxCount) =>
        this.readAll({
          ...(position === undefined ? { fromPosition: 'start' as const } : { after: position }),
          maxCount,
          filter: options.filter,
        }),
      startPosition: async () => {
        const from = options.fromPosition ?? 'start';
        if (from === 'start') return undefined;
        if (from === 'end') return this.endOfCommittedLog();
        return from;
      },
      batchSize: options.batchSize ?? 500,
      pollIntervalMs: this.pollIntervalMs,
      appended: this.appended,
    });
  }

  /**
   * 'end' for a subscription: everything committed before now is behind it, everything committed
   * later is ahead. Positions follow transaction ids, not commit order, so a plain head position
   * would either skip a slower transaction that commits later (lost events) or, taken from the
   * settled prefix, replay ones that had already committed. The current snapshot settles it: start
   * at its xmin and skip the transactions it already saw as committed (below xmax, not in flight).
   */
  private async endOfCommittedLog(): Promise<{
    position: bigint | undefined;
    committedBefore: (position: bigint) => boolean;
  }> {
    const rows = await this.query<{ xmin: string; xmax: string; xip: string[] | null }>(
      `SELECT pg_snapshot_xmin(s)::text AS xmin, pg_snapshot_xmax(s)::text AS xmax,
              ARRAY(SELECT pg_snapshot_xip(s)::text) AS xip
         FROM pg_current_snapshot() AS s`,
    );
    const row = rows[0];
    if (!row) throw new Error('pg_current_snapshot() returned no row');
    const xmin = BigInt(row.xmin);
    const xmax = BigInt(row.xmax);
    const inFlight = new Set((row.xip ?? []).map((xid) => BigInt(xid)));
    const startPosition = (xmin << BATCH_INDEX_BITS) - 1n;
    return {
      position: startPosition < 0n ? undefined : startPosition,
      committedBefore: (position) => {
        const xid = position >> BATCH_INDEX_BITS;
        return xid < xmax && !inFlight.has(xid);
      },
    };
  }

  async headPosition(): Promise<bigint> {
    const rows = await this.query<{ position: string }>(
      `SELECT e.global_position::text AS position FROM es_events e WHERE e.global_position < ${SETTLED_BOUND}
       ORDER BY e.global_position DESC LIMIT 1`,
    );
    return rows[0] ? BigInt(rows[0].position) : 0n;
  }

  async ping(): Promise<void> {
    await this.query('SELECT 1');
  }

  /** `name`: the statement is one fixed text, prepared per connection under that name. */
  private async query<Row>(sql: string, params: unknown[] = [], name?: string): Promise<Row[]> {
    try {
      const result = name ? await this.run(name, sql, params) : await this.pool.query(sql, params);
      return result.rows as Row[];
    } catch (error) {
      throw mapError(error);
    }
  }
}

function mapError(error: unknown): unknown {
  if (isDatabaseUnavailableError(error)) {
    return new EventStoreUnavailableError(`event store unavailable: ${(error as Error).message}`, error);
  }
  return error;
}

/** readAll pages through the log; without a cap it returns at most this many events. */
export const DEFAULT_READ_ALL_PAGE = 4096;

function normaliseMaxCount(maxCount: number | undefined): number {
  if (maxCount === undefined) return DEFAULT_READ_ALL_PAGE;
  if (!Number.isInteger(maxCount) || maxCount < 1)
    throw new RangeError('maxCount must be a positive integer');
  return maxCount;
}

function likePrefix(prefix: string): string {
  return prefix.replace(/[\\%_]/g, (c) => `\\${c}`) + '%';
}

function filterConditions(filter: AllFilter | undefined, params: unknown[]): string[] {
  const conditions: string[] = [];
  if (filter?.eventTypePrefixes?.length) {
    params.push(filter.eventTypePrefixes.map(likePrefix));
    conditions.push(`e.type LIKE ANY($${params.length}::text[])`);
  }
  if (filter?.streamPrefixes?.length) {
    params.push(filter.streamPrefixes.map(likePrefix));
    conditions.push(`e.stream_name LIKE ANY($${params.length}::text[])`);
  }
  return conditions;
}

function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    id: row.event_id,
    type: row.type,
    data: row.data,
    metadata: row.metadata,
    stream: row.stream_name,
    revision: BigInt(row.revision),
    globalPosition: BigInt(row.global_position),
    recordedAt:
      row.recorded_at instanceof Date
        ? row.recorded_at.toISOString()
        : new Date(row.recorded_at).toISOString(),
  };
}
