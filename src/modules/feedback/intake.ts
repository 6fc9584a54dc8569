/**
 * Intake: a signed-in citizen, an anonymous sender who proves a phone number or e-mail with a one-time
 * code, or an officer at the counter for the person present. The code is sent through the outbox
 * (topic feedback.otp, sent by SMS or e-mail by the notifications module);
 * only its hash is kept, it expires after 10 minutes and allows 5 attempts.
 */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../../platform/db/schema.ts';
import type { AppContext } from '../../context.ts';
import type { SessionUser } from '../identity/auth.ts';
import { DomainError, type FieldIssue } from '../../kernel/errors.ts';
import { dayNumberOf, isoDate } from '../calendar/domain/local-time.ts';
import { duesFrom, ruleAt } from './domain/deadlines.ts';
import { recordFeedback } from './feedback-writes.ts';
import { loadRules } from './store.ts';
import { sha256, viewOf } from './view.ts';
import type { OtpRequest, SubmitFeedbackRequest } from './contracts.ts';
import { writeOutbox } from '../../platform/outbox/index.ts';

export const OTP_TTL_MINUTES = 10;
export const OTP_MAX_ATTEMPTS = 5;
/** Codes one contact may ask for in an hour: a bound on messages sent to someone else's phone. */
export const OTP_PER_HOUR = 5;

const issue = (path: string, vi: string, en: string): FieldIssue => ({ path, message: { vi, en } });
const invalid = (issues: FieldIssue[], code = 'validation-failed') => new DomainError(code, 422, { vi: 'Dữ liệu không hợp lệ.', en: 'Invalid data.' }, issues);

/** One spelling of a contact: phones as 0xxxxxxxxx, e-mail lower-case. */
export function normaliseContact(channel: 'phone' | 'email', contact: string): string | null {
  if (channel === 'email') return /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/.test(contact.trim()) ? contact.trim().toLowerCase() : null;
  const digits = contact.replace(/[\s.-]/g, '').replace(/^\+?84/, '0');
  return /^0\d{9,10}$/.test(digits) ? digits : null;
}

const maskContact = (c: string) => (c.includes('@') ? `${c.slice(0, 2)}***${c.slice(c.indexOf('@'))}` : `${c.slice(0, 3)}****${c.slice(-3)}`);
const codeHash = (otpId: string, code: string) => sha256(`${otpId}:${code}`);

export async function requestOtp(ctx: AppContext, body: z.infer<typeof OtpRequest>) {
  const contact = normaliseContact(body.channel, body.contact);
  if (!contact) throw invalid([issue('contact', body.channel === 'phone' ? 'Số điện thoại Việt Nam không hợp lệ' : 'Địa chỉ e-mail không hợp lệ', body.channel === 'phone' ? 'Not a Vietnamese phone number' : 'Not an e-mail address')]);
  const now = ctx.clock();
  const recent = await ctx.db.selectFrom('feedback_otps').select((eb) => eb.fn.countAll<number>().as('n')).where('contact', '=', contact).where('created_at', '>', new Date(now.getTime() - 3_600_000)).executeTakeFirstOrThrow();
  if (Number(recent.n) >= OTP_PER_HOUR) {
    throw new DomainError('too-many-codes', 429, { vi: 'Đã gửi quá nhiều mã cho số/địa chỉ này; vui lòng thử lại sau một giờ.', en: 'Too many codes sent to this contact; please try again in an hour.' });
  }
  const otpId = `otp_${randomUUID()}`;
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const expiresAt = new Date(now.getTime() + OTP_TTL_MINUTES * 60_000);
  await ctx.db.transaction().execute(async (trx) => {
    await trx.insertInto('feedback_otps').values({ id: otpId, channel: body.channel, contact, code_hash: codeHash(otpId, code), created_at: now, expires_at: expiresAt, used_at: null }).execute();
    // The message carries the code to its deliverer; the table keeps only the hash.
    await writeOutbox(trx, { topic: 'feedback.otp', payload: { otpId, channel: body.channel, contact, code, expiresAt: expiresAt.toISOString() }, at: now }).execute();
  });
  return { otpId, expiresAt: expiresAt.toISOString(), channel: body.channel, sentTo: maskContact(contact) };
}

/**
 * Checks an anonymous sender's code for the contact they give. A wrong code counts an attempt (kept even
 * though the request fails); the fifth wrong attempt burns the code.
 */
