import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, PDF, householdBusinessRequest, startTestApp, type TestApp } from './helpers.ts';
import { verifyChain } from '../src/modules/dossiers/domain/action-log.ts';

describe.each(BACKENDS)('dossier lifecycle over HTTP (%s)', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(backend);
  });
  afterAll(async () => {
    await t?.close();
  });

  const act = (as: string, code: string, action: string, body: unknown = {}) => t.call('POST', `/api/dossiers/${code}/actions/${action}`, { as, body });

  async function submit(as = 'citizen') {
    const uploadId = await t.upload(as, PDF, 'giấy đề nghị.pdf');
    const res = await t.call('POST', '/api/dossiers', { as, body: householdBusinessRequest(uploadId) });
    expect(res.status).toBe(201);
    return res.body;
  }

  it('runs a dossier from submission to returned result, with a supplement round trip', async () => {
    t.clock.set('2026-11-23T08:00:00+07:00'); // Monday
    const d = await submit();
    expect(d.code).toMatch(/^000\.20\.01\.H29-261123-\d{4}$/);
    expect(d.status).toBe('submitted');
    expect(d.lookupSecret).toMatch(/^[A-Z2-9]{8}$/);
    expect(d.availableActions).toEqual(['withdraw']);

    const queue = await t.call('GET', '/api/dossiers?status=submitted', { as: 'reception' });
    expect(queue.body.items.map((i: { code: string }) => i.code)).toContain(d.code);

    t.clock.set('2026-11-23T09:00:00+07:00');
    let r = await act('reception', d.code, 'accept');
    expect(r.status).toBe(200);
    // 3 working days from Monday 09:00 → Thursday 09:00.
    expect(r.body.dueAt).toBe('2026-11-26T09:00:00+07:00');
    expect(r.body.appointmentAt).toBe('2026-11-26T09:00:00+07:00');
    expect(r.body.ruleVersion).toBe('nd118-2025');

    t.clock.set('2026-11-23T10:00:00+07:00');
    r = await act('reception', d.code, 'hand_over');
    expect(r.body.currentStep.role).toBe('specialist');

    // Tuesday 09:00: one working day used, two left; the clock pauses.
    t.clock.set('2026-11-24T09:00:00+07:00');
    r = await act('specialist', d.code, 'request_supplement', { reason: 'Thiếu hợp đồng thuê địa điểm', items: [{ componentCode: 'hop-dong-thue', name: 'Bản sao hợp đồng thuê', reason: 'Địa điểm thuê' }] });
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('awaiting_supplement');

    r = await act('specialist', d.code, 'request_supplement', { reason: 'Lại thiếu', items: [{ name: 'x', reason: 'y' }] });
    expect(r.status).toBe(409);
    expect(r.headers['content-type']).toContain('application/problem+json');

    // Citizen supplements on Monday 30/11 at 13:00; 16 working hours left → Wednesday 2/12 11:30.
    t.clock.set('2026-11-30T13:00:00+07:00');
    const extra = await t.upload('citizen', PDF, 'hop-dong-thue.pdf');
    r = await act('citizen', d.code, 'supplement', { attachments: [{ componentCode: 'hop-dong-thue', uploadId: extra }] });
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('processing');
    expect(r.body.dueAt).toBe('2026-12-02T11:30:00+07:00');

    t.clock.set('2026-12-01T09:00:00+07:00');
    expect((await act('specialist', d.code, 'hand_over', { note: 'Đủ điều kiện' })).status).toBe(200);
    // The leader completes with the signed result.
    const result = await t.upload('leader', PDF, 'giay-chung-nhan.pdf');
    t.clock.set('2026-12-01T15:00:00+07:00');
    r = await act('leader', d.code, 'complete', { resultUploadId: result });
    expect(r.status).toBe(200);
    expect(r.body.timeliness).toBe('early');
    r = await act('reception', d.code, 'return_result', { channel: 'online' });
    expect(r.body.status).toBe('returned');

    const seen = await t.call('GET', `/api/dossiers/${d.code}`, { as: 'citizen' });
    expect(seen.status).toBe(200);
    expect(seen.body.history.map((h: { action: string }) => h.action)).toEqual(['submit', 'accept', 'hand_over', 'request_supplement', 'supplement', 'hand_over', 'complete', 'return_result']);
    expect(seen.body.history[1].label.vi).toBe('Tiếp nhận hồ sơ');
    expect(seen.body.attachments.map((a: { componentCode: string }) => a.componentCode)).toEqual(['giay-de-nghi', 'hop-dong-thue', 'result']);
    expect(Array.isArray(seen.body.documents)).toBe(true);

    // The citizen may download the signed result; another citizen may not; the leader's draft stays private.
    const signed = seen.body.resultUploadId;
    expect(signed).not.toBe(result);
    expect((await t.call('GET', `/api/uploads/${signed}`, { as: 'citizen' })).status).toBe(200);
    // Files of dossiers one may not see answer like missing ones (404).
    expect((await t.call('GET', `/api/uploads/${signed}`, { as: 'citizen2' })).status).toBe(404);
    expect((await t.call('GET', `/api/uploads/${result}`, { as: 'citizen' })).status).toBe(404);

    // The stored log is an unbroken hash chain.
    const rows = await t.handle.db.selectFrom('dossier_actions').selectAll().where('dossier_id', '=', d.id).orderBy('seq').execute();
    const chain = rows.map((x) => ({ dossierId: x.dossier_id, seq: x.seq, action: x.action, fromStatus: x.from_status, toStatus: x.to_status, actorId: x.actor_id, actorRole: x.actor_role, actorOrgId: x.actor_org_id, at: x.at.toISOString(), payload: x.payload, prevHash: x.prev_hash, hash: x.hash }));
    expect(verifyChain(chain)).toBeNull();
    chain[3]!.payload = { ...(chain[3]!.payload as object), reason: 'sửa lén' };
    expect(verifyChain(chain)).toBe(4);

    // Anyone with the code and the secret sees the status, masked.
    const pub = await t.call('GET', `/api/public/dossiers/${d.code}?secret=${d.lookupSecret}`);
    expect(pub.status).toBe(200);
    expect(pub.body.applicantName).toBe('N. V. An');
    expect(JSON.stringify(pub.body)).not.toContain('079090001234');
    expect((await t.call('GET', `/api/public/dossiers/${d.code}?secret=WRONGSEC`)).status).toBe(404);
  });

  it('rejects with a reason, and refuses actions in the wrong state with 409', async () => {
    const d = await submit();
    let r = await act('reception', d.code, 'reject', {});
    expect(r.status).toBe(400);
    expect(r.body.errors[0].path).toBe('reason');
    r = await act('reception', d.code, 'reject', { reason: 'Không thuộc thẩm quyền' });
    expect(r.body.status).toBe('rejected');
    r = await act('reception', d.code, 'accept');
    expect(r.status).toBe(409);
    expect(r.body.code).toBe('action-not-allowed-in-state');
    expect(r.body.detail).toContain('Không thể');
  });

  it('lets the applicant withdraw, and nobody else', async () => {
    const d = await submit();
    expect((await act('citizen2', d.code, 'withdraw')).status).toBe(404); // not theirs: as if missing
    const r = await act('citizen', d.code, 'withdraw', { reason: 'Nộp nhầm' });
    expect(r.body.status).toBe('withdrawn');
  });

  it('keeps other organisations and other citizens out', async () => {
    const d = await submit();
    // Those who may not see it hear the same 404 as for a missing code.
    expect((await t.call('GET', `/api/dossiers/${d.code}`, { as: 'citizen2' })).status).toBe(404);
    expect((await t.call('GET', `/api/dossiers/${d.code}`, { as: 'btn.reception' })).status).toBe(404);
    expect((await act('btn.reception', d.code, 'accept')).status).toBe(404);
    const other = await t.call('GET', '/api/dossiers', { as: 'btn.reception' });
    expect(other.body.items.map((i: { code: string }) => i.code)).not.toContain(d.code);
    const mine = await t.call('GET', '/api/dossiers', { as: 'citizen2' });
    expect(mine.body.items.map((i: { code: string }) => i.code)).not.toContain(d.code);
    // The city's manager covers the whole subtree and may read it.
    expect((await t.call('GET', `/api/dossiers/${d.code}`, { as: 'manager' })).status).toBe(200);
  });

  it('apologises with a new appointment and lists late dossiers in the queue', async () => {
    t.clock.set('2026-11-23T08:00:00+07:00');
    const d = await submit();
    await act('reception', d.code, 'accept');
    t.clock.set('2026-11-25T16:00:00+07:00');
    let r = await act('reception', d.code, 'apologize', { reason: 'Cần xác minh địa điểm', newAppointmentAt: '2026-11-20T09:00:00+07:00' });
    expect(r.status).toBe(422);
    r = await act('reception', d.code, 'apologize', { reason: 'Cần xác minh địa điểm', newAppointmentAt: '2026-12-01T09:00:00+07:00' });
    expect(r.status).toBe(200);
    expect(r.body.appointmentAt).toBe('2026-12-01T09:00:00+07:00');
    expect(r.body.dueAt).toBe('2026-11-26T08:00:00+07:00');
    t.clock.set('2026-11-27T09:00:00+07:00');
    const late = await t.call('GET', '/api/dossiers?late=true', { as: 'reception' });
    expect(late.body.items.map((i: { code: string }) => i.code)).toContain(d.code);
    const onTrack = await t.call('GET', '/api/dossiers?late=false', { as: 'reception' });
    expect(onTrack.body.items.map((i: { code: string }) => i.code)).not.toContain(d.code);
    // The manager's lists: open now and late / open now and within time (a dossier submitted, not accepted, is neither).
    const fresh = await submit();
    const lateNow = await t.call('GET', '/api/dossiers?standing=late&limit=200', { as: 'manager' });
    expect(lateNow.status).toBe(200);
    expect(lateNow.body.items.map((i: { code: string }) => i.code)).toContain(d.code);
    expect(lateNow.body.items.every((i: { overdue: boolean }) => i.overdue)).toBe(true);
    const within = await t.call('GET', '/api/dossiers?standing=within&limit=200', { as: 'manager' });
    expect(within.body.items.map((i: { code: string }) => i.code)).not.toContain(d.code);
    expect(within.body.items.map((i: { code: string }) => i.code)).not.toContain(fresh.code);
    expect(within.body.items.every((i: { overdue: boolean; finishedAt: string | null }) => !i.overdue && i.finishedAt === null)).toBe(true);
    const bad = await t.call('GET', '/api/dossiers?standing=soon', { as: 'manager' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('query.standing');
  });

  it('hands a land dossier over to the land registration office and back (liên thông)', async () => {
    t.clock.set('2026-11-23T08:00:00+07:00');
    const upl = await t.upload('citizen', PDF);
    const res = await t.call('POST', '/api/dossiers', {
      as: 'citizen',
      body: {
        procedureCode: '1.012795.H29',
        receivingOrgId: 'phuong-sai-gon',
        applicant: { fullName: 'Nguyễn Văn An', idNumber: '079090001234', address: '12 Lê Lợi, Phường Sài Gòn', phone: '0901234567' },
        form: { parcelAddress: 'Thửa 12, tờ bản đồ 5', parcelAreaM2: 80, landUse: 'Đất ở' },
        attachments: [{ componentCode: 'don-dang-ky', uploadId: upl }],
      },
    });
    expect(res.status).toBe(201);
    const code = res.body.code;
    await act('reception', code, 'accept');
    await act('reception', code, 'hand_over');
    const toOffice = await act('specialist', code, 'hand_over');
    expect(toOffice.body.currentOrg.id).toBe('vpdkdd');
    // The ward's specialist no longer holds it; the office's specialist does.
    expect((await act('specialist', code, 'hand_over')).status).toBe(403);
    const queue = await t.call('GET', '/api/dossiers', { as: 'vpdk.specialist' });
    expect(queue.body.items.map((i: { code: string }) => i.code)).toContain(code);
    expect((await act('vpdk.specialist', code, 'hand_over')).body.currentStep.role).toBe('leader');
    const back = await act('vpdk.leader', code, 'hand_over');
    expect(back.body.currentOrg.id).toBe('phuong-sai-gon');
    const hist = back.body.history.filter((h: { action: string }) => h.action === 'hand_over');
    expect(hist.map((h: { payload: { toOrgId: string } }) => h.payload.toOrgId)).toEqual(['phuong-sai-gon', 'vpdkdd', 'vpdkdd', 'phuong-sai-gon']);
    expect(hist[0].payload.stepTimeliness).toBeDefined();
    // The office keeps read access to a dossier it has handled, but may no longer act on it.
    expect((await t.call('GET', `/api/dossiers/${code}`, { as: 'vpdk.specialist' })).status).toBe(200);
    expect((await t.call('GET', `/api/dossiers/${code}`, { as: 'vpdk.leader' })).body.availableActions).toEqual([]);
  });

  it('enqueues an outbox message with every action, in the same transaction', async () => {
    const before = await t.count('outbox');
    const d = await submit();
    await act('reception', d.code, 'accept');
    expect(await t.count('outbox')).toBe(before + 2);
  });
});
