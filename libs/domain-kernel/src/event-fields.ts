/**
 * What every string field of an event holds (docs/adr/0008, "Field classes"). Each event type
 * declares it field by field, in a table beside the event definitions (`*.fields.ts`):
 * - `personal`: a reporter's, party's or petitioner's name, phone or ID number. The object holding
 *   it is one person, stored encrypted under the person's own key.
 * - `text`: free text a person typed (titles, reasons, notes, names of staff, courts, places, document
 *   numbers): it may name anyone, so it is stored encrypted under the key of the event's stream.
 * - `system`: a value the system gives or checks (id, code, enum, date, instant, account id,
 *   computed deadline): stored and shown in clear, and never holds what a person typed freely.
 * Tables are checked twice: at compile time (`EventFieldClasses` demands exactly the string fields
 * of each event type, so `tsc` fails on a new unclassified one) and at run time on real events
 * (`unclassifiedStringFields`, used by the decider specifications and the generator specs).
 */
export type FieldClass = 'personal' | 'text' | 'system';

type NonString = number | boolean | bigint | symbol | null | undefined;

/**
 * Paths of the string leaves of `T`: `title`, `location.address`, `attendees[]`,
 * `details.parties[].name`. Unions contribute the paths of every member. A value of an `Opaque`
 * type (e.g. a computed `Deadline`) is one path, classified as a whole.
 */
export type StringFieldPaths<T, Opaque = never, Path extends string = ''> = T extends Opaque
  ? Path
  : T extends string
    ? Path
    : T extends NonString
      ? never
      : T extends ReadonlyArray<infer Item>
        ? StringFieldPaths<Item, Opaque, `${Path}[]`>
        : T extends object
          ? {
              [K in keyof T & string]-?: StringFieldPaths<T[K], Opaque, Path extends '' ? K : `${Path}.${K}`>;
            }[keyof T & string]
          : never;

/**
 * The classification of every event type of a union: exactly its string field paths, each with its
 * class. Used with `satisfies`, so a missing path and a path that no longer exists both fail `tsc`.
 */
export type EventFieldClasses<E extends { type: string; data: unknown }, Opaque = never> = {
  readonly [T in E['type']]: {
    readonly [P in StringFieldPaths<Extract<E, { type: T }>['data'], Opaque>]: FieldClass;
  };
};

/** A classification table as read at run time: event type → field path → class. */
export type EventFieldTable = Readonly<Record<string, Readonly<Record<string, FieldClass>>>>;

/**
 * Concrete paths (`details.parties[1].name`) of the string leaves of one event that its table does
 * not classify: a path is classified when it, or a whole object above it (an opaque value such as
 * a deadline), has a class. An event type missing from the table is reported as `<type>`.
 */
export function unclassifiedStringFields(
  event: { readonly type: string; readonly data: unknown },
  table: EventFieldTable,
): string[] {
  const fields = Object.hasOwn(table, event.type) ? table[event.type] : undefined;
  if (!fields) return [`<${event.type}>`];
  const found: string[] = [];
  walkStrings(event.data, '', '', (concrete, general) => {
    if (!isClassified(general, fields)) found.push(concrete);
  });
  return found;
}

/** Throws an error naming every unclassified string field of these events (and where to classify them). */
export function assertEventFieldsClassified(
  events: readonly { readonly type: string; readonly data: unknown }[],
  table: EventFieldTable,
): void {
  const problems: string[] = [];
  for (const event of events) {
    for (const path of unclassifiedStringFields(event, table)) problems.push(`${event.type}.${path}`);
  }
  if (problems.length > 0) {
    throw new Error(
      `unclassified string fields: ${[...new Set(problems)].join(', ')}. Classify each as personal, text ` +
        'or system in the *.fields.ts table beside its event definition (docs/adr/0008, "Field classes")',
    );
  }
}

/** The paths of one event type classified as `kind` (`[]` marks a list). */
export function fieldPathsOfClass(table: EventFieldTable, type: string, kind: FieldClass): readonly string[] {
  const fields = Object.hasOwn(table, type) ? table[type] : undefined;
  if (!fields) return [];
  return Object.entries(fields)
    .filter(([, value]) => value === kind)
    .map(([path]) => path);
}

function isClassified(general: string, fields: Readonly<Record<string, FieldClass>>): boolean {
  if (Object.hasOwn(fields, general)) return true;
  // An opaque value classified whole: some object above the leaf has a class.
  for (let end = general.lastIndexOf('.'); end > 0; end = general.lastIndexOf('.', end - 1)) {
    if (Object.hasOwn(fields, general.slice(0, end))) return true;
  }
  return false;
}

function walkStrings(
  value: unknown,
  concrete: string,
  general: string,
  visit: (concrete: string, general: string) => void,
): void {
  if (typeof value === 'string') {
    visit(concrete, general);
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => walkStrings(item, `${concrete}[${index}]`, `${general}[]`, visit));
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      walkStrings(child, concrete ? `${concrete}.${key}` : key, general ? `${general}.${key}` : key, visit);
    }
  }
}

/**
 * The classes of a nested value's fields under its path in the event (`underPath('items[]', ITEM)`
 * → `items[].code`, …): one table for a shape several events carry.
 */
export function underPath<
  const Prefix extends string,
  const Fields extends Readonly<Record<string, FieldClass>>,
>(prefix: Prefix, fields: Fields): { readonly [K in keyof Fields & string as `${Prefix}.${K}`]: Fields[K] } {
  return Object.fromEntries(Object.entries(fields).map(([path, kind]) => [`${prefix}.${path}`, kind])) as {
    readonly [K in keyof Fields & string as `${Prefix}.${K}`]: Fields[K];
  };
}