async function verifyOtp(ctx: AppContext, otp: { id: string; code: string }, contacts: string[]): Promise<void> {
  const row = await ctx.db.selectFrom('feedback_otps').selectAll().where('id', '=', otp.id).executeTakeFirst();
  if (!row || !contacts.includes(row.contact)) throw invalid([issue('otp.id', 'Mã xác thực không dành cho số điện thoại hoặc e-mail này', 'This code was not sent to this phone or e-mail')], 'otp-invalid');
  if (row.used_at) throw invalid([issue('otp.id', 'Mã xác thực đã được dùng', 'This code was already used')], 'otp-used');
  if (row.attempts >= OTP_MAX_ATTEMPTS) throw new DomainError('otp-too-many-attempts', 429, { vi: 'Nhập sai mã quá nhiều lần; vui lòng yêu cầu mã mới.', en: 'Too many wrong codes; please ask for a new one.' });
  if (row.expires_at.getTime() < ctx.clock().getTime()) throw invalid([issue('otp.code', 'Mã xác thực đã hết hạn; vui lòng yêu cầu mã mới', 'The code has expired; please ask for a new one')], 'otp-expired');
  if (row.code_hash !== codeHash(row.id, otp.code)) {
    await ctx.db.updateTable('feedback_otps').set({ attempts: sql`attempts + 1` }).where('id', '=', row.id).execute();
    throw invalid([issue('otp.code', `Mã xác thực không đúng (còn ${OTP_MAX_ATTEMPTS - row.attempts - 1} lần thử)`, `Wrong code (${OTP_MAX_ATTEMPTS - row.attempts - 1} attempts left)`)], 'otp-invalid');
  }
  // Burned on use, conditionally: two submissions racing with one code cannot both pass.
  const used = await ctx.db.updateTable('feedback_otps').set({ used_at: ctx.clock() }).where('id', '=', row.id).where('used_at', 'is', null).executeTakeFirst();
  if (Number(used.numUpdatedRows) !== 1) throw invalid([issue('otp.id', 'Mã xác thực đã được dùng', 'This code was already used')], 'otp-used');
}

async function nextCode(db: Kysely<DB>, now: Date): Promise<string> {
  const day = isoDate(dayNumberOf(now));
  const r = await sql<{ last_value: number }>`
    INSERT INTO feedback_code_sequences (day, last_value) VALUES (${day}, 1)
    ON CONFLICT (day) DO UPDATE SET last_value = feedback_code_sequences.last_value + 1
    RETURNING last_value`.execute(db);
  return `PAKN.${day.replace(/-/g, '')}.${String(r.rows[0]!.last_value).padStart(4, '0')}`;
}

const STAFF_INTAKE = new Set(['reception', 'specialist', 'leader']);

