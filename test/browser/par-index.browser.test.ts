/**
 * The PAR Index in Chromium (issue 16, "done when"): a ward's leader self-assesses (figures frozen, scores with
 * an evidence file and links) and submits; the city's appraiser (home affairs) returns a criterion once, the
 * ward answers it, the appraiser scores and finishes, and the city publishes; the public results page, on a
 * 360 px phone, ranks the ward against another published one, with bands and the share rated good or better.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDF } from '../helpers.ts';
import { formatNumber } from '../../web/src/lib/format.ts';
import { startBrowserHarness, type BrowserHarness } from './harness.ts';

describe('PAR Index in Chromium', () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await startBrowserHarness();
    const t = h.t;
    // Phường Bến Thành goes through the whole workflow by the API, to 95 points: the ward to beat.
    const hash = (await t.handle.db.selectFrom('users').select('password_hash').where('username', '=', 'manager').executeTakeFirstOrThrow()).password_hash;
    await t.handle.db.insertInto('users').values({ id: 'u-btn-leader', username: 'btn.leader', password_hash: hash, full_name: 'Lãnh đạo Bến Thành', role: 'leader', org_id: 'phuong-ben-thanh' } as never).execute();
    const ok = async (p: Promise<{ status: number; body: any }>) => { // eslint-disable-line @typescript-eslint/no-explicit-any
      const r = await p;
      expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
      return r.body;
    };
    const a = await ok(t.call('POST', '/api/par/assessments', { as: 'btn.leader', body: { year: 2026, orgId: 'phuong-ben-thanh' } }));
    await ok(t.call('POST', `/api/par/assessments/${a.id}/freeze`, { as: 'btn.leader', body: {} }));
    const leaves = (a.nodes as Array<{ code: string; max: number; leaf: boolean; method: string }>).filter((n) => n.leaf);
    await ok(t.call('PUT', `/api/par/assessments/${a.id}/self`, { as: 'btn.leader', body: { leaves: leaves.filter((n) => n.method === 'manual').map((n) => ({ code: n.code, score: 0 })) } }));
    await ok(t.call('POST', `/api/par/assessments/${a.id}/submit`, { as: 'btn.leader' }));
    let cut = 5;
    const scores = leaves.map((n) => {
      const c = Math.min(cut, n.max);
      cut -= c;
      return { code: n.code, score: n.max - c };
    });
    await ok(t.call('PUT', `/api/par/assessments/${a.id}/appraisal`, { as: 'manager', body: { leaves: scores } }));
    await ok(t.call('POST', `/api/par/assessments/${a.id}/appraised`, { as: 'manager' }));
    await ok(t.call('POST', `/api/par/assessments/${a.id}/publish`, { as: 'manager' }));
  });
  afterAll(async () => {
    await h?.close();
  });

  it('a ward self-assesses, the department appraises, the result is published and ranked', async () => {
    const t = h.t;
    // The ward's leader opens the unit's self-assessment for 2026.
    const ward = await h.open('leader');
    let page = ward.page;
    await page.goto(`${h.base}/chi-so-cchc`);
    await page.getByRole('heading', { level: 1, name: 'Chỉ số cải cách hành chính' }).waitFor();
    await page.getByLabel('Năm').selectOption('2026');
    await page.getByRole('button', { name: 'Mở bản tự đánh giá của đơn vị' }).click();
    await page.getByRole('heading', { level: 1, name: 'Chỉ số CCHC năm 2026 — Ủy ban nhân dân Phường Sài Gòn' }).waitFor();
    const id = page.url().split('/danh-gia/')[1]!;
    await page.getByRole('button', { name: 'Chốt số liệu tự động' }).click();
    await page.getByText('Đã lưu.').waitFor();
    // A computed leaf shows the figures it was frozen with.
    const onTime = page.locator('[data-leaf="3.2"]');
    await onTime.getByText('Hồ sơ đã giải quyết', { exact: false }).waitFor();
    await h.axe(page, 'par self-assessment');

    // Every manual criterion at full points, with a link; 1.1.1 with an uploaded file.
    const view = (await t.call('GET', `/api/par/assessments/${id}/view`, { as: 'leader' })).body as { nodes: Array<{ code: string; max: number; leaf: boolean; method: string }> };
    const manual = view.nodes.filter((n) => n.leaf && n.method === 'manual');
    for (const n of manual) {
      const leaf = page.locator(`[data-leaf="${n.code}"]`);
      await leaf.getByLabel('Điểm tự chấm').fill(String(n.max).replace('.', ','));
      if (n.code !== '1.1.1') await leaf.getByLabel('Đường dẫn minh chứng').fill(`https://vanban.hochiminhcity.gov.vn/phuong-sai-gon/${n.code}`);
    }
    const first = page.locator('[data-leaf="1.1.1"]');
    await first.getByLabel('Tệp minh chứng').setInputFiles({ name: 'ke-hoach-cchc-2026.pdf', mimeType: 'application/pdf', buffer: PDF });
    await first.getByText('Đã tải lên: ke-hoach-cchc-2026.pdf').waitFor();
    await first.getByLabel('Giải trình').fill('Kế hoạch ban hành ngày 05/01/2026');
    await page.getByRole('button', { name: 'Lưu tự đánh giá' }).click();
    await first.getByRole('link', { name: 'ke-hoach-cchc-2026.pdf' }).waitFor();
    await page.getByRole('button', { name: 'Gửi thẩm định' }).click();
    await page.locator('[data-figure="status"]', { hasText: 'Đã gửi thẩm định' }).waitFor();

    // The city's appraiser (home affairs) finds it, returns 1.2 for more evidence.
    const city = await h.open('manager');
    const p2 = city.page;
    await p2.goto(`${h.base}/chi-so-cchc`);
    await p2.getByLabel('Năm').selectOption('2026');
    await p2.getByRole('link', { name: 'Ủy ban nhân dân Phường Sài Gòn' }).click();
    await p2.getByRole('button', { name: 'Lưu điểm thẩm định' }).waitFor();
    const l12 = p2.locator('[data-leaf="1.2"]');
    await l12.getByLabel('Lý do trả lại (bổ sung minh chứng)').fill('Thiếu báo cáo quý III');
    await l12.getByRole('button', { name: 'Trả lại để bổ sung' }).click();
    await l12.getByText('Đã trả lại để bổ sung: Thiếu báo cáo quý III').waitFor();
    expect(await l12.getByRole('button', { name: 'Trả lại để bổ sung' }).count()).toBe(0); // once only
    await h.axe(p2, 'par appraisal');

    // The ward answers the return.
    await page.reload();
    const back = page.locator('[data-leaf="1.2"]');
    await back.getByLabel('Đường dẫn minh chứng').fill('https://vanban.hochiminhcity.gov.vn/phuong-sai-gon/bao-cao-quy-3');
    await back.getByRole('button', { name: 'Gửi lại tiêu chí này' }).click();
    await back.getByText('Đơn vị đã bổ sung').waitFor();

    // The appraiser lowers 1.1.1 to 1 point, saves, finishes, publishes.
    await p2.reload();
    await p2.locator('[data-leaf="1.2"]').getByText('Đơn vị đã bổ sung').waitFor();
    await p2.locator('[data-leaf="1.1.1"]').getByLabel('Điểm thẩm định').fill('1');
    await p2.locator('[data-leaf="1.1.1"]').getByLabel('Nhận xét thẩm định').fill('Kế hoạch ban hành chậm 5 ngày');
    await p2.getByRole('button', { name: 'Lưu điểm thẩm định' }).click();
    await p2.getByText('Đã lưu.').waitFor();
    await p2.getByRole('button', { name: 'Hoàn thành thẩm định' }).click();
    await p2.locator('[data-figure="status"]', { hasText: 'Đã thẩm định' }).waitFor();
    await p2.getByRole('button', { name: 'Công bố kết quả' }).click();
    await p2.locator('[data-figure="status"]', { hasText: 'Đã công bố' }).waitFor();
    const api = (await t.call('GET', `/api/par/assessments/${id}/view`, { as: 'manager' })).body;
    expect(api.status).toBe('published');
    expect(api.nodes.find((n: { code: string }) => n.code === '1.1.1').finalScore).toBe(1);
    expect(api.final.total).toBe(Math.round((api.self.total - 0.5) * 100) / 100);
    expect(await p2.locator('[data-figure="final-total"]').textContent()).toContain(formatNumber(api.final.total));

    // The public results, on a phone, without signing in: ranked, banded, no sideways scrolling.
    const phone = await h.browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    page = await phone.newPage();
    page.on('pageerror', (e) => h.errors.push(`${page.url()}: ${e.message}`));
    await page.goto(`${h.base}/chi-so-cchc/ket-qua?nam=2026`);
    await page.getByRole('heading', { level: 1, name: 'Kết quả Chỉ số cải cách hành chính' }).waitFor();
    const rows = page.locator('table[data-table="par-results"] tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(2);
    const row = (org: string) => page.locator(`tr[data-unit="${org}"]`);
    expect(await row('phuong-ben-thanh').locator('[data-cell="rank"]').textContent()).toBe('1');
    expect(await row('phuong-ben-thanh').locator('[data-cell="total"]').textContent()).toBe('95');
    expect(await row('phuong-ben-thanh').locator('[data-cell="band"]').textContent()).toBe('Xuất sắc');
    expect(await row('phuong-sai-gon').locator('[data-cell="rank"]').textContent()).toBe('2');
    expect(await row('phuong-sai-gon').locator('[data-cell="total"]').textContent()).toBe(formatNumber(api.final.total));
    const results = (await t.call('GET', '/api/par/2026/results?group=ward')).body;
    const bandVi = { excellent: 'Xuất sắc', good: 'Tốt', fair: 'Khá', average: 'Trung bình', weak: 'Yếu' } as Record<string, string>;
    expect(await row('phuong-sai-gon').locator('[data-cell="band"]').textContent()).toBe(bandVi[results.units[1].band]);
    await page.locator('[data-figure="good-share"]').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await h.axe(page, 'par public results');
    // The exports answer.
    expect((await t.call('GET', '/api/par/2026/results.pdf?group=ward')).status).toBe(200);
    await phone.close();
    await ward.ctx.close();
    await city.ctx.close();
    expect(h.errors).toEqual([]);
  });
});
