import type { EventDataCodec } from '#command-pipeline';
import type { NewEvent, RecordedEvent } from '#event-store';
import { Counter } from 'prom-client';
import { metricsRegistry } from '#platform';
import {
  MASKED_TEXT,
  caseTextKeyId,
  decryptText,
  encryptText,
  eventTextKeyId,
  hasFreeText,
  isTextToken,
  mapFreeText,
  mapTextTokens,
  textField,
  textTokenKeyId,
  textTokenKeyIds,
  type TextPlace,
} from './free-text.js';
import { PersonalDataIntegrityError, decryptPerson, encryptPerson } from './person-cipher.js';
import {
  ERASED,
  PERSON_PATHS,
  UNREADABLE,
  clearKeysOf,
  isClearPerson,
  isStoredPerson,
  mapDeep,
  mapPersonPaths,
  onlyErased,
  personFingerprint,
  personIdFor,
  personalFields,
  storedPersonIds,
  type StoredPerson,
} from './person-data.js';
import type { KeyOwner, PersonKey, PersonKeyStore } from './person-key-store.js';
import type { FieldVisibility, PersonalDataVisibility } from './personal-data-masking.js';

type JsonObject = { [key: string]: unknown };

/** One stored value that did not decrypt or verify where it sits: shown as UNREADABLE, reported once per read. */
export interface UnreadableValue {
  readonly caseId: string | undefined;
  /** The event's id and global position when read from the log; absent for a read-model answer. */
  readonly eventId?: string;
  readonly position?: string;
  /** `CaseReported.title`, or `person <id>` for a person's ciphertext. */
  readonly field: string;
}

/** Values that read as `[unreadable]` (forged, copied or damaged ciphertext), served at GET /metrics. */
export const unreadablePersonalData = new Counter({
  name: 'gridcase_personal_data_unreadable_total',
  help: 'Stored personal data or free text that did not decrypt or verify where it sits, shown as [unreadable]',
  labelNames: ['kind'] as const,
  registers: [metricsRegistry],
});

export interface PersonalDataCodecOptions {
  /** Told of each unreadable value (the API logs one warning with the case id and position). */
  readonly onUnreadable?: (value: UnreadableValue) => void;
}

/**
 * The command pipeline's event-data codec for personal data (docs/domain.md §7): before an append,
 * every person at a known path (person-data.ts) is replaced by `{personId, role?, kind?, fields,
 * pii}` — its personal fields encrypted with the person's own key, created before the append
 * (idempotently by person id, so a crash between key and append leaves at most an unused key,
 * never an event without its key). After a read, persons are decrypted back for folding; an
 * erased person reads as `[erased]` in every field it had, with `erased: true`. The free text of
 * case events (free-text.ts) is encrypted the same way under the case's text key, which any
 * person's erasure takes along (docs/adr/0008).
 * The event store, the projections and `/events` see ciphertext and person ids only, unless a
 * reader decodes with this codec.
 */
export class PersonalDataCodec implements EventDataCodec {
  /**
   * What a decode for the pipeline loaded, by each event object it returned (the pipeline hands
   * them back to encode as `history`, also from a cache of folded streams): the case's keys, so
   * encode needs no query for the text key, and when, so encode can tell a history decoded long ago.
   */
  private readonly loaded = new WeakMap<
    object,
    { caseId: string | undefined; keys: Map<string, PersonKey>; at: number }
  >();

  private readonly onUnreadable: (value: UnreadableValue) => void;

  constructor(
    private readonly keys: PersonKeyStore,
    options: PersonalDataCodecOptions = {},
  ) {
    this.onUnreadable = (value) => {
      unreadablePersonalData.inc({ kind: value.field.startsWith('person ') ? 'person' : 'text' });
      options.onUnreadable?.(value);
    };
  }

  /** For the command pipeline: persons and free text in clear, so the deciders fold and decide on clear values. */
  async decode<E extends { type: string; data: unknown }>(events: readonly E[]): Promise<E[]> {
    return this.decodeEvents(events, 'clear');
  }

  /**
   * For a reader: persons in clear (the caller masks them with maskPersonalData), free text in clear
   * for roles that see names (visibility.name), `[masked]` for the others; `[erased]` once its key is gone.
   */
  async decodeForReader<E extends { type: string; data: unknown }>(
    events: readonly E[],
    visibility: PersonalDataVisibility,
  ): Promise<E[]> {
    return this.decodeEvents(events, visibility.name);
  }

  /** For a reader that renders free text later (renderFreeText, e.g. after a fold): persons in clear, free text left encrypted. */
  async decodePersons<E extends { type: string; data: unknown }>(events: readonly E[]): Promise<E[]> {
    return this.decodeEvents(events, 'keep');
  }

