/**
 * Reorganisation of units (issue 18): POST /api/admin/reorganisations?dryRun=true|false and the list.
 * ./reorganisation-plan.ts checks the request and works out what moves; here it is applied, in ONE
 * transaction:
 *   - the closed units get `effective_to` (and `successor_id`, the first successor), their parent
 *     periods end that day, and each closed → successor link is kept (organisation_successors: a split
 *     has several), so figures of a successor include its predecessors' (OrgSnapshot.subtreeIds);
 *   - new units open on the day with their parent period, the closed units' calendar and procedures;
 *   - children of the closed units move under the (first) successor, as dated moves;
 *   - staff move to their successor (users.org_id: their scope follows at the next request);
 *   - open dossiers move through the dossiers' one write path, each with a logged
 *     `transferred_by_reorganisation` action and its deadlines unchanged; finished ones stay;
 *   - one audit entry, and the reorganisation's record with its plan and result.
 * A request dated later is stored as scheduled and applied by the periodic job on its day, re-checked
 * then (a plan can go stale in between; a failure is kept on the record). The same request sent twice is
 * one reorganisation: the second answer is the first one's record (`replayed`).
 */
import { createHash, randomUUID } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import type { Selectable } from 'kysely';
import type { ReorganisationsTable } from '../../platform/db/schema-reorganisations.ts';
import type { ReorganisationRequest, ReorganisationView } from './contracts.ts';
import type { AppContext } from '../../context.ts';
import type { SessionUser } from '../identity/auth.ts';
import { canonicalJson } from '../dossiers/domain/action-log.ts';
import { json } from '../../platform/db/db.ts';
import { recordAudit } from '../audit/audit.ts';
import { vietnamDay } from '../organisations/directory.ts';
import { applyMove } from '../organisations/domain/tree.ts';
import { requireCityLevel } from '../organisations/scope.ts';
import { transferOpenDossiers } from '../dossiers/reorganisation-transfer.ts';
import { moveOrganisation, writePeriods } from './organisation-moves.ts';
import { loadTree, workOut, type Worked } from './reorganisation-plan.ts';
import { registerJob } from '../../platform/outbox/jobs.ts';
import { inIds } from '../../platform/db/sql.ts';

type Row = Selectable<ReorganisationsTable> & { effective_from: string };
type Result = NonNullable<ReorganisationView['result']>;

const hashOf = (req: ReorganisationRequest) => createHash('sha256').update(canonicalJson(req)).digest('hex');

export async function reorganise(ctx: AppContext, admin: SessionUser, req: ReorganisationRequest, dryRun: boolean): Promise<ReorganisationView> {
  // A move is the dated move of POST /api/admin/organisations/{id}/move, which only the city's administrators may make.
  if (req.kind === 'move') await requireCityLevel(ctx, admin);
  const snapshot = await ctx.orgs.snapshot();
  const covers = (orgId: string) => snapshot.covers(admin.orgId, orgId);
  if (!dryRun) {
    const before = await findByHash(ctx, hashOf(req));
    if (before) return { ...viewOf(before), replayed: true };
  }
  const today = vietnamDay(ctx.clock());
  const worked = await workOut(ctx.db, req, today, covers);
  if (dryRun) return { id: null, dryRun: true, status: 'preview', replayed: false, request: req, plan: worked.plan, result: null, error: null, createdAt: null, appliedAt: null };

  const id = `reorg_${randomUUID()}`;
  if (req.kind === 'move') {
    // The dated move of a unit (its own transaction and audit entry); the record follows it.
    await moveOrganisation(ctx, admin, req.unit, { parentId: req.parentId, effectiveFrom: req.effectiveFrom });
    await insertRecord(ctx.db, id, req, worked, admin, 'applied', { movedDossiers: [], movedStaff: 0, copiedProcedures: 0 }, ctx.clock());
  } else if (req.effectiveFrom > today) {
    await insertRecord(ctx.db, id, req, worked, admin, 'scheduled', null, null);
  } else {
    await ctx.db.transaction().execute(async (trx) => {
      // One change of the tree at a time (as a move): two checked against the same tree could clash.
      await sql`LOCK TABLE organisation_parents IN SHARE ROW EXCLUSIVE MODE`.execute(trx);
      const fresh = await workOut(trx, req, today, covers);
      const result = await applyWorked(trx, ctx, admin, id, fresh);
      await insertRecord(trx, id, req, fresh, admin, 'applied', result, ctx.clock());
    });
    ctx.orgs.invalidate();
    ctx.calendars.invalidate();
  }
  const row = await ctx.db.selectFrom('reorganisations').selectAll().select(sql<string>`effective_from::text`.as('effective_from')).where('id', '=', id).executeTakeFirstOrThrow();
  return viewOf(row as Row);
}

