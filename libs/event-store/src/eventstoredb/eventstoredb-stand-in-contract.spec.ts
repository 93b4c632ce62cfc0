import { describeEventStoreContract } from '../testing/event-store-contract.js';
import { EVENTSTOREDB_LACKS, EventStoreDbEventStore } from './eventstoredb-event-store.js';
import { EventStoreDbStandIn } from './testing/eventstoredb-stand-in.js';

// The shared contract against the adapter over the EventStoreDB stand-in (no server on these machines;
// eventstoredb-event-store.int-spec.ts runs the same suite against a real one when EVENTSTORE_URL is set).
describeEventStoreContract(
  'EventStoreDB adapter over the stand-in',
  async () => {
    const standIn = new EventStoreDbStandIn();
    const store = new EventStoreDbEventStore(standIn.asClient());
    return { store, teardown: () => store.dispose() };
  },
  { positionsBetweenEvents: 'refused', lacks: EVENTSTOREDB_LACKS },
);
