import { isIP } from 'node:net';
import { envReader } from './env-reader.js';

/**
 * Configuration, read and validated once at start-up. A bad value stops the process with a
 * message naming every offending variable; nothing reads process.env after this.
 */
export interface AppConfig {
  port: number;
  /**
   * Address the HTTP server binds (`HOST`). Default 127.0.0.1: only this machine can connect;
   * containers and servers set 0.0.0.0 (or ::) to accept connections from elsewhere.
   */
  host: string;
  /**
   * Which proxies' `X-Forwarded-For` to believe for the client address (`TRUST_PROXY`), Express's
   * `trust proxy`: false (default: the socket's address), a hop count, or proxy addresses / CIDRs /
   * `loopback`, `linklocal`, `uniquelocal`. The login throttle counts by this address.
   */
  trustProxy: false | number | string[];
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
  auth: AuthConfig;
  /** Time limits of admission requests (准入), working days (apps/api/src/admissions/README.md). */
  admission: { reviewWorkingDays: number; decisionWorkingDays: number };
  /** Master keys of the person keys (docs/adr/0008, libs/auth/src/personal-data/master-keys.ts). */
  personalData: PersonalDataConfig;
}

/** Envelope encryption of person keys: the master secrets live here, never in the database. */
export interface PersonalDataConfig {
  /** PII_MASTER_KEY: wraps every new person key. Required with DATABASE_URL when NODE_ENV=production. */
  masterKey: string | undefined;
  /** PII_PREVIOUS_MASTER_KEYS (comma-separated): still unwrap after a rotation, until the re-wrap is done. */
  previousMasterKeys: string[];
}

/** Logins and access tokens (apps/api/src/auth/README.md). */
export interface AuthConfig {
  /** HS256 key of the access tokens. Required with DATABASE_URL; the embedded demo draws one per process (withApiSecrets). */
  jwtSecret: string | undefined;
  accessTokenTtlSeconds: number;
  adminUsername: string;
  /** The administrator's password. Required with DATABASE_URL; the embedded demo uses DEMO_ADMIN_PASSWORD. */
  adminPassword: string | undefined;
  /** When set, every registry login without a password gets this one (the embedded demo sets DEMO_ACCOUNT_PASSWORD). */
  demoAccountPassword: string | undefined;
  bcryptCost: number;
  /** Login throttle (libs/auth login-throttle.ts): failures of one (username, address) before the wait doubles per failure. */
  loginFreeFailuresPerPair: number;
  /** Failures of one username from all addresses in the window that block it. */
  loginMaxFailuresPerUsername: number;
  /** Failures from one address in the window that block it. */
  loginMaxFailuresPerIp: number;
  loginFailureWindowSeconds: number;
}

/** Documented passwords of the embedded demo (README "Demo accounts"). Never used with DATABASE_URL unless asked. */
export const DEMO_ADMIN_PASSWORD = 'gridcase-admin';
export const DEMO_ACCOUNT_PASSWORD = 'gridcase-demo';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** A host name to bind (an IP address is checked with isIP). */
const HOST_NAME =
  /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/** TRUST_PROXY: unset/false, a hop count, or a list of proxy addresses (CIDR allowed) and names. */
function readTrustProxy(raw: string | undefined, problems: string[]): AppConfig['trustProxy'] {
  const value = (raw ?? '').trim();
  if (value === '' || value.toLowerCase() === 'false') return false;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops >= 1 && hops <= 10) return hops;
  }
  if (value.toLowerCase() === 'true') {
    problems.push(
      "TRUST_PROXY=true would believe any client's X-Forwarded-For (and let it dodge the login throttle); give the number of proxies in front (e.g. 1) or their addresses",
    );
    return false;
  }
  const entries = value.split(',').map((entry) => entry.trim());
  const bad = entries.filter((entry) => !PROXY_NAMES.includes(entry) && !isProxyAddress(entry));
  if (bad.length > 0 || entries.length === 0) {
    problems.push(
      `TRUST_PROXY must be false, a hop count 1 to 10, or comma-separated proxy addresses / CIDRs / ${PROXY_NAMES.join(', ')}; not ${JSON.stringify(bad.join(','))}`,
    );
    return false;
  }
  return entries;
}

function isProxyAddress(entry: string): boolean {
  const [address, bits, ...rest] = entry.split('/');
  if (rest.length > 0 || address === undefined) return false;
  const family = isIP(address);
  if (family === 0) return false;
  if (bits === undefined) return true;
  const prefix = Number(bits);
  return /^\d+$/.test(bits) && prefix >= 0 && prefix <= (family === 4 ? 32 : 128);
}

