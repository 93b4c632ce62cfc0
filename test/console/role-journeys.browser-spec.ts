import { readFile } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { sampleImage } from '#attachments/testing';
import type { TestUser } from '../support/test-app.js';
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
import { enforcementCase, must, pastEscalatedDispute, pastOverdueAtTheTop } from './console-seed.js';

function cstToday(): string {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/**
 * One journey per role (issue #24), in Debian's Chromium against the real API on a fresh database
 * with the demo district: log in through the form, do the role's main work, see it in the lists and
 * boards. Screenshots of each role's main screens go to reports/console/.
 */
describe('the console, one journey per role', () => {
  let app: ConsoleApp;
  let browser: Browser;
  let operator: TestUser;
  let gridId: string;
  let gridName: string;
  let squadId: string;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startConsoleApp(), launchChromium()]);
    operator = await apiLogin(app, 'staff0001');
    const worker = await must(app, await apiLogin(app, 'wg0001'), 'GET', '/api/v1/auth/me');
    gridId = worker.scope.id;
    const grid = await must(app, operator, 'GET', `/api/v1/jurisdictions/grids/${gridId}`);
    gridName = grid.grid.name;
    squadId = (await must(app, await apiLogin(app, 'staff0299'), 'GET', '/api/v1/auth/me')).scope.id;
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /** Every page a journey opened, so a failure leaves a screenshot of where it stood. */
  const pages = new Set<Page>();
  afterEach(async () => {
    const journey = (expect.getState().currentTestName ?? 'journey').split('›').pop()!.split(':')[0]!.trim();
    for (const page of pages) {
      if (page.isClosed()) continue;
      await screenshot(page, `failed-${journey.replace(/\W+/g, '-')}`).catch(() => undefined);
      await page.context().close();
    }
    pages.clear();
  });

  /** Waits until the projections show what the journey just did (they trail the log). */
  async function untilVisible(page: Page, path: string, text: string): Promise<void> {
    for (let attempt = 0; attempt < 20; attempt++) {
      await page.goto(`${app.url}${path}`);
      try {
        await page.getByText(text).first().waitFor({ timeout: 1_500 });
        return;
      } catch {
        // the read model has not caught up yet: look again
      }
    }
    throw new Error(`${text} never appeared on ${path}`);
  }

  async function pickGrid(page: Page) {
    await page.locator('#location_gridId').click();
    await page.keyboard.type(gridName);
    await page.locator(`.ant-select-tree-node-content-wrapper[title="${gridName}"]`).first().click();
  }

  /** The holder logs in with the password an administrator set, is asked for its own, and is in. */
  async function chooseOwnPassword(username: string, given: string, own: string) {
    const { context, page } = await newPage(browser);
    pages.add(page);
    await page.goto(`${app.url}login`);
    await page.locator('#username').fill(username);
    await page.locator('#password').fill(given);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.getByTestId('password-change-required').waitFor();
    await page.locator('#newPassword').fill(own);
    await page.locator('#confirmPassword').fill(own);
    await expectNoSeriousAccessibilityViolations(page);
    await screenshot(page, 'password-change-required');
    await page.getByRole('button', { name: /设置新密码并登录/ }).click();
    await page.waitForURL((url) => !url.pathname.endsWith('/login'));
    await context.close();
  }

  it('centre operator: reports a case at intake, opens it with its timeline, finds it in the list, sees the escalation board and the overdue list', async () => {
    const escalated = `楼道堆物纠纷 ${Date.now()}`;
    await pastEscalatedDispute(app, operator, gridId, escalated);
    const overdue = `违建投诉 ${Date.now()}`;
    await pastOverdueAtTheTop(app, operator, gridId, overdue);
    const { context, page } = await newPage(browser);
    pages.add(page);
    await logInThroughForm(page, app, 'staff0001');
    await page.waitForURL(/\/console\/intake$/);
    const title = `噪音扰民 ${Date.now()}`;
    await page.locator('#title').fill(title);
    await page.locator('#description').fill('楼上住户夜间施工，邻里发生争执。');
    await page.locator('#category').fill('neighbour');
    await pickGrid(page);
    await page.locator('#location_address').fill('幸福里 5 栋 302');
    await page.locator('#dispute_parties_0_name').fill('王芳');
    await page.locator('#dispute_parties_0_phone').fill('13800138000');
    await page.locator('#dispute_parties_0_role').click();
    await page.locator('.ant-select-item-option[title="applicant"]').click();
    await screenshot(page, 'operator-intake');
    await page.getByRole('button', { name: /上\s*报/ }).click();
    // Register, then dispatch to a unit picked from the registry (the grid's handling chain comes first).
    const register = page.getByTestId('action-form-register');
    await register.waitFor();
    await register.getByRole('button', { name: /登\s*记/ }).click();
    const dispatch = page.getByTestId('action-form-dispatch');
    await dispatch.waitFor();
    await dispatch.locator('#unit').click();
    await page
      .locator('.ant-select-tree-node-content-wrapper', { hasText: /^楼院 · / })
      .first()
      .click();
    await screenshot(page, 'operator-dispatch');
    await dispatch.getByRole('button', { name: /派\s*遣/ }).click();
    await page.getByTestId('open-reported-case').click();
    await page.getByTestId('case-title').getByText(title).waitFor();
    expect(await page.getByTestId('case-status').innerText()).toBe('已派遣');
    expect(await page.getByTestId('case-unit').innerText()).toBe(gridName);
    await page
      .getByTestId('timeline')
      .getByText(/派遣给/)
      .waitFor();
    // Only the actions the API allows this caller in this state are offered.
    await page
      .getByTestId('case-actions')
      .getByRole('button', { name: /督\s*办/ })
      .waitFor();
    expect(await page.getByTestId('action-register').count()).toBe(0);
    await page.getByTestId('timeline').getByText('上报了案件').waitFor();
    // A photo of the scene as evidence: caption and when it was taken, listed with its thumbnail, downloadable.
    const photo = await sampleImage('jpeg', 640, 480);
    const upload = page.getByTestId('attachment-upload');
    await upload.locator('#attachment-file').setInputFiles({
      name: 'stairwell.jpg',
      mimeType: 'image/jpeg',
      buffer: photo,
    });
    await upload.locator('#attachment-caption').fill('楼道现场照片');
    const takenAt = new Date(Date.now() + 8 * 3_600_000 - 3_600_000).toISOString().slice(0, 16);
    await upload.locator('#attachment-occurred-at').fill(takenAt);
    await upload.getByRole('button', { name: /上\s*传/ }).click();
    await upload.getByTestId('attachment-uploaded').waitFor();
    const row = page.getByTestId('attachment-table').locator('tr', { hasText: '楼道现场照片' });
    await row.getByText('image/jpeg').waitFor();
    await row.getByText(takenAt.replace('T', ' ')).waitFor();
    await row.getByTestId('attachment-thumbnail').waitFor();
    const thumbnailWidth = await row
      .getByTestId('attachment-thumbnail')
      .evaluate((image: any) => image.decode().then(() => image.naturalWidth));
    expect(thumbnailWidth).toBeGreaterThan(0);
    expect(thumbnailWidth).toBeLessThanOrEqual(320);
    const downloaded = page.waitForEvent('download');
    await row.getByRole('button', { name: /下\s*载/ }).click();
    const file = await downloaded;
    expect(file.suggestedFilename()).toBe('stairwell.jpg');
    expect((await readFile((await file.path())!)).equals(photo)).toBe(true);
    await page.getByTestId('timeline').getByText('添加了附件 「楼道现场照片」').waitFor();
    await expectNoSeriousAccessibilityViolations(page);
    await screenshot(page, 'operator-case');

    await untilVisible(page, 'cases', title);
    // Export every matching case, page by page, with the count fetched shown as it goes.
    const exported = page.waitForEvent('download');
    await page.getByTestId('export-cases').click();
    const csv = await exported;
    expect(csv.suggestedFilename()).toMatch(/^cases-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(await readFile((await csv.path())!, 'utf8')).toContain(title);
    await page
      .getByTestId('export-progress')
      .getByText(/^已导出 \d+ 条$/)
      .waitFor();
    await screenshot(page, 'operator-case-list');
    await page.goto(`${app.url}escalations`);
    // Community or higher: the escalation process manager, running as in npm start, may climb it again.
    await page.getByRole('link', { name: escalated }).waitFor();
    await expectNoSeriousAccessibilityViolations(page);
    await screenshot(page, 'operator-escalation-board');
    await page.goto(`${app.url}overdue`);
    await page.getByTestId('overdue-table').getByText(overdue).waitFor();
    await screenshot(page, 'operator-overdue');

    const storage = await browserStorage(page);
    expect(Object.keys(storage.local).filter((key) => key !== 'gridcase.console.language')).toEqual([]);
    await context.close();
  });

  it('grid worker: reports from a phone-sized screen and finds the case among its grid’s cases', async () => {
    const { context, page } = await newPage(browser, { viewport: { width: 390, height: 844 } });
    pages.add(page);
    await logInThroughForm(page, app, 'wg0001');
    await page.goto(`${app.url}report`);
    const title = `井盖缺失 ${Date.now()}`;
    await page.locator('#title').fill(title);
    await page.locator('#description').fill('小区东门人行道井盖缺失，已设临时围挡。');
    await page.locator('#category').fill('public_safety');
    await page.locator('#location_address').fill('幸福里东门');
    await page.locator('#dispute_parties_0_name').fill('李强');
    await page.locator('#dispute_parties_0_phone').fill('13900139000');
    await page.locator('#dispute_parties_0_role').click();
    await page.locator('.ant-select-item-option[title="other"]').click();
    const width = await page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await expectNoSeriousAccessibilityViolations(page);
    await screenshot(page, 'grid-worker-report-phone');
    await page.getByRole('button', { name: /上\s*报/ }).click();
    await page.getByTestId('open-reported-case').click();
    await page.getByTestId('case-title').getByText(title).waitFor();
    await untilVisible(page, 'cases', title);
    await screenshot(page, 'grid-worker-cases-phone');
    await context.close();
  });

  it('squad officer: sees its enforcement cases by stage with the hearing and payment clocks', async () => {
    const officer = await apiLogin(app, 'staff0299');
    const notified = `无证经营 ${Date.now()}`;
    const served = `超范围经营 ${Date.now()}`;
    await enforcementCase(app, operator, officer, squadId, gridId, notified, false);
    await enforcementCase(app, operator, officer, squadId, gridId, served, true);
    const { context, page } = await newPage(browser);
    pages.add(page);
    await logInThroughForm(page, app, 'staff0299');
    await page.waitForURL(/\/console\/enforcement$/);
    for (let attempt = 0; attempt < 20; attempt++) {
      if ((await page.getByTestId('enforcement-table').getByText(served).count()) > 0) break;
      await page.waitForTimeout(500);
      await page.reload();
    }
    const table = page.getByTestId('enforcement-table');
    const notifiedRow = table.locator('tr', { hasText: notified });
    await notifiedRow.getByText('已告知').waitFor();
    await notifiedRow.getByText(/听证申请期/).waitFor();
    const servedRow = table.locator('tr', { hasText: served });
    await servedRow.getByText('待缴款').waitFor();
    await servedRow.getByText(/缴款期限/).waitFor();
    await page.getByTestId('squad-figures').waitFor();
    await expectNoSeriousAccessibilityViolations(page);
    await screenshot(page, 'squad-officer-enforcement');
    // The party pays: recorded through the action's generated form, the case moves on to paid.
    await servedRow.getByRole('link', { name: served }).click();
    await page.getByTestId('action-record-payment').click();
    const payment = page.getByTestId('action-form-record-payment');
    await payment.locator('#amountFen').fill('500000');
    await payment.locator('#paidOn').click();
    await page.keyboard.type(cstToday());
    await page.keyboard.press('Tab');
    await payment.getByRole('button', { name: '登记缴款' }).click();
    await page.getByTestId('action-done').waitFor();
    await page.getByText('已缴款', { exact: true }).first().waitFor();
    await screenshot(page, 'squad-officer-case-paid');
    await context.close();
  });

  it('analyst: replays a case step by step and reads grid dashboards and assessment rankings, with an export', async () => {
    const replayed = `占道经营 ${Date.now()}`;
    const caseId = await pastEscalatedDispute(app, operator, gridId, replayed);
    const analyst = { username: `analyst-${Date.now()}`, password: 'analyst-password-01' };
    await must(app, app.t.users.admin, 'POST', '/api/v1/auth/accounts', { ...analyst, role: 'analyst' });
    const { context, page } = await newPage(browser);
    pages.add(page);
    await logInThroughForm(page, app, analyst.username, analyst.password);
    await page.waitForURL(/\/console\/dashboards$/);

    await page.goto(`${app.url}replay/${caseId}`);
    // The latest revision first; then back to the report with the keyboard (Home on the slider) and one step on.
    await page.getByTestId('replay-state').waitFor();
    const slider = page.getByRole('slider');
    await slider.focus();
    await page.keyboard.press('Home');
    await page
      .getByTestId('replay-revision')
      .getByText(/^版本 0 \//)
      .waitFor();
    await page.getByTestId('replay-status').getByText('已上报').waitFor();
    await page
      .getByTestId('replay-event')
      .getByText(/上报了案件/)
      .waitFor();
    await page.getByTestId('replay-next').click();
    await page
      .getByTestId('replay-revision')
      .getByText(/^版本 1 \//)
      .waitFor();
    await page.getByTestId('replay-status').getByText('已登记').waitFor();
    await page.getByTestId('replay-next').click();
    await page.getByTestId('replay-status').getByText('已派遣').waitFor();
    await page
      .getByTestId('replay-event')
      .getByText(/派遣给/)
      .waitFor();
    await expectNoSeriousAccessibilityViolations(page);
    await screenshot(page, 'analyst-replay');

    await page.goto(`${app.url}dashboards`);
    await page.locator('#dashboard-grid').click();
    await page.keyboard.type(gridName);
    await page.locator(`.ant-select-tree-node-content-wrapper[title="${gridName}"]`).first().click();
    await page.getByTestId('grid-dashboard').waitFor();
    await page.getByTestId('grid-chart').locator('canvas').waitFor();
    await screenshot(page, 'analyst-grid-dashboard');

    await page.goto(`${app.url}assessments`);
    await page.getByTestId('assessment-table').locator('.ant-table-row').first().waitFor();
    const download = page.waitForEvent('download');
    await page.getByTestId('export-assessments').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^assessments-grid-\d{4}-\d{2}-\d{4}-\d{2}\.csv$/);
    await expectNoSeriousAccessibilityViolations(page);
    await screenshot(page, 'analyst-assessments');
    await context.close();
  });

  it('administrator: creates an account, resets a password, disables and enables it, reads the jurisdiction tree as of a date and the projections', async () => {
    const { context, page } = await newPage(browser);
    pages.add(page);
    await logInThroughForm(page, app, app.t.config.auth.adminUsername, 'test-admin-password');
    await page.waitForURL(/\/console\/admin\/accounts$/);
    const username = `operator-${Date.now()}`;
    const create = page.getByTestId('create-account');
    await create.locator('#username').fill(username);
    await create.locator('#password').fill('first-password-0001');
    await create.locator('#role').click();
    await page.locator('.ant-select-item-option', { hasText: 'centre_operator' }).click();
    await create.getByRole('button', { name: /创\s*建/ }).click();
    await page.getByTestId('account-created').getByText(username).waitFor();
    const reset = page.getByTestId('reset-password');
    await reset.locator('#reset-username').fill(username);
    await reset.locator('#password').fill('second-password-0002');
    await reset.getByRole('button', { name: /重\s*置/ }).click();
    await reset.getByText(/密码已重置/).waitFor();
    await expectNoSeriousAccessibilityViolations(page);
    await screenshot(page, 'admin-accounts');
    // The password an administrator set opens nothing until its holder chooses one of its own (ADR 0027).
    await expect(apiLogin(app, username, 'second-password-0002')).rejects.toThrow(
      /answered 403.*AUTH\.PASSWORD_CHANGE_REQUIRED/,
    );
    await chooseOwnPassword(username, 'second-password-0002', 'own-password-0003');
    await expect(apiLogin(app, username, 'own-password-0003')).resolves.toMatchObject({ username });
    await expect(apiLogin(app, username, 'second-password-0002')).rejects.toThrow(/answered 401/);
    // Disabled, the account opens nothing (not even with its own password); enabled again, it does.
    const holder = await apiLogin(app, username, 'own-password-0003');
    const switcher = page.getByTestId('disable-account');
    await switcher.locator('#switch-username').fill(username);
    await switcher.locator('#switch-reason').fill('调离中心岗位');
    await switcher.getByRole('button', { name: /停\s*用/ }).click();
    await switcher.getByText(`账号已停用: ${username}`).waitFor();
    await expect(apiLogin(app, username, 'own-password-0003')).rejects.toThrow(/answered 401/);
    await expect(must(app, holder, 'GET', '/api/v1/auth/me')).rejects.toThrow(/answered 401/);
    await switcher.getByRole('button', { name: /启\s*用/ }).click();
    await switcher.getByText(`账号已启用: ${username}`).waitFor();
    await expect(apiLogin(app, username, 'own-password-0003')).resolves.toMatchObject({ username });

    await page.goto(`${app.url}admin/jurisdictions`);
    const { tree } = await must(app, operator, 'GET', '/api/v1/jurisdictions/tree');
    await page.getByTestId('jurisdiction-tree').getByText(tree.name, { exact: false }).first().waitFor();
    const nodes = Number((await page.getByTestId('tree-count').innerText()).replace(/\D+/g, ''));
    expect(nodes).toBeGreaterThan(199);
    await screenshot(page, 'admin-jurisdictions');
    await page.goto(`${app.url}admin/projections`);
    await page.getByTestId('projection-table').getByText('case-list', { exact: false }).first().waitFor();
    await screenshot(page, 'admin-projections');
    await context.close();
  });
});
