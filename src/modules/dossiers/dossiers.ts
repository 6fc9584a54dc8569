/**
 * Dossier commands and queries. Each command is one transaction: lock the dossier row, let the
 * domain decide, append to the action log, update the projection and enqueue outbox messages.
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import { idNumberIssues } from '../identity/domain/id-number.ts';
import { escapeLike, inIds } from '../../platform/db/sql.ts';
import { precompiled } from '../../platform/db/precompiled.ts';
import { rowToState, type DossierRow } from './store.ts';
import { DomainError, errors, type FieldIssue } from '../../kernel/errors.ts';
import { canonicalJson } from './domain/action-log.ts';
import { availableActions, type Command, type Decision } from './domain/lifecycle.ts';
import { record } from './dossier-writes.ts';
import { canView, type ActorPosition } from './domain/policy.ts';
import { ACTION_LABELS, DOSSIER_STATUSES, NOTE_FIELDS, NOTE_VISIBILITY_RULES, RATING_LABELS, STATUS_LABELS, noteVisibilityOf, type ActionName, type DossierState, type NoteVisibility, type ProcessSnapshot } from './domain/types.ts';
import { formatDossierCode, lookupSecretFrom } from './domain/code.ts';
import { isDossierCodeTaken, nextCodeSequence, resyncCodeSequence } from './code-sequences.ts';
import { dayNumberOf, formatVietnamIso, isoDate } from '../calendar/domain/local-time.ts';
import { minutesUntil } from '../calendar/domain/deadlines.ts';
import { openClock, openTimelinessOf, standingAt, type ClockFacts, type Standing } from './domain/timeliness.ts';
import { lateAtSql, lateOrFinishedLateSql, standingIsSql } from './timeliness-sql.ts';
import type { DossierListQuery, SubmitDossierRequest } from './contracts.ts';
import type { ProcedureComponent, ProcedureFormField } from '../../platform/db/schema.ts';
import type { Kysely } from 'kysely';
import { signResult } from '../signing/signing.ts';
import { documentsOf } from '../documents/documents.ts';
import { loadProcedure, receivingOrgIds } from '../catalogue/procedures.ts';
import type { AppContext } from '../../context.ts';
import type { OrgSnapshot } from '../organisations/directory.ts';
import { CalendarNotLoaded, calendarLookup } from '../calendar/calendars.ts';
import type { WorkingCalendar } from '../calendar/domain/working-calendar.ts';
import type { SessionUser } from '../identity/auth.ts';
import { dateLimitIssue, numberLimitIssue } from '../catalogue/domain/form-limits.ts';

const vnIso = (d: Date | null) => (d ? formatVietnamIso(d) : null);
const isOfficer = (u: SessionUser) => u.role !== 'citizen';

const invalid = (issues: FieldIssue[]) =>
  new DomainError('validation-failed', 422, { vi: 'Dữ liệu gửi lên không hợp lệ.', en: 'The request data is not valid.' }, issues);

const issue = (path: string, vi: string, en: string): FieldIssue => ({ path, message: { vi, en } });

// ---------------------------------------------------------------------------------------------
// Submission

export async function submitDossier(ctx: AppContext, user: SessionUser, body: SubmitDossierRequest, idempotencyKey: string | undefined, afterCodeRepair = false) {
  if (user.role !== 'citizen') throw errors.forbiddenAction('submit');
  const requestHash = createHash('sha256').update(canonicalJson(body)).digest('hex');
  if (idempotencyKey) {
    const replay = await findIdempotent(ctx, user, idempotencyKey, requestHash);
    if (replay) return { dossier: await getDossier(ctx, user, replay), replayed: true };
  }

  const procedure = await loadProcedure(ctx, body.procedureCode).catch(() => {
    throw invalid([issue('procedureCode', 'Không có thủ tục này trong danh mục', 'No such procedure in the catalogue')]);
  });
  const orgIds = await receivingOrgIds(ctx, procedure.code);
  const issues: FieldIssue[] = [];
  let receivingOrgId = body.receivingOrgId;
  if (!receivingOrgId) {
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
  if (body.applicant.idNumber) {
    // A real province code, and a century digit and year that agree with the birth date when given.
    issues.push(...idNumberIssues(body.applicant.idNumber, { birthDate: body.applicant.birthDate, today: ctx.clock() }, 'applicant.idNumber'));
  }
  if (body.applicant.type === 'organisation' && !body.applicant.taxCode) {
    issues.push(issue('applicant.taxCode', 'Cần mã số thuế / mã số doanh nghiệp', 'A tax code is required'));
  }
  const today = isoDate(dayNumberOf(ctx.clock()));
  issues.push(...validateForm(procedure.form_fields, body.form, today), ...applicantDateIssues(body.applicant, today));
  const components = new Map(procedure.components.map((c) => [c.code, c]));
  body.attachments.forEach((a, i) => {
    if (!components.has(a.componentCode)) issues.push(issue(`attachments.${i}.componentCode`, 'Thành phần hồ sơ không thuộc thủ tục', 'Not a component of this procedure'));
  });
  for (const c of procedure.components) {
    if (c.required && !body.attachments.some((a) => a.componentCode === c.code)) {
      issues.push(issue('attachments', `Thiếu thành phần bắt buộc: ${c.name}`, `Missing required component: ${c.code}`));
    }
  }
  issues.push(...(await checkUploads(ctx, user, body.attachments.map((a) => a.uploadId), 'attachments')));
  if (issues.length === 0) issues.push(...(await checkSignatures(ctx.db, procedure.components, body.attachments)));
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
            applicantId: user.id,
            applicant,
            form: body.form,
            channel: 'online',
            lookupSecret: secret,
            receivingOrgId: receiving.id,
            process,
            by: { actorId: user.id, actorRole: user.role, actorOrgId: null },
            at: now,
            payload: { procedureCode: procedure.code, applicant, form: body.form, attachments: body.attachments, channel: 'online' },
            attachments: body.attachments,
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

/** Every upload must exist and belong to the user (no attaching someone else's file). */
async function checkUploads(ctx: AppContext, user: SessionUser, ids: string[], path: string): Promise<FieldIssue[]> {
  if (ids.length === 0) return [];
  const rows = await ctx.db.selectFrom('uploads').select(['id', 'owner_id']).where('id', 'in', ids).execute();
  const owned = new Set(rows.filter((r) => r.owner_id === user.id).map((r) => r.id));
  return ids.flatMap((id, i) => (owned.has(id) ? [] : [issue(`${path}.${i}.uploadId`, 'Không tìm thấy tệp đã tải lên của bạn', 'No such upload of yours')]));
}

