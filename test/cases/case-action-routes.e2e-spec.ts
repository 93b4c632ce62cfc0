import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ApiClient, ApiSchemas } from '#api-client';
import { CASE_ACTIONS } from '../../apps/api/src/cases/case-actions/case-action-routes.js';
import { apiClient } from '../support/api-client.js';
import { http, startTestApp, type TestApp } from '../support/test-app.js';

/** The case actions as published: one typed route per action, exercised through the generated client. */
describe('case action routes', () => {
  let t: TestApp;
  let api: ApiClient;
  beforeAll(async () => {
    t = await startTestApp();
    api = apiClient(t.baseUrl);
  });
  afterAll(async () => t?.close());

  const report = (): ApiSchemas['ReportCaseRequestDto'] => ({
    type: 'dispute',
    source: 'grid_patrol',
    title: 'Water leaking from the flat above',
    description: 'Room 302 says 402 has leaked into its ceiling for a week.',
    category: 'neighbour',
    urgency: 'general',
    location: { gridId: randomUUID(), buildingId: randomUUID(), address: 'Building 7, Lane 88' },
    dispute: { parties: [{ name: 'Wang Fang', phone: '13800138000', role: 'applicant' }] },
  });

  it('publishes every action as its own route with a request schema, the command answer and the Bearer scheme', async () => {
    const document = (await http(t.baseUrl, 'GET', '/docs-json')).body;
    const actionPaths = CASE_ACTIONS.map((action) => `/api/v1/cases/{caseId}/${action}`);
    expect(actionPaths.length).toBeGreaterThanOrEqual(51);
    for (const path of actionPaths) {
      expect({ path, published: path in document.paths }).toEqual({ path, published: true });
      const operation = document.paths[path].post;
      expect({ path, body: operation.requestBody?.content['application/json'].schema.$ref }).toEqual({
        path,
        body: expect.stringMatching(/^#\/components\/schemas\//),
      });
      expect(operation.responses['200'].content['application/json'].schema.$ref).toBe(
        '#/components/schemas/CaseCommandResponseDto',
      );
      expect(operation.responses['200'].headers.ETag).toBeDefined();
      expect(operation.security).toEqual([{ bearer: [] }]);
      expect(operation.responses['409']['x-problem-codes']).toContain('CASE.ILLEGAL_TRANSITION');
    }
    expect(
      document.paths['/api/v1/cases/{caseId}/screen'].post.responses['422']['x-problem-codes'],
    ).toContain('ENFORCEMENT.SIMPLE_PROCEDURE_LIMIT_EXCEEDED');
  });

  it('runs a case through typed routes: 201 report, 200 actions with the revision as ETag, allowedActions on the case', async () => {
    const reported = await api.POST('/api/v1/cases', { body: report() });
    expect(reported.response.status).toBe(201);
    const caseId = reported.data!.caseId;
    expect(reported.response.headers.get('location')).toBe(`/api/v1/cases/${caseId}`);
    expect(reported.data).toEqual({ caseId, revision: 0, events: ['CaseReported'] });

    const before = await api.GET('/api/v1/cases/{caseId}', { params: { path: { caseId } } });
    expect(before.data!.allowedActions).toEqual(expect.arrayContaining(['register', 'reject']));
    expect(before.data!.allowedActions).not.toContain('dispatch');
    expect(before.response.headers.get('etag')).toBe('"0"');

    const registered = await api.POST('/api/v1/cases/{caseId}/register', {
      params: { path: { caseId }, header: { 'If-Match': '"0"' } },
      body: {},
    });
    expect(registered.response.status).toBe(200);
    expect(registered.response.headers.get('etag')).toBe('"1"');
    expect(registered.data).toEqual({ caseId, revision: 1, events: ['CaseRegistered'] });

    const unitId = randomUUID();
    const dispatched = await api.POST('/api/v1/cases/{caseId}/dispatch', {
      params: { path: { caseId } },
      body: { unit: { unitId, name: 'Building 7 mediation group' } },
    });
    expect(dispatched.data).toMatchObject({ revision: 2, events: ['CaseDispatched'] });
    const after = await api.GET('/api/v1/cases/{caseId}', { params: { path: { caseId } } });
    expect(after.data!.allowedActions).toEqual(
      expect.arrayContaining(['accept', 'return', 'supervise', 'transfer']),
    );
    expect(after.data!.allowedActions).not.toContain('register');
    // A stale If-Match changes nothing.
    const stale = await api.POST('/api/v1/cases/{caseId}/accept', {
      params: { path: { caseId }, header: { 'If-Match': '"1"' } },
    });
    expect(stale.response.status).toBe(412);
    expect(stale.error).toMatchObject({ code: 'CONCURRENCY.PRECONDITION_FAILED' });
  });

  it('replays the first answer for a retried Idempotency-Key, headers included', async () => {
    const caseId = (await api.POST('/api/v1/cases', { body: report() })).data!.caseId;
    const key = randomUUID();
    const first = await api.POST('/api/v1/cases/{caseId}/reject', {
      params: { path: { caseId }, header: { 'Idempotency-Key': key } },
      body: { reason: 'not a governance matter' },
    });
    const again = await api.POST('/api/v1/cases/{caseId}/reject', {
      params: { path: { caseId }, header: { 'Idempotency-Key': key } },
      body: { reason: 'not a governance matter' },
    });
    expect(first.response.status).toBe(200);
    expect(again.response.status).toBe(200);
    expect(again.data).toEqual(first.data);
    expect(again.response.headers.get('etag')).toBe(first.response.headers.get('etag'));
    expect(again.response.headers.get('idempotent-replayed')).toBe('true');
  });

  it('answers an unknown action 404 CASE.UNKNOWN_ACTION naming every valid verb', async () => {
    const caseId = (await api.POST('/api/v1/cases', { body: report() })).data!.caseId;
    const response = await http(t.baseUrl, 'POST', `/api/v1/cases/${caseId}/teleport`, { body: {} });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body.code).toBe('CASE.UNKNOWN_ACTION');
    expect(response.body.actions).toEqual(
      expect.arrayContaining(['register', 'dispatch', 'screen', 'answer-re-review']),
    );
    expect(response.body.detail).toContain('dispatch');
  });
});
