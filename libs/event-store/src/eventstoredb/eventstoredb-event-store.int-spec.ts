import { describe, it } from '@jest/globals';
import { describeEventStoreContract } from '../testing/event-store-contract.js';
import { EVENTSTOREDB_LACKS, EventStoreDbEventStore } from './eventstoredb-event-store.js';

// The contract suite names every stream with a per-run random prefix, so runs can share a server.
const url = process.env.EVENTSTORE_URL;

if (url) {
  describeEventStoreContract(
    'EventStoreDB',
    async () => {
      const store = EventStoreDbEventStore.fromConnectionString(url);
      await store.ping();
      return { store, teardown: () => store.dispose() };
    },
    { positionsBetweenEvents: 'refused', lacks: EVENTSTOREDB_LACKS },
  );
} else {
  process.stdout.write(
    'EventStoreDB contract suite SKIPPED: EVENTSTORE_URL is not set (no EventStoreDB server on this machine)\n',
  );
  describe.skip('EventStore contract: EventStoreDB (needs EVENTSTORE_URL, e.g. esdb://localhost:2113?tls=false)', () => {
    it('runs the shared contract suite against a live EventStoreDB server', () => undefined);
  });
}
