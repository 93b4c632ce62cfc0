import { idempotencyMigrations } from '#command-pipeline';
import { eventStoreMigrations } from '#event-store';
import { escalationMigrations } from '#escalation';
import { allProjections, projectionMigrations } from '#projections';
import type { SqlMigration } from '#platform';

/** Every schema migration of the system, in the order they apply. Ids never change once released. */
export const allMigrations: readonly SqlMigration[] = [
  ...eventStoreMigrations,
  ...idempotencyMigrations,
  ...escalationMigrations,
  // Framework tables, then one migration per read model and version (a new version makes the engine rebuild).
  ...projectionMigrations(allProjections),
];
