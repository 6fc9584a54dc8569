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
import { SYNCED_TOPICS, registerNationalPortalSync, syncDossierMessage } from '../src/modules/integrations/national-portal/sync.ts';
import { portalDate } from '../src/modules/integrations/national-portal/domain/mapping.ts';

/** The record's lists (domain/lists.ts) of a dossier with its one file, no fee collected, no supplement, no result. */
const listsWithFile = (uploadId: string) => ({
  TaiLieuNop: [{ TepDinhKemId: uploadId, TenTepDinhKem: 'giấy đề nghị.pdf', IsDeleted: '0', MaThanhPhanHoSo: 'giay-de-nghi', DuongDanTaiTepTin: '' }],
  DanhSachLePhi: [],
  DanhSachHoSoBoSung: [],
  DanhSachGiayToKetQua: [],
  HoSoCoThanhPhanSoHoa: '1',
  TaiKhoanDuocXacThucVoiVNeID: '0',
  DuocThanhToanTrucTuyen: '0',
  NgayTuChoi: '',
});

const ACCOUNT = { username: 'h29-dongbo', password: 'mat-khau-rat-bi-mat-29', unitCode: '000.00.00.H29' };

describe('national portal topics', () => {
  it('follow a dossier moved to a successor unit by a reorganisation (DonViXuLy changes), not a rating', () => {
    expect(SYNCED_TOPICS).toContain('dossier.transferred_by_reorganisation');
    expect(SYNCED_TOPICS).toContain('dossier.submitted');
    expect(SYNCED_TOPICS).not.toContain('dossier.rate');
  });
});

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
    return { ...(res.body as { id: string; code: string }), uploadId };
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
        ...listsWithFile(d.uploadId),
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
        ...listsWithFile(d.uploadId),
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

  it('lists the files, the fees collected, the supplement round with its appointments, the result, and the day of a refusal', async () => {
    // After the 1.4 test: December, so November's figures above stay as they are.
    t.clock.set('2026-12-07T08:00:00+07:00');
    const d = await submit();
    t.clock.set('2026-12-07T09:00:00+07:00');
    expect((await act('reception', d.code, 'accept')).status).toBe(200);
    // The registration fee (100 000 đồng, due at submission) collected in cash at the counter.
    expect((await t.call('POST', `/api/dossiers/${d.code}/payments`, { as: 'reception', body: { method: 'cash' } })).status).toBe(201);
    t.clock.set('2026-12-07T10:00:00+07:00');
    expect((await act('reception', d.code, 'hand_over')).status).toBe(200);
    t.clock.set('2026-12-08T09:00:00+07:00');
    expect((await act('specialist', d.code, 'request_supplement', { reason: 'Thiếu hợp đồng thuê địa điểm', items: [{ componentCode: 'hop-dong-thue', name: 'Bản sao hợp đồng thuê', reason: 'Địa điểm thuê' }] })).status).toBe(200);
    // Monday 14/12 13:00: the 2025 rule counts the three working days (24 working hours, 7:30–11:30 and 13:00–17:00)
    // again from the supplement: Monday 4 h + Tuesday 8 + Wednesday 8 + Thursday 7:30–11:30 4 → Thursday 17/12 11:30.
    t.clock.set('2026-12-14T13:00:00+07:00');
    const extra = await t.upload('citizen', PDF, 'hợp đồng thuê.pdf');
    expect((await act('citizen', d.code, 'supplement', { note: 'Đã bổ sung hợp đồng', attachments: [{ componentCode: 'hop-dong-thue', uploadId: extra }] })).status).toBe(200);
    t.clock.set('2026-12-15T09:00:00+07:00');
    expect((await act('specialist', d.code, 'hand_over', { note: 'Đủ điều kiện' })).status).toBe(200);
    const result = await t.upload('leader', PDF, 'giấy chứng nhận.pdf');
    t.clock.set('2026-12-15T15:00:00+07:00');
    expect((await act('leader', d.code, 'complete', { resultUploadId: result })).status).toBe(200);
    for (let i = 0; i < 3; i++) await run();

    const record = portal.dossiers.get(d.code)!;
    expect(record.TrangThaiHoSo).toBe('9');
    expect(record.TaiLieuNop).toEqual([
      { TepDinhKemId: d.uploadId, TenTepDinhKem: 'giấy đề nghị.pdf', IsDeleted: '0', MaThanhPhanHoSo: 'giay-de-nghi', DuongDanTaiTepTin: '' },
      { TepDinhKemId: extra, TenTepDinhKem: 'hợp đồng thuê.pdf', IsDeleted: '0', MaThanhPhanHoSo: 'hop-dong-thue', DuongDanTaiTepTin: '' },
    ]);
    expect(record.DanhSachLePhi).toEqual([{ TenPhiLePhi: 'Lệ phí đăng ký hộ kinh doanh', MaPhiLePhi: expect.any(String), HinhThucThu: '2', Gia: '100000', LoaiPhiLePhi: '1' }]);
    expect(record.DanhSachHoSoBoSung).toEqual([{
      HoSoBoSungId: '4',
      NguoiYeuCauBoSung: 'Phạm Minh Tuấn',
      NoiDungBoSung: 'Thiếu hợp đồng thuê địa điểm; Bản sao hợp đồng thuê (Địa điểm thuê)',
      NgayBoSung: '20261208090000',
      NguoiTiepNhanBoSung: 'Nguyễn Văn An',
      ThongTinTiepNhan: 'Đã bổ sung hợp đồng',
      NgayTiepNhanBoSung: '20261214130000',
      TrangThaiBoSung: '1',
      NgayHenTraTruoc: '20261210090000',
      NgayHenTraMoi: '20261217113000',
    }]);
    // The result the applicant receives: the signed copy motcua made of the leader's file.
    const signed = await t.handle.db.selectFrom('dossiers').innerJoin('uploads', 'uploads.id', 'dossiers.result_upload_id').select(['uploads.id', 'uploads.filename']).where('dossiers.id', '=', d.id).executeTakeFirstOrThrow();
    expect(signed.filename).toBe(`ket-qua-${d.code}.pdf`);
    expect(record.DanhSachGiayToKetQua).toEqual([{ TenGiayTo: signed.filename, MaThanhPhanHoSo: '', GiayToId: signed.id, DuongDanTepTinKetQua: '' }]);
    expect([record.HoSoCoThanhPhanSoHoa, record.DuocThanhToanTrucTuyen, record.NgayTuChoi]).toEqual(['1', '0', '']);

    // A dossier refused at intake: 3 with the day of the refusal.
    t.clock.set('2026-12-16T08:00:00+07:00');
    const refused = await submit();
    t.clock.set('2026-12-16T08:30:00+07:00');
    expect((await act('reception', refused.code, 'reject', { reason: 'Ngành nghề kinh doanh bị cấm' })).status).toBe(200);
    for (let i = 0; i < 2; i++) await run();
    expect(portal.dossiers.get(refused.code)).toMatchObject({ TrangThaiHoSo: '3', NgayTuChoi: '20261216083000' });
  });
});
