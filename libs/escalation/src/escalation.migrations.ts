import type { SqlMigration } from '#platform';

/**
 * Schema of the escalation process manager: its durable timers (its checkpoint in the case log is a
 * log consumer's, in `projection_checkpoints`: apply the log-consumer framework's migrations first).
 * Ids `0300-…` belong to this lib; never rename one once released.
 */
export const escalationMigrations: readonly SqlMigration[] = [
  {
    id: '0300-escalation-timers',
    description: 'durable deadlines of the escalation process manager and its checkpoint',
    up: `
      CREATE TABLE escalation_timers (
        -- uuid v5 of <case id>/<kind>/<case revision>: re-processing an event finds the same row.
        timer_id uuid PRIMARY KEY,
        case_id text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('sign', 'sign_escalation', 'level', 'dispatch')),
        -- When the timer fires (business time of the deadline, or of the action).
        due_at timestamptz NOT NULL,
        -- The case deadline the timer enforces (null for 'dispatch'); compared with the case at fire time.
        deadline_due_at timestamptz,
        -- Revision of the case event that set the timer, and the level it was set for.
        case_revision bigint NOT NULL,
        level text,
        state text NOT NULL DEFAULT 'scheduled' CHECK (state IN ('scheduled', 'fired', 'cancelled', 'failed')),
        -- uuid v5 of timer_id: the pipeline answers a re-fired command from the stream.
        command_id uuid NOT NULL UNIQUE,
        caused_by_event_id uuid NOT NULL,
        correlation_id text NOT NULL,
        -- Lease of the worker firing it; also "not before" after a failed attempt.
        claim_token uuid,
        claimed_until timestamptz,
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        outcome text,
        fired_at timestamptz,
        cancelled_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      -- The claim query: scheduled rows in due order.
      CREATE INDEX escalation_timers_due_idx ON escalation_timers (due_at) WHERE state = 'scheduled';
      -- Cancelling and re-arming a case's timers when its events arrive.
      CREATE INDEX escalation_timers_case_idx ON escalation_timers (case_id, kind, case_revision);

      CREATE TABLE escalation_checkpoints (
        name text PRIMARY KEY,
        -- Global position of the last case event applied; null before the first.
        position bigint,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      INSERT INTO escalation_checkpoints (name, position) VALUES ('escalation', NULL);
    `,
  },
  {
    id: '0301-escalation-deadline-timers',
    description:
      'timers that supervise passed whole-mediation, first-feedback, petition and enforcement limits, and close unused petition request windows',
    up: `
      ALTER TABLE escalation_timers DROP CONSTRAINT escalation_timers_kind_check;
      ALTER TABLE escalation_timers ADD CONSTRAINT escalation_timers_kind_check CHECK (kind IN (
        'sign', 'sign_escalation', 'level', 'dispatch',
        'first_feedback', 'whole_mediation',
        'petition_routing', 'petition_notice', 'petition_handling', 'petition_review_answer', 'petition_re_review_answer', 'petition_request_window',
        'enforcement_screening', 'enforcement_decision', 'enforcement_evidence_decision', 'enforcement_service', 'enforcement_payment',
        'enforcement_court_application'));
      -- Which of several limits of the same kind a timer watches (an evidence preservation's number); null otherwise.
      ALTER TABLE escalation_timers ADD COLUMN subject text;
    `,
  },
  {
    id: '0302-escalation-checkpoint-to-log-consumers',
    description:
      'the follower runs on the log-consumer framework: its position moves to projection_checkpoints and its own table goes',
    up: `
      INSERT INTO projection_checkpoints (name, version, position)
        SELECT name, 1, COALESCE(position, 0) FROM escalation_checkpoints WHERE name = 'escalation'
        ON CONFLICT (name) DO UPDATE SET position = GREATEST(projection_checkpoints.position, EXCLUDED.position);
      INSERT INTO projection_checkpoints (name, version) VALUES ('escalation', 1) ON CONFLICT (name) DO NOTHING;
      DROP TABLE escalation_checkpoints;
    `,
  },
];
