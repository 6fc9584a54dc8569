/**
 * The managers' dashboard in the web app (/quan-ly, issue 14) in real Chromium, as `manager` (the city):
 * the site's header, the period defaulting to this month, received apart from refused at intake (with the
 * reason), a chart drawn, drill-down city → ward → procedure → dossiers, the late list, the 766 index, and
 * the XLSX and CSV downloads read back in node (exceljs): Vietnamese headers, numbers as numbers, dates as
 * dates, figures equal to the API's; English headers in English mode. Also the transparency page, which
 * stays server-drawn (no JavaScript app needed). Screenshots go to test-output/screenshots/.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDF, householdBusinessRequest, makePdf } from '../helpers.ts';
import { startBrowserHarness, type BrowserHarness } from './harness.ts';

const SHOTS = 'test-output/screenshots';
const WARD = 'Ủy ban nhân dân Phường Sài Gòn';
const PROCEDURE = 'Đăng ký thành lập hộ kinh doanh';
const REASON = 'Không thuộc thẩm quyền giải quyết của phường';

async function download(page: Page, button: string): Promise<Download> {
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button, exact: true }).click()]);
  return d;
}

async function sheet(d: Download): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile((await d.path())!);
  return wb.worksheets[0]!;
}

const headers = (ws: ExcelJS.Worksheet) => (ws.getRow(1).values as unknown[]).slice(1);

/** A Date cell holds Vietnam's wall clock in its UTC fields: dd/mm/yyyy of it. */
const cellDay = (v: unknown) => {
  expect(v).toBeInstanceOf(Date);
  const d = v as Date;
  return `${String(d.getUTCDate()).padStart(2, '0')}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${d.getUTCFullYear()}`;
};
const vnDay = (iso: string) => new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric' }).format(new Date(iso));

