import { addDays, localDateOf, type LocalDate } from '#domain-kernel';
import { expect } from '@jest/globals';
import { EVENT_STORE, type EventStore } from '#event-store';
import { admissionRequestsProjection, ProjectionEngine } from '#projections';
import { waitUntilVisible } from '#projections/testing';
import { http, type JsonResponse, type TestApp } from '../support/test-app.js';

/** Helpers shared by the admission e2e specs. */

export const todayCst = (): LocalDate => localDateOf(new Date().toISOString());
export const daysFromToday = (days: number): LocalDate => addDays(todayCst(), days);

export function post(
  baseUrl: string,
  path: string,
  body: unknown,
  options: { headers?: Record<string, string>; auth?: string } = {},
): Promise<JsonResponse> {
  return http(baseUrl, 'POST', `/api/v1${path}`, { body, ...options });
}

export function get(baseUrl: string, path: string, auth?: string): Promise<JsonResponse> {
  return http(baseUrl, 'GET', `/api/v1${path}`, auth === undefined ? {} : { auth });
}

/** Runs a command and asserts the status; returns the response. */
export async function must(
  baseUrl: string,
  path: string,
  body: unknown,
  status: number,
  options: { headers?: Record<string, string>; auth?: string } = {},
): Promise<JsonResponse> {
  const response = await post(baseUrl, path, body, options);
  if (response.status !== status)
    throw new Error(`POST ${path} answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response;
}

/** Asserts a problem+json answer with the given status and code. */
export function expectProblem(response: JsonResponse, status: number, code: string): void {
  if (response.status !== status)
    throw new Error(`expected ${status} ${code}, got ${response.status}: ${JSON.stringify(response.body)}`);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  expect(response.body).toMatchObject({ status, code });
  expect(typeof response.body.correlationId).toBe('string');
}

/** A work item no list covers and no negative class catches (it brings staff and funding and has a basis). */
export function novelRequest(title: string, overrides: Record<string, unknown> = {}) {
  return {
    department: '区民政局',
    work: {
      title,
      description: '对辖区内独居老人开展每月一次的上门探访并记录',
      itemClass: '社会服务',
      nature: 'public_service',
      targetLevel: 'community',
      legalBasis: '某市居家养老服务条例（合成）第十二条',
    },
    reason: '居家养老服务需要社区协助落实',
    resources: { staff: 1, fundingFen: 1_200_000, equipment: [{ name: '平板电脑', quantity: 2 }] },
    ...overrides,
  };
}

/**
 * GET /admissions reads the `admission-requests` read model, which the worker keeps (the test apps
 * run none): wait until every appended event is visible on the global log, then run that
 * projection up to the head, so a list read afterwards includes every write before it.
 */
export async function catchUpAdmissionList(t: TestApp): Promise<void> {
  const store = t.app.get<EventStore>(EVENT_STORE);
  // The global log's horizon is the server's oldest open write transaction (ADR 0003): on a PostgreSQL
  // shared with other work it can lag for seconds, so allow a minute before giving up.
  await waitUntilVisible(store, t.database.pool, 60_000);
  await new ProjectionEngine(
    [admissionRequestsProjection],
    { eventStore: store, pool: t.database.pool },
    { batchSize: 500 },
  ).catchUp();
}

/** GET /admissions after catching the read model up (see catchUpAdmissionList). */
export async function listAdmissions(t: TestApp, query = '', auth?: string): Promise<JsonResponse> {
  await catchUpAdmissionList(t);
  return get(t.baseUrl, `/admissions${query}`, auth);
}

/**
 * Lists read the global log, which shows an event once every older transaction on the server has
 * ended: read-your-writes is eventual there. Ask again until `accept` holds (bounded).
 */
export async function eventually<T>(
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Every event stored in the database, counted directly (independent of global-log visibility). */
export async function storedEventCount(pool: {
  query(sql: string): Promise<{ rows: Array<{ n: number }> }>;
}): Promise<number> {
  const { rows } = await pool.query('SELECT count(*)::int AS n FROM es_events');
  return rows[0]!.n;
}
