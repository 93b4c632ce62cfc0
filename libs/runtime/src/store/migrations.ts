import { attachmentClaimMigrations } from '#attachments';
import { authMigrations, personKeyMigrations } from '#auth';
import { idempotencyMigrations } from '#command-pipeline';
import { eventStoreMigrations, storeBindingMigrations } from '#event-store';
import { escalationMigrations } from '#escalation';
import { allProjections, projectionFrameworkMigrations, readModelMigrations } from '#projections';
import type { SqlMigration } from '#platform';
import { petitionFingerprintMigrations } from './petition-fingerprints.migrations.js';
import { caseSnapshotMigrations } from './case-snapshots.migrations.js';
import { admissionListingMigrations } from '../admission-listing/admission-listing.migrations.js';

/** Every schema migration of the system, in the order they apply. Ids never change once released. */
export const allMigrations: readonly SqlMigration[] = [
  ...eventStoreMigrations,
  // Which log the checkpoints below belong to (docs/adr/0015).
  ...storeBindingMigrations,
  ...idempotencyMigrations,
  // The log-consumer framework's tables (checkpoints of every consumer, parked events, rebuilds; docs/adr/0012).
  ...projectionFrameworkMigrations,
  ...escalationMigrations,
  // One migration per read model and version (a new version makes the engine rebuild).
  ...readModelMigrations(allProjections),
  // Repeat-petition lookup by facts fingerprint (cases/petition-fingerprints.ts).
  ...petitionFingerprintMigrations,
  // Credentials and failed logins (auth/README.md).
  ...authMigrations,
  // A data key per person for the personal data inside events (docs/adr/0008).
  ...personKeyMigrations,
  // Checkpoint and outcomes of the worker's admission-listing service (admissions/README.md).
  ...admissionListingMigrations,
  // Uploads in flight, so the orphan sweep never takes a file an upload is placing (docs/adr/0035).
  ...attachmentClaimMigrations,
  // Folded case states every 32 revisions for GET /cases/{id} (docs/adr/0043).
  ...caseSnapshotMigrations,
];
