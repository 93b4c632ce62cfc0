import { expect } from '@jest/globals';
import type { EventStore } from '#event-store';
import { http, type JsonResponse } from '../support/test-app.js';

/** Helpers shared by the registry e2e specs. */

/** Revision of a registry stream as the store sees it (-1 while empty). */
export async function streamRevision(store: EventStore, stream: string): Promise<number> {
  const [last] = await store.readStream(stream, { direction: 'backwards', maxCount: 1 });
  return last ? Number(last.revision) : -1;
}

export function post(
  baseUrl: string,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<JsonResponse> {
  return http(baseUrl, 'POST', `/api/v1/jurisdictions${path}`, { body, headers });
}

export function get(baseUrl: string, path: string): Promise<JsonResponse> {
  return http(baseUrl, 'GET', `/api/v1/jurisdictions${path}`);
}

/** Asserts a problem+json answer with the given status and code. */
export function expectProblem(response: JsonResponse, status: number, code: string): void {
  if (response.status !== status)
    throw new Error(`expected ${status} ${code}, got ${response.status}: ${JSON.stringify(response.body)}`);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  expect(response.body).toMatchObject({ status, code });
  expect(typeof response.body.correlationId).toBe('string');
}

/** Runs a command and asserts the status; returns the response. */
export async function must(
  baseUrl: string,
  path: string,
  body: unknown,
  status = 201,
): Promise<JsonResponse> {
  const response = await post(baseUrl, path, body);
  if (response.status !== status)
    throw new Error(`POST ${path} answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response;
}
