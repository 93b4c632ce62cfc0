export * from './decider.js';
export * from './domain-error.js';
export * from './event-fields.js';
export * from './local-date.js';
