/**
 * Issue 14 follow-up: the server-drawn public pages (/minh-bach, /verify) in Vietnamese or English —
 * ?lang=vi|en, else Accept-Language, else Vietnamese; <html lang> says which; a link switches; each page
 * holds only its own language (the transparency caveat used to print both on the Vietnamese page).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, startTestApp, type TestApp } from './helpers.ts';
import { INDEX766_CAVEAT } from '../src/modules/measurement/public-stats.ts';
import { TRANSPARENCY_JS } from '../src/modules/measurement/pages.ts';

const htmlLang = (html: string) => /<html lang="(\w+)"/.exec(html)?.[1];

describe.each(BACKENDS)('public pages in two languages (%s)', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(backend);
  });
  afterAll(async () => {
    await t?.close();
  });
  const page = async (url: string, acceptLanguage?: string) => {
    const r = await t.call('GET', url, acceptLanguage ? { headers: { 'accept-language': acceptLanguage } } : {});
    expect(r.status).toBe(200);
    return { html: String(r.body), headers: r.headers };
  };

  it('/minh-bach: English from Accept-Language, Vietnamese from ?lang=vi and by default', async () => {
    const en = await page('/minh-bach', 'en-GB,en;q=0.9');
    expect(htmlLang(en.html)).toBe('en');
    expect(en.headers['content-language']).toBe('en');
    expect(en.headers['vary']).toMatch(/accept-language/i);
    for (const s of ['Public results of administrative procedures', '<th scope="col">Agency</th>', '<th scope="col">On time</th>', 'Points measured / no data yet', INDEX766_CAVEAT.en, 'Open data', 'href="?lang=vi"']) expect(en.html).toContain(s);
    expect(en.html).not.toContain(INDEX766_CAVEAT.vi);
    expect(en.html).not.toContain('Cơ quan');

    const vi = await page('/minh-bach?lang=vi', 'en');
    expect(htmlLang(vi.html)).toBe('vi');
    for (const s of ['Công khai kết quả giải quyết thủ tục hành chính', '<th scope="col">Cơ quan</th>', '<th scope="col">Đúng hạn</th>', INDEX766_CAVEAT.vi, 'href="?lang=en"']) expect(vi.html).toContain(s);
    // No English sentence on the Vietnamese page: neither the caveat nor the headers.
    expect(vi.html).not.toContain(INDEX766_CAVEAT.en);
    expect(vi.html).not.toMatch(/On time|Open data|Agency/);

    expect(htmlLang((await page('/minh-bach')).html)).toBe('vi');
    expect(htmlLang((await page('/minh-bach?lang=en', 'vi')).html)).toBe('en');
  });

  it('/verify and /verify/:id: English from Accept-Language, Vietnamese from ?lang=vi', async () => {
    const en = await page('/verify', 'en');
    expect(htmlLang(en.html)).toBe('en');
    for (const s of ['Verify an electronic document', 'Check a PDF file', 'Choose a digitally signed PDF file', 'This page shows no personal data', 'href="?lang=vi"']) expect(en.html).toContain(s);
    expect(en.html).not.toMatch(/Xác thực|Kiểm tra|dữ liệu cá nhân/);
    const vi = await page('/verify/abc123?lang=vi', 'en');
    expect(htmlLang(vi.html)).toBe('vi');
    for (const s of ['Xác thực văn bản điện tử', 'Kiểm tra một tệp PDF', 'Trang này không hiển thị dữ liệu cá nhân', 'href="?lang=en"']) expect(vi.html).toContain(s);
    expect(vi.html).not.toMatch(/Verify an|Check a PDF|personal data/);
    expect(htmlLang((await page('/verify/abc123', 'en-US')).html)).toBe('en');
  });

  it('a language the page does not offer is refused as a bad request', async () => {
    expect((await t.call('GET', '/minh-bach?lang=fr')).status).toBe(400);
  });
});

/** Runs the transparency script against a minimal DOM with the given page language; returns the table's cells. */
async function renderTable(lang: 'vi' | 'en'): Promise<string[]> {
  type El = { textContent: string; title: string; className: string; value: string; href: string; style: Record<string, string>; children: El[]; append(...c: El[]): void; addEventListener(): void };
  const el = (): El => {
    const e: El = { textContent: '', title: '', className: '', value: '', href: '', style: {}, children: [], append: (...c) => e.children.push(...c), addEventListener: () => {} };
    return e;
  };
  const byId: Record<string, El> = { note: el(), period: el(), csv: el(), json: el(), rows: el(), f: el() };
  const document = { documentElement: { lang }, createElement: el, getElementById: (id: string) => byId[id] };
  const stats = { period: '2026-11', items: [{ orgName: 'Ủy ban nhân dân Phường Sài Gòn', received: 1234, receivedOnline: 1000, onTimeRate: 0.975, satisfiedOrBetter: null, index766: 88.5, index766MeasuredPoints: 70, index766NoDataPoints: 30 }] };
  const fetch = async () => ({ ok: true, json: async () => stats });
  new Function('document', 'fetch', TRANSPARENCY_JS)(document, fetch);
  await new Promise((r) => setTimeout(r, 10));
  return [byId.note!.textContent, ...byId.rows!.children[0]!.children.map((c) => c.textContent)];
}

describe('the transparency table writes numbers the page language’s way', () => {
  it('Vietnamese: 97,5 %, 1.234; English: 97.5 %, 1,234', async () => {
    const vi = await renderTable('vi');
    expect(vi).toEqual(['Kỳ 2026-11 — 1 cơ quan', 'Ủy ban nhân dân Phường Sài Gòn', '1.234', '1.000', '97,5 %', '—', '88,50', '70/100 đo được, 30 chưa có số liệu']);
    const en = await renderTable('en');
    expect(en).toEqual(['Period 2026-11 — 1 agency', 'Ủy ban nhân dân Phường Sài Gòn', '1,234', '1,000', '97.5 %', '—', '88.50', '70/100 measured, 30 no data yet']);
  });
});
