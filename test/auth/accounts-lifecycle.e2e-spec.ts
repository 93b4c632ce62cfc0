import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { JwtService } from '@nestjs/jwt';
import { createTestDatabase, type TestDatabase } from '#platform/testing';
import { fx } from '#registry-domain/testing';
import { allMigrations } from '#runtime';
import { expectProblem } from '../cases/case-api.js';
import { fixtureMeta, seedFixtureDistrict, writeRegistry } from '../support/registry-fixture.js';
import { http, login, startTestApp, TEST_AUTH_ENV, type TestApp } from '../support/test-app.js';

/**
 * Issue #19, "Accounts": disable, enable, delete and password resets are administrator routes,
 * audited with the acting account, and stop the account's tokens at once; tokens need `exp`; roles
 * and scope come from the account and the registry in force now, not from the token; registry login
 * names cannot clash with local accounts, and the account sync never fails start-up over such a clash.
 */
describe('accounts with a lifecycle', () => {
  let database: TestDatabase;
  let t: TestApp;
  const DEMO = 'lifecycle-demo-password';
  const create = (username: string, role = 'analyst', password = `${username}-password`) =>
    http(t.baseUrl, 'POST', '/api/v1/auth/accounts', { body: { username, password, role } });
  const me = (token: string) => http(t.baseUrl, 'GET', '/api/v1/auth/me', { auth: token });
  const audit = async (username: string) =>
    (await http(t.baseUrl, 'GET', `/api/v1/auth/audit?username=${username}`, { auth: t.users.admin.token }))
      .body.items as Array<Record<string, any>>;

  beforeAll(async () => {
    database = await createTestDatabase('postgres', allMigrations);
    t = await startTestApp('postgres', { DEMO_ACCOUNT_PASSWORD: DEMO }, { reuseDatabase: database });
    await seedFixtureDistrict(t.app);
    expect((await http(t.baseUrl, 'POST', '/api/v1/auth/accounts/sync')).status).toBe(200);
  });
  afterAll(async () => {
    await t?.close();
    await database?.close();
  });

  it("disabling stops the account's tokens at once and its logins; enabling lets it log in again, not the old token", async () => {
    expect((await create('lc-disabled')).status).toBe(201);
    const { token } = await login(t.baseUrl, 'lc-disabled', 'lc-disabled-password');
    expect((await me(token)).status).toBe(200);
    const disabled = await http(t.baseUrl, 'POST', '/api/v1/auth/accounts/lc-disabled/disable', {
      body: { reason: 'left the office' },
    });
    expect(disabled.status).toBe(200);
    expect(disabled.body).toMatchObject({ username: 'lc-disabled', disabled: true });
    expectProblem(await me(token), 401, 'AUTH.UNAUTHENTICATED');
    expectProblem(
      await http(t.baseUrl, 'POST', '/api/v1/auth/login', {
        body: { username: 'lc-disabled', password: 'lc-disabled-password' },
        auth: false,
      }),
      401,
      'AUTH.INVALID_CREDENTIALS',
    );
    expect((await http(t.baseUrl, 'POST', '/api/v1/auth/accounts/lc-disabled/enable')).status).toBe(200);
    const again = await login(t.baseUrl, 'lc-disabled', 'lc-disabled-password');
    expect((await me(again.token)).status).toBe(200);
    expectProblem(await me(token), 401, 'AUTH.UNAUTHENTICATED');
    expect((await audit('lc-disabled')).map((entry) => [entry.action, entry.actorAccountId])).toEqual([
      ['account_enabled', t.users.admin.id],
      ['account_disabled', t.users.admin.id],
      ['account_created', t.users.admin.id],
    ]);
    expect((await audit('lc-disabled'))[1]!.detail).toEqual({ reason: 'left the office' });
  });

  it('deleting stops its tokens, keeps its id and its name taken, and is audited', async () => {
    expect((await create('lc-deleted')).status).toBe(201);
    const { token, id } = await login(t.baseUrl, 'lc-deleted', 'lc-deleted-password');
    const entries = await audit('lc-deleted');
    expect((await http(t.baseUrl, 'DELETE', '/api/v1/auth/accounts/lc-deleted')).status).toBe(204);
    expectProblem(await me(token), 401, 'AUTH.UNAUTHENTICATED');
    expectProblem(
      await http(t.baseUrl, 'GET', '/api/v1/auth/accounts/lc-deleted', { auth: t.users.admin.token }),
      404,
      'AUTH.UNKNOWN_ACCOUNT',
    );
    expectProblem(await create('LC-Deleted'), 409, 'AUTH.USERNAME_TAKEN');
    const { rows } = await database.pool.query(
      'SELECT deleted_at IS NOT NULL AS deleted FROM accounts WHERE account_id = $1',
      [id],
    );
    expect(rows).toEqual([{ deleted: true }]);
    expect(entries).toHaveLength(1);
    const deleted = await database.pool.query(
      `SELECT actor_account_id FROM account_audit WHERE action = 'account_deleted' AND target_account_id = $1`,
      [id],
    );
    expect(deleted.rows).toEqual([{ actor_account_id: t.users.admin.id }]);
  });

  it('an administrator cannot disable or delete itself, nor the configured administrator; others cannot at all', async () => {
    expectProblem(
      await http(t.baseUrl, 'POST', '/api/v1/auth/accounts/admin/disable', { body: { reason: 'oops' } }),
      409,
      'AUTH.OWN_ACCOUNT',
    );
    expect((await create('lc-second-admin', 'administrator')).status).toBe(201);
    const second = await login(t.baseUrl, 'lc-second-admin', 'lc-second-admin-password');
    expectProblem(
      await http(t.baseUrl, 'DELETE', '/api/v1/auth/accounts/admin', { auth: second.token }),
      409,
      'AUTH.CONFIGURED_ADMINISTRATOR',
    );
    expectProblem(
      await http(t.baseUrl, 'POST', '/api/v1/auth/accounts/lc-second-admin/disable', {
        body: { reason: 'r' },
        auth: t.users.operator.token,
      }),
      403,
      'AUTH.FORBIDDEN',
    );
  });

  it("an administrator's password reset is audited, stops the holder's tokens and forces a change at the next login", async () => {
    expect((await create('lc-reset')).status).toBe(201);
    const before = await login(t.baseUrl, 'lc-reset', 'lc-reset-password');
    expect(
      (
        await http(t.baseUrl, 'POST', '/api/v1/auth/accounts/lc-reset/password', {
          body: { password: 'set-by-the-admin' },
        })
      ).status,
    ).toBe(204);
    expectProblem(await me(before.token), 401, 'AUTH.UNAUTHENTICATED');
    expectProblem(
      await http(t.baseUrl, 'POST', '/api/v1/auth/login', {
        body: { username: 'lc-reset', password: 'set-by-the-admin' },
        auth: false,
      }),
      403,
      'AUTH.PASSWORD_CHANGE_REQUIRED',
    );
    expectProblem(
      await http(t.baseUrl, 'POST', '/api/v1/auth/password', {
        body: { username: 'lc-reset', password: 'set-by-the-admin', newPassword: 'set-by-the-admin' },
        auth: false,
      }),
      422,
      'AUTH.PASSWORD_UNCHANGED',
    );
    const changed = await http(t.baseUrl, 'POST', '/api/v1/auth/password', {
      body: { username: 'lc-reset', password: 'set-by-the-admin', newPassword: 'chosen-by-the-holder' },
      auth: false,
    });
    expect(changed.status).toBe(200);
    expect((await me(changed.body.accessToken)).status).toBe(200);
    expect((await login(t.baseUrl, 'lc-reset', 'chosen-by-the-holder')).token).toBeTruthy();
    const entries = await audit('lc-reset');
    expect(entries.slice(0, 2).map((entry) => [entry.action, entry.actorAccountId, entry.detail])).toEqual([
      ['password_changed', before.id, {}],
      ['password_reset', t.users.admin.id, { hadPassword: true }],
    ]);
  });

  it('a signed token claiming more than the account has grants only what the account has', async () => {
    expect((await create('lc-modest')).status).toBe(201);
    const { id } = await login(t.baseUrl, 'lc-modest', 'lc-modest-password');
    const boasting = await new JwtService({ secret: TEST_AUTH_ENV.JWT_SECRET }).signAsync(
      { sub: id, roles: ['administrator'], scope: { kind: 'all' }, typ: 'access', ver: 0 },
      { issuer: 'gridcase', expiresIn: 600 },
    );
    expect((await me(boasting)).body.roles).toEqual(['analyst']);
    expectProblem(
      await http(t.baseUrl, 'POST', '/api/v1/auth/accounts', {
        body: { username: 'lc-escalated', password: 'lc-escalated-password', role: 'administrator' },
        auth: boasting,
      }),
      403,
      'AUTH.FORBIDDEN',
    );
  });

  it('a registry login acts where the registry puts it today, whatever its token said', async () => {
    const worker = await login(t.baseUrl, 'wg0001', DEMO);
    expect((await me(worker.token)).body.scope).toEqual({ kind: 'grid', id: fx.grid1 });
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    await writeRegistry(t.app, [
      {
        type: 'UnassignGridWorker',
        data: { workerId: fx.worker, effectiveDate: today },
        metadata: fixtureMeta(new Date().toISOString()),
      },
    ]);
    // This replica re-reads the registry's logins within 5 s (ACCOUNT_STATE_TTL_MS).
    await new Promise((resolve) => setTimeout(resolve, 5_100));
    expect((await me(worker.token)).body).toMatchObject({ roles: ['grid_worker'], scope: null });
  });

  it('registry login names may not be a local account, regardless of case (409), nor the reverse', async () => {
    expect((await create('lc-local')).status).toBe(201);
    for (const accountName of ['lc-local', 'LC-LOCAL', 'admin']) {
      expectProblem(
        await http(t.baseUrl, 'POST', '/api/v1/jurisdictions/grid-workers', {
          body: { code: `W-${accountName}`, name: '李四', post: 'B', accountName, gridId: fx.grid3 },
        }),
        409,
        'REGISTRY.DUPLICATE_ACCOUNT_NAME',
      );
    }
    expectProblem(
      await http(t.baseUrl, 'POST', '/api/v1/jurisdictions/grid-workers', {
        body: { code: 'W-case', name: '李四', post: 'B', accountName: 'WG0001', gridId: fx.grid3 },
      }),
      409,
      'REGISTRY.DUPLICATE_ACCOUNT_NAME',
    );
    expectProblem(await create('WG0001'), 409, 'AUTH.USERNAME_TAKEN');
  });

  it('the account sync reports a clash the registry data brought, and start-up never fails over it', async () => {
    expect((await create('lc-clash')).status).toBe(201);
    // Written past the API's check (as an older version or the seed CLI could have).
    await writeRegistry(t.app, [
      {
        type: 'RegisterGridWorker',
        data: { code: 'W-CLASH', name: '赵六', post: 'B', accountName: 'LC-Clash', gridId: fx.grid3 },
        metadata: fixtureMeta(new Date().toISOString()),
      },
    ]);
    const synced = await http(t.baseUrl, 'POST', '/api/v1/auth/accounts/sync');
    expect(synced.status).toBe(200);
    expect(synced.body.conflicts).toEqual([
      expect.objectContaining({
        username: 'LC-Clash',
        takenByAccountId: (await login(t.baseUrl, 'lc-clash', 'lc-clash-password')).id,
      }),
    ]);
    await t.close();
    t = await startTestApp('postgres', { DEMO_ACCOUNT_PASSWORD: DEMO }, { reuseDatabase: database });
    expect((await login(t.baseUrl, 'lc-clash', 'lc-clash-password')).token).toBeTruthy();
    expect((await login(t.baseUrl, 'wg0001', DEMO)).token).toBeTruthy();
  });
});
