/**
 * "Is an open dossier that is paused for a supplement late?" — every place that answers it must give the
 * same answer (issue 13, item 3): the dossier view, the desk list and its "late" filter, the desk summary,
 * the KPIs' open dossiers, and the 766 progress criterion while the month is open and after its snapshot.
 *
 * The rule (docs/measurement.md): a dossier paused BEFORE its due time is not late while it waits (the
 * law stops the clock); one paused AFTER its due time was already late and stays late; a second
 * supplement request (leader override) makes it late; a refusal at intake is not counted by the
 * progress criterion.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, PDF, householdBusinessRequest, startTestApp, type TestApp } from './helpers.ts';
import { snapshotOpenDay } from '../src/modules/measurement/open-snapshots.ts';

describe.each(BACKENDS)('one answer to "is a paused dossier late?" (%s)', (backend) => {
  let t: TestApp;
  // Monday 2 November 2026; the household business registration takes 3 working days.
  beforeAll(async () => {
    t = await startTestApp(backend, {}, '2026-11-02T08:00:00+07:00');
  });
  afterAll(async () => {
    await t?.close();
  });

  const act = async (as: string, code: string, action: string, body: unknown = {}) => {
    const r = await t.call('POST', `/api/dossiers/${code}/actions/${action}`, { as, body });
    expect(r.status, `${action} ${JSON.stringify(r.body)}`).toBe(200);
  };
  const submit = async () => {
    const u = await t.upload('citizen', PDF);
    const r = await t.call('POST', '/api/dossiers', { as: 'citizen', body: householdBusinessRequest(u) });
    expect(r.status).toBe(201);
    return r.body.code as string;
  };
  const ask = { reason: 'Thiếu giấy tờ', items: [{ name: 'Hợp đồng thuê nhà', reason: 'Chưa nộp' }] };

  const late: Record<string, boolean> = {};
  let pausedAfterDue = '';
  let pausedBeforeDue = '';
  let secondRequest = '';
  let runningLate = '';

  it('builds the dossiers: paused after its due time, paused before it, a second request by a leader, one simply late, one refused', async () => {
    pausedAfterDue = await submit();
    runningLate = await submit();
    const refused = await submit();
    await act('reception', pausedAfterDue, 'accept');
    await act('reception', runningLate, 'accept');
    await act('reception', refused, 'reject', { reason: 'Không thuộc thẩm quyền' });

    t.clock.set('2026-11-09T08:00:00+07:00');
    pausedBeforeDue = await submit();
    secondRequest = await submit();
    await act('reception', pausedBeforeDue, 'accept');
    await act('reception', secondRequest, 'accept');
    t.clock.set('2026-11-09T09:00:00+07:00');
    await act('reception', pausedBeforeDue, 'request_supplement', ask);
    await act('reception', secondRequest, 'request_supplement', ask);
    await act('citizen', secondRequest, 'supplement', { attachments: [] });
    await act('leader', secondRequest, 'request_supplement', { ...ask, override: true });

    // Due on 5 November, paused on the 10th: it was already late.
    t.clock.set('2026-11-10T09:00:00+07:00');
    await act('reception', pausedAfterDue, 'request_supplement', ask);

    // Twenty days in: the paused-before-due dossier's old due time (12 November) has passed too.
    t.clock.set('2026-11-20T10:00:00+07:00');
    Object.assign(late, { [pausedAfterDue]: true, [pausedBeforeDue]: false, [secondRequest]: true, [runningLate]: true });
  });

  it('the dossier view says so', async () => {
    for (const [code, isLate] of Object.entries(late)) {
      const v = await t.call('GET', `/api/dossiers/${code}`, { as: 'specialist' });
      expect(v.status).toBe(200);
      expect({ code, openTimeliness: v.body.openTimeliness }).toEqual({ code, openTimeliness: isLate ? 'overdue' : 'within_deadline' });
      expect({ code, clock: v.body.clock }).toEqual({ code, clock: isLate ? 'late' : 'paused' });
      expect(v.body.dueSoon).toBe(false);
    }
  });

  it('the desk list, its "late" filter and the desk summary say the same', async () => {
    const list = await t.call('GET', '/api/dossiers?limit=100', { as: 'specialist' });
    expect(list.status).toBe(200);
    for (const [code, isLate] of Object.entries(late)) {
      const item = list.body.items.find((i: { code: string }) => i.code === code);
      expect({ code, overdue: item.overdue, clock: item.clock }).toEqual({ code, overdue: isLate, clock: isLate ? 'late' : 'paused' });
    }
    const lateOnes = Object.keys(late).filter((c) => late[c]).sort();
    const filtered = await t.call('GET', '/api/dossiers?late=true&limit=100', { as: 'specialist' });
    expect(filtered.body.items.map((i: { code: string }) => i.code).sort()).toEqual(lateOnes);
    const notLate = await t.call('GET', '/api/dossiers?late=false&limit=100', { as: 'specialist' });
    expect(notLate.body.items.map((i: { code: string }) => i.code)).toContain(pausedBeforeDue);
    expect(notLate.body.items.map((i: { code: string }) => i.code)).not.toContain(pausedAfterDue);
    const summary = await t.call('GET', '/api/dossiers/summary', { as: 'specialist' });
    expect(summary.body).toMatchObject({ late: lateOnes.length, dueSoon: 0 });
  });

  it('the KPIs count the same open dossiers as late and as paused', async () => {
    const k = await t.call('GET', '/api/stats/kpis?org=phuong-sai-gon&from=2026-11-01&to=2026-11-30', { as: 'leader' });
    expect(k.status).toBe(200);
    expect(k.body.openNow).toMatchObject({ within: 0, overdue: 3, paused: 1, waiting: 0 });
  });

  it('the 766 progress criterion agrees while the month is open and after its snapshot, and leaves out the refusal', async () => {
    const live = await t.call('GET', '/api/stats/index766?org=phuong-sai-gon&period=2026-11', { as: 'leader' });
    expect(live.status).toBe(200);
    const crit = (body: { criteria: Array<{ code: string }> }) => Object.fromEntries(body.criteria.map((x) => [x.code, x]));
    // Received 5, one refused at intake → 4 count; none finished; open within the deadline: the dossier paused before its due time.
    expect(crit(live.body)['2.1']).toMatchObject({ numerator: 1, denominator: 4 });
    // Satisfaction 5.3: four open, three of them late.
    expect(crit(live.body)['5.3']).toMatchObject({ numerator: 1, denominator: 4 });

    t.clock.set('2026-12-02T09:00:00+07:00');
    const unsnapped = await t.call('GET', '/api/stats/index766?org=phuong-sai-gon&period=2026-11', { as: 'leader' });
    expect(crit(unsnapped.body)['2.1']).toEqual(crit(live.body)['2.1']);
    expect(crit(unsnapped.body)['5.3']).toEqual(crit(live.body)['5.3']);
    await snapshotOpenDay(t.handle.db, '2026-11-30');
    const snapped = await t.call('GET', '/api/stats/index766?org=phuong-sai-gon&period=2026-11', { as: 'leader' });
    expect(crit(snapped.body)['2.1']).toEqual(crit(live.body)['2.1']);
    expect(crit(snapped.body)['5.3']).toEqual(crit(live.body)['5.3']);
  });

  it('judges a dossier stopped while paused at its pause: paused before its due time, it finishes in time', async () => {
    await act('leader', pausedBeforeDue, 'stop', { reason: 'Người nộp không bổ sung' });
    await act('leader', pausedAfterDue, 'stop', { reason: 'Người nộp không bổ sung' });
    const before = await t.call('GET', `/api/dossiers/${pausedBeforeDue}`, { as: 'specialist' });
    const after = await t.call('GET', `/api/dossiers/${pausedAfterDue}`, { as: 'specialist' });
    // Paused on 9 November, due on the 12th: early, though stopped on 2 December.
    expect({ timeliness: before.body.timeliness, clock: before.body.clock }).toEqual({ timeliness: 'early', clock: null });
    expect(after.body.timeliness).toBe('late');
  });
});
