/**
 * The catalogue import from the national procedure database (issue 18): a file with a changed fee and a new
 * procedure imports as one new version and one new (unpublished) procedure, after a preview that changed
 * nothing; applying twice is a 409; errors come back by row and column; a bad file is a 422; an import whose
 * preview went stale is refused whole, never half-applied; 766 criteria 1.1 and 1.2 are computed by hand for a
 * fixture whose working days cross the 30/4–1/5 holidays.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, PDF, householdBusinessRequest, startTestApp, type TestApp } from './helpers.ts';
import { publicityCounts, publishedOnTime, updatedNationallyInTime } from '../src/modules/integrations/national-catalogue/domain/publicity.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const octets = { 'content-type': 'application/octet-stream' };
const HKD = '2.000720.H29'; // Đăng ký thành lập hộ kinh doanh: fee 100 000 in the demo catalogue
const HKD_CHANGE = '2.000575.H29';

type View = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A procedure as the national export has it, from the catalogue's own view (so only what a test changes differs). */
function recordOf(p: View, over: Record<string, unknown> = {}) {
  return {
    maTTHC: p.code,
    tenTTHC: p.name,
    capThucHien: p.level === 'commune' ? 'Cấp Xã' : 'Cấp Tỉnh',
    linhVuc: p.field.name,
    coQuanThucHien: ['Ủy ban nhân dân cấp xã'],
    thanhPhanHoSo: p.components.map((c: View) => ({ tenGiayTo: c.name, banChinh: c.originals, banSao: c.copies, batBuoc: c.required })),
    phiLePhi: p.feeVnd,
    moTaPhi: p.feeNote,
    thoiHanGiaiQuyet: p.duration.value,
    donViThoiHan: 'Ngày làm việc',
    canCuPhapLy: p.legalBasis,
    ketQua: p.resultName,
    soQuyetDinh: '2412/QĐ-UBND',
    ngayQuyetDinh: '16/06/2025',
    ngayHieuLuc: '01/07/2025',
    ngayCapNhatCSDLQG: '18/06/2025',
    ...over,
  };
}

const NEW_PROCEDURE = {
  maTTHC: '1.009876',
  tenTTHC: 'Đăng ký khai sinh cho trẻ em bị bỏ rơi (thử nghiệm)',
  capThucHien: 'Cấp Xã',
  linhVuc: 'Hộ tịch',
  coQuanThucHien: 'Ủy ban nhân dân cấp xã',
  thanhPhanHoSo: [
    { tenGiayTo: 'Tờ khai đăng ký khai sinh', banChinh: 1, banSao: 0, batBuoc: true },
    { tenGiayTo: 'Biên bản xác nhận việc trẻ bị bỏ rơi', banChinh: 1, banSao: 0, batBuoc: 'Có' },
  ],
  phiLePhi: 0,
  thoiHanGiaiQuyet: 5,
  donViThoiHan: 'Ngày làm việc',
  canCuPhapLy: 'Luật Hộ tịch 2014',
  ketQua: 'Giấy khai sinh',
  soQuyetDinh: '1234/QĐ-UBND',
  ngayQuyetDinh: '02/11/2026',
  ngayHieuLuc: '16/11/2026',
  ngayCapNhatCSDLQG: '04/11/2026',
};

