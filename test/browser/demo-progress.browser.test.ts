/**
 * While the demo year loads after a first start, a polite line under the header tells how far it is,
 * in Vietnamese and English, fits a 360 px phone, and goes away when the load is done.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserHarness, type BrowserHarness } from './harness.ts';

describe('the demo year progress line', () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await startBrowserHarness();
  }, 120_000);
  afterAll(() => h?.close());

  it('shows the progress while loading, in both languages, and disappears when done', async () => {
    h.t.ctx.demoHistory = { state: 'running', done: 1350, total: 3000 };
    const { ctx, page } = await h.open(null);
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(`${h.base}/`);
    const line = page.locator('.demo-progress[role="status"]');
    await expect.poll(() => line.textContent()).toBe('Đang nạp dữ liệu mẫu một năm: 45 % (1.350/3.000 hồ sơ). Số liệu sẽ đầy đủ khi nạp xong.');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await h.axe(page, 'demo progress');
    // The next poll shows the new figure.
    h.t.ctx.demoHistory.done = 2100;
    await expect.poll(() => line.textContent(), { timeout: 10_000 }).toContain('70 % (2.100/3.000 hồ sơ)');
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => line.textContent()).toBe('Loading a year of demo data: 70 % (2,100/3,000 dossiers). The figures will be complete when it is done.');
    h.t.ctx.demoHistory.state = 'done';
    h.t.ctx.demoHistory.done = 3000;
    await expect.poll(() => line.textContent(), { timeout: 10_000 }).toBe('');
    expect((await line.boundingBox())?.height ?? 0).toBe(0);
    await ctx.close();
  }, 60_000);

  it('says nothing when no year is loading (the usual case)', async () => {
    delete h.t.ctx.demoHistory;
    const { ctx, page } = await h.open(null);
    await page.goto(`${h.base}/`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await page.locator('.demo-progress').textContent()).toBe('');
    await ctx.close();
    expect(h.errors).toEqual([]);
  }, 60_000);
});
