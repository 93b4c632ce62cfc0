import { describe, expect, it } from '@jest/globals';
import {
  ConfigError,
  DEMO_ACCOUNT_PASSWORD,
  DEMO_ADMIN_PASSWORD,
  loadConfig,
  withApiSecrets,
} from './app-config.js';

describe('loadConfig', () => {
  it('defaults to the embedded database with the worker and the demo seed in-process', () => {
    const config = loadConfig({}, []);
    expect(config).toMatchObject({
      port: 3000,
      databaseUrl: undefined,
      embeddedDataDir: './data/pglite',
      eventStore: 'postgres',
      runWorkerInProcess: true,
      seedDemo: true,
    });
  });

  it('keeps the embedded database in memory with --in-memory', () => {
    expect(loadConfig({}, ['node', 'main.js', '--in-memory']).embeddedDataDir).toBeUndefined();
  });

  it('uses DATABASE_URL and then runs no worker and no seed unless asked', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://u@h:5432/db', PORT: '8080' }, []);
    expect(config).toMatchObject({
      databaseUrl: 'postgres://u@h:5432/db',
      port: 8080,
      runWorkerInProcess: false,
      seedDemo: false,
    });
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/db', RUN_WORKER: 'true' }, []).runWorkerInProcess).toBe(
      true,
    );
  });

  it('names every bad value at once', () => {
    let error: unknown;
    try {
      loadConfig(
        {
          PORT: 'eighty',
          DATABASE_URL: 'mysql://x',
          LOG_LEVEL: 'loud',
          EVENT_STORE: 'kafka',
          RUN_WORKER: 'maybe',
        },
        [],
      );
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['PORT', 'DATABASE_URL', 'LOG_LEVEL', 'EVENT_STORE', 'RUN_WORKER'])
      expect(problems).toContain(name);
  });

  it('requires EVENTSTORE_URL and DATABASE_URL for the EventStoreDB adapter', () => {
    expect(() => loadConfig({ EVENT_STORE: 'eventstoredb' }, [])).toThrow(
      /EVENTSTORE_URL[\s\S]*DATABASE_URL/,
    );
    expect(
      loadConfig(
        {
          EVENT_STORE: 'eventstoredb',
          EVENTSTORE_URL: 'esdb://localhost:2113?tls=false',
          DATABASE_URL: 'postgres://h/db',
        },
        [],
      ).eventStore,
    ).toBe('eventstoredb');
  });

  it('accepts exactly the EVENTSTORE_URL schemes the EventStoreDB client 6.2.1 parses', () => {
    const withUrl = (url: string) => () =>
      loadConfig({ EVENT_STORE: 'eventstoredb', EVENTSTORE_URL: url, DATABASE_URL: 'postgres://h/db' }, []);
    expect(withUrl('esdb+discover://cluster.internal:2113')).not.toThrow();
    expect(withUrl('kurrentdb://node1:2113?tls=false')).toThrow(/EVENTSTORE_URL must be an esdb:\/\//);
    expect(withUrl('kurrentdb+discover://node1:2113')).toThrow(/EVENTSTORE_URL/);
  });

  it('reads the admission time limits in working days (default 15 and 5) and refuses what is not 1 to 250', () => {
    expect(loadConfig({}, []).admission).toEqual({ reviewWorkingDays: 15, decisionWorkingDays: 5 });
    expect(
      loadConfig({ ADMISSION_REVIEW_WORKING_DAYS: '10', ADMISSION_DECISION_WORKING_DAYS: '3' }, []).admission,
    ).toEqual({ reviewWorkingDays: 10, decisionWorkingDays: 3 });
    expect(() =>
      loadConfig({ ADMISSION_REVIEW_WORKING_DAYS: '0', ADMISSION_DECISION_WORKING_DAYS: 'five' }, []),
    ).toThrow(/ADMISSION_REVIEW_WORKING_DAYS[\s\S]*ADMISSION_DECISION_WORKING_DAYS/);
  });

  it('validates CORS origins and the body limit', () => {
    expect(() => loadConfig({ CORS_ORIGINS: 'not a url' }, [])).toThrow(/CORS_ORIGINS/);
    expect(loadConfig({ CORS_ORIGINS: 'https://a.example, http://b.example:8080' }, []).corsOrigins).toEqual([
      'https://a.example',
      'http://b.example:8080',
    ]);
    expect(() => loadConfig({ BODY_LIMIT_BYTES: '10' }, [])).toThrow(/BODY_LIMIT_BYTES/);
  });
});

