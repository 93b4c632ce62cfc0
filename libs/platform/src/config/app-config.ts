/**
 * Configuration, read and validated once at start-up. A bad value stops the process with a
 * message naming every offending variable; nothing reads process.env after this.
 */
export interface AppConfig {
  port: number;
  /** Unset: the embedded PGlite database. */
  databaseUrl: string | undefined;
  /** Embedded only: directory of the PGlite files; undefined keeps the database in memory. */
  embeddedDataDir: string | undefined;
  databasePoolSize: number;
  eventStore: 'postgres' | 'eventstoredb';
  eventStoreUrl: string | undefined;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Run projectors and the escalation worker inside the API process (always on when embedded). */
  runWorkerInProcess: boolean;
  /** Seed the demo district on start (default: on when embedded). */
  seedDemo: boolean;
  corsOrigins: string[];
  /** Maximum JSON request body, bytes. */
  bodyLimitBytes: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export function loadConfig(env: Record<string, string | undefined> = process.env, argv: string[] = process.argv): AppConfig {
  const problems: string[] = [];
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`);
      return fallback;
    }
    return value;
  };
  const flag = (name: string, fallback: boolean): boolean => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
    if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
    problems.push(`${name} must be true or false, got ${JSON.stringify(raw)}`);
    return fallback;
  };

  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL must be a postgres:// or postgresql:// URL');
  }
  const inMemory = argv.includes('--in-memory') || flag('EMBEDDED_IN_MEMORY', false);
  const eventStore = (env.EVENT_STORE || 'postgres') as AppConfig['eventStore'];
  if (!['postgres', 'eventstoredb'].includes(eventStore)) {
    problems.push(`EVENT_STORE must be postgres or eventstoredb, got ${JSON.stringify(env.EVENT_STORE)}`);
  }
  const eventStoreUrl = env.EVENTSTORE_URL || undefined;
  if (eventStore === 'eventstoredb') {
    if (!eventStoreUrl) problems.push('EVENT_STORE=eventstoredb needs EVENTSTORE_URL (esdb://host:2113?tls=false)');
    else if (!/^(esdb|esdb\+discover|kurrentdb|kurrentdb\+discover):\/\//.test(eventStoreUrl)) {
      problems.push('EVENTSTORE_URL must be an esdb:// or esdb+discover:// connection string');
    }
    if (!databaseUrl) problems.push('EVENT_STORE=eventstoredb needs DATABASE_URL for read models and timers');
  }
  const logLevel = (env.LOG_LEVEL || 'info') as AppConfig['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  const corsOrigins = (env.CORS_ORIGINS ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  for (const origin of corsOrigins) {
    if (origin !== '*' && !/^https?:\/\/[^/]+$/.test(origin)) problems.push(`CORS_ORIGINS entry ${JSON.stringify(origin)} is not an origin`);
  }

  const config: AppConfig = {
    port: integer('PORT', 3000, 0, 65535),
    databaseUrl,
    embeddedDataDir: databaseUrl || inMemory ? undefined : env.DATA_DIR || './data/pglite',
    databasePoolSize: integer('DATABASE_POOL_SIZE', 20, 1, 500),
    eventStore,
    eventStoreUrl,
    logLevel,
    runWorkerInProcess: flag('RUN_WORKER', !databaseUrl),
    seedDemo: flag('SEED_DEMO', !databaseUrl),
    corsOrigins,
    bodyLimitBytes: integer('BODY_LIMIT_BYTES', 256 * 1024, 1024, 50 * 1024 * 1024),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

export const APP_CONFIG = Symbol.for('gridcase.AppConfig');
