/**
 * A procedure's versions (migration 036): the `procedures` row is the current version, and each change of its
 * statutory parts — by the import from the national database or a manual edit — adds a row to
 * `procedure_versions` with what changed, the parts as they became, and the announcing decision's dates.
 * The catalogue owns both tables; the import (src/modules/integrations/national-catalogue/) writes through here.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import type { ProcedureComponent } from '../../platform/db/schema-catalogue.ts';
import { json } from '../../platform/db/db.ts';
import { foldVietnamese } from './domain/search-text.ts';

type Executor = Kysely<DB>;

/** The statutory parts a version records and the import compares (what the national database publishes). */
export interface StatutoryParts {
  name: string;
  fieldCode: string;
  level: 'province' | 'commune';
  feeVnd: number | null;
  feeNote: string | null;
  duration: { value: number; unit: 'working_days' | 'working_hours' | 'calendar_days' | 'months' };
  legalBasis: string;
  resultName: string | null;
  components: Array<{ name: string; originals: number; copies: number; required: boolean }>;
  /** The implementing agencies as the national database names them ("UBND cấp xã"); kept on the version only. */
  agencies: string[];
}

export interface VersionMeta {
  decisionNumber: string | null;
  decisionDate: string | null;
  effectiveDate: string | null;
  nationalUpdatedOn: string | null;
}

export interface Change {
  field: string;
  old: unknown;
  new: unknown;
}

interface CurrentRow {
  name: string;
  field_code: string;
  level: 'province' | 'commune';
  fee_vnd: number | null;
  fee_note: string | null;
  duration_value: number;
  duration_unit: StatutoryParts['duration']['unit'];
  legal_basis: string;
  result_name: string | null;
  components: ProcedureComponent[];
}

/** The current row's statutory parts; agencies from the last version (the row has none). */
export function partsOfRow(row: CurrentRow, agencies: string[]): StatutoryParts {
  return {
    name: row.name,
    fieldCode: row.field_code,
    level: row.level,
    feeVnd: row.fee_vnd,
    feeNote: row.fee_note,
    duration: { value: row.duration_value, unit: row.duration_unit },
    legalBasis: row.legal_basis,
    resultName: row.result_name,
    components: row.components.map((c) => ({ name: c.name, originals: c.originals, copies: c.copies, required: c.required })),
    agencies,
  };
}

/** A procedure as an administrator's form or the demo catalogue describes it (only its statutory parts are read). */
export interface ProcedureDescription {
  name: string;
  fieldCode: string;
  level: StatutoryParts['level'];
  feeVnd: number | null;
  feeNote?: string | null;
  duration: StatutoryParts['duration'];
  legalBasis: string;
  resultName?: string | null;
  components: ReadonlyArray<{ name: string; originals: number; copies: number; required: boolean }>;
}

/** The statutory parts a version records, from a described procedure and its implementing agencies. */
export function statutoryPartsOf(p: ProcedureDescription, agencies: string[]): StatutoryParts {
  return {
    name: p.name,
    fieldCode: p.fieldCode,
    level: p.level,
    feeVnd: p.feeVnd,
    feeNote: p.feeNote ?? null,
    duration: { value: p.duration.value, unit: p.duration.unit },
    legalBasis: p.legalBasis,
    resultName: p.resultName ?? null,
    components: p.components.map((c) => ({ name: c.name, originals: c.originals, copies: c.copies, required: c.required })),
    agencies,
  };
}

/** JSON with object keys sorted: values that came back from jsonb have their keys reordered. */
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
  return JSON.stringify(v ?? null);
}

const same = (a: unknown, b: unknown) => canonical(a) === canonical(b);

/**
 * Field by field, old → new. Agencies are compared only against an earlier version (null: none recorded,
 * so the first import records them without calling them a change).
 */
