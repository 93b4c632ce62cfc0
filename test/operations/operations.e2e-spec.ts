import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { apiClient } from '../support/api-client.js';
import { http, startTestApp, type TestApp } from '../support/test-app.js';

describe('operations endpoints', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.close());

  it('GET /health reports the database and the event store', async () => {
    const response = await http(t.baseUrl, 'GET', '/health');
    expect(response.status).toBe(200);
    expect(response.body.status).toBe('ok');
    expect(response.body.checks.database.ok).toBe(true);
    expect(response.body.checks.eventStore.ok).toBe(true);
  });

  it('GET /metrics serves Prometheus text', async () => {
    await http(t.baseUrl, 'GET', '/health');
    const response = await http(t.baseUrl, 'GET', '/metrics');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    expect(String(response.body)).toContain('gridcase_http_request_duration_seconds');
  });

  it('GET /docs-json is the OpenAPI document with the case routes', async () => {
    const response = await http(t.baseUrl, 'GET', '/docs-json');
    expect(response.status).toBe(200);
    expect(response.body.openapi).toMatch(/^3\./);
    expect(Object.keys(response.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/cases', '/api/v1/cases/{caseId}/dispatch']),
    );
    const ui = await http(t.baseUrl, 'GET', '/docs');
    expect(ui.status).toBe(200);
  });

  it('serves the very document the committed client was generated from (libs/api-client/openapi.json)', async () => {
    const served = await http(t.baseUrl, 'GET', '/docs-json');
    expect(served.body).toEqual(JSON.parse(readFileSync('libs/api-client/openapi.json', 'utf8')));
  });

  it('answers the generated client with typed data', async () => {
    const { data, response } = await apiClient(t.baseUrl).GET('/api/v1/auth/me');
    expect(response.status).toBe(200);
    expect(data).toMatchObject({ id: t.users.operator.id, roles: ['centre_operator'] });
  });

  it('answers an unknown route with problem+json 404', async () => {
    const response = await http(t.baseUrl, 'GET', '/api/v1/nothing-here');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body).toMatchObject({ status: 404, code: 'ROUTE.NOT_FOUND' });
    expect(typeof response.body.correlationId).toBe('string');
  });

  it('echoes a well-formed X-Correlation-Id', async () => {
    const response = await http(t.baseUrl, 'GET', '/health', { headers: { 'X-Correlation-Id': 'abc-123' } });
    expect(response.headers.get('x-correlation-id')).toBe('abc-123');
  });

  it('refuses oversized and too deeply nested bodies', async () => {
    const big = await http(t.baseUrl, 'POST', '/api/v1/cases', {
      rawBody: JSON.stringify({ title: 'x'.repeat(300 * 1024) }),
    });
    expect(big.status).toBe(413);
    expect(big.body.code).toBe('REQUEST.TOO_LARGE');
    const deep = await http(t.baseUrl, 'POST', '/api/v1/cases', {
      rawBody: '['.repeat(100) + ']'.repeat(100),
    });
    expect(deep.status).toBe(400);
    expect(deep.body.code).toBe('REQUEST.TOO_DEEP');
  });
});
