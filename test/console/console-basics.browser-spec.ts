import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import {
  browserStorage,
  expectNoSeriousAccessibilityViolations,
  launchChromium,
  logInThroughForm,
  newPage,
  screenshot,
  startConsoleApp,
  type ConsoleApp,
} from './console-browser.js';

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
