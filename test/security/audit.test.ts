/**
 * Issue 12, item 9 — audit beyond dossiers (Decree 13/2023): configuration changes and staff reads
 * of personal data go to an append-only, hash-chained log administrators search and export, and
 * nobody edits through the API.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, PDF, householdBusinessRequest, startTestApp, type TestApp } from '../helpers.ts';
import { allRoutes } from '../../src/app.ts';
import { csvCell, recordAudit, verifyAuditChain } from '../../src/modules/audit/audit.ts';
import { createCertificateAuthority, issueSigningCertificate, writePkcs12 } from '../../src/modules/signing/pki.ts';
import { DEMO_PASSWORD } from '../../src/demo/seed.ts';
import { openAndMigrate } from '../../src/platform/db/db.ts';
import { createContext } from '../../src/context.ts';
import { chainHash } from '../../src/kernel/hash-chain.ts';
import { hashEntry } from '../../src/modules/dossiers/domain/action-log.ts';

const procedure = {
  name: 'Cấp giấy phép tổ chức sự kiện ngoài trời (kiểm tra nhật ký)',
  fieldCode: 'van-hoa',
  level: 'commune',
  onlineLevel: 'full',
  feeVnd: 0,
  feeNote: 'Không thu phí',
  duration: { value: 2, unit: 'working_days' },
  legalBasis: 'Quy định thử nghiệm',
  applicantTypes: ['individual'],
  components: [{ code: 'don', name: 'Đơn đề nghị', originals: 1, copies: 0, required: true }],
  formFields: [{ name: 'venue', label: 'Địa điểm', type: 'text', required: true }],
  process: [
    { name: 'Tiếp nhận hồ sơ', orgId: null, role: 'reception', durationHours: 2 },
    { name: 'Thẩm định', orgId: null, role: 'specialist', durationHours: 10 },
    { name: 'Phê duyệt', orgId: null, role: 'leader', durationHours: 4 },
  ],
  resultName: 'Giấy phép',
  receivedAt: ['phuong-sai-gon'],
  published: true,
};

describe('CSV cells (formula injection)', () => {
  it('prefixes cells starting with = + - @ and quotes separators', () => {
    expect(csvCell('=HYPERLINK("http://evil")')).toBe(`"'=HYPERLINK(""http://evil"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell(null)).toBe('');
    expect(csvCell({ a: 1 })).toBe('"{""a"":1}"');
    expect(csvCell('Nguyễn')).toBe('Nguyễn');
  });

  it('the dossier log still hashes as before (chainHash extracted, not changed)', () => {
    const entry = { dossierId: 'd', seq: 1, action: 'submit', fromStatus: null, toStatus: 'submitted', actorId: 'u', actorRole: 'citizen', actorOrgId: null, at: '2026-11-23T01:00:00.000Z', payload: { b: 1, a: [1, 'x'] } };
    // Computed with hashEntry as it was before the extraction (commit 709a491).
    expect(hashEntry('0'.repeat(64), entry)).toBe('9a4f79a82081d504c397eba05fbcd46d803651020038516ce016bae9ace2e55a');
    expect(chainHash('0'.repeat(64), entry)).toBe('9a4f79a82081d504c397eba05fbcd46d803651020038516ce016bae9ace2e55a');
  });
});

describe.each(BACKENDS)('audit log (%s)', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(backend);
    const ward = await t.call('POST', '/api/users', { as: 'admin', body: { username: 'btn.admin', fullName: 'Quản trị Phường Bến Thành', role: 'admin', orgId: 'phuong-ben-thanh', password: DEMO_PASSWORD } });
    expect(ward.status).toBe(201);
  });
  afterAll(async () => {
    await t?.close();
  });

  const entries = async (where: { action?: string; subject?: string } = {}) => {
    let q = t.ctx.db.selectFrom('audit_log').selectAll().orderBy('seq');
    if (where.action) q = q.where('action', '=', where.action);
    if (where.subject) q = q.where('subject_id', '=', where.subject);
    return q.execute();
  };
  const last = async (action: string) => (await entries({ action })).at(-1);
  const userId = async (username: string) => (await t.ctx.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
  const submit = async () => {
    const u = await t.upload('citizen', PDF);
    const res = await t.call('POST', '/api/dossiers', { as: 'citizen', body: householdBusinessRequest(u) });
    expect(res.status).toBe(201);
    return { code: res.body.code as string, uploadId: u };
  };

  it('records user creation and update with the administrator as actor (never the password)', async () => {
    const admin = await userId('admin');
    const created = await t.call('POST', '/api/users', { as: 'admin', body: { username: 'sg.specialist2', fullName: 'Ngô Văn Bình', role: 'specialist', orgId: 'phuong-sai-gon', password: 'mat-khau-rat-dai-2026', phone: '0901111222' } });
    expect(created.status).toBe(201);
    const c = (await entries({ action: 'user.create', subject: created.body.id }))[0]!;
    expect(c).toMatchObject({ actor_id: admin, actor_role: 'admin', actor_org_id: 'h29', subject_type: 'user', org_id: 'phuong-sai-gon' });
    expect(c.details).toMatchObject({ username: 'sg.specialist2', role: 'specialist', contacts: ['phone'] });
    expect(JSON.stringify(c.details)).not.toContain('mat-khau');
    expect(JSON.stringify(c.details)).not.toContain('0901111222');
    expect(c.request_id).toBeTruthy();

    const updated = await t.call('PUT', `/api/users/${created.body.id}`, { as: 'admin', body: { role: 'leader', active: false } });
    expect(updated.status).toBe(200);
    const u = (await entries({ action: 'user.update', subject: created.body.id }))[0]!;
    expect(u).toMatchObject({ actor_id: admin, org_id: 'phuong-sai-gon' });
    expect(u.details).toMatchObject({ role: 'leader', previousRole: 'specialist', active: false });
  });

  it('records procedures, organisations, calendars, trusted CAs, signing keys and imports', async () => {
    const admin = await userId('admin');
    expect((await t.call('PUT', '/api/procedures/1.999001', { as: 'admin', body: procedure })).status).toBe(200);
    expect(await last('procedure.upsert')).toMatchObject({ actor_id: admin, subject_type: 'procedure', subject_id: '1.999001', org_id: 'phuong-sai-gon', details: { feeVnd: 0, name: procedure.name } });

    const org = await t.call('PUT', '/api/organisations/to-kiem-tra', { as: 'admin', body: { parentId: 'phuong-sai-gon', name: 'Tổ kiểm tra nhật ký', kind: 'unit' } });
    expect(org.status).toBe(201);
    expect(await last('organisation.upsert')).toMatchObject({ actor_id: admin, subject_id: 'to-kiem-tra', org_id: 'to-kiem-tra', details: { created: true, name: 'Tổ kiểm tra nhật ký' } });

    expect((await t.call('PUT', '/api/organisations/phuong-sai-gon/calendar', { as: 'admin', body: { weeklyHours: null, cutoff: '16:00' } })).status).toBe(200);
    expect(await last('calendar.org.set')).toMatchObject({ actor_id: admin, subject_id: 'phuong-sai-gon', org_id: 'phuong-sai-gon', details: { cutoff: '16:00' } });

    const year = await t.call('PUT', '/api/calendar/2031', { as: 'admin', body: { daysOff: [{ date: '2031-01-01', name: 'Tết Dương lịch' }], workingDays: [] } });
    expect(year.status).toBe(200);
    expect(await last('calendar.year.set')).toMatchObject({ actor_id: admin, subject_type: 'calendar', subject_id: 'national/2031', org_id: null, details: { year: 2031, daysOff: [{ date: '2031-01-01', name: 'Tết Dương lịch' }] } });

    const now = new Date('2026-01-01T00:00:00Z');
    const ca = createCertificateAuthority({ commonName: 'CA kiểm tra nhật ký', organisation: 'Kiểm thử' }, now);
    const added = await t.call('POST', '/api/trusted-cas', { as: 'admin', body: { name: 'CA kiểm tra nhật ký', certPem: ca.certPem } });
    expect(added.status).toBe(201);
    expect(await last('trusted_ca.add')).toMatchObject({ actor_id: admin, subject_type: 'trusted_ca', subject_id: added.body.id, org_id: null });

    const id = issueSigningCertificate(ca, { commonName: 'UBND Phường Sài Gòn — chứng thư nhập', organisation: 'Kiểm thử' }, now);
    const p12 = writePkcs12(id.keyPem, [id.certPem, ca.certPem], 'mật-khẩu');
    const imported = await t.call('PUT', '/api/organisations/phuong-sai-gon/signing-key', { as: 'admin', rawBody: p12, headers: { 'content-type': 'application/octet-stream', 'x-pkcs12-password': 'mật-khẩu' } });
    expect(imported.status).toBe(200);
    const key = await last('signing_key.import');
    expect(key).toMatchObject({ actor_id: admin, subject_type: 'signing_key', subject_id: 'phuong-sai-gon', org_id: 'phuong-sai-gon', details: { chainLength: 2, demo: false } });
    expect(JSON.stringify(key!.details)).not.toContain('PRIVATE KEY');
    // The demo identities the seed issued are recorded as the system's.
    expect((await entries({ action: 'signing_key.create' })).every((e) => e.actor_id === null)).toBe(true);

    const ndjson = '{"not":"a dossier"}\n';
    const imp = await t.call('POST', '/api/admin/import/dossiers', { as: 'admin', rawBody: ndjson, headers: { 'content-type': 'application/x-ndjson' } });
    expect(imp.status).toBe(200);
    expect(await last('import.dossiers')).toMatchObject({ actor_id: admin, subject_type: 'import', org_id: 'h29', details: { lines: 1, imported: 0, errors: 1, via: 'api' } });
  });

  it('a refused change leaves no entry (same transaction)', async () => {
    const before = (await entries()).length;
    const bad = await t.call('PUT', '/api/organisations/phuong-sai-gon/calendar', { as: 'admin', body: { weeklyHours: ['x', '', '', '', '', '', ''], cutoff: null } });
    expect(bad.status).toBe(422);
    const taken = await t.call('POST', '/api/users', { as: 'admin', body: { username: 'reception', fullName: 'Trùng tên', role: 'reception', orgId: 'phuong-sai-gon', password: DEMO_PASSWORD } });
    expect(taken.status).toBe(409);
    expect((await entries()).length).toBe(before);
  });

  it('a staff dossier view, list, form PDF, register and attachment download are recorded; the citizen’s own are not', async () => {
    const { code, uploadId } = await submit();
    const reception = await userId('reception');
    const before = (await entries()).length;
    // The citizen reading their own dossier, list, form and file: nothing recorded.
    expect((await t.call('GET', `/api/dossiers/${code}`, { as: 'citizen' })).status).toBe(200);
    expect((await t.call('GET', '/api/dossiers', { as: 'citizen' })).status).toBe(200);
    expect((await t.call('GET', `/api/uploads/${uploadId}`, { as: 'citizen' })).status).toBe(200);
    expect((await entries()).length).toBe(before);

    expect((await t.call('GET', `/api/dossiers/${code}`, { as: 'reception' })).status).toBe(200);
    const view = await last('dossier.view');
    expect(view).toMatchObject({ actor_id: reception, actor_role: 'reception', actor_org_id: 'phuong-sai-gon', subject_type: 'dossier', subject_id: code, org_id: 'phuong-sai-gon', details: {} });

    expect((await t.call('POST', `/api/dossiers/${code}/actions/accept`, { as: 'reception', body: {} })).status).toBe(200);
    const receiptAsCitizen = await t.call('GET', `/api/dossiers/${code}/documents/receipt`, { as: 'citizen' });
    expect(receiptAsCitizen.status).toBe(200);
    expect((await entries({ action: 'document.download' })).filter((e) => e.subject_id === code)).toHaveLength(0);
    expect((await t.call('GET', `/api/dossiers/${code}/documents/receipt`, { as: 'reception' })).status).toBe(200);
    expect(await last('document.download')).toMatchObject({ actor_id: reception, subject_id: code, org_id: 'phuong-sai-gon', details: { kind: 'receipt' } });

    expect((await t.call('GET', `/api/uploads/${uploadId}`, { as: 'reception' })).status).toBe(200);
    expect(await last('attachment.download')).toMatchObject({ actor_id: reception, subject_type: 'upload', subject_id: uploadId, org_id: 'phuong-sai-gon', details: { dossier: code, own: false } });

    expect((await t.call('GET', '/api/dossiers?q=H29&late=false', { as: 'reception' })).status).toBe(200);
    const list = await last('dossier.list');
    expect(list).toMatchObject({ actor_id: reception, subject_id: 'phuong-sai-gon', org_id: 'phuong-sai-gon', details: { query: { q: 'H29', late: 'false' } } });

    expect((await t.call('GET', '/api/organisations/phuong-sai-gon/register?from=2026-11-01&to=2026-11-30', { as: 'reception' })).status).toBe(200);
    expect(await last('register.download')).toMatchObject({ actor_id: reception, subject_id: 'phuong-sai-gon', details: { from: '2026-11-01', to: '2026-11-30' } });

    // Ids only: no applicant's name, ID number or phone in what views record.
    const reads = (await entries()).slice(before);
    const text = JSON.stringify(reads);
    for (const personal of ['Nguyễn Văn An', '079090001234', '0901234567']) expect(text).not.toContain(personal);
  });

  it('parallel appends never fork the chain, and the chain verifies', async () => {
    const { code } = await submit();
    await Promise.all(Array.from({ length: 20 }, () => t.call('GET', `/api/dossiers/${code}`, { as: 'specialist' })));
    const v = await verifyAuditChain(t.ctx.db);
    expect(v.brokenAt).toBeNull();
    expect(v.headMismatch).toBe(false);
    const all = await entries();
    expect(v.entries).toBe(all.length);
    expect(all.map((e) => Number(e.seq))).toEqual(all.map((_, i) => i + 1));
    expect(new Set(all.map((e) => e.prev_hash)).size).toBe(all.length);
  });

  it.runIf(backend === 'postgres')('two servers on one database append in parallel without forking the chain', async () => {
    const schema = (await sql<{ s: string }>`SELECT current_schema() AS s`.execute(t.ctx.db)).rows[0]!.s;
    const other = await openAndMigrate({ databaseUrl: process.env.MOTCUA_TEST_DATABASE_URL!, schema, poolSize: 4 });
    try {
      const otherCtx = createContext(other.db, { clock: t.clock.get });
      const one = (ctx: typeof t.ctx, db: typeof t.ctx.db, i: number) => recordAudit(db, ctx, null, { action: 'test.parallel', subjectType: 'test', subjectId: `p${i}`, orgId: null });
      const results = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? one(t.ctx, t.ctx.db, i) : one(otherCtx, other.db, i))));
      expect(new Set(results.map((r) => r.seq)).size).toBe(40);
      const v = await verifyAuditChain(t.ctx.db);
      expect(v).toMatchObject({ brokenAt: null, headMismatch: false });
    } finally {
      await other.close();
    }
  });

  it('details that jsonb refuses (NUL, a lone surrogate) are stored replaced and still verify', async () => {
    const r = await recordAudit(t.ctx.db, t.ctx, null, { action: 'test.odd', subjectType: 'test', subjectId: 'odd', orgId: null, details: { text: 'a\u0000b\ud800c', nested: { 'k"seq":1': [1.5, null, 'é'] }, gone: undefined } });
    const row = (await entries({ action: 'test.odd' }))[0]!;
    expect(Number(row.seq)).toBe(r.seq);
    expect(row.details).toEqual({ text: 'a\ufffdb\ufffdc', nested: { 'k"seq":1': [1.5, null, 'é'] } });
    expect((await verifyAuditChain(t.ctx.db)).brokenAt).toBeNull();
  });

  it('UPDATE, DELETE and TRUNCATE through SQL are refused by the database', async () => {
    await expect(sql`UPDATE audit_log SET action = 'x' WHERE seq = 1`.execute(t.ctx.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_log WHERE seq = 1`.execute(t.ctx.db)).rejects.toThrow(/append-only/);
    await expect(sql`TRUNCATE audit_log`.execute(t.ctx.db)).rejects.toThrow(/append-only/);
    expect((await verifyAuditChain(t.ctx.db)).brokenAt).toBeNull();
  });

  it('no API route edits the audit log', async () => {
    const auditRoutes = allRoutes().filter((r) => r.url.includes('audit'));
    expect(auditRoutes.length).toBeGreaterThanOrEqual(2);
    expect(auditRoutes.every((r) => r.method === 'GET')).toBe(true);
    for (const method of ['PUT', 'POST', 'DELETE']) {
      for (const url of ['/api/admin/audit', '/api/admin/audit/1', '/api/admin/audit/export']) {
        const res = await t.call(method, url, { as: 'admin', body: {} });
        expect(res.status, `${method} ${url}`).toBeGreaterThanOrEqual(400);
        expect(res.status, `${method} ${url}`).toBeLessThan(500);
      }
    }
    expect((await verifyAuditChain(t.ctx.db)).brokenAt).toBeNull();
  });

  it('administrators search; a ward administrator sees only their subtree; others may not', async () => {
    expect((await t.call('GET', '/api/admin/audit', { as: 'manager' })).status).toBe(403);
    expect((await t.call('GET', '/api/admin/audit', { as: 'reception' })).status).toBe(403);

    const city = await t.call('GET', '/api/admin/audit?action=dossier.view', { as: 'admin' });
    expect(city.status).toBe(200);
    expect(city.body.items.length).toBeGreaterThan(0);
    expect(city.body.items.every((i: { action: string }) => i.action === 'dossier.view')).toBe(true);
    const seqs = city.body.items.map((i: { seq: number }) => i.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a)); // newest first
    const all = await t.call('GET', '/api/admin/audit', { as: 'admin' });
    expect(all.body.items.some((i: { orgId: string | null }) => i.orgId === null)).toBe(true); // city-wide entries
    const family = await t.call('GET', '/api/admin/audit?action=calendar.', { as: 'admin' });
    expect(new Set(family.body.items.map((i: { action: string }) => i.action))).toEqual(new Set(['calendar.org.set', 'calendar.year.set']));
    const byActor = await t.call('GET', '/api/admin/audit?actor=reception', { as: 'admin' });
    expect(byActor.body.items.length).toBeGreaterThan(0);
    expect(byActor.body.items.every((i: { actorId: string }) => i.actorId === byActor.body.items[0].actorId)).toBe(true);
    expect(byActor.body.items.every((i: { actorUsername: string }) => i.actorUsername === 'reception')).toBe(true);

    // Something in the ward's own subtree.
    expect((await t.call('GET', '/api/dossiers', { as: 'btn.reception' })).status).toBe(200);
    const ward = await t.call('GET', '/api/admin/audit', { as: 'btn.admin' });
    expect(ward.status).toBe(200);
    expect(ward.body.items.length).toBeGreaterThan(0);
    expect(ward.body.items.every((i: { orgId: string | null }) => i.orgId === 'phuong-ben-thanh')).toBe(true);
    const views = await t.call('GET', '/api/admin/audit?action=dossier.view', { as: 'btn.admin' });
    expect(views.body.items).toEqual([]); // Phường Sài Gòn's views are not theirs
    expect((await t.call('GET', '/api/admin/audit?org=phuong-sai-gon', { as: 'btn.admin' })).status).toBe(403);
    expect((await t.call('GET', '/api/admin/audit/export?org=phuong-sai-gon', { as: 'btn.admin' })).status).toBe(403);

    const day = await t.call('GET', '/api/admin/audit?from=2026-11-23&to=2026-11-23', { as: 'admin' });
    expect(day.body.items.length).toBeGreaterThan(0);
    expect((await t.call('GET', '/api/admin/audit?from=2030-01-01', { as: 'admin' })).body.items).toEqual([]);
    expect((await t.call('GET', '/api/admin/audit?from=hôm-qua', { as: 'admin' })).status).toBe(400);
  });

  it('exports as CSV (escaped) and NDJSON, and the export is itself recorded', async () => {
    const admin = await userId('admin');
    // A value that a spreadsheet would run, in a cell of its own (the request id).
    await recordAudit(t.ctx.db, Object.create(t.ctx, { requestId: { value: '=HYPERLINK("http://evil.example")' } }), null, {
      action: 'test.formula',
      subjectType: 'test',
      subjectId: '@evil',
      orgId: 'phuong-sai-gon',
    });
    const csv = await t.call('GET', '/api/admin/audit/export?format=csv', { as: 'admin' });
    expect(csv.status).toBe(200);
    expect(String(csv.headers['content-type'])).toMatch(/^text\/csv/);
    const text = csv.body as string;
    const lines = text.replace(/^\ufeff/, '').trim().split('\r\n');
    expect(lines[0]).toBe('seq,at,actorId,actorUsername,actorRole,actorOrgId,action,subjectType,subjectId,orgId,details,requestId,hash');
    const formula = lines.find((l) => l.includes('test.formula'))!;
    expect(formula).toContain(`,'@evil,`);
    expect(formula).toContain(`"'=HYPERLINK(""http://evil.example"")"`);
    for (const line of lines.slice(1)) for (const cell of line.split(',')) expect(cell).not.toMatch(/^[=+@]/);
    const exportEntry = await last('audit.export');
    expect(exportEntry).toMatchObject({ actor_id: admin, details: { format: 'csv', rows: lines.length - 1 } });

    // (Not t.call, which would parse the whole answer as one JSON value.)
    const nd = await t.app.inject({ method: 'GET', url: '/api/admin/audit/export?format=ndjson&action=user.', headers: { authorization: `Bearer ${await t.token('admin')}` } });
    expect(nd.statusCode).toBe(200);
    expect(nd.headers['content-type']).toMatch(/^application\/x-ndjson/);
    const rows = (nd.body.trim().split('\n') as string[]).map((l) => JSON.parse(l) as { action: string });
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.action.startsWith('user.'))).toBe(true);
    expect(await last('audit.export')).toMatchObject({ details: { format: 'ndjson', filters: { action: 'user.' } } });
    expect((await verifyAuditChain(t.ctx.db)).brokenAt).toBeNull();
  });

  it('tampering through SQL (trigger disabled) is detected by verify', async () => {
    const target = (await entries({ action: 'dossier.view' }))[0]!;
    const seq = Number(target.seq);
    const asOwner = async (statement: ReturnType<typeof sql>) => {
      await t.ctx.db.transaction().execute(async (trx) => {
        await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete`.execute(trx);
        await statement.execute(trx);
        await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_delete`.execute(trx);
      });
    };
    // A changed subject: the entry's hash no longer matches.
    await asOwner(sql`UPDATE audit_log SET subject_id = 'someone-else' WHERE seq = ${seq}`);
    expect(await verifyAuditChain(t.ctx.db)).toMatchObject({ brokenAt: seq });
    await asOwner(sql`UPDATE audit_log SET subject_id = ${target.subject_id} WHERE seq = ${seq}`);
    expect((await verifyAuditChain(t.ctx.db)).brokenAt).toBeNull();

    // A recomputed hash for the change: the next entry's link breaks.
    const forged = chainHash(target.prev_hash, { seq, at: target.at.toISOString(), actorId: null, actorRole: null, actorOrgId: null, action: target.action, subjectType: target.subject_type, subjectId: target.subject_id, orgId: target.org_id, details: target.details, requestId: target.request_id });
    await asOwner(sql`UPDATE audit_log SET actor_id = NULL, actor_role = NULL, actor_org_id = NULL, hash = ${forged} WHERE seq = ${seq}`);
    expect(await verifyAuditChain(t.ctx.db)).toMatchObject({ brokenAt: seq + 1 });
    await asOwner(sql`UPDATE audit_log SET actor_id = ${target.actor_id}, actor_role = ${target.actor_role}, actor_org_id = ${target.actor_org_id}, hash = ${target.hash} WHERE seq = ${seq}`);
    expect((await verifyAuditChain(t.ctx.db)).brokenAt).toBeNull();

    // The last entry removed: the head no longer matches.
    const max = Number((await sql<{ m: string }>`SELECT max(seq)::text AS m FROM audit_log`.execute(t.ctx.db)).rows[0]!.m);
    await asOwner(sql`DELETE FROM audit_log WHERE seq = ${max}`);
    expect(await verifyAuditChain(t.ctx.db)).toMatchObject({ brokenAt: null, headMismatch: true });
  });
});

describe('motcua verify-audit', () => {
  const exec = promisify(execFile);
  const dir = mkdtempSync(join(tmpdir(), 'motcua-audit-cli-'));
  const verify = async () => {
    try {
      const { stdout } = await exec('node', ['bin/motcua.mjs', 'verify-audit'], { env: { ...process.env, MOTCUA_DATA_DIR: dir, DATABASE_URL: '' } });
      return { code: 0, stdout };
    } catch (e) {
      const err = e as { code: number; stdout: string };
      return { code: err.code, stdout: err.stdout };
    }
  };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reports an intact chain (exit 0) and an edited entry (exit 1)', async () => {
    let h = await openAndMigrate({ dataDir: dir });
    const ctx = createContext(h.db);
    for (let i = 0; i < 3; i++) await recordAudit(h.db, ctx, null, { action: 'test.entry', subjectType: 'test', subjectId: `s${i}`, orgId: null, details: { i } });
    await h.close();
    const ok = await verify();
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^3 mục .*chain intact/m);

    h = await openAndMigrate({ dataDir: dir });
    await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete`.execute(h.db);
    await sql`UPDATE audit_log SET details = '{"i": 9}' WHERE seq = 2`.execute(h.db);
    await h.close();
    const bad = await verify();
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/BROKEN .*seq 2/);
  }, 60_000);
});