  /** Free-text tokens anywhere in `value` (a read-model answer) rendered for a reader as decodeForReader does; persons untouched. */
  async renderFreeText<T>(value: T, visibility: PersonalDataVisibility): Promise<T> {
    const ids = textTokenKeyIds(value);
    if (ids.size === 0) return value;
    const keys = await this.keys.loadKeys([...ids]);
    return mapTextTokens(value, (token, caseId) =>
      this.decodeTextToken(token, keys, visibility.name, { caseId }),
    ) as T;
  }

  private async decodeEvents<E extends { type: string; data: unknown }>(
    events: readonly E[],
    text: FieldVisibility | 'keep',
  ): Promise<E[]> {
    // Only the event types with persons or free text are walked: the registry's long stream costs nothing here.
    const ids = new Set<string>();
    const caseIds = new Set<string>();
    for (const event of events) {
      if (PERSON_PATHS[event.type]) storedPersonIds(event.data, ids);
      if (hasFreeText(event.type)) {
        collectTextKeyIds(event.type, event.data, ids);
        const caseId = (event.data as { caseId?: unknown }).caseId;
        if (typeof caseId === 'string') caseIds.add(caseId);
      }
    }
    // One case's stream: its text key is loaded with the rest, so the next encode needs no query for it.
    const single = caseIds.size === 1 ? [...caseIds][0]! : undefined;
    if (single) ids.add(caseTextKeyId(single));
    if (ids.size === 0) return [...events];
    const keys = await this.keys.loadKeys([...ids]);
    const decoded = events.map((event) => {
      const place = placeOf(event);
      let data = PERSON_PATHS[event.type] ? this.decodeData(event.data, keys, place) : event.data;
      if (hasFreeText(event.type))
        data = mapFreeText(event.type, data, (value, path) =>
          this.decodeTextToken(value, keys, text, { ...place, field: textField(event.type, path) }),
        );
      return data === event.data ? event : { ...event, data };
    });
    if (text === 'clear') {
      const loaded = { caseId: single, keys, at: performance.now() };
      for (const event of decoded) this.loaded.set(event, loaded);
    }
    return decoded;
  }

  /** Decodes one value (a folded-state fragment or event data) whose persons' and free text's keys are not loaded yet. */
  async decodeValue<T>(value: T): Promise<T> {
    const ids = storedPersonIds(value);
    textTokenKeyIds(value, ids);
    if (ids.size === 0) return value;
    const keys = await this.keys.loadKeys([...ids]);
    return mapTextTokens(this.decodeData(value, keys, { caseId: undefined }), (token, caseId) =>
      this.decodeTextToken(token, keys, 'clear', { caseId }),
    ) as T;
  }

  /**
   * A value folded from stored events (e.g. a case state) as decodePersons gives the events: persons
   * in clear, free text left encrypted but verified where it sits, `[erased]` once a key is gone.
   */
  async decodePersonsIn<T>(value: T): Promise<T> {
    const ids = storedPersonIds(value);
    textTokenKeyIds(value, ids);
    if (ids.size === 0) return value;
    const keys = await this.keys.loadKeys([...ids]);
    return mapTextTokens(this.decodeData(value, keys, { caseId: undefined }), (token, caseId) =>
      this.decodeTextToken(token, keys, 'keep', { caseId }),
    ) as T;
  }

