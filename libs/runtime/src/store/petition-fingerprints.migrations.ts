import type { SqlMigration } from '#platform';

/** The table of apps/api/src/cases/petition-fingerprints.ts (why it exists, how it is written: there). */
export const petitionFingerprintMigrations: readonly SqlMigration[] = [
  {
    id: '0400-petition-fingerprints',
    description: 'facts fingerprints of petitions, to refuse a repeat of a finally decided petition',
    up: `
      CREATE TABLE petition_fingerprints (
        -- petitionFactsFingerprint (pf1:…) or intake's own key: no personal data.
        fingerprint text NOT NULL,
        case_id text NOT NULL,
        -- The re-review was answered (Art. 36 para. 3). A hint: the stream decides.
        final boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (fingerprint, case_id)
      );
      -- Petitions recorded before this table existed (PostgreSQL event store only; empty otherwise).
      INSERT INTO petition_fingerprints (fingerprint, case_id, final)
      SELECT e.data->'details'->>'factsFingerprint', e.data->>'caseId',
             EXISTS (SELECT 1 FROM es_events f WHERE f.stream_name = e.stream_name AND f.type = 'PetitionReReviewAnswered')
        FROM es_events e
       WHERE e.type = 'CaseReported' AND e.data->'details'->>'caseType' = 'petition'
         AND e.data->'details'->>'factsFingerprint' IS NOT NULL
      ON CONFLICT DO NOTHING;
    `,
  },
];
