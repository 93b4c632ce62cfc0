export * from './escalation-config.js';
export * from './escalation.migrations.js';
export * from './escalation-timers.js';
export * from './fire-plan.js';
export * from './handling-units.js';
export * from './timer-store.js';
export * from './escalation-process-manager.js';
export * from './escalation-service.js';
