/**
 * SIPAS surveys in Chromium (issue 15): a manager creates a round on dossiers that got their result,
 * draws the sample with a seed (size and strata shown), downloads the sample as XLSX (read back: the same
 * people and links; the download is audited); the invitation link, sent by SMS through the notifications
 * channel and read from the sandbox SMS provider, is answered on a 360 px phone without sideways scrolling — partly, saved, reopened with
 * the answers back, finished and submitted; once five answers are in (the release batch) the round's page
 * shows the results, figures equal to the API's, and the results table downloads as XLSX.
 */
import ExcelJS from 'exceljs';
import type { Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDF, makePdf } from '../helpers.ts';
import { runOutboxOnce } from '../../src/platform/outbox/index.ts';
import { startBrowserHarness, type BrowserHarness } from './harness.ts';
import { startNotificationSandboxes, type Sandboxes } from '../notification-sandboxes.ts';

const FACTORS = ['access', 'procedure', 'servant', 'result', 'feedback'];
const KINDS = ['perception', 'satisfaction', 'expectation'];
const person = (i: number) => ({
  type: 'individual',
  fullName: `Lê Văn Khảo Sát ${i}`,
  idNumber: `07918800088${i}`,
  birthDate: '1988-02-03',
  address: `${i} Pasteur, Phường Sài Gòn, TP. Hồ Chí Minh`,
  phone: `091234567${i}`,
});
/** "80 %", "71,4 %": the page's rate format (one decimal, Vietnamese comma). */
const rate = (v: number) => `${String(Math.round(v * 1000) / 10).replace('.', ',')} %`;

async function download(page: Page, click: () => Promise<void>): Promise<Download> {
  const [d] = await Promise.all([page.waitForEvent('download'), click()]);
  return d;
}
async function sheet(d: Download): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile((await d.path())!);
  return wb.worksheets[0]!;
}

