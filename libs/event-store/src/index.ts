export * from './event-store.port.js';
export * from './event-store.errors.js';
