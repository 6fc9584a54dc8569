/**
 * Submitting a dossier — online by a citizen, or at the counter by a reception officer for the person
 * present (channel "counter", issue 14: components scanned or kept on paper, received at the officer's
 * unit): validate the applicant, the form and the files against the procedure, take the agency's next
 * code, and record the submission through the one write path (dossier-writes.ts). Idempotent by the
 * Idempotency-Key header.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { DB } from '../../platform/db/schema.ts';
import { idNumberIssues } from '../identity/domain/id-number.ts';
import { precompiled } from '../../platform/db/precompiled.ts';
import { DomainError, errors, type FieldIssue } from '../../kernel/errors.ts';
import { canonicalJson } from './domain/action-log.ts';
import { record } from './dossier-writes.ts';
import { type ProcessSnapshot } from './domain/types.ts';
import { formatDossierCode, lookupSecretFrom } from './domain/code.ts';
import { isDossierCodeTaken, nextCodeSequence, resyncCodeSequence } from './code-sequences.ts';
import { dayNumberOf, isoDate } from '../calendar/domain/local-time.ts';
import type { CounterAttachmentRef, SubmitDossierRequest } from './contracts.ts';
import { requireScope } from '../organisations/scope.ts';
import type { ProcedureComponent, ProcedureFormField } from '../../platform/db/schema-catalogue.ts';
import type { Kysely } from 'kysely';
import { loadProcedure, receivingOrgIds } from '../catalogue/procedures.ts';
import type { AppContext } from '../../context.ts';
import type { SessionUser } from '../identity/auth.ts';
import { dateLimitIssue, numberLimitIssue } from '../catalogue/domain/form-limits.ts';
import { getDossier } from './view.ts';
import { problemInVietnamese } from '../signing/pdf-signature.ts';
import { notOwnApplicant, notOwnApplicantIssues } from './own-applicant.ts';
import { documentStore, type ResolvedReuse } from './attachment-sources.ts';

export const invalid = (issues: FieldIssue[]) =>
  new DomainError('validation-failed', 422, { vi: 'Dữ liệu gửi lên không hợp lệ.', en: 'The request data is not valid.' }, issues);

export const issue = (path: string, vi: string, en: string): FieldIssue => ({ path, message: { vi, en } });

export async function submitDossier(ctx: AppContext, user: SessionUser, body: SubmitDossierRequest, idempotencyKey: string | undefined, afterCodeRepair = false) {
  const counter = mayReceive(user, body.channel);
  const requestHash = createHash('sha256').update(canonicalJson(body)).digest('hex');
  if (idempotencyKey) {
    const replay = await findIdempotent(ctx, user, idempotencyKey, requestHash);
    if (replay) return { dossier: await getDossier(ctx, user, replay), replayed: true };
  }

  if (!counter) body = await ownApplicant(ctx.db, user, body);

  const procedure = await loadProcedure(ctx, body.procedureCode).catch(() => {
    throw invalid([issue('procedureCode', 'Không có thủ tục này trong danh mục', 'No such procedure in the catalogue')]);
  });
  if (!counter) requireIdentityLevel(user, procedure.required_identity_level);
  const orgIds = await receivingOrgIds(ctx, procedure.code);
  const issues: FieldIssue[] = [];
  let receivingOrgId = body.receivingOrgId;
  if (counter) {
    // Received at the officer's own unit, or at a unit of their subtree they name.
    if (receivingOrgId) await requireScope(ctx, user, receivingOrgId);
    receivingOrgId ??= user.orgId ?? undefined;
    if (!receivingOrgId || !orgIds.includes(receivingOrgId)) {
      issues.push(issue('receivingOrgId', 'Đơn vị này không tiếp nhận thủ tục đã chọn', 'This unit does not receive the procedure'));
    }
  } else if (!receivingOrgId) {
    if (orgIds.length === 1) receivingOrgId = orgIds[0];
    else issues.push(issue('receivingOrgId', 'Chọn nơi nộp hồ sơ', 'Choose where to submit'));
  } else if (!orgIds.includes(receivingOrgId)) {
    issues.push(issue('receivingOrgId', 'Cơ quan này không tiếp nhận thủ tục đã chọn', 'This organisation does not receive the procedure'));
  }
  if (!procedure.applicant_types.includes(body.applicant.type)) {
    issues.push(issue('applicant.type', 'Thủ tục không áp dụng cho loại người nộp này', 'The procedure does not apply to this kind of applicant'));
  }
  if (body.applicant.type === 'individual' && !body.applicant.idNumber) {
    issues.push(issue('applicant.idNumber', 'Cần số định danh cá nhân (12 chữ số)', 'A 12-digit personal ID number is required'));
  }
  if (counter && body.applicant.type === 'individual' && !body.applicant.birthDate) {
    // The officer reads it off the CCCD; it also checks the ID number's century and year digits.
    issues.push(issue('applicant.birthDate', 'Cần ngày sinh ghi trên CCCD', 'The birth date on the ID card is required'));
  }
  if (body.applicant.idNumber) {
    // A real province code, and a century digit and year that agree with the birth date when given.
    issues.push(...idNumberIssues(body.applicant.idNumber, { birthDate: body.applicant.birthDate, today: ctx.clock() }, 'applicant.idNumber'));
  }
  if (body.applicant.type === 'organisation' && !body.applicant.taxCode) {
    issues.push(issue('applicant.taxCode', 'Cần mã số thuế / mã số doanh nghiệp', 'A tax code is required'));
  }
  const today = isoDate(dayNumberOf(ctx.clock()));
  issues.push(...validateForm(procedure.form_fields, body.form, today), ...applicantDateIssues(body.applicant, today));
  if (body.channel === 'post' && !body.postal) issues.push(issue('postal.senderTrackingCode', 'Cần mã bưu gửi trên phong bì', 'The tracking code on the envelope is required'));
  if (body.channel !== 'post' && body.postal) issues.push(issue('postal', 'Chỉ hồ sơ nhận qua bưu chính mới có mã bưu gửi', 'Only a dossier received by post has a tracking code'));
  if (body.postal?.postmarkedOn && body.postal.postmarkedOn > today) issues.push(issue('postal.postmarkedOn', 'Ngày dấu bưu điện không thể sau hôm nay', 'The postmark cannot be after today'));
  const components = new Map(procedure.components.map((c) => [c.code, c]));
  body.attachments.forEach((a, i) => {
    if (!components.has(a.componentCode)) issues.push(issue(`attachments.${i}.componentCode`, 'Thành phần hồ sơ không thuộc thủ tục', 'Not a component of this procedure'));
    if (!counter && 'paperKept' in a) {
      issues.push(issue(`attachments.${i}.paperKept`, 'Chỉ khi nộp trực tiếp mới giữ bản giấy; hãy tải tệp lên', 'Paper is kept only at the counter; upload the file'));
    }
    if (counter && 'storeDocumentId' in a) {
      issues.push(issue(`attachments.${i}.storeDocumentId`, 'Chỉ người nộp trực tuyến mới dùng lại tài liệu từ kho dữ liệu của mình', 'Only an online applicant reuses documents of their own data store'));
    }
  });
  for (const c of procedure.components) {
    if (c.required && !body.attachments.some((a) => a.componentCode === c.code)) {
      issues.push(issue('attachments', `Thiếu thành phần bắt buộc: ${c.name}`, `Missing required component: ${c.code}`));
    }
  }
  // Components reused from the applicant's own data store (./attachment-sources.ts): another person's
  // document is refused as missing (404), an expired one with a 422 at its path.
  const reuses = counter ? [] : await resolveStoreReuses(ctx, user, body.attachments);
  const scans = [...scannedOf(body.attachments), ...reuses.map((r) => ({ componentCode: r.componentCode, uploadId: r.uploadId }))];
  issues.push(...(await checkUploads(ctx, user, body.attachments.map((a) => ('uploadId' in a ? a.uploadId : null)), 'attachments')));
  // At the counter the applicant signs the paper in front of the officer: a scan carries no digital signature.
  if (issues.length === 0 && !counter) issues.push(...(await checkSignatures(ctx.db, procedure.components, scans)));
  if (issues.length > 0) throw invalid(issues);

  const receiving = await ctx.orgs.get(receivingOrgId!);
  if (!receiving.agency_eid) throw new Error(`organisation ${receiving.id} has no agency e-ID`);
  const now = ctx.clock();
  const process: ProcessSnapshot = {
    duration: { value: procedure.duration_value, unit: procedure.duration_unit },
    steps: procedure.process.map((s) => ({ name: s.name, orgId: s.orgId ?? receiving.id, role: s.role, durationHours: s.durationHours })),
  };
  const id = `dos_${randomUUID()}`;
  const secret = lookupSecretFrom(randomBytes(8));

  let code = '';
  try {
    await ctx.db.transaction().execute(async (trx) => {
      const day = dayNumberOf(now);
      code = formatDossierCode(ctx.config.codePattern, receiving.agency_eid!, day, await nextCodeSequence(trx, receiving.agency_eid!, day));
      const applicant = { ...body.applicant, fullName: body.applicant.fullName.normalize('NFC'), address: body.applicant.address.normalize('NFC') };
      // The one write path (./dossier-writes.ts): the dossier, its first log entry, counters, file
      // links and outbox message in one statement, so the agency's daily code counter, locked above,
      // is held for one more round trip, not ten.
      const recorded = await record(trx, {
        dossier: {
          create: {
            id,
            code,
            legacyCode: null,
            procedureCode: procedure.code,
            fieldCode: procedure.field_code,
            applicantId: counter ? await walkInApplicantId(trx, body.applicant.idNumber) : user.id,
            walkInIdNumber: counter ? (body.applicant.idNumber ?? null) : null,
            applicant,
            form: body.form,
            channel: body.channel,
            lookupSecret: secret,
            receivingOrgId: receiving.id,
            process,
            by: { actorId: user.id, actorRole: user.role, actorOrgId: counter ? user.orgId : null },
            at: now,
            payload: { procedureCode: procedure.code, applicant, form: body.form, attachments: withReusedFiles(body.attachments, reuses), channel: body.channel, ...(body.postal ? { postal: body.postal } : {}) },
            attachments: scans,
          },
        },
        steps: [],
        also: idempotencyKey
          ? {
              write: trx
                .insertInto('idempotency_keys')
                .values({ user_id: user.id, key: idempotencyKey, request_hash: requestHash, dossier_id: id, created_at: now })
                .onConflict((oc) => oc.columns(['user_id', 'key']).doNothing())
                .returning('dossier_id'),
              countRows: true,
            }
          : undefined,
      });
      if (reuses.length > 0) await documentStore()!.record(trx, id, reuses, now);
      const keysStored = recorded.alsoRows;
      // A concurrent request with the same key won: undo ours and answer with theirs.
      if (idempotencyKey && keysStored === 0) throw new IdempotentRace();
    });
  } catch (e) {
    if (e instanceof IdempotentRace && idempotencyKey) {
      const winner = await findIdempotent(ctx, user, idempotencyKey, requestHash);
      if (winner) return { dossier: await getDossier(ctx, user, winner), replayed: true };
    }
    // The code drawn was taken by a dossier the sequence did not know of (written before imports
    // raised it): move the sequence past the codes in use and submit again, once.
    if (isDossierCodeTaken(e) && !afterCodeRepair) {
      await resyncCodeSequence(ctx.db, ctx.config.codePattern, receiving.agency_eid, dayNumberOf(now));
      return submitDossier(ctx, user, body, idempotencyKey, true);
    }
    throw e;
  }
  return { dossier: await getDossier(ctx, user, code), replayed: false };
}

class IdempotentRace extends Error {}

/**
 * Who may submit through which channel; true for the counter and the post (an officer receives). Citizens submit online, for
 * themselves; a reception officer receives at the counter for the person present. Submitting on
 * someone else's behalf online (an authorised representative) is a later issue.
 */
