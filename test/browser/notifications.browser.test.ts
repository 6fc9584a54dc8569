/**
 * Notifications in Chromium (issue 17): a dossier accepted → the citizen's bell shows one unread, the
 * notifications page lists it in Vietnamese and marks it read (the count goes); the officer sees the
 * messages sent on the desk dossier; the administrator previews a template and a bad variable is shown
 * next to its field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { householdBusinessRequest, PDF } from '../helpers.ts';
import { runOutboxOnce } from '../../src/platform/outbox/index.ts';
import { startBrowserHarness, type BrowserHarness } from './harness.ts';
import { startNotificationSandboxes, type Sandboxes } from '../notification-sandboxes.ts';

describe('notifications in Chromium', () => {
  let h: BrowserHarness;
  let sandboxes: Sandboxes;
  beforeAll(async () => {
    sandboxes = await startNotificationSandboxes();
    h = await startBrowserHarness(undefined, sandboxes.config);
  });
  afterAll(async () => {
    await h?.close();
    await sandboxes?.close();
  });

  it('bell, notifications page, desk panel, template preview', { timeout: 240_000 }, async () => {
    const { t } = h;
    const uploadId = await t.upload('citizen', PDF);
    const created = await t.call('POST', '/api/dossiers', { as: 'citizen', body: householdBusinessRequest(uploadId) });
    const code = created.body.code as string;
    expect((await t.call('POST', `/api/dossiers/${code}/actions/accept`, { as: 'reception', body: {} })).status).toBe(200);
    await runOutboxOnce(t.ctx);

    // The page is served at its own address too (the server knows the app's paths).
    expect((await t.call('GET', '/thong-bao')).status).toBe(200);
    const citizen = await h.open('citizen');
    await citizen.page.goto(`${h.base}/ca-nhan`);
    await citizen.page.getByRole('link', { name: 'Thông báo: 1 chưa đọc' }).click();
    await citizen.page.getByRole('heading', { level: 1, name: 'Thông báo của tôi' }).waitFor();
    await citizen.page.getByText(`Hồ sơ ${code} đã được tiếp nhận`).waitFor();
    await h.axe(citizen.page, '/thong-bao');
    await citizen.page.getByRole('button', { name: 'Đánh dấu đã đọc' }).click();
    await citizen.page.getByRole('link', { name: 'Thông báo', exact: true }).waitFor();

    const officer = await h.open('reception');
    await officer.page.goto(`${h.base}/mot-cua/ho-so/${code}`);
    await officer.page.getByRole('heading', { name: 'Thông báo đã gửi' }).waitFor();
    expect(await officer.page.getByRole('cell', { name: /^Đã gửi$/ }).count()).toBeGreaterThanOrEqual(2);

    const admin = await h.open('admin');
    await admin.page.goto(`${h.base}/quan-tri/mau-thong-bao`);
    await admin.page.getByRole('heading', { level: 1, name: 'Mẫu thông báo' }).waitFor();
    await admin.page.getByRole('button', { name: 'Xem trước' }).click();
    await admin.page.getByText('Hồ sơ H29.10.001-261123-0001-0001 đã được tiếp nhận').first().waitFor();
    await admin.page.getByLabel('Nội dung', { exact: true }).fill('Kính gửi {{hoTen}}');
    await admin.page.getByRole('button', { name: 'Lưu phiên bản mới' }).click();
    await admin.page.getByText('Biến không có trong sự kiện này: {{hoTen}}', { exact: false }).first().waitFor();
    expect(h.errors.filter((e) => !/422/.test(e))).toEqual([]);
  });
});
