/**
 * Payments (issue 17): fees as catalogue data, online payment through the sandbox gateway over real HTTP
 * (signed URL, the payer's page, signed IPNs sent twice and once late, the browser's return), the IPN's
 * answers (97 tampered, 04 amount, 01 unknown, 02 already), failed-then-paid and paid-then-failed,
 * refunds through the gateway, reconciliation with querydr, counter payments and the e-receipt PDF, the
 * return guard, permissions, and 766 group 6 measured from data.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, PDF, householdBusinessRequest, makePdf, startTestApp, type TestApp } from './helpers.ts';
import { pdfText } from './pdf-tools.ts';
import { runOutboxOnce } from '../src/platform/outbox/index.ts';
import { startPaymentSandbox, type PaymentSandbox } from '../src/modules/payments/sandbox/server.ts';
import { sign, signData, vnTime } from '../src/modules/payments/gateways/vnpay/protocol.ts';
import { reconcileDay } from '../src/modules/payments/reconcile.ts';
import { measureOf } from '../src/modules/par-index/measures.ts';
import { planMeasure } from '../src/modules/reform-plan/measures.ts';

const TMN = 'MOTCUA01';
const SECRET = 'THUNGHIEMBIMATMOTCUASANDBOX2026';

describe('VNPAY 2.1.0 signature', () => {
  it('equals an HMAC-SHA512 computed by hand over the sorted, encoded parameters', () => {
    const params = { vnp_Version: '2.1.0', vnp_Command: 'pay', vnp_TmnCode: 'DEMOV210', vnp_Amount: '10000000', vnp_CurrCode: 'VND', vnp_TxnRef: '23554', vnp_OrderInfo: 'Thanh toan don hang :23554', vnp_OrderType: 'other', vnp_Locale: 'vn', vnp_ReturnUrl: 'https://domain.vn/ReturnUrl', vnp_IpAddr: '127.0.0.1', vnp_CreateDate: '20210801153333' };
    // By hand: keys in order, values encodeURIComponent with %20 as "+", joined with & — VNPAY's sample.
    const byHand = 'vnp_Amount=10000000&vnp_Command=pay&vnp_CreateDate=20210801153333&vnp_CurrCode=VND&vnp_IpAddr=127.0.0.1&vnp_Locale=vn&vnp_OrderInfo=Thanh+toan+don+hang+%3A23554&vnp_OrderType=other&vnp_ReturnUrl=https%3A%2F%2Fdomain.vn%2FReturnUrl&vnp_TmnCode=DEMOV210&vnp_TxnRef=23554&vnp_Version=2.1.0';
    expect(signData(params)).toBe(byHand);
    expect(sign(params, 'SECRETKEY')).toBe(createHmac('sha512', 'SECRETKEY').update(byHand, 'utf8').digest('hex'));
    expect(vnTime(new Date('2026-11-23T01:02:03Z'))).toBe('20261123080203');
  });
});

describe.each(BACKENDS)('payments (%s)', (backend) => {
  let t: TestApp;
  let sandbox: PaymentSandbox;
  let base: string;
  beforeAll(async () => {
    t = await startTestApp(backend);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const addr = t.app.server.address();
    base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    sandbox = await startPaymentSandbox({ tmnCode: TMN, hashSecret: SECRET, ipnUrl: `${base}/api/payments/ipn/vnpay`, ipnDelayMs: 30, clock: t.clock.get });
    t.ctx.config.payment = { gateway: 'vnpay', tmnCode: TMN, hashSecret: SECRET, payUrl: sandbox.payUrl, apiUrl: sandbox.apiUrl, expireMinutes: 15, sandbox: true };
    t.ctx.config.publicUrl = base;
  });
  afterAll(async () => {
    await sandbox?.close();
    await t?.close();
  });

  const submit = async (as = 'citizen', overrides: Record<string, unknown> = {}) => {
    const upload = await t.upload(as, PDF);
    const d = await t.call('POST', '/api/dossiers', { as, body: householdBusinessRequest(upload, overrides) });
    expect(d.status, JSON.stringify(d.body)).toBe(201);
    return d.body.code as string;
  };
  const payments = (code: string, as = 'citizen') => t.call('GET', `/api/dossiers/${code}/payments`, { as });
  const startOnline = async (code: string) => {
    const r = await t.call('POST', `/api/dossiers/${code}/payments`, { as: 'citizen', body: { method: 'online' } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return { url: r.body.redirectUrl as string, ref: r.body.payment.txnRef as string, id: r.body.payment.id as string };
  };
  /** The payer on the sandbox's page: loads it, presses Pay or Cancel; returns where the browser is sent back. */
  const payer = async (url: string, choice: 'pay' | 'cancel') => {
    const page = await fetch(url);
    const html = await page.text();
    expect(page.status, html).toBe(200);
    expect(html).toContain('Cổng thanh toán thử nghiệm (sandbox)');
    const ref = /name="ref" value="([^"]+)"/.exec(html)![1]!;
    const done = await fetch(new URL('/paymentv2/complete', url), { method: 'POST', body: new URLSearchParams({ ref, choice }), headers: { 'content-type': 'application/x-www-form-urlencoded' }, redirect: 'manual' });
    expect(done.status).toBe(302);
    return new URL(done.headers.get('location')!);
  };
  const paymentRow = (id: string) => t.handle.db.selectFrom('payments').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  /** A notification signed by the merchant secret (as the gateway signs), sent over HTTP to our IPN. */
  const ipn = async (params: Record<string, string>, secret = SECRET) => {
    const res = await fetch(`${base}/api/payments/ipn/vnpay?${signData(params)}&vnp_SecureHash=${sign(params, secret)}`);
    expect(res.status).toBe(200);
    return res.json() as Promise<{ RspCode: string; Message: string }>;
  };
  const success = (ref: string, amount: string) => ({ vnp_Amount: amount, vnp_BankCode: 'NCB', vnp_OrderInfo: 'x', vnp_PayDate: '20261123080500', vnp_ResponseCode: '00', vnp_TmnCode: TMN, vnp_TransactionNo: '14000001', vnp_TransactionStatus: '00', vnp_TxnRef: ref });

  it('a procedure\'s fee items are data; a dossier shows what it owes and when', async () => {
    const fees = await t.call('GET', '/api/procedures/2.000720.H29/fees');
    expect(fees.status).toBe(200);
    expect(fees.body.items).toMatchObject([{ kind: 'le_phi', amountVnd: 100_000, due: 'at_submission', collectorOrgId: null, effectiveFrom: '2025-07-01' }]);
    const code = await submit();
    const owed = await payments(code);
    expect(owed.status).toBe(200);
    expect(owed.body).toMatchObject({ outstandingVnd: 100_000, outstandingAtSubmissionVnd: 100_000, outstandingBeforeResultVnd: 0, hasFee: true, payments: [], may: { payOnline: true, recordCounter: false, refund: false } });
    expect(owed.body.lines[0]).toMatchObject({ name: 'Lệ phí đăng ký hộ kinh doanh', collectorOrgId: 'phuong-sai-gon', collectorName: 'Ủy ban nhân dân Phường Sài Gòn', exempt: false, paid: false });
    // Exemptions by applicant type, as data.
    await t.handle.db.updateTable('procedure_fees').set({ exempt_applicant_types: JSON.stringify(['individual']) }).where('procedure_code', '=', '2.000720.H29').execute();
    expect((await payments(code)).body).toMatchObject({ outstandingVnd: 0, lines: [{ exempt: true, exemptBecause: 'individual' }], may: { payOnline: false } });
    await t.handle.db.updateTable('procedure_fees').set({ exempt_applicant_types: JSON.stringify([]) }).where('procedure_code', '=', '2.000720.H29').execute();
    // "Payment due" told once, through the outbox.
    await runOutboxOnce(t.ctx);
    await runOutboxOnce(t.ctx);
    const due = await t.handle.db.selectFrom('outbox').select('payload').where('topic', '=', 'payment.due').execute();
    expect(due.filter((m) => (m.payload as { dossierCode: string }).dossierCode === code)).toHaveLength(1);
  });

  it('pays online through the sandbox: signed URL, IPN twice and late → one paid payment; the return shows and changes nothing', async () => {
    const code = await submit();
    const { url, ref, id } = await startOnline(code);
    const u = new URL(url);
    expect(u.origin + u.pathname).toBe(sandbox.payUrl);
    const q = Object.fromEntries(u.searchParams);
    expect(q).toMatchObject({ vnp_Version: '2.1.0', vnp_Command: 'pay', vnp_TmnCode: TMN, vnp_Amount: '10000000', vnp_CurrCode: 'VND', vnp_TxnRef: ref, vnp_CreateDate: '20261123080000', vnp_ExpireDate: '20261123081500', vnp_ReturnUrl: `${base}/thanh-toan/ket-qua` });
    expect(q.vnp_SecureHash).toBe(createHmac('sha512', SECRET).update(url.slice(url.indexOf('?') + 1, url.indexOf('&vnp_SecureHash=')), 'utf8').digest('hex'));
    expect(Object.keys(q).slice(0, -1)).toEqual(Object.keys(q).slice(0, -1).sort());

    const back = await payer(url, 'pay');
    await sandbox.settled();
    const answers = sandbox.ipnLog.filter((e) => e.txnRef === ref).map((e) => JSON.parse(e.answer).RspCode);
    expect(answers).toEqual(['00', '02', '02']);
    const row = await paymentRow(id);
    expect(row.status).toBe('paid');
    expect(row.receipt_no).toMatch(/^BL2026-\d{6}$/);
    expect(await t.handle.db.selectFrom('paid_fees').selectAll().where('payment_id', '=', id).execute()).toHaveLength(1);
    const paidMsgs = await t.handle.db.selectFrom('outbox').select('payload').where('topic', '=', 'payment.paid').execute();
    expect(paidMsgs.filter((m) => (m.payload as { dossierCode: string }).dossierCode === code)).toEqual([{ payload: expect.objectContaining({ dossierCode: code, amountVnd: 100_000, receiptNo: row.receipt_no, applicantId: expect.any(String) }) }]);

    // The browser's return: verified and shown.
    expect(back.origin + back.pathname).toBe(`${base}/thanh-toan/ket-qua`);
    const shown = await t.call('GET', `/api/payments/return/vnpay${back.search}`, { as: 'citizen' });
    expect(shown.body).toMatchObject({ verified: true, success: true, responseCode: '00', amountVnd: 100_000, dossierCode: code, paymentStatus: 'paid', receiptUrl: `/api/dossiers/${code}/payments/${id}/receipt.pdf` });
    // Someone else holding the link sees the gateway's word, not the dossier.
    expect((await t.call('GET', `/api/payments/return/vnpay${back.search}`, { as: 'citizen2' })).body).toMatchObject({ verified: true, dossierCode: null, receiptUrl: null });
    // A tampered return is not believed.
    const forged = back.search.replace('vnp_ResponseCode=00', 'vnp_ResponseCode=01');
    expect((await t.call('GET', `/api/payments/return/vnpay${forged}`, { as: 'citizen' })).body).toMatchObject({ verified: false, success: false });

    // Nothing more is owed; a second attempt is refused.
    expect((await payments(code)).body).toMatchObject({ outstandingVnd: 0, lines: [{ paid: true }] });
    expect((await t.call('POST', `/api/dossiers/${code}/payments`, { as: 'citizen', body: { method: 'online' } })).status).toBe(409);

    // The e-receipt.
    const pdf = await t.call('GET', shown.body.receiptUrl, { as: 'citizen' });
    expect(pdf.status).toBe(200);
    const text = await pdfText(pdf.raw);
    for (const s of ['BIÊN LAI THU PHÍ, LỆ PHÍ', '(Biên lai điện tử)', code, row.receipt_no!, 'Lệ phí đăng ký hộ kinh doanh', '100.000 đồng', 'Thanh toán trực tuyến qua cổng thanh toán', 'Nguyễn Văn An']) expect(text).toContain(s);
  });

  it('the return URL changes nothing: a cancelled attempt stays pending until its IPN', async () => {
    const code = await submit();
    const { url, ref, id } = await startOnline(code);
    sandbox.dropIpn.add(ref);
    const back = await payer(url, 'cancel');
    const shown = await t.call('GET', `/api/payments/return/vnpay${back.search}`, { as: 'citizen' });
    expect(shown.body).toMatchObject({ verified: true, success: false, responseCode: '24', paymentStatus: 'pending' });
    expect((await paymentRow(id)).status).toBe('pending');
    sandbox.dropIpn.delete(ref);
  });

  it('failed then paid → paid once; paid then a late failure → 02, still paid', async () => {
    const code = await submit();
    const { url, ref, id } = await startOnline(code);
    await payer(url, 'cancel');
    await sandbox.settled();
    expect((await paymentRow(id)).status).toBe('failed');
    // The payer tries again on the gateway's page, for the same attempt.
    await payer(url, 'pay');
    await sandbox.settled();
    expect((await paymentRow(id)).status).toBe('paid');
    // A failure notification arriving after the success (reordered).
    const late = await sandbox.notify(ref, { vnp_ResponseCode: '24', vnp_TransactionStatus: '02' });
    expect(JSON.parse(late.answer)).toEqual({ RspCode: '02', Message: 'Order already confirmed' });
    expect((await paymentRow(id)).status).toBe('paid');
    expect(await t.handle.db.selectFrom('payments').select('id').where('dossier_code', '=', code).where('status', '=', 'paid').execute()).toHaveLength(1);
  });

  it('two attempts both paid at the gateway: one counts, the other is marked for refund', async () => {
    const code = await submit();
    const a = await startOnline(code);
    const b = await startOnline(code);
    await payer(a.url, 'pay');
    await payer(b.url, 'pay');
    await sandbox.settled();
    expect([(await paymentRow(a.id)).status, (await paymentRow(b.id)).status]).toEqual(['paid', 'duplicate']);
    expect(await t.handle.db.selectFrom('paid_fees').selectAll().where('payment_id', 'in', [a.id, b.id]).execute()).toHaveLength(1);
  });

  it('IPN: tampered → 97, wrong amount → 04, unknown reference → 01; nothing changes', async () => {
    const code = await submit();
    const { ref, id } = await startOnline(code);
    const before = await t.handle.db.selectFrom('payment_notifications').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(await ipn(success(ref, '10000000'), 'KHONGPHAIBIMAT')).toEqual({ RspCode: '97', Message: 'Invalid signature' });
    // Signed, then changed on the way.
    const good = success(ref, '10000000');
    const tampered = await fetch(`${base}/api/payments/ipn/vnpay?${signData({ ...good, vnp_Amount: '100' })}&vnp_SecureHash=${sign(good, SECRET)}`);
    expect(await tampered.json()).toEqual({ RspCode: '97', Message: 'Invalid signature' });
    expect(await ipn(success(ref, '9999900'))).toEqual({ RspCode: '04', Message: 'Invalid amount' });
    expect(await ipn(success('999999999999', '10000000'))).toEqual({ RspCode: '01', Message: 'Order not found' });
    // POST is answered the same way.
    const post = await fetch(`${base}/api/payments/ipn/vnpay?${signData(success(ref, '1'))}&vnp_SecureHash=${sign(success(ref, '1'), SECRET)}`, { method: 'POST' });
    expect(await post.json()).toEqual({ RspCode: '04', Message: 'Invalid amount' });
    expect((await paymentRow(id)).status).toBe('pending');
    expect(await t.handle.db.selectFrom('paid_fees').selectAll().where('payment_id', '=', id).execute()).toHaveLength(0);
    const after = await t.handle.db.selectFrom('payment_notifications').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n) - Number(before.n)).toBe(5);
    // Now the real one.
    expect(await ipn(success(ref, '10000000'))).toEqual({ RspCode: '00', Message: 'Confirm Success' });
    expect(await ipn(success(ref, '10000000'))).toEqual({ RspCode: '02', Message: 'Order already confirmed' });
  });

  it('refund through the gateway, recorded with reason and who; the fee is owed again', async () => {
    const code = await submit();
    const { url, ref, id } = await startOnline(code);
    await payer(url, 'pay');
    await sandbox.settled();
    // Reception may not refund; a leader of the receiving unit may.
    expect((await t.call('POST', `/api/dossiers/${code}/payments/${id}/refund`, { as: 'reception', body: { reason: 'Thu nhầm' } })).status).toBe(403);
    const noReason = await t.call('POST', `/api/dossiers/${code}/payments/${id}/refund`, { as: 'leader', body: { reason: '' } });
    expect([noReason.status, noReason.body.errors.map((e: { path: string }) => e.path)]).toEqual([400, ['reason']]);
    const r = await t.call('POST', `/api/dossiers/${code}/payments/${id}/refund`, { as: 'leader', body: { reason: 'Người nộp thanh toán hai lần, hoàn lại' } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ status: 'refunded', refundedVnd: 100_000, refunds: [{ amountVnd: 100_000, reason: 'Người nộp thanh toán hai lần, hoàn lại', status: 'done', responseCode: '00' }] });
    expect(sandbox.transactions.get(ref)!.refundedAmount).toBe(10_000_000);
    const rec = await t.handle.db.selectFrom('payment_refunds').innerJoin('users', 'users.id', 'payment_refunds.by_user_id').select(['users.username', 'payment_refunds.request_id']).where('payment_id', '=', id).executeTakeFirstOrThrow();
    expect(rec.username).toBe('leader');
    expect(rec.request_id).toMatch(/^\d{15}$/);
    expect((await payments(code)).body.outstandingVnd).toBe(100_000);
    // Officers see who asked for it; the applicant sees what and why only.
    expect(r.body.refunds[0].byName).toBe('Võ Văn Hùng');
    const officerView = await t.call('GET', `/api/dossiers/${code}/payments`, { as: 'leader' });
    expect(officerView.body.payments.find((x: { id: string }) => x.id === id).refunds[0].byName).toBe('Võ Văn Hùng');
    const citizenView = await t.call('GET', `/api/dossiers/${code}/payments`, { as: 'citizen' });
    expect(citizenView.body.payments.find((x: { id: string }) => x.id === id).refunds[0]).toMatchObject({ reason: 'Người nộp thanh toán hai lần, hoàn lại', byName: null });
    // Nothing left to refund.
    expect((await t.call('POST', `/api/dossiers/${code}/payments/${id}/refund`, { as: 'leader', body: { reason: 'Lần nữa' } })).status).toBe(409);
  });

  it('reconciliation with querydr reports a payment the gateway took but no IPN recorded', async () => {
    t.clock.set('2026-11-24T09:00:00+07:00');
    const code = await submit();
    const ok = await startOnline(code);
    await payer(ok.url, 'pay');
    const code2 = await submit();
    const lost = await startOnline(code2);
    sandbox.dropIpn.add(lost.ref);
    await payer(lost.url, 'pay');
    await sandbox.settled();
    const report = await reconcileDay(t.ctx, '2026-11-24');
    expect(report.checked).toBe(2);
    expect(report.matched).toBe(1);
    expect(report.mismatches).toEqual([expect.objectContaining({ txnRef: lost.ref, dossierCode: code2, ours: { status: 'pending', amountVnd: 100_000 }, mismatch: 'paid at the gateway, not here (IPN lost?)' })]);
    // The late IPN arrives: reconciled.
    sandbox.dropIpn.delete(lost.ref);
    await sandbox.notify(lost.ref);
    expect((await reconcileDay(t.ctx, '2026-11-24')).mismatches).toEqual([]);
    t.clock.set('2026-11-23T10:00:00+07:00');
  });

  it('counter payment by reception in scope, with its e-receipt; permissions', async () => {
    const code = await submit();
    // Not the applicant's own: another citizen sees nothing; an officer of another ward neither.
    expect((await payments(code, 'citizen2')).status).toBe(404);
    expect((await payments(code, 'btn.reception')).status).toBe(404);
    expect((await t.call('POST', `/api/dossiers/${code}/payments`, { as: 'btn.reception', body: { method: 'cash' } })).status).toBe(404);
    expect((await t.call('POST', `/api/dossiers/${code}/payments`, { as: 'citizen2', body: { method: 'online' } })).status).toBe(404);
    // The applicant does not record counter payments; specialists neither (route access).
    expect((await t.call('POST', `/api/dossiers/${code}/payments`, { as: 'citizen', body: { method: 'cash' } })).status).toBe(403);
    expect((await t.call('POST', `/api/dossiers/${code}/payments`, { as: 'specialist', body: { method: 'cash' } })).status).toBe(403);
    expect((await t.call('POST', `/api/dossiers/${code}/payments`, { as: 'reception', body: { method: 'online' } })).status).toBe(403);
    const bad = await t.call('POST', `/api/dossiers/${code}/payments`, { as: 'reception', body: { method: 'cheque' } });
    expect([bad.status, bad.body.errors.map((e: { path: string }) => e.path)]).toEqual([400, ['method']]);
    expect((await payments(code, 'reception')).body.may).toEqual({ payOnline: false, recordCounter: true, refund: false });
    const paid = await t.call('POST', `/api/dossiers/${code}/payments`, { as: 'reception', body: { method: 'card', counterReference: 'POS-000123' } });
    expect(paid.status, JSON.stringify(paid.body)).toBe(201);
    expect(paid.body).toMatchObject({ redirectUrl: null, payment: { method: 'card', status: 'paid', amountVnd: 100_000, counterReference: 'POS-000123' } });
    expect((await t.call('POST', `/api/dossiers/${code}/payments`, { as: 'reception', body: { method: 'cash' } })).status).toBe(409);
    const url = paid.body.payment.receiptUrl as string;
    expect((await t.call('GET', url, { as: 'citizen2' })).status).toBe(404);
    const pdf = await t.call('GET', url, { as: 'citizen' });
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = await pdfText(pdf.raw);
    for (const s of ['BIÊN LAI THU PHÍ, LỆ PHÍ', 'ỦY BAN NHÂN DÂN PHƯỜNG SÀI GÒN', paid.body.payment.receiptNo, 'Thẻ tại quầy', 'POS-000123', '100.000 đồng', code]) expect(text).toContain(s);
  });

  it('a fee due before the result blocks returning it (409) until paid', async () => {
    const upload = await t.upload('citizen', PDF);
    const d = await t.call('POST', '/api/dossiers', {
      as: 'citizen',
      body: { procedureCode: '2.000635.H29', receivingOrgId: 'phuong-sai-gon', applicant: householdBusinessRequest(upload).applicant, form: { eventType: 'Khai sinh', copies: 1 }, attachments: [{ componentCode: 'to-khai', uploadId: upload }] },
    });
    expect(d.status, JSON.stringify(d.body)).toBe(201);
    const code = d.body.code as string;
    expect((await payments(code)).body).toMatchObject({ outstandingVnd: 8_000, outstandingAtSubmissionVnd: 0, outstandingBeforeResultVnd: 8_000 });
    const act = (who: string, action: string, body: Record<string, unknown> = {}) => t.call('POST', `/api/dossiers/${code}/actions/${action}`, { as: who, body });
    expect((await act('reception', 'accept')).status).toBe(200);
    expect((await act('leader', 'hand_over', { toStep: 2 })).status).toBe(200);
    const draft = await t.upload('leader', await makePdf('BẢN SAO TRÍCH LỤC KHAI SINH'), 'ket-qua.pdf');
    expect((await act('leader', 'complete', { resultUploadId: draft })).status).toBe(200);
    const blocked = await t.call('POST', `/api/dossiers/${code}/actions/return_result`, { as: 'reception', body: { channel: 'counter' }, headers: { 'accept-language': 'vi' } });
    expect(blocked.status).toBe(409);
    expect(blocked.body.code).toBe('fee-unpaid');
    expect(blocked.body.detail).toContain('8.000 đồng');
    expect((await t.call('POST', `/api/dossiers/${code}/actions/return_result`, { as: 'reception', body: { channel: 'counter' }, headers: { 'accept-language': 'en' } })).body.detail).toContain('due before the result');
    // Another ward's officer gets the action's own refusal, not the fee's.
    expect((await t.call('POST', `/api/dossiers/${code}/actions/return_result`, { as: 'btn.reception', body: { channel: 'counter' } })).body.code).not.toBe('fee-unpaid');
    // Payment due before the result is told when the result is ready.
    await runOutboxOnce(t.ctx);
    await runOutboxOnce(t.ctx);
    const due = await t.handle.db.selectFrom('outbox').select('payload').where('topic', '=', 'payment.due').execute();
    expect(due.map((m) => m.payload).filter((p) => (p as { dossierCode: string }).dossierCode === code)).toEqual([expect.objectContaining({ due: 'before_result', amountVnd: 8_000 })]);
    expect((await t.call('POST', `/api/dossiers/${code}/payments`, { as: 'reception', body: { method: 'cash' } })).status).toBe(201);
    expect((await act('reception', 'return_result', { channel: 'counter' })).status).toBe(200);
  });

  it('766 group 6 is measured from the payments: paid online / with a fee, procedures paid online, fee data synced', async () => {
    const r = await t.call('GET', '/api/stats/index766?org=phuong-sai-gon&period=2026-11', { as: 'manager' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const c = (code: string) => r.body.criteria.find((x: { code: string }) => x.code === code);
    // Paid online (and kept or refunded): the dossiers of the tests above whose online payment went through.
    const paidOnline = await t.handle.db.selectFrom('payments').select('dossier_id').distinct().where('method', '=', 'online').where('status', 'in', ['paid', 'refunded']).execute();
    expect(c('6.1')).toMatchObject({ status: 'measured', numerator: paidOnline.length });
    // By hand: one each in the online, failed-then-paid, two-attempts, IPN and refund tests, two in reconciliation.
    expect(c('6.1').numerator).toBe(7);
    // One procedure (the household business registration) had online payments in the ward.
    expect(c('6.2')).toMatchObject({ status: 'measured', numerator: 1 });
    // Fee data synced: every ward procedure with a fee has structured items except the alcohol retail licence (demo).
    expect(c('6.3')).toMatchObject({ status: 'measured', numerator: c('6.3').denominator - 1 });
  });

  it('online payment feeds the PAR Index (766 criterion 6.1) and the plan (units accepting e-payment)', async () => {
    const r = await t.call('GET', '/api/stats/index766?org=phuong-sai-gon&period=2026', { as: 'manager' });
    const c61 = r.body.criteria.find((x: { code: string }) => x.code === '6.1');
    const par = await measureOf('online_payment_share')!.measure.compute(t.ctx, { orgId: 'phuong-sai-gon', orgIds: await t.ctx.orgs.subtreeIds('phuong-sai-gon'), from: '2026-01-01', to: '2026-12-31', year: 2026, arg: null });
    expect(par.ratio).toBeCloseTo(c61.numerator / c61.denominator, 4);
    expect(par.figures.map((f) => f.value)).toEqual([c61.numerator, c61.denominator]);
    // The plan: a ward with a fee paid online accepts e-payment; a ward offering fees with none paid online does not.
    const measure = planMeasure('units.e_payment_share')!;
    const input = (orgId: string) => ({ ctx: t.ctx, orgId, year: 2026, period: '2026', from: '2026-01-01', to: '2026-12-31', scope: { unitGroup: 'wards' as const }, memo: <T,>(_k: string, run: () => Promise<T>) => run() });
    expect(await measure.compute(input('phuong-sai-gon'))).toMatchObject({ status: 'live', value: 1, numerator: 1, denominator: 1 });
    expect(await measure.compute(input('phuong-ben-thanh'))).toMatchObject({ status: 'live', value: 0, numerator: 0, denominator: 1 });
  });
});