/**
 * Online, the applicant is the account holder (./own-applicant.ts): refuse another person's name or ID
 * number, and take both from the account — the ID number filled in when the account has one bound.
 */
async function ownApplicant(db: Kysely<DB>, user: SessionUser, body: SubmitDossierRequest): Promise<SubmitDossierRequest> {
  const id = body.applicant.idNumber;
  const holder = id && id !== user.idNumber ? await db.selectFrom('users').select('id').where('id_number', '=', id).executeTakeFirst() : undefined;
  const heldBy = !id ? 'none' : id === user.idNumber ? 'self' : holder && holder.id !== user.id ? 'other' : 'none';
  const issues = notOwnApplicantIssues({ fullName: user.fullName, idNumber: user.idNumber }, body.applicant, heldBy);
  if (issues.length > 0) throw notOwnApplicant(issues);
  if (body.applicant.type !== 'individual') return body;
  return { ...body, applicant: { ...body.applicant, fullName: user.fullName, ...(user.idNumber ? { idNumber: user.idNumber } : {}) } };
}

function mayReceive(user: SessionUser, channel: 'online' | 'counter' | 'post'): boolean {
  if (user.role === 'citizen' && channel !== 'online') {
    throw new DomainError('counter-staff-only', 403, {
      vi: 'Chỉ cán bộ tiếp nhận của bộ phận một cửa mới nhận hồ sơ trực tiếp. Công dân nộp hồ sơ trực tuyến cho chính mình.',
      en: 'Only a one-stop reception officer receives dossiers at the counter. Citizens submit online, for themselves.',
    });
  }
  if (user.role === 'reception' && channel === 'online') {
    throw new DomainError('counter-channel-required', 403, {
      vi: 'Cán bộ tiếp nhận không nộp hồ sơ trực tuyến; hãy tiếp nhận trực tiếp (channel: "counter") cho người nộp có mặt.',
      en: 'A reception officer does not submit online; receive the dossier at the counter (channel: "counter") for the applicant present.',
    });
  }
  if (user.role !== 'citizen' && user.role !== 'reception') throw errors.forbiddenAction('submit');
  // A dossier that arrived by post is received like one at the counter: for the applicant, on paper.
  return channel === 'counter' || channel === 'post';
}

