import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, startTestApp, type TestApp } from './helpers.ts';
import { diffCounters, recomputeCounters, storedCounters } from '../src/modules/measurement/stats.ts';
import { verifyChain } from '../src/modules/dossiers/domain/action-log.ts';

const applicant = { fullName: 'Phạm Thị Hoa', idNumber: '079185012345', address: '5 Nguyễn Huệ, Phường Sài Gòn', phone: '0909000111' };
const full = {
  code: 'OLD-2025-000123',
  procedureCode: '2.000720.H29',
  receivingOrgId: 'phuong-sai-gon',
  channel: 'counter',
  applicant,
  form: { businessName: 'Tạp hóa Hoa', businessAddress: '5 Nguyễn Huệ', businessLines: 'Bán lẻ', capitalVnd: 30000000 },
  actions: [
    { action: 'submit', at: '2025-09-08T08:00:00+07:00' },
    { action: 'accept', at: '2025-09-08T08:30:00+07:00', actorName: 'Nguyễn Văn Bình' },
    { action: 'hand_over', at: '2025-09-08T09:00:00+07:00' },
    { action: 'request_supplement', at: '2025-09-08T14:00:00+07:00', reason: 'Thiếu hợp đồng thuê', items: [{ name: 'Hợp đồng thuê', reason: 'Thiếu' }] },
    { action: 'supplement', at: '2025-09-10T08:00:00+07:00' },
    { action: 'hand_over', at: '2025-09-11T09:00:00+07:00' },
    { action: 'complete', at: '2025-09-11T15:00:00+07:00' },
    { action: 'return_result', at: '2025-09-12T08:00:00+07:00', channel: 'counter' },
    { action: 'rate', at: '2025-09-12T08:05:00+07:00', level: 'very_satisfied' },
  ],
};

describe.each(BACKENDS)('historical import (%s)', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(backend);
  });
  afterAll(async () => {
    await t?.close();
  });

  const ndjson = (...lines: unknown[]) => lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n');
  const post = (body: string, as = 'admin') => t.call('POST', '/api/admin/import/dossiers', { as, rawBody: body, headers: { 'content-type': 'application/x-ndjson' } });

  it('imports valid histories, reports bad lines by number, and writes nothing for them', async () => {
    const before = await t.count('dossiers');
    const outOfOrder = { ...full, code: 'OLD-2025-000124', actions: [{ action: 'submit', at: '2025-09-08T08:00:00+07:00' }, { action: 'complete', at: '2025-09-09T08:00:00+07:00' }] };
    const unknownProcedure = { ...full, code: 'OLD-2025-000125', procedureCode: '9.999999' };
    const backwards = { ...full, code: 'OLD-2025-000126', actions: [{ action: 'submit', at: '2025-09-08T08:00:00+07:00' }, { action: 'accept', at: '2025-09-07T08:00:00+07:00' }] };
    const r = await post(ndjson(full, outOfOrder, '{"code": "broken', '', unknownProcedure, backwards));
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ lines: 5, imported: 1, skipped: 0 });
    expect(r.body.errors.map((e: { line: number }) => e.line)).toEqual([2, 3, 5, 6]);
    expect(r.body.errors[0].message).toMatch(/action-not-allowed-in-state/);
    expect(r.body.errors[1].message).toMatch(/^JSON/);
    expect(r.body.errors[2].message).toMatch(/unknown procedure/);
    expect(r.body.errors[3].message).toMatch(/earlier than the action before it/);
    expect(await t.count('dossiers')).toBe(before + 1);
  });

  it('replays the history through the same rules: deadlines, the pause, timeliness, rating, a valid hash chain', async () => {
    const d = await t.call('GET', `/api/dossiers/${full.code}`, { as: 'admin' });
    expect(d.status).toBe(200);
    expect(d.body).toMatchObject({ status: 'returned', ruleVersion: 'nd118-2025', returnChannel: 'counter', rating: { level: 'very_satisfied' } });
    // Accepted Mon 8/9/2025 08:30, 3 working days. Paused Mon 14:00 after 4 working hours (08:30–11:30,
    // 13:00–14:00): 20 h left. Resumed Wed 08:00: 7.5 h Wed + 8 h Thu + 4.5 h Fri → Fri 12/9 13:30.
    // Finished Thu 15:00: a calendar day before the due day, early.
    expect(d.body.dueAt).toBe('2025-09-12T13:30:00+07:00');
    expect(d.body.timeliness).toBe('early');
    expect(d.body.history.map((h: { action: string }) => h.action)).toEqual(full.actions.map((a) => a.action));
    expect(d.body.history[1].payload).toMatchObject({ imported: true, actorName: 'Nguyễn Văn Bình' });
    const rows = await t.handle.db.selectFrom('dossier_actions').innerJoin('dossiers', 'dossiers.id', 'dossier_actions.dossier_id').selectAll('dossier_actions').where('dossiers.legacy_code', '=', full.code).orderBy('seq').execute();
    expect(rows).toHaveLength(full.actions.length);
    const chain = rows.map((x) => ({ dossierId: x.dossier_id, seq: x.seq, action: x.action, fromStatus: x.from_status, toStatus: x.to_status, actorId: x.actor_id, actorRole: x.actor_role, actorOrgId: x.actor_org_id, at: x.at.toISOString(), payload: x.payload, prevHash: x.prev_hash, hash: x.hash }));
    expect(verifyChain(chain)).toBeNull();
    expect(diffCounters(await storedCounters(t.handle.db), await recomputeCounters(t.handle.db))).toEqual([]);
    const k = await t.call('GET', '/api/stats/kpis?org=phuong-sai-gon&from=2025-09-01&to=2025-09-30', { as: 'manager' });
    expect(k.body.total.counters).toMatchObject({ received: 1, received_counter: 1, accepted: 1, finished_early: 1, supplement_requests: 1, rated_very_satisfied: 1 });
  });

  it('is idempotent: the same file again imports nothing new', async () => {
    const before = await t.count('dossiers');
    const r = await post(ndjson(full));
    expect(r.body).toMatchObject({ lines: 1, imported: 0, skipped: 1, errors: [] });
    expect(await t.count('dossiers')).toBe(before);
  });

  it('is for administrators only, and refuses an empty or non-NDJSON body', async () => {
    expect((await post(ndjson(full), 'manager')).status).toBe(403);
    expect((await post(ndjson(full), 'leader')).status).toBe(403);
    expect((await post('   ')).status).toBe(422);
    expect((await t.call('POST', '/api/admin/import/dossiers', { as: 'admin', body: full })).status).toBe(415);
  });
});
