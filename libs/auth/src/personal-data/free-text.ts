import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { v5 as uuidv5 } from 'uuid';
import { CASE_EVENT_FIELDS } from '#case-domain';
import { fieldPathsOfClass } from '#domain-kernel';

/**
 * Free text of case events (docs/domain.md §7, docs/adr/0008, 0023): every string field the case
 * event types classify as `text` (`*.fields.ts` in `#case-domain`): titles, descriptions, notes,
 * reasons, categories, document numbers, names of staff, courts, bodies and places, evidence items.
 * People type names, phone numbers and ID numbers into them, and no pattern finds every name, so
 * each is encrypted whole under the case's own text key (`case_text` rows of `person_keys`), which
 * is erased together with any person of the case. Derived from the field classes, so a field
 * classified `text` is encrypted without a second list to keep.
 */
export const FREE_TEXT_PATHS: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  Object.keys(CASE_EVENT_FIELDS)
    .map((type) => [type, fieldPathsOfClass(CASE_EVENT_FIELDS, type, 'text')] as const)
    .filter(([, paths]) => paths.length > 0),
);

const TEXT_PATHS: Readonly<Record<string, readonly string[]>> = FREE_TEXT_PATHS;

/** What every stored text token starts with, whatever its version. */
export const TEXT_TOKEN_PREFIX = 'pii:text:';
const V1 = 'pii:text:v1:';
const V2 = 'pii:text:v2:';

/** What free text reads as for a role that does not see names (analysts, administrators). */
export const MASKED_TEXT = '[masked]';

/** Namespace of case text key ids. Never change it: ids are stored. */
const TEXT_KEY_NAMESPACE = '6f1c9d2a-3b7e-4a5f-8c0d-1e2f3a4b5c6d';

/** The case's text key id: derived from the case id, so every writer of the case finds the same key. */
export function caseTextKeyId(caseId: string): string {
  return uuidv5(`case-text/${caseId}`, TEXT_KEY_NAMESPACE);
}

/**
 * The key of the free text of one event written after the case's text was erased: the case keeps
 * being commanded, and its new text must not go unprotected nor under a key that no longer exists.
 * Derived from the event id, so a retried command finds it again.
 */
export function eventTextKeyId(caseId: string, eventId: string): string {
  return uuidv5(`case-text/${caseId}/${eventId}`, TEXT_KEY_NAMESPACE);
}

export function hasFreeText(type: string): boolean {
  return TEXT_PATHS[type] !== undefined;
}

/** Anything that starts like a stored token: decrypted and verified on reading, never trusted on writing. */
export function isTextToken(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(TEXT_TOKEN_PREFIX);
}

/** Where a token belongs: the case (stream) and the field (`CaseReported.title`, `EvidencePreserved.items[]`). */
export interface TextBinding {
  readonly caseId: string;
  readonly field: string;
}

/** The field label of a text path of an event type, as bound into its tokens. */
export const textField = (type: string, path: string): string => `${type}.${path}`;

/**
 * `pii:text:v2:<keyId>:<field>:<iv>:<ciphertext>:<tag>` (AES-256-GCM, base64url). The associated
 * data binds the ciphertext to its key, its case and its field, so a token copied into another case
 * (or forged around a copied key id) does not decrypt there, and one moved to another field of an
 * event is refused by its label. The field is in the token (readers of folded states and read
 * models no longer know where a value came from); the case is not: readers give it from where the
 * token sits.
 */
export function encryptText(key: Buffer, keyId: string, text: string, binding: TextBinding): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(v2AssociatedData(keyId, binding.caseId, binding.field));
  const data = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return `${V2}${keyId}:${binding.field}:${iv.toString('base64url')}:${data.toString('base64url')}:${cipher.getAuthTag().toString('base64url')}`;
}

function v2AssociatedData(keyId: string, caseId: string, field: string): Buffer {
  return Buffer.from(`${V2}\n${keyId}\n${caseId}\n${field}`, 'utf8');
}

interface ParsedToken {
  readonly version: 1 | 2;
  readonly keyId: string;
  readonly field?: string;
  readonly iv: string;
  readonly data: string;
  readonly tag: string;
}

function parseToken(token: string): ParsedToken | undefined {
  if (token.startsWith(V2)) {
    const parts = token.slice(V2.length).split(':');
    if (parts.length !== 5 || parts.some((part) => part.length === 0)) return undefined;
    const [keyId, field, iv, data, tag] = parts as [string, string, string, string, string];
    return { version: 2, keyId, field, iv, data, tag };
  }
  if (token.startsWith(V1)) {
    const parts = token.slice(V1.length).split(':');
    if (parts.length !== 4 || parts.some((part) => part.length === 0)) return undefined;
    const [keyId, iv, data, tag] = parts as [string, string, string, string];
    return { version: 1, keyId, iv, data, tag };
  }
  return undefined;
}

