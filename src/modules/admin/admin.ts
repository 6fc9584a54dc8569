/**
 * Administration: publish and edit procedures (with their internal process), officer accounts, and an
 * organisation's working hours. Scoped to the administrator's organisation subtree. Dossiers already in
 * progress keep the process snapshotted when they were submitted.
 */
import { randomUUID } from 'node:crypto';
import type { OrganisationUpsert, ProcedureUpsert } from './contracts.ts';
import { DomainError, errors, type FieldIssue } from '../../kernel/errors.ts';
import { canonicalJson } from '../dossiers/domain/action-log.ts';
import { cityLevelOnly, isCityLevel, outsideScope } from '../organisations/scope.ts';
import type { OrgSnapshot } from '../organisations/directory.ts';
import { foldVietnamese } from '../catalogue/domain/search-text.ts';
import { CalendarError, DEFAULT_WEEKLY_HOURS, WorkingCalendar, parsePeriods } from '../calendar/domain/working-calendar.ts';
import { WORKING_DAY_MINUTES } from '../calendar/domain/working-calendar.ts';
import { json } from '../../platform/db/db.ts';
import { hashPassword } from '../identity/passwords.ts';
import { getProcedure } from '../catalogue/procedures.ts';
import { currentParts, recordManualVersion, statutoryPartsOf } from '../catalogue/versions.ts';
import { dayNumberOf, isoDate } from '../calendar/domain/local-time.ts';
import type { AppContext } from '../../context.ts';
import { requireGoodPassword } from '../identity/password-policy.ts';
import type { SessionUser } from '../identity/auth.ts';
import { recordAudit } from '../audit/audit.ts';

const issue = (path: string, vi: string, en: string): FieldIssue => ({ path, message: { vi, en } });
const invalid = (issues: FieldIssue[]) => new DomainError('validation-failed', 422, { vi: 'Dữ liệu không hợp lệ.', en: 'The data is not valid.' }, issues);