/** Components that must be signed by the applicant need an upload whose signature verified and is trusted. */
async function checkSignatures(db: Kysely<DB>, components: ProcedureComponent[], attachments: Array<{ componentCode: string; uploadId: string }>): Promise<FieldIssue[]> {
  const needs = new Set(components.filter((c) => c.signatureRequired).map((c) => c.code));
  const relevant = attachments.map((a, i) => ({ ...a, i })).filter((a) => needs.has(a.componentCode));
  if (relevant.length === 0) return [];
  const rows = await db.selectFrom('uploads').select(['id', 'signature']).where('id', 'in', relevant.map((a) => a.uploadId)).execute();
  return relevant.flatMap((a) => {
    const sig = rows.find((r) => r.id === a.uploadId)?.signature;
    if (sig && sig.valid && sig.chain === 'trusted' && sig.validAtSigningTime) return [];
    const why = !sig ? 'tệp chưa có chữ ký số' : sig.problems.join('; ');
    return [issue(`attachments.${a.i}.uploadId`, `Thành phần này cần chữ ký số hợp lệ của người nộp: ${why}`, `This component needs a valid digital signature of the applicant: ${sig ? sig.problems.join('; ') : 'the file is not signed'}`)];
  });
}

// ---------------------------------------------------------------------------------------------
// Actions

/**
 * Acts on a dossier. `expectedVersion` is the version the caller saw (If-Match / expectedVersion):
 * when given, the action is decided only on that version, so a re-decision after a lost race answers
 * 409 version-mismatch instead of acting on a state the officer never saw (issue 12, item 7).
 */
