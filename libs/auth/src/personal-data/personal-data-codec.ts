import type { EventDataCodec } from '#command-pipeline';
import type { NewEvent, RecordedEvent } from '#event-store';
import { decryptPerson, encryptPerson } from './person-cipher.js';
import {
  ERASED, PERSON_PATHS, clearKeysOf, isClearPerson, isStoredPerson, mapDeep, mapPersonPaths, onlyErased, personFingerprint, personIdFor,
  personalFields, storedPersonIds, type StoredPerson,
} from './person-data.js';
import type { PersonKey, PersonKeyStore } from './person-key-store.js';

type JsonObject = { [key: string]: unknown };

/**
 * The command pipeline's event-data codec for personal data (domain.md §7): before an append,
 * every person at a known path (person-data.ts) is replaced by `{personId, role?, kind?, fields,
 * pii}` — its personal fields encrypted with the person's own key, created before the append
 * (idempotently by person id, so a crash between key and append leaves at most an unused key,
 * never an event without its key). After a read, persons are decrypted back for folding; an
 * erased person reads as `[erased]` in every field it had, with `erased: true`.
 * The event store, the projections and `/events` see ciphertext and person ids only, unless a
 * reader decodes with this codec.
 */
export class PersonalDataCodec implements EventDataCodec {
  constructor(private readonly keys: PersonKeyStore) {}

  async decode<E extends { type: string; data: unknown }>(events: readonly E[]): Promise<E[]> {
    // Only the event types with persons are walked: the registry's long stream costs nothing here.
    const ids = new Set<string>();
    for (const event of events) if (PERSON_PATHS[event.type]) storedPersonIds(event.data, ids);
    if (ids.size === 0) return [...events];
    const keys = await this.keys.loadKeys([...ids]);
    return events.map((event) => {
      if (!PERSON_PATHS[event.type]) return event;
      const data = decodeData(event.data, keys);
      return data === event.data ? event : { ...event, data };
    });
  }

  /** Decodes one value (a folded-state fragment or event data) whose persons' keys are not loaded yet. */
  async decodeValue<T>(value: T): Promise<T> {
    const ids = storedPersonIds(value);
    if (ids.size === 0) return value;
    return decodeData(value, await this.keys.loadKeys([...ids])) as T;
  }

  async encode(events: readonly NewEvent[], history: readonly RecordedEvent[]): Promise<{ stored: NewEvent[]; decoded: NewEvent[] }> {
    // Persons already in the stream (decoded history): the same personal fields are the same person.
    const known = new Map<string, string>();
    for (const event of history) {
      mapDeep(event.data, isClearPerson, (person) => {
        if (person.erased !== true) known.set(personFingerprint(person), person.personId as string);
        return person;
      });
    }
    const needKeys = new Set<string>();
    const decoded = events.map((event) => {
      const data = mapPersonPaths(event.type, event.data, (person, path) => {
        if (isStoredPerson(person)) return person; // already encoded (a copy of stored data): keep
        const fingerprint = personFingerprint(person);
        const personId = typeof person.personId === 'string' ? person.personId : (known.get(fingerprint) ?? personIdFor(event.id, path));
        if (onlyErased(person)) return { ...erasedView(person), personId };
        known.set(fingerprint, personId);
        needKeys.add(personId);
        return { ...person, personId };
      });
      return data === event.data ? event : { ...event, data: data as NewEvent['data'] };
    });
    const keys = needKeys.size > 0 ? await this.keys.ensureKeys([...needKeys]) : new Map<string, PersonKey>();
    const stored = decoded.map((event) => {
      const data = mapPersonPaths(event.type, event.data, (person) => (isStoredPerson(person) ? person : encodePerson(person, keys)));
      return data === event.data ? event : { ...event, data: data as NewEvent['data'] };
    });
    return { stored, decoded };
  }
}

function encodePerson(person: JsonObject, keys: Map<string, PersonKey>): StoredPerson {
  const personId = person.personId as string;
  const fields = personalFields(person);
  const key = keys.get(personId);
  const base = { personId, ...clearKeysOf(person), fields: Object.keys(fields) };
  if (!key || onlyErased(person)) return { ...base, erased: true };
  return { ...base, pii: encryptPerson(key, personId, fields) };
}

function decodeData(data: unknown, keys: Map<string, PersonKey>): unknown {
  return mapDeep(data, isStoredPerson, (node) => {
    const stored = node as unknown as StoredPerson;
    const key = keys.get(stored.personId);
    const clear = { personId: stored.personId, ...clearKeysOf(node) };
    if (stored.erased === true || !stored.pii || !key) {
      return { ...clear, ...Object.fromEntries(stored.fields.map((field) => [field, ERASED])), erased: true };
    }
    return { ...clear, ...decryptPerson(key, stored.personId, stored.pii) };
  });
}

/** A clear person whose fields are all placeholders, marked erased. */
function erasedView(person: JsonObject): JsonObject {
  const fields = personalFields(person);
  return { ...clearKeysOf(person), ...Object.fromEntries(Object.keys(fields).map((field) => [field, ERASED])), erased: true };
}