export async function upsertProcedure(ctx: AppContext, user: SessionUser, code: string, body: ProcedureUpsert) {
  const orgs = await ctx.orgs.snapshot();
  if (!(await isCityLevel(ctx, user))) await requireLocalProcedureEdit(ctx, orgs, user, code, body);
  const issues: FieldIssue[] = [];
  const field = await ctx.db.selectFrom('fields').select('name').where('code', '=', body.fieldCode).executeTakeFirst();
  if (!field) issues.push(issue('fieldCode', 'Không có lĩnh vực này', 'No such field'));
  body.receivedAt.forEach((id, i) => {
    if (!orgs.find(id)) issues.push(issue(`receivedAt.${i}`, 'Không có cơ quan này', 'No such organisation'));
  });
  body.process.forEach((s, i) => {
    if (s.orgId !== null && !orgs.find(s.orgId)) issues.push(issue(`process.${i}.orgId`, 'Không có cơ quan này', 'No such organisation'));
  });
  const dup = <T>(xs: T[]) => xs.findIndex((x, i) => xs.indexOf(x) !== i);
  const dc = dup(body.components.map((c) => c.code));
  if (dc >= 0) issues.push(issue(`components.${dc}.code`, 'Mã thành phần bị trùng', 'Duplicate component code'));
  const df = dup(body.formFields.map((f) => f.name));
  if (df >= 0) issues.push(issue(`formFields.${df}.name`, 'Tên trường bị trùng', 'Duplicate field name'));
  body.formFields.forEach((f, i) => {
    if (f.type === 'select' && !(f.options && f.options.length > 0)) issues.push(issue(`formFields.${i}.options`, 'Trường chọn cần danh sách lựa chọn', 'A select needs options'));
    if (f.optionsEn && f.optionsEn.length !== (f.options?.length ?? 0)) {
      issues.push(issue(`formFields.${i}.optionsEn`, 'Cần đúng một nhãn tiếng Anh cho mỗi lựa chọn, theo cùng thứ tự', 'Give one English label per option, in the same order'));
    }
  });
  // The internal process must fit the statutory duration exactly when both are in working time.
  const total = body.process.reduce((s, p) => s + p.durationHours, 0);
  const statutoryHours = body.duration.unit === 'working_days' ? (body.duration.value * WORKING_DAY_MINUTES) / 60 : body.duration.unit === 'working_hours' ? body.duration.value : null;
  if (statutoryHours !== null && Math.abs(total - statutoryHours) > 1e-6) {
    issues.push(issue('process', `Tổng thời gian các bước (${total} giờ) phải bằng thời hạn giải quyết (${statutoryHours} giờ làm việc)`, `The steps add up to ${total} h; the statutory duration is ${statutoryHours} working hours`));
  }
  if (body.feeVnd === null && !body.feeNote) issues.push(issue('feeNote', 'Khi phí phụ thuộc từng trường hợp, cần ghi chú cách tính', 'Explain the fee when it depends on the case'));
  if (issues.length > 0) throw invalid(issues);

  const now = ctx.clock();
  const values = {
    name: body.name.normalize('NFC'),
    field_code: body.fieldCode,
    level: body.level,
    online_level: body.onlineLevel,
    fee_vnd: body.feeVnd,
    fee_note: body.feeNote ?? null,
    duration_value: body.duration.value,
    duration_unit: body.duration.unit,
    legal_basis: body.legalBasis,
    description: body.description ?? null,
    applicant_types: json(body.applicantTypes),
    components: json(body.components),
    form_fields: json(body.formFields),
    process: json(body.process),
    result_name: body.resultName ?? null,
    search_text: foldVietnamese(`${body.name} ${code} ${field!.name}`),
    published: body.published,
    updated_at: now,
    // Absent: the level stays as it is (a form that does not show it changes nothing).
    ...(body.requiredIdentityLevel !== undefined ? { required_identity_level: body.requiredIdentityLevel } : {}),
    ...(body.usesPopulationDb !== undefined ? { uses_population_db: body.usesPopulationDb } : {}),
  };
  await ctx.db.transaction().execute(async (trx) => {
    const before = await currentParts(trx, code);
    await trx.insertInto('procedures').values({ code, ...values }).onConflict((oc) => oc.column('code').doUpdateSet(values)).execute();
    // A change of the statutory parts is a new version of the procedure (source: manual; no decision dates).
    const after = statutoryPartsOf({ ...body, name: values.name }, before?.agencies ?? []);
    await recordManualVersion(trx, before, after, user.id, now, isoDate(dayNumberOf(now)), code);
    await trx.deleteFrom('procedure_orgs').where('procedure_code', '=', code).execute();
    await trx.insertInto('procedure_orgs').values([...new Set(body.receivedAt)].map((org_id) => ({ procedure_code: code, org_id }))).execute();
    // A procedure of one unit is that unit's; one shared by several is filed under the administrator's.
    const orgId = new Set(body.receivedAt).size === 1 ? body.receivedAt[0]! : user.orgId;
    await recordAudit(trx, ctx, user, { action: 'procedure.upsert', subjectType: 'procedure', subjectId: code, orgId, details: { ...body } });
  });
  if (!body.published) return { code, published: false };
  return getProcedure(ctx, code);
}

/**
 * The statutory parts of a procedure — what the national and city catalogues publish: its name, field,
 * level, fee, duration, legal basis, who may apply, the papers required and the result. Set at city
 * level only, whoever offers the procedure.
 */
const STATUTORY = ['name', 'fieldCode', 'level', 'onlineLevel', 'feeVnd', 'feeNote', 'duration', 'legalBasis', 'applicantTypes', 'components', 'resultName'] as const;

function statutoryParts(p: ProcedureUpsert): Record<(typeof STATUTORY)[number], string> {
  const values = {
    name: p.name.normalize('NFC'),
    fieldCode: p.fieldCode,
    level: p.level,
    onlineLevel: p.onlineLevel,
    feeVnd: p.feeVnd,
    feeNote: p.feeNote ?? null,
    duration: { value: p.duration.value, unit: p.duration.unit },
    legalBasis: p.legalBasis,
    // Who may apply is a set: the same types in another order are no change.
    applicantTypes: [...new Set(p.applicantTypes)].sort(),
    components: p.components,
    resultName: p.resultName ?? null,
  };
  return Object.fromEntries(STATUTORY.map((k) => [k, canonicalJson(values[k])])) as Record<(typeof STATUTORY)[number], string>;
}

/**
 * Below city level, an administrator edits only a procedure that exists already and that no unit
 * outside their subtree offers, and only its local parts: where it is received (units of their
 * subtree), its internal process (steps at the receiving unit, in their subtree, or at a unit the
 * process already had), its online form, description and publication. A new procedure code, a
 * procedure shared with other units and the statutory parts are the city's (403 city-level-only).
 */
