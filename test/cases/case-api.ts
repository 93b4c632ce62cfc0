import { randomUUID } from 'node:crypto';
import { expect } from '@jest/globals';
import { http, type JsonResponse } from '../support/test-app.js';

/** Helpers shared by the case e2e specs: every test makes its own ids, so specs never share data. */

export interface HistoryEntry {
  revision: number;
  globalPosition: string;
  type: string;
  data: any;
  occurredAt: string;
  recordedAt: string;
  actor: string;
  correlationId: string;
  causationId: string;
}

export function disputeReport(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'dispute',
    source: 'grid_patrol',
    title: 'Water leaking from the flat above',
    description: 'Room 302 says 402 has leaked into its ceiling for a week; the neighbours are quarrelling.',
    category: 'neighbour',
    urgency: 'general',
    location: { gridId: randomUUID(), buildingId: randomUUID(), address: 'Building 7, Lane 88' },
    reporter: { name: 'Wang Fang', phone: '13800138000' },
    dispute: {
      parties: [
        { name: 'Wang Fang', phone: '13800138000', role: 'applicant' },
        { name: 'Li Qiang', phone: '13900139000', role: 'respondent' },
      ],
    },
    ...overrides,
  };
}

export function unit(name = 'Building 7 mediation group'): { unitId: string; name: string } {
  return { unitId: randomUUID(), name };
}

export async function reportCase(
  baseUrl: string,
  body: Record<string, unknown> = disputeReport(),
  headers: Record<string, string> = {},
): Promise<JsonResponse> {
  return http(baseUrl, 'POST', '/api/v1/cases', { body, headers });
}

/** Reports a dispute and returns its id (asserting the 201). */
export async function newCase(
  baseUrl: string,
  body: Record<string, unknown> = disputeReport(),
): Promise<string> {
  const response = await reportCase(baseUrl, body);
  expect(response.status).toBe(201);
  return response.body.caseId as string;
}

export async function act(
  baseUrl: string,
  caseId: string,
  action: string,
  body: unknown = {},
  headers: Record<string, string> = {},
): Promise<JsonResponse> {
  return http(baseUrl, 'POST', `/api/v1/cases/${caseId}/${action}`, { body, headers });
}

/** Runs an action and asserts it succeeded; returns the response. */
export async function must(
  baseUrl: string,
  caseId: string,
  action: string,
  body: unknown = {},
  headers: Record<string, string> = {},
): Promise<JsonResponse> {
  const response = await act(baseUrl, caseId, action, body, headers);
  if (response.status !== 200)
    throw new Error(`${action} answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response;
}

export async function history(baseUrl: string, caseId: string): Promise<HistoryEntry[]> {
  const response = await http<HistoryEntry[]>(baseUrl, 'GET', `/api/v1/cases/${caseId}/history`);
  expect(response.status).toBe(200);
  return response.body;
}

export async function getCase(baseUrl: string, caseId: string, query = ''): Promise<JsonResponse> {
  return http(baseUrl, 'GET', `/api/v1/cases/${caseId}${query}`);
}

/** Asserts an RFC 9457 problem+json answer with our stable code. */
export function expectProblem(response: JsonResponse, status: number, code?: string | RegExp): void {
  const summary = `${response.status} ${JSON.stringify(response.body)}`;
  expect({ status: response.status, summary }).toEqual({ status, summary });
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  const body = response.body as Record<string, unknown>;
  expect(typeof body.type).toBe('string');
  expect(typeof body.title).toBe('string');
  expect(body.status).toBe(status);
  expect(typeof body.detail).toBe('string');
  expect(typeof body.code).toBe('string');
  expect(typeof body.correlationId).toBe('string');
  expect(String(body.detail)).not.toMatch(/\n\s+at /); // no stack trace
  if (code instanceof RegExp) expect(body.code).toMatch(code);
  else if (code !== undefined) expect(body.code).toBe(code);
}

/** Walks a freshly reported dispute through register → dispatch → accept → start. */
export async function caseInProgress(
  baseUrl: string,
  body: Record<string, unknown> = disputeReport(),
): Promise<string> {
  const caseId = await newCase(baseUrl, body);
  await must(baseUrl, caseId, 'register');
  await must(baseUrl, caseId, 'dispatch', { unit: unit() });
  await must(baseUrl, caseId, 'accept');
  await must(baseUrl, caseId, 'start');
  return caseId;
}
