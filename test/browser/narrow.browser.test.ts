/**
 * Every main page fits a 360 × 740 phone without sideways scrolling (issue 14, fault 7), in Vietnamese
 * and in English (English words are longer): portal, sign-in, lookup, the citizen's pages, the desk's
 * queues, walk-in reception and a dossier, feedback (sending, following, the public answers, the desk's list,
 * item and counter intake), every administration section, the manager's dashboard, the survey pages, the PAR Index pages and
 * the server-drawn public pages (transparency, signature check); the dossier pages with their fees and
 * results-by-post parts (a choice made; a result posted, with its shipment and events) and the payment
 * result page.
 */
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDF, householdBusinessRequest, startTestApp, type TestApp } from '../helpers.ts';
import { startPostalSandbox, type PostalSandbox } from '../../src/modules/delivery/postal/sandbox/server.ts';
import { forgetPostalTokens } from '../../src/modules/delivery/postal/client.ts';
import { runOutboxOnce } from '../../src/platform/outbox/index.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const PHONE = { width: 360, height: 740 };
/** Letters only Vietnamese uses; in English mode the interface's own words have none (fault 12). */
const VIETNAMESE = /[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]/i;
/** Pages the server draws itself (not the React app, which the language switch drives). */
const SERVER_DRAWN = ['/minh-bach', '/verify'];