/** The store documents an online application names, resolved to their files by the registered store. */
async function resolveStoreReuses(ctx: AppContext, user: SessionUser, attachments: CounterAttachmentRef[]): Promise<ResolvedReuse[]> {
  const refs = attachments.flatMap((a, index) => ('storeDocumentId' in a ? [{ index, componentCode: a.componentCode, storeDocumentId: a.storeDocumentId }] : []));
  if (refs.length === 0) return [];
  const store = documentStore();
  if (!store) throw invalid(refs.map((r) => issue(`attachments.${r.index}.storeDocumentId`, 'Kho dữ liệu không khả dụng; hãy tải tệp lên', 'The data store is not available; upload the file')));
  return store.resolve(ctx.db, user.id, refs, ctx.clock());
}

/** The log keeps which store document each reused component came from, and the file it attached. */
function withReusedFiles(attachments: CounterAttachmentRef[], reuses: ResolvedReuse[]) {
  let k = 0;
  return attachments.map((a) => ('storeDocumentId' in a ? { ...a, uploadId: reuses[k++]!.uploadId } : a));
}

/** The components scanned and uploaded (paper kept at the office brings no file). */
function scannedOf(attachments: CounterAttachmentRef[]): Array<{ componentCode: string; uploadId: string }> {
  return attachments.flatMap((a) => ('uploadId' in a ? [{ componentCode: a.componentCode, uploadId: a.uploadId }] : []));
}

