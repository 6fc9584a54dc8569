/** The procedure catalogue: accent-insensitive search and the full record of one procedure. */
import type { Selectable } from 'kysely';
import { errors } from '../../kernel/errors.ts';
import { searchCandidates } from './domain/search-text.ts';
import { DURATION_UNIT_LABELS_VI } from '../calendar/domain/deadlines.ts';
import { dayNumberOf, isoDate } from '../calendar/domain/local-time.ts';
import type { ProcedureQuery } from './contracts.ts';
import type { ProceduresTable } from '../../platform/db/schema-catalogue.ts';
import type { AppContext } from '../../context.ts';
import { precompiled } from '../../platform/db/precompiled.ts';

type ProcedureRow = Selectable<ProceduresTable>;


/**
 * Filters narrow the catalogue in SQL; the words are then matched and the result ordered in JS
 * (searchCandidates: typo and initials tolerance, Vietnamese collation), which LIKE and the database's
 * collation (often "C" or en_US) cannot do. Only code, name and search text of the
 * filtered procedures are read (a ~2000-procedure catalogue is a few hundred kilobytes), then the full rows
 * of the requested page.
 */
export async function searchProcedures(ctx: AppContext, query: ProcedureQuery) {
  let q = ctx.db.selectFrom('procedures').where('procedures.published', '=', true);
  if (query.field) q = q.where('procedures.field_code', '=', query.field);
  if (query.level) q = q.where('procedures.level', '=', query.level);
  if (query.onlineLevel) q = q.where('procedures.online_level', '=', query.onlineLevel);
  if (query.org) {
    const org = query.org;
    q = q.where((eb) => eb.exists(eb.selectFrom('procedure_orgs').select('org_id').whereRef('procedure_orgs.procedure_code', '=', 'procedures.code').where('procedure_orgs.org_id', '=', org)));
  }
  const candidates = (await q.select(['procedures.code', 'procedures.name', 'procedures.search_text']).execute()).map((r) => ({ code: r.code, name: r.name, searchText: r.search_text }));
  const matches = searchCandidates(candidates, query.q ?? '');
  const pageCodes = matches.slice(query.offset, query.offset + query.limit).map((m) => m.code);
  const rows =
    pageCodes.length === 0
      ? []
      : await ctx.db
          .selectFrom('procedures')
          .innerJoin('fields', 'fields.code', 'procedures.field_code')
          .select(['procedures.code', 'procedures.name', 'procedures.field_code', 'fields.name as field_name', 'procedures.level', 'procedures.online_level', 'procedures.fee_vnd', 'procedures.duration_value', 'procedures.duration_unit'])
          .where('procedures.code', 'in', pageCodes)
          .execute();
  const byCode = new Map(rows.map((r) => [r.code, r]));
  return {
    total: matches.length,
    items: pageCodes.flatMap((code) => {
      const r = byCode.get(code);
      if (!r) return []; // unpublished between the two reads
      return [
        {
          code: r.code,
          name: r.name,
          field: { code: r.field_code, name: r.field_name },
          level: r.level,
          onlineLevel: r.online_level,
          feeVnd: r.fee_vnd,
          duration: { value: r.duration_value, unit: r.duration_unit, label: `${r.duration_value} ${DURATION_UNIT_LABELS_VI[r.duration_unit]}` },
        },
      ];
    }),
  };
}

// Read on every submission: compiled once (src/platform/db/precompiled.ts).
const publishedProcedure = precompiled((q, p: { code: string }) => q.selectFrom('procedures').selectAll().where('code', '=', p.code).where('published', '=', true));
/** Units receiving the procedure today: a unit closed by a reorganisation keeps its rows (what it offered) but receives nothing more. */
const procedureOrgs = precompiled((q, p: { code: string; today: string }) =>
  q
    .selectFrom('procedure_orgs')
    .innerJoin('organisations as o', 'o.id', 'procedure_orgs.org_id')
    .select('procedure_orgs.org_id')
    .where('procedure_orgs.procedure_code', '=', p.code)
    .where((eb) => eb.or([eb('o.effective_to', 'is', null), eb('o.effective_to', '>', p.today)]))
    .orderBy('procedure_orgs.org_id'),
);

export async function loadProcedure(ctx: AppContext, code: string): Promise<ProcedureRow> {
  const row = (await ctx.db.executeQuery(publishedProcedure({ code }))).rows[0];
  if (!row) throw errors.notFound('procedure', code);
  return row;
}

export async function receivingOrgIds(ctx: AppContext, code: string): Promise<string[]> {
  return (await ctx.db.executeQuery(procedureOrgs({ code, today: isoDate(dayNumberOf(ctx.clock())) }))).rows.map((r) => r.org_id);
}

export async function getProcedure(ctx: AppContext, code: string) {
  const row = await loadProcedure(ctx, code);
  const field = await ctx.db.selectFrom('fields').selectAll().where('code', '=', row.field_code).executeTakeFirstOrThrow();
  const orgIds = await receivingOrgIds(ctx, code);
  const orgs = await Promise.all(orgIds.map((id) => ctx.orgs.get(id)));
  const stepOrgs = await Promise.all(row.process.map((s) => (s.orgId ? ctx.orgs.find(s.orgId) : undefined)));
  return {
    code: row.code,
    name: row.name,
    field: { code: field.code, name: field.name },
    level: row.level,
    onlineLevel: row.online_level,
    feeVnd: row.fee_vnd,
    feeNote: row.fee_note,
    duration: { value: row.duration_value, unit: row.duration_unit, label: `${row.duration_value} ${DURATION_UNIT_LABELS_VI[row.duration_unit]}` },
    legalBasis: row.legal_basis,
    description: row.description,
    applicantTypes: row.applicant_types,
    components: row.components,
    formFields: row.form_fields,
    resultName: row.result_name,
    requiredIdentityLevel: row.required_identity_level,
    usesPopulationDb: row.uses_population_db,
    process: row.process.map((s, i) => ({
      step: i,
      name: s.name,
      role: s.role,
      durationHours: s.durationHours,
      org: s.orgId ? { id: s.orgId, name: stepOrgs[i]?.name ?? s.orgId } : null,
    })),
    receivingOrgs: orgs.map((o) => ({ id: o.id, name: o.name, agencyEid: o.agency_eid, address: o.address })),
    isDemo: row.is_demo,
  };
}
