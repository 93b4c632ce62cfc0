import type { SqlMigration } from '#platform';

/** The table of apps/api/src/cases/queries/case-snapshots.ts (why and how it is written: there; docs/adr/0043). */
export const caseSnapshotMigrations: readonly SqlMigration[] = [
  {
    id: '0800-case-snapshots',
    description: 'folded case states at every 32nd revision, so GET /cases/{id} (?asOf=) folds only the tail',
    up: `
      CREATE TABLE case_snapshots (
        stream_name text NOT NULL,
        -- The fold that made it (CASE_SNAPSHOT_FOLD_VERSION): another version is never read.
        fold_version integer NOT NULL,
        revision bigint NOT NULL,
        -- The state after events 0..revision, folded from the stored events: persons and free text
        -- stay encrypted as in the log, so erasing a person needs nothing here.
        state jsonb NOT NULL,
        -- Latest business time (occurredAt) among events 0..revision: usable for ?asOf= at or after it.
        max_occurred_at timestamptz NOT NULL,
        last_occurred_at text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (stream_name, fold_version, revision)
      );
    `,
  },
];
