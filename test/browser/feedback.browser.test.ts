/**
 * Feedback (PAKN, issue 15) in real Chromium: a person without an account sends feedback from a 360 px
 * phone with a one-time code (sent by SMS through the notifications channel and read from the sandbox
 * SMS provider, test/notification-sandboxes.ts) and is shown the secret link; the specialist takes it and answers at the desk; the leader
 * approves and publishes; the answer is found on "Hỏi đáp" by a search typed without accents, the
 * sender's phone and name masked; the sender opens the secret link and rates the answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { runOutboxOnce } from '../../src/platform/outbox/index.ts';
import { startBrowserHarness, type BrowserHarness } from './harness.ts';
import { startNotificationSandboxes, type Sandboxes } from '../notification-sandboxes.ts';

const PHONE = { width: 360, height: 740 };

describe('feedback in Chromium', () => {
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

  const fitsPhone = async (page: Page, name: string) => expect(await page.evaluate(() => document.documentElement.scrollWidth), name).toBeLessThanOrEqual(PHONE.width);

  /** At the desk: choose the action, fill its text if any, confirm; the page says it was done. */
  async function act(page: Page, action: string, text?: [string, string]) {
    await page.getByRole('button', { name: action, exact: true }).click();
    if (text) await page.getByLabel(text[0]).fill(text[1]);
    await page.getByRole('button', { name: `Xác nhận: ${action}` }).click();
    await page.getByText(`Đã thực hiện: ${action}.`).waitFor();
  }

  it('anonymous with a one-time code → answered → approved → published → found without accents → rated', async () => {
    const { t } = h;
    // 1. The sender, on a phone, without an account.
    const sender = await h.open(null);
    await sender.page.setViewportSize(PHONE);
    await sender.page.goto(`${h.base}/`);
    await sender.page.getByRole('link', { name: 'Phản ánh, kiến nghị' }).first().click();
    await sender.page.getByRole('heading', { level: 1, name: 'Gửi phản ánh, kiến nghị' }).waitFor();
    await sender.page.getByLabel('Cơ quan nhận phản ánh').selectOption('phuong-sai-gon');
    await sender.page.getByLabel('Tiêu đề').fill('Thái độ tiếp dân ở bộ phận một cửa');
    await sender.page.getByLabel('Nội dung phản ánh, kiến nghị').fill('Tôi là Hoàng Văn Nam, điện thoại 0977 000 111. Cán bộ hướng dẫn chưa rõ ràng về lệ phí.');
    await sender.page.getByLabel('Họ và tên').fill('Hoàng Văn Nam');
    await sender.page.getByLabel('Số điện thoại hoặc thư điện tử nhận mã').fill('0977000111');
    await sender.page.getByRole('button', { name: 'Gửi mã xác thực' }).click();
    await sender.page.getByText('Đã gửi mã đến').waitFor();
    await runOutboxOnce(t.ctx);
    const message = sandboxes.sms.messages.filter((m) => m.phone === '0977000111').at(-1)!;
    await sender.page.getByLabel('Mã xác thực (6 chữ số)').fill(/(\d{6})/.exec(message.content)![1]!);
    await fitsPhone(sender.page, '/phan-anh');
    await h.axe(sender.page, '/phan-anh');
    await sender.page.getByRole('button', { name: 'Gửi phản ánh' }).click();
    await sender.page.getByText('Hãy lưu lại đường liên kết bí mật').waitFor();
    const link = (await sender.page.getByTestId('secret-link').innerText()).trim();
    expect(link).toMatch(/\/phan-anh\/PAKN\.\d{8}\.\d{4}#bi-mat=[A-Za-z0-9_-]{20,}$/);
    const code = /PAKN\.\d{8}\.\d{4}/.exec(link)![0];
    await fitsPhone(sender.page, 'sent');

    // 2. The ward's specialist takes it and answers.
    const officer = await h.open('specialist');
    await officer.page.goto(`${h.base}/mot-cua/phan-anh?trang-thai=waiting`);
    await officer.page.getByRole('link', { name: code }).click();
    await officer.page.getByRole('heading', { level: 1, name: code }).waitFor();
    expect(await officer.page.getByRole('button', { name: 'Duyệt câu trả lời' }).count()).toBe(0); // a leader's action
    await act(officer.page, 'Tiếp nhận xử lý');
    await act(officer.page, 'Trả lời', ['Nội dung trả lời', 'Lệ phí được niêm yết tại quầy số 3; bộ phận một cửa đã nhắc nhở cán bộ.']);
    await officer.page.getByText('Đã có trả lời, chờ lãnh đạo duyệt').first().waitFor();
    await h.axe(officer.page, '/mot-cua/phan-anh/:code');

    // 3. The leader approves and publishes.
    const leader = await h.open('leader');
    await leader.page.goto(`${h.base}/mot-cua/phan-anh/${code}`);
    await act(leader.page, 'Duyệt câu trả lời');
    await act(leader.page, 'Công khai');
    await leader.page.getByText('Đã trả lời, đã công khai').first().waitFor();

    // 4. Anyone finds the answer typing without accents; the sender's name and phone are masked.
    await sender.page.goto(`${h.base}/hoi-dap`);
    await sender.page.getByLabel('Tìm trong câu hỏi và câu trả lời').fill('thai do tiep dan le phi');
    await sender.page.getByRole('button', { name: 'Tìm', exact: true }).click();
    await sender.page.getByText('Tìm thấy 1 câu hỏi').waitFor();
    const qa = await sender.page.locator('.qa-list').innerText();
    expect(qa).toContain('niêm yết tại quầy số 3');
    expect(qa).toContain('Cán bộ hướng dẫn chưa rõ ràng');
    expect(qa).not.toMatch(/0977|Hoàng Văn Nam/);
    await fitsPhone(sender.page, '/hoi-dap');
    await h.axe(sender.page, '/hoi-dap');

    // 5. The sender opens the secret link and rates the answer.
    await sender.page.goto(link);
    await sender.page.getByRole('heading', { level: 1, name: `Phản ánh ${code}` }).waitFor();
    await sender.page.getByText('Lệ phí được niêm yết').first().waitFor();
    await fitsPhone(sender.page, '/phan-anh/:code');
    await h.axe(sender.page, '/phan-anh/:code');
    await sender.page.getByRole('button', { name: 'Hài lòng', exact: true }).click();
    await sender.page.getByText('Đã ghi nhận.').waitFor();
    const row = await t.handle.db.selectFrom('feedback').select(['status', 'rating', 'channel']).where('code', '=', code).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'published', rating: 'satisfied', channel: 'anonymous' });
    await sender.page.getByText('Đánh giá của người gửi').waitFor();

    for (const c of [sender, officer, leader]) await c.ctx.close();
    expect(h.errors).toEqual([]);
  });

  it('at the counter: the reception officer records feedback for the person present, who gets the code and the secret link', async () => {
    const { ctx, page } = await h.open('reception');
    await page.setViewportSize(PHONE);
    await page.goto(`${h.base}/mot-cua/phan-anh`);
    await page.getByRole('link', { name: 'Tiếp nhận tại quầy' }).click();
    await page.getByRole('heading', { level: 1, name: 'Tiếp nhận phản ánh tại quầy' }).waitFor();
    await page.getByLabel('Họ và tên').fill('Lý Thị Mai');
    await page.getByLabel('Số điện thoại').fill('0934567890');
    await page.getByLabel('Tiêu đề').fill('Niêm yết lệ phí chưa rõ');
    await page.getByLabel('Nội dung phản ánh, kiến nghị').fill('Bảng niêm yết lệ phí ở quầy 2 bị che khuất.');
    await fitsPhone(page, '/mot-cua/phan-anh/tiep-nhan');
    await h.axe(page, '/mot-cua/phan-anh/tiep-nhan');
    await page.getByRole('button', { name: 'Gửi phản ánh' }).click();
    await page.getByText(/Đã gửi phản ánh\. Mã phản ánh: PAKN\./).waitFor();
    expect(await page.locator('.secret-link').innerText()).toMatch(/#bi-mat=/);
    const row = await h.t.handle.db.selectFrom('feedback').select(['channel', 'org_id', 'sender_name']).where('subject', '=', 'Niêm yết lệ phí chưa rõ').executeTakeFirstOrThrow();
    expect(row).toEqual({ channel: 'counter', org_id: 'phuong-sai-gon', sender_name: 'Lý Thị Mai' });
    await ctx.close();
    expect(h.errors).toEqual([]);
  });

  it('the leader assigns it by picking an officer of the unit; an administrator reads the list, read-only', async () => {
    const { code } = await h.t.handle.db.selectFrom('feedback').select('code').where('subject', '=', 'Niêm yết lệ phí chưa rõ').executeTakeFirstOrThrow();
    const leader = await h.open('leader');
    await leader.page.goto(`${h.base}/mot-cua/phan-anh/${code}`);
    await leader.page.getByRole('heading', { level: 1, name: code }).waitFor();
    await leader.page.getByRole('button', { name: 'Phân công', exact: true }).click();
    const picker = leader.page.getByLabel('Cán bộ được giao');
    await picker.locator('option', { hasText: 'Phạm Minh Tuấn' }).waitFor({ state: 'attached' });
    expect((await picker.locator('option').allInnerTexts()).join('\n')).not.toContain('Hồ Ngọc Mai'); // another ward's officer
    await picker.selectOption({ label: 'Phạm Minh Tuấn — chuyên viên' });
    await h.axe(leader.page, '/mot-cua/phan-anh/:code (assign)');
    await leader.page.getByRole('button', { name: 'Xác nhận: Phân công' }).click();
    await leader.page.getByText('Đã thực hiện: Phân công.').waitFor();
    const specialist = await h.t.handle.db.selectFrom('users').select('id').where('username', '=', 'specialist').executeTakeFirstOrThrow();
    expect((await h.t.handle.db.selectFrom('feedback').select('assignee_id').where('code', '=', code).executeTakeFirstOrThrow()).assignee_id).toBe(specialist.id);
    await leader.ctx.close();

    const admin = await h.open('admin');
    await admin.page.goto(`${h.base}/mot-cua/phan-anh`);
    await admin.page.getByRole('link', { name: code }).waitFor();
    expect(await admin.page.getByRole('link', { name: 'Tiếp nhận tại quầy' }).count()).toBe(0);
    await admin.page.getByRole('link', { name: code }).click();
    await admin.page.getByRole('heading', { level: 1, name: code }).waitFor();
    await admin.page.getByText('Bạn không có thao tác nào trên phản ánh này lúc này.').waitFor();
    await admin.ctx.close();
    expect(h.errors).toEqual([]);
  });
});
