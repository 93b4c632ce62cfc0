/**
 * The parts of an OpenAPI 3 document the console's generated forms read: a request body's JSON
 * schema, with `$ref`s and `allOf` resolved into one field tree.
 */
export interface JsonSchema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: ReadonlyArray<string | number>;
  properties?: Record<string, JsonSchema>;
  required?: readonly string[];
  items?: JsonSchema;
  allOf?: readonly JsonSchema[];
  oneOf?: readonly JsonSchema[];
  anyOf?: readonly JsonSchema[];
  description?: string;
  example?: unknown;
  default?: unknown;
  maxLength?: number;
  minLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  additionalProperties?: boolean | JsonSchema;
}

export interface OpenApiDocument {
  paths: Record<
    string,
    Record<string, { requestBody?: { content?: Record<string, { schema?: JsonSchema }> } }>
  >;
  components?: { schemas?: Record<string, JsonSchema> };
}

export type FieldKind =
  | 'text'
  | 'longText'
  | 'enum'
  | 'number'
  | 'integer'
  | 'boolean'
  | 'date'
  | 'dateTime'
  | 'tags'
  | 'object'
  | 'list'
  | 'json';

/** One input of a generated form; `path` is where its value goes in the request body. */
export interface FormField {
  name: string;
  path: string[];
  kind: FieldKind;
  required: boolean;
  description?: string;
  options?: ReadonlyArray<string | number>;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  /** object: its fields; list: the fields of one item. */
  children?: FormField[];
}

const MAX_DEPTH = 6;

export function resolveSchema(
  document: OpenApiDocument,
  schema: JsonSchema | undefined,
  depth = 0,
): JsonSchema {
  if (!schema) return {};
  if (depth > MAX_DEPTH) return schema;
  if (schema.$ref) {
    const name = schema.$ref.replace(/^#\/components\/schemas\//, '');
    const target = document.components?.schemas?.[name];
    return resolveSchema(document, target, depth + 1);
  }
  if (schema.allOf?.length) {
    const parts = schema.allOf.map((part) => resolveSchema(document, part, depth + 1));
    return {
      ...schema,
      allOf: undefined,
      type: 'object',
      properties: Object.assign({}, ...parts.map((part) => part.properties ?? {}), schema.properties ?? {}),
      required: [...parts.flatMap((part) => part.required ?? []), ...(schema.required ?? [])],
    };
  }
  return schema;
}

/** The JSON request body schema of `POST path`, or undefined when the document declares none. */
export function requestSchemaOf(
  document: OpenApiDocument,
  path: string,
  method = 'post',
): JsonSchema | undefined {
  const operation = document.paths[path]?.[method];
  const schema = operation?.requestBody?.content?.['application/json']?.schema;
  return schema ? resolveSchema(document, schema) : undefined;
}

/** The inputs a body schema asks for, in the document's order. */
export function formFields(
  document: OpenApiDocument,
  schema: JsonSchema,
  path: string[] = [],
  depth = 0,
): FormField[] {
  const resolved = resolveSchema(document, schema);
  const required = new Set(resolved.required ?? []);
  return Object.entries(resolved.properties ?? {}).map(([name, property]) =>
    fieldOf(document, name, property, [...path, name], required.has(name), depth),
  );
}

function fieldOf(
  document: OpenApiDocument,
  name: string,
  raw: JsonSchema,
  path: string[],
  required: boolean,
  depth: number,
): FormField {
  const schema = resolveSchema(document, raw);
  const base = { name, path, required, description: schema.description ?? raw.description };
  if (schema.enum) return { ...base, kind: 'enum', options: schema.enum };
  switch (schema.type) {
    case 'boolean':
      return { ...base, kind: 'boolean' };
    case 'integer':
      return { ...base, kind: 'integer', minimum: schema.minimum, maximum: schema.maximum };
    case 'number':
      return { ...base, kind: 'number', minimum: schema.minimum, maximum: schema.maximum };
    case 'array': {
      const items = resolveSchema(document, schema.items);
      if (items.type === 'object' || items.properties) {
        if (depth >= MAX_DEPTH) return { ...base, kind: 'json' };
        return { ...base, kind: 'list', children: formFields(document, items, [], depth + 1) };
      }
      return { ...base, kind: 'tags', options: items.enum };
    }
    case 'object':
    case undefined:
      if (schema.properties && depth < MAX_DEPTH)
        return { ...base, kind: 'object', children: formFields(document, schema, path, depth + 1) };
      return schema.type === 'object' ? { ...base, kind: 'json' } : { ...base, kind: 'text' };
    default:
      if (schema.format === 'date') return { ...base, kind: 'date' };
      if (schema.format === 'date-time') return { ...base, kind: 'dateTime' };
      return {
        ...base,
        kind: (schema.maxLength ?? 0) > 200 ? 'longText' : 'text',
        maxLength: schema.maxLength,
      };
  }
}

/**
 * Form values → the request body: empty inputs are left out (the API tells absent from empty),
 * empty objects dropped, JSON inputs parsed.
 */
export function bodyFromValues(
  fields: readonly FormField[],
  values: Record<string, unknown>,
): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const field of fields) {
    const value = valueOf(field, values?.[field.name]);
    if (value !== undefined) body[field.name] = value;
  }
  return body;
}

function valueOf(field: FormField, value: unknown): unknown {
  if (value === undefined || value === null || value === '') return undefined;
  switch (field.kind) {
    case 'object': {
      const nested = bodyFromValues(field.children ?? [], value as Record<string, unknown>);
      return Object.keys(nested).length ? nested : undefined;
    }
    case 'list': {
      const items = (value as Array<Record<string, unknown>>)
        .map((item) => bodyFromValues(field.children ?? [], item ?? {}))
        .filter((item) => Object.keys(item).length > 0);
      return items.length ? items : undefined;
    }
    case 'tags':
      return (value as unknown[]).length ? value : undefined;
    case 'json':
      return typeof value === 'string' ? JSON.parse(value) : value;
    case 'date':
      return isDate(value) ? value.format('YYYY-MM-DD') : value;
    case 'dateTime':
      // An instant with its offset (the API refuses a time without one).
      return isDate(value) ? value.format('YYYY-MM-DDTHH:mm:ssZ') : value;
    case 'text':
    case 'longText':
      return typeof value === 'string' && value.trim() === '' ? undefined : value;
    default:
      return value;
  }
}

/** A date picker's value (dayjs), told apart without importing dayjs here. */
function isDate(value: unknown): value is { format(pattern: string): string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { format?: unknown }).format === 'function'
  );
}