async function insertRecord(db: Transaction<DB> | AppContext['db'], id: string, req: ReorganisationRequest, w: Worked, admin: SessionUser, status: 'scheduled' | 'applied', result: Result | null, appliedAt: Date | null) {
  await db
    .insertInto('reorganisations')
    .values({ id, kind: req.kind, request_hash: hashOf(req), request: json(req), effective_from: req.effectiveFrom, status, plan: json(w.plan), result: json(result), error: null, org_id: w.orgId, created_by: admin.id, applied_at: appliedAt })
    .execute();
}

/** Carries out a merge or split in the caller's transaction (checked by workOut just before). */
async function applyWorked(trx: Transaction<DB>, ctx: AppContext, admin: SessionUser, id: string, w: Worked): Promise<Result> {
  const day = w.plan.effectiveFrom;
  const first = await trx.selectFrom('organisations').select(['kind', 'calendar']).where('id', '=', w.closedIds[0]!).executeTakeFirstOrThrow();
  for (const o of w.opens) {
    await trx
      .insertInto('organisations')
      .values({ id: o.id, name: o.name, short_name: o.shortName, kind: first.kind, agency_eid: o.agencyEid, calendar: json(first.calendar), effective_from: day })
      .execute();
    await trx.insertInto('organisation_parents').values({ org_id: o.id, parent_id: o.parentId, valid_from: day, valid_to: null }).execute();
  }
  for (const c of w.closedIds) {
    const successors = w.successorsOf[c]!;
    // A period that would begin on the day itself would have no days: it goes; the open one ends.
    await trx.deleteFrom('organisation_parents').where('org_id', '=', c).where('valid_from', '>=', day).execute();
    await trx.updateTable('organisation_parents').set({ valid_to: day }).where('org_id', '=', c).where('valid_to', 'is', null).execute();
    await trx.updateTable('organisations').set({ effective_to: day, successor_id: successors[0]! }).where('id', '=', c).execute();
    await trx.insertInto('organisation_successors').values(successors.map((s) => ({ org_id: c, successor_id: s, effective_from: day }))).execute();
  }
  // Children move under their successor from the day (dated moves, as POST …/move writes them).
  const { tree } = await loadTree(trx);
  for (const child of w.plan.children) {
    const before = tree.periodsOfUnit(child.id);
    const after = applyMove(tree.periods, { orgId: child.id, parentId: child.toParentId, effectiveFrom: day }).filter((p) => p.orgId === child.id);
    await writePeriods(trx, child.id, before, after);
  }
  let copiedProcedures = 0;
  for (const p of w.plan.procedures) {
    for (const to of p.toOrgIds) {
      const r = await trx.insertInto('procedure_orgs').values({ procedure_code: p.procedureCode, org_id: to }).onConflict((oc) => oc.doNothing()).executeTakeFirst();
      copiedProcedures += Number(r.numInsertedOrUpdatedRows ?? 0);
    }
  }
  // A closed unit keeps its rows (what it offered, which the 766 index reads for the months it existed);
  // it receives nothing more because receivingOrgIds (catalogue) leaves closed units out.
  for (const s of w.plan.staff) await trx.updateTable('users').set({ org_id: s.toOrgId }).where('id', '=', s.id).execute();
  const movedDossiers = await transferOpenDossiers(trx, w.closedIds, {
    reorganisationId: id,
    successorsOf: (d) => w.dossierSuccessors.get(d.code) ?? Object.fromEntries(w.closedIds.map((c) => [c, w.successorsOf[c]![0]!])),
    by: { actorId: admin.id, actorRole: admin.role, actorOrgId: admin.orgId },
    at: ctx.clock(),
  });
  await recordAudit(trx, ctx, admin, {
    action: `organisation.${w.plan.kind}`,
    subjectType: 'reorganisation',
    subjectId: id,
    orgId: w.orgId,
    details: { effectiveFrom: day, closed: w.closedIds, opened: w.opens.map((o) => o.id), successors: w.successorsOf, dossiers: movedDossiers.length, staff: w.plan.staff.length },
  });
  return { movedDossiers, movedStaff: w.plan.staff.length, copiedProcedures };
}