export async function performAction(ctx: AppContext, user: SessionUser, code: string, action: ActionName, requestBody: Record<string, unknown>, expectedVersion?: number) {
  // The visibility of the note is recorded with the entry, chosen or by the action's rule.
  const body: Record<string, unknown> = { ...requestBody, noteVisibility: resolveNoteVisibility(action, requestBody.noteVisibility) };
  const command = { action, ...body } as Command;
  if (command.action === 'apologize') command.newAppointmentAt = new Date(body.newAppointmentAt as string);
  // Checks that need the database but no lock: referenced uploads and organisations exist.
  if (command.action === 'supplement') {
    const issues = await checkUploads(ctx, user, command.attachments.map((a) => a.uploadId), 'attachments');
    if (issues.length) throw invalid(issues);
  }
  if (command.action === 'complete') {
    const issues = await checkUploads(ctx, user, [command.resultUploadId], 'result');
    if (issues.length) throw invalid([issue('resultUploadId', 'Không tìm thấy tệp kết quả bạn đã tải lên', 'No such upload of yours')]);
  }
  if (command.action === 'hand_over' && command.toOrgId && !(await ctx.orgs.find(command.toOrgId))) {
    throw invalid([issue('toOrgId', 'Không có cơ quan này', 'No such organisation')]);
  }

  // Nothing inside the transaction may query through another connection (PGlite has one): calendars
  // come from the cache, and a miss rolls back, loads what was missing and tries again.
  const needed = new Set<string>();
  if (command.action === 'hand_over' && command.toOrgId) needed.add(command.toOrgId);
  for (let attempt = 1; ; attempt++) {
    const calendars = await ctx.calendars.preload(needed);
    const orgs = await ctx.orgs.snapshot();
    const record = (db: Kysely<DB>) => applyAction(db, ctx, user, code, command, body, calendarLookup(calendars, ctx.calendars), orgs, expectedVersion);
    try {
      // supplement and complete read or write more than the dossier: a transaction (see applyAction).
      await (command.action === 'supplement' || command.action === 'complete' ? ctx.db.transaction().execute(record) : record(ctx.db));
      break;
    } catch (e) {
      // The dossier moved to an organisation whose calendar we had not loaded: load it, try again.
      if (e instanceof CalendarNotLoaded && attempt < 10) {
        needed.add(e.orgId);
        continue;
      }
      // Another action was recorded since we read the dossier: decide again on the fresh state.
      if (lostRace(e) && attempt < 10) continue;
      if (lostRace(e)) {
        throw new DomainError('concurrent-update', 409, { vi: 'Hồ sơ đang được nhiều người xử lý cùng lúc; vui lòng thử lại.', en: 'The dossier is being changed by others; please try again.' });
      }
      throw e;
    }
  }
  return getDossier(ctx, user, code);
}

function resolveNoteVisibility(action: ActionName, chosen: unknown): NoteVisibility {
  const rule = NOTE_VISIBILITY_RULES[action];
  return rule.choosable && (chosen === 'internal' || chosen === 'applicant') ? chosen : rule.default;
}

/** 409 with what the dossier is now, so the desk can show it and let the officer decide again. */
function versionMismatch(expected: number, state: DossierState, version: number) {
  return new DomainError(
    'version-mismatch',
    409,
    {
      vi: `Hồ sơ đã thay đổi kể từ khi bạn xem (phiên bản ${expected}, hiện tại ${version}); vui lòng xem lại hồ sơ rồi thao tác lại.`,
      en: `The dossier changed since you saw it (version ${expected}, now ${version}); please review it and act again.`,
    },
    [],
    { current: { status: state.status, step: state.currentStep, orgId: state.currentOrgId, version } },
  );
}

/** The dossier, with the organisations that have held it. Read without a lock (see applyAction). */
const dossierForAction = precompiled((q, p: { code: string }) =>
  q
    .selectFrom('dossiers')
    .selectAll()
    .select(sql<string[]>`coalesce((select array_agg(o.org_id) from dossier_orgs o where o.dossier_id = dossiers.id), '{}')`.as('held_org_ids'))
    .where('code', '=', p.code),
);

/** Another action on the same dossier wrote the log entry this one was about to write. */
const lostRace = (e: unknown) => {
  const err = e as { code?: string; constraint?: string; message?: string };
  return err?.code === '23505' && (err.constraint === 'dossier_actions_pkey' || /dossier_actions_pkey/.test(err.message ?? ''));
};

/**
 * Decides and records one action, optimistically (performAction retries). The dossier is read
 * without a lock; the decision's writes then go as one statement whose first write is the log entry
 * (dossier_id, last seq + 1). If another action was recorded in between, that key is taken:
 * PostgreSQL rejects the whole statement (nothing of it is written) and the action is decided again on the fresh state, where it may now be
 * refused (of concurrent accepts exactly one wins; the others get 409). A concurrent writer of the same
 * seq waits for the first one's key and then fails, so two actions never interleave their writes.
 *
 * Why not a row lock: SELECT … FOR UPDATE needs a transaction around the read and the write, which is
 * two more round trips (begin, commit) per action and a lock held while the server decides. Only
 * `supplement` and `complete`, which read or write more than the dossier (procedure components,
 * the signed result), still run in a transaction — without the row lock too, so every action takes its
 * locks in the same order (log key first, then the dossier row) and two actions cannot deadlock.
 */
