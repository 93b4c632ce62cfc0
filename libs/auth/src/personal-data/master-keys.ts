import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * Envelope encryption of the person keys (docs/adr/0008): every person key is stored wrapped
 * (AES-256-GCM) by a key-encryption key derived from a master secret kept outside the database
 * (`PII_MASTER_KEY`). Each wrapped key names the master key it was wrapped with (`kek_id`), so the
 * master key can be rotated: the new one wraps, the old ones (`PII_PREVIOUS_MASTER_KEYS`) still
 * unwrap until `POST /api/v1/people/keys/rewrap` has moved every key to the new one.
 */
export interface MasterKey {
  /** Derived from the key itself, so a key id can never be paired with the wrong secret. */
  readonly id: string;
  readonly key: Buffer;
}

/** Where the current master secret came from (logged at start, never the secret). */
export type MasterKeySource = 'configured' | 'embedded_file' | 'embedded_in_memory' | 'development';

export interface MasterKeyRing {
  readonly current: MasterKey;
  /** Every master key that may unwrap, the current one included, by id. */
  readonly accepted: ReadonlyMap<string, MasterKey>;
  readonly source: MasterKeySource;
  /** The file of an embedded demo's generated secret. */
  readonly file?: string;
}

/** Shortest master secret accepted (the same bar as JWT_SECRET). */
export const MASTER_SECRET_MIN_LENGTH = 32;

/**
 * The master secret of a PostgreSQL database outside production when none is configured. It is in
 * the source code, so it protects nothing: it exists so development databases and tests keep one
 * storage format. Production refuses to start without PII_MASTER_KEY (app-config.ts), and keys
 * wrapped by this secret are re-wrapped by the configured one at the next start.
 */
export const DEVELOPMENT_MASTER_SECRET = 'gridcase-development-only-master-key-not-a-secret';

export function masterKeyFromSecret(secret: string): MasterKey {
  const key = Buffer.from(
    hkdfSync(
      'sha256',
      Buffer.from(secret, 'utf8'),
      Buffer.from('gridcase/person-keys'),
      Buffer.from('key-encryption-key'),
      32,
    ),
  );
  const id = `kek-${createHmac('sha256', key).update('gridcase master key id').digest('hex').slice(0, 16)}`;
  return { id, key };
}

/** The development master key's id: its wrapped keys count as unprotected (re-wrapped at start once a real key is configured). */
export const DEVELOPMENT_MASTER_KEY_ID = masterKeyFromSecret(DEVELOPMENT_MASTER_SECRET).id;

export function masterKeyRing(
  currentSecret: string,
  previousSecrets: readonly string[],
  source: MasterKeySource,
  file?: string,
): MasterKeyRing {
  const current = masterKeyFromSecret(currentSecret);
  const accepted = new Map<string, MasterKey>();
  // The development key unwraps everywhere: what it wrapped was never protected, and must stay readable to be re-wrapped.
  for (const secret of [DEVELOPMENT_MASTER_SECRET, ...previousSecrets, currentSecret]) {
    const key = masterKeyFromSecret(secret);
    accepted.set(key.id, key);
  }
  return { current, accepted, source, ...(file ? { file } : {}) };
}

export interface MasterKeySettings {
  readonly masterKey: string | undefined;
  readonly previousMasterKeys: readonly string[];
  /** Set: PostgreSQL (a configured key is required in production, see app-config.ts). */
  readonly databaseUrl: string | undefined;
  /** Embedded with files: the generated secret is kept beside them. Undefined with PGlite in memory. */
  readonly embeddedDataDir: string | undefined;
}

/**
 * The master key ring for a process: `PII_MASTER_KEY` when configured; the embedded demo's own
 * secret, generated on its first start and kept in a file beside its database files (mode 0600),
 * or drawn per process when the database lives in memory too; the development secret for a
 * PostgreSQL database outside production.
 */
export function resolveMasterKeyRing(settings: MasterKeySettings): MasterKeyRing {
  if (settings.masterKey) return masterKeyRing(settings.masterKey, settings.previousMasterKeys, 'configured');
  if (settings.databaseUrl)
    return masterKeyRing(DEVELOPMENT_MASTER_SECRET, settings.previousMasterKeys, 'development');
  if (!settings.embeddedDataDir)
    return masterKeyRing(randomBytes(32).toString('base64url'), [], 'embedded_in_memory');
  const file = `${resolve(settings.embeddedDataDir)}.pii-master-key`;
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    // 'wx': never overwrite a secret another process wrote first.
    try {
      writeFileSync(file, `${randomBytes(32).toString('base64url')}\n`, { flag: 'wx', mode: 0o600 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  const secret = readFileSync(file, 'utf8').trim();
  if (secret.length < MASTER_SECRET_MIN_LENGTH)
    throw new Error(
      `the master key file ${file} holds no usable key (at least ${MASTER_SECRET_MIN_LENGTH} characters)`,
    );
  return masterKeyRing(secret, settings.previousMasterKeys, 'embedded_file', file);
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** `iv ‖ tag ‖ ciphertext` of a person key under a master key; the person id is the associated data. */
export function wrapPersonKey(master: MasterKey, personId: string, personKey: Buffer): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', master.key, iv);
  cipher.setAAD(Buffer.from(personId, 'utf8'));
  const data = Buffer.concat([cipher.update(personKey), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), data]);
}

export function unwrapPersonKey(master: MasterKey, personId: string, wrapped: Buffer): Buffer {
  try {
    const decipher = createDecipheriv('aes-256-gcm', master.key, wrapped.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(personId, 'utf8'));
    decipher.setAuthTag(wrapped.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(wrapped.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
  } catch {
    throw new PersonKeyUnwrapError(personId, master.id);
  }
}

/** A wrapped person key does not open with the master key it names: tampering, or the wrong secret under that id. */
export class PersonKeyUnwrapError extends Error {
  readonly code = 'PERSONAL_DATA.KEY_UNWRAP_FAILED';
  constructor(
    readonly personId: string,
    readonly masterKeyId: string,
  ) {
    super(`the key of person ${personId} does not unwrap with master key ${masterKeyId}`);
  }
}

/** Person keys are wrapped by master keys this process was not given: it must not start (it could read none of them). */
export class MissingMasterKeyError extends Error {
  constructor(readonly missingIds: readonly string[]) {
    super(
      `person keys are wrapped by master key(s) ${missingIds.join(', ')} that are not configured: set PII_MASTER_KEY to the current one and ` +
        'PII_PREVIOUS_MASTER_KEYS to the older ones (comma-separated) until POST /api/v1/people/keys/rewrap has moved every key',
    );
  }
}
