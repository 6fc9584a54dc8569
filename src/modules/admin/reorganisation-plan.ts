/**
 * What a reorganisation (issue 18) would do, worked out from the data as it is: the checks (every bad
 * request is a 422 naming its field, an administrator outside the units a 403) and the plan the dry
 * run shows and the apply carries out (./reorganisations.ts). Read-only: nothing here writes.
 *
 * Kinds: merge (several units into a new one, or into one of them), split (one unit into several new
 * ones; open dossiers go by an explicit list, else by procedure, else to the first successor; staff by
 * an explicit list, else to the first successor; children to the first successor), move (the dated move
 * of ./organisation-moves.ts).
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import type { ReorganisationPlan, ReorganisationRequest } from './contracts.ts';
import { DomainError, type FieldIssue } from '../../kernel/errors.ts';
import { parseIsoDate } from '../calendar/domain/local-time.ts';
import { OrgTree, moveProblems, unitExistsOn, type IsoDay } from '../organisations/domain/tree.ts';
import { loadParentPeriods } from '../organisations/directory.ts';
import { outsideScope } from '../organisations/scope.ts';
import { dossierCountsByStatus, openDossiersOf, type HeldDossier } from '../dossiers/reorganisation-transfer.ts';
import { inIds } from '../../platform/db/sql.ts';

type Msg = { vi: string; en: string };
const M = {
  notDate: { vi: 'Ngày không hợp lệ (YYYY-MM-DD)', en: 'Not a valid date (YYYY-MM-DD)' },
  past: { vi: 'Ngày hiệu lực không được trước hôm nay', en: 'The effective date may not be before today' },
  unknown: { vi: 'Không có đơn vị này', en: 'No such unit' },
  closed: { vi: 'Đơn vị đã giải thể hoặc sáp nhập', en: 'The unit is already closed (dissolved or merged)' },
  root: { vi: 'Không thể sắp xếp đơn vị gốc của cây (thành phố)', en: 'The root of the tree (the city) cannot be reorganised' },
  twice: { vi: 'Đơn vị được nêu hai lần', en: 'The unit is listed twice' },
  tooFewMerge: { vi: 'Cần ít nhất hai đơn vị để sáp nhập', en: 'A merge needs at least two units' },
  tooFewSplit: { vi: 'Cần ít nhất hai đơn vị kế thừa để chia tách', en: 'A split needs at least two successor units' },
  nested: { vi: 'Không thể sáp nhập một đơn vị với đơn vị cấp dưới của nó', en: 'A unit cannot be merged with one of its own units' },
  notMerged: { vi: 'Đơn vị kế thừa phải là một trong các đơn vị được sáp nhập', en: 'The continuing unit must be one of the units merged' },
  idTaken: { vi: 'Mã đơn vị đã được sử dụng', en: 'This unit id is taken' },
  eidRequired: { vi: 'Cần mã định danh của đơn vị mới (để cấp số hồ sơ)', en: 'The new unit needs an agency e-ID (it numbers its dossiers)' },
  eidTaken: { vi: 'Mã định danh đã được cơ quan khác sử dụng', en: 'This agency e-ID is used by another organisation' },
  parentUnknown: { vi: 'Không có cơ quan cấp trên này', en: 'No such parent organisation' },
  parentClosed: { vi: 'Cơ quan cấp trên không còn hoạt động vào ngày đó', en: 'The parent is not in effect on that day' },
  cycle: { vi: 'Không thể đặt đơn vị mới dưới đơn vị bị đóng hoặc đơn vị cấp dưới của nó', en: 'The new unit cannot be placed under a unit being closed or one of its own units' },
  procedure: { vi: 'Đơn vị không tiếp nhận thủ tục này', en: 'The unit does not offer this procedure' },
  user: { vi: 'Không phải cán bộ của đơn vị', en: 'Not an officer of the unit' },
  dossier: { vi: 'Không phải hồ sơ đang giải quyết của đơn vị', en: 'Not an open dossier of the unit' },
  beforeOpened: { vi: 'Đơn vị chỉ đóng được sau ngày nó bắt đầu hoạt động', en: 'A unit can only be closed after the day it opened' },
  claimedTwice: { vi: 'Đã được giao cho một đơn vị kế thừa khác', en: 'Already given to another successor' },
} satisfies Record<string, Msg>;

export const invalid = (issues: FieldIssue[]) => new DomainError('validation-failed', 422, { vi: 'Không thực hiện được việc sắp xếp đơn vị.', en: 'The reorganisation cannot be carried out.' }, issues);
const issue = (path: string, message: Msg): FieldIssue => ({ path, message });

interface UnitRow { id: string; name: string; agency_eid: string | null; effective_from: string | null; effective_to: string | null }

/** The tree and units as stored, read in the caller's transaction when there is one. */
export async function loadTree(db: Kysely<DB>) {
  const units = await sql<UnitRow>`SELECT id, name, agency_eid, effective_from::text AS effective_from, effective_to::text AS effective_to FROM organisations`.execute(db);
  const periods = await loadParentPeriods(db);
  const tree = new OrgTree(units.rows.map((u) => ({ id: u.id, effectiveFrom: u.effective_from, effectiveTo: u.effective_to })), periods);
  return { tree, byId: new Map(units.rows.map((u) => [u.id, u])) };
}

