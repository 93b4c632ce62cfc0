import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { http, startTestApp, type TestApp } from '../support/test-app.js';

/** Operations a caller reaches without a token (docs/api.md, "Basics"). */
const PUBLIC_OPERATIONS = new Set(['POST /api/v1/auth/login', 'POST /api/v1/auth/password']);
const PROBLEM_JSON = 'application/problem+json';

interface Operation {
  readonly security?: Record<string, unknown>[];
  readonly parameters?: unknown[];
  readonly requestBody?: { content?: Record<string, { schema?: Record<string, unknown> }> };
  readonly responses?: Record<
    string,
    { content?: Record<string, { schema?: Record<string, unknown> }>; 'x-problem-codes'?: string[] }
  >;
}

/** What an operation of the served document lacks to be a contract a client can be generated from. */
function gapsOf(key: string, operation: Operation): string[] {
  const gaps: string[] = [];
  const responses = operation.responses ?? {};
  if (!PUBLIC_OPERATIONS.has(key)) {
    if (!(operation.security ?? []).some((scheme) => 'bearer' in scheme)) gaps.push('no bearer security');
    for (const status of ['401', '403']) if (!responses[status]) gaps.push(`no ${status} answer`);
  }
  const successes = Object.entries(responses).filter(([status]) => status.startsWith('2'));
  if (successes.length === 0) gaps.push('no 2xx answer');
  for (const [status, response] of successes) {
    if (status === '204') continue;
    const schemas = Object.values(response.content ?? {}).flatMap((media) => media.schema ?? []);
    if (schemas.length === 0) gaps.push(`${status} answer without a schema`);
  }
  const problems = Object.entries(responses).filter(([status]) => /^[45]/.test(status));
  if (!problems.some(([status]) => status.startsWith('4'))) gaps.push('no 4xx answer');
  for (const [status, response] of problems) {
    if (!response.content?.[PROBLEM_JSON]?.schema) gaps.push(`${status} is not problem+json`);
    if (!response['x-problem-codes']?.length) gaps.push(`${status} names no problem code`);
  }
  if (((operation.parameters ?? []).length > 0 || operation.requestBody) && !responses['400'])
    gaps.push('takes input but declares no 400');
  if (operation.requestBody) {
    // A JSON body, or a multipart upload (attachments) whose form fields are typed the same way.
    const content = operation.requestBody.content ?? {};
    const schema = (content['application/json'] ?? content['multipart/form-data'])?.schema;
    if (!schema || !('$ref' in schema || 'properties' in schema || 'oneOf' in schema))
      gaps.push('request body without a typed JSON or multipart schema');
  }
  return gaps;
}

describe('the served OpenAPI document is a complete contract', () => {
  let t: TestApp;
  let document: { paths: Record<string, Record<string, Operation>> };
  beforeAll(async () => {
    t = await startTestApp();
    document = (await http(t.baseUrl, 'GET', '/docs-json')).body;
  });
  afterAll(async () => t?.close());

  it('declares, for every operation, bearer auth (unless public), a typed answer and its problem answers with codes', () => {
    const gaps: string[] = [];
    let operations = 0;
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        operations += 1;
        const key = `${method.toUpperCase()} ${path}`;
        gaps.push(...gapsOf(key, operation).map((gap) => `${key}: ${gap}`));
      }
    }
    expect(operations).toBeGreaterThan(100);
    expect(gaps).toEqual([]);
  });

  it('a walk of an undocumented operation fails: the rules are not vacuous', () => {
    expect(gapsOf('GET /api/v1/made-up', { responses: { '200': {} } })).toEqual([
      'no bearer security',
      'no 401 answer',
      'no 403 answer',
      '200 answer without a schema',
      'no 4xx answer',
    ]);
  });

  it('public operations are exactly login and the own password change', () => {
    const open = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([, operation]) => !(operation.security ?? []).length)
        .map(([method]) => `${method.toUpperCase()} ${path}`),
    );
    expect(open.sort()).toEqual([...PUBLIC_OPERATIONS].sort());
  });
});
