import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, PDF, householdBusinessRequest, makePdf, startTestApp, type TestApp } from './helpers.ts';
import { diffCounters, monthlyCounters, recomputeCounters, rebuildCounters, storedCounters } from '../src/modules/measurement/stats.ts';
import { snapshotMissingDays, snapshotOpenDay } from '../src/modules/measurement/open-snapshots.ts';

describe.each(BACKENDS)('counters and KPIs (%s)', (backend) => {
  let t: TestApp;
  let result: Buffer;
  beforeAll(async () => {
    t = await startTestApp(backend);
    result = await makePdf('KẾT QUẢ');
  });
  afterAll(async () => {
    await t?.close();
  });

  const act = (as: string, code: string, action: string, body: unknown = {}) => t.call('POST', `/api/dossiers/${code}/actions/${action}`, { as, body });
  const submit = async () => {
    const u = await t.upload('citizen', PDF);
    return (await t.call('POST', '/api/dossiers', { as: 'citizen', body: householdBusinessRequest(u) })).body as { code: string };
  };
  const complete = async (code: string) => {
    await act('leader', code, 'hand_over', { toStep: 2 });
    const draft = await t.upload('leader', result);
    const r = await act('leader', code, 'complete', { resultUploadId: draft });
    expect(r.status).toBe(200);
    return r.body;
  };

  it('computes the KPIs of a hand-made month exactly', async () => {
    // Four dossiers in December 2026 at Phường Sài Gòn (3 working days each).
    t.clock.set('2026-12-07T08:00:00+07:00'); // Monday
    const a = await submit();
    const b = await submit();
    const c = await submit();
    const d = await submit();
    t.clock.set('2026-12-07T09:00:00+07:00');
    await act('reception', a.code, 'accept'); // due Thu 10/12 09:00
    await act('reception', b.code, 'accept');
    await act('reception', c.code, 'accept');
    await act('reception', d.code, 'reject', { reason: 'Không thuộc thẩm quyền' });
    // a: finished the next day: early, 8 working hours of handling.
    t.clock.set('2026-12-08T09:00:00+07:00');
    const doneA = await complete(a.code);
    expect(doneA.timeliness).toBe('early');
    // b: a supplement pause of one working day (Tue 09:00 → Wed 09:00) moves its due time to Fri 09:00;
    // finished then: on time; handling = Mon 09:00 → Fri 09:00 (32 h) − 8 h paused = 24 h.
    await act('reception', b.code, 'request_supplement', { reason: 'Thiếu', items: [{ name: 'Hợp đồng thuê', reason: 'Thiếu' }] });
    t.clock.set('2026-12-09T09:00:00+07:00');
    await act('citizen', b.code, 'supplement', { attachments: [] });
    t.clock.set('2026-12-11T09:00:00+07:00');
    expect((await complete(b.code)).timeliness).toBe('on_time');
    // c: finished Fri 10:00, a day after its appointment: late; handling 33 h.
    t.clock.set('2026-12-11T10:00:00+07:00');
    expect((await complete(c.code)).timeliness).toBe('late');
    for (const x of [a, b, c]) await act('reception', x.code, 'return_result', { channel: 'online' });
    await act('citizen', a.code, 'rate', { level: 'very_satisfied' });
    await act('citizen', b.code, 'rate', { level: 'satisfied', comment: 'Cán bộ hướng dẫn tận tình' });
    await act('citizen', c.code, 'rate', { level: 'dissatisfied', comment: 'Trễ hẹn' });
    expect((await act('citizen', c.code, 'rate', { level: 'satisfied' })).status).toBe(409); // once only

    const k = await t.call('GET', '/api/stats/kpis?org=phuong-sai-gon&from=2026-12-01&to=2026-12-31', { as: 'manager' });
    expect(k.status).toBe(200);
    const total = k.body.total;
    expect(total.counters).toMatchObject({ received: 4, received_online: 4, accepted: 3, rejected: 1, completed: 3, finished_early: 1, finished_on_time: 1, finished_late: 1, supplement_requests: 1, e_results: 3, returned: 3, returned_online: 3, rated: 3 });
    expect(total.onTimeRate).toBeCloseTo(2 / 3, 4);
    expect(total.rejectionRate).toBe(0.25);
    expect(total.supplementRate).toBeCloseTo(1 / 3, 4);
    expect(total.electronicResultShare).toBe(1);
    // Handling in working time, pauses excluded: a 8 h, b 24 h, c 33 h.
    expect(total.counters.handling_minutes).toBe((8 + 24 + 33) * 60);
    expect(total.averageHandlingHours).toBeCloseTo(65 / 3, 2);
    expect(total.satisfaction).toMatchObject({ rated: 3, satisfiedOrBetter: 0.6667 });

    const byDay = await t.call('GET', '/api/stats/kpis?org=phuong-sai-gon&from=2026-12-01&to=2026-12-31&groupBy=day', { as: 'leader' });
    expect(byDay.body.groups.map((g: { key: string }) => g.key)).toEqual(['2026-12-07', '2026-12-08', '2026-12-11']); // a supplement adds no counter
    const byProc = await t.call('GET', '/api/stats/kpis?org=h29&from=2026-12-01&to=2026-12-31&groupBy=procedure', { as: 'manager' });
    expect(byProc.body.groups[0]).toMatchObject({ key: '2.000720.H29', name: 'Đăng ký thành lập hộ kinh doanh' });
  });

  it('computes the 766 index of the ward for December from the same data', async () => {
    // One more December dossier, still open at the end of the month and overdue by a second supplement.
    t.clock.set('2026-12-14T08:00:00+07:00');
    const e = await submit();
    await act('reception', e.code, 'accept');
    await act('reception', e.code, 'request_supplement', { reason: 'x', items: [{ name: 'y', reason: 'z' }] });
    await act('citizen', e.code, 'supplement', { attachments: [] });
    await act('leader', e.code, 'request_supplement', { reason: 'lại', items: [{ name: 'y', reason: 'z' }], override: true });
    await act('citizen', e.code, 'supplement', { attachments: [] });
    t.clock.set('2027-01-05T09:00:00+07:00');
    const r = await t.call('GET', '/api/stats/index766?org=phuong-sai-gon&period=2026-12', { as: 'leader' });
    expect(r.status).toBe(200);
    const c = Object.fromEntries(r.body.criteria.map((x: { code: string }) => [x.code, x]));
    // Received 5, d refused at intake does not count (issue 13 item 3); early 1 + on time 1 + open within the deadline 0 → 2/4 × 20 = 10.
    expect(c['2.1']).toMatchObject({ numerator: 2, denominator: 4, score: 10 });
    // e-results 3 of 3 completed.
    expect(c['4.1']).toMatchObject({ numerator: 3, denominator: 3, score: 6 });
    // Satisfaction: 5 finished or open (a, b, c late, d rejected is neither, e open overdue) → a, b, c, e = 4;
    // bad = c late + e overdue + c dissatisfied = 3 → 1/4 → 6 × 0.25 / 0.9 = 1.67.
    expect(c['5.3']).toMatchObject({ numerator: 1, denominator: 4, score: 1.67 });
    // Every demo procedure of the ward has all its parts; the ward offers certified copies online.
    expect(c['1.3']).toMatchObject({ status: 'measured', score: 2 });
    expect(c['1.3'].reason).toBeUndefined();
    expect(c['4.3']).toMatchObject({ numerator: 1, denominator: 1, score: 2 });
    // Online payment is measured from the payments module (issue 17): none of the 5 received (all with a fee) was paid
    // online; 8 of the ward's 9 procedures with a fee have structured fee items (the demo leaves the alcohol licence out).
    expect(c['6.1']).toMatchObject({ status: 'measured', numerator: 0, denominator: 5, score: 0 });
    expect(c['6.2']).toMatchObject({ status: 'measured', numerator: 0, score: 0 });
    expect(c['6.3']).toMatchObject({ status: 'measured', numerator: 8, denominator: 9, score: 2 });
    // The feedback channel exists (issue 15) and the ward received no feedback: 5.1/5.2 not applicable, full marks with the rule.
    expect(c['5.1']).toMatchObject({ status: 'not_applicable', score: 6, reason: { vi: expect.stringContaining('phản ánh, kiến nghị'), en: expect.stringContaining('feedback') } });
    expect(c['5.2']).toMatchObject({ status: 'not_applicable', score: 6 });
    expect(r.body.groups.satisfaction).toEqual({ max: 18, score: 13.67 });
    // Publication (issue 18, src/demo/demo-procedure-versions.ts): the ward's 16 procedures, version 1 in force since
    // 1/7/2025; three decided late (1.001193, 2.000815, 2.000620: 27/6 > 24/6) → 13/16 × 6 = 4.88; two put on the
    // national database late (1.000894, 2.001035: 26/6 > 23/6) → 14/16 × 4 = 3.5.
    expect(c['1.1']).toMatchObject({ status: 'measured', numerator: 13, denominator: 16, score: 4.88 });
    expect(c['1.2']).toMatchObject({ status: 'measured', numerator: 14, denominator: 16, score: 3.5 });
    // Digitisation from the dossiers' files and the citizen's data store (issue 18): the five came online with a file;
    // none reused a stored document, and none was saved to a store (the outbox did not run here).
    expect(c['4.2']).toMatchObject({ status: 'measured', numerator: 5, denominator: 5, score: 4 });
    expect(c['4.4']).toMatchObject({ status: 'measured', numerator: 0, denominator: 5, score: 0 });
    expect(c['4.5']).toMatchObject({ status: 'measured', numerator: 0, denominator: 5, score: 0 });
    // The total says how many of its points are measured: here the national portal and the population database are
    // not connected, so 1.4 (6), 4.6 and 4.7 (2 each) have no source (10 points).
    expect(r.body).toMatchObject({ measuredPoints: 78, notApplicablePoints: 12, noDataPoints: 10 });
    for (const x of r.body.criteria as Array<{ status: string; reason?: { vi: string; en: string } }>) {
      expect(x.status === 'measured' ? x.reason : x.reason?.en, JSON.stringify(x)).toEqual(x.status === 'measured' ? undefined : expect.any(String));
    }
    expect(r.body.groups.progress).toEqual({ max: 20, score: 10 });
    expect(r.body.targets.find((x: { code: string }) => x.code === 'on_time')).toMatchObject({ target: 0.98, met: false });
    expect(r.body.criteria.reduce((s: number, x: { score: number }) => s + x.score, 0)).toBeCloseTo(r.body.total, 2);
    // The day-end snapshot of open dossiers gives the same figures as visiting the dossiers.
    const live = r.body.criteria;
    expect(await snapshotOpenDay(t.handle.db, '2026-12-31')).toBeGreaterThan(0);
    const fromSnapshot = await t.call('GET', '/api/stats/index766?org=phuong-sai-gon&period=2026-12', { as: 'leader' });
    expect(fromSnapshot.body.criteria).toEqual(live);
    // Missing days are taken once each, up to yesterday.
    const taken = await snapshotMissingDays(t.handle.db, t.clock.now);
    expect(taken).toEqual(['2027-01-01', '2027-01-02', '2027-01-03', '2027-01-04']);
    expect(await snapshotMissingDays(t.handle.db, t.clock.now)).toEqual([]);
    expect((await t.call('GET', '/api/stats/index766?org=phuong-sai-gon&period=2026-13', { as: 'leader' })).status).toBe(422);
    expect((await t.call('GET', '/api/stats/index766?org=phuong-sai-gon&period=2026-12', { as: 'btn.reception' })).status).toBe(403);
  });

  it('publishes each organisation’s figures without login, as JSON, CSV and a DCAT catalogue, with no personal data', async () => {
    const pub = await t.call('GET', '/api/public/stats?period=2026-12');
    expect(pub.status).toBe(200);
    const ward = pub.body.items.find((i: { orgId: string }) => i.orgId === 'phuong-sai-gon');
    // d was refused at intake: counted apart, not received (as on the dashboard and the register).
    expect(ward).toMatchObject({ received: 4, refusedAtIntake: 1, receivedOnline: 4, finishedEarly: 1, finishedOnTime: 1, finishedLate: 1, rated: 3, agencyEid: '000.20.01.H29' });
    expect(ward.onTimeRate).toBeCloseTo(2 / 3, 4);
    expect(ward.index766).toBeGreaterThan(0);
    expect(ward).toMatchObject({ index766MeasuredPoints: 78, index766NoDataPoints: 10 });
    expect(pub.body.caveat.vi).toMatch(/chưa có nguồn số liệu.*0 điểm/);
    expect(pub.body.caveat.en).toMatch(/no data source yet.*score 0/);
    // A unit with no dossier in the period has no score (full marks for "not applicable" would mislead).
    expect(pub.body.items.find((i: { orgId: string }) => i.orgId === 'so-ngoai-vu')).toMatchObject({ index766: null, index766MeasuredPoints: null, index766NoDataPoints: null });
    expect(JSON.stringify(pub.body)).not.toMatch(/Nguyễn Văn An|079090001234|0901234567/);
    const csv = await t.call('GET', '/open-data/kpis/2026-12.csv');
    expect(String(csv.headers['content-type'])).toContain('text/csv');
    const lines = (csv.body as string).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('ky,ma_co_quan,ma_dinh_danh,ten_co_quan,tiep_nhan,tu_choi_tiep_nhan,tiep_nhan_truc_tuyen,giai_quyet_truoc_han,giai_quyet_dung_han,giai_quyet_tre_han,ty_le_dung_han,so_danh_gia,ty_le_hai_long,diem_bo_chi_so_766');
    expect(lines.find((l) => l.includes(',phuong-sai-gon,'))).toMatch(/^2026-12,phuong-sai-gon,000\.20\.01\.H29,Ủy ban nhân dân Phường Sài Gòn,4,1,4,1,1,1,0\.6667,3,0\.6667,/);
    expect((await t.call('GET', '/open-data/kpis/2026-12.json')).body.items.length).toBe(lines.length - 1);
    const cat = await t.call('GET', '/open-data/catalog.json');
    const urls = cat.body['dcat:dataset'][0]['dcat:distribution'].map((d: { 'dcat:downloadURL': string }) => d['dcat:downloadURL']);
    expect(urls).toContain('http://localhost:3000/open-data/kpis/2026-12.csv');
    expect((await t.call('GET', '/open-data/kpis/2026-13.csv')).status).toBe(422);
    expect((await t.call('GET', '/open-data/kpis/../../etc.csv')).status).toBe(404);
    const page = await t.call('GET', '/minh-bach');
    expect(String(page.headers['content-type'])).toContain('text/html');
    // The public page carries the same caveat, in the page's language (Vietnamese unless asked).
    expect(page.body).toContain(pub.body.caveat.vi);
    expect(page.body).not.toContain(pub.body.caveat.en);
    expect((await t.call('GET', '/minh-bach?lang=en')).body).toContain(pub.body.caveat.en);
  });

  it('scopes KPIs to the caller’s subtree and validates the period', async () => {
    expect((await t.call('GET', '/api/stats/kpis?org=phuong-sai-gon', { as: 'btn.reception' })).status).toBe(403);
    expect((await t.call('GET', '/api/stats/kpis?org=phuong-sai-gon', { as: 'citizen' })).status).toBe(403);
    expect((await t.call('GET', '/api/stats/kpis?org=h29&from=2026-12-31&to=2026-12-01', { as: 'manager' })).status).toBe(422);
    const own = await t.call('GET', '/api/stats/kpis', { as: 'reception' });
    expect(own.body.org.id).toBe('phuong-sai-gon');
    expect(own.body.openNow).toHaveProperty('overdue');
  });

  it('keeps counters equal to a recomputation from the action logs under random action sequences (property)', async () => {
    const step = fc.constantFrom(
      ['reception', 'accept', {}],
      ['reception', 'reject', { reason: 'x' }],
      ['reception', 'request_supplement', { reason: 'x', items: [{ name: 'y', reason: 'z' }] }],
      ['leader', 'request_supplement', { reason: 'x', items: [{ name: 'y', reason: 'z' }], override: true }],
      ['citizen', 'supplement', { attachments: [] }],
      ['reception', 'hand_over', {}],
      ['leader', 'hand_over', { toStep: 2 }],
      ['leader', 'stop', { reason: 'x' }],
      ['reception', 'apologize', { reason: 'x', newAppointmentAt: '2027-06-01T09:00:00+07:00' }],
      ['reception', 'return_result', { channel: 'post' }],
      ['citizen', 'withdraw', {}],
      ['citizen', 'rate', { level: 'satisfied' }],
    ) as fc.Arbitrary<[string, string, Record<string, unknown>]>;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), step, fc.integer({ min: 1, max: 600 })), { minLength: 1, maxLength: 14 }), async (steps) => {
        t.clock.set('2027-01-11T08:00:00+07:00');
        const dossiers = [await submit(), await submit(), await submit()];
        for (const [i, [as, action, body], minutes] of steps) {
          t.clock.advanceMinutes(minutes);
          await act(as, dossiers[i]!.code, action, body);
        }
        const diffs = diffCounters(await storedCounters(t.handle.db), await recomputeCounters(t.handle.db));
        expect(diffs).toEqual([]);
        // The monthly roll-up, kept in the same transactions, equals the sum of the daily counters.
        const monthly = await monthlyCounters(t.handle.db);
        expect(diffCounters(monthly.stored, monthly.fromDaily)).toEqual([]);
      }),
      { numRuns: 15 },
    );
  });

  it('rebuild reports and repairs a counter that drifted', async () => {
    await t.handle.db.updateTable('stats_daily').set({ value: 999 }).where('metric', '=', 'received').where('org_id', '=', 'phuong-sai-gon').where('day', '=', '2026-12-07').execute();
    const diffs = await rebuildCounters(t.handle.db);
    // A cell is (organisation, procedure, channel, field, day, metric): migration 020.
    expect(diffs).toEqual([{ cell: 'phuong-sai-gon|2.000720.H29|online|ho-kinh-doanh|2026-12-07|received', stored: 999, recomputed: 4 }]);
    expect(diffCounters(await storedCounters(t.handle.db), await recomputeCounters(t.handle.db))).toEqual([]);
    const monthly = await monthlyCounters(t.handle.db);
    expect(diffCounters(monthly.stored, monthly.fromDaily)).toEqual([]);
  });
});