export function diffParts(old: StatutoryParts, next: StatutoryParts, oldAgencies: string[] | null): Change[] {
  const changes: Change[] = [];
  const keys: Array<keyof StatutoryParts> = ['name', 'fieldCode', 'level', 'feeVnd', 'feeNote', 'duration', 'legalBasis', 'resultName', 'components'];
  for (const k of keys) if (!same(old[k], next[k])) changes.push({ field: k, old: old[k], new: next[k] });
  if (oldAgencies !== null && !same([...oldAgencies].sort(), [...next.agencies].sort())) changes.push({ field: 'agencies', old: oldAgencies, new: next.agencies });
  return changes;
}

/** The current row of a procedure and its last version's agencies (null without a version). */
export async function currentParts(db: Executor, code: string): Promise<{ parts: StatutoryParts; lastVersion: number; agencies: string[] | null; decision: DecisionOf | null } | null> {
  const row = await db
    .selectFrom('procedures')
    .select(['name', 'field_code', 'level', 'fee_vnd', 'fee_note', 'duration_value', 'duration_unit', 'legal_basis', 'result_name', 'components'])
    .where('code', '=', code)
    .executeTakeFirst();
  if (!row) return null;
  const last = (
    await sql<{ version: number; snapshot: { agencies?: string[] }; decision_number: string | null; decision_date: string | null; effective_date: string | null }>`
      SELECT version, snapshot, decision_number, decision_date::text AS decision_date, effective_date::text AS effective_date
      FROM procedure_versions WHERE procedure_code = ${code} ORDER BY version DESC LIMIT 1`.execute(db)
  ).rows[0];
  const agencies = last ? (last.snapshot.agencies ?? null) : null;
  const decision = last ? { decisionNumber: last.decision_number, decisionDate: last.decision_date, effectiveDate: last.effective_date } : null;
  return { parts: partsOfRow(row, agencies ?? []), lastVersion: last?.version ?? 0, agencies, decision };
}

export interface DecisionOf {
  decisionNumber: string | null;
  decisionDate: string | null;
  effectiveDate: string | null;
}

/**
 * The announcing decision is part of what a version is: the same parts announced by another decision (or a
 * procedure with no version yet) make a new version, so its publication dates are kept for 766 criteria 1.1–1.2.
 */
export function diffDecision(last: DecisionOf | null, next: DecisionOf): Change[] {
  const keys: Array<keyof DecisionOf> = ['decisionNumber', 'decisionDate', 'effectiveDate'];
  return keys.filter((k) => (last?.[k] ?? null) !== next[k]).map((k) => ({ field: k, old: last?.[k] ?? null, new: next[k] }));
}

/** A component code from its name: stable, ASCII, unique within the procedure. */
function componentCodes(parts: StatutoryParts['components'], existing: ProcedureComponent[]): ProcedureComponent[] {
  const used = new Set<string>();
  return parts.map((c, i) => {
    const kept = existing.find((e) => e.name === c.name);
    let code = kept?.code ?? (foldVietnamese(c.name).replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || `tp-${i + 1}`);
    while (used.has(code)) code = `${code}-${i + 1}`;
    used.add(code);
    return { ...(kept ?? {}), code, name: c.name, originals: c.originals, copies: c.copies, required: c.required };
  });
}

export interface VersionWrite {
  code: string;
  parts: StatutoryParts;
  changes: Change[];
  meta: VersionMeta;
  source: 'import' | 'manual';
  importId: string | null;
  userId: string | null;
  at: Date;
  publishedOn: string;
}

/**
 * Writes a new current version of a procedure (inside the caller's transaction): the row's statutory columns
 * (a new procedure is created unpublished, with no process, form or units: an administrator completes and
 * publishes it with PUT /api/procedures/:code) and the version row. Returns the version number.
 */
