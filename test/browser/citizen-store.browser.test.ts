/**
 * The citizen's data store in real Chromium (issue 18): the citizen's page /kho-du-lieu lists a saved
 * component; on the application form "Dùng lại từ kho dữ liệu" attaches it without an upload; the dossier
 * records the reuse and the desk's view says so. Axe on the store page and on the form with the list open.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserHarness, type BrowserHarness } from './harness.ts';
import { PDF, householdBusinessRequest } from '../helpers.ts';
import { runOutboxOnce } from '../../src/platform/outbox/index.ts';

describe('reusing a document of the data store in Chromium', () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await startBrowserHarness();
    // A dossier accepted earlier: its component was saved to the citizen's store.
    const t = h.t;
    const uploadId = await t.upload('citizen', PDF, 'giay-de-nghi-cu.pdf');
    const d = (await t.call('POST', '/api/dossiers', { as: 'citizen', body: householdBusinessRequest(uploadId) })).body as { code: string };
    expect((await t.call('POST', `/api/dossiers/${d.code}/actions/accept`, { as: 'reception', body: {} })).status).toBe(200);
    await runOutboxOnce(t.ctx, { now: t.clock.now });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('lists the stored document, attaches it on the form without an upload, and the desk sees the reuse', async () => {
    const { ctx, page } = await h.open('citizen');
    await page.goto(`${h.base}/kho-du-lieu`);
    await page.getByRole('heading', { level: 1, name: 'Kho dữ liệu của tôi' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Giấy đề nghị đăng ký hộ kinh doanh' }).waitFor();
    await page.getByRole('link', { name: /Tải về/ }).waitFor();
    await h.axe(page, 'the data store page');

    await page.goto(`${h.base}/nop-ho-so/2.000720.H29`);
    await page.getByRole('button', { name: 'Điền từ tài khoản của tôi' }).click();
    await expect.poll(() => page.getByLabel('Họ và tên').inputValue()).toBe('Nguyễn Văn An');
    await page.getByRole('button', { name: 'Tiếp tục' }).click();
    const where = page.getByLabel('Nơi nộp hồ sơ');
    if (await where.count()) await where.selectOption('phuong-sai-gon');
    await page.getByLabel('Tên hộ kinh doanh').fill('Hộ kinh doanh Phở Bà Sáu');
    await page.getByLabel('Địa chỉ địa điểm kinh doanh').fill('34 Lê Lợi, Phường Sài Gòn');
    await page.getByLabel('Ngành, nghề kinh doanh').fill('Dịch vụ ăn uống');
    await page.getByLabel('Vốn kinh doanh (đồng)').fill('50000000');
    await page.getByRole('button', { name: 'Tiếp tục' }).click();

    const uploadsBefore = await h.t.count('uploads');
    await page.getByRole('button', { name: 'Dùng lại từ kho dữ liệu Giấy đề nghị đăng ký hộ kinh doanh' }).click();
    await page.getByText('Phù hợp thành phần này').first().waitFor();
    await h.axe(page, 'the application form with the data store list');
    await page.getByRole('button', { name: /^Chọn/ }).first().click();
    await page.locator('.files li', { hasText: 'giay-de-nghi-cu.pdf' }).waitFor();
    await page.getByRole('button', { name: 'Tiếp tục' }).click();
    await page.getByText('dùng lại từ kho dữ liệu').waitFor();
    await page.getByRole('button', { name: 'Nộp hồ sơ' }).click();
    await page.getByRole('heading', { name: 'Đã nộp hồ sơ thành công' }).waitFor();
    const code = (await page.getByTestId('dossier-code').textContent())!.trim();
    expect(await h.t.count('uploads')).toBe(uploadsBefore);
    const reuses = await h.t.handle.db.selectFrom('citizen_document_reuses').innerJoin('dossiers', 'dossiers.id', 'citizen_document_reuses.dossier_id').select(['dossiers.code', 'citizen_document_reuses.component_code']).execute();
    expect(reuses).toEqual([{ code, component_code: 'giay-de-nghi' }]);
    await ctx.close();

    const desk = await h.open('reception');
    await desk.page.goto(`${h.base}/mot-cua/ho-so/${encodeURIComponent(code)}`);
    await desk.page.getByText('Dùng lại từ kho dữ liệu của người nộp').waitFor();
    await desk.ctx.close();
    expect(h.errors).toEqual([]);
  });
});