describe('SIPAS surveys in Chromium', () => {
  let h: BrowserHarness;
  let sandboxes: Sandboxes;

  beforeAll(async () => {
    sandboxes = await startNotificationSandboxes();
    h = await startBrowserHarness('2027-03-01T08:00:00+07:00', sandboxes.config);
    const t = h.t;
    const act = async (as: string, code: string, action: string, body: unknown = {}) => {
      const r = await t.call('POST', `/api/dossiers/${code}/actions/${action}`, { as, body });
      expect(r.status, `${action}: ${JSON.stringify(r.body)}`).toBe(200);
    };
    // Six people get a result at Phường Sài Gòn in March 2027.
    for (const i of [1, 2, 3, 4, 5, 6]) {
      const res = await t.call('POST', '/api/dossiers', {
        as: 'reception',
        body: { procedureCode: '2.000720.H29', channel: 'counter', applicant: person(i), form: { businessName: `Hộ kinh doanh ${i}`, businessAddress: '48 Pasteur, Phường Sài Gòn', businessLines: 'Bán lẻ', capitalVnd: 30_000_000 }, attachments: [{ componentCode: 'giay-de-nghi', uploadId: await t.upload('reception', PDF) }] },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      const code = res.body.code as string;
      await act('reception', code, 'accept');
      await act('leader', code, 'hand_over', { toStep: 2 });
      await act('leader', code, 'complete', { resultUploadId: await t.upload('leader', await makePdf()) });
    }
    t.clock.set('2027-04-02T09:00:00+07:00');
  });
  afterAll(async () => {
    await h?.close();
    await sandboxes?.close();
  });

  it('creates and samples a round, the link is answered on a phone, and the results equal the API’s', async () => {
    const t = h.t;
    const { ctx, page } = await h.open('manager');
    // From the dashboard's link to the surveys pages.
    await page.goto(`${h.base}/quan-ly`);
    await page.getByRole('link', { name: 'Khảo sát sự hài lòng' }).click();
    await page.getByRole('heading', { level: 1, name: 'Khảo sát sự hài lòng (SIPAS)' }).waitFor();
    await h.axe(page, 'surveys');

    await page.getByLabel('Tên đợt').fill('Quý I/2027 — Phường Sài Gòn');
    await page.getByLabel('Đơn vị (gồm các đơn vị trực thuộc)').selectOption('phuong-sai-gon');
    await page.getByLabel('Hồ sơ có kết quả từ ngày').fill('2027-03-01');
    await page.getByLabel('Đến ngày').fill('2027-03-31');
    await page.getByRole('button', { name: 'Tạo đợt' }).click();
    await page.getByRole('heading', { level: 1, name: 'Quý I/2027 — Phường Sài Gòn' }).waitFor();
    const roundId = decodeURIComponent(page.url().split('/dot/')[1]!);

    await page.getByLabel('Hạt giống (để trống: tạo ngẫu nhiên)').fill('quy-1-2027');
    await page.getByRole('button', { name: 'Chọn mẫu và gửi lời mời' }).click();
    await page.getByText('Đã chọn 6 người và gửi lời mời.').waitFor();
    // n = 6 / (1 + 6 × 0.0025) = 5.91 → 6 of a frame of 6, in one stratum.
    expect(await page.locator('[data-figure="frame"]').textContent()).toBe('6');
    expect(await page.locator('[data-figure="sample"]').textContent()).toBe('6');
    expect(await page.locator('caption', { hasText: 'Các tầng' }).locator('xpath=..').locator('tbody tr').count()).toBe(1);
    await h.axe(page, 'survey round');

    // The sample as XLSX: six people with their links; the download is in the audit log.
    const ws = await sheet(await download(page, () => page.getByRole('link', { name: 'XLSX' }).click()));
    expect(ws.rowCount).toBe(7);
    const links = Array.from({ length: 6 }, (_, i) => String(ws.getRow(i + 2).getCell(9).value));
    const audit = await t.handle.db.selectFrom('audit_log').select('details').where('action', '=', 'survey.sample_export').execute();
    expect(audit.map((a) => a.details)).toEqual([{ rows: 6, format: 'xlsx' }]);

    // The invitations as the sandbox SMS provider received them: the same links (the outbox drained:
    // the dossiers' own notices are in it too).
    while ((await runOutboxOnce(t.ctx)).claimed > 0);
    const sent = sandboxes.sms.messages.map((s) => /https?:\/\/\S+\/khao-sat\/[A-Za-z0-9_-]{43}/.exec(s.content)?.[0] ?? '').filter((l) => links.includes(l));
    expect(sent.sort()).toEqual([...links].sort());
    const path = (link: string) => `/khao-sat/${link.split('/khao-sat/')[1]}`;

    // On a phone, without signing in: part of the answers, saved; reopened, finished, submitted.
    const phone = await h.browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    const p = await phone.newPage();
    p.on('pageerror', (e) => h.errors.push(`${p.url()}: ${e.message}`));
    await p.goto(`${h.base}${path(sent[0]!)}`);
    await p.locator('input[name="access_satisfaction"]').first().waitFor();
    expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    for (const k of KINDS) await p.locator(`input[name="access_${k}"][value="${k === 'expectation' ? 4 : k === 'perception' ? 3 : 5}"]`).check();
    await p.getByRole('button', { name: 'Lưu để trả lời tiếp sau' }).click();
    await p.getByText('Đã lưu.', { exact: false }).waitFor();
    await p.reload();
    await p.locator('input[name="access_satisfaction"]').first().waitFor();
    expect(await p.locator('input[name="access_satisfaction"][value="5"]').isChecked()).toBe(true);
    expect(await p.locator('input[name="procedure_satisfaction"]:checked').count()).toBe(0);
    for (const f of FACTORS.slice(1)) for (const k of KINDS) await p.locator(`input[name="${f}_${k}"][value="${k === 'expectation' ? 4 : k === 'perception' ? 3 : f === 'procedure' ? 2 : 5}"]`).check();
    expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await p.getByRole('button', { name: 'Gửi phiếu' }).click();
    await p.getByText('Cảm ơn Ông/Bà đã trả lời.', { exact: false }).waitFor();
    await h.axe(p, 'survey answered');
    await phone.close();

    // One answer is held, not shown: the results wait for a batch of five.
    let api = (await t.call('GET', `/api/surveys/rounds/${roundId}/results`, { as: 'manager' })).body;
    expect(api).toMatchObject({ responses: 0, held: 1 });
    await page.reload();
    await page.getByText('Đang giữ 1 phiếu', { exact: false }).waitFor();
    // Four more people answer (through the API): five in all, released together.
    for (const [i, sat] of [4, 3, 4, 5].entries()) {
      const answers: Record<string, number> = {};
      for (const f of FACTORS) for (const k of KINDS) answers[`${f}_${k}`] = k === 'satisfaction' ? sat : k === 'perception' ? 3 : 4;
      expect((await t.call('POST', `/api/public/surveys/${sent[i + 1]!.split('/khao-sat/')[1]}`, { body: { answers } })).status).toBe(200);
    }
    api = (await t.call('GET', `/api/surveys/rounds/${roundId}/results`, { as: 'manager' })).body;
    expect(api).toMatchObject({ invited: 6, responses: 5, held: 0 });
    await page.reload();
    await page.locator('[data-figure="index"]').waitFor();
    expect(await page.locator('[data-figure="index"]').textContent()).toBe(rate(api.index));
    expect(await page.locator('[data-figure="responses"]').textContent()).toBe('5');
    expect(await page.locator('[data-figure="responseRate"]').textContent()).toBe(rate(api.responseRate));
    const factorRows = page.locator('[data-table="yeu-to"] tbody tr');
    expect(await factorRows.count()).toBe(5);
    for (const [i, f] of (api.factors as Array<{ share: number; ci95: { low: number; high: number } }>).entries()) {
      const cells = await factorRows.nth(i).locator('td').allTextContents();
      expect(cells.slice(3, 6)).toEqual([rate(f.share), rate(f.ci95.low), rate(f.ci95.high)]);
    }
    // The factor table as XLSX: rates as numbers, equal to the API's.
    const rs = await sheet(await download(page, () => page.locator('[data-table="yeu-to"]').getByRole('button', { name: /XLSX/ }).click()));
    expect(rs.rowCount).toBe(6);
    expect(api.factors.map((_: unknown, i: number) => rs.getRow(i + 2).getCell(4).value)).toEqual(api.factors.map((f: { share: number }) => f.share));
    await h.axe(page, 'survey results');

    // Closing the round stops the links.
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Đóng đợt' }).click();
    await page.getByText('Đã đóng').waitFor();
    expect((await t.call('GET', `/api/public/surveys/${sent[5]!.split('/khao-sat/')[1]}`)).status).toBe(410);
    await ctx.close();
    expect(h.errors).toEqual([]);
  });
});