describe('the managers’ dashboard in Chromium', () => {
  let h: BrowserHarness;
  let late: string;
  const now = new Date();
  const month = new Date(now.getTime() + 7 * 3600_000).toISOString().slice(0, 7);

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    // The page reads this month from the browser's clock: the server's must agree.
    h = await startBrowserHarness(now.toISOString());
    const t = h.t;
    const act = async (as: string, code: string, action: string, body: unknown = {}) => {
      const r = await t.call('POST', `/api/dossiers/${code}/actions/${action}`, { as, body });
      expect(r.status, `${action}: ${JSON.stringify(r.body)}`).toBe(200);
    };
    const submit = async () => (await t.call('POST', '/api/dossiers', { as: 'citizen', body: householdBusinessRequest(await t.upload('citizen', PDF)) })).body.code as string;
    // Accepted forty days ago and never finished: overdue now, received in an earlier month.
    t.clock.set(new Date(now.getTime() - 40 * 86400_000).toISOString());
    late = await submit();
    await act('reception', late, 'accept');
    t.clock.set(now.toISOString());
    for (let i = 0; i < 4; i++) {
      const code = await submit();
      await act('reception', code, 'accept');
      if (i < 2) {
        await act('leader', code, 'hand_over', { toStep: 2 });
        await act('leader', code, 'complete', { resultUploadId: await t.upload('leader', await makePdf()) });
      }
    }
    await act('reception', await submit(), 'reject', { reason: REASON });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('shows this month’s figures under the site’s header, drills down to a procedure’s dossiers and exports them', async () => {
    const t = h.t;
    const { ctx, page } = await h.open('manager');
    await page.goto(`${h.base}/quan-ly`);
    await page.getByRole('heading', { level: 1, name: 'Theo dõi giải quyết hồ sơ' }).waitFor();
    // The app's header, with the dashboard as the current page.
    await expect.poll(() => page.locator('header.top nav a[aria-current="page"]').textContent()).toBe('Theo dõi, đánh giá');
    expect(await page.getByLabel('Tháng', { exact: true }).inputValue()).toBe(month);

    const api = (await t.call('GET', `/api/stats/kpis`, { as: 'manager' })).body;
    await expect.poll(() => page.locator('[data-kpi="received"]').textContent()).toBe('4');
    expect(api.total.received).toBe(4);
    expect(await page.locator('[data-kpi="refused"]').textContent()).toBe('1');
    expect(await page.locator('[data-table="ly-do-tu-choi"] tbody').textContent()).toContain(REASON);
    // ECharts drew the trend in SVG: bars for the months with dossiers.
    await expect.poll(() => page.locator('#chart-trend svg path').count()).toBeGreaterThan(3);
    expect(await page.locator('#chart-channels svg').count()).toBe(1);
    // The dossier accepted forty days ago is in the late list.
    await expect.poll(() => page.locator('[data-table="qua-han"] tbody').textContent()).toContain(late);
    await page.locator('#h-index766').waitFor();
    const index = (await t.call('GET', '/api/stats/index766', { as: 'manager' })).body;
    const points = (n: number) => String(n).replace('.', ',');
    expect(await page.locator('[data-kpi="index766-points"]').textContent()).toBe(
      `${points(index.measuredPoints)} điểm đo được từ dữ liệu · ${points(index.notApplicablePoints)} điểm không áp dụng (tính đủ) · ${points(index.noDataPoints)} điểm chưa có nguồn số liệu (tính 0)`,
    );
    await page.screenshot({ path: `${SHOTS}/dashboard-city.png`, fullPage: true });

    // Drill down: city → ward → procedure → its dossiers.
    await page.locator('[data-table="don-vi"]').getByRole('button', { name: WARD }).click();
    await expect.poll(() => page.locator('.crumbs li').count()).toBe(2);
    await page.locator('[data-table="thu-tuc"]').getByRole('button', { name: PROCEDURE }).click();
    const list = (await t.call('GET', '/api/dossiers?org=phuong-sai-gon&procedure=2.000720.H29&limit=200', { as: 'manager' })).body;
    expect(list.total).toBe(6);
    await expect.poll(() => page.locator('[data-table="ho-so-2.000720.H29"] tbody tr').count()).toBe(6);
    await page.screenshot({ path: `${SHOTS}/dashboard-ward.png`, fullPage: true });

    // XLSX of the procedures table: Vietnamese headers, numbers as numbers, the rate with a percent format.
    const ward = (await t.call('GET', `/api/stats/kpis?org=phuong-sai-gon&groupBy=procedure`, { as: 'manager' })).body;
    const g = ward.groups.find((x: { key: string }) => x.key === '2.000720.H29');
    let d = await download(page, 'Tải XLSX — Theo thủ tục');
    expect(d.suggestedFilename()).toBe(`motcua-phuong-sai-gon-${month}-thu-tuc.xlsx`);
    let ws = await sheet(d);
    expect(headers(ws)).toEqual(['Thủ tục', 'Tiếp nhận', 'Từ chối tiếp nhận', 'Đã giải quyết', 'Đúng hạn', 'Trễ hạn', 'Giờ xử lý trung bình']);
    const row = ws.getRow(2);
    expect(row.getCell(1).value).toBe(PROCEDURE);
    expect(row.getCell(2).value).toBe(g.received);
    expect(row.getCell(3).value).toBe(g.refusedAtIntake);
    expect(row.getCell(4).value).toBe(g.finished);
    expect(row.getCell(5).value).toBe(g.onTimeRate);
    expect(typeof row.getCell(5).value).toBe('number');
    expect(row.getCell(5).numFmt).toBe('0.0%');

    // XLSX of the dossier list: dates are date cells (dd/mm/yyyy) holding the API's day in Vietnam.
    d = await download(page, `Tải XLSX — Hồ sơ của thủ tục: ${PROCEDURE}`);
    ws = await sheet(d);
    expect(headers(ws)).toEqual(['Mã hồ sơ', 'Thủ tục', 'Người nộp', 'Trạng thái', 'Ngày nộp', 'Hạn xử lý', 'Ngày giải quyết']);
    expect(ws.rowCount).toBe(1 + list.items.length);
    for (const [i, item] of (list.items as Array<{ code: string; submittedAt: string; dueAt: string | null }>).entries()) {
      const r = ws.getRow(i + 2);
      expect(r.getCell(1).value).toBe(item.code);
      expect(cellDay(r.getCell(5).value)).toBe(vnDay(item.submittedAt));
      expect(r.getCell(5).numFmt).toBe('dd/mm/yyyy');
      if (item.dueAt) expect(cellDay(r.getCell(6).value)).toBe(vnDay(item.dueAt));
    }

    // CSV of the procedures table: BOM, Vietnamese headers, the same figures.
    d = await download(page, 'Tải CSV — Theo thủ tục');
    expect(d.suggestedFilename()).toBe(`motcua-phuong-sai-gon-${month}-thu-tuc.csv`);
    const csv = readFileSync((await d.path())!, 'utf8');
    expect(csv.startsWith('\uFEFFThủ tục,Tiếp nhận,Từ chối tiếp nhận,Đã giải quyết,Đúng hạn (%),Trễ hạn,Giờ xử lý trung bình\r\n')).toBe(true);
    const cells = csv.split('\r\n')[1]!.split(',');
    expect(cells.slice(0, 4)).toEqual([PROCEDURE, String(g.received), String(g.refusedAtIntake), String(g.finished)]);
    expect(Number(cells[4])).toBe(Math.round(g.onTimeRate * 1000) / 10);

    await h.axe(page, 'dashboard');
    await ctx.close();
    expect(h.errors).toEqual([]);
  });

  it('speaks English in English mode, downloads included', async () => {
    const { ctx, page } = await h.open('manager');
    await ctx.addInitScript(() => localStorage.setItem('motcua.lang', 'en'));
    await page.goto(`${h.base}/quan-ly`);
    await page.getByRole('heading', { level: 1, name: 'Dossier handling dashboard' }).waitFor();
    expect(await page.getByLabel('Month', { exact: true }).inputValue()).toBe(month);
    await expect.poll(() => page.locator('[data-kpi="received"]').textContent()).toBe('4');
    const ws = await sheet(await download(page, 'Download XLSX — By unit'));
    expect(headers(ws)).toEqual(['Unit', 'Received', 'Refused at intake', 'Finished', 'On time', 'Late', 'Satisfied']);
    expect(ws.getRow(2).getCell(1).value).toBe(WARD);
    expect(ws.getRow(2).getCell(2).value).toBe(4);
    // A free range: from the first of the month to today.
    const today = new Date(now.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
    await page.getByLabel('Choose a date range').check();
    await page.getByLabel('From', { exact: true }).fill(`${month}-01`);
    await page.getByLabel('To', { exact: true }).fill(today);
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    const dmy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
    await expect.poll(() => page.locator('#dash-scope').textContent()).toBe(`Ủy ban nhân dân Thành phố Hồ Chí Minh — from ${dmy(`${month}-01`)} to ${dmy(today)}`);
    expect(await page.locator('[data-kpi="received"]').textContent()).toBe('4');
    const d = await download(page, 'Download CSV — By unit');
    expect(d.suggestedFilename()).toBe(`motcua-h29-${month}-01-${today}-don-vi.csv`);
    await ctx.close();
    expect(h.errors).toEqual([]);
  });

  it('keeps the public transparency page server-drawn, without login', async () => {
    const { ctx, page } = await h.open(null);
    await page.goto(`${h.base}/minh-bach`);
    await page.waitForSelector('#rows tr');
    const first = await page.locator('#rows tr').first().locator('td').allTextContents();
    expect(first[0]).toBe(WARD);
    const api = (await h.t.call('GET', '/api/public/stats', {})).body;
    expect(first[1]).toBe(String(api.items.find((i: { orgId: string }) => i.orgId === 'phuong-sai-gon').received));
    await page.screenshot({ path: `${SHOTS}/transparency.png` });
    await ctx.close();
    expect(h.errors).toEqual([]);
  });
});
