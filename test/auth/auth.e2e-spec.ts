import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { JwtService } from '@nestjs/jwt';
import { EVENT_STORE, type EventStore } from '#event-store';
import { disputeReport, expectProblem, history } from '../cases/case-api.js';
import { TEST_AUTH_ENV, http, login, startTestApp, type TestApp } from '../support/test-app.js';

describe('authentication over HTTP', () => {
  let t: TestApp;
  let caseId: string;
  const protectedPath = () => `/api/v1/cases/${caseId}`;

  beforeAll(async () => {
    t = await startTestApp('postgres', { LOGIN_MAX_FAILURES_PER_IP: '12' });
    const reported = await http(t.baseUrl, 'POST', '/api/v1/cases', { body: disputeReport() });
    expect(reported.status).toBe(201);
    caseId = reported.body.caseId;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('logs in with {accessToken, expiresIn, user: {id, roles, scope}} and the token works', async () => {
    const response = await http(t.baseUrl, 'POST', '/api/v1/auth/login', {
      body: { username: 'test-operator', password: 'test-operator-password' },
      auth: false,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.body).toMatchObject({
      tokenType: 'Bearer',
      expiresIn: 3600,
      user: { id: t.users.operator.id, roles: ['centre_operator'], scope: { kind: 'all' } },
    });
    expect((await http(t.baseUrl, 'GET', protectedPath(), { auth: response.body.accessToken })).status).toBe(
      200,
    );
    expect(
      (await http(t.baseUrl, 'GET', '/api/v1/auth/me', { auth: response.body.accessToken })).body,
    ).toEqual({
      id: t.users.operator.id,
      username: 'test-operator',
      displayName: 'test-operator',
      role: 'centre_operator',
      roles: ['centre_operator'],
      scope: { kind: 'all' },
      unitId: null,
    });
  });

  it('keeps /health, /metrics, /docs and /docs-json open', async () => {
    for (const path of ['/health', '/metrics', '/docs-json'])
      expect((await http(t.baseUrl, 'GET', path, { auth: false })).status).toBe(200);
    expect((await fetch(`${t.baseUrl}/docs`)).status).toBe(200);
  });

  describe('401 AUTH.UNAUTHENTICATED for every bad token, and nothing appended', () => {
    const signer = new JwtService({ secret: TEST_AUTH_ENV.JWT_SECRET });
    const claims = () => ({
      sub: t.users.operator.id,
      roles: ['centre_operator'],
      scope: { kind: 'all' },
      typ: 'access',
    });
    const tamper = (token: string) => {
      const [header, payload, signature] = token.split('.');
      const body = JSON.parse(Buffer.from(payload!, 'base64url').toString());
      body.roles = ['administrator'];
      return `${header}.${Buffer.from(JSON.stringify(body)).toString('base64url')}.${signature}`;
    };
    const cases: Array<[string, () => Record<string, string>]> = [
      ['missing', () => ({})],
      ['malformed', () => ({ authorization: 'Bearer not-a-jwt' })],
      ['not Bearer', () => ({ authorization: `Basic ${Buffer.from('admin:x').toString('base64')}` })],
      ['tampered payload', () => ({ authorization: `Bearer ${tamper(t.users.operator.token)}` })],
      [
        'expired',
        () => ({
          authorization: `Bearer ${signer.sign({ ...claims(), exp: Math.floor(Date.now() / 1000) - 5 }, { issuer: 'gridcase' })}`,
        }),
      ],
      [
        'signed with another key',
        () => ({
          authorization: `Bearer ${new JwtService({ secret: 'x'.repeat(40) }).sign(claims(), { issuer: 'gridcase' })}`,
        }),
      ],
      [
        'alg none',
        () => ({
          authorization: `Bearer ${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims())).toString('base64url')}.`,
        }),
      ],
      [
        'not an access token',
        () => ({
          authorization: `Bearer ${signer.sign({ ...claims(), typ: 'refresh' }, { issuer: 'gridcase' })}`,
        }),
      ],
    ];
    for (const [name, headers] of cases) {
      it(name, async () => {
        const before = (await history(t.baseUrl, caseId)).length;
        const read = await http(t.baseUrl, 'GET', protectedPath(), { headers: headers(), auth: false });
        expectProblem(read, 401, 'AUTH.UNAUTHENTICATED');
        expect(read.headers.get('www-authenticate')).toMatch(/^Bearer/);
        const write = await http(t.baseUrl, 'POST', `/api/v1/cases/${caseId}/register`, {
          body: {},
          headers: headers(),
          auth: false,
        });
        expectProblem(write, 401, 'AUTH.UNAUTHENTICATED');
        expect((await history(t.baseUrl, caseId)).length).toBe(before);
      });
    }
  });

  it('records the logged-in user as the actor of every event', async () => {
    const analystCreated = await http(t.baseUrl, 'POST', '/api/v1/auth/accounts', {
      body: { username: 'second-operator', password: 'second-operator-pw', role: 'centre_operator' },
    });
    expect(analystCreated.status).toBe(201);
    const second = await login(t.baseUrl, 'second-operator', 'second-operator-pw');
    const reported = await http(t.baseUrl, 'POST', '/api/v1/cases', {
      body: disputeReport(),
      auth: second.token,
    });
    await http(t.baseUrl, 'POST', `/api/v1/cases/${reported.body.caseId}/register`, { body: {} });
    const events = await history(t.baseUrl, reported.body.caseId);
    expect(events.map((event) => event.actor)).toEqual([second.id, t.users.operator.id]);
    const stored = await t.app.get<EventStore>(EVENT_STORE).readStream(`case-${reported.body.caseId}`);
    expect(stored.map((event) => event.metadata.actor)).toEqual([second.id, t.users.operator.id]);
  });

  it('lets analysts read everything and write nothing (403, nothing appended)', async () => {
    expect(
      (
        await http(t.baseUrl, 'POST', '/api/v1/auth/accounts', {
          body: { username: 'an-analyst', password: 'an-analyst-password', role: 'analyst' },
        })
      ).status,
    ).toBe(201);
    const analyst = await login(t.baseUrl, 'an-analyst', 'an-analyst-password');
    const before = (await history(t.baseUrl, caseId)).length;
    expect((await http(t.baseUrl, 'GET', protectedPath(), { auth: analyst.token })).status).toBe(200);
    expect((await http(t.baseUrl, 'GET', `${protectedPath()}/history`, { auth: analyst.token })).status).toBe(
      200,
    );
    for (const [method, path, body] of [
      ['POST', '/api/v1/cases', disputeReport()],
      ['POST', `/api/v1/cases/${caseId}/register`, {}],
      ['POST', `/api/v1/cases/${caseId}/close`, {}],
      [
        'POST',
        '/api/v1/jurisdictions/district',
        { code: '519999', name: 'x', centre: { code: 'C', name: 'c' } },
      ],
      [
        'POST',
        '/api/v1/auth/accounts',
        { username: 'x-analyst', password: 'x-analyst-password', role: 'analyst' },
      ],
    ] as const) {
      expectProblem(
        await http(t.baseUrl, method, path, { body, auth: analyst.token }),
        403,
        'AUTH.FORBIDDEN',
      );
    }
    expect((await history(t.baseUrl, caseId)).length).toBe(before);
  });

  it('answers a wrong password and an unknown username alike (401 AUTH.INVALID_CREDENTIALS)', async () => {
    const wrong = await http(t.baseUrl, 'POST', '/api/v1/auth/login', {
      body: { username: 'test-operator', password: 'nope' },
      auth: false,
    });
    const unknown = await http(t.baseUrl, 'POST', '/api/v1/auth/login', {
      body: { username: 'nobody-here', password: 'nope' },
      auth: false,
    });
    expectProblem(wrong, 401, 'AUTH.INVALID_CREDENTIALS');
    expectProblem(unknown, 401, 'AUTH.INVALID_CREDENTIALS');
    expect(wrong.body.detail).toBe(unknown.body.detail);
    expectProblem(
      await http(t.baseUrl, 'POST', '/api/v1/auth/login', { body: { username: 'x' }, auth: false }),
      400,
      'VALIDATION.FAILED',
    );
  });

  it('throttles a username after 5 failures (429 with Retry-After), even with the right password, in PostgreSQL', async () => {
    await http(t.baseUrl, 'POST', '/api/v1/auth/accounts', {
      body: { username: 'throttled', password: 'throttled-password', role: 'analyst' },
    });
    for (let i = 0; i < 5; i++) {
      expect(
        (
          await http(t.baseUrl, 'POST', '/api/v1/auth/login', {
            body: { username: 'throttled', password: `bad-${i}` },
            auth: false,
          })
        ).status,
      ).toBe(401);
    }
    const blocked = await http(t.baseUrl, 'POST', '/api/v1/auth/login', {
      body: { username: 'THROTTLED', password: 'throttled-password' },
      auth: false,
    });
    expectProblem(blocked, 429, 'AUTH.TOO_MANY_ATTEMPTS');
    const retryAfter = Number(blocked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(250);
    expect(retryAfter).toBeLessThanOrEqual(300);
    // Other usernames from the same address still log in (the address limit is 12 here, 3 used before).
    expect(
      (
        await http(t.baseUrl, 'POST', '/api/v1/auth/login', {
          body: { username: 'test-operator', password: 'test-operator-password' },
          auth: false,
        })
      ).status,
    ).toBe(200);
    const { rows } = await t.database.pool.query(`SELECT key FROM login_failures`);
    expect(rows.map((row: { key: string }) => row.key).join(' ')).not.toContain('throttled');
  });

  it('throttles a client address after its own limit, whatever the username', async () => {
    for (let i = 0; ; i++) {
      const response = await http(t.baseUrl, 'POST', '/api/v1/auth/login', {
        body: { username: `spray-${i}`, password: 'guess' },
        auth: false,
      });
      if (response.status === 429) {
        expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
        break;
      }
      expect(response.status).toBe(401);
      expect(i).toBeLessThan(12);
    }
    expectProblem(
      await http(t.baseUrl, 'POST', '/api/v1/auth/login', {
        body: { username: 'test-operator', password: 'test-operator-password' },
        auth: false,
      }),
      429,
      'AUTH.TOO_MANY_ATTEMPTS',
    );
  });
});