async function requireLocalProcedureEdit(ctx: AppContext, orgs: OrgSnapshot, user: SessionUser, code: string, body: ProcedureUpsert): Promise<void> {
  const current = await ctx.db.selectFrom('procedures').selectAll().where('code', '=', code).executeTakeFirst();
  if (!current) {
    throw cityLevelOnly([], { vi: 'Chỉ quản trị viên cấp thành phố được công bố thủ tục mới.', en: 'Only a city-level administrator may publish a new procedure.' });
  }
  const offeredAt = (await ctx.db.selectFrom('procedure_orgs').select('org_id').where('procedure_code', '=', code).execute()).map((r) => r.org_id);
  if (offeredAt.some((id) => !orgs.covers(user.orgId, id))) {
    throw cityLevelOnly([], {
      vi: 'Thủ tục này được tiếp nhận cả ở cơ quan ngoài phạm vi của bạn; chỉ quản trị viên cấp thành phố được thay đổi.',
      en: 'Units outside your scope also offer this procedure; only a city-level administrator may change it.',
    });
  }
  const outside: FieldIssue[] = [];
  body.receivedAt.forEach((id, i) => {
    if (orgs.find(id) && !orgs.covers(user.orgId, id)) outside.push(issue(`receivedAt.${i}`, 'Cơ quan ngoài phạm vi của bạn', 'Outside your organisation'));
  });
  const knownSteps = new Set(current.process.map((s) => s.orgId));
  body.process.forEach((s, i) => {
    if (s.orgId !== null && !knownSteps.has(s.orgId) && orgs.find(s.orgId) && !orgs.covers(user.orgId, s.orgId)) {
      outside.push(issue(`process.${i}.orgId`, 'Cơ quan ngoài phạm vi của bạn', 'Outside your organisation'));
    }
  });
  if (outside.length > 0) throw outsideScope(outside);
  const was = statutoryParts({
    ...body,
    name: current.name,
    fieldCode: current.field_code,
    level: current.level as ProcedureUpsert['level'],
    onlineLevel: current.online_level as ProcedureUpsert['onlineLevel'],
    feeVnd: current.fee_vnd,
    feeNote: current.fee_note,
    duration: { value: current.duration_value, unit: current.duration_unit as ProcedureUpsert['duration']['unit'] },
    legalBasis: current.legal_basis,
    applicantTypes: current.applicant_types as ProcedureUpsert['applicantTypes'],
    components: current.components as ProcedureUpsert['components'],
    resultName: current.result_name,
  });
  const now = statutoryParts(body);
  const changed = STATUTORY.filter((k) => was[k] !== now[k]);
  if (changed.length > 0) {
    throw cityLevelOnly(
      changed.map((k) => issue(k, 'Phần do cấp thành phố quy định; không được thay đổi ở cấp này', 'Set at city level; not changeable at this level')),
      { vi: 'Tên, phí, thời hạn, căn cứ pháp lý, thành phần hồ sơ và kết quả của thủ tục do cấp thành phố quy định.', en: 'The name, fee, duration, legal basis, required papers and result of a procedure are set at city level.' },
    );
  }
}