/** `argv` carries `--in-memory`; `env` is the environment, read here and nowhere after. */
export function loadConfig(env: Record<string, string | undefined>, argv: readonly string[]): AppConfig {
  const problems: string[] = [];
  const { integer, flag } = envReader(env, problems);

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
    if (!eventStoreUrl)
      problems.push('EVENT_STORE=eventstoredb needs EVENTSTORE_URL (esdb://host:2113?tls=false)');
    else if (!/^(esdb|esdb\+discover):\/\//.test(eventStoreUrl)) {
      // Exactly the schemes @eventstore/db-client 6.2.1 parses (kurrentdb:// is a newer client's).
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
    if (origin !== '*' && !/^https?:\/\/[^/]+$/.test(origin))
      problems.push(`CORS_ORIGINS entry ${JSON.stringify(origin)} is not an origin`);
  }

  const embedded = !databaseUrl;
  const jwtSecret = env.JWT_SECRET || undefined;
  if (jwtSecret !== undefined && jwtSecret.length < 32)
    problems.push('JWT_SECRET must be at least 32 characters');
  const adminPassword = env.ADMIN_PASSWORD || undefined;
  if (adminPassword !== undefined && adminPassword.length < 12)
    problems.push('ADMIN_PASSWORD must be at least 12 characters');
  const adminUsername = env.ADMIN_USERNAME || 'admin';
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(adminUsername))
    problems.push('ADMIN_USERNAME must be 1 to 64 letters, digits, dots, dashes or underscores');
  const bcryptCost = integer('BCRYPT_COST', 10, 4, 15);
  if (bcryptCost < 10 && env.NODE_ENV === 'production')
    problems.push('BCRYPT_COST below 10 is for tests only, not NODE_ENV=production');

  const piiMasterKey = env.PII_MASTER_KEY || undefined;
  if (piiMasterKey !== undefined && piiMasterKey.length < 32)
    problems.push('PII_MASTER_KEY must be at least 32 characters');
  if (!piiMasterKey && databaseUrl && env.NODE_ENV === 'production') {
    problems.push(
      'PII_MASTER_KEY is required with DATABASE_URL and NODE_ENV=production (at least 32 random characters, kept outside the database)',
    );
  }
  const piiPreviousMasterKeys = (env.PII_PREVIOUS_MASTER_KEYS ?? '')
    .split(',')
    .map((key) => key.trim())
    .filter(Boolean);
  if (piiPreviousMasterKeys.some((key) => key.length < 32))
    problems.push('PII_PREVIOUS_MASTER_KEYS entries must be at least 32 characters each');
  if (piiPreviousMasterKeys.length > 0 && !piiMasterKey)
    problems.push('PII_PREVIOUS_MASTER_KEYS needs PII_MASTER_KEY (the key they were rotated to)');

  const host = (env.HOST ?? '').trim() || '127.0.0.1';
  if (isIP(host) === 0 && !HOST_NAME.test(host))
    problems.push(
      `HOST must be an IP address or a host name to bind (e.g. 127.0.0.1, 0.0.0.0), got ${JSON.stringify(env.HOST)}`,
    );

  const config: AppConfig = {
    port: integer('PORT', 3000, 0, 65535),
    host,
    trustProxy: readTrustProxy(env.TRUST_PROXY, problems),
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
    auth: {
      jwtSecret,
      accessTokenTtlSeconds: integer('JWT_EXPIRES_IN_SECONDS', 900, 30, 24 * 3600),
      adminUsername,
      adminPassword: adminPassword ?? (embedded ? DEMO_ADMIN_PASSWORD : undefined),
      demoAccountPassword: env.DEMO_ACCOUNT_PASSWORD || (embedded ? DEMO_ACCOUNT_PASSWORD : undefined),
      bcryptCost,
      loginFreeFailuresPerPair: integer('LOGIN_MAX_FAILURES', 5, 1, 1000),
      loginMaxFailuresPerUsername: integer('LOGIN_MAX_FAILURES_PER_USERNAME', 100, 1, 100_000),
      loginMaxFailuresPerIp: integer('LOGIN_MAX_FAILURES_PER_IP', 200, 1, 1_000_000),
      loginFailureWindowSeconds: integer('LOGIN_FAILURE_WINDOW_SECONDS', 300, 1, 24 * 3600),
    },
    admission: {
      reviewWorkingDays: integer('ADMISSION_REVIEW_WORKING_DAYS', 15, 1, 250),
      decisionWorkingDays: integer('ADMISSION_DECISION_WORKING_DAYS', 5, 1, 250),
    },
    personalData: { masterKey: piiMasterKey, previousMasterKeys: piiPreviousMasterKeys },
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/**
 * The API's secrets, checked where the API starts (the worker and the CLIs need none): with
 * DATABASE_URL both JWT_SECRET and ADMIN_PASSWORD must be set; the embedded demo draws a random
 * token key per process (tokens die with it) and uses the documented demo administrator password.
 */
export function withApiSecrets(config: AppConfig, randomSecret: () => string): AppConfig {
  const problems: string[] = [];
  const embedded = !config.databaseUrl;
  if (!config.auth.jwtSecret && !embedded)
    problems.push('JWT_SECRET is required with DATABASE_URL (at least 32 random characters)');
  if (!config.auth.adminPassword)
    problems.push('ADMIN_PASSWORD is required with DATABASE_URL (at least 12 characters)');
  if (problems.length > 0) throw new ConfigError(problems);
  return config.auth.jwtSecret ? config : { ...config, auth: { ...config.auth, jwtSecret: randomSecret() } };
}

export const APP_CONFIG = Symbol.for('gridcase.AppConfig');
