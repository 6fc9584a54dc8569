/**
 * Reorganisation of units (issue 18): merging three wards with open, paused and finished dossiers, and
 * splitting a unit. Nothing is lost, open deadlines are unchanged, each month's figures before the change
 * are what they were, every dossier's log chain still verifies, the counters rebuild to what is stored;
 * a dry run writes nothing, bad requests are 422 with field paths, an administrator of another subtree
 * gets 403, and the same request twice is one reorganisation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, PDF, householdBusinessRequest, startTestApp, type TestApp } from './helpers.ts';
import { verifyChain } from '../src/modules/dossiers/domain/action-log.ts';
import { diffCounters, recomputeCounters, storedCounters } from '../src/modules/measurement/stats.ts';
import { applyDueReorganisations } from '../src/modules/admin/reorganisations.ts';
import { DEMO_PASSWORD } from '../src/demo/seed.ts';
import { runOutboxOnce } from '../src/platform/outbox/index.ts';
import { snapshotOpenDay } from '../src/modules/measurement/open-snapshots.ts';

const SG = 'phuong-sai-gon';
const BTN = 'phuong-ben-thanh';
const TD = 'phuong-tan-dinh';
const NEW = 'phuong-sai-gon-moi';
const MONTHS = [
  ['2026-09-01', '2026-09-30'],
  ['2026-10-01', '2026-10-31'],
] as const;

const mergeRequest = (effectiveFrom: string) => ({
  kind: 'merge',
  units: [SG, BTN, TD],
  into: { newUnit: { id: NEW, name: 'Ủy ban nhân dân Phường Sài Gòn (mới)', shortName: 'UBND P. Sài Gòn', agencyEid: '000.30.99.H29' } },
  effectiveFrom,
});

describe.each(BACKENDS)('reorganisation of units (%s)', (backend) => {
  let t: TestApp;
  const codes: Record<string, string> = {};
  beforeAll(async () => {
    t = await startTestApp(backend, {}, '2026-09-02T08:00:00+07:00');
    const submit = async (org: string) => {
      const upload = await t.upload('citizen', PDF);
      const d = await t.call('POST', '/api/dossiers', { as: 'citizen', body: householdBusinessRequest(upload, { receivingOrgId: org }) });
      expect(d.status, JSON.stringify(d.body)).toBe(201);
      return d.body.code as string;
    };
    const act = async (as: string, code: string, action: string, body: Record<string, unknown> = {}) => {
      const r = await t.call('POST', `/api/dossiers/${code}/actions/${action}`, { as, body });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    };
    // September: open (processing) at Sài Gòn, paused at Bến Thành, finished at both.
    codes.open = await submit(SG);
    await act('reception', codes.open, 'accept');
    codes.paused = await submit(BTN);
    await act('btn.reception', codes.paused, 'accept');
    await act('btn.reception', codes.paused, 'request_supplement', { reason: 'Thiếu giấy tờ', items: [{ name: 'Bản sao hợp đồng thuê', reason: 'Địa điểm thuê' }] });
    codes.rejected = await submit(SG);
    await act('reception', codes.rejected, 'reject', { reason: 'Không thuộc thẩm quyền' });
    t.clock.set('2026-10-06T09:00:00+07:00');
    codes.withdrawn = await submit(BTN);
    await act('citizen', codes.withdrawn, 'withdraw', { reason: 'Nộp nhầm' });
    // October: one waiting for acceptance at Tân Định, one accepted at Sài Gòn.
    codes.waiting = await submit(TD);
    codes.open2 = await submit(SG);
    await act('reception', codes.open2, 'accept');
    t.clock.set('2026-11-10T09:00:00+07:00');
  });
  afterAll(async () => {
    await t?.close();
  });

  const kpis = async (org: string, from: string, to: string) => {
    const r = await t.call('GET', `/api/stats/kpis?org=${org}&from=${from}&to=${to}`, { as: 'admin' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body.total as Record<string, unknown>;
  };
  const index766 = async (org: string, period: string) => {
    const r = await t.call('GET', `/api/stats/index766?org=${org}&period=${period}`, { as: 'admin' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body.criteria;
  };
  const post = (body: unknown, dryRun: boolean, as = 'admin') => t.call('POST', `/api/admin/reorganisations?dryRun=${dryRun}`, { as, body });
  const dossier = (code: string) => t.handle.db.selectFrom('dossiers').selectAll().where('code', '=', code).executeTakeFirstOrThrow();
  const statusCounts = async () => {
    const rows = await t.handle.db.selectFrom('dossiers').select(['status']).execute();
    return rows.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }), {});
  };
  const count = async (table: string) => Number((await t.handle.db.selectFrom(table as 'organisations').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const paths = (body: { errors?: Array<{ path: string }> }) => (body.errors ?? []).map((e) => e.path).sort();
  const sum = (...xs: Array<Record<string, number>>) => xs.reduce((a, b) => Object.fromEntries([...new Set([...Object.keys(a), ...Object.keys(b)])].map((k) => [k, (a[k] ?? 0) + (b[k] ?? 0)])), {});

  it('refuses bad requests with 422 and field paths, vi and en', async () => {
    const cases: Array<[unknown, string[]]> = [
      [{ ...mergeRequest('2026-11-10'), units: [SG, 'khong-co', TD] }, ['units.1']],
      [mergeRequest('2026-11-09'), ['effectiveFrom']],
      [mergeRequest('2026-02-30'), ['effectiveFrom']],
      [mergeRequest('hôm nay'), ['effectiveFrom']],
      [{ ...mergeRequest('2026-11-10'), units: [SG] }, ['units']],
      [{ ...mergeRequest('2026-11-10'), units: [SG, SG, BTN] }, ['units.1']],
      [{ ...mergeRequest('2026-11-10'), units: [SG, 'h29'] }, ['units.1']],
      [{ ...mergeRequest('2026-11-10'), into: { existingId: 'so-tu-phap' } }, ['into.existingId']],
      [{ ...mergeRequest('2026-11-10'), into: { newUnit: { id: BTN, name: 'Trùng mã', agencyEid: '000.30.98.H29' } } }, ['into.newUnit.id']],
      [{ ...mergeRequest('2026-11-10'), into: { newUnit: { id: 'x-moi', name: 'Dưới chính nó', parentId: SG, agencyEid: '000.30.98.H29' } } }, ['into.newUnit.parentId']],
      [{ ...mergeRequest('2026-11-10'), units: ['so-nnmt', 'vpdkdd'], into: { newUnit: { id: 'x-moi', name: 'Sáp nhập vào đơn vị con', agencyEid: '000.30.98.H29' } } }, ['units.1']],
      [{ kind: 'split', unit: SG, successors: [], effectiveFrom: '2026-11-10' }, ['successors']],
      [{ kind: 'split', unit: SG, successors: [{ id: 'a-moi', name: 'Đơn vị A', agencyEid: '000.30.98.H29', users: ['btn.reception'] }, { id: 'b-moi', name: 'Đơn vị B', procedures: ['9.999999'] }], effectiveFrom: '2026-11-10' }, ['successors.0.users.0', 'successors.1.agencyEid', 'successors.1.procedures.0']],
      [{ ...mergeRequest('2026-11-10'), into: { newUnit: { id: 'x-moi', name: 'Mã định danh trùng', agencyEid: '000.00.00.H29' } } }, ['into.newUnit.agencyEid']],
      [{ kind: 'move', unit: SG, parentId: SG, effectiveFrom: '2026-11-10' }, ['parentId']],
    ];
    for (const [body, expected] of cases) {
      const r = await post(body, true);
      expect(r.status, JSON.stringify(body)).toBe(422);
      expect(r.headers['content-type']).toContain('application/problem+json');
      expect(paths(r.body), JSON.stringify(r.body)).toEqual(expected);
      expect(r.body.errors[0].message).toEqual(expect.any(String));
    }
    const en = await t.call('POST', '/api/admin/reorganisations?dryRun=true', { as: 'admin', body: mergeRequest('2026-11-09'), headers: { 'accept-language': 'en' } });
    expect(en.body.errors[0].message).toBe('The effective date may not be before today');
    expect(await count('reorganisations')).toBe(0);
  });

  it('is refused (403) to an administrator of another subtree', async () => {
    const created = await t.call('POST', '/api/users', { as: 'admin', body: { username: 'btn.admin', fullName: 'Quản trị Bến Thành', role: 'admin', orgId: BTN, password: DEMO_PASSWORD } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const r = await post(mergeRequest('2026-11-10'), true, 'btn.admin');
    expect(r.status).toBe(403);
    expect(paths(r.body)).toEqual(expect.arrayContaining(['units.0', 'units.2']));
    expect((await post(mergeRequest('2026-11-10'), false, 'btn.admin')).status).toBe(403);
    expect((await post(mergeRequest('2026-11-10'), true, 'leader')).status).toBe(403);
    // Moving a unit is the city's, as through POST /api/admin/organisations/{id}/move.
    const move = await post({ kind: 'move', unit: BTN, parentId: 'h29', effectiveFrom: '2026-11-10' }, true, 'btn.admin');
    expect([move.status, move.body.code]).toEqual([403, 'city-level-only']);
  });

  it('a dry run lists what moves and what stays, and writes nothing', async () => {
    const tables = ['organisations', 'organisation_parents', 'dossier_actions', 'stats_daily', 'audit_log', 'reorganisations', 'procedure_orgs', 'outbox'] as const;
    const before = await Promise.all(tables.map((x) => count(x)));
    const r = await post(mergeRequest('2026-11-10'), true);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const plan = r.body.plan;
    expect(r.body).toMatchObject({ id: null, dryRun: true, status: 'preview' });
    expect(plan.closes.map((c: { id: string }) => c.id)).toEqual([SG, BTN, TD]);
    expect(plan.opens).toEqual([expect.objectContaining({ id: NEW, parentId: 'h29', agencyEid: '000.30.99.H29' })]);
    expect(plan.openDossiers.count).toBe(4);
    expect(plan.openDossiers.paused).toBe(1);
    expect(plan.openDossiers.items.map((d: { code: string }) => d.code).sort()).toEqual([codes.open, codes.paused, codes.waiting, codes.open2].sort());
    expect(plan.openDossiers.items.every((d: { toOrgId: string }) => d.toOrgId === NEW)).toBe(true);
    expect(plan.staff.map((s: { username: string }) => s.username)).toEqual(expect.arrayContaining(['reception', 'specialist', 'leader', 'btn.reception', 'btn.admin']));
    expect(plan.procedures.some((p: { procedureCode: string; toOrgIds: string[] }) => p.procedureCode === '2.000720.H29' && p.toOrgIds[0] === NEW)).toBe(true);
    expect(plan.codeSequences.find((s: { orgId: string }) => s.orgId === SG).lastValue).toBeGreaterThanOrEqual(1);
    expect(plan.stays.finishedDossiers).toEqual({ rejected: 1, withdrawn: 1 });
    expect(plan.stays.counterRows).toBeGreaterThan(0);
    expect(await Promise.all(tables.map((x) => count(x)))).toEqual(before);
  });

  it('merges three wards: nothing lost, deadlines unchanged, past months’ figures unchanged, chains verify; the same request twice is one', async () => {
    // Everything delivered first (the store's saves, the day snapshots), so that the figures compared are settled.
    await runOutboxOnce(t.ctx, { now: t.clock.now });
    const figuresBefore = await Promise.all(MONTHS.map(([from, to]) => kpis('h29', from, to)));
    const wardsBefore = await Promise.all(MONTHS.map(async ([from, to]) => Promise.all([SG, BTN, TD].map(async (w) => (await kpis(w, from, to)).counters as Record<string, number>))));
    const indexBefore = await Promise.all(['2026-09', '2026-10'].map((p) => index766('h29', p)));
    const indexBeforeSg = await index766(SG, '2026-09');
    const countsBefore = await statusCounts();
    const rowsBefore = Object.fromEntries(await Promise.all(Object.entries(codes).map(async ([k, c]) => [k, await dossier(c)] as const)));

    const r = await post(mergeRequest('2026-11-10'), false);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ dryRun: false, status: 'applied', replayed: false });
    expect(r.body.result.movedDossiers).toHaveLength(4);

    // Nothing lost: as many dossiers in each state as before.
    expect(await statusCounts()).toEqual(countsBefore);
    // Open ones moved with their deadlines as they were; finished ones stayed.
    for (const k of ['open', 'paused', 'waiting', 'open2']) {
      const [a, b] = [rowsBefore[k]!, await dossier(codes[k]!)];
      expect(b.receiving_org_id).toBe(NEW);
      expect(b.current_org_id).toBe(NEW);
      expect(b.status).toBe(a.status);
      for (const col of ['due_at', 'appointment_at', 'step_due_at', 'step_started_at', 'paused_at', 'accepted_at'] as const) expect(b[col]?.getTime() ?? null, `${k} ${col}`).toBe(a[col]?.getTime() ?? null);
      expect(b.paused_remaining_minutes).toBe(a.paused_remaining_minutes);
      expect(b.last_seq).toBe(a.last_seq + 1);
    }
    expect((await dossier(codes.rejected!)).receiving_org_id).toBe(SG);
    expect((await dossier(codes.withdrawn!)).receiving_org_id).toBe(BTN);
    // Each dossier's own log holds the transfer, labelled, and its chain verifies.
    for (const code of Object.values(codes)) {
      const d = await dossier(code);
      const log = await t.handle.db.selectFrom('dossier_actions').selectAll().where('dossier_id', '=', d.id).orderBy('seq').execute();
      const chain = log.map((e) => ({ dossierId: e.dossier_id, seq: e.seq, action: e.action, fromStatus: e.from_status, toStatus: e.to_status, actorId: e.actor_id, actorRole: e.actor_role, actorOrgId: e.actor_org_id, at: e.at.toISOString(), payload: e.payload, prevHash: e.prev_hash, hash: e.hash }));
      expect(verifyChain(chain)).toBeNull();
      expect(d.last_hash).toBe(log.at(-1)!.hash);
    }
    // The applicant is told of each moved dossier: the unit handling it now, the appointment unchanged.
    await runOutboxOnce(t.ctx, { now: t.clock.now });
    const bell = await t.call('GET', '/api/notifications', { as: 'citizen' });
    const told = (bell.body.items as Array<{ dossierCode: string; event: string; title: string }>).filter((n) => n.event === 'dossier.transferred');
    expect(told.map((n) => n.dossierCode).sort()).toEqual(['open', 'paused', 'waiting', 'open2'].map((k) => codes[k]!).sort());
    expect(told[0]!.title).toBe(`Hồ sơ ${told[0]!.dossierCode} được chuyển cho Ủy ban nhân dân Phường Sài Gòn (mới)`);
    const view = await t.call('GET', `/api/dossiers/${codes.paused}`, { as: 'btn.reception' });
    expect(view.status).toBe(200);
    expect(view.body.history.at(-1)).toMatchObject({ action: 'transferred_by_reorganisation', label: { vi: 'Chuyển sang đơn vị kế thừa do sắp xếp tổ chức', en: expect.any(String) } });
    // The officers moved with their work: Sài Gòn's reception acts on a dossier from Tân Định.
    expect((await t.call('POST', `/api/dossiers/${codes.waiting}/actions/accept`, { as: 'reception', body: {} })).status).toBe(200);
    await t.call('POST', `/api/dossiers/${codes.waiting}/actions/reject`, { as: 'reception', body: { reason: 'x' } }); // (refused: already accepted)

    // Figures of past months: the city's unchanged, the new ward's are its predecessors'.
    for (const [i, [from, to]] of MONTHS.entries()) {
      const after = await kpis('h29', from, to);
      expect(after.counters).toEqual(figuresBefore[i]!.counters);
      expect(after.received).toEqual(figuresBefore[i]!.received);
      expect((await kpis(NEW, from, to)).counters).toEqual(sum(...wardsBefore[i]!));
      expect((await kpis(SG, from, to)).counters).toEqual(wardsBefore[i]![0]);
    }
    expect(await Promise.all(['2026-09', '2026-10'].map((p) => index766('h29', p)))).toEqual(indexBefore);
    // A day's snapshot of open dossiers taken again after the change files them where they were that day.
    for (const day of ['2026-09-30', '2026-10-31']) await snapshotOpenDay(t.handle.db, day);
    expect(await Promise.all(['2026-09', '2026-10'].map((p) => index766('h29', p)))).toEqual(indexBefore);
    expect((await index766(SG, '2026-09')).find((c: { code: string }) => c.code === '2.1')).toEqual(indexBeforeSg.find((c: { code: string }) => c.code === '2.1'));
    // The counters rebuilt from the logs are the stored ones (a transfer files later actions under the successor only).
    expect(diffCounters(await storedCounters(t.handle.db), await recomputeCounters(t.handle.db))).toEqual([]);

    // The tree: closed wards, their successor, the new unit under the city.
    const orgs = await t.handle.db.selectFrom('organisations').select(['id', 'successor_id']).where('id', 'in', [SG, BTN, TD]).execute();
    expect(orgs.every((o) => o.successor_id === NEW)).toBe(true);
    const list = (await t.call('GET', '/api/organisations')).body.items as Array<{ id: string; parentId: string | null }>;
    expect(list.find((o) => o.id === NEW)?.parentId).toBe('h29');
    const audit = await t.call('GET', '/api/admin/audit?action=organisation.merge', { as: 'admin' });
    expect(audit.body.items).toHaveLength(1);

    // The same request again: the same reorganisation, nothing done twice.
    const again = await post(mergeRequest('2026-11-10'), false);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: r.body.id, replayed: true, status: 'applied' });
    expect(await count('reorganisations')).toBe(1);
    const listed = await t.call('GET', '/api/admin/reorganisations', { as: 'admin' });
    expect(listed.body.items.map((x: { id: string }) => x.id)).toEqual([r.body.id]);
    // A unit already closed cannot be merged again.
    const closed = await post({ ...mergeRequest('2026-11-10'), into: { newUnit: { id: 'khac', name: 'Đơn vị khác', agencyEid: '000.30.97.H29' } } }, true);
    expect(closed.status).toBe(422);
    expect(paths(closed.body)).toEqual(['units.0', 'units.1', 'units.2']);
  });

  it('splits a unit: dossiers by explicit list, then by procedure, then to the first successor; staff likewise', async () => {
    // Not on the day the unit opened (it would exist for no day).
    expect(paths((await post({ kind: 'split', unit: NEW, successors: [{ id: 'phuong-a', name: 'Phường A', agencyEid: '000.30.91.H29' }, { id: 'phuong-b', name: 'Phường B', agencyEid: '000.30.92.H29' }], effectiveFrom: '2026-11-10' }, true)).body)).toEqual(['effectiveFrom']);
    t.clock.set('2026-11-11T08:00:00+07:00');
    const req = {
      kind: 'split',
      unit: NEW,
      successors: [
        { id: 'phuong-a', name: 'Phường A', agencyEid: '000.30.91.H29' },
        { id: 'phuong-b', name: 'Phường B', agencyEid: '000.30.92.H29', dossiers: [codes.open], users: ['specialist'] },
      ],
      effectiveFrom: '2026-11-11',
    };
    const dry = await post(req, true);
    expect(dry.status, JSON.stringify(dry.body)).toBe(200);
    const to = Object.fromEntries(dry.body.plan.openDossiers.items.map((d: { code: string; toOrgId: string }) => [d.code, d.toOrgId]));
    expect(to[codes.open!]).toBe('phuong-b');
    expect(to[codes.paused!]).toBe('phuong-a');
    const r = await post(req, false);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect((await dossier(codes.open!)).receiving_org_id).toBe('phuong-b');
    expect((await dossier(codes.paused!)).receiving_org_id).toBe('phuong-a');
    const users = await t.handle.db.selectFrom('users').select(['username', 'org_id']).where('username', 'in', ['specialist', 'reception']).execute();
    expect(Object.fromEntries(users.map((u) => [u.username, u.org_id]))).toEqual({ specialist: 'phuong-b', reception: 'phuong-a' });
    // Both successors take the procedures no list claims; the city's past months still the same.
    const procs = await t.handle.db.selectFrom('procedure_orgs').select('org_id').where('procedure_code', '=', '2.000720.H29').where('org_id', 'in', ['phuong-a', 'phuong-b', NEW]).execute();
    expect(procs.map((p) => p.org_id).sort()).toEqual(['phuong-a', 'phuong-b', NEW]);
    // The closed unit keeps what it offered (for the months it existed) but receives nothing more.
    const upload = await t.upload('citizen', PDF);
    const refused = await t.call('POST', '/api/dossiers', { as: 'citizen', body: householdBusinessRequest(upload, { receivingOrgId: NEW }) });
    expect(refused.status).toBe(422);
    expect(paths(refused.body)).toEqual(['receivingOrgId']);
    expect((await t.call('POST', '/api/dossiers', { as: 'citizen', body: householdBusinessRequest(upload, { receivingOrgId: 'phuong-b' }) })).status).toBe(201);
    expect(diffCounters(await storedCounters(t.handle.db), await recomputeCounters(t.handle.db))).toEqual([]);
  });

  it('a later date is scheduled and applied by the job on its day', async () => {
    const req = { kind: 'merge', units: ['phuong-cau-ong-lanh', 'phuong-ban-co'], into: { existingId: 'phuong-ban-co' }, effectiveFrom: '2026-11-12' };
    const r = await post(req, false);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.status).toBe('scheduled');
    expect(await applyDueReorganisations(t.ctx, new Date('2026-11-11T10:00:00+07:00'))).toEqual([]);
    t.clock.set('2026-11-12T00:30:00+07:00');
    expect(await applyDueReorganisations(t.ctx, t.clock.get())).toEqual([r.body.id]);
    const row = await t.handle.db.selectFrom('organisations').select(['successor_id']).where('id', '=', 'phuong-cau-ong-lanh').executeTakeFirstOrThrow();
    expect(row.successor_id).toBe('phuong-ban-co');
  });
});