async function applyAction(
  db: Kysely<DB>,
  ctx: AppContext,
  user: SessionUser,
  code: string,
  command: Command,
  body: Record<string, unknown>,
  calendarOf: (orgId: string) => WorkingCalendar,
  orgs: OrgSnapshot,
  expectedVersion: number | undefined,
) {
  const row = (await db.executeQuery(dossierForAction({ code }))).rows[0];
  if (!row) throw errors.notFound('dossier', code);
  const state = rowToState(row);
  const actor = positionOf(orgs, user, row, row.held_org_ids);
  // Someone who may not see the dossier hears what they would for a missing one (issue 12, low).
  if (!canView(actor)) throw errors.notFound('dossier', code);
  if (expectedVersion !== undefined && expectedVersion !== row.last_seq) throw versionMismatch(expectedVersion, state, row.last_seq);
  const now = ctx.clock();
  // The one write path (./dossier-writes.ts) decides, then writes the log entry first (the race
  // guard, see above), the projection, counters, file links and the outbox message: one statement.
  await record(db, {
    dossier: { existing: { id: row.id, code: row.code, applicantId: row.applicant_id, receivingOrgId: row.receiving_org_id, procedureCode: row.procedure_code, channel: row.channel, fieldCode: row.field_code, state, head: { seq: row.last_seq, hash: row.last_hash }, heldOrgIds: row.held_org_ids } },
    steps: [{ command, actor, by: { actorId: user.id, actorRole: user.role, actorOrgId: user.orgId }, at: now, payload: body, finish: (decision) => finishAction(db, ctx, user, row, command, decision, orgs, now) }],
    env: { calendarOf, isWithin: (orgId, unitId) => orgs.covers(unitId, orgId) },
  });
}

/** What an action needs beyond the domain's decision, before it is written (inside its transaction). */
async function finishAction(db: Kysely<DB>, ctx: AppContext, user: SessionUser, row: DossierRow, command: Command, decision: Decision, orgs: OrgSnapshot, now: Date) {
  if (command.action === 'supplement') {
    // Supplemented files must be components of the procedure, signed where the component requires it.
    const procedure = await db.selectFrom('procedures').select('components').where('code', '=', row.procedure_code).executeTakeFirstOrThrow();
    const codes = new Set(procedure.components.map((c) => c.code));
    const bad = command.attachments.findIndex((a) => !codes.has(a.componentCode));
    if (bad >= 0) throw invalid([issue(`attachments.${bad}.componentCode`, 'Thành phần hồ sơ không thuộc thủ tục', 'Not a component of this procedure')]);
    const unsigned = await checkSignatures(db, procedure.components, command.attachments);
    if (unsigned.length) throw invalid(unsigned);
  }
  if (command.action === 'complete') {
    // The leader's draft becomes the electronic result: stamped with its verification QR and signed
    // with the organisation's certificate, in this same transaction.
    const org = orgs.find(row.current_org_id);
    if (!db.isTransaction) throw new Error('complete signs its result inside a transaction');
    const signed = await signResult(db as Transaction<DB>, ctx, { dossierId: row.id, dossierCode: row.code, orgId: row.current_org_id, orgName: org?.name ?? row.current_org_id, draftUploadId: command.resultUploadId, actorId: user.id, now });
    decision.state.resultUploadId = signed.uploadId;
    Object.assign(decision.facts, { signedDocumentId: signed.documentId, signedUploadId: signed.uploadId, signedSha256: signed.sha256, verifyUrl: signed.verifyUrl });
  }
}

/** Where the user stands relative to the dossier; pure, so it is safe inside a transaction. */
function positionOf(orgs: OrgSnapshot, user: SessionUser, row: Pick<DossierRow, 'applicant_id' | 'receiving_org_id' | 'current_org_id'>, heldBy: string[]): ActorPosition {
  const officer = isOfficer(user);
  return {
    userId: user.id,
    role: user.role,
    isApplicant: row.applicant_id === user.id,
    coversReceivingOrg: officer && orgs.covers(user.orgId, row.receiving_org_id),
    coversCurrentOrg: officer && orgs.covers(user.orgId, row.current_org_id),
    coversParticipantOrg: officer && heldBy.some((o) => orgs.covers(user.orgId, o)),
  };
}

// ---------------------------------------------------------------------------------------------
// Queries

interface HistoryRow {
  seq: number;
  action: string;
  from_status: string | null;
  to_status: string;
  at: string;
  payload: Record<string, unknown>;
  hash: string;
  actor_role: string | null;
  actor_id: string | null;
  full_name: string | null;
  org_name: string | null;
}
interface AttachmentRow {
  id: string;
  filename: string;
  media_type: string;
  size: number;
  sha256: string;
  signature: unknown;
  component_code: string;
  action_seq: number;
}
interface SignedRow {
  id: string;
  kind: string;
  upload_id: string;
  revoked_at: string | null;
}