async function findByHash(ctx: AppContext, hash: string): Promise<Row | undefined> {
  return (await ctx.db.selectFrom('reorganisations').selectAll().select(sql<string>`effective_from::text`.as('effective_from')).where('request_hash', '=', hash).executeTakeFirst()) as Row | undefined;
}

function viewOf(r: Row): ReorganisationView {
  return {
    id: r.id,
    dryRun: false,
    status: r.status,
    replayed: false,
    request: r.request,
    plan: r.plan as ReorganisationView['plan'],
    result: (r.result as Result | null) ?? null,
    error: r.error,
    createdAt: r.created_at.toISOString(),
    appliedAt: r.applied_at ? r.applied_at.toISOString() : null,
  };
}

/** The reorganisations filed under units of the administrator's subtree, newest first. */
export async function listReorganisations(ctx: AppContext, admin: SessionUser): Promise<{ items: ReorganisationView[] }> {
  const ids = admin.orgId ? await ctx.orgs.subtreeIds(admin.orgId) : [];
  if (ids.length === 0) return { items: [] };
  const rows = await ctx.db.selectFrom('reorganisations').selectAll().select(sql<string>`effective_from::text`.as('effective_from')).where(inIds('org_id', ids)).orderBy('created_at', 'desc').limit(200).execute();
  return { items: rows.map((r) => viewOf(r as Row)) };
}

/** Applies the scheduled reorganisations whose day has come (the periodic job; also callable by tests). */
export async function applyDueReorganisations(ctx: AppContext, now: Date): Promise<string[]> {
  const today = vietnamDay(now);
  const due = await ctx.db.selectFrom('reorganisations').selectAll().select(sql<string>`effective_from::text`.as('effective_from')).where('status', '=', 'scheduled').where('effective_from', '<=', today).orderBy('created_at').execute();
  const applied: string[] = [];
  for (const r of due as Row[]) {
    const admin = await ctx.db.selectFrom('users').select(['id', 'username', 'full_name', 'role', 'org_id']).where('id', '=', r.created_by ?? '').executeTakeFirst();
    const who: SessionUser = { id: admin?.id ?? 'system', username: admin?.username ?? 'system', fullName: admin?.full_name ?? 'system', role: 'admin', orgId: admin?.org_id ?? null, idNumber: null, phone: null, email: null, address: null };
    const req = r.request as unknown as ReorganisationRequest;
    try {
      await ctx.db.transaction().execute(async (trx) => {
        await sql`LOCK TABLE organisation_parents IN SHARE ROW EXCLUSIVE MODE`.execute(trx);
        // Checked again on its day, as the administrator who asked for it (their scope then).
        const worked = await workOut(trx, { ...req, effectiveFrom: today < r.effective_from ? r.effective_from : today }, today, () => true);
        const result = await applyWorked(trx, ctx, who, r.id, worked);
        await trx.updateTable('reorganisations').set({ status: 'applied', plan: json(worked.plan), result: json(result), applied_at: now }).where('id', '=', r.id).execute();
      });
      applied.push(r.id);
    } catch (e) {
      await ctx.db.updateTable('reorganisations').set({ status: 'failed', error: (e instanceof Error ? e.message : String(e)).slice(0, 1000) }).where('id', '=', r.id).execute();
    }
    ctx.orgs.invalidate();
    ctx.calendars.invalidate();
  }
  return applied;
}

let registered = false;
/** The job applying scheduled reorganisations, hourly (registered once per process by ./routes.ts). */
export function registerReorganisationJob(): void {
  if (registered) return;
  registered = true;
  registerJob({ name: 'organisations.reorganisations', intervalSeconds: 3600, run: async (ctx, now) => void (await applyDueReorganisations(ctx, now)) });
}
