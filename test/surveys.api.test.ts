/**
 * SIPAS surveys (issue 15) through the API: a round samples the applicants of dossiers with a result,
 * reproducibly; links are one-time; answers cannot be tied to the person; results match a hand-computed
 * fixture; only managers and administrators of the unit's scope see any of it.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, PDF, makePdf, startTestApp, type TestApp } from './helpers.ts';
import { pdfPages, pdfText, qrOf } from './pdf-tools.ts';

const person = (i: number) => ({
  type: 'individual',
  fullName: `Phạm Thị Khảo Sát ${i}`,
  idNumber: `07919000770${i}`,
  birthDate: '1990-05-12',
  address: `${i} Pasteur, Phường Sài Gòn, TP. Hồ Chí Minh`,
  phone: `098765432${i}`,
});

/** All fifteen ratings at `sat` for satisfaction, perception 3, expectation 4. */
const answersAt = (sat: Record<string, number>) => {
  const a: Record<string, number | string> = {};
  for (const f of ['access', 'procedure', 'servant', 'result', 'feedback']) {
    a[`${f}_satisfaction`] = sat[f] ?? 4;
    a[`${f}_perception`] = 3;
    a[`${f}_expectation`] = 4;
  }
  return a;
};

describe.each(BACKENDS)('SIPAS surveys (%s)', (backend) => {
  let t: TestApp;
  let roundId = '';
  let links: string[] = [];
  const tokenOf = (link: string) => link.split('/khao-sat/')[1]!;

  beforeAll(async () => {
    t = await startTestApp(backend);
    // Seven people each get a result at Phường Sài Gòn in March 2027 (counter dossiers, distinct ID numbers);
    // person 1 comes twice. One more dossier is still in progress: not in the frame.
    t.clock.set('2027-03-01T08:00:00+07:00');
    const act = (as: string, code: string, action: string, body: unknown = {}) => t.call('POST', `/api/dossiers/${code}/actions/${action}`, { as, body });
    for (const i of [1, 2, 3, 4, 5, 6, 7, 1, 8]) {
      const scan = await t.upload('reception', PDF);
      const res = await t.call('POST', '/api/dossiers', {
        as: 'reception',
        body: { procedureCode: '2.000720.H29', channel: 'counter', applicant: person(i), form: { businessName: `Hộ kinh doanh ${i}`, businessAddress: '48 Pasteur, Phường Sài Gòn', businessLines: 'Bán lẻ', capitalVnd: 30_000_000 }, attachments: [{ componentCode: 'giay-de-nghi', uploadId: scan }] },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      const code = res.body.code as string;
      expect((await act('reception', code, 'accept')).status).toBe(200);
      if (i === 8) continue;
      expect((await act('leader', code, 'hand_over', { toStep: 2 })).status).toBe(200);
      expect((await act('leader', code, 'complete', { resultUploadId: await t.upload('leader', await makePdf()) })).status).toBe(200);
    }
    // A manager of another unit (Phường Bến Thành), with the demo password.
    const hash = (await t.handle.db.selectFrom('users').select('password_hash').where('username', '=', 'manager').executeTakeFirstOrThrow()).password_hash;
    await t.handle.db.insertInto('users').values({ id: `u-btn-manager-${backend}`, username: 'btn.manager', password_hash: hash, full_name: 'Quản lý Bến Thành', role: 'manager', org_id: 'phuong-ben-thanh' } as never).execute();
    t.clock.set('2027-04-02T09:00:00+07:00');
  });
  afterAll(async () => {
    await t?.close();
  });

  const newRound = (body: Record<string, unknown> = {}) =>
    t.call('POST', '/api/surveys/rounds', { as: 'manager', body: { name: 'Quý I/2027', orgId: 'phuong-sai-gon', questionnaireId: 'sipas-chuan-v1', from: '2027-03-01', to: '2027-03-31', ...body } });

  it('creates a round, refuses bad input with field paths, and keeps other units and citizens out', async () => {
    const list = await t.call('GET', '/api/surveys/questionnaires', { as: 'manager' });
    expect(list.status).toBe(200);
    expect(list.body.items[0]).toMatchObject({ id: 'sipas-chuan-v1', standard: true, version: 1 });

    const bad = await newRound({ from: '2027-04-01', to: '2027-03-01' });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(['to']);
    const shape = await newRound({ sizing: { method: 'confidence', margin: 0.5, confidence: 0.8 }, channels: ['fax'] });
    expect(shape.status).toBe(400);
    expect(shape.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['channels.0', 'sizing.confidence', 'sizing.margin']);

    const r = await newRound();
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ status: 'draft', sizing: { method: 'ministry', margin: 0.05 }, indexMethod: 'mean' });
    roundId = r.body.id;

    expect((await t.call('GET', `/api/surveys/rounds/${roundId}`, { as: 'btn.manager' })).status).toBe(403);
    expect((await t.call('POST', `/api/surveys/rounds/${roundId}/sample`, { as: 'btn.manager', body: {} })).status).toBe(403);
    expect((await t.call('GET', `/api/surveys/rounds/${roundId}/results`, { as: 'citizen' })).status).toBe(403);
    expect((await t.call('GET', `/api/surveys/rounds/${roundId}/sample.csv`, { as: 'leader' })).status).toBe(403);
    expect((await newRound({ orgId: 'phuong-ben-thanh' })).status).toBe(201); // the city's manager covers every ward
    expect((await t.call('POST', '/api/surveys/rounds', { as: 'btn.manager', body: { name: 'x', orgId: 'phuong-sai-gon', questionnaireId: 'sipas-chuan-v1', from: '2027-03-01', to: '2027-03-31' } })).status).toBe(403);
  });

  it('samples once, with the seed recorded; the same seed draws the same people; no one twice', async () => {
    const s = await t.call('POST', `/api/surveys/rounds/${roundId}/sample`, { as: 'manager', body: { seed: 'quy-1-2027' } });
    expect(s.status, JSON.stringify(s.body)).toBe(200);
    // Seven people (person 1 once, the unfinished dossier out): n = 7 / (1 + 7 × 0.0025) = 6.88 → 7.
    expect(s.body.round).toMatchObject({ status: 'open', seed: 'quy-1-2027', frameSize: 7, sampleSize: 7 });
    expect(s.body.invited).toBe(7);
    // Each stratum names its unit: the round page shows names, not ids.
    expect(s.body.round.strata.length).toBeGreaterThan(0);
    for (const st of s.body.round.strata) expect(st).toMatchObject({ orgId: 'phuong-sai-gon', orgName: 'Ủy ban nhân dân Phường Sài Gòn' });
    expect((await t.call('GET', `/api/surveys/rounds/${roundId}`, { as: 'manager' })).body.strata[0].orgName).toBe('Ủy ban nhân dân Phường Sài Gòn');
    expect((await t.call('POST', `/api/surveys/rounds/${roundId}/sample`, { as: 'manager', body: {} })).status).toBe(409);
    const invites = await t.handle.db.selectFrom('outbox').select('payload').where('topic', '=', 'survey.invite').execute();
    expect(invites).toHaveLength(7);

    // Margin 20 %: n = 7 / 1.28 = 5.47 → 6 of 7, so the seed decides who is left out.
    const drawn = async (seed: string) => {
      const r = await newRound({ sizing: { method: 'ministry', margin: 0.2 } });
      expect((await t.call('POST', `/api/surveys/rounds/${r.body.id}/sample`, { as: 'manager', body: { seed } })).body.invited).toBe(6);
      return (await t.handle.db.selectFrom('survey_invitations').select('person_key').where('round_id', '=', r.body.id).orderBy('person_key').execute()).map((x) => x.person_key);
    };
    const a = await drawn('s-1');
    expect(await drawn('s-1')).toEqual(a);
    expect(new Set(a).size).toBe(6);
  });

  it('exports the sample only to managers in scope, and logs the export', async () => {
    const csv = await t.call('GET', `/api/surveys/rounds/${roundId}/sample.csv`, { as: 'manager' });
    expect(csv.status).toBe(200);
    expect(String(csv.headers['content-type'])).toContain('text/csv');
    const lines = String(csv.body).trim().split('\r\n');
    expect(lines).toHaveLength(8);
    expect(lines.filter((l) => l.includes('079190007701'))).toHaveLength(1); // person 1, once
    links = lines.slice(1).map((l) => /https?:\/\/\S+?\/khao-sat\/[A-Za-z0-9_-]+/.exec(l)![0]);
    // The same sample as XLSX (text cells, the same links), audited as well; not for the other ward's manager.
    expect((await t.call('GET', `/api/surveys/rounds/${roundId}/sample.xlsx`, { as: 'btn.manager' })).status).toBe(403);
    const xlsx = await t.app.inject({ method: 'GET', url: `/api/surveys/rounds/${roundId}/sample.xlsx`, headers: { authorization: `Bearer ${await t.token('manager')}` } });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.rowCount).toBe(8);
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(lines[0]!.replace('\ufeff', '').split(','));
    const xlsxLinks = Array.from({ length: 7 }, (_, i) => String(ws.getRow(i + 2).getCell(9).value));
    expect(xlsxLinks).toEqual(links);
    const audit = await t.handle.db.selectFrom('audit_log').select(['action', 'subject_id', 'details']).where('action', '=', 'survey.sample_export').orderBy('seq').execute();
    expect(audit).toEqual([
      { action: 'survey.sample_export', subject_id: roundId, details: { rows: 7, format: 'csv' } },
      { action: 'survey.sample_export', subject_id: roundId, details: { rows: 7, format: 'xlsx' } },
    ]);
  });

  it('prints one invitation slip per person with the link as text and as a QR code, in scope only, audited', async () => {
    const url = `/api/surveys/rounds/${roundId}/invitations.pdf`;
    expect((await t.call('GET', url, { as: 'btn.manager' })).status).toBe(403);
    expect((await t.call('GET', url, { as: 'leader' })).status).toBe(403);
    const res = await t.call('GET', url, { as: 'manager' });
    expect(res.status).toBe(200);
    expect(String(res.headers['content-type'])).toBe('application/pdf');
    const pdf = res.raw;
    expect(await pdfPages(pdf)).toBe(7);
    const text = await pdfText(pdf);
    expect(text).toContain('PHIẾU MỜI THAM GIA KHẢO SÁT');
    expect(text).toContain('ỦY BAN NHÂN DÂN PHƯỜNG SÀI GÒN');
    expect(text).toContain('Đợt khảo sát: Quý I/2027 (hồ sơ có kết quả từ ngày 01/03/2027 đến ngày 31/03/2027)');
    expect(text).toContain('Quét mã QR bằng camera điện thoại');
    for (const i of [1, 2, 3, 4, 5, 6, 7]) expect(text).toContain(`Kính gửi: Ông/Bà Phạm Thị Khảo Sát ${i}`);
    // The same links as the export (derived, not stored: printing again gives the same), in the export's order.
    for (const link of links) expect(text).toContain(link);
    expect(await qrOf(pdf, 1)).toBe(links[0]);
    expect(await qrOf(pdf, 7)).toBe(links[6]);
    const audit = await t.handle.db.selectFrom('audit_log').select(['subject_id', 'details']).where('action', '=', 'survey.invitations_print').execute();
    expect(audit).toEqual([{ subject_id: roundId, details: { slips: 7 } }]);
    // A round not sampled yet has no links to print.
    const draft = await newRound();
    expect((await t.call('GET', `/api/surveys/rounds/${draft.body.id}/invitations.pdf`, { as: 'manager' })).status).toBe(409);
  });

  it('resumes partial answers, refuses bad answers with paths, burns the link on submission', async () => {
    const token = tokenOf(links[0]!);
    const open = await t.call('GET', `/api/public/surveys/${token}`);
    expect(open.status).toBe(200);
    expect(open.body.definition.pages).toHaveLength(6);
    expect(open.body.answers).toEqual({});
    expect((await t.call('PUT', `/api/public/surveys/${token}/draft`, { body: { answers: { access_satisfaction: 5, comment: 'Nhanh' } } })).status).toBe(200);
    expect((await t.call('GET', `/api/public/surveys/${token}`)).body.answers).toEqual({ access_satisfaction: 5, comment: 'Nhanh' });

    const wrong = await t.call('POST', `/api/public/surveys/${token}`, { body: { answers: { access_satisfaction: 5, unknown_q: 2 } } });
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors.map((e: { path: string }) => e.path)).toEqual(['answers.unknown_q', 'answers.procedure_satisfaction', 'answers.servant_satisfaction', 'answers.result_satisfaction', 'answers.feedback_satisfaction']);
    const outOfScale = await t.call('POST', `/api/public/surveys/${token}`, { body: { answers: { access_satisfaction: 6 } } });
    expect(outOfScale.status).toBe(400);
    expect(outOfScale.body.errors[0].path).toBe('answers.access_satisfaction');

    expect((await t.call('POST', `/api/public/surveys/${token}`, { body: { answers: answersAt({ access: 5, procedure: 2 }) } })).status).toBe(200);
    const again = await t.call('POST', `/api/public/surveys/${token}`, { body: { answers: answersAt({}) } });
    expect(again.status).toBe(410);
    expect(again.body.code).toBe('survey-link-used');
    expect((await t.call('GET', `/api/public/surveys/${token}`)).status).toBe(410);
    expect((await t.call('GET', `/api/public/surveys/${'x'.repeat(43)}`)).status).toBe(404);
  });

  it('stores answers with no way back to the person, released in batches of five', async () => {
    // Four more: five submitted in all, the batch moves together.
    const fixture = [{ access: 4, procedure: 4 }, { access: 3, procedure: 5 }, { access: 2, procedure: 4, servant: 1 }, { access: 5, procedure: 1 }];
    for (const [i, sat] of fixture.entries()) {
      const res = await t.call('POST', `/api/public/surveys/${tokenOf(links[i + 1]!)}`, { body: { answers: answersAt(sat as Record<string, number>) } });
      expect(res.status).toBe(200);
      if (i < 3) expect(await t.handle.db.selectFrom('survey_responses').selectAll().execute()).toHaveLength(0);
    }
    const responses = await t.handle.db.selectFrom('survey_responses').selectAll().execute();
    expect(responses).toHaveLength(5);
    // The response rows hold these columns only: no invitation, token, person, dossier or instant.
    expect(Object.keys(responses[0]!).sort()).toEqual(['answers', 'id', 'mode', 'released_month', 'round_id', 'stratum_field', 'stratum_org_id']);
    const invitations = await t.handle.db.selectFrom('survey_invitations').selectAll().where('round_id', '=', roundId).execute();
    const secrets = invitations.flatMap((i) => [i.id, i.token_hash, i.person_key, i.dossier_code, i.full_name, i.phone ?? '-']);
    const text = JSON.stringify(responses);
    for (const s of secrets) expect(text).not.toContain(s);
    expect(responses.every((r) => r.released_month === '2027-04')).toBe(true);
    // The invitations keep only that they were answered; their answers are gone.
    expect(invitations.filter((i) => i.state === 'done')).toHaveLength(5);
    expect(invitations.every((i) => i.answers === null || i.state === 'invited')).toBe(true);
    expect(invitations.some((i) => i.saved_at !== null)).toBe(false);
  });

  it('computes the results of the hand-computed fixture', async () => {
    // Satisfaction over five responses — access 5,4,3,2,5 → 3/5; procedure 2,4,5,4,1 → 3/5; servant 4,4,4,1,4 → 4/5;
    // result and feedback 4 × 5 → 5/5. Index (mean) = (.6 + .6 + .8 + 1 + 1) / 5 = .8. Perception 3, expectation 4: gap 1.
    const r = await t.call('GET', `/api/surveys/rounds/${roundId}/results`, { as: 'manager' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ invited: 7, responses: 5, held: 0 });
    expect(r.body.responseRate).toBeCloseTo(5 / 7, 10);
    expect(r.body.index).toBeCloseTo(0.8, 10);
    const access = r.body.factors.find((f: { factor: string }) => f.factor === 'access');
    expect(access).toMatchObject({ answered: 5, satisfied: 3, share: 0.6, perceptionMean: 3, expectationMean: 4, gap: 1 });
    // Wilson 3/5 at 95 %: centre (.6 + .38415) / 1.76830 = .55668, half 1.96 × √(.048 + .038415) / 1.76830 = .32582
    expect(access.ci95.low).toBeCloseTo(0.2307, 3);
    expect(access.ci95.high).toBeCloseTo(0.8824, 3);
    expect(r.body.byUnit).toHaveLength(1);
    expect(r.body.byUnit[0]).toMatchObject({ orgId: 'phuong-sai-gon', invited: 7, responses: 5 });
    expect(r.body.byStratum[0].fieldCode).toBeTruthy();
    const csv = await t.call('GET', `/api/surveys/rounds/${roundId}/results.csv`, { as: 'manager' });
    expect(String(csv.body)).toContain('80.00');
    // The method explained in both languages.
    expect(r.body.method.share.vi).toContain('hài lòng');
    expect(r.body.method.share.en).toContain('satisfied');
    for (const k of ['share', 'interval', 'index', 'gap']) expect(Object.keys(r.body.method[k]).sort()).toEqual(['en', 'vi']);
    expect((await t.call('GET', `/api/surveys/rounds/${roundId}/results`, { as: 'btn.manager' })).status).toBe(403);
  });

  it('takes a paper interview keyed in by an officer of the unit, and releases held answers on closing', async () => {
    const token = tokenOf(links[5]!);
    expect((await t.call('POST', `/api/public/surveys/${token}`, { as: 'btn.reception', body: { answers: answersAt({}) } })).status).toBe(403);
    expect((await t.call('POST', `/api/public/surveys/${token}`, { as: 'reception', body: { answers: answersAt({}) } })).status).toBe(200);
    expect((await t.call('GET', `/api/surveys/rounds/${roundId}/results`, { as: 'manager' })).body).toMatchObject({ responses: 5, held: 1 });
    const closed = await t.call('POST', `/api/surveys/rounds/${roundId}/close`, { as: 'manager' });
    expect(closed.status).toBe(200);
    expect(closed.body.status).toBe('closed');
    expect((await t.call('GET', `/api/surveys/rounds/${roundId}/invitations.pdf`, { as: 'manager' })).status).toBe(409);
    const r = (await t.call('GET', `/api/surveys/rounds/${roundId}/results`, { as: 'manager' })).body;
    expect(r).toMatchObject({ responses: 6, held: 0 });
    expect(await t.handle.db.selectFrom('survey_responses').select('mode').where('mode', '=', 'paper').execute()).toHaveLength(1);
    expect((await t.call('GET', `/api/public/surveys/${tokenOf(links[6]!)}`)).status).toBe(410);
    const cmp = await t.call('GET', `/api/surveys/compare?rounds=${roundId}`, { as: 'manager' });
    expect(cmp.status).toBe(200);
    expect(cmp.body.rounds[0]).toMatchObject({ id: roundId, responses: 6 });
  });

  it('lets an administrator copy the standard questionnaire and edit the copy as a new version, keeping the SIPAS questions', async () => {
    const copy = await t.call('POST', '/api/surveys/questionnaires', { as: 'admin', body: { orgId: 'phuong-sai-gon', basedOn: 'sipas-chuan-v1' } });
    expect(copy.status).toBe(201);
    expect(copy.body).toMatchObject({ version: 1, standard: false, basedOn: 'sipas-chuan-v1' });
    const def = copy.body.definition;
    def.title = { default: 'Phiếu khảo sát của Phường Sài Gòn', en: 'Sài Gòn ward survey' };
    const edit = await t.call('POST', '/api/surveys/questionnaires', { as: 'admin', body: { orgId: 'phuong-sai-gon', basedOn: copy.body.id, newVersion: true, definition: def } });
    expect(edit.status).toBe(201);
    expect(edit.body).toMatchObject({ family: copy.body.family, version: 2, title: 'Phiếu khảo sát của Phường Sài Gòn' });
    def.pages = def.pages.slice(1);
    const lacking = await t.call('POST', '/api/surveys/questionnaires', { as: 'admin', body: { orgId: 'phuong-sai-gon', basedOn: copy.body.id, newVersion: true, definition: def } });
    expect(lacking.status).toBe(422);
    expect(lacking.body.errors[0].path).toBe('definition.pages');
    expect((await t.call('POST', '/api/surveys/questionnaires', { as: 'admin', body: { orgId: 'h29', basedOn: 'sipas-chuan-v1', newVersion: true } })).status).toBe(422);
  });
});
