import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { expect } from '@jest/globals';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { EVENT_STORE, type EventStore } from '#event-store';
import { seedDemoOnStart, startBackgroundServices, type RunningWorker } from '#runtime';
import { ROOT } from '../support/build-dist.js';
import { http, login, startTestApp, type TestApp, type TestUser } from '../support/test-app.js';

/** Debian's chromium package (apt-get install chromium fonts-noto-cjk); CHROMIUM_PATH overrides. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = join(ROOT, 'reports', 'console');
export const DEMO_PASSWORD = 'console-demo-password';

/**
 * Chromium as these machines run it (root, a closed network): no sandbox, nothing phoning home.
 * Never a browser download: playwright-core only drives the operating system's browser.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH))
    throw new Error(
      `no Chromium at ${CHROMIUM_PATH}: install it with "apt-get install -y chromium fonts-noto-cjk" (.ci/run does) or set CHROMIUM_PATH`,
    );
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

export interface ConsoleApp {
  t: TestApp;
  worker: RunningWorker;
  url: string;
  close(): Promise<void>;
}

/**
 * The real API on a fresh PostgreSQL database, with the demo district (the registry the console
 * dispatches into) and the background services running, as `npm start` runs them: projections feed
 * the lists and boards the console shows. Registry logins (wg0001, staff0001, staff0299 …) get
 * DEMO_PASSWORD; the built console is served at /console by the API itself.
 */
export async function startConsoleApp(): Promise<ConsoleApp> {
  if (!existsSync(join(ROOT, 'dist', 'console', 'index.html')))
    throw new Error('the console is not built: run "npm run build:console" (npm run test:console does)');
  const t = await startTestApp('postgres', { DEMO_ACCOUNT_PASSWORD: DEMO_PASSWORD });
  await seedDemoOnStart(t.app, () => undefined);
  const synced = await http(t.baseUrl, 'POST', '/api/v1/auth/accounts/sync', { auth: t.users.admin.token });
  if (synced.status !== 200) throw new Error(`account sync answered ${synced.status}`);
  const worker = await startBackgroundServices({
    config: t.runtime,
    database: t.database,
    eventStore: t.app.get<EventStore>(EVENT_STORE),
  });
  return {
    t,
    worker,
    url: `${t.baseUrl}/console/`,
    async close() {
      await worker.stop();
      await t.close();
    },
  };
}

export async function apiLogin(
  app: ConsoleApp,
  username: string,
  password = DEMO_PASSWORD,
): Promise<TestUser> {
  return login(app.t.baseUrl, username, password);
}

/** A page of its own (fresh storage), in Chinese unless told otherwise. */
export async function newPage(
  browser: Browser,
  options: { viewport?: { width: number; height: number }; language?: 'zh' | 'en' } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1366, height: 900 },
    locale: options.language === 'en' ? 'en-US' : 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  return { context, page };
}

/** Logs in through the login form and waits for the role's first screen. */
export async function logInThroughForm(
  page: Page,
  app: ConsoleApp,
  username: string,
  password = DEMO_PASSWORD,
) {
  await page.goto(`${app.url}login`);
  await page.getByLabel(/用户名|Username/).fill(username);
  await page.getByLabel(/密码|Password/).fill(password);
  await page.getByRole('button', { name: /登\s*录|Log in/ }).click();
  await page.waitForURL((url) => !url.pathname.endsWith('/login'));
}

/** Kept as a CI artifact under reports/console/. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[]; failureSummary?: string }>;
}

/** axe-core (WCAG 2.0/2.1 A and AA rules) on the page as it stands; serious and critical findings fail. */
export async function expectNoSeriousAccessibilityViolations(page: Page): Promise<void> {
  await page.evaluate(axeSource);
  const violations = (await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(context: unknown, options: unknown): Promise<any> } })
      .axe;
    const result = await axe.run((globalThis as any).document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    });
    return result.violations;
  })) as AxeViolation[];
  const serious = violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      targets: violation.nodes.slice(0, 5).map((node) => node.target.join(' ')),
    }));
  expect(serious).toEqual([]);
}

/** What the page keeps in the browser's storage (nothing personal may stay in localStorage). */
export async function browserStorage(
  page: Page,
): Promise<{ local: Record<string, string>; session: Record<string, string> }> {
  return page.evaluate(() => {
    const { localStorage, sessionStorage } = globalThis as any;
    return {
      local: Object.fromEntries(Object.entries(localStorage)) as Record<string, string>,
      session: Object.fromEntries(Object.entries(sessionStorage)) as Record<string, string>,
    };
  });
}
