import { v5 as uuidv5 } from 'uuid';

/**
 * Where personal data sits in stored events (docs/domain.md §7, PIPL): every object at these paths is
 * one person. `[]` marks a list of persons. Paths are the event types' data shapes in
 * `#case-domain`; a new event carrying a `PersonRef` must be added here (person-data.spec.ts pins
 * the list against the case events that have one).
 */
export const PERSON_PATHS: Readonly<Record<string, readonly string[]>> = {
  CaseReported: [
    'reporter',
    'details.parties[]',
    'details.petitioners[]',
    'details.representatives[]',
    'details.party',
  ],
  PenaltyDecided: ['party'],
};

/** Keys of a person object that are not personal data and stay in clear (the decider and read models use them). */
export const CLEAR_PERSON_KEYS: ReadonlySet<string> = new Set(['personId', 'role', 'kind']);

/** What a field of an erased person reads as, everywhere (case state, history, /events). */
export const ERASED = '[erased]';

/**
 * What a stored value reads as when it does not decrypt or verify where it sits (a forged or
 * copied envelope, a damaged record): that field alone, never the record or the list (ADR 0023).
 */
export const UNREADABLE = '[unreadable]';

/** AES-256-GCM ciphertext of one person's personal fields (JSON object), base64url parts. */
export interface PersonCiphertext {
  readonly alg: 'A256GCM';
  readonly iv: string;
  readonly data: string;
  readonly tag: string;
}

/** A person as stored in an event: id, the clear keys, and either the ciphertext or the mark that it was erased when written. */
export interface StoredPerson {
  readonly personId: string;
  /** Names of the encrypted fields (not their values), so an erased person still shows which fields it had. */
  readonly fields: readonly string[];
  readonly pii?: PersonCiphertext;
  readonly erased?: true;
  readonly [clearKey: string]: unknown;
}

/** A person as the decider, the pipeline and authorised readers see it: clear fields plus its id. */
export interface ClearPerson {
  readonly personId?: string;
  readonly erased?: true;
  readonly [field: string]: unknown;
}

type JsonObject = { [key: string]: unknown };

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function isStoredPerson(value: unknown): value is StoredPerson {
  return (
    isObject(value) &&
    typeof value.personId === 'string' &&
    Array.isArray(value.fields) &&
    (isObject(value.pii) || value.erased === true)
  );
}

/** A decoded person (it carries its id): what masking works on. */
export function isClearPerson(value: unknown): value is ClearPerson & { personId: string } {
  return isObject(value) && typeof value.personId === 'string' && !Array.isArray(value.fields);
}

/**
 * Replaces every person at the event type's paths with `replace(person, path)`; returns new data
 * (copied along the paths only) or the same object when the type carries no person.
 */
export function mapPersonPaths(
  type: string,
  data: unknown,
  replace: (person: JsonObject, path: string) => JsonObject,
): unknown {
  const paths = PERSON_PATHS[type];
  if (!paths || !isObject(data)) return data;
  let result: unknown = data;
  for (const path of paths) result = mapAt(result, path.split('.'), path, replace);
  return result;
}

function mapAt(
  node: unknown,
  segments: string[],
  path: string,
  replace: (person: JsonObject, path: string) => JsonObject,
  at = '',
): unknown {
  if (!isObject(node)) return node;
  const [head, ...rest] = segments;
  const list = head!.endsWith('[]');
  const key = list ? head!.slice(0, -2) : head!;
  if (!(key in node)) return node;
  const child = node[key];
  const here = at ? `${at}.${key}` : key;
  let next: unknown;
  if (list) {
    if (!Array.isArray(child)) return node;
    next = child.map((item, index) =>
      rest.length > 0
        ? mapAt(item, rest, path, replace, `${here}[${index}]`)
        : isObject(item)
          ? replace(item, `${here}[${index}]`)
          : item,
    );
  } else if (rest.length > 0) {
    next = mapAt(child, rest, path, replace, here);
  } else {
    next = isObject(child) ? replace(child, here) : child;
  }
  return next === child ? node : { ...node, [key]: next };
}

/**
 * Maps every object anywhere in `value` that `match`es (persons in a folded state, decoded event
 * data, stored events), without descending into the matches.
 */
export function mapDeep(
  value: unknown,
  match: (node: unknown) => boolean,
  replace: (node: JsonObject) => unknown,
): unknown {
  if (match(value)) return replace(value as JsonObject);
  if (Array.isArray(value)) {
    let changed = false;
    const mapped = value.map((item) => {
      const next = mapDeep(item, match, replace);
      if (next !== item) changed = true;
      return next;
    });
    return changed ? mapped : value;
  }
  if (!isObject(value)) return value;
  let copy: JsonObject | undefined;
  for (const [key, child] of Object.entries(value)) {
    const next = mapDeep(child, match, replace);
    if (next !== child) (copy ??= { ...value })[key] = next;
  }
  return copy ?? value;
}

/** Every stored person's id in `value` (for loading their keys). */
export function storedPersonIds(value: unknown, into = new Set<string>()): Set<string> {
  mapDeep(value, isStoredPerson, (node) => {
    into.add((node as unknown as StoredPerson).personId);
    return node;
  });
  return into;
}

/** Namespace of person ids. Never change it: ids are stored. */
const PERSON_ID_NAMESPACE = 'b3c0f1a4-5e2d-4c8b-9a71-0d6e2f4c9b33';

/**
 * A new person's id: derived from the id of the event that first mentions the person and the
 * person's place in it. Event ids derive from command ids, so a retried command gives the same
 * persons the same ids (and finds the keys it created before). Nothing about the person goes in:
 * an id derived from the name or phone could be brute-forced back after the key is erased.
 */
export function personIdFor(eventId: string, path: string): string {
  return uuidv5(`${eventId}/${path}`, PERSON_ID_NAMESPACE);
}

/** Same person within one stream: the same personal fields (a reporter who is also a petitioner, a party copied into a decision). */
export function personFingerprint(person: JsonObject): string {
  const entries = Object.entries(person)
    .filter(([key]) => !CLEAR_PERSON_KEYS.has(key) && key !== 'erased')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify(entries);
}

/** The personal fields of a clear person (everything but the clear keys). */
export function personalFields(person: JsonObject): JsonObject {
  const fields: JsonObject = {};
  for (const [key, value] of Object.entries(person))
    if (!CLEAR_PERSON_KEYS.has(key) && key !== 'erased' && value !== undefined) fields[key] = value;
  return fields;
}

/** The clear keys of a person (role, kind), kept beside the ciphertext. */
export function clearKeysOf(person: JsonObject): JsonObject {
  const clear: JsonObject = {};
  for (const [key, value] of Object.entries(person))
    if (CLEAR_PERSON_KEYS.has(key) && key !== 'personId' && value !== undefined) clear[key] = value;
  return clear;
}

/** True when a clear person holds nothing but erased placeholders (e.g. an erased party copied into a decision). */
export function onlyErased(person: JsonObject): boolean {
  const fields = Object.values(personalFields(person));
  return person.erased === true || (fields.length > 0 && fields.every((value) => value === ERASED));
}