/** The dossier with everything its view needs, in one round trip (aggregated subqueries). */
async function loadDossierForView(ctx: AppContext, code: string) {
  return (await ctx.db.executeQuery(dossierForView({ code }))).rows[0];
}

const dossierForView = precompiled((q, p: { code: string }) =>
  q
    .selectFrom('dossiers')
    .innerJoin('procedures', 'procedures.code', 'dossiers.procedure_code')
    .selectAll('dossiers')
    .select(['procedures.name as procedure_name', 'procedures.components as procedure_components'])
    .select([
      sql<string[]>`coalesce((select array_agg(o.org_id) from dossier_orgs o where o.dossier_id = dossiers.id), '{}')`.as('held_org_ids'),
      sql<HistoryRow[]>`coalesce((select json_agg(h order by h.seq) from (
        select a.seq, a.action, a.from_status, a.to_status, a.at, a.payload, a.hash, a.actor_role, a.actor_id, u.full_name, g.name as org_name
        from dossier_actions a left join users u on u.id = a.actor_id left join organisations g on g.id = a.actor_org_id
        where a.dossier_id = dossiers.id) h), '[]'::json)`.as('history'),
      sql<AttachmentRow[]>`coalesce((select json_agg(x order by x.action_seq) from (
        select up.id, up.filename, up.media_type, up.size, up.sha256, up.signature, da.component_code, da.action_seq
        from dossier_attachments da join uploads up on up.id = da.upload_id where da.dossier_id = dossiers.id) x), '[]'::json)`.as('attachments'),
      sql<SignedRow[]>`coalesce((select json_agg(s order by s.issued_at) from (
        select id, kind, upload_id, revoked_at, issued_at from signed_documents where dossier_id = dossiers.id) s), '[]'::json)`.as('signed'),
    ])
    .where('dossiers.code', '=', p.code),
);

type ViewRow = NonNullable<Awaited<ReturnType<typeof loadDossierForView>>>;

/** An imported dossier found by the code it had in the old system (looked up only when no code matches). */
async function loadDossierByLegacyCode(ctx: AppContext, legacyCode: string) {
  const found = await ctx.db.selectFrom('dossiers').select('code').where('legacy_code', '=', legacyCode).executeTakeFirst();
  return found ? loadDossierForView(ctx, found.code) : undefined;
}

export async function getDossier(ctx: AppContext, user: SessionUser, code: string) {
  const row = (await loadDossierForView(ctx, code)) ?? (await loadDossierByLegacyCode(ctx, code));
  if (!row) throw errors.notFound('dossier', code);
  const actor = positionOf(await ctx.orgs.snapshot(), user, row, row.held_org_ids);
  // The same answer as for a missing code, so codes of others' dossiers cannot be probed (issue 12, low).
  if (!canView(actor)) throw errors.notFound('dossier', code);
  return dossierView(ctx, row, actor);
}

