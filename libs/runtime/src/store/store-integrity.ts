import type { StoreIntegrityCheck } from '#platform';

/**
 * What the embedded store must satisfy before any process serves it (openDatabase checks it at
 * start-up, docs/adr/0025): the tables that cannot be rebuilt from the log (the log itself, the
 * stream heads, the person keys that decrypt it, the accounts, the durable timers) fully reachable
 * through their indexes, and the stream heads accounting for every event of the log. Read models are
 * left out: they are rebuilt from the log.
 */
export const storeIntegrity: StoreIntegrityCheck = {
  tables: ['es_events', 'es_streams', 'person_keys', 'accounts', 'escalation_timers'],
  invariants: [
    {
      name: 'stream heads',
      requires: ['es_events', 'es_streams'],
      // Revisions run 0..n without gaps and events are never deleted, so the heads sum to the log.
      sql: `SELECT heads.total = events.total AS ok,
                   format('the stream heads (es_streams) account for %s events, the log (es_events) holds %s',
                          heads.total, events.total) AS detail
              FROM (SELECT coalesce(sum(revision + 1), 0)::bigint AS total FROM es_streams) AS heads,
                   (SELECT count(*)::bigint AS total FROM es_events) AS events`,
    },
  ],
};