/** The key id a token was written under, or undefined for anything that is not a well-formed token. */
export function textTokenKeyId(token: string): string | undefined {
  return parseToken(token)?.keyId;
}

/** The field a v2 token was written for (undefined for v1 tokens and malformed ones). */
export function textTokenField(token: string): string | undefined {
  return parseToken(token)?.field;
}

/**
 * Where a reader found a token: its case, and (for a token read in its event) the field and the
 * event's id. A v1 token (written before the binding) is only accepted under a text key of that
 * case; a v2 token must verify with that case as associated data and, in an event, carry that field.
 */
export interface TextPlace {
  readonly caseId: string | undefined;
  readonly field?: string;
  readonly eventId?: string;
}

/**
 * The clear text of a token read at `place`, or undefined when it does not decrypt or verify there
 * (malformed, another case's, another field's, a wrong key, tampered): the caller shows UNREADABLE.
 */
export function decryptText(key: Buffer, token: string, place: TextPlace): string | undefined {
  const parsed = parseToken(token);
  if (!parsed || place.caseId === undefined) return undefined;
  if (parsed.version === 2 && place.field !== undefined && parsed.field !== place.field) return undefined;
  if (parsed.version === 1 && !isCaseTextKey(parsed.keyId, place)) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(parsed.iv, 'base64url'));
    decipher.setAAD(
      parsed.version === 2
        ? v2AssociatedData(parsed.keyId, place.caseId, parsed.field!)
        : Buffer.from(parsed.keyId, 'utf8'),
    );
    decipher.setAuthTag(Buffer.from(parsed.tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(parsed.data, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    return undefined;
  }
}

/** A v1 token's key must be a text key of the case it sits in (its base key, or, read in its event, that event's). */
function isCaseTextKey(keyId: string, place: TextPlace): boolean {
  if (place.caseId === undefined) return false;
  if (keyId === caseTextKeyId(place.caseId)) return true;
  return place.eventId !== undefined && keyId === eventTextKeyId(place.caseId, place.eventId);
}

type Json = { [key: string]: unknown };
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Replaces every string at the event type's free-text paths with `replace(text, path)` (`path` as
 * the field classes name it: `attendees[]`, `legalReview.opinion`); same object back when nothing changed.
 */
export function mapFreeText(
  type: string,
  data: unknown,
  replace: (text: string, path: string) => string,
): unknown {
  const paths = TEXT_PATHS[type];
  if (!paths || !isObject(data)) return data;
  let result: unknown = data;
  for (const path of paths) result = mapTextAt(result, path.split('.'), (text) => replace(text, path));
  return result;
}

function mapTextAt(node: unknown, segments: readonly string[], replace: (text: string) => string): unknown {
  if (!isObject(node)) return node;
  const [head, ...rest] = segments;
  const list = head!.endsWith('[]');
  const key = list ? head!.slice(0, -2) : head!;
  if (!(key in node)) return node;
  const child = node[key];
  let next: unknown = child;
  if (list && Array.isArray(child)) {
    const mapped = child.map((item) =>
      rest.length > 0 ? mapTextAt(item, rest, replace) : typeof item === 'string' ? replace(item) : item,
    );
    next = mapped.some((item, index) => item !== child[index]) ? mapped : child;
  } else if (list) {
    next = child;
  } else if (rest.length > 0) next = mapTextAt(child, rest, replace);
  else if (typeof child === 'string') next = replace(child);
  return next === child ? node : { ...node, [key]: next };
}

/** Every text token anywhere in `value` (a response body, a folded state), for loading their keys. */
export function textTokenKeyIds(value: unknown, into = new Set<string>()): Set<string> {
  if (isTextToken(value)) {
    const id = textTokenKeyId(value);
    if (id) into.add(id);
  } else if (Array.isArray(value)) {
    for (const item of value) textTokenKeyIds(item, into);
  } else if (isObject(value)) {
    for (const child of Object.values(value)) textTokenKeyIds(child, into);
  }
  return into;
}

/**
 * Replaces every text token anywhere in `value`; returns the same object when there is none. Each
 * token is given the case it sits in: the `caseId` of the nearest object around it that has one
 * (a case view, a list row, an event's data), undefined when none has.
 */
export function mapTextTokens(
  value: unknown,
  replace: (token: string, caseId: string | undefined) => string,
  caseId?: string,
): unknown {
  if (isTextToken(value)) return replace(value, caseId);
  if (Array.isArray(value)) {
    let changed = false;
    const mapped = value.map((item) => {
      const next = mapTextTokens(item, replace, caseId);
      if (next !== item) changed = true;
      return next;
    });
    return changed ? mapped : value;
  }
  if (!isObject(value)) return value;
  const here = typeof value.caseId === 'string' && !isTextToken(value.caseId) ? value.caseId : caseId;
  let copy: Json | undefined;
  for (const [key, child] of Object.entries(value)) {
    const next = mapTextTokens(child, replace, here);
    if (next !== child) (copy ??= { ...value })[key] = next;
  }
  return copy ?? value;
}
