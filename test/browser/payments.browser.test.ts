/**
 * Payments (issue 17) in real Chromium: a citizen opens their dossier, sees the fee owed, presses
 * "Thanh toán trực tuyến", pays on the sandbox gateway's page, comes back to the result page (the IPN
 * having marked it paid), and opens the e-receipt; the reception officer sees the payment on the desk.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDF, householdBusinessRequest } from '../helpers.ts';
import { pdfText } from '../pdf-tools.ts';
import { startPaymentSandbox, type PaymentSandbox } from '../../src/modules/payments/sandbox/server.ts';
import { startBrowserHarness, type BrowserHarness } from './harness.ts';

describe('payments in Chromium', () => {
  let h: BrowserHarness;
  let sandbox: PaymentSandbox;
  beforeAll(async () => {
    h = await startBrowserHarness();
    sandbox = await startPaymentSandbox({ tmnCode: 'MOTCUA01', hashSecret: 'BIMATTHUNGHIEMTRINHDUYET', ipnUrl: `${h.base}/api/payments/ipn/vnpay`, clock: h.t.clock.get });
    h.t.ctx.config.payment = { gateway: 'vnpay', tmnCode: 'MOTCUA01', hashSecret: 'BIMATTHUNGHIEMTRINHDUYET', payUrl: sandbox.payUrl, apiUrl: sandbox.apiUrl, expireMinutes: 15, sandbox: true };
    h.t.ctx.config.publicUrl = h.base;
  });
  afterAll(async () => {
    await sandbox?.close();
    await h?.close();
  });

  it('a citizen pays a fee through the sandbox and sees the e-receipt', async () => {
    const { t } = h;
    const upload = await t.upload('citizen', PDF);
    const d = await t.call('POST', '/api/dossiers', { as: 'citizen', body: householdBusinessRequest(upload) });
    expect(d.status).toBe(201);
    const code = d.body.code as string;

    const { page } = await h.open('citizen');
    await page.goto(`${h.base}/ca-nhan/ho-so/${code}`);
    await page.getByRole('heading', { name: 'Phí, lệ phí' }).waitFor();
    await page.getByText('Còn phải nộp: 100.000 ₫').waitFor();
    expect(await page.getByRole('row', { name: /Lệ phí đăng ký hộ kinh doanh/ }).textContent()).toContain('Khi nộp hồ sơ');
    await h.axe(page, 'portal dossier with fees');
    await page.getByRole('button', { name: 'Thanh toán trực tuyến' }).click();

    // The gateway's page (another origin).
    await page.waitForURL((u) => u.href.startsWith(sandbox.payUrl));
    await page.getByText('Cổng thanh toán thử nghiệm (sandbox)').waitFor();
    expect(await page.getByTestId('amount').textContent()).toBe('100.000 đ');
    await page.getByRole('button', { name: 'Thanh toán / Pay' }).click();

    // Back on the portal: verified, paid (the IPN came first), the receipt.
    await page.waitForURL((u) => u.pathname === '/thanh-toan/ket-qua');
    await page.getByText('Đã thanh toán. Cảm ơn Ông/Bà.').waitFor();
    await h.axe(page, 'payment result');
    const href = await page.getByTestId('receipt-link').getAttribute('href');
    const pdf = await page.evaluate(async (u) => Array.from(new Uint8Array(await (await fetch(u!)).arrayBuffer())), href);
    const text = await pdfText(Buffer.from(pdf));
    expect(text).toContain('BIÊN LAI THU PHÍ, LỆ PHÍ');
    expect(text).toContain(code);
    expect(text).toContain('100.000 đồng');

    await page.getByRole('link', { name: 'Về trang hồ sơ' }).click();
    await page.getByText('Đã nộp đủ phí, lệ phí.').waitFor();
    expect(await page.getByTestId('payment').first().textContent()).toContain('Đã thanh toán');

    // The desk sees it.
    const desk = await h.open('reception');
    await desk.page.goto(`${h.base}/mot-cua/ho-so/${code}`);
    await desk.page.getByRole('heading', { name: 'Phí, lệ phí' }).waitFor();
    expect(await desk.page.getByTestId('payment').first().textContent()).toMatch(/Trực tuyến.*100\.000 ₫.*Đã thanh toán.*Biên lai điện tử BL2026-\d{6}/);
    expect(h.errors).toEqual([]);
  });
});
