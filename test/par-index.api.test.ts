/**
 * The PAR Index (issue 16) through the API: criteria sets round-trip through XLSX and report bad rows by row and
 * column; computed leaves equal the measurement module's figures for the same unit and period; a ward
 * self-assesses, the city appraises (a leaf returned once, re-submitted; a second return refused), publishes,
 * and a published score changes only by a logged correction; results rank and band a hand-computed fixture;
 * other units and citizens are kept out.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, PDF, householdBusinessRequest, makePdf, startTestApp, type TestApp } from './helpers.ts';
import { pdfText } from './pdf-tools.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
interface Node { code: string; max: number; leaf: boolean; method: string | null; selfScore: number | null; frozen: { ratio: number | null; points: number | null; figures: unknown[]; note: unknown } | null }

/** Every leaf at full points, then points taken away leaf by leaf until the total is `total`. */
function scoresFor(nodes: Node[], total: number) {
  let deficit = Math.round((100 - total) * 100) / 100;
  return nodes.filter((n) => n.leaf).map((n) => {
    const cut = Math.min(n.max, deficit);
    deficit = Math.round((deficit - cut) * 100) / 100;
    return { code: n.code, score: Math.round((n.max - cut) * 100) / 100 };
  });
}

/** Every cell of every sheet, as text, to compare two workbooks cell by cell. */
async function cellsOf(bytes: Buffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb.worksheets.map((ws) => {
    const out: string[] = [ws.name];
    ws.eachRow({ includeEmpty: true }, (row, r) => row.eachCell({ includeEmpty: true }, (cell, c) => out.push(`${r}:${c}=${JSON.stringify(cell.value)}`)));
    return out;
  });
}

