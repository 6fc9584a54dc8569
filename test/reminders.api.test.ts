/**
 * Reminders and escalation (issue 17): the sweep is a periodic job of the outbox platform; run every
 * 30 minutes with a fixed clock from Wednesday to Tuesday across a weekend, it reminds the handling
 * officers at 25 % of the working time left (Friday 15:00), the unit's leader within one working day
 * (Friday 11:30), and both once late (Monday after 11:30) — each once per threshold and recipient,
 * nothing on Saturday or Sunday — and the reminders arrive in the desk's bell. A job due once is run by
 * exactly one of two workers (on PostgreSQL, two connections at once).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, householdBusinessRequest, PDF, startTestApp, type TestApp } from './helpers.ts';
import { JobRegistry, registerJob, runDueJobs, runOutboxOnce } from '../src/platform/outbox/index.ts';
import { dayNumberOf, weekdayOf } from '../src/modules/calendar/domain/local-time.ts';

const vn = (local: string) => new Date(`${local}+07:00`);

describe.each(BACKENDS)('reminders and periodic jobs (%s)', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(backend, {}, '2026-11-25T10:00:00+07:00');
  });
  afterAll(async () => t?.close());

  it('reminds once per threshold and recipient across a weekend, on working time', async () => {
    const uploadId = await t.upload('citizen', PDF);
    const created = await t.call('POST', '/api/dossiers', { as: 'citizen', body: householdBusinessRequest(uploadId) });
    expect(created.status).toBe(201);
    const code = created.body.code as string;
    t.clock.set('2026-11-25T11:30:00+07:00');
    expect((await t.call('POST', `/api/dossiers/${code}/actions/accept`, { as: 'reception', body: {} })).status).toBe(200);
    const d = await t.handle.db.selectFrom('dossiers').select(['id', 'due_at', 'current_step', 'process']).where('code', '=', code).executeTakeFirstOrThrow();
    // 3 working days from Wednesday 11:30: Monday 11:30 (Saturday and Sunday do not count).
    expect(d.due_at!.toISOString()).toBe(vn('2026-11-30T11:30:00').toISOString());
    const stepRole = (d.process as { steps: Array<{ role: string }> }).steps[d.current_step]!.role;
    const officers = await t.handle.db.selectFrom('users').select(['id', 'role']).where('org_id', '=', 'phuong-sai-gon').where('active', '=', true).execute();
    const handlers = officers.filter((o) => o.role === stepRole).map((o) => o.id).sort();
    const leaders = officers.filter((o) => o.role === 'leader').map((o) => o.id).sort();
    expect(handlers.length).toBeGreaterThan(0);
    expect(leaders.length).toBeGreaterThan(0);

    for (let at = vn('2026-11-25T12:00:00').getTime(); at <= vn('2026-12-01T12:00:00').getTime(); at += 30 * 60_000) {
      t.clock.now = new Date(at);
      await runDueJobs(t.ctx, { now: t.clock.now });
    }
    const rows = await t.handle.db.selectFrom('notification_reminders').selectAll().where('dossier_id', '=', d.id).execute();
    const firsts = (threshold: string) => [...new Set(rows.filter((r) => r.threshold === threshold).map((r) => r.created_at.toISOString()))];
    const who = (threshold: string) => rows.filter((r) => r.threshold === threshold).map((r) => r.user_id).sort();
    expect(firsts('due_soon')).toEqual([vn('2026-11-27T11:30:00').toISOString()]);
    expect(who('due_soon')).toEqual(leaders);
    expect(firsts('share_left')).toEqual([vn('2026-11-27T15:00:00').toISOString()]);
    expect(who('share_left')).toEqual(handlers);
    expect(firsts('late')).toEqual([vn('2026-11-30T12:00:00').toISOString()]);
    expect(who('late')).toEqual([...new Set([...handlers, ...leaders])].sort());
    // Nothing is reached on the weekend: working time does not pass there.
    expect(rows.filter((r) => [0, 6].includes(weekdayOf(dayNumberOf(r.created_at))))).toEqual([]);
    // One outbox message per threshold (its recipients inside), never repeated by later sweeps.
    const messages = await t.handle.db.selectFrom('outbox').select(['payload']).where('topic', '=', 'notification.reminder').execute();
    expect(messages.filter((m) => (m.payload as { dossierId: string }).dossierId === d.id).map((m) => (m.payload as { threshold: string }).threshold).sort()).toEqual(['due_soon', 'late', 'share_left']);

    // Delivered to the desk's bell, in Vietnamese.
    await runOutboxOnce(t.ctx);
    const leaderBell = await t.call('GET', '/api/notifications', { as: 'leader' });
    const titles = leaderBell.body.items.filter((n: { dossierCode: string }) => n.dossierCode === code).map((n: { title: string }) => n.title);
    expect(titles).toEqual([`Cảnh báo: hồ sơ ${code} đã quá hạn`, `Nhắc việc: hồ sơ ${code} đến hạn trong một ngày làm việc`]);
  });

  it('a due job runs once with two workers; again only once its interval has passed', async () => {
    const registry = new JobRegistry();
    let runs = 0;
    registerJob({ name: `test.count-${backend}`, intervalSeconds: 60, run: async () => {
      runs++;
      await new Promise((r) => setTimeout(r, 150));
    } }, registry);
    const now = vn('2026-12-02T08:00:00');
    const [a, b] = await Promise.all([runDueJobs(t.ctx, { registry, now, workerId: 'worker-a' }), runDueJobs(t.ctx, { registry, now, workerId: 'worker-b' })]);
    expect(runs).toBe(1);
    expect([...a.ran, ...b.ran]).toEqual([`test.count-${backend}`]);
    await runDueJobs(t.ctx, { registry, now: new Date(now.getTime() + 30_000), workerId: 'worker-a' });
    expect(runs).toBe(1);
    await runDueJobs(t.ctx, { registry, now: new Date(now.getTime() + 60_000), workerId: 'worker-b' });
    expect(runs).toBe(2);
    const row = await t.handle.db.selectFrom('jobs').selectAll().where('name', '=', `test.count-${backend}`).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ runs: 2, leased_by: null, last_error: null });
  });

  it('a failed job keeps its error and runs again at its next time; a lease left by a dead worker expires', async () => {
    const registry = new JobRegistry();
    let calls = 0;
    registerJob({ name: `test.fail-${backend}`, intervalSeconds: 60, leaseSeconds: 120, run: async () => {
      calls++;
      if (calls === 1) throw new Error('sweep failed');
    } }, registry);
    const now = vn('2026-12-03T08:00:00');
    expect((await runDueJobs(t.ctx, { registry, now })).failed).toEqual([`test.fail-${backend}`]);
    expect((await t.handle.db.selectFrom('jobs').select('last_error').where('name', '=', `test.fail-${backend}`).executeTakeFirstOrThrow()).last_error).toBe('sweep failed');
    // A worker that claimed the job and died: the lease holds for 120 s, then another takes it.
    await t.handle.db.updateTable('jobs').set({ leased_until: new Date(now.getTime() + 180_000), leased_by: 'dead-worker' }).where('name', '=', `test.fail-${backend}`).execute();
    expect((await runDueJobs(t.ctx, { registry, now: new Date(now.getTime() + 90_000) })).ran).toEqual([]);
    expect((await runDueJobs(t.ctx, { registry, now: new Date(now.getTime() + 181_000) })).ran).toEqual([`test.fail-${backend}`]);
    expect(calls).toBe(2);
  });
});
