/**
 * Notifications (issue 17, part 3) against the real outside systems' stand-ins: a REAL SMTP server
 * (smtp-server) and the sandbox SMS provider. A dossier accepted → the applicant's e-mail arrives with
 * its Vietnamese text intact and an RFC 2047 subject, the SMS is ≤ 160 characters without diacritics,
 * the in-app bell counts it; preferences turn channels off; values are escaped in the HTML part;
 * templates are edited with a preview, unknown variables and over-long SMS refused (422); the officer
 * sees each message's delivery status, a provider failure and its retry.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, householdBusinessRequest, PDF, startTestApp, type TestApp } from './helpers.ts';
import { startNotificationSandboxes, type Sandboxes } from './notification-sandboxes.ts';
import { runOutboxOnce } from '../src/platform/outbox/index.ts';

const APPLICANT = { type: 'individual', fullName: 'Nguyễn Văn An', idNumber: '079090001234', address: '12 Lê Lợi, Phường Sài Gòn, TP. Hồ Chí Minh', phone: '0901234567', email: 'an.nguyen@example.vn' };

describe.each(BACKENDS)('notifications (%s)', (backend) => {
  let t: TestApp;
  let s: Sandboxes;
  beforeAll(async () => {
    s = await startNotificationSandboxes();
    t = await startTestApp(backend, s.config);
  });
  afterAll(async () => {
    await t?.close();
    await s?.close();
  });

  const act = (as: string, code: string, action: string, body: unknown = {}) => t.call('POST', `/api/dossiers/${code}/actions/${action}`, { as, body });
  async function submit(): Promise<string> {
    const uploadId = await t.upload('citizen', PDF);
    const res = await t.call('POST', '/api/dossiers', { as: 'citizen', body: householdBusinessRequest(uploadId, { applicant: APPLICANT }) });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.code as string;
  }
  /** Delivers everything pending, including messages handlers write (the fee due at submission: payment.due). */
  async function drain(): Promise<void> {
    for (let i = 0; i < 10 && (await runOutboxOnce(t.ctx)).claimed > 0; i++);
  }

  it('a dossier accepted: e-mail with Vietnamese text and an encoded subject, an SMS ≤ 160 without diacritics, the bell', async () => {
    t.clock.set('2026-11-23T09:00:00+07:00');
    const code = await submit();
    // The household-business fee is due at submission: its notice (payment.due) goes out first.
    await drain();
    const smsBefore = s.sms.messages.length;
    expect((await act('reception', code, 'accept')).status).toBe(200);
    const mailsBefore = s.mails.length;
    const run = await runOutboxOnce(t.ctx);
    expect(run.dead + run.failed).toBe(0);

    const mail = s.mails.slice(mailsBefore).find((m) => m.subject.includes(code))!;
    expect(mail, 'the e-mail reached the SMTP server').toBeDefined();
    expect(mail.to).toEqual(['an.nguyen@example.vn']);
    expect(mail.subject).toBe(`Hồ sơ ${code} đã được tiếp nhận`);
    // Non-ASCII subject travels as RFC 2047 encoded words, never raw UTF-8 in the header.
    expect(mail.rawSubject).toMatch(/=\?UTF-8\?[BQ]\?/i);
    expect(mail.rawSubject).not.toContain('đã');
    expect(mail.text).toContain('Kính gửi Nguyễn Văn An,');
    expect(mail.text).toContain(`Hồ sơ ${code} (Đăng ký thành lập hộ kinh doanh) đã được tiếp nhận. Ngày hẹn trả kết quả: `);
    expect(mail.html).toContain('<p>Kính gửi Nguyễn Văn An,</p>');
    expect(mail.raw).toMatch(/Content-Type: text\/html; charset=utf-8/i);

    const sms = s.sms.messages.slice(smsBefore).filter((m) => m.content.includes(code));
    expect(sms).toHaveLength(1);
    expect(sms[0]!.phone).toBe('0901234567');
    expect(sms[0]!.brandname).toBe('UBND-TEST');
    expect(sms[0]!.content.length).toBeLessThanOrEqual(160);
    expect(sms[0]!.content).toMatch(/^Ho so \S+ da duoc tiep nhan\. Hen tra ket qua: \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}\. Tra cuu tren Cong dich vu cong\.$/);
    expect(sms[0]!.content).not.toMatch(/[^\x20-\x7e]/);

    // In-app: one unread for the applicant, none for someone else; mark read.
    const bell = await t.call('GET', '/api/notifications', { as: 'citizen' });
    expect(bell.status).toBe(200);
    const mine = bell.body.items.find((n: { dossierCode: string; event: string }) => n.dossierCode === code && n.event === 'dossier.received');
    expect(mine).toMatchObject({ event: 'dossier.received', title: `Hồ sơ ${code} đã được tiếp nhận`, read: false });
    expect(bell.body.unread).toBeGreaterThanOrEqual(1);
    const other = await t.call('POST', `/api/notifications/${mine.id}/read`, { as: 'citizen2' });
    expect(other.status).toBe(404);
    const read = await t.call('POST', `/api/notifications/${mine.id}/read`, { as: 'citizen' });
    expect(read.body.unread).toBe(bell.body.unread - 1);
    expect((await t.call('POST', '/api/notifications/read-all', { as: 'citizen' })).body.unread).toBe(0);

    // Delivered once: the outbox handing the same message over again sends nothing more.
    const again = await runOutboxOnce(t.ctx);
    expect(again.claimed).toBe(0);
    expect(s.sms.messages.slice(smsBefore).filter((m) => m.content.includes(code))).toHaveLength(1);

    // The officer sees what went out, addresses masked; the citizen may not call this.
    const panel = await t.call('GET', `/api/dossiers/${code}/notifications`, { as: 'reception' });
    expect(panel.status).toBe(200);
    const byChannel = Object.fromEntries(panel.body.items.filter((i: { event: string }) => i.event === 'dossier.received').map((i: { channel: string }) => [i.channel, i]));
    expect(byChannel.email).toMatchObject({ status: 'sent', attempts: 1, address: 'a***@example.vn', recipient: 'applicant' });
    expect(byChannel.sms).toMatchObject({ status: 'sent', address: '090****567' });
    expect(byChannel.inapp).toMatchObject({ status: 'sent', address: null });
    expect((await t.call('GET', `/api/dossiers/${code}/notifications`, { as: 'citizen' })).status).toBe(403);
  });

  it('preferences: channels turned off are not used (in-app stays); values are escaped in the HTML part', async () => {
    t.clock.set('2026-11-24T09:00:00+07:00');
    const prefs = await t.call('PUT', '/api/notifications/preferences', { as: 'citizen', body: { email: false, sms: false, inapp: true, lang: 'vi' } });
    expect(prefs.status).toBe(200);
    expect(prefs.body).toMatchObject({ email: false, sms: false, inapp: true, hasPhone: true, hasEmail: false });
    const quiet = await submit();
    expect((await act('reception', quiet, 'reject', { reason: 'Không thuộc thẩm quyền' })).status).toBe(200);
    const [mails, texts] = [s.mails.length, s.sms.messages.length];
    await runOutboxOnce(t.ctx);
    expect(s.mails.length).toBe(mails);
    expect(s.sms.messages.length).toBe(texts);
    const bell = await t.call('GET', '/api/notifications?unread=true', { as: 'citizen' });
    expect(bell.body.items.map((n: { dossierCode: string; event: string }) => [n.dossierCode, n.event])).toContainEqual([quiet, 'dossier.rejected']);

    // E-mail back on, in English: the reason's markup is text in the HTML part, escaped.
    await t.call('PUT', '/api/notifications/preferences', { as: 'citizen', body: { email: true, sms: false, inapp: false, lang: 'en' } });
    const loud = await submit();
    expect((await act('reception', loud, 'reject', { reason: 'Thiếu <b>giấy tờ</b> & "bản sao"' })).status).toBe(200);
    await runOutboxOnce(t.ctx);
    const mail = s.mails.at(-1)!;
    expect(mail.subject).toBe(`Dossier ${loud} not accepted`);
    expect(mail.text).toContain('Reason: Thiếu <b>giấy tờ</b> & "bản sao".');
    expect(mail.html).toContain('Thiếu &lt;b&gt;giấy tờ&lt;/b&gt; &amp; &quot;bản sao&quot;');
    expect(mail.html).not.toContain('<b>giấy tờ</b>');
    expect(s.sms.messages.length).toBe(texts);
    expect((await t.call('GET', '/api/notifications?unread=true', { as: 'citizen' })).body.items.map((n: { dossierCode: string }) => n.dossierCode)).not.toContain(loud);
    await t.call('PUT', '/api/notifications/preferences', { as: 'citizen', body: { email: true, sms: true, inapp: true, lang: 'vi' } });
  });

  it('templates: preview with sample values; unknown variables and an SMS that cannot fit are refused with 422; a saved version is used and audited', async () => {
    const list = await t.call('GET', '/api/admin/notification-templates', { as: 'admin' });
    expect(list.status).toBe(200);
    const received = list.body.items.find((i: { event: string }) => i.event === 'dossier.received');
    expect(received.variables).toEqual(['name', 'code', 'procedure', 'appointment', 'link']);
    expect(received.templates).toHaveLength(6);

    const unknown = await t.call('PUT', '/api/admin/notification-templates/dossier.received/email/vi', { as: 'admin', body: { subject: 'Hồ sơ {{code}}', body: 'Kính gửi {{hoTen}}, hồ sơ {{code}}.' } });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors.map((e: { path: string }) => e.path)).toEqual(['body']);
    expect(unknown.headers['content-type']).toMatch(/problem\+json/);

    const long = await t.call('PUT', '/api/admin/notification-templates/dossier.received/sms/vi', { as: 'admin', body: { body: 'Hồ sơ {{code}} ({{procedure}}) đã được tiếp nhận, hẹn trả {{appointment}}.' } });
    expect(long.status).toBe(422);
    expect(long.body.errors[0].path).toBe('body');
    expect(long.body.errors[0].message).toMatch(/ký tự/);

    const preview = await t.call('POST', '/api/admin/notification-templates/dossier.received/email/preview', { as: 'admin', body: { subject: 'Hồ sơ {{code}} đã tiếp nhận', body: 'Kính gửi {{name}},\n\nHẹn trả {{appointment}}.' } });
    expect(preview.status).toBe(200);
    expect(preview.body.subject).toBe('Hồ sơ H29.10.001-261123-0001-0001 đã tiếp nhận');
    expect(preview.body.text).toBe('Kính gửi Nguyễn Thị Phương Thảo Hoàng Lê Minh Anh,\n\nHẹn trả 31/12/2026 17:00.');
    expect(preview.body.html).toContain('<p>Hẹn trả 31/12/2026 17:00.</p>');
    const smsPreview = await t.call('POST', '/api/admin/notification-templates/dossier.received/sms/preview', { as: 'admin', body: { body: 'Hồ sơ {{code}} đã được tiếp nhận.' } });
    expect(smsPreview.body.text).toBe('Ho so H29.10.001-261123-0001-0001 da duoc tiep nhan.');

    const saved = await t.call('PUT', '/api/admin/notification-templates/dossier.received/sms/vi', { as: 'admin', body: { body: 'UBND phuong: ho so {{code}} da tiep nhan, hen {{appointment}}.' } });
    expect(saved.status).toBe(200);
    expect(saved.body.version).toBe(1);
    const audit = await t.handle.db.selectFrom('audit_log').select(['subject_id', 'details']).where('action', '=', 'notification.template_edit').execute();
    expect(audit).toEqual([{ subject_id: 'dossier.received/sms/vi', details: { version: 1 } }]);
    expect((await t.call('PUT', '/api/admin/notification-templates/dossier.received/sms/vi', { as: 'manager', body: { body: 'x' } })).status).toBe(403);

    t.clock.set('2026-11-25T09:00:00+07:00');
    const code = await submit();
    await act('reception', code, 'accept');
    await runOutboxOnce(t.ctx);
    expect(s.sms.messages.at(-1)!.content).toMatch(new RegExp(`^UBND phuong: ho so ${code.replace(/\./g, '\\.')} da tiep nhan, hen `));
  });

  it('a provider failure is recorded (failed, error, attempts) and the retry sends the failed channel only', async () => {
    t.clock.set('2026-11-26T09:00:00+07:00');
    const code = await submit();
    await drain();
    await act('reception', code, 'accept');
    const mails = s.mails.length;
    s.sms.failNext(1);
    const first = await runOutboxOnce(t.ctx);
    expect(first.failed).toBeGreaterThanOrEqual(1);
    let panel = (await t.call('GET', `/api/dossiers/${code}/notifications`, { as: 'reception' })).body;
    const sms = panel.items.find((i: { channel: string; event: string }) => i.channel === 'sms' && i.event === 'dossier.received');
    expect(sms).toMatchObject({ status: 'failed', attempts: 1 });
    expect(sms.error).toMatch(/simulated provider error/);
    expect(s.mails.length).toBe(mails + 1);
    // The outbox lists the message as failed with its error and attempts.
    const failed = await t.call('GET', '/api/admin/outbox?status=failed', { as: 'admin' });
    expect(failed.body.items.find((m: { topic: string; lastError: string }) => m.topic === 'dossier.accept' && /simulated provider error/.test(m.lastError))).toMatchObject({ attempts: 1, status: 'failed' });

    t.clock.advanceMinutes(1);
    await runOutboxOnce(t.ctx);
    panel = (await t.call('GET', `/api/dossiers/${code}/notifications`, { as: 'reception' })).body;
    expect(panel.items.find((i: { channel: string; event: string }) => i.channel === 'sms' && i.event === 'dossier.received')).toMatchObject({ status: 'sent', attempts: 2, error: null });
    expect(s.mails.length).toBe(mails + 1);
  });

  it('a password reset link goes out by SMS whatever the preferences say (the person asked for it), never in-app', async () => {
    await t.call('PUT', '/api/notifications/preferences', { as: 'citizen2', body: { email: false, sms: false, inapp: true, lang: 'vi' } });
    const citizen2 = await t.handle.db.selectFrom('users').select('id').where('username', '=', 'citizen2').executeTakeFirstOrThrow();
    const issued = await t.call('POST', `/api/accounts/${citizen2.id}/password-reset`, { as: 'reception', body: {} });
    expect(issued.status, JSON.stringify(issued.body)).toBe(201);
    await runOutboxOnce(t.ctx);
    const sms = s.sms.messages.at(-1)!;
    expect(sms.phone).toBe('0912345678');
    expect(sms.content).toMatch(/^Dat lai mat khau \(dung 1 lan, het han \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}\): http:\/\/localhost:3000\/dat-lai-mat-khau\?token=[A-Za-z0-9_-]+$/);
    expect(sms.content.length).toBeLessThanOrEqual(160);
    expect((await t.call('GET', '/api/notifications', { as: 'citizen2' })).body.items.filter((n: { event: string }) => n.event === 'account.password_reset')).toEqual([]);
  });
});