describe('withApiSecrets', () => {
  it('requires JWT_SECRET and ADMIN_PASSWORD outside the embedded demo', () => {
    expect(() => withApiSecrets(loadConfig({ DATABASE_URL: 'postgres://u@h/db' }, []), () => 'x')).toThrow(
      /JWT_SECRET[\s\S]*ADMIN_PASSWORD/,
    );
    const config = withApiSecrets(
      loadConfig(
        { DATABASE_URL: 'postgres://u@h/db', JWT_SECRET: 'k'.repeat(32), ADMIN_PASSWORD: 'a-long-password' },
        [],
      ),
      () => 'x',
    );
    expect(config.auth).toMatchObject({
      jwtSecret: 'k'.repeat(32),
      adminPassword: 'a-long-password',
      demoAccountPassword: undefined,
      bcryptCost: 10,
    });
  });

  it('draws a token key and uses the documented demo passwords when embedded', () => {
    const config = withApiSecrets(loadConfig({}, []), () => 'r'.repeat(43));
    expect(config.auth).toMatchObject({
      jwtSecret: 'r'.repeat(43),
      adminPassword: DEMO_ADMIN_PASSWORD,
      demoAccountPassword: DEMO_ACCOUNT_PASSWORD,
    });
  });

  it('refuses short secrets and weak hashing in production', () => {
    expect(() => loadConfig({ JWT_SECRET: 'short', ADMIN_PASSWORD: 'short' }, [])).toThrow(
      /JWT_SECRET[\s\S]*ADMIN_PASSWORD/,
    );
    expect(() => loadConfig({ BCRYPT_COST: '4', NODE_ENV: 'production' }, [])).toThrow(/BCRYPT_COST/);
    expect(loadConfig({ BCRYPT_COST: '4' }, []).auth.bcryptCost).toBe(4);
  });
});

describe('personal-data master keys', () => {
  const database = { DATABASE_URL: 'postgres://u@h/db' };
  it('requires PII_MASTER_KEY with DATABASE_URL in production, of at least 32 characters', () => {
    expect(() => loadConfig({ ...database, NODE_ENV: 'production' }, [])).toThrow(
      /PII_MASTER_KEY is required/,
    );
    expect(() => loadConfig({ ...database, PII_MASTER_KEY: 'short' }, [])).toThrow(
      /PII_MASTER_KEY must be at least 32/,
    );
    expect(
      loadConfig({ ...database, NODE_ENV: 'production', PII_MASTER_KEY: 'm'.repeat(32) }, []).personalData,
    ).toEqual({ masterKey: 'm'.repeat(32), previousMasterKeys: [] });
    // Outside production (and embedded) the process finds a key itself (libs/auth master-keys.ts).
    expect(loadConfig(database, []).personalData.masterKey).toBeUndefined();
    expect(loadConfig({ NODE_ENV: 'production' }, []).personalData.masterKey).toBeUndefined();
  });

  it('reads the previous keys of a rotation, only beside a current one', () => {
    const previous = `${'a'.repeat(32)}, ${'b'.repeat(40)}`;
    expect(
      loadConfig({ PII_MASTER_KEY: 'm'.repeat(32), PII_PREVIOUS_MASTER_KEYS: previous }, []).personalData
        .previousMasterKeys,
    ).toEqual(['a'.repeat(32), 'b'.repeat(40)]);
    expect(() => loadConfig({ PII_PREVIOUS_MASTER_KEYS: 'a'.repeat(32) }, [])).toThrow(
      /PII_PREVIOUS_MASTER_KEYS needs PII_MASTER_KEY/,
    );
    expect(() =>
      loadConfig({ PII_MASTER_KEY: 'm'.repeat(32), PII_PREVIOUS_MASTER_KEYS: 'short' }, []),
    ).toThrow(/PII_PREVIOUS_MASTER_KEYS entries/);
  });
});

describe('HOST and TRUST_PROXY', () => {
  it('binds 127.0.0.1 unless HOST says otherwise (containers set 0.0.0.0)', () => {
    expect(loadConfig({}, []).host).toBe('127.0.0.1');
    expect(loadConfig({ DATABASE_URL: 'postgres://h/db' }, []).host).toBe('127.0.0.1');
    expect(loadConfig({ HOST: '0.0.0.0' }, []).host).toBe('0.0.0.0');
    expect(loadConfig({ HOST: '::' }, []).host).toBe('::');
    expect(loadConfig({ HOST: 'api.internal' }, []).host).toBe('api.internal');
    expect(() => loadConfig({ HOST: 'not a host' }, [])).toThrow(/HOST/);
    expect(() => loadConfig({ HOST: '1.2.3.4:80' }, [])).toThrow(/HOST/);
  });

  it('believes no X-Forwarded-For by default; a hop count or proxy addresses when told; never blindly', () => {
    expect(loadConfig({}, []).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'false' }, []).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }, []).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, loopback, ::1' }, []).trustProxy).toEqual([
      '10.0.0.0/8',
      'loopback',
      '::1',
    ]);
    expect(() => loadConfig({ TRUST_PROXY: 'true' }, [])).toThrow(/TRUST_PROXY=true/);
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/33' }, [])).toThrow(/TRUST_PROXY/);
    expect(() => loadConfig({ TRUST_PROXY: 'proxy.example' }, [])).toThrow(/TRUST_PROXY/);
    expect(() => loadConfig({ TRUST_PROXY: '0' }, [])).toThrow(/TRUST_PROXY/);
  });
});
