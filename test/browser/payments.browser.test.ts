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
    // Reception records payments but does not refund.
    expect(await desk.page.getByRole('button', { name: 'Hoàn tiền' }).count()).toBe(0);
    expect(h.errors).toEqual([]);
  });

  it('a leader of the receiving unit refunds a paid online payment with a reason; a refusal is shown and kept', async () => {
    const { t } = h;
    const upload = await t.upload('citizen', PDF);
    const d = await t.call('POST', '/api/dossiers', { as: 'citizen', body: householdBusinessRequest(upload) });
    const code = d.body.code as string;
    // Paid online through the sandbox (the browser path is the test above).
    const started = await t.call('POST', `/api/dossiers/${code}/payments`, { as: 'citizen', body: { method: 'online' } });
    expect(started.status).toBe(201);
    const txnRef = started.body.payment.txnRef as string;
    expect((await fetch(started.body.redirectUrl as string)).status).toBe(200);
    await fetch(new URL('/paymentv2/complete', sandbox.payUrl), { method: 'POST', body: new URLSearchParams({ ref: txnRef, choice: 'pay' }), redirect: 'manual' });
    await sandbox.settled();
    expect((await t.call('GET', `/api/dossiers/${code}/payments`, { as: 'leader' })).body.payments[0].status).toBe('paid');

    const { page } = await h.open('leader', /409/);
    await page.goto(`${h.base}/mot-cua/ho-so/${code}`);
    await page.getByRole('heading', { name: 'Phí, lệ phí' }).waitFor();
    await page.getByRole('button', { name: 'Hoàn tiền' }).click();
    await page.getByRole('heading', { name: 'Hoàn tiền khoản 100.000 ₫' }).waitFor();
    await h.axe(page, 'desk refund form');
    // The reason is required.
    await page.getByRole('button', { name: 'Xác nhận hoàn 100.000 ₫' }).click();
    await page.getByText('Vui lòng nhập lý do hoàn tiền.').waitFor();
    await page.getByLabel('Lý do hoàn tiền').fill('Người nộp thanh toán nhầm hồ sơ');

    // The gateway refuses (the sandbox believes it already refunded all): the error is shown, the request kept.
    const tx = sandbox.transactions.get(txnRef)!;
    tx.refundedAmount = Number(tx.amount);
    await page.getByRole('button', { name: 'Xác nhận hoàn 100.000 ₫' }).click();
    await page.getByText('Cổng thanh toán từ chối hoàn tiền (mã 95); yêu cầu đã được ghi lại.').waitFor();
    await page.getByTestId('refund').filter({ hasText: 'bị từ chối (mã 95)' }).waitFor();
    expect(await page.getByTestId('refund').first().textContent()).toContain('người thực hiện: Võ Văn Hùng');

    // Again, accepted: the payment is refunded, the fee owed again, who and why shown.
    tx.refundedAmount = 0;
    await page.getByRole('button', { name: 'Xác nhận hoàn 100.000 ₫' }).click();
    await page.getByText('Đã hoàn tiền 100.000 ₫.').waitFor();
    const row = page.getByTestId('payment').first();
    expect(await row.textContent()).toContain('Đã hoàn tiền');
    const refunds = await row.getByTestId('refund').allTextContents();
    expect(refunds).toHaveLength(2);
    expect(refunds[1]).toMatch(/Hoàn 100\.000 ₫ lúc .* — người thực hiện: Võ Văn Hùng — lý do: Người nộp thanh toán nhầm hồ sơ/);
    expect(await page.getByRole('button', { name: 'Hoàn tiền' }).count()).toBe(0);
    await page.getByText('Còn phải nộp: 100.000 ₫').waitFor();
    await h.axe(page, 'desk after refund');

    // The applicant sees the refund and why, not who.
    const citizen = await h.open('citizen');
    await citizen.page.goto(`${h.base}/ca-nhan/ho-so/${code}`);
    await citizen.page.getByTestId('refund').first().waitFor();
    const seen = await citizen.page.getByTestId('refund').allTextContents();
    expect(seen[1]).toContain('lý do: Người nộp thanh toán nhầm hồ sơ');
    expect(seen.join(' ')).not.toContain('Võ Văn Hùng');
    expect(h.errors).toEqual([]);
  });
});
