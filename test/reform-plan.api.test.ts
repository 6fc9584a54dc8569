/**
 * The annual reform plan (issue 16) through the API: computed targets equal the measurement module's
 * figures for the same unit and period (a hand-checked fixture of three dossiers), traffic lights, tasks
 * late first, inspections and the share inspected, permissions, bad input with paths, the audit trail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { BACKENDS, PDF, makePdf, startTestApp, type TestApp } from './helpers.ts';
import { pdfText } from './pdf-tools.ts';

const WARD = 'phuong-sai-gon';
const person = (i: number) => ({ type: 'individual', fullName: `Lê Văn Kế Hoạch ${i}`, idNumber: `07919000880${i}`, birthDate: '1990-03-02', address: `${i} Lê Lợi, Phường Sài Gòn`, phone: `090888777${i}` });

describe.each(BACKENDS)('reform plan (%s)', (backend) => {
  let t: TestApp;
  const plan = (q = '') => t.call('GET', `/api/plans/2027?org=${WARD}${q}`, { as: 'manager' });

  beforeAll(async () => {
    t = await startTestApp(backend, {}, '2027-03-01T08:00:00+07:00');
    // Three household-business dossiers at the ward in March 2027: two finished on time, one late.
    const act = (as: string, code: string, action: string, body: unknown = {}) => t.call('POST', `/api/dossiers/${code}/actions/${action}`, { as, body });
    const codes: string[] = [];
    for (const i of [1, 2, 3]) {
      const scan = await t.upload('reception', PDF);
      const res = await t.call('POST', '/api/dossiers', {
        as: 'reception',
        body: { procedureCode: '2.000720.H29', channel: 'counter', applicant: person(i), form: { businessName: `Hộ kinh doanh ${i}`, businessAddress: '48 Pasteur', businessLines: 'Bán lẻ', capitalVnd: 30_000_000 }, attachments: [{ componentCode: 'giay-de-nghi', uploadId: scan }] },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      codes.push(res.body.code);
      expect((await act('reception', res.body.code, 'accept')).status).toBe(200);
      expect((await act('leader', res.body.code, 'hand_over', { toStep: 2 })).status).toBe(200);
    }
    for (const code of codes.slice(0, 2)) expect((await act('leader', code, 'complete', { resultUploadId: await t.upload('leader', await makePdf()) })).status).toBe(200);
    t.clock.set('2027-03-20T09:00:00+07:00'); // 3 working days are long gone
    expect((await act('leader', codes[2]!, 'complete', { resultUploadId: await t.upload('leader', await makePdf()) })).status).toBe(200);
    t.clock.set('2027-04-02T09:00:00+07:00');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('creates the ward plan with targets; refuses bad input with field paths', async () => {
    expect((await plan()).status).toBe(404);
    const created = await t.call('POST', '/api/plans', { as: 'manager', body: { orgId: WARD, year: 2027, title: 'Kế hoạch CCHC năm 2027 của Phường Sài Gòn' } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect((await t.call('POST', '/api/plans', { as: 'manager', body: { orgId: WARD, year: 2027, title: 'Lần hai' } })).status).toBe(409);
    const target = (body: Record<string, unknown>) => t.call('POST', `/api/plans/2027/targets?org=${WARD}`, { as: 'manager', body: { kind: 'computed', comparison: '>=', scope: {}, ...body } });
    for (const body of [
      { nameVi: 'Đúng hạn từng lĩnh vực', nameEn: 'On time per field', measure: 'dossiers.on_time_share', threshold: 0.98 },
      { nameVi: 'Trễ hạn hộ kinh doanh dưới 4%', nameEn: 'Late < 4 %', measure: 'dossiers.late_share', comparison: '<', threshold: 0.04, scope: { fields: ['ho-kinh-doanh'] } },
      { nameVi: 'Hài lòng', nameEn: 'Satisfaction', measure: 'dossiers.satisfaction_share', threshold: 0.95 },
      { nameVi: 'TTHC trực tuyến', nameEn: 'Procedures online', measure: 'procedures.online_share', comparison: '>', threshold: 0.6 },
      { nameVi: 'DVC có hồ sơ', nameEn: 'Online services with dossiers', measure: 'procedures.with_online_dossier_share', comparison: '>', threshold: 0.6 },
      { nameVi: 'Hồ sơ trực tuyến', nameEn: 'Dossiers online', measure: 'dossiers.online_share', threshold: 0.5 },
      { nameVi: 'Chỉ số 766', nameEn: '766 index', measure: 'index766.score', threshold: 80 },
      { nameVi: 'Kiểm tra CCHC', nameEn: 'Inspections', measure: 'inspections.share', threshold: 0.4 },
      { nameVi: 'Thanh toán điện tử', nameEn: 'E-payment', measure: 'units.e_payment_share', threshold: 1 },
      { nameVi: 'Văn bản điện tử', nameEn: 'Electronic documents', kind: 'manual', measure: 'documents.electronic_share', threshold: 1 },
    ]) {
      const r = await target(body);
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
    const bad = await target({ nameVi: 'Sai', nameEn: 'Bad', measure: 'khong.co', threshold: 1.5, scope: { fields: ['ho-kinh-doanh', 'khong-co'], orgIds: ['phuong-ben-thanh'] } });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['measure', 'scope.fields.1', 'scope.orgIds.0', 'threshold']);
    const shape = await target({ nameVi: '', nameEn: 'x', measure: 'dossiers.online_share', threshold: 'cao', comparison: '=' });
    expect(shape.status).toBe(400);
    expect(shape.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['comparison', 'nameVi', 'threshold']);
  });

  it('each computed target equals the measurement module’s figure for the same unit and period (hand-checked)', async () => {
    const view = (await plan()).body;
    const by = (m: string) => view.targets.find((x: { measure: string }) => x.measure === m);
    const kpis = (await t.call('GET', `/api/stats/kpis?org=${WARD}&from=2027-01-01&to=2027-12-31&groupBy=field`, { as: 'manager' })).body;
    const hkd = kpis.groups.find((g: { key: string }) => g.key === 'ho-kinh-doanh');
    // By hand: 3 finished, 2 on time, 1 late.
    expect(by('dossiers.on_time_share')).toMatchObject({ source: 'live', numerator: 2, denominator: 3, value: 0.6667, light: 'red', met: false });
    expect(by('dossiers.on_time_share').rows).toEqual([expect.objectContaining({ key: 'ho-kinh-doanh', value: 0.6667, threshold: 0.98, light: 'red' })]);
    expect(hkd.onTimeRate).toBe(0.6667);
    expect(by('dossiers.late_share')).toMatchObject({ numerator: 1, denominator: 3, value: 0.3333, light: 'red', gap: 0.2933 });
    expect(hkd.lateRate).toBe(0.3333);
    expect(by('dossiers.satisfaction_share')).toMatchObject({ numerator: kpis.total.counters.rated_satisfied + kpis.total.counters.rated_very_satisfied, denominator: kpis.total.counters.rated });
    const idx = (await t.call('GET', `/api/stats/index766?org=${WARD}&period=2027`, { as: 'manager' })).body;
    const crit = (c: string) => idx.criteria.find((x: { code: string }) => x.code === c);
    for (const [m, c] of [['procedures.online_share', '3.1'], ['procedures.with_online_dossier_share', '3.2'], ['dossiers.online_share', '3.3']] as const) {
      expect(by(m), m).toMatchObject({ numerator: crit(c).numerator, denominator: crit(c).denominator });
    }
    expect(by('dossiers.online_share')).toMatchObject({ numerator: 0, denominator: 3, value: 0, light: 'red' });
    expect(by('index766.score')).toMatchObject({ value: idx.total, denominator: idx.max });
    // The ward offers a procedure with a fee (household business) and nobody paid online: 0 of 1 unit.
    expect(by('units.e_payment_share')).toMatchObject({ source: 'live', numerator: 0, denominator: 1, value: 0, light: 'red' });
    expect(by('documents.electronic_share')).toMatchObject({ source: 'not_reported', value: null });
    expect(by('inspections.share')).toMatchObject({ numerator: 0, denominator: 1, value: 0 });
    // A quarter's view: the same figures, for Q1 only; Q2 has none of these dossiers.
    const q2 = (await plan('&period=2027-Q2')).body;
    expect(q2.targets.find((x: { measure: string }) => x.measure === 'dossiers.on_time_share')).toMatchObject({ value: null, denominator: 0, light: 'none' });
    expect((await plan('&period=2026-Q1')).status).toBe(422);
  });

  it('a value reported by hand needs evidence and counts with its light; the change is audited', async () => {
    const target = (await plan()).body.targets.find((x: { measure: string }) => x.measure === 'documents.electronic_share');
    const noEvidence = await t.call('POST', `/api/plan-targets/${target.id}/reports`, { as: 'manager', body: { value: 1.2, reportedOn: '2027-05-01' } });
    expect(noEvidence.status).toBe(422);
    expect(noEvidence.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['evidenceUrl', 'reportedOn', 'value']);
    const ok = await t.call('POST', `/api/plan-targets/${target.id}/reports`, { as: 'manager', body: { value: 0.985, reportedOn: '2027-03-31', evidenceUrl: 'https://vanban.example.vn/bao-cao' } });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    const after = (await plan()).body.targets.find((x: { measure: string }) => x.measure === 'documents.electronic_share');
    expect(after).toMatchObject({ source: 'manual', value: 0.985, light: 'amber', gap: 0.015, lastReport: { reportedBy: 'Đỗ Thị Lan', evidenceUrl: 'https://vanban.example.vn/bao-cao' } });
    const audit = await t.handle.db.selectFrom('audit_log').select(['action', 'org_id']).where('action', 'like', 'plan.%').execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['plan.create', 'plan.target_set', 'plan.target_report']));
  });

  it('tasks: late first; leaders of the owner unit report progress, others are refused', async () => {
    const add = (body: Record<string, unknown>) => t.call('POST', `/api/plans/2027/tasks?org=${WARD}`, { as: 'manager', body });
    const ids: string[] = [];
    for (const [title, deadline] of [['Số hóa hồ sơ', '2027-12-31'], ['Rà soát TTHC', '2027-03-31'], ['Niêm yết công khai', '2027-06-30']] as const) {
      const r = await add({ ownerOrgId: WARD, title, deadline });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      ids.push(r.body.id);
    }
    expect((await add({ ownerOrgId: 'phuong-ben-thanh', title: 'Ngoài phạm vi', deadline: '2027-06-30' })).body.errors[0].path).toBe('ownerOrgId');
    const progress = (id: string, as: string, body: Record<string, unknown>) => t.call('POST', `/api/plan-tasks/${id}/progress`, { as, body });
    expect((await progress(ids[0]!, 'leader', { percent: 40, note: '88/88 thủ tục đã rà soát' })).status).toBe(201);
    expect((await progress(ids[2]!, 'leader', { percent: 100 })).status).toBe(201);
    expect((await progress(ids[0]!, 'specialist', { percent: 50 })).status).toBe(403);
    const over = await progress(ids[0]!, 'leader', { percent: 120 });
    expect(over.status).toBe(400);
    expect(over.body.errors[0].path).toBe('percent');
    const view = (await plan()).body;
    expect(view.tasks.map((k: { title: string; status: string }) => [k.title, k.status])).toEqual([
      ['Rà soát TTHC', 'late'],
      ['Số hóa hồ sơ', 'in_progress'],
      ['Niêm yết công khai', 'done'],
    ]);
    expect(view.tasks[1]).toMatchObject({ percent: 40, progress: [{ note: '88/88 thủ tục đã rà soát', reportedBy: 'Võ Văn Hùng' }] });
    expect(view.counts.lateTasks).toBe(1);
  });

  it('an inspection with a follow-up task; the share of units inspected', async () => {
    const r = await t.call('POST', `/api/plans/2027/inspections?org=${WARD}`, {
      as: 'manager',
      body: { orgId: WARD, inspectedOn: '2027-03-15', team: 'Đoàn kiểm tra của Sở Nội vụ', findings: 'Một số hồ sơ yêu cầu bổ sung quá một lần.', followUps: [{ title: 'Chấn chỉnh yêu cầu bổ sung', deadline: '2027-05-31' }] },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const wrongYear = await t.call('POST', `/api/plans/2027/inspections?org=${WARD}`, { as: 'manager', body: { orgId: 'phuong-ben-thanh', inspectedOn: '2026-12-01', team: 'Đoàn', findings: 'x' } });
    expect(wrongYear.status).toBe(422);
    expect(wrongYear.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['inspectedOn', 'orgId']);
    const view = (await plan()).body;
    expect(view.inspected).toEqual({ numerator: 1, denominator: 1, value: 1, unitGroup: 'all' });
    expect(view.inspections[0]).toMatchObject({ orgId: WARD, team: 'Đoàn kiểm tra của Sở Nội vụ' });
    expect(view.tasks.find((k: { inspectionId: string | null }) => k.inspectionId === r.body.id)).toMatchObject({ title: 'Chấn chỉnh yêu cầu bổ sung', ownerOrgId: WARD });
    expect(view.targets.find((x: { measure: string }) => x.measure === 'inspections.share')).toMatchObject({ value: 1, light: 'green' });
  });

  it('the quarter’s report as PDF and XLSX carries the figures, the targets and the tasks', async () => {
    const pdf = await t.call('GET', `/api/plans/2027/report.pdf?org=${WARD}&period=2027-Q1`, { as: 'reception' });
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = await pdfText(pdf.raw);
    expect(text).toContain('BÁO CÁO KẾT QUẢ CÔNG TÁC CẢI CÁCH HÀNH CHÍNH QUÝ I NĂM 2027');
    for (const s of ['I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH', 'II. KẾT QUẢ THỰC HIỆN', 'III. ĐÁNH GIÁ CHUNG', 'IV. PHƯƠNG HƯỚNG']) expect(text).toContain(s);
    expect(text).toContain('Tỷ lệ hồ sơ giải quyết đúng hạn 66,67% (2/3)');
    expect(text).toContain('Tỷ lệ hồ sơ nộp trực tuyến 0,00% (0/3)');
    expect(text).toContain('Rà soát TTHC');
    // E-payment is live since the payments module: nobody paid online in this ward, so it is not met.
    expect(text).toContain('Thanh toán điện tử ≥ 100,00% 0,00% 100,00% Chưa đạt Tự động từ hệ thống');
    expect(text).toContain('Số cuộc kiểm tra CCHC trong kỳ: 1. Tỷ lệ cơ quan, đơn vị được kiểm tra trong năm: 100,00% (1/1)');
    expect(text).toContain('lập lúc 02/04/2027 09:00');
    const xlsx = await t.call('GET', `/api/plans/2027/report.xlsx?org=${WARD}&period=2027-H1`, { as: 'manager' });
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.raw as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Báo cáo', 'Chỉ tiêu', 'Nhiệm vụ', 'Kiểm tra']);
    const targets = wb.getWorksheet('Chỉ tiêu')!;
    const onTime = targets.getRows(2, targets.rowCount - 1)!.find((r) => r.getCell(2).value === 'Đúng hạn từng lĩnh vực')!;
    expect([onTime.getCell(3).value, onTime.getCell(4).value, onTime.getCell(5).value, onTime.getCell(6).value, onTime.getCell(7).value, onTime.getCell(9).value]).toEqual(['>=', 0.98, 0.6667, 2, 3, 'Chưa đạt']);
    const tasks = wb.getWorksheet('Nhiệm vụ')!;
    expect(tasks.getRow(2).values).toEqual([undefined, 1, 'Rà soát TTHC', 'Ủy ban nhân dân Phường Sài Gòn', '2027-03-31', null, 'Trễ hạn', ''].map((v) => v ?? undefined));
    expect((await t.call('GET', `/api/plans/2027/report.pdf?org=${WARD}&period=2027-Q7`, { as: 'manager' })).status).toBe(400);
    expect((await t.call('GET', `/api/plans/2027/report.pdf?org=${WARD}&period=2026-Q1`, { as: 'manager' })).status).toBe(422);
    expect((await t.call('GET', `/api/plans/2027/report.pdf?org=${WARD}`, { as: 'citizen' })).status).toBe(403);
  });

  it('staff read in scope, citizens and other wards are refused, only managers of the unit edit', async () => {
    expect((await t.call('GET', `/api/plans/2027?org=${WARD}`, { as: 'citizen' })).status).toBe(403);
    expect((await t.call('GET', `/api/plans/2027?org=${WARD}`, { as: 'reception' })).status).toBe(200);
    expect((await t.call('GET', '/api/plans/2027?org=phuong-ben-thanh', { as: 'reception' })).status).toBe(403);
    // The city's plan is read by a ward's staff (their tasks are in it), the default unit being the city.
    const city = await t.call('GET', '/api/plans/2026', { as: 'reception' });
    expect(city.status).toBe(200);
    expect(city.body).toMatchObject({ orgId: 'h29', canEdit: false });
    expect((await t.call('POST', '/api/plans/2026/targets', { as: 'leader', body: { nameVi: 'x', nameEn: 'x', kind: 'manual', measure: 'manual.share', comparison: '>=', threshold: 1 } })).status).toBe(403);
    const wardAdmin = await t.call('POST', '/api/plans/2026/tasks', { as: 'btn.reception', body: { ownerOrgId: 'h29', title: 'x', deadline: '2026-12-31' } });
    expect(wardAdmin.status).toBe(403);
  });
});
