import type { SqlMigration } from '#platform';

export const ADMISSION_LISTING_CHECKPOINT = 'admission-listing';

/**
 * Schema of the worker's `admission-listing` service: what became of each approval it handled. Its
 * checkpoint (with the lease that lets one worker at a time handle a page) is a log consumer's, in
 * `projection_checkpoints` since 0601. Ids `0600-…` belong to this service; never rename one once released.
 */
export const admissionListingMigrations: readonly SqlMigration[] = [
  {
    id: '0600-admission-listing',
    description:
      'checkpoint and outcomes of the process manager that puts approved admissions on their lists',
    up: `
      CREATE TABLE admission_listing_checkpoints (
        name text PRIMARY KEY,
        -- Global position of the last AdmissionApproved handled; null before the first.
        position bigint,
        -- The worker handling the page after position, and until when (database clock).
        lease_token uuid,
        leased_until timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      INSERT INTO admission_listing_checkpoints (name, position) VALUES ('${ADMISSION_LISTING_CHECKPOINT}', NULL);

      CREATE TABLE admission_listing_outcomes (
        -- The AdmissionApproved event handled.
        approval_event_id uuid PRIMARY KEY,
        approval_position bigint NOT NULL,
        request_id text NOT NULL,
        list_stream text NOT NULL,
        -- uuid v5 of the approval's command id, the same the API uses.
        list_command_id uuid NOT NULL,
        -- applied: this worker added the item; replayed: the API (or an earlier run) had;
        -- already_in_force: the code is on the list for this request; refused: the list refused it (see code).
        outcome text NOT NULL CHECK (outcome IN ('applied', 'replayed', 'already_in_force', 'refused')),
        code text,
        detail text,
        recorded_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX admission_listing_outcomes_refused_idx ON admission_listing_outcomes (recorded_at) WHERE outcome = 'refused';
    `,
  },
  {
    id: '0601-admission-listing-checkpoint-to-log-consumers',
    description:
      'the service runs on the log-consumer framework: its position moves to projection_checkpoints and its own table goes',
    up: `
      INSERT INTO projection_checkpoints (name, version, position)
        SELECT name, 1, COALESCE(position, 0) FROM admission_listing_checkpoints WHERE name = '${ADMISSION_LISTING_CHECKPOINT}'
        ON CONFLICT (name) DO UPDATE SET position = GREATEST(projection_checkpoints.position, EXCLUDED.position);
      INSERT INTO projection_checkpoints (name, version) VALUES ('${ADMISSION_LISTING_CHECKPOINT}', 1) ON CONFLICT (name) DO NOTHING;
      DROP TABLE admission_listing_checkpoints;
    `,
  },
];
