import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { act, disputeReport, getCase, must, newCase } from '../cases/case-api.js';
import { rawRequest, type RawAnswer } from '../support/raw-http.js';
import { http, startTestApp, type JsonResponse, type TestApp } from '../support/test-app.js';

/**
 * Issue #19, "Edges": every byte sequence a client can put in a path, a query, a header or a body
 * gets a 4xx problem+json answer with a stable code, including the errors Node's HTTP server
 * raises before the app runs; nothing of it reaches the database.
 */
describe('HTTP edges: bytes in path, query, headers and body', () => {
  let t: TestApp;
  let host: string;
  let auth: string;
  beforeAll(async () => {
    t = await startTestApp(
      'postgres',
      {},
      {
        httpTimeouts: {
          headersTimeoutMs: 1_000,
          requestTimeoutMs: 1_500,
          keepAliveTimeoutMs: 1_000,
          connectionsCheckingIntervalMs: 100,
        },
      },
    );
    host = new URL(t.baseUrl).host;
    auth = `Bearer ${t.users.admin.token}`;
  });
  afterAll(async () => t?.close());

  const eventCount = async () =>
    Number(
      (await t.database.pool.query<{ n: string }>('SELECT count(*)::text AS n FROM es_events')).rows[0]!.n,
    );

  function expectRawProblem(answer: RawAnswer, status: number, code: string): void {
    if (answer.status !== status)
      throw new Error(`expected ${status} ${code}, got ${answer.statusLine}: ${answer.body.slice(0, 300)}`);
    expect(answer.headers['content-type']).toContain('application/problem+json');
    const body = JSON.parse(answer.body);
    expect(body).toMatchObject({ status, code });
    expect(typeof body.correlationId).toBe('string');
    expect(answer.ended).toBe('closed');
  }
  function expectProblem(response: JsonResponse, status: number, code: string): void {
    if (response.status !== status)
      throw new Error(`expected ${status} ${code}, got ${response.status}: ${JSON.stringify(response.body)}`);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body).toMatchObject({ status, code });
  }
  const head = (requestLine: string, headers: string[] = []) =>
    [requestLine, `Host: ${host}`, `Authorization: ${auth}`, 'Connection: close', ...headers, '', ''].join(
      '\r\n',
    );

  it('%00 in a path or a query is 400 REQUEST.INVALID_TARGET, not a database error', async () => {
    const before = await eventCount();
    expectProblem(
      await http(t.baseUrl, 'POST', '/api/v1/auth/accounts/%00/password', {
        body: { password: 'a-long-enough-password' },
      }),
      400,
      'REQUEST.INVALID_TARGET',
    );
    for (const path of [
      '/api/v1/admissions?department=%00',
      '/api/v1/cases?gridId=%00',
      '/api/v1/cases/%00',
      '/api/v1/jurisdictions/nodes/a%00b',
      '/api/v1/cases?title=%0d%0aSet-Cookie:%20x',
    ])
      expectProblem(await http(t.baseUrl, 'GET', path), 400, 'REQUEST.INVALID_TARGET');
    expect(await eventCount()).toBe(before);
  });

  it('percent-encoded bytes that are not UTF-8, and malformed escapes, are 400', async () => {
    for (const path of [
      '/api/v1/cases?status=%ff%fe',
      '/api/v1/cases/%c3%28',
      '/api/v1/cases?type=%e4%b8',
      '/api/v1/cases?x=%zz',
    ])
      expectProblem(await http(t.baseUrl, 'GET', path), 400, 'REQUEST.INVALID_TARGET');
    // Percent-encoded UTF-8 is fine: an unknown status is a validation error, not a target error.
    expectProblem(await http(t.baseUrl, 'GET', '/api/v1/cases?status=%E4%B8%AD'), 400, 'VALIDATION.FAILED');
  });

  it('raw non-ASCII bytes in the target: Node refuses them, answered as problem+json 400', async () => {
    const bytes = Buffer.concat([
      Buffer.from('GET /api/v1/cases?status='),
      Buffer.from('中', 'utf8'),
      Buffer.from(` HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`),
    ]);
    expectRawProblem(await rawRequest(t.baseUrl, bytes), 400, 'REQUEST.MALFORMED');
  });

  it('a 20 KB Idempotency-Key is 431, a 100 KB URL is 414 (an answer, not a reset), a 12 KB URL 414 from the app', async () => {
    expectRawProblem(
      await rawRequest(
        t.baseUrl,
        head('POST /api/v1/cases HTTP/1.1', [`Idempotency-Key: ${'k'.repeat(20_000)}`]),
      ),
      431,
      'REQUEST.HEADERS_TOO_LARGE',
    );
    expectRawProblem(
      await rawRequest(t.baseUrl, head(`GET /api/v1/cases?x=${'a'.repeat(100_000)} HTTP/1.1`)),
      414,
      'REQUEST.URI_TOO_LONG',
    );
    const viaFetch = await fetch(`${t.baseUrl}/api/v1/cases?x=${'a'.repeat(100_000)}`);
    expect(viaFetch.status).toBe(414);
    expect(viaFetch.headers.get('content-type')).toContain('application/problem+json');
    expectProblem(
      await http(t.baseUrl, 'GET', `/api/v1/cases?x=${'a'.repeat(12_000)}`),
      414,
      'REQUEST.URI_TOO_LONG',
    );
  });

  it('conflicting length headers, NUL in a header, a missing Host and an odd Expect are problem+json', async () => {
    expectRawProblem(
      await rawRequest(
        t.baseUrl,
        head('POST /api/v1/cases HTTP/1.1', ['Content-Length: 2', 'Transfer-Encoding: chunked']) + '{}',
      ),
      400,
      'REQUEST.MALFORMED',
    );
    expectRawProblem(
      await rawRequest(
        t.baseUrl,
        head('POST /api/v1/cases HTTP/1.1', ['Content-Length: 2', 'Content-Length: 3']) + '{}',
      ),
      400,
      'REQUEST.MALFORMED',
    );
    expectRawProblem(
      await rawRequest(t.baseUrl, head('GET /api/v1/cases HTTP/1.1', ['X-Note: a\u0000b'])),
      400,
      'REQUEST.MALFORMED',
    );
    expectRawProblem(
      await rawRequest(t.baseUrl, `GET /api/v1/cases HTTP/1.1\r\nConnection: close\r\n\r\n`),
      400,
      'REQUEST.HOST_REQUIRED',
    );
    expectRawProblem(
      await rawRequest(t.baseUrl, head('GET /api/v1/cases HTTP/1.1', ['Expect: teapot'])),
      417,
      'REQUEST.EXPECTATION_FAILED',
    );
  });

  it('a CONNECT is closed without an answer (Node; this API is no proxy), as documented', async () => {
    const answer = await rawRequest(
      t.baseUrl,
      `CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n`,
    );
    expect(answer.statusLine).toBe('');
  });

  it('a body too slow to arrive is cut with 408 problem+json, and appends nothing', async () => {
    const before = await eventCount();
    const body = JSON.stringify(disputeReport());
    const answer = await rawRequest(
      t.baseUrl,
      head('POST /api/v1/cases HTTP/1.1', [
        'Content-Type: application/json',
        `Content-Length: ${body.length}`,
      ]) + body.slice(0, 10),
      { keepSending: { chunk: ' ', everyMs: 200 } },
    );
    expectRawProblem(answer, 408, 'REQUEST.TIMEOUT');
    expect(await eventCount()).toBe(before);
  });

  it('a body that is not UTF-8 is 400 REQUEST.INVALID_UTF8 (never silently replaced); another charset is 415', async () => {
    const before = await eventCount();
    const json = Buffer.from(JSON.stringify(disputeReport({ title: 'TITLE' })));
    const at = json.indexOf('TITLE');
    const invalid = Buffer.concat([
      json.subarray(0, at),
      Buffer.from([0xc3, 0x28, 0xff]),
      json.subarray(at + 5),
    ]);
    const response = await fetch(`${t.baseUrl}/api/v1/cases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${t.users.operator.token}` },
      body: invalid,
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'REQUEST.INVALID_UTF8' });
    const latin1 = await fetch(`${t.baseUrl}/api/v1/cases`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json; charset=utf-16',
        authorization: `Bearer ${t.users.operator.token}`,
      },
      body: json,
    });
    expect(latin1.status).toBe(415);
    expect(await eventCount()).toBe(before);
  });

  it('control characters in one-line fields, and blank text (zero-width spaces, ideographic spaces) are 400', async () => {
    const before = await eventCount();
    const refusedReports: Array<[string, Record<string, unknown>]> = [
      ['a title of zero-width spaces', { title: '\u200b\u200b\u200b' }],
      ['a title of ideographic spaces', { title: '\u3000\u3000' }],
      ['a blank description', { description: ' \n\t ' }],
      ['CR/LF in a title', { title: 'Leak\r\nX-Injected: yes' }],
      ['a tab in a category', { category: 'neigh\tbour' }],
      ['a bell in a description', { description: 'ring \u0007 ring' }],
      ['a C1 control in a title', { title: 'Leak \u0085 here' }],
      ['a line separator in a title', { title: 'Leak\u2028here' }],
      [
        'CR/LF in a party name',
        { dispute: { parties: [{ name: 'Wang\r\nFang', phone: '13800138000', role: 'applicant' }] } },
      ],
      ['CR/LF in the reporter name', { reporter: { name: 'Wang\nFang', phone: '13800138000' } }],
    ];
    for (const [what, overrides] of refusedReports) {
      const response = await http(t.baseUrl, 'POST', '/api/v1/cases', { body: disputeReport(overrides) });
      expect({ what, status: response.status, code: response.body?.code }).toEqual({
        what,
        status: 400,
        code: 'VALIDATION.FAILED',
      });
    }
    // Line breaks are fine where text spans lines.
    const multiLine = await http(t.baseUrl, 'POST', '/api/v1/cases', {
      body: disputeReport({ description: 'First line.\r\nSecond line.\n\tIndented.' }),
    });
    expect(multiLine.status).toBe(201);
    expect(await eventCount()).toBe(before + 1);
    expectProblem(
      await http(t.baseUrl, 'POST', '/api/v1/auth/login', {
        body: { username: 'admin\r\n', password: 'x' },
        auth: false,
      }),
      400,
      'VALIDATION.FAILED',
    );
  });

  it('If-Match compares strongly: W/"n" never matches (412), the strong tag does', async () => {
    const caseId = await newCase(t.baseUrl);
    const etag = (await getCase(t.baseUrl, caseId)).headers.get('etag')!;
    expect(etag).toBe('"0"');
    const before = await eventCount();
    for (const weak of [`W/${etag}`, 'W/"30"'])
      expectProblem(
        await act(t.baseUrl, caseId, 'register', {}, { 'If-Match': weak }),
        412,
        'CONCURRENCY.PRECONDITION_FAILED',
      );
    expectProblem(
      await act(t.baseUrl, caseId, 'register', {}, { 'If-Match': '0' }),
      400,
      'VALIDATION.IF_MATCH',
    );
    expect(await eventCount()).toBe(before);
    expect((await act(t.baseUrl, caseId, 'register', {}, { 'If-Match': etag })).status).toBe(200);
  });

  it('?revision past the last revision is 404 CASE.REVISION_NOT_FOUND; the last one is 200', async () => {
    const caseId = await newCase(t.baseUrl);
    await must(t.baseUrl, caseId, 'register');
    expect((await getCase(t.baseUrl, caseId, '?revision=1')).status).toBe(200);
    expect((await getCase(t.baseUrl, caseId, '?revision=0')).body.revision).toBe(0);
    expectProblem(await getCase(t.baseUrl, caseId, '?revision=2'), 404, 'CASE.REVISION_NOT_FOUND');
    expectProblem(await getCase(t.baseUrl, caseId, '?revision=99'), 404, 'CASE.REVISION_NOT_FOUND');
  });
});
