export * from './roles.js';
export * from './principal.js';
export * from './access-policy.js';
export * from './jurisdiction.js';
export * from './login-throttle.js';
export * from './personal-data/index.js';
export * from './case-action-rules.js';
export * from './accounts.migrations.js';