export async function submitFeedback(ctx: AppContext, user: SessionUser | null, body: z.infer<typeof SubmitFeedbackRequest>) {
  const issues: FieldIssue[] = [];
  let channel: 'online' | 'anonymous' | 'counter';
  if (!user) channel = 'anonymous';
  else if (user.role === 'citizen') channel = 'online';
  else if (STAFF_INTAKE.has(user.role)) channel = 'counter';
  else throw new DomainError('forbidden', 403, { vi: 'Vai trò của bạn không tiếp nhận phản ánh.', en: 'Your role does not receive feedback.' });

  if (channel !== 'online' && !body.sender) issues.push(issue('sender', 'Cần họ tên và số điện thoại hoặc e-mail của người phản ánh', "The sender's name and phone or e-mail are required"));
  if (channel === 'anonymous') {
    if (body.sender && !body.sender.phone && !body.sender.email) issues.push(issue('sender.phone', 'Cần số điện thoại hoặc e-mail đã xác thực', 'A verified phone number or e-mail is required'));
    if (!body.otp) issues.push(issue('otp', 'Cần mã xác thực gửi tới số điện thoại hoặc e-mail', 'The one-time code sent to the phone or e-mail is required'));
    if (body.attachments.length > 0) issues.push(issue('attachments', 'Đăng nhập để gửi kèm tệp', 'Sign in to attach files'));
    if (body.dossierCode) issues.push(issue('dossierCode', 'Đăng nhập để liên kết hồ sơ của bạn', 'Sign in to link your dossier'));
  }
  if (issues.length) throw invalid(issues);

  // The dossier: the sender's own (a citizen), or any in the officer's subtree.
  let orgId = body.orgId;
  if (body.dossierCode) {
    const d = await ctx.db.selectFrom('dossiers').select(['applicant_id', 'receiving_org_id']).where('code', '=', body.dossierCode).executeTakeFirst();
    const visible = d && (channel === 'online' ? d.applicant_id === user!.id : user?.orgId ? await ctx.orgs.covers(user.orgId, d.receiving_org_id) : false);
    if (!visible) issues.push(issue('dossierCode', 'Không tìm thấy hồ sơ này của bạn', 'No such dossier of yours'));
    else orgId ??= d.receiving_org_id;
  }
  if (body.procedureCode) {
    const units = await ctx.db.selectFrom('procedure_orgs').select('org_id').where('procedure_code', '=', body.procedureCode).execute();
    const exists = await ctx.db.selectFrom('procedures').select('code').where('code', '=', body.procedureCode).executeTakeFirst();
    if (!exists) issues.push(issue('procedureCode', 'Không có thủ tục này', 'No such procedure'));
    else if (units.length === 1) orgId ??= units[0]!.org_id;
  }
  if (channel === 'counter') orgId ??= user!.orgId ?? undefined;
  if (!orgId) issues.push(issue('orgId', 'Chọn cơ quan nhận phản ánh', 'Choose the unit the feedback is for'));
  else if (!(await ctx.orgs.find(orgId))) issues.push(issue('orgId', 'Không có cơ quan này', 'No such organisation'));
  else if (channel === 'counter' && !(await ctx.orgs.covers(user!.orgId, orgId))) issues.push(issue('orgId', 'Cơ quan không thuộc phạm vi của bạn', 'Outside your unit'));
  if (body.attachments.length > 0) {
    const owned = new Set((await ctx.db.selectFrom('uploads').select('id').where('id', 'in', body.attachments).where('owner_id', '=', user!.id).execute()).map((r) => r.id));
    body.attachments.forEach((id, i) => owned.has(id) || issues.push(issue(`attachments.${i}`, 'Không tìm thấy tệp đã tải lên của bạn', 'No such upload of yours')));
  }
  if (issues.length) throw invalid(issues);

  if (channel === 'anonymous') {
    const contacts = [body.sender!.phone && normaliseContact('phone', body.sender!.phone), body.sender!.email && normaliseContact('email', body.sender!.email)].filter((c): c is string => !!c);
    await verifyOtp(ctx, body.otp!, contacts);
  }

  const now = ctx.clock();
  const rule = ruleAt(await loadRules(ctx.db), now);
  const calendar = await ctx.calendars.forOrg(orgId!);
  const dues = duesFrom(calendar, now, rule);
  const sender = channel === 'online'
    ? { name: user!.fullName, phone: user!.phone, email: user!.email, idNumber: user!.idNumber, address: user!.address }
    : { name: body.sender!.fullName, phone: body.sender!.phone ?? null, email: body.sender!.email ?? null, idNumber: body.sender!.idNumber ?? null, address: body.sender!.address ?? null };
  // Without an account the sender follows the item with a secret shown once (only its hash is kept).
  const secret = channel === 'online' ? null : randomBytes(18).toString('base64url');
  const id = `fb_${randomUUID()}`;
  await ctx.db.transaction().execute(async (trx) => {
    const code = await nextCode(trx, now);
    await recordFeedback(trx, {
      kind: 'submit',
      at: now,
      by: { actorId: user?.id ?? null, actorRole: user?.role ?? 'sender', actorOrgId: user?.orgId ?? null },
      payload: { channel, orgId, subject: body.subject, dossierCode: body.dossierCode ?? null, procedureCode: body.procedureCode ?? null, attachments: body.attachments, consentPublish: body.consentPublish },
      row: {
        id, code, status: 'waiting', channel, received_org_id: orgId!, org_id: orgId!,
        sender_user_id: channel === 'online' ? user!.id : null,
        sender_name: sender.name.normalize('NFC'), sender_phone: sender.phone, sender_email: sender.email, sender_id_number: sender.idNumber, sender_address: sender.address,
        sender_secret_hash: secret ? sha256(secret) : null,
        dossier_code: body.dossierCode ?? null, procedure_code: body.procedureCode ?? null,
        subject: body.subject.normalize('NFC'), content: body.content.normalize('NFC'), attachments: JSON.stringify(body.attachments), consent_publish: body.consentPublish,
        assignee_id: null, answer: null, rule_version: rule.version, received_at: now,
        clock_start_at: dues.clockStartAt, reject_due_at: dues.rejectDueAt, info_due_at: dues.infoDueAt, handle_due_at: dues.handleDueAt,
      },
    });
  });
  const row = (await ctx.db.selectFrom('feedback').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
  const actor = channel === 'counter' ? { kind: 'staff' as const, id: user!.id, role: user!.role as 'reception', inScope: true } : { kind: 'sender' as const };
  return { ...(await viewOf(ctx, row, actor)), senderSecret: secret };
}
