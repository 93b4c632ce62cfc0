export * from './database/database.js';
export * from './database/migrator.js';
export * from './database/pglite-pool.js';
export * from './database/sql-pool.js';
