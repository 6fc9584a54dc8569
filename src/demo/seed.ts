/**
 * First-start data. Reference data (the announced national calendar years) is always seeded when
 * missing. The DEMO city, catalogue and accounts are seeded only into an empty database, and only
 * when enabled (default on the embedded database, off with DATABASE_URL).
 */
import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import { json } from '../platform/db/db.ts';
import { OFFICIAL_YEARS } from '../modules/calendar/domain/official-years.ts';
import { foldVietnamese } from '../modules/catalogue/domain/search-text.ts';
import { hashPassword } from '../modules/identity/passwords.ts';
import { NATIONAL_SCOPE } from '../modules/calendar/calendars.ts';
import type { AppContext } from '../context.ts';
import type { Role } from '../modules/dossiers/domain/types.ts';
import { DEMO_FIELDS, DEMO_ORGANISATIONS } from './demo-organisations.ts';
import { TREE_EPOCH } from '../modules/organisations/domain/tree.ts';
import { DEMO_PROCEDURES } from './demo-procedures.ts';
import { demoYearPlan, markDemoYearToLoad } from './history-seed.ts';
import { seedDemoPlan } from './demo-plan.ts';
import { seedDemoFees } from './demo-fees.ts';
import { seedDemoProcedureVersions } from './demo-procedure-versions.ts';
import { markDemoPopulationProcedures } from './demo-population.ts';

export const DEMO_PASSWORD = 'motcua-demo';

export interface DemoAccount {
  username: string;
  role: Role;
  fullName: string;
  orgId: string | null;
  idNumber?: string;
  phone?: string;
  address?: string;
  where: string;
}

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { username: 'citizen', role: 'citizen', fullName: 'Nguyễn Văn An', orgId: null, idNumber: '079090001234', phone: '0901234567', address: '12 Lê Lợi, Phường Sài Gòn, Thành phố Hồ Chí Minh', where: 'công dân' },
  { username: 'citizen2', role: 'citizen', fullName: 'Trần Thị Bích Ngọc', orgId: null, idNumber: '079195004321', phone: '0912345678', address: '25 Nguyễn Trãi, Phường Bến Thành, Thành phố Hồ Chí Minh', where: 'công dân' },
  { username: 'reception', role: 'reception', fullName: 'Lê Thị Thu', orgId: 'phuong-sai-gon', where: 'tiếp nhận — UBND Phường Sài Gòn' },
  { username: 'specialist', role: 'specialist', fullName: 'Phạm Minh Tuấn', orgId: 'phuong-sai-gon', where: 'chuyên viên — UBND Phường Sài Gòn' },
  { username: 'leader', role: 'leader', fullName: 'Võ Văn Hùng', orgId: 'phuong-sai-gon', where: 'lãnh đạo — UBND Phường Sài Gòn' },
  { username: 'admin', role: 'admin', fullName: 'Quản trị hệ thống', orgId: 'h29', where: 'quản trị — UBND TP.HCM' },
  { username: 'manager', role: 'manager', fullName: 'Đỗ Thị Lan', orgId: 'h29', where: 'theo dõi CCHC — UBND TP.HCM' },
  { username: 'btn.reception', role: 'reception', fullName: 'Hồ Ngọc Mai', orgId: 'phuong-ben-thanh', where: 'tiếp nhận — UBND Phường Bến Thành' },
  { username: 'vpdk.specialist', role: 'specialist', fullName: 'Bùi Quốc Khánh', orgId: 'vpdkdd', where: 'chuyên viên — Văn phòng Đăng ký đất đai' },
  { username: 'vpdk.leader', role: 'leader', fullName: 'Trương Thanh Hải', orgId: 'vpdkdd', where: 'lãnh đạo — Văn phòng Đăng ký đất đai' },
  { username: 'stp.reception', role: 'reception', fullName: 'Đặng Thu Hà', orgId: 'so-tu-phap', where: 'tiếp nhận — Sở Tư pháp' },
];

export async function seedReferenceData(trx: Transaction<DB>): Promise<void> {
  for (const y of OFFICIAL_YEARS) {
    await trx
      .insertInto('calendar_years')
      .values({ scope: NATIONAL_SCOPE, year: y.year, days_off: json(y.daysOff), working_days: json(y.workingDays), source: y.source, note: y.note ?? null })
      .onConflict((oc) => oc.columns(['scope', 'year']).doNothing())
      .execute();
  }
}

