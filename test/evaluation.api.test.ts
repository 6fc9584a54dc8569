import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, PDF, householdBusinessRequest, makePdf, startTestApp, type TestApp } from './helpers.ts';

describe.each(BACKENDS)('18-point evaluation (%s)', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(backend);
    // Two dossiers in March 2027: one finished early and rated very satisfied, one late after a supplement.
    const act = (as: string, code: string, action: string, body: unknown = {}) => t.call('POST', `/api/dossiers/${code}/actions/${action}`, { as, body });
    t.clock.set('2027-03-01T08:00:00+07:00');
    const codes: string[] = [];
    for (let i = 0; i < 2; i++) {
      const u = await t.upload('citizen', PDF);
      codes.push((await t.call('POST', '/api/dossiers', { as: 'citizen', body: householdBusinessRequest(u) })).body.code);
      await act('reception', codes[i]!, 'accept');
    }
    await act('reception', codes[1]!, 'request_supplement', { reason: 'x', items: [{ name: 'y', reason: 'z' }] });
    await act('citizen', codes[1]!, 'supplement', { attachments: [] });
    t.clock.set('2027-03-02T09:00:00+07:00');
    await act('leader', codes[0]!, 'hand_over', { toStep: 2 });
    await act('leader', codes[0]!, 'complete', { resultUploadId: await t.upload('leader', await makePdf()) });
    await act('reception', codes[0]!, 'return_result', { channel: 'online' });
    await act('citizen', codes[0]!, 'rate', { level: 'very_satisfied' });
    t.clock.set('2027-03-10T09:00:00+07:00');
    await act('leader', codes[1]!, 'hand_over', { toStep: 2 });
    await act('leader', codes[1]!, 'complete', { resultUploadId: await t.upload('leader', await makePdf()) });
    // Two feedback items received Wed 10 March 09:00: one rejected the next day (on time), one answered
    // and approved on Wed 31 March 16:00, after its 15-working-day deadline (31 March 09:00).
    const fb = async (subject: string) => (await t.call('POST', '/api/feedback', { as: 'citizen', body: { orgId: 'phuong-sai-gon', subject, content: 'Nội dung.', consentPublish: false } })).body.id as string;
    const fbAct = async (as: string, id: string, action: string, body: unknown = {}) => expect((await t.call('POST', `/api/feedback/${id}/actions/${action}`, { as, body })).status).toBe(200);
    const [onTime, late] = [await fb('Một'), await fb('Hai')];
    t.clock.set('2027-03-11T09:00:00+07:00');
    await fbAct('reception', onTime, 'reject', { reason: 'Không thuộc phạm vi' });
    await fbAct('specialist', late, 'accept');
    await fbAct('specialist', late, 'answer', { answer: 'Trả lời.' });
    t.clock.set('2027-03-31T16:00:00+07:00');
    await fbAct('leader', late, 'approve');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('suggests scores from the data, takes self-scores from the unit and the appraisal from above', async () => {
    let e = await t.call('GET', '/api/evaluations/phuong-sai-gon/2027-03', { as: 'leader' });
    expect(e.status).toBe(200);
    const sug = Object.fromEntries(e.body.indicators.map((i: { indicator: number; suggested: number | null }) => [i.indicator, i.suggested]));
    expect(sug[1]).toBe(1); // early 2, late 0 → 1
    expect(sug[3]).toBe(1.5); // no supplement 2, one supplement 1 → 1.5
    expect(sug[7]).toBe(2); // one rating, very satisfied
    expect(sug[8]).toBe(1); // feedback: on time 2, late 0 → 1
    expect(e.body.selfTotal).toBeNull();

    const self = await t.call('PUT', '/api/evaluations/phuong-sai-gon/2027-03/self', { as: 'leader', body: { indicators: [1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => ({ indicator: n, score: n === 1 ? 1 : 2 })) } });
    expect(self.status).toBe(200);
    expect(self.body.selfTotal).toBe(17);
    expect(self.body.band).toBe('excellent');
    // The unit cannot appraise itself; the city's manager can; another ward's officer cannot even read it.
    expect((await t.call('PUT', '/api/evaluations/phuong-sai-gon/2027-03/appraisal', { as: 'leader', body: { indicators: [{ indicator: 1, score: 0 }] } })).status).toBe(403);
    e = await t.call('PUT', '/api/evaluations/phuong-sai-gon/2027-03/appraisal', { as: 'manager', body: { indicators: [1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => ({ indicator: n, score: n <= 3 ? 1 : 1.5, note: n === 1 ? 'Có hồ sơ trễ hạn' : undefined })) } });
    expect(e.status).toBe(200);
    expect(e.body.appraisedTotal).toBe(12);
    expect(e.body.band).toBe('good');
    expect(e.body.indicators[0]).toMatchObject({ selfScore: 1, appraisedScore: 1, note: 'Có hồ sơ trễ hạn' });
    expect((await t.call('GET', '/api/evaluations/phuong-sai-gon/2027-03', { as: 'btn.reception' })).status).toBe(403);
  });

  it('validates scores and periods', async () => {
    const bad = await t.call('PUT', '/api/evaluations/phuong-sai-gon/2027-03/self', { as: 'leader', body: { indicators: [{ indicator: 10, score: 3 }] } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(['indicators.0.indicator', 'indicators.0.score']);
    const dup = await t.call('PUT', '/api/evaluations/phuong-sai-gon/2027-03/self', { as: 'leader', body: { indicators: [{ indicator: 1, score: 1 }, { indicator: 1, score: 2 }] } });
    expect(dup.status).toBe(422);
    expect((await t.call('GET', '/api/evaluations/phuong-sai-gon/2027-14', { as: 'leader' })).status).toBe(422);
  });
});
