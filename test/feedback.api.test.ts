/**
 * Feedback (PAKN), issue 15: intake (citizen, anonymous with a one-time code, counter), handling with the
 * leader's approval, masked public answers found without accents, the sender's rating and reopening,
 * permissions, bad input, and 766 criteria 5.1 / 5.2 measured from feedback (hand-computed).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, startTestApp, type TestApp } from './helpers.ts';
import { startNotificationSandboxes, type Sandboxes } from './notification-sandboxes.ts';
import { runOutboxOnce } from '../src/platform/outbox/index.ts';

const ask = (over: Record<string, unknown> = {}) => ({ orgId: 'phuong-sai-gon', subject: 'Chậm trả kết quả', content: 'Hồ sơ của tôi bị chậm.', consentPublish: true, ...over });

describe.each(BACKENDS)('feedback (%s)', (backend) => {
  let t: TestApp;
  let sandboxes: Sandboxes;
  beforeAll(async () => {
    sandboxes = await startNotificationSandboxes();
    t = await startTestApp(backend, sandboxes.config);
  });
  afterAll(async () => {
    await t?.close();
    await sandboxes?.close();
  });

  /** Sends a code and reads it as the SMS provider (the sandbox) received it, or the test SMTP server for an e-mail. */
  async function codeFor(contact: string, channel = 'phone') {
    const otp = await t.call('POST', '/api/feedback/otp', { body: { channel, contact } });
    expect(otp.status, JSON.stringify(otp.body)).toBe(201);
    await runOutboxOnce(t.ctx);
    if (channel === 'email') {
      const mail = sandboxes.mails.at(-1)!;
      return { id: otp.body.otpId as string, code: /(\d{6})/.exec(mail.text)![1]!, recipient: mail.to[0]! };
    }
    const sms = sandboxes.sms.messages.at(-1)!;
    // Sent without diacritics (GSM-7), as brand-name SMS are.
    expect(sms.content).toMatch(/^Ma xac thuc phan anh, kien nghi cua ban la \d{6}/);
    return { id: otp.body.otpId as string, code: /(\d{6})/.exec(sms.content)![1]!, recipient: sms.phone };
  }
  const act = (who: string, id: string, action: string, body: Record<string, unknown> = {}, headers?: Record<string, string>) => t.call('POST', `/api/feedback/${id}/actions/${action}`, { as: who, body, headers });

  it('one-time codes: hashed, wrong code counted, expired, too many attempts', async () => {
    t.clock.set('2026-11-23T08:00:00+07:00');
    const sender = { fullName: 'Lý Thị Mai', phone: '0987 654 321' };
    const otp = await codeFor('+84 987.654.321');
    expect(otp.recipient).toBe('0987654321');
    const stored = await t.handle.db.selectFrom('feedback_otps').selectAll().where('id', '=', otp.id).executeTakeFirstOrThrow();
    expect(stored.code_hash).not.toContain(otp.code);
    const wrong = otp.code === '000000' ? '111111' : '000000';
    const bad = await t.call('POST', '/api/feedback', { body: ask({ sender: { ...sender, phone: '0987654321' }, otp: { id: otp.id, code: wrong } }) });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(['otp.code']);
    // Another phone cannot use this code.
    const other = await t.call('POST', '/api/feedback', { body: ask({ sender: { ...sender, phone: '0911111111' }, otp: { id: otp.id, code: otp.code } }) });
    expect(other.status).toBe(422);
    for (let i = 0; i < 4; i++) await t.call('POST', '/api/feedback', { body: ask({ sender: { ...sender, phone: '0987654321' }, otp: { id: otp.id, code: wrong } }) });
    const locked = await t.call('POST', '/api/feedback', { body: ask({ sender: { ...sender, phone: '0987654321' }, otp: { id: otp.id, code: otp.code } }) });
    expect(locked.status).toBe(429);
    const late = await codeFor('0987654321');
    t.clock.advanceMinutes(11);
    const expired = await t.call('POST', '/api/feedback', { body: ask({ sender: { ...sender, phone: '0987654321' }, otp: { id: late.id, code: late.code } }) });
    expect([expired.status, expired.body.code]).toEqual([422, 'otp-expired']);
  });

  it('anonymous feedback → officer answers → leader approves → published, masked, found without accents → sender rates', async () => {
    t.clock.set('2026-11-23T09:00:00+07:00');
    const otp = await codeFor('0977000111');
    const sent = await t.call('POST', '/api/feedback', {
      body: ask({ subject: 'Thái độ tiếp dân ở bộ phận một cửa', content: 'Tôi là Hoàng Văn Nam, CCCD 079085001111, điện thoại 0977 000 111. Cán bộ hướng dẫn chưa rõ ràng về lệ phí.', sender: { fullName: 'Hoàng Văn Nam', phone: '0977000111' }, otp: { id: otp.id, code: otp.code } }),
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    expect(sent.body.code).toBe('PAKN.20261123.0001');
    expect(sent.body.senderSecret).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(sent.body.dues.handleDueAt).toBe('2026-12-14T02:00:00.000Z'); // 15 WD from Mon 23 Nov 09:00
    const id = sent.body.id;
    // The code is burned.
    expect((await t.call('POST', '/api/feedback', { body: ask({ sender: { fullName: 'X Y', phone: '0977000111' }, otp: { id: otp.id, code: otp.code } }) })).body.code).toBe('otp-used');

    // Another ward's officer does not see it; the citizen account neither.
    expect((await t.call('GET', `/api/feedback/${id}`, { as: 'btn.reception' })).status).toBe(404);
    expect((await act('btn.reception', id, 'accept')).status).toBe(404);
    expect((await t.call('GET', `/api/feedback/${id}`, { as: 'citizen' })).status).toBe(404);

    const seen = await t.call('GET', `/api/feedback/${id}`, { as: 'specialist' });
    expect(seen.body.availableActions).toEqual(expect.arrayContaining(['accept', 'transfer', 'reject']));
    expect(seen.body.availableActions).not.toContain('approve');
    expect((await act('specialist', id, 'accept', {}, { 'if-match': '"1"' })).status).toBe(200);
    // Acting on a version not seen: 409.
    expect((await act('specialist', id, 'answer', { answer: 'x' }, { 'if-match': '"1"' })).status).toBe(409);
    const answered = await act('specialist', id, 'answer', { answer: 'Lệ phí được niêm yết tại quầy số 3; bộ phận một cửa đã nhắc nhở cán bộ.', expectedVersion: 2 });
    expect(answered.body.status).toBe('processed');
    expect((await act('specialist', id, 'approve')).status).toBe(403);
    t.clock.set('2026-11-24T09:00:00+07:00');
    const approved = await act('leader', id, 'approve');
    expect(approved.body).toMatchObject({ status: 'waiting_to_publish', handledOnTime: true });
    expect((await t.call('GET', '/api/public/feedback?q=le phi')).body.total).toBe(0);
    expect((await act('reception', id, 'publish')).body.status).toBe('published');

    const found = await t.call('GET', `/api/public/feedback?q=${encodeURIComponent('thai do tiep dan le phi')}`);
    expect(found.body.total).toBe(1);
    const item = found.body.items[0];
    expect(item.answer).toMatch(/niêm yết/);
    expect(JSON.stringify(item)).not.toMatch(/079085001111|0977|Hoàng Văn Nam/);
    expect(item.question).toContain('Cán bộ hướng dẫn chưa rõ ràng');

    // The sender, without an account, follows and rates it with the secret.
    const secret = sent.body.senderSecret;
    expect((await t.call('GET', `/api/public/feedback/${sent.body.code}?secret=wrong-secret-xx`)).status).toBe(404);
    const mine = await t.call('GET', `/api/public/feedback/${sent.body.code}?secret=${secret}`);
    expect(mine.body.availableActions).toEqual(['rate', 'reopen']);
    const rated = await t.call('POST', `/api/public/feedback/${sent.body.code}/sender-actions`, { body: { secret, action: 'rate', rating: 'satisfied' } });
    expect(rated.body.rating).toBe('satisfied');
    const log = await t.handle.db.selectFrom('feedback_actions').select(['seq', 'prev_hash', 'hash']).where('feedback_id', '=', id).orderBy('seq').execute();
    expect(log.map((l) => l.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    for (let i = 1; i < log.length; i++) expect(log[i]!.prev_hash).toBe(log[i - 1]!.hash);

    // Rated once: the item no longer offers rating, and a second rating is a 409 with a vi/en reason.
    expect((await t.call('GET', `/api/public/feedback/${sent.body.code}?secret=${secret}`)).body.availableActions).toEqual(['reopen']);
    const again = await t.call('POST', `/api/public/feedback/${sent.body.code}/sender-actions`, { body: { secret, action: 'rate', rating: 'dissatisfied' } });
    expect([again.status, again.body.code]).toEqual([409, 'already-rated']);
    expect(again.body.detail).toMatch(/đánh giá|rated/);
    expect((await t.handle.db.selectFrom('feedback').select('rating').where('id', '=', id).executeTakeFirstOrThrow()).rating).toBe('satisfied');
    // Reopened and answered again: the new answer may be rated.
    expect((await t.call('POST', `/api/public/feedback/${sent.body.code}/sender-actions`, { body: { secret, action: 'reopen', reason: 'Chưa rõ mức lệ phí.' } })).status).toBe(200);
    await act('specialist', id, 'answer', { answer: 'Lệ phí là 50.000 đồng.' });
    await act('leader', id, 'approve');
    expect((await t.call('GET', `/api/public/feedback/${sent.body.code}?secret=${secret}`)).body.availableActions).toEqual(['rate']);
    const rerated = await t.call('POST', `/api/public/feedback/${sent.body.code}/sender-actions`, { body: { secret, action: 'rate', rating: 'dissatisfied' } });
    expect([rerated.status, rerated.body.rating]).toEqual([200, 'dissatisfied']);
  });

  it('bad input: 422 with field paths; a citizen links only their own dossier and sees only their own feedback', async () => {
    const bad = await t.call('POST', '/api/feedback', { as: 'citizen', body: { subject: '', content: 'x', consentPublish: 'yes', attachments: ['nope'] } });
    expect(bad.status).toBe(400); // the shape is checked first (400, as every route here), the meaning after (422)
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['subject', 'consentPublish', 'attachments.0']));
    const anon = await t.call('POST', '/api/feedback', { body: ask() });
    expect(anon.status).toBe(422);
    expect(anon.body.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['sender', 'otp']));
    const noOrg = await t.call('POST', '/api/feedback', { as: 'citizen', body: ask({ orgId: undefined, dossierCode: 'H29.000-261123-0001' }) });
    expect(noOrg.body.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['dossierCode', 'orgId']));
    const mine = await t.call('POST', '/api/feedback', { as: 'citizen2', body: ask({ subject: 'Của citizen2' }) });
    expect(mine.status).toBe(201);
    expect(mine.body.senderSecret).toBeNull();
    const list = await t.call('GET', '/api/feedback', { as: 'citizen' });
    expect(list.body.items.map((i: { subject: string }) => i.subject)).not.toContain('Của citizen2');
    expect((await t.call('GET', '/api/feedback', { as: 'citizen2' })).body.items.map((i: { subject: string }) => i.subject)).toContain('Của citizen2');
    expect((await t.call('GET', `/api/feedback/${mine.body.id}`, { as: 'citizen' })).status).toBe(404);
    expect((await act('citizen2', mine.body.id, 'accept')).status).toBe(403);
    expect((await t.call('GET', '/api/feedback?org=phuong-ben-thanh', { as: 'specialist' })).status).toBe(403);
    expect((await act('specialist', mine.body.id, 'transfer', { toOrgId: 'nowhere', note: 'x' })).body.errors[0].path).toBe('toOrgId');
  });

  it("the leader's picker lists the officers of the item's unit subtree; administrators and managers read the list, read-only", async () => {
    t.clock.set('2026-11-25T09:00:00+07:00');
    const sent = await t.call('POST', '/api/feedback', { as: 'citizen', body: ask({ subject: 'Cần phân công' }) });
    expect(sent.status).toBe(201);
    const id = sent.body.id as string;
    const picker = await t.call('GET', `/api/feedback/${id}/assignees`, { as: 'leader' });
    expect(picker.status, JSON.stringify(picker.body)).toBe(200);
    const names = picker.body.items.map((i: { fullName: string }) => i.fullName);
    expect(names).toEqual(expect.arrayContaining(['Lê Thị Thu', 'Phạm Minh Tuấn', 'Võ Văn Hùng']));
    expect(names).not.toContain('Hồ Ngọc Mai'); // another ward
    expect(picker.body.items.every((i: { role: string; orgId: string }) => ['reception', 'specialist', 'leader'].includes(i.role) && i.orgId === 'phuong-sai-gon')).toBe(true);
    // Officers of another unit hear 404, as for the item; citizens, managers and administrators may not ask (403).
    expect((await t.call('GET', `/api/feedback/${id}/assignees`, { as: 'btn.reception' })).status).toBe(404);
    expect((await t.call('GET', `/api/feedback/${id}/assignees`, { as: 'citizen' })).status).toBe(403);
    expect((await t.call('GET', `/api/feedback/${id}/assignees`, { as: 'admin' })).status).toBe(403);
    const specialist = picker.body.items.find((i: { fullName: string }) => i.fullName === 'Phạm Minh Tuấn');
    const assigned = await act('leader', id, 'assign', { assigneeId: specialist.id });
    expect([assigned.status, assigned.body.assigneeId]).toEqual([200, specialist.id]);

    for (const who of ['admin', 'manager']) {
      const list = await t.call('GET', '/api/feedback?org=phuong-sai-gon', { as: who });
      expect(list.status, who).toBe(200);
      expect(list.body.items.map((i: { id: string }) => i.id)).toContain(id);
      const item = await t.call('GET', `/api/feedback/${id}`, { as: who });
      expect([item.status, item.body.availableActions]).toEqual([200, []]);
      expect((await act(who, id, 'answer', { answer: 'Không được.' })).status).toBe(403);
    }
  });

  it('766 for the unit: 5.1 and 5.2 measured from feedback (on-time, late, disliked, repeated, open overdue)', async () => {
    // A fresh unit: the land registration office receives five items on Mon 23 Nov 2026 08:00.
    t.clock.set('2026-11-23T08:00:00+07:00');
    const ids: string[] = [];
    for (const s of ['A', 'B', 'C', 'D', 'E']) ids.push((await t.call('POST', '/api/feedback', { as: 'citizen', body: ask({ orgId: 'vpdkdd', subject: `Mục ${s}` }) })).body.id);
    const [a, b, c, d] = ids as [string, string, string, string, string];
    const handle = async (id: string) => {
      expect((await act('vpdk.specialist', id, 'accept')).status).toBe(200);
      expect((await act('vpdk.specialist', id, 'answer', { answer: 'Trả lời.' })).status).toBe(200);
      const r = await act('vpdk.leader', id, 'approve');
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    };
    t.clock.set('2026-11-24T09:00:00+07:00');
    await handle(a); // on time, then rated "not satisfied"
    expect((await act('citizen', a, 'rate', { rating: 'dissatisfied' })).status).toBe(200);
    expect((await act('vpdk.specialist', d, 'reject', { reason: 'Không thuộc phạm vi phản ánh' })).body.handledOnTime).toBe(true); // due Wed 25 08:00
    t.clock.set('2026-11-25T09:00:00+07:00');
    await handle(c);
    t.clock.set('2026-11-26T09:00:00+07:00');
    expect((await act('citizen', c, 'reopen', { reason: 'Chưa trả lời đủ' })).body.status).toBe('processing'); // repeated
    t.clock.set('2026-11-27T09:00:00+07:00');
    expect((await act('vpdk.specialist', c, 'answer', { answer: 'Bổ sung.' })).status).toBe(200);
    expect((await act('vpdk.leader', c, 'approve')).body.handledOnTime).toBe(true);
    t.clock.set('2026-12-15T09:00:00+07:00'); // past the 15-WD deadline (Mon 14 Dec 08:00)
    await handle(b); // late; E stays open, overdue
    const late = await t.call('GET', '/api/feedback?due=late&org=vpdkdd', { as: 'vpdk.specialist' });
    // E is past its handling deadline; A and C, approved but never published, are past their 2-WD publication deadline.
    expect(late.body.items.map((i: { subject: string }) => i.subject).sort()).toEqual(['Mục A', 'Mục C', 'Mục E']);

    const r = await t.call('GET', '/api/stats/index766?org=vpdkdd&period=2026-Q4', { as: 'manager' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const c51 = r.body.criteria.find((x: { code: string }) => x.code === '5.1');
    const c52 = r.body.criteria.find((x: { code: string }) => x.code === '5.2');
    // handled A, B, C, D; on time A, C, D → 6 × 3/4
    expect(c51).toMatchObject({ status: 'measured', numerator: 3, denominator: 4, score: 4.5 });
    // (5 − disliked A − overdue B, E − repeated C) / 5 → 6 × 1/5
    expect(c52).toMatchObject({ status: 'measured', numerator: 1, denominator: 5, score: 1.2 });

    const kpis = await t.call('GET', '/api/feedback/kpis?org=vpdkdd&period=2026-Q4', { as: 'vpdk.specialist' });
    expect(kpis.body.units).toEqual([expect.objectContaining({ orgId: 'vpdkdd', received: 5, handled: 4, onTime: 3, late: 1 })]);
  });
});