/** A successor to open, and which closed units' work it takes. */
export interface Opening { id: string; name: string; shortName: string | null; agencyEid: string | null; parentId: string }

/** Everything the apply needs besides the plan that is shown. */
export interface Worked {
  plan: ReorganisationPlan;
  /** The organisation the reorganisation is filed under (the new units' parent, or the moved unit's). */
  orgId: string;
  closedIds: string[];
  opens: Opening[];
  /** Closed unit → its successors (first = the default one). */
  successorsOf: Record<string, string[]>;
  /** Dossier code → (closed unit → successor). */
  dossierSuccessors: Map<string, Record<string, string>>;
}

/**
 * Checks the request against the data and works out the plan. `covers(orgId)`: the administrator's
 * subtree today. `today`: the Vietnam day of the request.
 */
export async function workOut(db: Kysely<DB>, req: ReorganisationRequest, today: IsoDay, covers: (orgId: string) => boolean): Promise<Worked> {
  const { tree, byId } = await loadTree(db);
  const problems: FieldIssue[] = [];
  const day = req.effectiveFrom;
  if (parseIsoDate(day) === null) problems.push(issue('effectiveFrom', M.notDate));
  else if (day < today) problems.push(issue('effectiveFrom', M.past));
  const onDay = parseIsoDate(day) === null || day < today ? today : day;
  const checkOpenUnit = (id: string, path: string): boolean => {
    const u = tree.unit(id);
    if (!u) problems.push(issue(path, M.unknown));
    else if (u.effectiveTo !== null) problems.push(issue(path, M.closed));
    else if (tree.periodsOfUnit(id).length === 0) problems.push(issue(path, M.root));
    else if (u.effectiveFrom !== null && parseIsoDate(day) !== null && day <= u.effectiveFrom) problems.push(issue('effectiveFrom', M.beforeOpened));
    else return true;
    return false;
  };
  const outside: FieldIssue[] = [];
  const inScope = (id: string, path: string) => {
    if (byId.has(id) && !covers(id)) outside.push(issue(path, { vi: 'Ngoài phạm vi quản trị của bạn', en: 'Outside your administration' }));
  };
  const checkParent = (parentId: string, path: string, closing: readonly string[]) => {
    const p = tree.unit(parentId);
    if (!p) return problems.push(issue(path, M.parentUnknown));
    if (p.effectiveTo !== null || !unitExistsOn(p, onDay)) return problems.push(issue(path, M.parentClosed));
    if (closing.some((c) => tree.covers(c, parentId, today) || tree.covers(c, parentId, onDay))) return problems.push(issue(path, M.cycle));
    inScope(parentId, path);
  };
  const seenEids = new Set<string>();
  const checkNewUnit = (u: { id: string; agencyEid?: string | undefined }, path: string, seen: Set<string>) => {
    if (byId.has(u.id) || seen.has(u.id)) problems.push(issue(`${path}.id`, M.idTaken));
    seen.add(u.id);
    // A unit numbers the dossiers it receives with its agency e-ID (dossier codes): a successor needs one.
    if (!u.agencyEid) problems.push(issue(`${path}.agencyEid`, M.eidRequired));
    else if ([...byId.values()].some((o) => o.agency_eid === u.agencyEid) || seenEids.has(u.agencyEid)) problems.push(issue(`${path}.agencyEid`, M.eidTaken));
    if (u.agencyEid) seenEids.add(u.agencyEid);
  };

  let closedIds: string[] = [];
  let opens: Opening[] = [];
  const successorsOf: Record<string, string[]> = {};
  const children: ReorganisationPlan['children'] = [];
  let orgId = '';
  let procedureRule: ((procedureCode: string, code: string) => string) | null = null;
  let staffRule: ((username: string) => string) | null = null;
  let procedureTargets: ((procedureCode: string) => string[]) | null = null;

  if (req.kind === 'move') {
    if (checkOpenUnit(req.unit, 'unit')) {
      inScope(req.unit, 'unit');
      if (tree.unit(req.parentId)) inScope(req.parentId, 'parentId');
      if (parseIsoDate(day) !== null) {
        for (const p of moveProblems(tree, { orgId: req.unit, parentId: req.parentId, effectiveFrom: day })) {
          problems.push(issue(p.field === 'id' ? 'unit' : p.field, p.field === 'parentId' ? (p.reason === 'cycle' ? M.cycle : p.reason === 'unknown-parent' ? M.parentUnknown : p.reason === 'parent-closed' ? M.parentClosed : { vi: 'Đơn vị đã thuộc cơ quan này', en: 'The unit is already under this organisation' }) : p.field === 'effectiveFrom' ? M.past : M.closed));
        }
      }
      children.push({ id: req.unit, name: byId.get(req.unit)?.name ?? req.unit, fromParentId: tree.parentOn(req.unit, today) ?? '', toParentId: req.parentId });
    }
    orgId = req.parentId;
  } else if (req.kind === 'merge') {
    if (req.units.length < 2) problems.push(issue('units', M.tooFewMerge));
    const seen = new Set<string>();
    const valid = new Set<string>();
    req.units.forEach((id, i) => {
      if (seen.has(id)) return problems.push(issue(`units.${i}`, M.twice));
      seen.add(id);
      if (checkOpenUnit(id, `units.${i}`)) {
        valid.add(id);
        inScope(id, `units.${i}`);
      }
    });
    // Further checks only among units that can be merged at all (one problem per unit).
    req.units.forEach((id, i) => {
      if (valid.has(id) && [...valid].some((other) => other !== id && tree.covers(other, id, today))) problems.push(issue(`units.${i}`, M.nested));
    });
    const first = req.units[0];
    if ('existingId' in req.into) {
      const keep = req.into.existingId;
      if (!req.units.includes(keep)) problems.push(issue('into.existingId', M.notMerged));
      closedIds = [...seen].filter((id) => id !== keep);
      orgId = keep;
      for (const c of closedIds) successorsOf[c] = [keep];
    } else {
      const u = req.into.newUnit;
      checkNewUnit(u, 'into.newUnit', new Set());
      const parentId = u.parentId ?? (first ? tree.parentOn(first, today) : null) ?? '';
      if (u.parentId !== undefined || parentId) checkParent(parentId, 'into.newUnit.parentId', [...valid]);
      closedIds = [...seen];
      opens = [{ id: u.id, name: u.name, shortName: u.shortName ?? null, agencyEid: u.agencyEid ?? null, parentId }];
      orgId = parentId;
      for (const c of closedIds) successorsOf[c] = [u.id];
    }
  } else {
    if (checkOpenUnit(req.unit, 'unit')) inScope(req.unit, 'unit');
    if (req.successors.length < 2) problems.push(issue('successors', M.tooFewSplit));
    const seen = new Set<string>();
    const parentToday = tree.parentOn(req.unit, today) ?? '';
    req.successors.forEach((s, i) => {
      checkNewUnit(s, `successors.${i}`, seen);
      checkParent(s.parentId ?? parentToday, `successors.${i}.parentId`, [req.unit]);
    });
    closedIds = [req.unit];
    opens = req.successors.map((s) => ({ id: s.id, name: s.name, shortName: s.shortName ?? null, agencyEid: s.agencyEid ?? null, parentId: s.parentId ?? parentToday }));
    orgId = parentToday;
    successorsOf[req.unit] = opens.map((o) => o.id);
    // The rules: an explicit list first, then procedures, then the first successor.
    const byCode = new Map<string, string>();
    const byProcedure = new Map<string, string>();
    const byUser = new Map<string, string>();
    const claim = (map: Map<string, string>, key: string, to: string, path: string) => (map.has(key) ? problems.push(issue(path, M.claimedTwice)) : map.set(key, to));
    req.successors.forEach((s, i) => {
      s.dossiers?.forEach((c, j) => claim(byCode, c, s.id, `successors.${i}.dossiers.${j}`));
      s.procedures?.forEach((p, j) => claim(byProcedure, p, s.id, `successors.${i}.procedures.${j}`));
      s.users?.forEach((u, j) => claim(byUser, u, s.id, `successors.${i}.users.${j}`));
    });
    const fallback = req.successors[0]?.id ?? '';
    const unlisted = req.successors.filter((s) => !s.procedures).map((s) => s.id);
    procedureRule = (procedureCode, code) => byCode.get(code) ?? byProcedure.get(procedureCode) ?? fallback;
    staffRule = (username) => byUser.get(username) ?? fallback;
    procedureTargets = (p) => (byProcedure.has(p) ? [byProcedure.get(p)!] : unlisted.length > 0 ? unlisted : [fallback]);
    // Lists must name what the unit has: its procedures, officers and open dossiers.
    if (byId.has(req.unit)) {
      const offered = new Set((await db.selectFrom('procedure_orgs').select('procedure_code').where('org_id', '=', req.unit).execute()).map((r) => r.procedure_code));
      const officers = new Set((await db.selectFrom('users').select('username').where('org_id', '=', req.unit).execute()).map((r) => r.username));
      const open = new Set((await openDossiersOf(db, [req.unit])).map((d) => d.code));
      req.successors.forEach((s, i) => {
        s.procedures?.forEach((p, j) => offered.has(p) || problems.push(issue(`successors.${i}.procedures.${j}`, M.procedure)));
        s.users?.forEach((u, j) => officers.has(u) || problems.push(issue(`successors.${i}.users.${j}`, M.user)));
        s.dossiers?.forEach((c, j) => open.has(c) || problems.push(issue(`successors.${i}.dossiers.${j}`, M.dossier)));
      });
    }
  }
  // Outside the administrator's subtree first: someone who may not touch a unit learns nothing of what else is wrong.
  if (outside.length > 0) throw outsideScope(outside);
  if (problems.length > 0) throw invalid(problems);

  // Children of the closed units go to the (first) successor.
  for (const c of closedIds) {
    for (const child of tree.subtreeOn(c, today).slice(1).filter((id) => tree.parentOn(id, today) === c)) {
      children.push({ id: child, name: byId.get(child)?.name ?? child, fromParentId: c, toParentId: successorsOf[c]![0]! });
    }
  }
  const held: HeldDossier[] = req.kind === 'move' ? await openDossiersOf(db, [req.unit]) : await openDossiersOf(db, closedIds);
  const dossierSuccessors = new Map<string, Record<string, string>>();
  const closed = new Set(closedIds);
  for (const d of held) {
    const map: Record<string, string> = {};
    for (const c of closedIds) map[c] = procedureRule ? procedureRule(d.procedureCode, d.code) : successorsOf[c]![0]!;
    if (req.kind !== 'move') dossierSuccessors.set(d.code, map);
  }
  const staffRows = closedIds.length === 0 ? [] : await db.selectFrom('users').select(['id', 'username', 'full_name', 'role', 'org_id']).where(inIds('org_id', closedIds)).orderBy('role').orderBy('username').execute();
  const procRows = closedIds.length === 0 ? [] : await db.selectFrom('procedure_orgs').select(['procedure_code', 'org_id']).where(inIds('org_id', closedIds)).orderBy('org_id').orderBy('procedure_code').execute();
  const seqRows = closedIds.length === 0 ? [] : (await sql<{ org_id: string; agency_eid: string | null; day: string | null; last_value: number | null }>`
      SELECT o.id AS org_id, o.agency_eid, to_char(s.day, 'YYYY-MM-DD') AS day, s.last_value
      FROM organisations o LEFT JOIN LATERAL (
        SELECT day, last_value FROM dossier_code_sequences q WHERE q.agency_eid = o.agency_eid ORDER BY day DESC LIMIT 1) s ON true
      WHERE ${inIds('o.id', closedIds)} ORDER BY o.id`.execute(db)).rows;
  const finished = await dossierCountsByStatus(db, closedIds);
  for (const d of held) if (closed.has(d.receivingOrgId)) finished[d.status] = (finished[d.status] ?? 1) - 1;
  const counterRows = closedIds.length === 0 ? 0 : Number((await db.selectFrom('stats_daily').select((eb) => eb.fn.countAll<number>().as('n')).where(inIds('org_id', closedIds)).executeTakeFirstOrThrow()).n);

  const plan: ReorganisationPlan = {
    kind: req.kind,
    effectiveFrom: day,
    closes: closedIds.map((id) => ({ id, name: byId.get(id)?.name ?? id, successorIds: successorsOf[id] ?? [] })),
    opens: opens.map((o) => ({ id: o.id, name: o.name, shortName: o.shortName, agencyEid: o.agencyEid, parentId: o.parentId })),
    children,
    openDossiers: {
      count: held.length,
      paused: held.filter((d) => d.pausedAt !== null || d.status === 'awaiting_supplement').length,
      items: held.map((d) => {
        const to = dossierSuccessors.get(d.code);
        return { code: d.code, procedureCode: d.procedureCode, status: d.status, fromOrgId: d.receivingOrgId, toOrgId: to?.[d.receivingOrgId] ?? to?.[d.currentOrgId] ?? d.receivingOrgId, currentStepName: d.currentStepName, dueAt: d.dueAt, stepDueAt: d.stepDueAt, pausedAt: d.pausedAt };
      }),
    },
    staff: staffRows.map((u) => ({ id: u.id, username: u.username, fullName: u.full_name, role: u.role, fromOrgId: u.org_id!, toOrgId: staffRule ? staffRule(u.username) : successorsOf[u.org_id!]![0]! })),
    procedures: [...groupBy(procRows, (r) => `${r.org_id}|${r.procedure_code}`).values()].map((r) => ({ procedureCode: r.procedure_code, fromOrgId: r.org_id, toOrgIds: procedureTargets ? procedureTargets(r.procedure_code) : successorsOf[r.org_id]! })),
    codeSequences: seqRows.map((r) => ({ orgId: r.org_id, agencyEid: r.agency_eid, lastDay: r.day, lastValue: r.last_value === null ? null : Number(r.last_value) })),
    stays: { finishedDossiers: Object.fromEntries(Object.entries(finished).filter(([, n]) => n > 0)), counterRows },
  };
  return { plan, orgId, closedIds, opens, successorsOf, dossierSuccessors };
}

function groupBy<T>(rows: T[], key: (r: T) => string): Map<string, T> {
  return new Map(rows.map((r) => [key(r), r]));
}
