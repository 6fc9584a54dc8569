/**
 * Accounts in real Chromium: reception creates a password reset link for a person at the counter, the
 * person opens it and sets a new password, signs in, and on "Tài khoản" sees their sessions, signs one
 * out and changes the password. Axe on both new pages; no console errors beyond the 4xx provoked.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserHarness, type BrowserHarness } from './harness.ts';


describe('accounts in Chromium', () => {
  let h: BrowserHarness;
  let t: BrowserHarness['t'];
  let base: string;
  let errors: string[];
  beforeAll(async () => {
    h = await startBrowserHarness();
    ({ t, base, errors } = h);
  });
  afterAll(async () => h?.close());
  const open = (username: string | null) => h.open(username, /status of 4(01|22) /);
  const axe = (page: Page, name: string) => h.axe(page, name);

  it('reset link from the desk, new password, sessions list with sign-out, password change', async () => {
    const reg = await t.call('POST', '/api/auth/register', { body: { username: 'tran.binh', password: 'Sông-Sài-Gòn-2026', fullName: 'Trần Thị Bình', idNumber: '079199004321' } });
    expect(reg.status).toBe(201);

    // Reception finds the account by ID number and creates the link.
    const desk = await open('reception');
    await desk.page.goto(`${base}/mot-cua`);
    await desk.page.getByRole('link', { name: 'Hỗ trợ tài khoản công dân' }).click();
    await desk.page.getByLabel('Tên đăng nhập hoặc số định danh').fill('079199004321');
    await desk.page.getByRole('button', { name: 'Tìm tài khoản' }).click();
    await desk.page.getByRole('button', { name: 'Tạo liên kết đặt lại mật khẩu' }).click();
    const link = (await desk.page.locator('#reset-link').textContent())!;
    expect(link).toContain('/dat-lai-mat-khau?token=');
    await axe(desk.page, 'desk accounts');
    await desk.ctx.close();

    // The person opens it (here on this server) and sets a new password; a common one is refused.
    const person = await open(null);
    await person.page.goto(`${base}${new URL(link).pathname}${new URL(link).search}`);
    await person.page.getByLabel('Mật khẩu mới').fill('password1234');
    await person.page.getByRole('button', { name: 'Đặt mật khẩu mới' }).click();
    await expect.poll(() => person.page.getByText('quá phổ biến').count()).toBeGreaterThan(0);
    await axe(person.page, 'reset page');
    await person.page.getByLabel('Mật khẩu mới').fill('Chợ-Bến-Thành-1914');
    await person.page.getByRole('button', { name: 'Đặt mật khẩu mới' }).click();
    await expect.poll(() => person.page.getByText('Đã đặt mật khẩu mới').count()).toBe(1);

    // Signs in; another session exists elsewhere.
    const elsewhere = (await t.call('POST', '/api/auth/login', { body: { username: 'tran.binh', password: 'Chợ-Bến-Thành-1914' }, headers: { 'user-agent': 'Điện thoại cũ' } })).body.token as string;
    await person.page.goto(`${base}/dang-nhap`);
    await person.page.locator('#username').fill('tran.binh');
    await person.page.locator('#password').fill('Chợ-Bến-Thành-1914');
    await person.page.getByRole('button', { name: 'Đăng nhập' }).click();
    await person.page.waitForURL(`${base}/ca-nhan`);
    await person.page.getByRole('link', { name: 'Trần Thị Bình' }).click();
    await expect.poll(() => person.page.locator('#sessions tbody tr').count()).toBe(2);
    await axe(person.page, 'account page');
    // On a 360 px phone the page does not scroll sideways (the sessions become one block each).
    await person.page.setViewportSize({ width: 360, height: 740 });
    expect(await person.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await person.page.locator('#sessions tbody tr', { hasText: 'Điện thoại cũ' }).getByRole('button', { name: 'Đăng xuất' }).click();
    await expect.poll(() => person.page.locator('#sessions tbody tr').count()).toBe(1);
    expect((await t.call('GET', '/api/auth/me', { headers: { authorization: `Bearer ${elsewhere}` } })).status).toBe(401);

    await person.page.getByLabel('Mật khẩu hiện tại').fill('Chợ-Bến-Thành-1914');
    await person.page.getByLabel('Mật khẩu mới').fill('Hồ-Con-Rùa-1975');
    await person.page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
    await expect.poll(() => person.page.getByText('Đã đổi mật khẩu').count()).toBe(1);
    await person.ctx.close();
    expect((await t.call('POST', '/api/auth/login', { body: { username: 'tran.binh', password: 'Hồ-Con-Rùa-1975' } })).status).toBe(200);
    expect(errors).toEqual([]);
  });
});