export async function createOfficer(ctx: AppContext, admin: SessionUser, body: { username: string; fullName: string; role: SessionUser['role']; orgId: string; password: string; email?: string; phone?: string }) {
  const orgs = await ctx.orgs.snapshot();
  if (!orgs.find(body.orgId)) throw invalid([issue('orgId', 'Không có cơ quan này', 'No such organisation')]);
  if (!orgs.covers(admin.orgId, body.orgId)) throw outsideScope([issue('orgId', 'Cơ quan ngoài phạm vi của bạn', 'Outside your organisation')]);
  requireGoodPassword(body.password, { username: body.username.toLowerCase() });
  const id = `usr_${randomUUID()}`;
  const passwordHash = await hashPassword(body.password);
  const row = await ctx.db.transaction().execute(async (trx) => {
    const created = await trx
      .insertInto('users')
      .values({ id, username: body.username.toLowerCase(), password_hash: passwordHash, full_name: body.fullName.normalize('NFC'), role: body.role, org_id: body.orgId, email: body.email ?? null, phone: body.phone ?? null, id_number: null, address: null, created_at: ctx.clock() })
      .onConflict((oc) => oc.column('username').doNothing())
      .returning(['id', 'username', 'full_name', 'role', 'org_id', 'active'])
      .executeTakeFirst();
    if (created) {
      // Never the password; contacts by name only.
      const details = { username: created.username, fullName: created.full_name, role: created.role, orgId: created.org_id, contacts: [...(body.email ? ['email'] : []), ...(body.phone ? ['phone'] : [])] };
      await recordAudit(trx, ctx, admin, { action: 'user.create', subjectType: 'user', subjectId: created.id, orgId: created.org_id, details });
    }
    return created;
  });
  if (!row) {
    throw new DomainError('username-taken', 409, { vi: 'Tên đăng nhập đã được sử dụng.', en: 'That username is taken.' }, [issue('username', 'Đã được sử dụng', 'Already taken')]);
  }
  return { id: row.id, username: row.username, fullName: row.full_name, role: row.role, orgId: row.org_id, active: row.active };
}

export async function listOfficers(ctx: AppContext, admin: SessionUser, orgId: string | undefined) {
  const orgs = await ctx.orgs.snapshot();
  const scope = orgId ?? admin.orgId!;
  if (!orgs.covers(admin.orgId, scope)) throw outsideScope();
  const rows = await ctx.db.selectFrom('users').select(['id', 'username', 'full_name', 'role', 'org_id', 'active']).where('org_id', 'is not', null).orderBy('username').execute();
  return { items: rows.filter((r) => orgs.covers(scope, r.org_id!)).map((r) => ({ id: r.id, username: r.username, fullName: r.full_name, role: r.role, orgId: r.org_id, active: r.active })) };
}

export async function updateOfficer(ctx: AppContext, admin: SessionUser, id: string, body: { role?: SessionUser['role']; orgId?: string; active?: boolean; fullName?: string }) {
  const orgs = await ctx.orgs.snapshot();
  const row = await ctx.db.selectFrom('users').select(['id', 'org_id', 'role']).where('id', '=', id).executeTakeFirst();
  if (!row || !row.org_id) {
    throw new DomainError('not-found', 404, { vi: `Không có cán bộ "${id}" trong phạm vi của bạn.`, en: `No officer "${id}" in your scope.` });
  }
  // An officer of another unit, or a move, promotion or role at an organisation outside the subtree.
  if (!orgs.covers(admin.orgId, row.org_id)) throw outsideScope();
  if (body.orgId && !orgs.find(body.orgId)) throw invalid([issue('orgId', 'Không có cơ quan này', 'No such organisation')]);
  if (body.orgId && !orgs.covers(admin.orgId, body.orgId)) throw outsideScope([issue('orgId', 'Cơ quan ngoài phạm vi của bạn', 'Outside your organisation')]);
  if (id === admin.id && body.active === false) throw invalid([issue('active', 'Không thể tự khóa tài khoản của mình', 'You cannot deactivate yourself')]);
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ ...(body.role ? { role: body.role } : {}), ...(body.orgId ? { org_id: body.orgId } : {}), ...(body.active !== undefined ? { active: body.active } : {}), ...(body.fullName ? { full_name: body.fullName.normalize('NFC') } : {}) })
      .where('id', '=', id)
      .execute();
    // A deactivated officer's sessions end at once.
    if (body.active === false) await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
    const details = {
      ...body,
      ...(body.role ? { previousRole: row.role } : {}),
      ...(body.orgId ? { previousOrgId: row.org_id } : {}),
    };
    // Filed under the organisation the officer belongs to now (a move shows in both units' details).
    await recordAudit(trx, ctx, admin, { action: 'user.update', subjectType: 'user', subjectId: id, orgId: body.orgId ?? row.org_id, details });
  });
  const u = await ctx.db.selectFrom('users').select(['id', 'username', 'full_name', 'role', 'org_id', 'active']).where('id', '=', id).executeTakeFirstOrThrow();
  return { id: u.id, username: u.username, fullName: u.full_name, role: u.role, orgId: u.org_id, active: u.active };
}

