/**
 * The managers' dashboard and the transparency page in real Chromium (Debian's, driven by
 * playwright-core): login, drill-down city → ward → procedure → dossiers, no console errors.
 * Screenshots go to test-output/screenshots/.
 */
import { mkdirSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDF, householdBusinessRequest, makePdf, startTestApp, type TestApp } from '../helpers.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = 'test-output/screenshots';

describe('dashboard and transparency page in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    t = await startTestApp('pglite', {}, new Date().toISOString());
    const act = (as: string, code: string, action: string, body: unknown = {}) => t.call('POST', `/api/dossiers/${code}/actions/${action}`, { as, body });
    for (let i = 0; i < 4; i++) {
      const u = await t.upload('citizen', PDF);
      const d = (await t.call('POST', '/api/dossiers', { as: 'citizen', body: householdBusinessRequest(u) })).body;
      await act('reception', d.code, 'accept');
      if (i < 2) {
        await act('leader', d.code, 'hand_over', { toStep: 2 });
        await act('leader', d.code, 'complete', { resultUploadId: await t.upload('leader', await makePdf()) });
      }
    }
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const addr = t.app.server.address() as { port: number };
    base = `http://127.0.0.1:${addr.port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('logs a manager in and drills down to a procedure’s dossiers', async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 1300 } });
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(`${base}/quan-ly`);
    await page.waitForURL(/\/dang-nhap\?next=/);
    await page.getByLabel('Tên đăng nhập').fill('manager');
    await page.getByLabel('Mật khẩu').fill('sai');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect.poll(() => page.locator('#msg').textContent()).toContain('không đúng');
    await page.getByLabel('Mật khẩu').fill('motcua-demo');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL(/\/quan-ly$/);
    await page.waitForSelector('#orgs tr');
    expect(await page.locator('.card').first().textContent()).toContain('4');
    await page.screenshot({ path: `${SHOTS}/dashboard-city.png` });
    await page.getByRole('button', { name: 'Ủy ban nhân dân Phường Sài Gòn' }).first().click();
    await expect.poll(() => page.locator('#crumbs li').count()).toBe(2);
    await page.getByRole('button', { name: 'Đăng ký thành lập hộ kinh doanh' }).click();
    await expect.poll(() => page.locator('#list tr').count()).toBe(4);
    await page.screenshot({ path: `${SHOTS}/dashboard-ward.png`, fullPage: true });
    // The only error is the 401 of the first, not-yet-logged-in visit.
    expect(errors.filter((e) => !e.includes('401'))).toEqual([]);
  });

  it('shows the public transparency table without login', async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(`${base}/minh-bach`);
    await page.waitForSelector('#rows tr');
    const first = await page.locator('#rows tr').first().locator('td').allTextContents();
    expect(first[0]).toBe('Ủy ban nhân dân Phường Sài Gòn');
    expect(first[1]).toBe('4');
    await page.screenshot({ path: `${SHOTS}/transparency.png` });
    expect(errors).toEqual([]);
  });
});
