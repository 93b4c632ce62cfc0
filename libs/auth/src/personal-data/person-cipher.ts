import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { PersonCiphertext } from './person-data.js';

/** Bytes of a person's data key (AES-256). */
export const PERSON_KEY_BYTES = 32;

export function newPersonKey(): Buffer {
  return randomBytes(PERSON_KEY_BYTES);
}

/**
 * AES-256-GCM with a fresh 96-bit IV per encryption. The person id is the associated data, so a
 * ciphertext moved onto another person (or another person's key) fails to decrypt.
 */
export function encryptPerson(
  key: Buffer,
  personId: string,
  fields: Record<string, unknown>,
): PersonCiphertext {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(personId, 'utf8'));
  const data = Buffer.concat([cipher.update(JSON.stringify(fields), 'utf8'), cipher.final()]);
  return {
    alg: 'A256GCM',
    iv: iv.toString('base64url'),
    data: data.toString('base64url'),
    tag: cipher.getAuthTag().toString('base64url'),
  };
}

/** Throws PersonalDataIntegrityError (naming the person id only) when the ciphertext or key does not match. */
export function decryptPerson(
  key: Buffer,
  personId: string,
  ciphertext: PersonCiphertext,
): Record<string, unknown> {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(ciphertext.iv, 'base64url'));
    decipher.setAAD(Buffer.from(personId, 'utf8'));
    decipher.setAuthTag(Buffer.from(ciphertext.tag, 'base64url'));
    const clear = Buffer.concat([
      decipher.update(Buffer.from(ciphertext.data, 'base64url')),
      decipher.final(),
    ]).toString('utf8');
    return JSON.parse(clear) as Record<string, unknown>;
  } catch {
    throw new PersonalDataIntegrityError(personId);
  }
}

/** A stored person's ciphertext does not decrypt with its key: tampering or a bug, never shown as data. */
export class PersonalDataIntegrityError extends Error {
  readonly code = 'PERSONAL_DATA.INTEGRITY';
  constructor(readonly personId: string) {
    super(`the personal data of person ${personId} does not decrypt with its key`);
  }
}
