/**
 * The administrator edits a procedure's description, who may apply and its online form in real
 * Chromium (issue 14, fault 13): a bad field name is refused at that field, the saved changes show on
 * the public procedure page. Axe on the editor; no console errors beyond the refusal provoked.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserHarness, type BrowserHarness } from './harness.ts';

const DESCRIPTION = 'Hộ kinh doanh nộp hồ sơ tại Ủy ban nhân dân phường nơi đặt địa điểm kinh doanh.';

describe('procedure editor in Chromium', () => {
  let h: BrowserHarness;
  let t: BrowserHarness['t'];
  let base: string;
  let errors: string[];
  beforeAll(async () => {
    h = await startBrowserHarness();
    ({ t, base, errors } = h);
  });
  afterAll(async () => h?.close());
  const open = (username: string | null) => h.open(username, /status of 400 /);
  const axe = (page: Page, name: string) => h.axe(page, name);

  it('edits the description, applicant types and a form field; the public page shows them', async () => {
    const admin = await open('admin');
    const page = admin.page;
    await page.goto(`${base}/quan-tri`);
    await page.getByRole('link', { name: 'Thủ tục, quy trình' }).click();
    await page.getByRole('button', { name: 'Sửa Đăng ký thành lập hộ kinh doanh' }).click();
    // The online form's fields are editable: the first one's label changes, a new field is added.
    expect(await page.getByLabel('Tên kỹ thuật 1').inputValue()).toBe('businessName');
    await page.getByLabel('Nhãn hiển thị 1').fill('Tên hộ kinh doanh (viết hoa)');
    await page.getByRole('button', { name: 'Thêm trường' }).click();
    await page.getByLabel('Tên kỹ thuật 6').fill('so dien thoai');
    await page.getByLabel('Nhãn hiển thị 6').fill('Số điện thoại liên hệ');
    await page.getByLabel('Nhãn hiển thị tiếng Anh 6').fill('Contact phone number');
    await page.getByLabel('Kiểu dữ liệu 6').selectOption('text');
    await page.getByLabel('Số ký tự tối đa 6').fill('20');
    await page.getByLabel('Bắt buộc (Trường 6)').check();
    await page.getByLabel('Mô tả (hiển thị trên cổng dịch vụ công)').fill(DESCRIPTION);
    await page.getByLabel('Tổ chức', { exact: true }).check();
    await page.getByRole('button', { name: 'Lưu' }).click();
    // Refused at that field, in Vietnamese.
    const nameInput = page.getByLabel('Tên kỹ thuật 6');
    await expect.poll(() => nameInput.getAttribute('aria-invalid')).toBe('true');
    const errId = (await nameInput.getAttribute('aria-describedby'))!.split(' ').find((id) => id.endsWith('-err'))!;
    expect(await page.locator(`[id="${errId}"]`).textContent()).toContain('bắt đầu bằng chữ cái');
    await axe(page, 'procedure editor with a refused field');
    await nameInput.fill('soDienThoai');
    await page.getByRole('button', { name: 'Lưu' }).click();
    await page.getByText('Đã lưu.').waitFor();
    await axe(page, 'procedure editor');
    await admin.ctx.close();

    const saved = (await t.call('GET', '/api/procedures/2.000720.H29')).body;
    expect(saved.description).toBe(DESCRIPTION);
    expect(saved.applicantTypes).toEqual(['individual', 'organisation']);
    expect(saved.formFields[0]).toMatchObject({ name: 'businessName', label: 'Tên hộ kinh doanh (viết hoa)', maxLength: 200 });
    expect(saved.formFields[5]).toEqual({ name: 'soDienThoai', label: 'Số điện thoại liên hệ', labelEn: 'Contact phone number', type: 'text', required: true, maxLength: 20 });

    // Anyone sees the change on the public procedure page.
    const visitor = await open(null);
    await visitor.page.goto(`${base}/thu-tuc/2.000720.H29`);
    await visitor.page.getByText(DESCRIPTION).waitFor();
    await visitor.page.getByText('Tên hộ kinh doanh (viết hoa) (bắt buộc)').waitFor();
    await visitor.page.getByText('Số điện thoại liên hệ (bắt buộc)').waitFor();
    await visitor.page.getByText('Cá nhân, Tổ chức, doanh nghiệp').waitFor();
    await axe(visitor.page, 'public procedure page');
    await visitor.ctx.close();

    // In English mode the form's fields are listed by their English labels (the demo's, and the one just
    // added); the procedure's name is its legal Vietnamese name (docs/web.md, "Catalogue texts").
    const english = await open(null);
    await english.ctx.addInitScript(() => localStorage.setItem('motcua.lang', 'en'));
    await english.page.goto(`${base}/thu-tuc/2.000720.H29`);
    await english.page.getByText('Contact phone number (required)').waitFor();
    await english.page.getByText('Lines of business (required)').waitFor();
    expect(await english.page.getByText('Ngành, nghề kinh doanh').count()).toBe(0);
    await english.ctx.close();
    expect(errors).toEqual([]);
  });
});