describe.each(BACKENDS)('PAR Index (%s)', (backend) => {
  let t: TestApp;
  let saiGon = '';
  beforeAll(async () => {
    t = await startTestApp(backend);
    const hash = (await t.handle.db.selectFrom('users').select('password_hash').where('username', '=', 'manager').executeTakeFirstOrThrow()).password_hash;
    const add = (username: string, role: string, org: string) =>
      t.handle.db.insertInto('users').values({ id: `u-${username}-${backend}`, username, password_hash: hash, full_name: `Cán bộ ${username}`, role, org_id: org } as never).execute();
    await add('btn.manager', 'manager', 'phuong-ben-thanh');
    for (const w of ['phuong-ben-thanh', 'phuong-tan-dinh', 'phuong-ban-co', 'phuong-xuan-hoa', 'phuong-nhieu-loc']) await add(`${w}.leader`, 'leader', w);
  });
  afterAll(async () => {
    await t?.close();
  });
  const view = async (id: string, as = 'manager') => (await t.call('GET', `/api/par/assessments/${id}/view`, { as })).body as { status: string; nodes: Node[]; final: { total: number; band: string } | null; self: { total: number }; corrections: unknown[]; can: Record<string, boolean> };

  it('ships the city’s sets and round-trips a set through XLSX, identical', async () => {
    const sets = await t.call('GET', '/api/par/sets', { as: 'manager' });
    expect(sets.status).toBe(200);
    expect(sets.body.items.map((s: { id: string }) => s.id).sort()).toEqual(['2025-department', '2025-ward', '2026-department', '2026-ward']);
    const original = (await t.call('GET', '/api/par/sets/2026/ward', { as: 'manager' })).body;
    const exported = await t.call('GET', '/api/par/sets/2026/ward/xlsx', { as: 'manager' });
    expect(exported.status).toBe(200);
    expect(String(exported.headers['content-type'])).toContain('spreadsheetml');
    // Import the exported workbook as 2027's set, export that: the same set, and the same cells.
    const imported = await t.call('PUT', '/api/par/sets/2027/ward/xlsx', { as: 'admin', rawBody: exported.raw, headers: { 'content-type': XLSX } });
    expect(imported.status, JSON.stringify(imported.body)).toBe(200);
    const strip = (s: { rows: unknown[]; bands: unknown; name: string }) => ({ rows: s.rows, bands: s.bands, name: s.name });
    expect(strip(imported.body)).toEqual(strip(original));
    expect(imported.body.reference).toBe(false);
    const again = await t.call('GET', '/api/par/sets/2027/ward/xlsx', { as: 'manager' });
    expect(await cellsOf(again.raw)).toEqual(await cellsOf(exported.raw));
    // And JSON → the same rows.
    const json = await t.call('PUT', '/api/par/sets/2028/department', { as: 'admin', body: { name: 'Bộ 2028', rows: original.rows.map(({ leaf: _leaf, ...r }: { leaf: boolean }) => r) } });
    expect(json.status, JSON.stringify(json.body)).toBe(200);
    expect(json.body.rows).toEqual(original.rows);
  });

  it('refuses a workbook with bad rows: 422 naming each row and column', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Tiêu chí');
    ws.addRow(['Mã', 'Tên tiêu chí', 'Điểm tối đa', 'Phương pháp', 'Chỉ số', 'Mục tiêu', 'Ghi chú', 'Tên tiếng Anh']);
    ws.addRow(['1', 'Chỉ đạo, điều hành', 60]); // row 2: children sum to 50
    ws.addRow(['1.1', 'Kế hoạch', 'mười', 'Tự chấm']); // row 3: max not a number
    ws.addRow(['1.2', 'Đúng hạn', 50, 'Tính tự động', 'khong_co_chi_so']); // row 4: unknown measure
    ws.addRow(['2', 'Thể chế', 40]);
    ws.addRow(['2.1', 'Văn bản', 40, 'Chấm bừa']); // row 6: unknown method
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    const res = await t.call('PUT', '/api/par/sets/2029/ward/xlsx', { as: 'admin', rawBody: bytes, headers: { 'content-type': XLSX } });
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['rows.3.C', 'rows.4.E', 'rows.6.D'].sort().concat().sort());
    expect(res.body.errors.find((e: { path: string }) => e.path === 'rows.3.C').message).toContain('Dòng 3, cột C (Điểm tối đa)');
    const notXlsx = await t.call('PUT', '/api/par/sets/2029/ward/xlsx', { as: 'admin', rawBody: Buffer.from('not a workbook'), headers: { 'content-type': XLSX } });
    expect(notXlsx.status).toBe(422);
    // Only a city-level administrator replaces a set.
    expect((await t.call('PUT', '/api/par/sets/2029/ward/xlsx', { as: 'manager', rawBody: bytes, headers: { 'content-type': XLSX } })).status).toBe(403);
  });

  it('freezes computed leaves equal to the measurement module’s figures for the same unit and period', async () => {
    // Three dossiers at Phường Sài Gòn in November 2026: one early, one late, one still open.
    const act = (as: string, code: string, action: string, body: unknown = {}) => t.call('POST', `/api/dossiers/${code}/actions/${action}`, { as, body });
    const codes: string[] = [];
    for (let i = 0; i < 3; i++) {
      const u = await t.upload('citizen', PDF);
      const r = await t.call('POST', '/api/dossiers', { as: 'citizen', body: householdBusinessRequest(u) });
      expect(r.status).toBe(201);
      codes.push(r.body.code);
      expect((await act('reception', r.body.code, 'accept')).status).toBe(200);
    }
    const complete = async (code: string) => {
      await act('leader', code, 'hand_over', { toStep: 2 });
      expect((await act('leader', code, 'complete', { resultUploadId: await t.upload('leader', await makePdf()) })).status).toBe(200);
    };
    t.clock.set('2026-11-24T09:00:00+07:00');
    await complete(codes[0]!);
    t.clock.set('2026-12-04T09:00:00+07:00');
    await complete(codes[1]!);

    const opened = await t.call('POST', '/api/par/assessments', { as: 'specialist', body: { year: 2026, orgId: 'phuong-sai-gon' } });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    saiGon = opened.body.id;
    expect(opened.body.status).toBe('draft');
    const frozen = await t.call('POST', `/api/par/assessments/${saiGon}/freeze`, { as: 'specialist', body: {} });
    expect(frozen.status, JSON.stringify(frozen.body)).toBe(200);
    const leaf = (code: string) => (frozen.body.nodes as Node[]).find((n) => n.code === code)!;

    const kpis = (await t.call('GET', '/api/stats/kpis?org=phuong-sai-gon&from=2026-01-01&to=2026-12-04', { as: 'manager' })).body;
    expect(kpis.total.finished).toBe(2);
    expect(leaf('3.2').frozen!.ratio).toBe(kpis.total.onTimeRate);
    expect(leaf('3.2').frozen!.ratio).toBe(0.5);
    expect(leaf('3.2').selfScore).toBe(4.5); // 9 × 0.5
    expect(leaf('3.3.2').frozen!.ratio).toBe(kpis.total.onlineShare);
    const i766 = (await t.call('GET', '/api/stats/index766?org=phuong-sai-gon&period=2026', { as: 'manager' })).body;
    expect(leaf('7.1').frozen!.ratio).toBe(Math.round((i766.total / 100) * 10_000) / 10_000);
    expect(leaf('7.1').frozen!.figures).toContainEqual({ label: { vi: 'Tổng điểm 766', en: '766 total' }, value: i766.total });
    const c31 = i766.criteria.find((c: { code: string }) => c.code === '3.1');
    expect(leaf('3.3.1').frozen!.ratio).toBe(Math.round((c31.numerator / c31.denominator) * 10_000) / 10_000);
    // Online payment: 766 criterion 6.1 (dossiers paid online / with a fee); no SIPAS round: no data, said so.
    const c61 = i766.criteria.find((c: { code: string }) => c.code === '6.1');
    expect(leaf('7.2').frozen!.ratio).toBe(c61.denominator ? Math.round((c61.numerator / c61.denominator) * 10_000) / 10_000 : null);
    expect((leaf('7.2').frozen!.figures as Array<{ value: unknown }>).map((f) => f.value)).toEqual([c61.numerator, c61.denominator]);
    expect(leaf('8.1').frozen).toMatchObject({ ratio: null, measure: 'sipas' });
    // A computed leaf takes no typed score.
    const typed = await t.call('PUT', `/api/par/assessments/${saiGon}/self`, { as: 'specialist', body: { leaves: [{ code: '3.2', score: 9 }] } });
    expect(typed.status).toBe(422);
    expect(typed.body.errors[0].path).toBe('leaves.0.score');
  });

  it('keeps other units and citizens out', async () => {
    expect((await t.call('GET', `/api/par/assessments/${saiGon}/view`, { as: 'btn.manager' })).status).toBe(403);
    expect((await t.call('GET', `/api/par/assessments/${saiGon}/view`, { as: 'citizen' })).status).toBe(403);
    expect((await t.call('PUT', `/api/par/assessments/${saiGon}/self`, { as: 'btn.manager', body: { leaves: [{ code: '1.2', score: 1 }] } })).status).toBe(403);
    expect((await t.call('POST', '/api/par/assessments', { as: 'citizen', body: { year: 2026, orgId: 'phuong-sai-gon' } })).status).toBe(403);
    expect((await t.call('POST', '/api/par/assessments', { as: 'btn.manager', body: { year: 2026, orgId: 'phuong-sai-gon' } })).status).toBe(403);
    expect((await t.call('GET', '/api/par/assessments', { as: 'btn.manager' })).body.items).toEqual([]);
  });

  it('runs the workflow: self-assessment, submission by the leader, a leaf returned once and re-submitted, appraisal, publication', async () => {
    const nodes = (await view(saiGon)).nodes;
    const manual = nodes.filter((n) => n.leaf && n.method === 'manual');
    const evidence = await t.upload('leader', PDF, 'ke-hoach-cchc.pdf');
    const over = await t.call('PUT', `/api/par/assessments/${saiGon}/self`, { as: 'leader', body: { leaves: [{ code: '1.1.1', score: 99 }] } });
    expect(over.status).toBe(422);
    const saved = await t.call('PUT', `/api/par/assessments/${saiGon}/self`, {
      as: 'leader',
      body: { leaves: manual.map((n, i) => ({ code: n.code, score: n.max, ...(i === 0 ? { evidenceUploadId: evidence } : { evidenceLink: `https://vanban.hochiminhcity.gov.vn/${n.code}` }), explanation: 'Đã thực hiện đầy đủ' })) },
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.nodes.find((n: Node) => n.code === '1.1.1').evidence.filename).toBe('ke-hoach-cchc.pdf');
    // A specialist drafts; only the leader submits. Nobody appraises a draft.
    expect((await t.call('POST', `/api/par/assessments/${saiGon}/submit`, { as: 'specialist' })).status).toBe(403);
    expect((await t.call('PUT', `/api/par/assessments/${saiGon}/appraisal`, { as: 'manager', body: { leaves: [{ code: '1.2', score: 1 }] } })).status).toBe(409);
    const submitted = await t.call('POST', `/api/par/assessments/${saiGon}/submit`, { as: 'leader' });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    expect(submitted.body.status).toBe('submitted');
    expect((await t.call('PUT', `/api/par/assessments/${saiGon}/self`, { as: 'leader', body: { leaves: [{ code: '1.2', score: 0 }] } })).status).toBe(409);

    // The unit does not appraise itself; another ward neither.
    const scores = scoresFor(nodes, 70);
    expect((await t.call('PUT', `/api/par/assessments/${saiGon}/appraisal`, { as: 'btn.manager', body: { leaves: scores } })).status).toBe(403);
    const appraised = await t.call('PUT', `/api/par/assessments/${saiGon}/appraisal`, { as: 'manager', body: { leaves: scores.map((s) => ({ ...s, comment: s.code === '1.2' ? 'Báo cáo quý III nộp trễ' : null })) } });
    expect(appraised.status, JSON.stringify(appraised.body)).toBe(200);
    // The appraiser downloads the evidence; another ward cannot.
    const file = await t.call('GET', `/api/par/assessments/${saiGon}/leaves/1.1.1/evidence`, { as: 'manager' });
    expect(file.status).toBe(200);
    expect(file.raw.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await t.call('GET', `/api/par/assessments/${saiGon}/leaves/1.1.1/evidence`, { as: 'btn.manager' })).status).toBe(403);

    // 1.2 goes back for more evidence, once.
    const ret = await t.call('POST', `/api/par/assessments/${saiGon}/leaves/1.2/return`, { as: 'manager', body: { reason: 'Thiếu báo cáo quý III' } });
    expect(ret.status).toBe(200);
    expect(ret.body.nodes.find((n: Node) => n.code === '1.2')).toMatchObject({ state: 'returned', returns: 1, returnReason: 'Thiếu báo cáo quý III' });
    expect(ret.body.can.selfAssess).toBe(false); // the appraiser's view
    expect((await view(saiGon, 'leader')).can.selfAssess).toBe(true);
    const finishEarly = await t.call('POST', `/api/par/assessments/${saiGon}/appraised`, { as: 'manager' });
    expect(finishEarly.status).toBe(409);
    expect(finishEarly.body.missing).toEqual(['1.2']);
    const resub = await t.call('POST', `/api/par/assessments/${saiGon}/leaves/1.2/resubmit`, { as: 'leader', body: { score: 1.5, evidenceLink: 'https://vanban.hochiminhcity.gov.vn/bao-cao-quy-3', explanation: 'Bổ sung báo cáo quý III' } });
    expect(resub.status, JSON.stringify(resub.body)).toBe(200);
    expect(resub.body.nodes.find((n: Node) => n.code === '1.2')).toMatchObject({ state: 'resubmitted', selfScore: 1.5 });
    expect((await t.call('POST', `/api/par/assessments/${saiGon}/leaves/1.2/resubmit`, { as: 'leader', body: {} })).status).toBe(409);
    const second = await t.call('POST', `/api/par/assessments/${saiGon}/leaves/1.2/return`, { as: 'manager', body: { reason: 'Vẫn thiếu' } });
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('par-already-returned');

    const finished = await t.call('POST', `/api/par/assessments/${saiGon}/appraised`, { as: 'manager' });
    expect(finished.status, JSON.stringify(finished.body)).toBe(200);
    expect(finished.body.final).toMatchObject({ total: 70, band: 'fair' });
    // Appraised but not published: not in the public results.
    expect((await t.call('GET', '/api/par/2026/results?group=ward')).body.units).toEqual([]);
    // Publication: the city, not the ward.
    expect((await t.call('POST', `/api/par/assessments/${saiGon}/publish`, { as: 'leader' })).status).toBe(403);
    expect((await t.call('POST', `/api/par/assessments/${saiGon}/publish`, { as: 'btn.manager' })).status).toBe(403);
    const pub = await t.call('POST', `/api/par/assessments/${saiGon}/publish`, { as: 'manager' });
    expect(pub.status).toBe(200);
    expect(pub.body.status).toBe('published');
    const steps = await t.handle.db.selectFrom('audit_log').select('action').where('subject_id', '=', saiGon).orderBy('seq').execute();
    expect(steps.map((s) => s.action)).toEqual(['par.assessment_open', 'par.freeze', 'par.self_save', 'par.submit', 'par.appraise', 'par.return', 'par.resubmit', 'par.appraised', 'par.publish']);
  });

  it('changes a published result only by a logged correction', async () => {
    expect((await t.call('PUT', `/api/par/assessments/${saiGon}/appraisal`, { as: 'manager', body: { leaves: [{ code: '1.2', score: 2 }] } })).status).toBe(409);
    expect((await t.call('PUT', `/api/par/assessments/${saiGon}/self`, { as: 'leader', body: { leaves: [{ code: '1.2', score: 2 }] } })).status).toBe(409);
    expect((await t.call('POST', `/api/par/assessments/${saiGon}/freeze`, { as: 'leader', body: {} })).status).toBe(409);
    expect((await t.call('POST', `/api/par/assessments/${saiGon}/leaves/1.2/correction`, { as: 'leader', body: { score: 2, reason: 'Phúc khảo' } })).status).toBe(403);
    const before = (await view(saiGon)).nodes.find((n) => n.code === '1.2') as unknown as { finalScore: number; max: number };
    expect(before).toMatchObject({ finalScore: 0, max: 2 });
    const fix = await t.call('POST', `/api/par/assessments/${saiGon}/leaves/1.2/correction`, { as: 'manager', body: { score: before.finalScore + 2, reason: 'Phúc khảo: bổ sung kết quả khảo sát doanh nghiệp' } });
    expect(fix.status, JSON.stringify(fix.body)).toBe(201);
    expect(fix.body.final.total).toBe(72);
    expect(fix.body.corrections).toEqual([expect.objectContaining({ code: '1.2', oldScore: before.finalScore, newScore: before.finalScore + 2, reason: 'Phúc khảo: bổ sung kết quả khảo sát doanh nghiệp', by: 'Đỗ Thị Lan' })]);
    expect(fix.body.nodes.find((n: { code: string }) => n.code === '1.2').appraisedScore).toBe(before.finalScore);
    const logged = await t.handle.db.selectFrom('audit_log').select(['action', 'details']).where('subject_id', '=', saiGon).where('action', '=', 'par.correct').execute();
    expect(logged).toHaveLength(1);
    expect(logged[0]!.details).toMatchObject({ code: '1.2', old: before.finalScore, new: before.finalScore + 2 });
    expect((await t.call('POST', `/api/par/assessments/${saiGon}/leaves/1.2/correction`, { as: 'manager', body: { score: 99, reason: 'Quá điểm tối đa' } })).status).toBe(422);
  });

  it('ranks and bands the published wards (hand-computed), with the change from last year', async () => {
    const runThrough = async (org: string, year: number, total: number) => {
      const leader = `${org}.leader`;
      const o = await t.call('POST', '/api/par/assessments', { as: leader, body: { year, orgId: org } });
      expect(o.status, JSON.stringify(o.body)).toBe(201);
      const id = o.body.id as string;
      expect((await t.call('POST', `/api/par/assessments/${id}/freeze`, { as: leader, body: {} })).status).toBe(200);
      const manual = (o.body.nodes as Node[]).filter((n) => n.leaf && n.method === 'manual');
      expect((await t.call('PUT', `/api/par/assessments/${id}/self`, { as: leader, body: { leaves: manual.map((n) => ({ code: n.code, score: 0 })) } })).status).toBe(200);
      expect((await t.call('POST', `/api/par/assessments/${id}/submit`, { as: leader })).status).toBe(200);
      expect((await t.call('PUT', `/api/par/assessments/${id}/appraisal`, { as: 'manager', body: { leaves: scoresFor(o.body.nodes, total) } })).status).toBe(200);
      expect((await t.call('POST', `/api/par/assessments/${id}/appraised`, { as: 'manager' })).status).toBe(200);
      expect((await t.call('POST', `/api/par/assessments/${id}/publish`, { as: 'admin' })).status).toBe(200);
    };
    await runThrough('phuong-ben-thanh', 2025, 80);
    await runThrough('phuong-ben-thanh', 2026, 92);
    await runThrough('phuong-tan-dinh', 2026, 85);
    await runThrough('phuong-ban-co', 2026, 85);
    await runThrough('phuong-xuan-hoa', 2026, 60);
    const res = await t.call('GET', '/api/par/2026/results?group=ward');
    expect(res.status).toBe(200);
    const units = res.body.units.map((u: { orgId: string; total: number; rank: number; band: string; change: number | null; corrected: boolean }) => [u.orgId, u.total, u.rank, u.band, u.change, u.corrected]);
    expect(units).toEqual([
      ['phuong-ben-thanh', 92, 1, 'excellent', 12, false],
      ['phuong-ban-co', 85, 2, 'good', null, false],
      ['phuong-tan-dinh', 85, 2, 'good', null, false],
      ['phuong-sai-gon', 72, 4, 'fair', null, true],
      ['phuong-xuan-hoa', 60, 5, 'average', null, false],
    ]);
    // 3 of 5 good or better: 60 %, short of the 90 % target.
    expect(res.body.goodOrBetter).toEqual({ share: 0.6, count: 3, of: 5, target: 0.9, met: false });
    expect(res.body.areas).toHaveLength(8);
    expect((await t.call('GET', '/api/par/2026/results?group=department')).body.units).toEqual([]);

    const xlsx = await t.call('GET', '/api/par/2026/results.xlsx?group=ward');
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.raw as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect([1, 2, 3, 4].map((c) => ws.getRow(2).getCell(c).value)).toEqual([1, 'Ủy ban nhân dân Phường Bến Thành', 92, 'Xuất sắc']);
    const pdf = await t.call('GET', '/api/par/2026/results.pdf?group=ward');
    expect(pdf.status).toBe(200);
    const text = await pdfText(pdf.raw);
    expect(text).toContain('KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2026');
    expect(text).toContain('Phường Bến Thành');
    expect(text).toContain('Xuất sắc');
    expect(text).toContain('60 %');
  });

  it('scores a survey leaf with the SIPAS index of the unit’s latest round, as the surveys module computes it', async () => {
    // A closed round of Phường Nhiêu Lộc in March 2026 with five answers (two of them dissatisfied with the procedure).
    expect((await t.call('GET', '/api/surveys/questionnaires', { as: 'manager' })).status).toBe(200);
    const roundId = `par-sipas-${backend}`;
    await t.handle.db.insertInto('survey_rounds').values({
      id: roundId, name: 'Quý I/2026 — Nhiêu Lộc', org_id: 'phuong-nhieu-loc', questionnaire_id: 'sipas-chuan-v1', period_from: '2026-03-01', period_to: '2026-03-31',
      field_codes: '[]', channels: '[]', sizing: JSON.stringify({ method: 'ministry', margin: 0.05 }), index_method: 'mean', status: 'closed', seed: 's', frame_size: 5, sample_size: 5,
      strata: JSON.stringify([{ orgId: 'phuong-nhieu-loc', fieldCode: 'kinh-doanh', frame: 5, sample: 5 }]), sampled_at: new Date('2026-04-01T00:00:00Z'), created_by: null, created_at: new Date('2026-04-01T00:00:00Z'),
    }).execute();
    for (let i = 0; i < 5; i++) {
      const answers: Record<string, number> = {};
      for (const f of ['access', 'procedure', 'servant', 'result', 'feedback']) answers[`${f}_satisfaction`] = f === 'procedure' && i < 2 ? 2 : 4;
      await t.handle.db.insertInto('survey_responses').values({ id: `${roundId}-${i}`, round_id: roundId, stratum_org_id: 'phuong-nhieu-loc', stratum_field: 'kinh-doanh', mode: 'online', released_month: '2026-04', answers: JSON.stringify(answers) }).execute();
    }
    const results = (await t.call('GET', `/api/surveys/rounds/${roundId}/results`, { as: 'manager' })).body;
    // Mean of the five factor shares: (1 + 0.6 + 1 + 1 + 1) / 5 = 0.92 (the round has no other unit).
    expect(results.index).toBeCloseTo(0.92, 10);
    const o = await t.call('POST', '/api/par/assessments', { as: 'phuong-nhieu-loc.leader', body: { year: 2026, orgId: 'phuong-nhieu-loc' } });
    const frozen = await t.call('POST', `/api/par/assessments/${o.body.id}/freeze`, { as: 'phuong-nhieu-loc.leader', body: { on: '2026-11-20' } });
    expect(frozen.status, JSON.stringify(frozen.body)).toBe(200);
    const leaf = frozen.body.nodes.find((n: Node) => n.code === '8.1');
    expect(leaf.frozen).toMatchObject({ measure: 'sipas', ratio: results.index, on: '2026-11-20', from: '2026-01-01', to: '2026-11-20' });
    expect(leaf.selfScore).toBe(11.04); // 12 × 0.92
    expect(leaf.frozen.figures).toContainEqual({ label: { vi: 'Số phiếu', en: 'Responses' }, value: 5 });
  });
});