async function dossierView(ctx: AppContext, row: ViewRow, actor: ActorPosition) {
  const state = rowToState(row);
  const procedure = { code: row.procedure_code, name: row.procedure_name, components: row.procedure_components };
  const actions = row.history.map((a) => ({ ...a, at: new Date(a.at) }));
  const attachments = row.attachments;
  const receiving = await ctx.orgs.get(row.receiving_org_id);
  const current = await ctx.orgs.get(row.current_org_id);
  const now = ctx.clock();
  // One rule (src/modules/dossiers/domain/timeliness.ts) for the view, the desk list, the summary and every figure.
  const standing = standingAt(state, now);
  const calendar = await ctx.calendars.forOrg(row.receiving_org_id);
  const step = state.process.steps[state.currentStep];
  const minutesLeftNow = clockRunning(standing, state.status) ? minutesUntil(calendar, now, state.dueAt!) : null;
  const clock = openClock(standing, minutesLeftNow);
  return {
    id: row.id,
    code: row.code,
    /** The number of the last log entry: send it back as If-Match or expectedVersion with an action. */
    version: row.last_seq,
    legacyCode: row.legacy_code,
    procedure: { code: procedure.code, name: procedure.name },
    status: state.status,
    statusLabel: STATUS_LABELS[state.status],
    channel: row.channel,
    ruleVersion: state.ruleVersion,
    applicant: row.applicant,
    form: row.form,
    lookupSecret: row.lookup_secret,
    receivingOrg: { id: receiving.id, name: receiving.name, agencyEid: receiving.agency_eid },
    currentOrg: { id: current.id, name: current.name },
    currentStep: step ? { index: state.currentStep, name: step.name, role: step.role, orgId: state.currentOrgId, startedAt: vnIso(state.stepStartedAt), dueAt: vnIso(state.stepDueAt) } : null,
    process: state.process,
    submittedAt: vnIso(state.submittedAt),
    acceptedAt: vnIso(state.acceptedAt),
    dueAt: vnIso(state.dueAt),
    appointmentAt: vnIso(state.appointmentAt),
    pausedAt: vnIso(state.pausedAt),
    finishedAt: vnIso(state.finishedAt),
    timeliness: state.timeliness,
    openTimeliness: openTimelinessOf(standing),
    /** Where the open dossier stands now: on_time, due_soon, paused (not late), late; null when not open. */
    clock,
    workingMinutesLeft: minutesLeftNow,
    dueSoon: clock === 'due_soon',
    supplementRequests: state.supplementRequests,
    countsAsOverdue: state.forcedOverdue,
    apologies: state.apologies,
    resultUploadId: state.resultUploadId,
    returnChannel: state.returnChannel,
    rating: state.ratingLevel ? { level: state.ratingLevel, label: RATING_LABELS[state.ratingLevel] } : null,
    attachments: attachments.map((a) => ({
      uploadId: a.id,
      componentCode: a.component_code,
      componentName: a.component_code === 'result' ? 'Kết quả giải quyết' : (procedure.components.find((c) => c.code === a.component_code)?.name ?? a.component_code),
      filename: a.filename,
      mediaType: a.media_type,
      size: a.size,
      sha256: a.sha256,
      /** Verification of the applicant's digital signature, when the file is signed. */
      signature: a.signature,
      url: `/api/uploads/${a.id}`,
    })),
    history: actions.map((a) => historyEntry(a, actor.role === 'citizen')),
    availableActions: availableActions(state, actor),
    /** Official documents: the forms this dossier has reached, and its signed electronic result. */
    documents: documentsOf(row, actions.map((a) => a.action), row.signed),
  };
}

/**
 * One entry of the history. The applicant sees officers by their unit, not their name, and internal
 * notes not at all (docs/lifecycle.md, "Notes and who sees them"); officers see everything.
 */
function historyEntry(a: Omit<HistoryRow, 'at'> & { at: Date }, forApplicant: boolean) {
  const noteVisibility = noteVisibilityOf(a.action, a.payload);
  const staff = a.actor_role !== 'citizen';
  return {
    seq: a.seq,
    action: a.action,
    label: ACTION_LABELS[a.action as keyof typeof ACTION_LABELS] ?? { vi: a.action, en: a.action },
    fromStatus: a.from_status,
    toStatus: a.to_status,
    at: vnIso(a.at),
    actor: forApplicant && staff ? { id: null, name: null, role: a.actor_role, orgName: a.org_name } : { id: a.actor_id, name: a.full_name, role: a.actor_role, orgName: a.org_name },
    payload: forApplicant ? forTheApplicant(a.payload, noteVisibility) : a.payload,
    noteVisibility,
    hash: a.hash,
  };
}

/** The payload without internal notes and without staff names an imported history may carry. */
function forTheApplicant(payload: Record<string, unknown>, visibility: NoteVisibility): Record<string, unknown> {
  const kept = { ...payload };
  delete kept.actorName;
  if (visibility === 'internal') for (const f of NOTE_FIELDS) delete kept[f];
  return kept;
}

/** The applicant-visible note of an officer's entry, for the public lookup. */
function applicantNote(action: string, actorRole: string | null, payload: Record<string, unknown>): string | null {
  if (actorRole === 'citizen' || noteVisibilityOf(action, payload) !== 'applicant') return null;
  const text = NOTE_FIELDS.map((f) => payload[f]).find((v) => typeof v === 'string' && v.trim() !== '');
  return typeof text === 'string' ? text : null;
}

/** The dossiers a user may list: a citizen's own, or those held by an organisation subtree in scope. */
async function scopedDossiers(ctx: AppContext, user: SessionUser, orgFilter: string | undefined) {
  let q = ctx.db.selectFrom('dossiers').innerJoin('procedures', 'procedures.code', 'dossiers.procedure_code');
  if (user.role === 'citizen') {
    q = q.where('dossiers.applicant_id', '=', user.id);
  } else {
    const own = user.orgId ? await ctx.orgs.find(user.orgId) : undefined;
    if (!own) return null;
    if (orgFilter && !(await ctx.orgs.covers(own.id, orgFilter))) {
      throw new DomainError('forbidden', 403, { vi: 'Cơ quan này không thuộc phạm vi của bạn.', en: 'This organisation is outside your scope.' });
    }
    const org = orgFilter ? (await ctx.orgs.find(orgFilter))! : own;
    // The units under it today (src/modules/organisations/domain/tree.ts). Every organisation that has held a
    // dossier (receiving and current included) is in dossier_orgs.
    const ids = await ctx.orgs.subtreeIds(org.id);
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('dossier_orgs')
          .select('dossier_orgs.org_id')
          .whereRef('dossier_orgs.dossier_id', '=', 'dossiers.id')
          .where(inIds('dossier_orgs.org_id', ids)),
      ),
    );
  }
  return q;
}