/**
 * The account a counter dossier belongs to: the citizen who holds the applicant's ID number now, or
 * else the walk-in placeholder (like the import's) until they register or bind it — the dossier's
 * walk_in_id_number links it to them then (lists.ts, view.ts).
 */
async function walkInApplicantId(db: Kysely<DB>, idNumber: string | undefined): Promise<string> {
  if (idNumber) {
    const holder = await db.selectFrom('users').select('id').where('id_number', '=', idNumber).where('role', '=', 'citizen').executeTakeFirst();
    if (holder) return holder.id;
  }
  const existing = await db.selectFrom('users').select('id').where('username', '=', WALK_IN_USER).executeTakeFirst();
  if (existing) return existing.id;
  await db
    .insertInto('users')
    .values({ id: WALK_IN_USER_ID, username: WALK_IN_USER, password_hash: '!', full_name: 'Người nộp hồ sơ trực tiếp (chưa có tài khoản)', role: 'citizen', org_id: null, active: false, id_number: null, phone: null, email: null, address: null })
    .onConflict((oc) => oc.column('username').doNothing())
    .execute();
  return WALK_IN_USER_ID;
}

const WALK_IN_USER = 'walk-in:counter';
const WALK_IN_USER_ID = 'usr_walk_in_counter';

const idempotentSubmission = precompiled((q, p: { userId: string; key: string }) =>
  q
    .selectFrom('idempotency_keys')
    .innerJoin('dossiers', 'dossiers.id', 'idempotency_keys.dossier_id')
    .select(['idempotency_keys.request_hash', 'dossiers.code'])
    .where('idempotency_keys.user_id', '=', p.userId)
    .where('idempotency_keys.key', '=', p.key),
);

async function findIdempotent(ctx: AppContext, user: SessionUser, key: string, requestHash: string): Promise<string | null> {
  const row = (await ctx.db.executeQuery(idempotentSubmission({ userId: user.id, key }))).rows[0];
  if (!row) return null;
  if (row.request_hash !== requestHash) {
    throw new DomainError('idempotency-key-reused', 422, {
      vi: 'Khóa Idempotency-Key đã được dùng cho một yêu cầu khác.',
      en: 'This Idempotency-Key was already used for a different request.',
    });
  }
  return row.code;
}

/** A birth date cannot lie ahead. */
function applicantDateIssues(applicant: { birthDate?: string }, today: string): FieldIssue[] {
  const found = applicant.birthDate ? dateLimitIssue({ notFuture: true }, applicant.birthDate, today, 'applicant.birthDate') : null;
  return found ? [found] : [];
}