  async encode(
    events: readonly NewEvent[],
    history: readonly RecordedEvent[],
  ): Promise<{ stored: NewEvent[]; decoded: NewEvent[] }> {
    const checked = await this.refuseErasedSinceDecode(history);
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
        const personId =
          typeof person.personId === 'string'
            ? person.personId
            : (known.get(fingerprint) ?? personIdFor(event.id, path));
        if (onlyErased(person)) return { ...erasedView(person), personId };
        known.set(fingerprint, personId);
        needKeys.add(personId);
        return { ...person, personId };
      });
      return data === event.data ? event : { ...event, data: data as NewEvent['data'] };
    });

    // Free text goes under the case's text key (loaded by the decode of this stream, else created with the persons' keys).
    const caseId = events
      .map((event) => (event.data as { caseId?: unknown }).caseId)
      .find((id): id is string => typeof id === 'string');
    const withText = caseId ? decoded.filter((event) => hasFreeText(event.type) && carriesText(event)) : [];
    const baseTextKey = caseId ? caseTextKeyId(caseId) : undefined;
    // The case's keys as last looked up: by the check just now (a history kept by the pipeline), else by the decode.
    const loaded = checked ?? (history.length > 0 ? this.loaded.get(history[0]!) : undefined);
    const textKeyIds = new Set<string>();
    if (baseTextKey && withText.length > 0 && !(loaded?.caseId === caseId && loaded?.keys.has(baseTextKey)))
      textKeyIds.add(baseTextKey);
    const owner: KeyOwner | undefined = caseId ? { caseId, textKeyIds } : undefined;
    const keys =
      needKeys.size + textKeyIds.size > 0
        ? await this.keys.ensureKeys([...needKeys, ...textKeyIds], owner)
        : new Map<string, PersonKey>();
    const textKeyOf = new Map<string, { id: string; key: Buffer }>();
    if (baseTextKey && withText.length > 0) {
      const base = keys.has(baseTextKey) ? keys.get(baseTextKey) : loaded?.keys.get(baseTextKey);
      if (base) {
        for (const event of withText) textKeyOf.set(event.id, { id: baseTextKey, key: base });
      } else {
        // The case's text was erased: new text goes under a key of its own per event, erased with the case's persons too.
        const perEvent = withText.map((event) => eventTextKeyId(caseId!, event.id));
        const fresh = await this.keys.ensureKeys(perEvent, {
          caseId: caseId!,
          textKeyIds: new Set(perEvent),
        });
        withText.forEach((event, index) => {
          const key = fresh.get(perEvent[index]!);
          if (key) textKeyOf.set(event.id, { id: perEvent[index]!, key });
        });
      }
    }

    const stored = decoded.map((event) => {
      let data = mapPersonPaths(event.type, event.data, (person) =>
        isStoredPerson(person) ? person : encodePerson(person, keys),
      );
      const textKey = textKeyOf.get(event.id);
      if (hasFreeText(event.type)) {
        // Never clear, and never trusted: a string that looks like a token is text like any other and
        // is encrypted too (ADR 0023). Without a key (only if its case text was erased in the very
        // moment of writing) the text is stored erased.
        data = mapFreeText(event.type, data, (text, path) =>
          textKey
            ? encryptText(textKey.key, textKey.id, text, {
                caseId: caseId!,
                field: textField(event.type, path),
              })
            : ERASED,
        );
      }
      return data === event.data ? event : { ...event, data: data as NewEvent['data'] };
    });
    return { stored, decoded };
  }

  /**
   * A history decoded long ago (or not by this codec) may hold persons or text erased since: then
   * its keys are looked up again (one query) and the command refused with ErasedSinceDecodeError.
   */
  private caseIdOf(history: readonly RecordedEvent[]): string | undefined {
    for (const event of history) {
      const id = (event.data as { caseId?: unknown }).caseId;
      if (hasFreeText(event.type) && typeof id === 'string') return id;
    }
    return this.loaded.get(history[0]!)?.caseId;
  }

  private async refuseErasedSinceDecode(
    history: readonly RecordedEvent[],
  ): Promise<{ caseId: string | undefined; keys: Map<string, PersonKey>; at: number } | undefined> {
    if (history.length === 0) return undefined;
    const now = performance.now();
    if (history.every((event) => now - (this.loaded.get(event)?.at ?? -Infinity) <= FRESH_DECODE_MS))
      return undefined;
    // The keys that were there when the history was decoded; for events this codec did not decode
    // (written since, kept by the pipeline), the persons they name and the case text key.
    const ids = new Set<string>();
    const seen = new Set<object>();
    let baseErased = false;
    let caseId: string | undefined;
    let unregisteredText = false;
    for (const event of history) {
      const loaded = this.loaded.get(event);
      if (loaded) {
        if (!seen.has(loaded.keys)) {
          seen.add(loaded.keys);
          for (const [id, key] of loaded.keys) if (key !== null) ids.add(id);
          if (loaded.caseId && loaded.keys.get(caseTextKeyId(loaded.caseId)) === null) baseErased = true;
        }
        continue;
      }
      mapDeep(event.data, isClearPerson, (person) => {
        if (person.erased !== true) ids.add(person.personId as string);
        return person;
      });
      if (hasFreeText(event.type)) {
        const id = (event.data as { caseId?: unknown }).caseId;
        if (typeof id === 'string') caseId ??= id;
        mapFreeText(event.type, event.data, (text) => {
          if (text !== ERASED) unregisteredText = true;
          return text;
        });
      }
    }
    if (caseId && unregisteredText && !baseErased) ids.add(caseTextKeyId(caseId));
    const textKey = caseId ?? this.caseIdOf(history);
    // The text key comes along in the same query, so the encode that follows needs none for it.
    const probe = textKey ? [caseTextKeyId(textKey)] : [];
    if (ids.size === 0 && probe.length === 0) return undefined;
    const keys = await this.keys.loadKeys([...ids, ...probe]);
    const erased = [...ids].filter((id) => keys.get(id) === null);
    if (erased.length > 0) throw new ErasedSinceDecodeError(erased);
    return { caseId: textKey, keys, at: now };
  }

  /**
   * A token decrypted and verified where it sits (`[masked]` for a reader who may not see names,
   * the token itself for `keep`); `[erased]` once its key is gone; `[unreadable]` (reported) when it
   * does not decrypt or verify there; clear text (written before free text was encrypted, or by the
   * system) as it is.
   */
  private decodeTextToken(
    text: string,
    keys: Map<string, PersonKey>,
    mode: FieldVisibility | 'keep',
    place: TextPlace & { position?: string },
  ): string {
    if (!isTextToken(text)) return text;
    const keyId = textTokenKeyId(text);
    const key = keyId === undefined ? undefined : keys.get(keyId);
    if (key === null) return ERASED;
    const clear = key === undefined ? undefined : decryptText(key, text, place);
    if (clear === undefined) {
      this.onUnreadable({
        caseId: place.caseId,
        eventId: place.eventId,
        position: place.position,
        field: place.field ?? 'text',
      });
      return UNREADABLE;
    }
    return mode === 'keep' ? text : mode === 'clear' ? clear : MASKED_TEXT;
  }

  /** Persons decrypted; one whose ciphertext does not decrypt with its key reads `[unreadable]` in every field (reported). */
  private decodeData(
    data: unknown,
    keys: Map<string, PersonKey>,
    place: { caseId: string | undefined; eventId?: string; position?: string },
  ): unknown {
    return mapDeep(data, isStoredPerson, (node) => {
      const stored = node as unknown as StoredPerson;
      const key = keys.get(stored.personId);
      const clear = { personId: stored.personId, ...clearKeysOf(node) };
      const each = (value: string) => Object.fromEntries(stored.fields.map((field) => [field, value]));
      if (stored.erased === true || !stored.pii || !key) return { ...clear, ...each(ERASED), erased: true };
      try {
        return { ...clear, ...decryptPerson(key, stored.personId, stored.pii) };
      } catch (error) {
        if (!(error instanceof PersonalDataIntegrityError)) throw error;
        this.onUnreadable({ ...place, field: `person ${stored.personId}` });
        return { ...clear, ...each(UNREADABLE), unreadable: true };
      }
    });
  }
}

