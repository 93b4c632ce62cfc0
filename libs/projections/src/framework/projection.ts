import type { RecordedEvent } from '#event-store';
import type { SqlMigration } from '#platform';
import { defineLogConsumer, type ConsumerContext, type LogConsumer } from './log-consumer.js';

/** Maps a logical table name of a projection to its physical name (the live table, or its shadow while rebuilding). */
export type TableNames = (logicalName: string) => string;

/** What `apply` gets: the open transaction (the checkpoint is written in it too) and the table names to write. */
export interface ProjectionContext extends ConsumerContext {
  /** Physical name of one of the projection's own tables. Always write through it: a rebuild writes shadows. */
  readonly table: TableNames;
  /** True while filling shadow tables from position 0. */
  readonly rebuilding: boolean;
}

/**
 * A read model's projector: a log consumer (log-consumer.ts) that owns tables and can be rebuilt.
 * Rows and checkpoint are committed together by the runner, so `apply` must only write through
 * `ctx.client` and must never commit, roll back, or touch other projections' tables.
 * A recorded event is a fact: `apply` must not reject an event because of business rules.
 * Bump `version` when the projector or schema changes: a different stored version triggers a rebuild at start-up.
 */
export interface Projection extends LogConsumer {
  /** Event types handled. Sent to the store as a type-prefix filter and then matched exactly. */
  readonly eventTypes: readonly string[];
  /** Logical names of the tables it owns (the only tables `apply` writes). */
  readonly tables: readonly string[];
  /**
   * DDL creating all owned tables and indexes, named only through `table(...)` (index names too, as
   * `${table('x')}_something_idx`) so that a rebuild can create shadow tables. Use IF NOT EXISTS.
   */
  schema(table: TableNames): string;
  /** Writes the rows for a batch of events, in log order, inside the runner's transaction. */
  apply(events: readonly RecordedEvent[], ctx: ProjectionContext): Promise<void>;
}

const TABLE = /^[a-z][a-z0-9_]{0,40}$/;

/** Validates and returns a projection definition (fails fast at start-up on a bad name). */
export function defineProjection<P extends Projection>(projection: P): P {
  defineLogConsumer(projection);
  if (projection.eventTypes.length === 0) throw new Error(`projection ${projection.name}: no event types`);
  for (const table of projection.tables) {
    if (!TABLE.test(table) || table.includes('__'))
      throw new Error(`projection ${projection.name}: table name ${table} is invalid`);
  }
  return projection;
}

/** A consumer that owns tables (and so can be rebuilt) is a projection. */
export function isProjection(consumer: LogConsumer): consumer is Projection {
  return 'schema' in consumer && 'tables' in consumer;
}

export const liveTable: TableNames = (name) => name;
export const SHADOW_SUFFIX = '__rebuild';
export const RETIRED_SUFFIX = '__retired';
export const shadowTable: TableNames = (name) => `${name}${SHADOW_SUFFIX}`;

/** Migrations of the framework's own tables. Apply them before `projectionMigrations(...)`. */
export const projectionFrameworkMigrations: readonly SqlMigration[] = [
  {
    id: '0100-projection-framework',
    description: 'projection checkpoints, rebuild checkpoints and parked events',
    up: `
      CREATE TABLE IF NOT EXISTS projection_checkpoints (
        name text PRIMARY KEY,
        version integer NOT NULL,
        -- last global position whose effect is in the tables (0 = nothing yet); moved in the batch transaction
        position bigint NOT NULL DEFAULT 0,
        events_processed bigint NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now(),
        last_error text,
        last_error_at timestamptz,
        failing_since timestamptz,
        failed_attempts integer NOT NULL DEFAULT 0
      );
      CREATE TABLE IF NOT EXISTS projection_rebuilds (
        name text PRIMARY KEY,
        version integer NOT NULL,
        position bigint NOT NULL DEFAULT 0,
        events_processed bigint NOT NULL DEFAULT 0,
        started_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        last_error text
      );
      CREATE TABLE IF NOT EXISTS projection_parked_events (
        projection text NOT NULL,
        position bigint NOT NULL,
        event_id text NOT NULL,
        event_type text NOT NULL,
        stream_name text NOT NULL,
        error text NOT NULL,
        parked_at timestamptz NOT NULL DEFAULT now(),
        skipped_at timestamptz,
        skipped_by text,
        PRIMARY KEY (projection, position)
      );
      -- the runner asks "is anything parked and not skipped?" before every batch
      CREATE INDEX IF NOT EXISTS projection_parked_events_open_idx ON projection_parked_events (projection) WHERE skipped_at IS NULL;
    `,
  },
  {
    id: '0102-log-consumer-leases',
    description:
      'every log consumer keeps its checkpoint here; a reactor leases its row while its effects run',
    up: `
      -- The worker reacting to the page after position, and until when (database clock); null for projectors.
      ALTER TABLE projection_checkpoints ADD COLUMN IF NOT EXISTS lease_token uuid;
      ALTER TABLE projection_checkpoints ADD COLUMN IF NOT EXISTS leased_until timestamptz;
    `,
  },
];

/**
 * One migration per projection and version: creates its live tables if missing and registers its
 * checkpoint at that version. On an existing database with an older version the tables already
 * exist (IF NOT EXISTS) and the checkpoint keeps the old version, which makes the runner rebuild.
 */
export function projectionMigrations(projections: readonly Projection[]): SqlMigration[] {
  return [...projectionFrameworkMigrations, ...readModelMigrations(projections)];
}

/** The per-projection half of `projectionMigrations`, for a list that applies the framework's migrations earlier. */
export function readModelMigrations(projections: readonly Projection[]): SqlMigration[] {
  return [
    ...projections.map((projection) => ({
      id: `0101-projection-${projection.name}-v${projection.version}`,
      description: `tables of read model ${projection.name}, version ${projection.version}`,
      up: `${projection.schema(liveTable)};
        INSERT INTO projection_checkpoints (name, version) VALUES ('${projection.name}', ${projection.version}) ON CONFLICT (name) DO NOTHING;`,
    })),
  ];
}