function validateForm(fields: ProcedureFormField[], form: Record<string, unknown>, today: string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const known = new Map(fields.map((f) => [f.name, f]));
  for (const key of Object.keys(form)) {
    if (!known.has(key)) issues.push(issue(`form.${key}`, 'Trường không có trong tờ khai của thủ tục', 'Not a field of this procedure'));
  }
  for (const f of fields) {
    const v = form[f.name];
    const path = `form.${f.name}`;
    if (v === undefined || v === null || v === '') {
      if (f.required) issues.push(issue(path, `Bắt buộc: ${f.label}`, `Required: ${f.name}`));
      continue;
    }
    if (f.type === 'number') {
      if (typeof v !== 'number' || !Number.isFinite(v)) issues.push(issue(path, 'Phải là số', 'Must be a number'));
      else issues.push(...[numberLimitIssue(f, v, path)].filter((x) => x !== null));
      continue;
    }
    if (typeof v !== 'string') {
      issues.push(issue(path, 'Phải là chuỗi ký tự', 'Must be text'));
      continue;
    }
    if (f.maxLength && v.length > f.maxLength) issues.push(issue(path, `Tối đa ${f.maxLength} ký tự`, `At most ${f.maxLength} characters`));
    if (f.type === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(v)) issues.push(issue(path, 'Ngày theo dạng YYYY-MM-DD', 'Date as YYYY-MM-DD'));
    else if (f.type === 'date') issues.push(...[dateLimitIssue(f, v, today, path)].filter((x) => x !== null));
    if (f.type === 'select' && !(f.options ?? []).includes(v)) issues.push(issue(path, 'Giá trị không nằm trong danh sách', 'Not one of the options'));
  }
  return issues;
}

/** Every upload must exist and belong to the user (no attaching someone else's file); null: no file (paper kept). */
export async function checkUploads(ctx: AppContext, user: SessionUser, ids: Array<string | null>, path: string): Promise<FieldIssue[]> {
  const given = ids.filter((id) => id !== null);
  if (given.length === 0) return [];
  const rows = await ctx.db.selectFrom('uploads').select(['id', 'owner_id']).where('id', 'in', given).execute();
  const owned = new Set(rows.filter((r) => r.owner_id === user.id).map((r) => r.id));
  return ids.flatMap((id, i) => (id === null || owned.has(id) ? [] : [issue(`${path}.${i}.uploadId`, 'Không tìm thấy tệp đã tải lên của bạn', 'No such upload of yours')]));
}

/** Components that must be signed by the applicant need an upload whose signature verified and is trusted. */
export async function checkSignatures(db: Kysely<DB>, components: ProcedureComponent[], attachments: Array<{ componentCode: string; uploadId: string }>): Promise<FieldIssue[]> {
  const needs = new Set(components.filter((c) => c.signatureRequired).map((c) => c.code));
  const relevant = attachments.map((a, i) => ({ ...a, i })).filter((a) => needs.has(a.componentCode));
  if (relevant.length === 0) return [];
  const rows = await db.selectFrom('uploads').select(['id', 'signature']).where('id', 'in', relevant.map((a) => a.uploadId)).execute();
  return relevant.flatMap((a) => {
    const sig = rows.find((r) => r.id === a.uploadId)?.signature;
    if (sig && sig.valid && sig.chain === 'trusted' && sig.validAtSigningTime) return [];
    const why = !sig ? 'tệp chưa có chữ ký số' : sig.problems.map(problemInVietnamese).join('; ');
    return [issue(`attachments.${a.i}.uploadId`, `Thành phần này cần chữ ký số hợp lệ của người nộp: ${why}`, `This component needs a valid digital signature of the applicant: ${sig ? sig.problems.join('; ') : 'the file is not signed'}`)];
  });
}

/**
 * A procedure may require a level of electronic identity (Decree 69/2024/NĐ-CP) for online submission:
 * the session must have proved it with VNeID (a password session proves none). At the counter the officer
 * checks the person's card, so the rule is for online submission only.
 */
function requireIdentityLevel(user: SessionUser, required: number | null): void {
  if (!required || (user.identityLevel ?? 0) >= required) return;
  throw new DomainError('identity-level-required', 403, required === 2
    ? { vi: 'Thủ tục này yêu cầu đăng nhập bằng tài khoản định danh điện tử VNeID mức độ 2. Vui lòng đăng xuất và đăng nhập lại bằng VNeID mức độ 2.', en: 'This procedure requires signing in with a level 2 VNeID electronic identity. Please sign out and sign in again with VNeID level 2.' }
    : { vi: 'Thủ tục này yêu cầu đăng nhập bằng tài khoản định danh điện tử VNeID.', en: 'This procedure requires signing in with a VNeID electronic identity.' });
}