/** Where an event's values sit: its case (from its data, else its stream), its id and log position. */
function placeOf(event: { type: string; data: unknown }): {
  caseId: string | undefined;
  eventId?: string;
  position?: string;
} {
  const recorded = event as Partial<RecordedEvent>;
  const fromData = (event.data as { caseId?: unknown } | null)?.caseId;
  const caseId =
    typeof fromData === 'string'
      ? fromData
      : typeof recorded.stream === 'string' && recorded.stream.startsWith('case-')
        ? recorded.stream.slice('case-'.length)
        : undefined;
  return {
    caseId,
    ...(typeof recorded.id === 'string' ? { eventId: recorded.id } : {}),
    ...(recorded.globalPosition !== undefined ? { position: String(recorded.globalPosition) } : {}),
  };
}

/** A history decoded this recently was read with the keys as they are: no check needed (the usual read → decide → append). */
const FRESH_DECODE_MS = 1_000;

/**
 * Persons or case text of the stream were erased after its history was decoded (a pipeline that
 * keeps folded streams between commands): deciding on it could copy erased data into a new event
 * (e.g. a party's name into a decision). Thrown before anything is stored; decide again on a fresh read.
 */
export class ErasedSinceDecodeError extends Error {
  readonly code = 'PERSONAL_DATA.ERASED_SINCE_READ';
  constructor(readonly ids: readonly string[]) {
    super(
      `personal data of ${ids.join(', ')} was erased after the stream was read: decide again on a fresh read`,
    );
  }
}

/** True when the event has a string at one of its free-text paths. */
function carriesText(event: NewEvent): boolean {
  let found = false;
  mapFreeText(event.type, event.data, (text) => {
    found = true;
    return text;
  });
  return found;
}

function collectTextKeyIds(type: string, data: unknown, into: Set<string>): void {
  mapFreeText(type, data, (text) => {
    const id = isTextToken(text) ? textTokenKeyId(text) : undefined;
    if (id) into.add(id);
    return text;
  });
}

function encodePerson(person: JsonObject, keys: Map<string, PersonKey>): StoredPerson {
  const personId = person.personId as string;
  const fields = personalFields(person);
  const key = keys.get(personId);
  const base = { personId, ...clearKeysOf(person), fields: Object.keys(fields) };
  if (!key || onlyErased(person)) return { ...base, erased: true };
  return { ...base, pii: encryptPerson(key, personId, fields) };
}

/** A clear person whose fields are all placeholders, marked erased. */
function erasedView(person: JsonObject): JsonObject {
  const fields = personalFields(person);
  return {
    ...clearKeysOf(person),
    ...Object.fromEntries(Object.keys(fields).map((field) => [field, ERASED])),
    erased: true,
  };
}
