import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, PDF, householdBusinessRequest, startTestApp, type TestApp } from './helpers.ts';
import { sql } from 'kysely';
import { actionEntryWrite } from '../src/modules/dossiers/store.ts';

describe.each(BACKENDS)('concurrency (%s)', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(backend);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('gives concurrent submissions unique, gap-free daily codes', async () => {
    t.clock.set('2026-12-07T09:00:00+07:00');
    const n = 25;
    const uploads = await Promise.all(Array.from({ length: n }, () => t.upload('citizen', PDF)));
    const results = await Promise.all(uploads.map((u) => t.call('POST', '/api/dossiers', { as: 'citizen', body: householdBusinessRequest(u) })));
    expect(results.map((r) => r.status)).toEqual(Array(n).fill(201));
    const seqs = results.map((r) => Number(r.body.code.split('-').pop())).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    expect(results.every((r) => r.body.code.startsWith('000.20.01.H29-261207-'))).toBe(true);
  });

  it('the sequence restarts the next day, per agency', async () => {
    t.clock.set('2026-12-08T09:00:00+07:00');
    const u = await t.upload('citizen', PDF);
    const r = await t.call('POST', '/api/dossiers', { as: 'citizen', body: householdBusinessRequest(u) });
    expect(r.body.code).toBe('000.20.01.H29-261208-0001');
  });

  it('concurrent retries with one Idempotency-Key create one dossier', async () => {
    const u = await t.upload('citizen', PDF);
    const body = householdBusinessRequest(u);
    const before = await t.count('dossiers');
    const results = await Promise.all(Array.from({ length: 6 }, () => t.call('POST', '/api/dossiers', { as: 'citizen', body, headers: { 'idempotency-key': 'retry-after-timeout' } })));
    expect(new Set(results.map((r) => r.body.code)).size).toBe(1);
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(await t.count('dossiers')).toBe(before + 1);
  });

  it('concurrent actions on one dossier serialise: exactly one accept wins', async () => {
    const u = await t.upload('citizen', PDF);
    const d = (await t.call('POST', '/api/dossiers', { as: 'citizen', body: householdBusinessRequest(u) })).body;
    const results = await Promise.all(['reception', 'leader', 'reception', 'leader'].map((as) => t.call('POST', `/api/dossiers/${d.code}/actions/accept`, { as, body: {} })));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(3);
    const seen = await t.call('GET', `/api/dossiers/${d.code}`, { as: 'citizen' });
    expect(seen.body.history.map((h: { seq: number }) => h.seq)).toEqual([1, 2]);
  });
});

describe.each(BACKENDS.filter((b) => b === 'postgres'))('optimistic actions on %s', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(backend);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('decides again when another server recorded an action between its read and its write', async () => {
    const u = await t.upload('citizen', PDF);
    const d = (await t.call('POST', '/api/dossiers', { as: 'citizen', body: householdBusinessRequest(u) })).body;
    const db = t.handle.db;
    const row = await db.selectFrom('dossiers').selectAll().where('code', '=', d.code).executeTakeFirstOrThrow();
    // "Another server" accepts the dossier in a transaction that is still open when our accept
    // arrives: ours reads the committed state (submitted), decides, and its log entry (seq 2) waits for
    // the other one's. When that commits, ours is refused as a whole and decided again on the new
    // state, where accepting is no longer allowed.
    let ours: Promise<{ status: number; body: { code?: string } }> | undefined;
    await db.transaction().execute(async (trx) => {
      const entry = actionEntryWrite({ seq: row.last_seq, hash: row.last_hash }, { dossierId: row.id, action: 'accept', fromStatus: 'submitted', toStatus: 'processing', actorId: null, actorRole: 'reception', actorOrgId: row.receiving_org_id, at: new Date().toISOString(), payload: {} });
      await trx.executeQuery(entry.write);
      await trx.updateTable('dossiers').set({ status: 'processing', current_step: 1, last_seq: entry.seq, last_hash: entry.hash }).where('id', '=', row.id).execute();
      ours = t.call('POST', `/api/dossiers/${d.code}/actions/accept`, { as: 'reception', body: {} });
      for (let i = 0; i < 200; i++) {
        const waiting = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and query like '%insert into "dossier_actions"%'`.execute(db);
        if (waiting.rows[0]!.n > 0) break;
        await new Promise((r) => setTimeout(r, 10));
      }
    });
    const answer = await ours!;
    expect(answer.status).toBe(409);
    expect(answer.body.code).toBe('action-not-allowed-in-state');
    const seqs = await db.selectFrom('dossier_actions').select(['seq', 'actor_id']).where('dossier_id', '=', row.id).orderBy('seq').execute();
    expect(seqs).toEqual([{ seq: 1, actor_id: row.applicant_id }, { seq: 2, actor_id: null }]);
  });
});