export async function seedDemo(trx: Transaction<DB>): Promise<void> {
  for (const o of DEMO_ORGANISATIONS) {
    await trx
      .insertInto('organisations')
      .values({
        id: o.id,
        name: o.name,
        short_name: o.shortName,
        kind: o.kind,
        agency_eid: o.agencyEid,
        address: o.address,
        phone: o.phone,
        email: null,
        calendar: json(o.calendar ?? {}),
        is_demo: true,
      })
      .execute();
  }
  // The demo tree is today's and, like the back-filled one (migration 019), holds since records began.
  for (const o of DEMO_ORGANISATIONS) {
    if (o.parentId) await trx.insertInto('organisation_parents').values({ org_id: o.id, parent_id: o.parentId, valid_from: TREE_EPOCH }).execute();
  }
  for (const [code, name] of DEMO_FIELDS) await trx.insertInto('fields').values({ code, name }).execute();
  const wards = DEMO_ORGANISATIONS.filter((o) => o.kind === 'commune').map((o) => o.id);
  const fieldName = new Map(DEMO_FIELDS);
  for (const p of DEMO_PROCEDURES) {
    await trx
      .insertInto('procedures')
      .values({
        code: p.code,
        name: p.name,
        field_code: p.field,
        level: p.level,
        online_level: p.onlineLevel,
        fee_vnd: p.feeVnd,
        fee_note: p.feeNote ?? null,
        duration_value: p.duration.value,
        duration_unit: p.duration.unit,
        legal_basis: p.legalBasis,
        description: `${p.description ? `${p.description} ` : ''}Dữ liệu mẫu (DEMO), không phải thông tin chính thức.`,
        applicant_types: json(p.applicantTypes),
        components: json(p.components),
        form_fields: json(p.formFields),
        process: json(p.process),
        result_name: p.resultName,
        search_text: foldVietnamese(`${p.name} ${p.code} ${fieldName.get(p.field) ?? ''}`),
        is_demo: true,
      })
      .execute();
    for (const orgId of p.receivedAt === 'wards' ? wards : p.receivedAt) {
      await trx.insertInto('procedure_orgs').values({ procedure_code: p.code, org_id: orgId }).execute();
    }
  }
  await seedDemoFees(trx);
  await seedDemoProcedureVersions(trx);
  await markDemoPopulationProcedures(trx);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const a of DEMO_ACCOUNTS) {
    await trx
      .insertInto('users')
      .values({
        id: `usr_${randomUUID()}`,
        username: a.username,
        password_hash: passwordHash,
        full_name: a.fullName,
        role: a.role,
        org_id: a.orgId,
        id_number: a.idNumber ?? null,
        phone: a.phone ?? null,
        email: null,
        address: a.address ?? null,
        is_demo: true,
      })
      .execute();
  }
  await seedDemoPlan(trx);
}

/**
 * `history`: the demo year to load after the city is created (src/demo/history-seed.ts); its marker is
 * written in the same transaction as the city, so a stop before the first batch still loads it next time.
 */
export async function seedDemoIfEmpty(ctx: AppContext, options: { enabled: boolean; history?: { dossiers: number } | null }): Promise<{ demo: boolean; created: boolean; accounts: DemoAccount[] }> {
  let created = false;
  await ctx.db.transaction().execute(async (trx) => {
    await seedReferenceData(trx);
    if (!options.enabled) return;
    const any = await trx.selectFrom('organisations').select('id').limit(1).executeTakeFirst();
    if (any) return;
    await seedDemo(trx);
    if (options.history) await markDemoYearToLoad(trx, demoYearPlan(ctx, options.history.dossiers));
    created = true;
  });
  ctx.orgs.invalidate();
  ctx.calendars.invalidate();
  const demoUsers = await ctx.db.selectFrom('users').select('username').where('is_demo', '=', true).execute();
  const present = new Set(demoUsers.map((u) => u.username));
  const accounts = DEMO_ACCOUNTS.filter((a) => present.has(a.username));
  return { demo: accounts.length > 0, created, accounts };
}
