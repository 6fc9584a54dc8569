/**
 * Walk-in reception in real Chromium (issue 14), on a 360 px phone: the reception officer opens
 * "Tiếp nhận trực tiếp", reads the CCCD's QR as a handheld scanner types it, picks the procedure,
 * uploads one component's scan and keeps another on paper, fills the form, records the dossier,
 * accepts it and prints the receipt (Form 01). The person then registers with the same ID number and
 * sees the dossier in "my dossiers".
 */
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser } from 'playwright-core';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDF, startTestApp, type TestApp } from '../helpers.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const PHONE = { width: 360, height: 740 };
const QR = '079185003344|025888777|Lý Thị Mai|02031985|Nữ|7 Đồng Khởi, Phường Sài Gòn, Thành phố Hồ Chí Minh|01072022';

describe('walk-in reception in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  const errors: string[] = [];
  const scan = join(tmpdir(), 'giay-de-nghi-quet.pdf');

  beforeAll(async () => {
    t = await startTestApp('pglite');
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
    writeFileSync(scan, PDF);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function open(username: string) {
    const ctx = await browser.newContext({ viewport: PHONE, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    await ctx.addCookies([{ name: 'motcua_session', value: await t.token(username), url: base }]);
    const page = await ctx.newPage();
    page.on('console', (m) => m.type() === 'error' && !/status of 4(01|22) /.test(m.text()) && errors.push(`${page.url()}: ${m.text()}`));
    page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
    return { ctx, page };
  }

  it('from the CCCD scan to the printed receipt, then the citizen sees it in their account', async () => {
    const { ctx, page } = await open('reception');
    await page.goto(`${base}/mot-cua`);
    await page.getByRole('link', { name: 'Tiếp nhận trực tiếp' }).click();
    await page.getByRole('heading', { level: 1, name: 'Tiếp nhận trực tiếp' }).waitFor();
    await page.getByLabel('Thủ tục').selectOption('2.000720.H29');

    // A handheld scanner types the QR text into the field and presses Enter.
    await page.getByLabel('Nội dung mã QR').fill(QR);
    await page.getByLabel('Nội dung mã QR').press('Enter');
    await expect.poll(() => page.getByLabel('Họ và tên').inputValue()).toBe('Lý Thị Mai');
    expect(await page.getByLabel('Số định danh cá nhân').inputValue()).toBe('079185003344');
    expect(await page.getByLabel('Ngày sinh').inputValue()).toBe('1985-03-02');
    await page.getByLabel('Số điện thoại').fill('0934567890');

    await page.getByLabel('Giấy đề nghị đăng ký hộ kinh doanh').setInputFiles(scan);
    await page.locator('.files li', { hasText: 'giay-de-nghi-quet.pdf' }).waitFor();
    await page.getByTestId('paper-giay-to-tuy-than').check();
    await page.getByLabel('Tên hộ kinh doanh').fill('Hộ kinh doanh Hoa Mai');
    await page.getByLabel('Địa chỉ địa điểm kinh doanh').fill('7 Đồng Khởi, Phường Sài Gòn');
    await page.getByLabel('Ngành, nghề kinh doanh').fill('Bán lẻ hoa tươi');
    await page.getByLabel('Vốn kinh doanh (đồng)').fill('20000000');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
    await page.getByRole('button', { name: 'Ghi nhận hồ sơ' }).click();

    // The officer lands on the dossier, accepts it at once and prints the receipt.
    await page.waitForURL(/\/mot-cua\/ho-so\//);
    const code = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    const stored = await t.handle.db.selectFrom('dossiers').select(['channel', 'status']).where('code', '=', code).executeTakeFirstOrThrow();
    expect(stored).toEqual({ channel: 'counter', status: 'submitted' });
    await page.getByText('Bản giấy lưu tại bộ phận một cửa').waitFor();
    for (const name of ['Tiếp nhận', 'Từ chối', 'Yêu cầu bổ sung']) await page.getByRole('button', { name, exact: true }).waitFor();
    await page.getByRole('button', { name: 'Tiếp nhận', exact: true }).click();
    await page.getByRole('button', { name: 'Xác nhận: Tiếp nhận' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Đã thực hiện' }).count()).toBe(1);
    await page.getByRole('link', { name: 'In giấy tiếp nhận' }).click();
    await page.getByRole('heading', { name: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả' }).waitFor();
    expect(await page.locator('body').textContent()).toContain(code);
    await ctx.close();

    // The person registers with the same ID number and sees the dossier in "my dossiers".
    const reg = await t.call('POST', '/api/auth/register', { body: { username: 'ly.mai', password: 'Sông-Sài-Gòn-2026', fullName: 'Lý Thị Mai', idNumber: '079185003344' } });
    expect(reg.status).toBe(201);
    const citizen = await browser.newContext({ viewport: PHONE, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    await citizen.addCookies([{ name: 'motcua_session', value: reg.body.token, url: base }]);
    const mine = await citizen.newPage();
    await mine.goto(`${base}/ca-nhan`);
    await mine.getByText(code).first().waitFor();
    await citizen.close();
    expect(errors).toEqual([]);
  }, 120_000);
});
