import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { sampleImage } from '#attachments/testing';
import { disputeReport } from '../cases/case-api.js';
import {
  apiLogin,
  browserStorage,
  expectNoSeriousAccessibilityViolations,
  launchChromium,
  logInThroughForm,
  newPage,
  screenshot,
  startConsoleApp,
  type ConsoleApp,
} from './console-browser.js';
import { must } from './console-seed.js';
import { ROOT } from '../support/build-dist.js';

const HAN = /[\u3400-\u9fff]/;
const CONSOLE_SOURCE = join(ROOT, 'apps', 'console', 'src');

/** The console's screens and components: every file but the catalogues (i18n/) and the specs. */
function consoleSources(folder = CONSOLE_SOURCE): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return name === 'i18n' ? [] : consoleSources(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** Chinese written into a screen rather than the catalogue (comments, and { zh, en } pairs, aside). */
function chineseOutsideTheCatalogue(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((line, index) => ({
      code: line.replace(/\/\/.*$|\/\*.*?\*\/|^\s*\*.*$|^\s*\/\*\*.*$/g, ''),
      at: `${file.slice(CONSOLE_SOURCE.length + 1)}:${index + 1}`,
    }))
    .filter(({ code }) => HAN.test(code) && !/zh:\s*'[^']*',\s*en:\s*'[^']*'/.test(code))
    .map(({ at }) => at);
}

/** What every role meets first: the console served by the API, the login page, errors, 401 and storage. */
describe('the console: served at /console, login, errors in plain words, 401 and back', () => {
  let app: ConsoleApp;
  let browser: Browser;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startConsoleApp(), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('is served by the API on its own origin: /console redirects, screens fall back to the page, a missing asset is 404', async () => {
    const redirect = await fetch(`${app.t.baseUrl}/console`, { redirect: 'manual' });
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('location')).toBe('/console/');
    const deepLink = await fetch(`${app.t.baseUrl}/console/cases/some-case`);
    expect(deepLink.status).toBe(200);
    expect(deepLink.headers.get('content-type')).toContain('text/html');
    expect(await deepLink.text()).toContain('<div id="root">');
    const missing = await fetch(`${app.t.baseUrl}/console/assets/missing-file.js`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
  });

  it('shows a refused login in plain words with its code, then logs in and keeps nothing personal in localStorage', async () => {
    const { context, page } = await newPage(browser);
    await page.goto(app.url);
    await page.waitForURL(/\/console\/login/);
    await page.getByRole('heading', { name: '登录', exact: true }).waitFor();
    await expectNoSeriousAccessibilityViolations(page);
    await screenshot(page, 'login');
    await logInThroughFormExpectingRefusal(page);
    await logInThroughForm(page, app, app.t.users.operator.username, 'test-operator-password');
    await page.waitForURL(/\/console\/intake/);
    const storage = await browserStorage(page);
    expect(Object.keys(storage.local).filter((key) => key !== 'gridcase.console.language')).toEqual([]);
    expect(Object.keys(storage.session)).toEqual(['gridcase.console.accessToken']);
    await context.close();
  });

  it('sends a caller whose token was refused (401) to the login page, then back to where it was', async () => {
    const { context, page } = await newPage(browser);
    await logInThroughForm(page, app, app.t.users.operator.username, 'test-operator-password');
    await page.evaluate(() =>
      (globalThis as any).sessionStorage.setItem('gridcase.console.accessToken', 'expired-or-forged'),
    );
    await page.goto(`${app.url}cases?status=closed`);
    await page.waitForURL(/\/console\/login\?next=/);
    await page.getByText('登录已过期，请重新登录').waitFor();
    await page.getByLabel('用户名').fill(app.t.users.operator.username);
    await page.getByLabel('密码').fill('test-operator-password');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.waitForURL(/\/console\/cases\?status=closed$/);
    await context.close();
  });

  it('offers to reload a case someone changed meanwhile (412), and the action then goes through', async () => {
    const operator = await apiLogin(app, 'staff0001');
    const gridId = (await must(app, await apiLogin(app, 'wg0001'), 'GET', '/api/v1/auth/me')).scope.id;
    const title = `晾衣杆坠落 ${Date.now()}`;
    const { caseId } = await must(app, operator, 'POST', '/api/v1/cases', {
      ...disputeReport({ title, location: { gridId, address: '幸福里 9 栋' } }),
    });
    const { context, page } = await newPage(browser);
    await logInThroughForm(page, app, 'staff0001');
    await page.goto(`${app.url}cases/${caseId}`);
    await page.getByTestId('action-register').click();
    const register = page.getByTestId('action-form-register');
    await register.waitFor();
    // Behind the console's back, a colleague attaches a photo: the case's revision moves on.
    const form = new FormData();
    form.append('caption', '同事补充的照片');
    form.append('file', new Blob([new Uint8Array(await sampleImage('png', 64, 48))]), 'colleague.png');
    const uploaded = await fetch(`${app.t.baseUrl}/api/v1/cases/${caseId}/attachments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${operator.token}` },
      body: form,
    });
    expect(uploaded.status).toBe(201);
    await register.getByRole('button', { name: /登\s*记/ }).click();
    const problem = register.getByTestId('problem');
    await problem.waitFor();
    expect(await problem.innerText()).toMatch(/HTTP (409|412)/);
    await problem.getByRole('button', { name: '重新加载案件' }).click();
    // Reloaded: the colleague's photo is there, and the action at the case's new revision goes through.
    await page.getByTestId('attachment-table').getByText('同事补充的照片').waitFor();
    await page.getByTestId('action-register').click();
    await page
      .getByTestId('action-form-register')
      .getByRole('button', { name: /登\s*记/ })
      .click();
    await page.getByTestId('action-done').waitFor();
    await page.getByTestId('case-status').getByText('已登记').waitFor();
    await context.close();
  });

  it('every label is also in English: no screen writes Chinese outside the catalogue, and the switch turns the screens English', async () => {
    expect(consoleSources().length).toBeGreaterThan(20);
    expect(consoleSources().flatMap(chineseOutsideTheCatalogue)).toEqual([]);
    const { context, page } = await newPage(browser);
    await page.goto(`${app.url}login`);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Log in', exact: true }).waitFor();
    expect(await page.evaluate(() => (globalThis as any).document.documentElement.lang)).toBe('en');
    await logInThroughForm(page, app, app.t.config.auth.adminUsername, 'test-admin-password');
    const chineseOnScreen = async () =>
      (await page.locator('body').innerText()).replace(/中\s*文/, '').match(/[\u3400-\u9fff]+/g) ?? [];
    for (const screen of ['admin/accounts', 'admin/projections']) {
      await page.goto(`${app.url}${screen}`);
      await page.getByRole('heading', { level: 2 }).first().waitFor();
      await page.locator('.ant-spin-spinning').waitFor({ state: 'detached' });
      expect(await chineseOnScreen()).toEqual([]);
    }
    await screenshot(page, 'admin-accounts-english');
    // The language is the one thing kept in localStorage, and it is no personal data.
    expect((await browserStorage(page)).local).toEqual({ 'gridcase.console.language': 'en' });
    await context.close();
  });

  async function logInThroughFormExpectingRefusal(page: import('playwright-core').Page) {
    await page.getByLabel('用户名').fill(app.t.users.operator.username);
    await page.getByLabel('密码').fill('not-the-password');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    const problem = page.getByTestId('problem');
    await problem.waitFor();
    expect(await problem.getAttribute('data-code')).toBe('AUTH.INVALID_CREDENTIALS');
    expect(await problem.innerText()).toContain('AUTH.INVALID_CREDENTIALS');
  }
});
