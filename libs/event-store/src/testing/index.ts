export * from './event-store-contract.js';
export * from '../eventstoredb/testing/eventstoredb-stand-in.js';
