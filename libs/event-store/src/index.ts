export * from './event-store.port.js';
export * from './event-store.errors.js';
export * from './postgres/postgres-event-store.js';
export * from './postgres/postgres-errors.js';
export * from './postgres/event-store.migrations.js';
export * from './eventstoredb/eventstoredb-event-store.js';
export * from './eventstoredb/eventstoredb-all-subscription.js';
export * from './store-binding.js';