export async function writeVersion(trx: Executor, fieldName: string, w: VersionWrite): Promise<number> {
  const existing = await trx.selectFrom('procedures').select(['components']).where('code', '=', w.code).executeTakeFirst();
  const values = {
    name: w.parts.name.normalize('NFC'),
    field_code: w.parts.fieldCode,
    level: w.parts.level,
    fee_vnd: w.parts.feeVnd,
    fee_note: w.parts.feeNote,
    duration_value: w.parts.duration.value,
    duration_unit: w.parts.duration.unit,
    legal_basis: w.parts.legalBasis,
    result_name: w.parts.resultName,
    components: json(componentCodes(w.parts.components, existing?.components ?? [])),
    search_text: foldVietnamese(`${w.parts.name} ${w.code} ${fieldName}`),
    updated_at: w.at,
  };
  if (existing) await trx.updateTable('procedures').set(values).where('code', '=', w.code).execute();
  else {
    await trx
      .insertInto('procedures')
      .values({ code: w.code, ...values, online_level: 'partial', description: null, applicant_types: json(['individual', 'organisation']), form_fields: json([]), process: json([]), published: false })
      .execute();
  }
  const version = (await lastVersion(trx, w.code)) + 1;
  await insertVersion(trx, { ...w, version });
  return version;
}

const lastVersion = async (trx: Executor, code: string): Promise<number> =>
  Number((await trx.selectFrom('procedure_versions').select(sql<number>`coalesce(max(version), 0)`.as('v')).where('procedure_code', '=', code).executeTakeFirst())?.v ?? 0);

/** One version row, as numbered by the caller: every way a version is recorded (import, manual edit, demo seed) writes it here. */
export async function insertVersion(trx: Executor, v: VersionWrite & { version: number }): Promise<void> {
  await trx
    .insertInto('procedure_versions')
    .values({
      procedure_code: v.code,
      version: v.version,
      source: v.source,
      changes: json(v.changes),
      snapshot: json(v.parts),
      decision_number: v.meta.decisionNumber,
      decision_date: v.meta.decisionDate,
      effective_date: v.meta.effectiveDate,
      published_on: v.publishedOn,
      national_updated_on: v.meta.nationalUpdatedOn,
      import_id: v.importId,
      created_by: v.userId,
      created_at: v.at,
    })
    .execute();
}

/** A manual edit's version (PUT /api/procedures/:code): recorded only when the statutory parts changed. */
export async function recordManualVersion(trx: Executor, before: { parts: StatutoryParts; agencies: string[] | null } | null, after: StatutoryParts, userId: string, at: Date, publishedOn: string, code: string): Promise<void> {
  const changes = before ? diffParts(before.parts, after, null) : [];
  if (before && changes.length === 0) return;
  await insertVersion(trx, {
    code,
    version: (await lastVersion(trx, code)) + 1,
    source: 'manual',
    changes,
    parts: { ...after, agencies: before?.agencies ?? [] },
    meta: { decisionNumber: null, decisionDate: null, effectiveDate: null, nationalUpdatedOn: null },
    publishedOn,
    importId: null,
    userId,
    at,
  });
}

/** A procedure's versions, newest first (GET /api/procedures/:code/versions). */
export async function listVersions(db: Executor, code: string) {
  const rows = await sql<{
    version: number;
    source: 'import' | 'manual';
    changes: Change[];
    decision_number: string | null;
    decision_date: string | null;
    effective_date: string | null;
    published_on: string;
    national_updated_on: string | null;
  }>`SELECT version, source, changes, decision_number, decision_date::text AS decision_date, effective_date::text AS effective_date,
            published_on::text AS published_on, national_updated_on::text AS national_updated_on
     FROM procedure_versions WHERE procedure_code = ${code} ORDER BY version DESC`.execute(db);
  return {
    items: rows.rows.map((r) => ({
      version: r.version,
      source: r.source,
      changes: r.changes,
      decisionNumber: r.decision_number,
      decisionDate: r.decision_date,
      effectiveDate: r.effective_date,
      publishedOn: r.published_on,
      nationalUpdatedOn: r.national_updated_on,
    })),
  };
}