/** The clock runs for an open dossier not waiting for a supplement: only then do working minutes left mean something. */
const clockRunning = (standing: Standing | null, status: string) => standing !== null && status !== 'awaiting_supplement';

interface ClockRow {
  status: string;
  accepted_at: Date | null;
  due_at: Date | null;
  paused_at: Date | null;
  forced_overdue: boolean;
  finished_at: Date | null;
  receiving_org_id: string;
}
const clockFactsOf = (r: ClockRow): ClockFacts => ({ status: r.status, acceptedAt: r.accepted_at, dueAt: r.due_at, pausedAt: r.paused_at, forcedOverdue: r.forced_overdue, finishedAt: r.finished_at });

/** A listed dossier's standing, working minutes left (when its clock runs) and desk clock. */
async function clockOfRow(ctx: AppContext, row: ClockRow, now: Date) {
  const standing = standingAt(clockFactsOf(row), now);
  const left = clockRunning(standing, row.status) ? minutesUntil(await ctx.calendars.forOrg(row.receiving_org_id), now, row.due_at!) : null;
  return { standing, left, clock: openClock(standing, left) };
}

export async function listDossiers(ctx: AppContext, user: SessionUser, query: DossierListQuery) {
  const scoped = await scopedDossiers(ctx, user, query.org);
  if (!scoped) return { total: 0, items: [] };
  let q = scoped;
  if (query.status) q = q.where('dossiers.status', '=', query.status);
  if (query.procedure) q = q.where('dossiers.procedure_code', '=', query.procedure);
  if (query.dueBefore) q = q.where('dossiers.due_at', '<', new Date(query.dueBefore));
  if (query.q) {
    const like = `%${escapeLike(query.q)}%`;
    q = q.where((eb) => eb.or([eb('dossiers.code', 'like', like), eb('dossiers.legacy_code', 'like', like)]));
  }
  const now = ctx.clock();
  // Late now (the one rule) or finished late.
  if (query.late === 'true') q = q.where(lateOrFinishedLateSql('dossiers', now));
  else if (query.late === 'false') q = q.where(sql<boolean>`NOT ${lateOrFinishedLateSql('dossiers', now)}`);
  const ordered = user.role === 'citizen' ? q.orderBy('dossiers.submitted_at', 'desc') : q.orderBy(sql`dossiers.due_at asc nulls last`).orderBy('dossiers.submitted_at', 'asc');
  const [rows, total] = await Promise.all([
    ordered
      .select(['dossiers.code', 'dossiers.status', 'dossiers.procedure_code', 'procedures.name as procedure_name', 'dossiers.applicant', 'dossiers.submitted_at', 'dossiers.due_at', 'dossiers.appointment_at', 'dossiers.finished_at', 'dossiers.timeliness', 'dossiers.forced_overdue', 'dossiers.accepted_at', 'dossiers.paused_at', 'dossiers.receiving_org_id', 'dossiers.current_org_id', 'dossiers.current_step'])
      .limit(query.limit)
      .offset(query.offset)
      .execute(),
    q.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  const clocks = await Promise.all(rows.map((r) => clockOfRow(ctx, r, now)));
  return {
    total: total.n,
    items: rows.map((r, i) => ({
      code: r.code,
      status: r.status,
      statusLabel: STATUS_LABELS[r.status as keyof typeof STATUS_LABELS],
      procedure: { code: r.procedure_code, name: r.procedure_name },
      applicantName: r.applicant.fullName,
      submittedAt: vnIso(r.submitted_at),
      dueAt: vnIso(r.due_at),
      appointmentAt: vnIso(r.appointment_at),
      finishedAt: vnIso(r.finished_at),
      timeliness: r.timeliness,
      overdue: clocks[i]!.standing === 'late',
      clock: clocks[i]!.clock,
      workingMinutesLeft: clocks[i]!.left,
      dueSoon: clocks[i]!.clock === 'due_soon',
      receivingOrgId: r.receiving_org_id,
      currentOrgId: r.current_org_id,
      currentStep: r.current_step,
    })),
  };
}

const DUE_SOON_HORIZON_DAYS = 15;

/**
 * Queue counts for the desk: open dossiers by status, how many are late and how many are due within
 * one working day, in the caller's scope (optionally narrowed to an organisation subtree).
 */
export async function dossierSummary(ctx: AppContext, user: SessionUser, orgFilter: string | undefined) {
  const scoped = await scopedDossiers(ctx, user, orgFilter);
  const byStatus: Record<string, number> = Object.fromEntries(DOSSIER_STATUSES.map((s) => [s, 0]));
  if (!scoped) return { byStatus, late: 0, dueSoon: 0 };
  const now = ctx.clock();
  // One working day never spans more than this many calendar days (the longest Tết break is nine),
  // so only dossiers due before it need their working time counted.
  const horizon = new Date(now.getTime() + DUE_SOON_HORIZON_DAYS * 86_400_000);
  const [counts, candidates] = await Promise.all([
    scoped
      .select([
        'dossiers.status',
        sql<number>`count(*)::int`.as('n'),
        sql<number>`(count(*) filter (where ${lateAtSql('dossiers', now)}))::int`.as('late'),
      ])
      .groupBy('dossiers.status')
      .execute(),
    scoped
      .select(['dossiers.status', 'dossiers.accepted_at', 'dossiers.finished_at', 'dossiers.due_at', 'dossiers.paused_at', 'dossiers.forced_overdue', 'dossiers.receiving_org_id'])
      .where('dossiers.finished_at', 'is', null)
      .where('dossiers.due_at', '>=', now)
      .where('dossiers.due_at', '<', horizon)
      .where(standingIsSql('dossiers', now, 'within'))
      .execute(),
  ]);
  let late = 0;
  for (const c of counts) {
    byStatus[c.status] = c.n;
    late += c.late;
  }
  let dueSoon = 0;
  for (const r of candidates) {
    if ((await clockOfRow(ctx, r, now)).clock === 'due_soon') dueSoon++;
  }
  return { byStatus, late, dueSoon };
}

// ---------------------------------------------------------------------------------------------
// Public lookup (no login): code + secret, masked data only (Decree 13/2023 on personal data).

export function maskName(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .map((w, i, all) => (i === all.length - 1 ? w : `${w.charAt(0)}.`))
    .join(' ');
}

export async function publicLookup(ctx: AppContext, code: string, secret: string) {
  const row = await ctx.db.selectFrom('dossiers').innerJoin('procedures', 'procedures.code', 'dossiers.procedure_code').selectAll('dossiers').select('procedures.name as procedure_name').where('dossiers.code', '=', code).executeTakeFirst();
  // Compared as digests: equal lengths whatever was typed (a multibyte secret made timingSafeEqual
  // throw), in constant time, and compared even when the code is unknown.
  const a = createHash('sha256').update(secret.toUpperCase()).digest();
  const b = createHash('sha256').update(row?.lookup_secret ?? '\u0000no-dossier').digest();
  if (!timingSafeEqual(a, b) || !row) {
    // One answer for "no such code" and "wrong secret", so codes cannot be probed.
    throw new DomainError('lookup-failed', 404, {
      vi: 'Không tìm thấy hồ sơ với mã và mã tra cứu đã nhập.',
      en: 'No dossier matches that code and lookup secret.',
    });
  }
  const actions = await ctx.db
    .selectFrom('dossier_actions')
    .leftJoin('organisations', 'organisations.id', 'dossier_actions.actor_org_id')
    .select(['dossier_actions.action', 'dossier_actions.at', 'dossier_actions.to_status', 'dossier_actions.actor_role', 'dossier_actions.payload', 'organisations.name as unit'])
    .where('dossier_actions.dossier_id', '=', row.id)
    .orderBy('dossier_actions.seq')
    .execute();
  const receiving = await ctx.orgs.get(row.receiving_org_id);
  return {
    code: row.code,
    procedure: { code: row.procedure_code, name: row.procedure_name },
    status: row.status,
    statusLabel: STATUS_LABELS[row.status as keyof typeof STATUS_LABELS],
    applicantName: maskName(row.applicant.fullName),
    receivingOrg: receiving.name,
    submittedAt: vnIso(row.submitted_at),
    acceptedAt: vnIso(row.accepted_at),
    appointmentAt: vnIso(row.appointment_at),
    finishedAt: vnIso(row.finished_at),
    // The unit that acted (never an officer's name) and only notes meant for the applicant.
    history: actions.map((x) => ({
      action: x.action,
      label: ACTION_LABELS[x.action as keyof typeof ACTION_LABELS],
      status: x.to_status,
      at: vnIso(x.at),
      unit: x.unit,
      note: applicantNote(x.action, x.actor_role, x.payload as Record<string, unknown>),
    })),
  };
}
