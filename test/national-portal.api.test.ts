/**
 * Issue 18 — dossier status sync to the national portal (src/modules/integrations/national-portal/),
 * against the sandbox that speaks the same interface: the exact records sent (fields, Vietnam-time dates,
 * status codes, written out by hand here), a message retried after the sandbox fails twice and delivered
 * once, a message delivered again that calls nothing twice, and 766 criterion 1.4 from the sync records.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, PDF, householdBusinessRequest, startTestApp, type TestApp } from './helpers.ts';
import { OutboxRegistry, runOutboxOnce } from '../src/platform/outbox/index.ts';
import { NationalPortalSandbox } from '../src/modules/integrations/national-portal/sandbox.ts';
import { registerNationalPortalSync, syncDossierMessage } from '../src/modules/integrations/national-portal/sync.ts';
import { portalDate } from '../src/modules/integrations/national-portal/domain/mapping.ts';

const ACCOUNT = { username: 'h29-dongbo', password: 'mat-khau-rat-bi-mat-29', unitCode: '000.00.00.H29' };

describe('national portal dates', () => {
  it('are yyyyMMddHHmmss in Vietnam time, empty when absent', () => {
    expect(portalDate(new Date('2026-11-23T01:02:03Z'))).toBe('20261123080203');
    expect(portalDate(new Date('2026-12-31T17:30:00Z'))).toBe('20270101003000');
    expect(portalDate(null)).toBe('');
  });
});

describe.each(BACKENDS)('national portal sync (%s)', (backend) => {
  let t: TestApp;
  let portal: NationalPortalSandbox;
  const registry = new OutboxRegistry();
  const run = () => runOutboxOnce(t.ctx, { registry });
  const act = (as: string, code: string, action: string, body: unknown = {}) => t.call('POST', `/api/dossiers/${code}/actions/${action}`, { as, body });
  const submit = async () => {
    const uploadId = await t.upload('citizen', PDF, 'giấy đề nghị.pdf');
    const res = await t.call('POST', '/api/dossiers', { as: 'citizen', body: householdBusinessRequest(uploadId) });
    expect(res.status).toBe(201);
    return res.body as { id: string; code: string };
  };
  const outboxOf = (dossierId: string, topic: string) =>
    t.handle.db.selectFrom('outbox').selectAll().where('topic', '=', topic).execute().then((rows) => rows.filter((r) => (r.payload as { dossierId?: string }).dossierId === dossierId));

  beforeAll(async () => {
    portal = new NationalPortalSandbox([ACCOUNT]);
    const url = await portal.start();
    // Credentials held by the city (h29): its wards' dossiers are sent with them (the nearest unit above).
    t = await startTestApp(backend, { nationalPortal: { url, credentials: { h29: ACCOUNT }, syncImported: true } });
    registerNationalPortalSync(registry);
  });
  afterAll(async () => {
    await t?.close();
    await portal?.stop();
  });

  it('sends the reception, then the acceptance, with the documented fields, dates and status codes', async () => {
    t.clock.set('2026-11-23T08:00:00+07:00');
    const d = await submit();
    expect((await run()).delivered).toBe(1);
    expect(portal.calls).toEqual([{
      service: 'DongBoHoSoMC',
      madonvi: '000.00.00.H29',
      isUpdating: false,
      idempotencyKey: expect.stringMatching(/^\d+:national-portal\.sync:DongBoHoSoMC$/),
      data: [{
        MaHoSo: d.code,
        MaTTHC: '2.000720.H29',
        ChuHoSo: 'Nguyễn Văn An',
        LoaiDoiTuong: '1',
        NgayTiepNhan: '20261123080000',
        NgayHenTra: '',
        TrangThaiHoSo: '1',
        NgayTra: '',
        HinhThuc: '1',
        DonViXuLy: 'Ủy ban nhân dân Phường Sài Gòn',
      }],
    }]);

    t.clock.set('2026-11-23T09:00:00+07:00');
    expect((await act('reception', d.code, 'accept', { note: 'Hồ sơ đầy đủ', noteVisibility: 'applicant' })).status).toBe(200);
    expect((await run()).delivered).toBe(1);
    expect(portal.calls.slice(1).map((c) => [c.service, c.isUpdating, c.data])).toEqual([
      ['DongBoHoSoMC', true, [{
        MaHoSo: d.code,
        MaTTHC: '2.000720.H29',
        ChuHoSo: 'Nguyễn Văn An',
        LoaiDoiTuong: '1',
        NgayTiepNhan: '20261123080000',
        NgayHenTra: '20261126090000',
        TrangThaiHoSo: '4',
        NgayTra: '',
        HinhThuc: '1',
        DonViXuLy: 'Ủy ban nhân dân Phường Sài Gòn',
      }]],
      ['CapNhatTienDoHoSoMC', false, [{
        MaHoSo: d.code,
        NguoiXuLy: 'Lê Thị Thu',
        PhongBanXuLy: 'Ủy ban nhân dân Phường Sài Gòn',
        NoiDungXuLy: 'Tiếp nhận hồ sơ: Hồ sơ đầy đủ',
        ThoiDiemXuLy: '20261123090000',
        TrangThai: '2',
      }]],
    ]);
  });

  it('retries a message the portal refused twice, delivers it once, shows the error to operators without the password', async () => {
    t.clock.set('2026-11-24T08:00:00+07:00');
    const d = await submit();
    await run();
    t.clock.set('2026-11-24T08:30:00+07:00');
    expect((await act('reception', d.code, 'accept', { note: 'ghi chú nội bộ' })).status).toBe(200);
    const before = portal.calls.length;
    const attemptsBefore = portal.attempts;
    portal.failNext(2);

    expect((await run()).failed).toBe(1);
    const [msg] = await outboxOf(d.id, 'dossier.accept');
    let row = await t.handle.db.selectFrom('outbox').selectAll().where('id', '=', msg!.id).executeTakeFirstOrThrow();
    expect([row.status, row.attempts]).toEqual(['pending', 1]);
    expect(row.last_error).toContain('national portal: DongBoHoSoMC refused for unit 000.00.00.H29 (HTTP 503');
    // Visible in the operations list, and no credential in it.
    const listed = await t.call('GET', '/api/admin/outbox?status=failed', { as: 'admin' });
    const item = listed.body.items.find((i: { id: string }) => i.id === String(msg!.id));
    expect(item.lastError).toContain('HTTP 503');
    expect(JSON.stringify(listed.body)).not.toContain(ACCOUNT.password);

    t.clock.now = new Date(row.next_attempt_at!.getTime() + 1000);
    expect((await run()).failed).toBe(1);
    row = await t.handle.db.selectFrom('outbox').selectAll().where('id', '=', msg!.id).executeTakeFirstOrThrow();
    t.clock.now = new Date(row.next_attempt_at!.getTime() + 1000);
    expect((await run()).delivered).toBe(1);

    row = await t.handle.db.selectFrom('outbox').selectAll().where('id', '=', msg!.id).executeTakeFirstOrThrow();
    expect([row.status, row.attempts]).toEqual(['delivered', 2]); // attempts counts the failed ones
    expect(portal.attempts - attemptsBefore).toBe(4); // two refused, then the dossier and the step once each
    const sent = portal.calls.slice(before);
    expect(sent.map((c) => c.service)).toEqual(['DongBoHoSoMC', 'CapNhatTienDoHoSoMC']);
    // An internal note never leaves motcua.
    expect(sent[1]!.data[0]!.NoiDungXuLy).toBe('Tiếp nhận hồ sơ');
    expect(portal.progress.get(d.code)).toHaveLength(1);

    // The same message handed over again (a crash before its delivery was recorded): nothing is called twice.
    const again = { id: String(msg!.id), topic: msg!.topic, payload: msg!.payload as Record<string, unknown>, createdAt: msg!.created_at, deliveryKey: `${msg!.id}:national-portal.sync` };
    const attempts = portal.attempts;
    await syncDossierMessage(again, t.ctx);
    expect(portal.attempts).toBe(attempts);
    const rows = await t.handle.db.selectFrom('national_portal_syncs').select(['service', 'portal_status']).where('delivery_key', '=', again.deliveryKey).orderBy('service').execute();
    expect(rows).toEqual([{ service: 'CapNhatTienDoHoSoMC', portal_status: '2' }, { service: 'DongBoHoSoMC', portal_status: '4' }]);
  });

  it('maps the end of a dossier: withdrawn (7) with the date it ended', async () => {
    t.clock.set('2026-11-25T08:00:00+07:00');
    const d = await submit();
    await act('reception', d.code, 'accept');
    t.clock.set('2026-11-25T10:00:00+07:00');
    expect((await act('citizen', d.code, 'withdraw', { reason: 'Không còn nhu cầu' })).status).toBe(200);
    for (let i = 0; i < 3; i++) await run();
    expect(portal.dossiers.get(d.code)).toMatchObject({ TrangThaiHoSo: '7', NgayTra: '20261125100000' });
    expect(portal.progress.get(d.code)!.map((s) => s.TrangThai)).toEqual(['2', '7']);
  });

  it('measures 766 criterion 1.4: dossiers synced / received, per unit and period', async () => {
    // One more dossier received in November whose reception never reached the portal.
    t.clock.set('2026-11-26T08:00:00+07:00');
    await submit();
    const r = await t.call('GET', '/api/stats/index766?org=phuong-sai-gon&period=2026-11', { as: 'admin' });
    expect(r.status).toBe(200);
    const c = r.body.criteria.find((x: { code: string }) => x.code === '1.4');
    expect([c.numerator, c.denominator, c.status]).toEqual([3, 4, 'measured']);
    expect(c.score).toBeCloseTo(4.5, 5);
    // Another ward received nothing: not applicable, full marks.
    const other = await t.call('GET', '/api/stats/index766?org=phuong-tan-dinh&period=2026-11', { as: 'admin' });
    expect(other.body.criteria.find((x: { code: string }) => x.code === '1.4').status).toBe('not_applicable');
  });
});