export async function setOrgCalendar(ctx: AppContext, admin: SessionUser, orgId: string, body: { weeklyHours: string[] | null; cutoff: string | null }) {
  const orgs = await ctx.orgs.snapshot();
  if (!orgs.find(orgId)) throw errors.notFound('organisation', orgId);
  if (!orgs.covers(admin.orgId, orgId)) throw outsideScope();
  try {
    const weekly = body.weeklyHours ? body.weeklyHours.map(parsePeriods) : DEFAULT_WEEKLY_HOURS;
    const cutoffMinute = body.cutoff === null ? null : parsePeriods(`${body.cutoff}-24:00`)[0]![0];
    new WorkingCalendar({ weeklyHours: weekly, cutoffMinute, yearSchedules: {} }); // validates
  } catch (e) {
    if (e instanceof CalendarError) throw invalid([issue('weeklyHours', `Giờ làm việc không hợp lệ: ${e.message}`, `Invalid working hours: ${e.message}`)]);
    throw e;
  }
  const calendar = { ...(body.weeklyHours ? { weeklyHours: body.weeklyHours } : {}), cutoff: body.cutoff };
  await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable('organisations').set({ calendar: json(calendar) }).where('id', '=', orgId).execute();
    await recordAudit(trx, ctx, admin, { action: 'calendar.org.set', subjectType: 'organisation', subjectId: orgId, orgId, details: { ...calendar } });
  });
  ctx.orgs.invalidate();
  ctx.calendars.invalidate();
  return { orgId, calendar };
}

/**
 * Create an organisation under one in the administrator's subtree, or edit its name, contacts and
 * status. The parent is not changed by an edit: moving a unit is a dated reorganisation (moveOrganisation).
 */
export async function upsertOrganisation(ctx: AppContext, admin: SessionUser, id: string, body: OrganisationUpsert) {
  // Read afresh: a unit created a moment ago (by this server or another) must be found as existing.
  ctx.orgs.invalidate();
  const orgs = await ctx.orgs.snapshot();
  const parent = orgs.find(body.parentId);
  const existing = orgs.find(id);
  // An organisation is created and edited from the level above: its parent (the one it has, for an
  // edit) must be in the administrator's subtree. A unit's own administrator does not rename it,
  // renumber it (its agency e-ID numbers its dossiers) or close it.
  if (existing && !(existing.parent_id && orgs.covers(admin.orgId, existing.parent_id))) throw outsideScope();
  if (parent && !orgs.covers(admin.orgId, parent.id)) throw outsideScope([issue('parentId', 'Cơ quan ngoài phạm vi của bạn', 'Outside your organisation')]);
  const issues: FieldIssue[] = [];
  if (!parent) issues.push(issue('parentId', 'Không có cơ quan này', 'No such organisation'));
  if (existing && existing.parent_id !== body.parentId) {
    issues.push(issue('parentId', 'Không đổi được cơ quan cấp trên bằng thao tác sửa (đó là sắp xếp lại đơn vị hành chính)', 'The parent cannot be changed by an edit (that is a reorganisation)'));
  }
  if (body.agencyEid) {
    const same = await ctx.orgs.findByEid(body.agencyEid);
    if (same && same.id !== id) issues.push(issue('agencyEid', `Mã định danh đã dùng cho ${same.name}`, `Already used by ${same.name}`));
  }
  if (issues.length > 0) throw invalid(issues);
  const values = {
    name: body.name,
    short_name: body.shortName ?? null,
    kind: body.kind,
    agency_eid: body.agencyEid ?? null,
    address: body.address ?? null,
    phone: body.phone ?? null,
    email: body.email ?? null,
    active: body.active,
  };
  await ctx.db.transaction().execute(async (trx) => {
    if (existing) {
      await trx.updateTable('organisations').set(values).where('id', '=', id).execute();
    } else {
      // A new unit exists, under its parent, from today (a dated tree: src/modules/organisations/domain/tree.ts).
      await trx.insertInto('organisations').values({ id, calendar: json({}), effective_from: orgs.day, ...values }).execute();
      await trx.insertInto('organisation_parents').values({ org_id: id, parent_id: parent!.id, valid_from: orgs.day }).execute();
    }
    await recordAudit(trx, ctx, admin, { action: 'organisation.upsert', subjectType: 'organisation', subjectId: id, orgId: id, details: { ...body, created: !existing } });
  });
  ctx.orgs.invalidate();
  ctx.calendars.invalidate();
  return { id, ...body, created: !existing };
}
