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
    // Loopback is the trusted proxy here, so X-Forwarded-For stands for clients at other addresses.
    t = await startTestApp('postgres', {
      TRUST_PROXY: 'loopback',
      LOGIN_MAX_FAILURES_PER_USERNAME: '12',
      LOGIN_MAX_FAILURES_PER_IP: '40',
    });
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
      ver: 0,
    });
    const withoutVersion = () => {
      const { ver: _ver, ...rest } = claims();
      return rest;
    };
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
        'without an expiry (exp), though signed with the right key',
        () => ({ authorization: `Bearer ${signer.sign(claims(), { issuer: 'gridcase' })}` }),
      ],
      [
        'without the token version (ver)',
        () => ({
          authorization: `Bearer ${signer.sign(withoutVersion(), { issuer: 'gridcase', expiresIn: 600 })}`,
        }),
      ],
      [
        'for an account that does not exist',
        () => ({
          authorization: `Bearer ${signer.sign({ ...claims(), sub: 'no-such-account' }, { issuer: 'gridcase', expiresIn: 600 })}`,
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

  const loginFrom = (ip: string, username: string, password: string) =>
    http(t.baseUrl, 'POST', '/api/v1/auth/login', {
      body: { username, password },
      headers: { 'x-forwarded-for': ip },
      auth: false,
    });

  it("an attacker's failures slow the attacker, exponentially, and lock nobody else out", async () => {
    await http(t.baseUrl, 'POST', '/api/v1/auth/accounts', {
      body: { username: 'targeted', password: 'targeted-password', role: 'analyst' },
    });
    // Five wrong passwords from one address: free.
    for (let i = 0; i < 5; i++)
      expect((await loginFrom('203.0.113.7', 'targeted', `bad-${i}`)).status).toBe(401);
    // Then that address waits 1 s, then 2 s, … before each next try (even with the right password).
    const first = await loginFrom('203.0.113.7', 'TARGETED', 'targeted-password');
    expectProblem(first, 429, 'AUTH.TOO_MANY_ATTEMPTS');
    expect(Number(first.headers.get('retry-after'))).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await loginFrom('203.0.113.7', 'targeted', 'bad-5')).status).toBe(401);
    const second = await loginFrom('203.0.113.7', 'targeted', 'targeted-password');
    expectProblem(second, 429, 'AUTH.TOO_MANY_ATTEMPTS');
    expect(Number(second.headers.get('retry-after'))).toBe(2);
    // The holder, elsewhere, is not locked out.
    expect((await loginFrom('198.51.100.20', 'targeted', 'targeted-password')).status).toBe(200);
    const { rows } = await t.database.pool.query(`SELECT key FROM login_failures`);
    expect(rows.map((row: { key: string }) => row.key).join(' ')).not.toContain('targeted');
  });

  it('failures of many usernames from one address (a NAT) do not lock out its other users, the administrator included', async () => {
    for (let i = 0; i < 25; i++)
      expect((await loginFrom('192.0.2.50', `nobody-${i}`, 'guess')).status).toBe(401);
    expect((await loginFrom('192.0.2.50', 'admin', TEST_AUTH_ENV.ADMIN_PASSWORD)).status).toBe(200);
  });

  it('a username failing from many addresses is blocked everywhere at the higher global limit', async () => {
    await http(t.baseUrl, 'POST', '/api/v1/auth/accounts', {
      body: { username: 'distributed', password: 'distributed-password', role: 'analyst' },
    });
    for (let i = 0; i < 12; i++)
      expect((await loginFrom(`198.18.0.${i + 1}`, 'distributed', 'bad')).status).toBe(401);
    const blocked = await loginFrom('198.18.1.1', 'distributed', 'distributed-password');
    expectProblem(blocked, 429, 'AUTH.TOO_MANY_ATTEMPTS');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(250);
  });

  it('an address over its own limit is blocked for every username', async () => {
    for (let i = 0; i < 40; i++) await loginFrom('192.0.2.99', `spray-${i}`, 'guess');
    expectProblem(
      await loginFrom('192.0.2.99', 'test-operator', 'test-operator-password'),
      429,
      'AUTH.TOO_MANY_ATTEMPTS',
    );
    expect((await loginFrom('192.0.2.100', 'test-operator', 'test-operator-password')).status).toBe(200);
  });

  it('an administrator lifts a lock (audited with the acting account); only administrators may', async () => {
    for (let i = 0; i < 12; i++) await loginFrom(`198.18.2.${i + 1}`, 'distributed', 'bad');
    expectProblem(
      await loginFrom('198.18.3.1', 'distributed', 'distributed-password'),
      429,
      'AUTH.TOO_MANY_ATTEMPTS',
    );
    expectProblem(
      await http(t.baseUrl, 'POST', '/api/v1/auth/login-throttle/clear', {
        body: { username: 'distributed' },
        auth: t.users.operator.token,
      }),
      403,
      'AUTH.FORBIDDEN',
    );
    const cleared = await http(t.baseUrl, 'POST', '/api/v1/auth/login-throttle/clear', {
      body: { username: 'distributed' },
      auth: t.users.admin.token,
    });
    expect(cleared.status).toBe(200);
    expect(cleared.body.cleared).toBeGreaterThanOrEqual(24);
    expect((await loginFrom('198.18.3.1', 'distributed', 'distributed-password')).status).toBe(200);
    const clearedIp = await http(t.baseUrl, 'POST', '/api/v1/auth/login-throttle/clear', {
      body: { ip: '192.0.2.99' },
      auth: t.users.admin.token,
    });
    expect(clearedIp.body.cleared).toBeGreaterThanOrEqual(40);
    expect((await loginFrom('192.0.2.99', 'test-operator', 'test-operator-password')).status).toBe(200);
    const audit = await http(t.baseUrl, 'GET', '/api/v1/auth/audit?username=distributed', {
      auth: t.users.admin.token,
    });
    expect(audit.body.items[0]).toMatchObject({
      action: 'throttle_cleared',
      actorAccountId: t.users.admin.id,
    });
    expect(JSON.stringify(audit.body)).not.toContain('"distributed"');
  });
});
