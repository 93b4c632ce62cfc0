/**
 * Schema of the PostgreSQL event store, as ordered migrations (applied by the platform's
 * migrator under an advisory lock). See docs/adr/0002-postgres-event-store-schema.md.
 *
 * Which index serves which path:
 * - es_streams_pkey (stream_name): the expected-revision check and bump on every append; its row
 *   lock is what serialises concurrent writers of one stream.
 * - es_events_pkey (global_position): readAll / subscribeToAll range scans in log order, and
 *   headPosition's backward scan.
 * - es_events_event_id_key (event_id): idempotent append (a re-sent id collides) and the lookup
 *   that recognises a retry.
 * - es_events_stream_revision_key (stream_name, revision): readStream forwards and backwards, and
 *   a second guarantee that no revision is ever written twice.
 */
export interface SqlMigration {
  /** Unique, sortable id; never renamed once released. */
  readonly id: string;
  readonly description: string;
  readonly up: string;
}

export const eventStoreMigrations: readonly SqlMigration[] = [
  {
    id: '0001-event-store',
    description: 'streams and events tables of the event store',
    up: `
      CREATE TABLE es_streams (
        stream_name text PRIMARY KEY,
        revision bigint NOT NULL CHECK (revision >= 0),
        created_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE es_events (
        -- (transaction id << 20) | index in the batch: increasing in the order in which
        -- transactions become safe to read (see ADR 0003), unique, known at insert time.
        global_position bigint PRIMARY KEY,
        event_id uuid NOT NULL,
        stream_name text NOT NULL,
        revision bigint NOT NULL CHECK (revision >= 0),
        type text NOT NULL,
        data jsonb NOT NULL,
        metadata jsonb NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT es_events_event_id_key UNIQUE (event_id),
        CONSTRAINT es_events_stream_revision_key UNIQUE (stream_name, revision)
      );
    `,
  },
];