describe.each(BACKENDS)('catalogue import (%s)', (backend) => {
  let t: TestApp;
  let hkd: View;
  let hkdChange: View;
  const upload = (body: unknown, as = 'admin') => t.call('POST', '/api/admin/catalogue/imports?filename=csdl-tthc.json', { as, rawBody: Buffer.from(JSON.stringify(body)), headers: octets });
  const versions = async (code: string) => (await t.call('GET', `/api/procedures/${code}/versions`)).body.items as View[];

  beforeAll(async () => {
    t = await startTestApp(backend);
    hkd = (await t.call('GET', `/api/procedures/${HKD}`)).body;
    hkdChange = (await t.call('GET', `/api/procedures/${HKD_CHANGE}`)).body;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('imports a changed fee as one new version and a new procedure as one new, unpublished procedure', async () => {
    expect(hkd.feeVnd).toBe(100000);
    // The demo's first version of each procedure (src/demo/demo-procedure-versions.ts).
    expect(await versions(HKD)).toMatchObject([{ version: 1, decisionNumber: '2412/QĐ-UBND', effectiveDate: '2025-07-01' }]);
    const file = {
      thuTucHanhChinh: [
        recordOf(hkd, { phiLePhi: '70.000', soQuyetDinh: '1234/QĐ-UBND', ngayQuyetDinh: '02/11/2026', ngayHieuLuc: '16/11/2026', ngayCapNhatCSDLQG: '04/11/2026' }),
        NEW_PROCEDURE,
        recordOf(hkdChange),
      ],
    };
    const up = await upload(file);
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    expect(up.body.counts).toEqual({ new: 1, changed: 1, unchanged: 1, errors: 0 });
    expect(up.body.items.find((i: View) => i.code === HKD)).toMatchObject({
      status: 'changed',
      row: 1,
      changes: [
        { field: 'feeVnd', old: 100000, new: 70000 },
        { field: 'decisionNumber', old: '2412/QĐ-UBND', new: '1234/QĐ-UBND' },
        { field: 'decisionDate', old: '2025-06-16', new: '2026-11-02' },
        { field: 'effectiveDate', old: '2025-07-01', new: '2026-11-16' },
      ],
    });
    expect(up.body.items.find((i: View) => i.code === '1.009876')).toMatchObject({ status: 'new', changes: [], decisionNumber: '1234/QĐ-UBND', missingParts: ['process'] });
    expect(up.body.items.find((i: View) => i.code === HKD_CHANGE)).toMatchObject({ status: 'unchanged', changes: [] });
    // The preview changed nothing.
    expect((await t.call('GET', `/api/procedures/${HKD}`)).body.feeVnd).toBe(100000);
    expect(await t.handle.db.selectFrom('procedures').select('code').where('code', '=', '1.009876').executeTakeFirst()).toBeUndefined();
    expect((await t.call('GET', `/api/admin/catalogue/imports/${up.body.id}`, { as: 'admin' })).body.counts.changed).toBe(1);

    const applied = await t.call('POST', `/api/admin/catalogue/imports/${up.body.id}/apply`, { as: 'admin' });
    expect(applied.status, JSON.stringify(applied.body)).toBe(200);
    expect(applied.body).toMatchObject({ newProcedures: ['1.009876'], newVersions: [{ code: HKD, version: 2 }], unchanged: 1 });
    expect((await t.call('GET', `/api/procedures/${HKD}`)).body.feeVnd).toBe(70000);
    const hkdVersions = await versions(HKD);
    expect(hkdVersions).toHaveLength(2);
    expect(hkdVersions[0]).toMatchObject({ version: 2, source: 'import', decisionNumber: '1234/QĐ-UBND', decisionDate: '2026-11-02', effectiveDate: '2026-11-16', nationalUpdatedOn: '2026-11-04', publishedOn: '2026-11-23' });
    expect(await versions(HKD_CHANGE)).toHaveLength(1);
    // The new procedure waits, unpublished, for an administrator to give it units and a process.
    const created = await t.handle.db.selectFrom('procedures').selectAll().where('code', '=', '1.009876').executeTakeFirstOrThrow();
    expect(created).toMatchObject({ published: false, field_code: 'ho-tich', level: 'commune', fee_vnd: 0, duration_value: 5, duration_unit: 'working_days', result_name: 'Giấy khai sinh' });
    expect(created.components.map((c) => [c.name, c.originals, c.copies, c.required])).toEqual([
      ['Tờ khai đăng ký khai sinh', 1, 0, true],
      ['Biên bản xác nhận việc trẻ bị bỏ rơi', 1, 0, true],
    ]);
    expect((await t.call('GET', '/api/procedures/1.009876')).status).toBe(404);
    expect(await t.handle.db.selectFrom('audit_log').select('subject_id').where('action', '=', 'catalogue.import_apply').execute()).toEqual([{ subject_id: up.body.id }]);

    // Applying twice changes nothing more.
    const again = await t.call('POST', `/api/admin/catalogue/imports/${up.body.id}/apply`, { as: 'admin' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('catalogue-import-applied');
    expect(await versions(HKD)).toHaveLength(2);

    // A dossier received now records the version it was received under.
    const u = await t.upload('citizen', PDF);
    const d = await t.call('POST', '/api/dossiers', { as: 'citizen', body: householdBusinessRequest(u) });
    expect(d.status, JSON.stringify(d.body)).toBe(201);
    expect((await t.handle.db.selectFrom('dossiers').select('procedure_version').where('code', '=', d.body.code).executeTakeFirstOrThrow()).procedure_version).toBe(2);
  });

  it('reports errors by sheet, row and column, and refuses to apply a file with any', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('TTHC');
    ws.addRow(['Mã TTHC', 'Tên TTHC', 'Cấp thực hiện', 'Lĩnh vực', 'Cơ quan thực hiện', 'Phí, lệ phí (đồng)', 'Thời hạn giải quyết', 'Căn cứ pháp lý', 'Kết quả thực hiện', 'Số quyết định công bố', 'Ngày quyết định', 'Ngày hiệu lực']);
    ws.addRow(['1.001235', 'Thủ tục đúng', 'Cấp Xã', 'Hộ tịch', 'UBND cấp xã', 0, 5, 'Luật Hộ tịch 2014', 'Giấy xác nhận', '1/QĐ-UBND', '02/11/2026', '16/11/2026']); // row 2: fine
    ws.addRow([null, 'Thiếu mã', 'Cấp Xã', 'Hộ tịch', 'UBND cấp xã', 0, 5, 'Luật', 'Giấy', '1/QĐ-UBND', '02/11/2026', '16/11/2026']); // row 3
    ws.addRow(['1.001236', 'Ngày sai', 'Cấp Xã', 'Hộ tịch', 'UBND cấp xã', 0, 5, 'Luật', 'Giấy', '1/QĐ-UBND', '31/02/2026', '16/11/2026']); // row 4
    ws.addRow(['1.001237', 'Lĩnh vực lạ', 'Cấp Xã', 'Thủy sản', 'UBND cấp xã', 'năm mươi', 5, 'Luật', 'Giấy', '1/QĐ-UBND', '02/11/2026', '16/11/2026']); // row 5
    const cs = wb.addWorksheet('Thành phần hồ sơ');
    cs.addRow(['Mã TTHC', 'Tên giấy tờ', 'Bản chính', 'Bản sao', 'Bắt buộc']);
    cs.addRow(['1.001235', 'Tờ khai', 1, 0, 'Có lẽ']); // row 2
    const up = await t.call('POST', '/api/admin/catalogue/imports', { as: 'admin', rawBody: Buffer.from(await wb.xlsx.writeBuffer()), headers: { 'content-type': XLSX } });
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    expect(up.body.format).toBe('xlsx');
    const where = (up.body.errors as View[]).map((e) => `${e.sheet}!${e.row}:${e.column}`);
    expect(where).toEqual(['TTHC!3:Mã TTHC', 'TTHC!4:Ngày quyết định', 'TTHC!5:Lĩnh vực', 'TTHC!5:Phí, lệ phí (đồng)', 'Thành phần hồ sơ!2:Bắt buộc']);
    expect(up.body.errors[0].message).toEqual({ vi: 'Thiếu mã thủ tục', en: 'The procedure code is missing' });
    expect(up.body.errors[2].message.vi).toBe('Không có lĩnh vực "Thủy sản" trong danh mục');
    expect(up.body.counts).toEqual({ new: 0, changed: 0, unchanged: 0, errors: 5 });
    const apply = await t.call('POST', `/api/admin/catalogue/imports/${up.body.id}/apply`, { as: 'admin' });
    expect(apply.status).toBe(409);
    expect(apply.body.code).toBe('catalogue-import-has-errors');
    expect(await t.handle.db.selectFrom('procedures').select('code').where('code', 'in', ['1.001235', '1.001236']).execute()).toEqual([]);
  });

  it('answers a file it cannot read with a 422 naming the problem, never a 500', async () => {
    const garbage = await t.call('POST', '/api/admin/catalogue/imports', { as: 'admin', rawBody: Buffer.from('Mã TTHC;Tên\n1.001;x'), headers: octets });
    expect(garbage.status).toBe(422);
    expect(garbage.headers['content-type']).toContain('application/problem+json');
    expect(garbage.body.code).toBe('catalogue-file-unreadable');
    // A problem of the whole file is at the path "file" (not "file.1.").
    expect(garbage.body.errors.map((e: { path: string }) => e.path)).toEqual(['file']);
    expect((await upload({ thuTucHanhChinh: [] })).status).toBe(422);
    expect((await upload({ khac: 1 })).status).toBe(422);
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('TTHC').addRow(['Mã', 'Tên TTHC']);
    const noColumns = await t.call('POST', '/api/admin/catalogue/imports', { as: 'admin', rawBody: Buffer.from(await wb.xlsx.writeBuffer()), headers: { 'content-type': XLSX } });
    expect(noColumns.status).toBe(422);
    expect(noColumns.body.errors.map((e: View) => e.path)).toContain('TTHC.1.Mã TTHC');
    const zipNotXlsx = await t.call('POST', '/api/admin/catalogue/imports', { as: 'admin', rawBody: Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), headers: octets });
    expect(zipNotXlsx.status).toBe(422);
    // The template reads back as one new procedure without errors.
    const template = await t.call('GET', '/api/admin/catalogue/template.xlsx', { as: 'admin' });
    expect(template.status).toBe(200);
    const fromTemplate = await t.call('POST', '/api/admin/catalogue/imports', { as: 'admin', rawBody: template.raw, headers: { 'content-type': XLSX } });
    expect(fromTemplate.body.counts).toEqual({ new: 1, changed: 0, unchanged: 0, errors: 0 });
    expect(fromTemplate.body.items[0]).toMatchObject({ code: '1.001234', status: 'new', decisionNumber: '1234/QĐ-UBND', decisionDate: '2026-11-02', effectiveDate: '2026-11-16', nationalUpdatedOn: '2026-11-04' });
    // Only a city-level administrator imports: the catalogue is the whole city's.
    expect((await upload([NEW_PROCEDURE], 'reception')).status).toBe(403);
  });

  it('never half-applies: an import that went stale after its preview is refused whole', async () => {
    const a = '2.000556.H29';
    const before = (await t.call('GET', `/api/procedures/${a}`)).body;
    const b = (await t.call('GET', `/api/procedures/${HKD_CHANGE}`)).body;
    const first = await upload([recordOf(before, { phiLePhi: 12345 }), recordOf(b, { phiLePhi: 60000 })]);
    expect(first.body.counts).toMatchObject({ changed: 2, errors: 0 });
    // Another import changes the second procedure meanwhile.
    const other = await upload([recordOf(b, { phiLePhi: 55000 })]);
    expect((await t.call('POST', `/api/admin/catalogue/imports/${other.body.id}/apply`, { as: 'admin' })).status).toBe(200);
    const stale = await t.call('POST', `/api/admin/catalogue/imports/${first.body.id}/apply`, { as: 'admin' });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('catalogue-changed-since-preview');
    // The first procedure, written before the stale one was found, was rolled back with it.
    expect((await t.call('GET', `/api/procedures/${a}`)).body.feeVnd).toBe(before.feeVnd);
    expect(await versions(a)).toHaveLength(1);
    expect((await t.call('GET', `/api/procedures/${HKD_CHANGE}`)).body.feeVnd).toBe(55000);
    expect((await t.call('GET', `/api/admin/catalogue/imports/${first.body.id}`, { as: 'admin' })).body.appliedAt).toBeNull();
  });

  it('records a manual edit of the statutory parts as a version (source manual), and an edit of the rest as none', async () => {
    const code = '2.000635.H29';
    const { code: _c, field, duration, process, receivingOrgs, isDemo: _d, ...rest } = (await t.call('GET', `/api/procedures/${code}`)).body as View;
    const body = {
      ...rest,
      fieldCode: field.code,
      duration: { value: duration.value, unit: duration.unit },
      process: process.map((s: View) => ({ name: s.name, role: s.role, durationHours: s.durationHours, orgId: s.org?.id ?? null })),
      receivedAt: receivingOrgs.map((o: View) => o.id),
    };
    expect((await t.call('PUT', `/api/procedures/${code}`, { as: 'admin', body: { ...body, description: 'Mô tả mới' } })).status).toBe(200);
    expect(await versions(code)).toHaveLength(1);
    expect((await t.call('PUT', `/api/procedures/${code}`, { as: 'admin', body: { ...body, feeVnd: 9000 } })).status).toBe(200);
    const vs = await versions(code);
    expect(vs).toHaveLength(2);
    expect(vs[0]).toMatchObject({ version: 2, source: 'manual', decisionNumber: null, changes: [{ field: 'feeVnd', old: rest.feeVnd, new: 9000 }], publishedOn: '2026-11-23' });
  });

  it('measures 766 criteria 1.1 and 1.2 by working days, across the 30/4–1/5 holidays (by hand)', async () => {
    const cal = await t.ctx.calendars.national();
    // Effective Thursday 7/5/2026. Five working days before: 6, 5, 4/5, then (30/4 and 1/5 are holidays,
    // 2–3/5 a weekend) 29 and 28/4. Decided on 28/4: on time; on 29/4: late (on time if holidays were ignored).
    expect(publishedOnTime(cal, '2026-04-28', '2026-05-07')).toBe(true);
    expect(publishedOnTime(cal, '2026-04-29', '2026-05-07')).toBe(false);
    // Decided 28/4: five working days after are 29/4, 4, 5, 6 and 7/5.
    expect(updatedNationallyInTime(cal, '2026-04-28', '2026-05-07')).toBe(true);
    expect(updatedNationallyInTime(cal, '2026-04-28', '2026-05-08')).toBe(false);
    expect(updatedNationallyInTime(cal, '2026-04-28', null)).toBe(false);
    const v = (procedureCode: string, version: number, decisionDate: string, effectiveDate: string, nationalUpdatedOn: string | null) => ({ procedureCode, version, decisionDate, effectiveDate, nationalUpdatedOn });
    // May 2026: A on time and updated in time; B decided late; C updated late; D's version of 2025 (late)
    // was replaced before May by one on time; E's version takes effect only in June (not in force).
    const fixture = [
      v('A', 1, '2026-04-28', '2026-05-07', '2026-05-06'),
      v('B', 1, '2026-04-29', '2026-05-07', '2026-05-04'),
      v('C', 1, '2026-04-28', '2026-05-07', '2026-05-08'),
      v('D', 1, '2025-06-27', '2025-07-01', '2025-06-30'),
      v('D', 2, '2026-03-02', '2026-04-01', '2026-03-03'),
      v('E', 1, '2026-05-20', '2026-06-10', '2026-05-21'),
    ];
    expect(publicityCounts(cal, fixture, '2026-05-01', '2026-05-31')).toEqual({ publishedOnTime: 3, updatedNationallyInTime: 3 });
    expect(publicityCounts(cal, [], '2026-05-01', '2026-05-31')).toEqual({ publishedOnTime: null, updatedNationallyInTime: null });

    // Through the index: only a ward's procedures with these versions, so the numerators are the fixture's.
    await t.handle.db.deleteFrom('procedure_versions').execute();
    const ward = 'phuong-sai-gon';
    const wardCodes = (await t.handle.db.selectFrom('procedure_orgs').innerJoin('procedures', 'procedures.code', 'procedure_orgs.procedure_code').select('code').where('org_id', '=', ward).where('published', '=', true).orderBy('code').execute()).map((r) => r.code);
    const [pa, pb, pc] = await Promise.all(wardCodes.slice(0, 3).map(async (code) => (await t.call('GET', `/api/procedures/${code}`)).body));
    const up = await upload([
      recordOf(pa, { soQuyetDinh: '10/QĐ-UBND', ngayQuyetDinh: '28/04/2026', ngayHieuLuc: '07/05/2026', ngayCapNhatCSDLQG: '06/05/2026' }),
      recordOf(pb, { soQuyetDinh: '11/QĐ-UBND', ngayQuyetDinh: '29/04/2026', ngayHieuLuc: '07/05/2026', ngayCapNhatCSDLQG: '04/05/2026' }),
      recordOf(pc, { soQuyetDinh: '12/QĐ-UBND', ngayQuyetDinh: '28/04/2026', ngayHieuLuc: '07/05/2026', ngayCapNhatCSDLQG: '08/05/2026' }),
    ]);
    expect(up.body.counts, JSON.stringify(up.body.errors)).toMatchObject({ changed: 3, errors: 0 });
    expect((await t.call('POST', `/api/admin/catalogue/imports/${up.body.id}/apply`, { as: 'admin' })).status).toBe(200);
    const index = await t.call('GET', `/api/stats/index766?org=${ward}&period=2026-05`, { as: 'leader' });
    expect(index.status, JSON.stringify(index.body)).toBe(200);
    const c = Object.fromEntries((index.body.criteria as View[]).map((x) => [x.code, x]));
    expect(c['1.1']).toMatchObject({ status: 'measured', numerator: 2, denominator: wardCodes.length });
    expect(c['1.2']).toMatchObject({ status: 'measured', numerator: 2, denominator: wardCodes.length });
    expect(c['1.1'].score).toBeCloseTo((6 * 2) / wardCodes.length, 2);
  });
});