describe('every page on a 360 px phone', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let code: string;
  let feedback: string;
  let roundId: string;
  let parId: string;
  let posted: string;
  let sandbox: PostalSandbox;

  beforeAll(async () => {
    t = await startTestApp('pglite');
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
    const submitted = await t.call('POST', '/api/dossiers', { as: 'citizen', body: householdBusinessRequest(await t.upload('citizen', PDF)) });
    expect(submitted.status).toBe(201);
    code = submitted.body.code as string;
    // Results by post offered (the SANDBOX carrier): `code` has the choice made; `posted` has its result posted and picked up.
    forgetPostalTokens();
    sandbox = await startPostalSandbox({ username: 'motcua', password: 'mat-khau-sandbox', webhookToken: 'bi-mat-hep', clock: () => t.clock.now });
    t.ctx.config.postal = { carrier: 'sandbox', baseUrl: sandbox.url, username: 'motcua', password: 'mat-khau-sandbox', webhookToken: 'bi-mat-hep', senderProvinceCode: '079', weightGrams: 200 };
    sandbox.setWebhookUrl(`${base}/api/postal/webhook`);
    const receiver = { fullName: 'Nguyễn Văn An', phone: '0901234567', address: '12 Lê Lợi, Phường Sài Gòn', provinceCode: '079' };
    expect((await t.call('PUT', `/api/dossiers/${code}/delivery`, { as: 'citizen', body: { receiver } })).status).toBe(200);
    const second = await t.call('POST', '/api/dossiers', { as: 'citizen', body: householdBusinessRequest(await t.upload('citizen', PDF)) });
    posted = second.body.code as string;
    expect((await t.call('PUT', `/api/dossiers/${posted}/delivery`, { as: 'citizen', body: { receiver } })).status).toBe(200);
    for (const [as, action, body] of [['reception', 'accept', {}], ['reception', 'hand_over', {}], ['specialist', 'hand_over', {}], ['leader', 'complete', { resultUploadId: await t.upload('leader', PDF, 'ket-qua.pdf') }]] as const) {
      expect((await t.call('POST', `/api/dossiers/${posted}/actions/${action}`, { as, body })).status).toBe(200);
    }
    // The order goes to the carrier from the outbox; a call refused under load (it happened: "fetch failed") is
    // retried after its backoff, so run it again later rather than fail the setup of a layout test.
    let shipment: { trackingNumber: string } | undefined;
    for (let i = 0; i < 5 && !shipment; i++) {
      await runOutboxOnce(t.ctx, { now: new Date(t.clock.now.getTime() + i * 3_600_000) });
      shipment = (await t.call('GET', `/api/dossiers/${posted}/delivery`, { as: 'citizen' })).body.shipments[0];
    }
    expect(shipment, 'the posted result was never ordered from the carrier').toBeDefined();
    await sandbox.advance(shipment!.trackingNumber, 'picked_up');
    const sent = await t.call('POST', '/api/feedback', { as: 'citizen', body: { orgId: 'phuong-sai-gon', subject: 'Chậm trả kết quả', content: 'Hồ sơ của tôi chưa có kết quả dù đã quá hẹn.', consentPublish: true } });
    expect(sent.status).toBe(201);
    feedback = sent.body.code as string;
    const round = await t.call('POST', '/api/surveys/rounds', { as: 'manager', body: { name: 'Quý IV/2026', orgId: 'phuong-sai-gon', questionnaireId: 'sipas-chuan-v1', from: '2026-10-01', to: '2026-12-31' } });
    expect(round.status).toBe(201);
    roundId = round.body.id as string;
    const par = await t.call('POST', '/api/par/assessments', { as: 'leader', body: { year: 2026, orgId: 'phuong-sai-gon' } });
    expect(par.status).toBe(201);
    parId = par.body.id as string;
    expect((await t.call('POST', `/api/par/assessments/${parId}/freeze`, { as: 'leader', body: {} })).status).toBe(200);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await sandbox?.close();
  });

  const pages = (): Array<[string | null, string]> => [
    [null, '/'],
    [null, '/thu-tuc/2.000720.H29'],
    [null, '/tra-cuu'],
    [null, '/dang-nhap'],
    [null, '/dang-ky'],
    [null, '/dat-lai-mat-khau'],
    [null, '/minh-bach'],
    [null, '/verify'],
    ['citizen', '/nop-ho-so/2.000720.H29'],
    ['citizen', '/ca-nhan'],
    ['citizen', `/ca-nhan/ho-so/${code}`],
    ['citizen', `/ca-nhan/ho-so/${posted}`],
    ['citizen', '/thanh-toan/ket-qua'],
    ['citizen', '/tai-khoan'],
    ['citizen', '/kho-du-lieu'],
    [null, '/phan-anh'],
    [null, '/hoi-dap'],
    ['citizen', '/phan-anh'],
    ['citizen', `/phan-anh/${feedback}`],
    ['reception', '/mot-cua'],
    ['reception', '/mot-cua?hang=processing'],
    ['reception', '/mot-cua/tiep-nhan'],
    ['reception', '/mot-cua/tai-khoan'],
    ['reception', `/mot-cua/ho-so/${code}`],
    ['reception', `/mot-cua/ho-so/${posted}`],
    ['reception', '/mot-cua/phan-anh'],
    ['reception', '/mot-cua/phan-anh/tiep-nhan'],
    ['reception', `/mot-cua/phan-anh/${feedback}`],
    ['admin', '/quan-tri/co-quan'],
    ['admin', '/quan-tri/nguoi-dung'],
    ['admin', '/quan-tri/thu-tuc'],
    ['admin', '/quan-tri/lich'],
    ['admin', '/quan-tri/nhat-ky'],
    ['admin', '/quan-tri/mau-thong-bao'],
    ['admin', '/quan-tri/nhap-danh-muc'],
    ['admin', '/quan-tri/sap-xep-don-vi'],
    ['manager', '/quan-ly'],
    ['manager', '/quan-ly/khao-sat'],
    ['manager', `/quan-ly/khao-sat/dot/${roundId}`],
    ['admin', '/quan-ly/khao-sat/phieu'],
    ['leader', '/chi-so-cchc'],
    ['leader', `/chi-so-cchc/danh-gia/${parId}`],
    [null, '/chi-so-cchc/ket-qua'],
    ['manager', '/quan-ly/ke-hoach'],
    ['leader', '/quan-ly/ke-hoach'],
  ];

  it.each(['vi', 'en'] as const)('no page scrolls sideways (%s); in English no Vietnamese interface words', async (lang) => {
    const problems: string[] = [];
    for (const [username, path] of pages()) {
      const ctx = await browser.newContext({ viewport: PHONE, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
      await ctx.addInitScript((l) => localStorage.setItem('motcua.lang', l), lang);
      if (username) await ctx.addCookies([{ name: 'motcua_session', value: await t.token(username), url: base }]);
      const page = await ctx.newPage();
      await page.goto(`${base}${path}`);
      await page.waitForLoadState('networkidle');
      // The page's heading is there, so its content has been drawn.
      const drawn = await page.locator('h1').first().waitFor({ timeout: 5000 }).then(() => true, () => false);
      if (!drawn) problems.push(`${username ?? 'anonymous'} ${path}: no heading; shows ${await page.evaluate(() => document.body.innerText.slice(0, 200))}`);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      // Name the outermost elements that stick out, so a failure says where to look.
      const culprits = (): Promise<string[]> =>
        page.evaluate((max) => Array.from(document.querySelectorAll('body *')).filter((e) => e.getBoundingClientRect().right > max).slice(0, 4).map((e) => `${e.tagName.toLowerCase()}.${e.className}`), PHONE.width);
      if (width > PHONE.width) problems.push(`${username ?? 'anonymous'} ${path}: ${width} px (${(await culprits()).join(', ')})`);
      // In English, the interface's own words (navigation, labels, column and section headings) are
      // English; the data they frame (procedure and organisation names) stays Vietnamese and is not here.
      if (lang === 'en' && !SERVER_DRAWN.includes(path)) {
        // Data marked as Vietnamese (lang="vi": the dashboard's breadcrumbs of unit names) is not interface text.
        const words = await page.evaluate(() =>
          Array.from(document.querySelectorAll('nav, label, th, h2')).map((e) => {
            const copy = e.cloneNode(true) as HTMLElement;
            copy.querySelectorAll('[lang="vi"]').forEach((n) => n.remove());
            return (copy.textContent ?? '').replace(/\s+/g, ' ');
          }),
        );
        const vietnamese = words.map((w) => w.replace('Tiếng Việt', '')).filter((w) => VIETNAMESE.test(w));
        if (vietnamese.length) problems.push(`${username ?? 'anonymous'} ${path}: Vietnamese in English mode: ${vietnamese.join(' / ')}`);
      }
      await ctx.close();
    }
    expect(problems).toEqual([]);
    // Some thirty pages, each in a fresh context, on a machine shared with other test files.
  }, 180_000);
});
