/**
 * Reception at the counter (issue 14): a reception officer receives a dossier for the person present,
 * through POST /api/dossiers with channel "counter"; it enters the same lifecycle and counters as an
 * online one, and later belongs to the citizen account that holds the applicant's ID number.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, PDF, startTestApp, type TestApp } from './helpers.ts';

/** A woman born in 1990 in Hồ Chí Minh City, with no account yet. */
const WALK_IN = { type: 'individual', fullName: 'Phạm Thị Hồng Nhung', idNumber: '079190007788', birthDate: '1990-05-12', address: '48 Pasteur, Phường Sài Gòn, TP. Hồ Chí Minh', phone: '0987654321' };

/** The demo citizen's own applicant block: online, a citizen submits only for themselves. */
const OWN = { type: 'individual', fullName: 'Nguyễn Văn An', idNumber: '079090001234', address: '12 Lê Lợi, Phường Sài Gòn, TP. Hồ Chí Minh', phone: '0901234567' };

function counterRequest(attachments: unknown[], overrides: Record<string, unknown> = {}) {
  return {
    procedureCode: '2.000720.H29',
    channel: 'counter',
    applicant: WALK_IN,
    form: { businessName: 'Hộ kinh doanh Tạp hóa Nhung', businessAddress: '48 Pasteur, Phường Sài Gòn', businessLines: 'Bán lẻ tạp hóa', capitalVnd: 30_000_000 },
    attachments,
    ...overrides,
  };
}

describe.each(BACKENDS)('reception at the counter (%s)', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(backend);
  });
  afterAll(async () => {
    await t?.close();
  });

  const receive = async (body: unknown) => t.call('POST', '/api/dossiers', { as: 'reception', body });
  const scanAndPaper = async () => {
    const scan = await t.upload('reception', PDF, 'giấy đề nghị (bản quét).pdf');
    return [
      { componentCode: 'giay-de-nghi', uploadId: scan },
      { componentCode: 'giay-to-tuy-than', paperKept: true },
    ];
  };

  it('a reception officer receives a walk-in dossier at their unit: 201, channel counter, the officer as actor', async () => {
    t.clock.set('2026-11-23T08:30:00+07:00');
    const res = await receive(counterRequest(await scanAndPaper()));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'submitted', channel: 'counter', receivingOrg: { id: 'phuong-sai-gon' } });
    expect(res.body.applicant).toMatchObject({ fullName: WALK_IN.fullName, idNumber: WALK_IN.idNumber });
    expect(res.body.history[0]).toMatchObject({ action: 'submit' });
    expect(res.body.history[0].actor).toMatchObject({ role: 'reception' });
    // Only the scan is a file of the dossier; the paper kept is in the log.
    expect(res.body.attachments.map((a: { componentCode: string }) => a.componentCode)).toEqual(['giay-de-nghi']);
    expect(res.body.paperKept).toEqual(['giay-to-tuy-than']);
    // The officer accepts right after, with the existing action, and the dossier is in the desk's list.
    expect(res.body.availableActions).toEqual(expect.arrayContaining(['accept', 'reject', 'request_supplement']));
    const accepted = await t.call('POST', `/api/dossiers/${res.body.code}/actions/accept`, { as: 'reception', body: {} });
    expect(accepted.status).toBe(200);
    expect(accepted.body.status).toBe('processing');
    const desk = await t.call('GET', `/api/dossiers?q=${encodeURIComponent(res.body.code)}`, { as: 'reception' });
    expect(desk.body.items.map((i: { code: string }) => i.code)).toContain(res.body.code);
  });

  it('counts in the KPIs like an online dossier, under channel counter', async () => {
    const res = await t.call('GET', '/api/stats/kpis?org=phuong-sai-gon&from=2026-11-01&to=2026-11-30&groupBy=channel', { as: 'manager' });
    expect(res.status).toBe(200);
    const counter = res.body.groups.find((g: { key: string }) => g.key === 'counter');
    expect(counter.counters).toMatchObject({ received: 1, received_counter: 1, accepted: 1 });
  });

  it('citizens cannot receive at the counter (submit for someone else): 403 with a clear message', async () => {
    const upload = await t.upload('citizen', PDF);
    const res = await t.call('POST', '/api/dossiers', { as: 'citizen', body: counterRequest([{ componentCode: 'giay-de-nghi', uploadId: upload }, { componentCode: 'giay-to-tuy-than', paperKept: true }]) });
    expect(res.status).toBe(403);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.code).toBe('counter-staff-only');
    expect(JSON.stringify(res.body)).toContain('cán bộ tiếp nhận');
  });

  it('a citizen cannot mark a component as paper kept online', async () => {
    const upload = await t.upload('citizen', PDF);
    const res = await t.call('POST', '/api/dossiers', {
      as: 'citizen',
      body: counterRequest([{ componentCode: 'giay-de-nghi', uploadId: upload }, { componentCode: 'giay-to-tuy-than', paperKept: true }], { channel: 'online', receivingOrgId: 'phuong-sai-gon', applicant: OWN }),
    });
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain('attachments.1.paperKept');
  });

  it('other staff cannot submit, and reception submits only at the counter', async () => {
    expect((await t.call('POST', '/api/dossiers', { as: 'specialist', body: counterRequest(await scanAndPaper()) })).status).toBe(403);
    const online = await receive(counterRequest(await scanAndPaper(), { channel: 'online' }));
    expect(online.status).toBe(403);
    expect(online.body.code).toBe('counter-channel-required');
  });

  it('bad input answers 422 problem+json with field paths, and writes nothing', async () => {
    const before = await t.count('dossiers');
    const res = await receive(
      counterRequest([{ componentCode: 'bien-ban-hop', paperKept: true }], {
        applicant: { ...WALK_IN, idNumber: '999190007788', birthDate: undefined },
        form: { businessName: 'x' },
      }),
    );
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const paths = res.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['applicant.idNumber', 'applicant.birthDate', 'form.businessAddress', 'attachments']));
    expect(await t.count('dossiers')).toBe(before);
  });

  it('the ID number must agree with the birth date, as online', async () => {
    const res = await receive(counterRequest(await scanAndPaper(), { applicant: { ...WALK_IN, birthDate: '1985-05-12' } }));
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain('applicant.idNumber');
  });

  it('the receiving unit must receive the procedure and be inside the officer scope', async () => {
    const outside = await receive(counterRequest(await scanAndPaper(), { receivingOrgId: 'phuong-ben-thanh' }));
    expect(outside.status).toBe(403);
    const notReceiving = await t.call('POST', '/api/dossiers', { as: 'stp.reception', body: counterRequest([]) });
    expect(notReceiving.status).toBe(422);
    expect(notReceiving.body.errors.map((e: { path: string }) => e.path)).toContain('receivingOrgId');
  });

  it("a scan must be the officer's own upload", async () => {
    const citizens = await t.upload('citizen', PDF);
    const res = await receive(counterRequest([{ componentCode: 'giay-de-nghi', uploadId: citizens }, { componentCode: 'giay-to-tuy-than', paperKept: true }]));
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain('attachments.0.uploadId');
  });

  it('the dossier is linked to the citizen account registered later with the same ID number', async () => {
    const applicant = { ...WALK_IN, fullName: 'Võ Minh Tuấn', idNumber: '079085006655', birthDate: '1985-03-02' };
    const received = await receive(counterRequest(await scanAndPaper(), { applicant }));
    expect(received.status).toBe(201);
    const code = received.body.code as string;

    const registered = await t.call('POST', '/api/auth/register', { body: { username: `tuan.${backend}`, password: 'Sông-Sài-Gòn-2026', fullName: 'Võ Minh Tuấn', idNumber: applicant.idNumber } });
    expect(registered.status).toBe(201);
    const auth = { authorization: `Bearer ${registered.body.token}` };
    const mine = await t.call('GET', '/api/dossiers', { headers: auth });
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((i: { code: string }) => i.code)).toEqual([code]);
    const view = await t.call('GET', `/api/dossiers/${code}`, { headers: auth });
    expect(view.status).toBe(200);
    expect(view.body.availableActions).toContain('withdraw');

    // Another citizen does not see it.
    const other = await t.call('GET', '/api/dossiers', { as: 'citizen2' });
    expect(other.body.items.map((i: { code: string }) => i.code)).not.toContain(code);
    expect((await t.call('GET', `/api/dossiers/${code}`, { as: 'citizen2' })).status).toBe(404);
  });

  it('the dossier is linked when the ID number is bound to an existing account later, and follows the binding', async () => {
    const applicant = { ...WALK_IN, fullName: 'Đỗ Thị Lan', idNumber: '079192002211', birthDate: '1992-07-20' };
    const received = await receive(counterRequest(await scanAndPaper(), { applicant }));
    expect(received.status).toBe(201);
    const code = received.body.code as string;
    const registered = await t.call('POST', '/api/auth/register', { body: { username: `lan.${backend}`, password: 'Sông-Sài-Gòn-2026', fullName: 'Đỗ Thị Lan' } });
    expect(registered.status).toBe(201);
    const auth = { authorization: `Bearer ${registered.body.token}` };
    expect((await t.call('GET', '/api/dossiers', { headers: auth })).body.items).toEqual([]);
    expect((await t.call('GET', `/api/dossiers/${code}`, { headers: auth })).status).toBe(404);

    // At the counter the officer checks her card and binds the number to her account.
    const bound = await t.call('POST', '/api/accounts/id-binding', { as: 'reception', body: { idNumber: applicant.idNumber, toUsername: `lan.${backend}`, reason: 'Đã kiểm tra CCCD tại quầy' } });
    expect(bound.status).toBe(200);
    const mine = await t.call('GET', '/api/dossiers', { headers: auth });
    expect(mine.body.items.map((i: { code: string }) => i.code)).toEqual([code]);
    const withdrawn = await t.call('POST', `/api/dossiers/${code}/actions/withdraw`, { headers: auth, body: { reason: 'Nộp nhầm thủ tục' } });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.status).toBe('withdrawn');
  });

  it('a walk-in whose ID number is already bound to an account is that account’s dossier at once', async () => {
    const applicant = { ...WALK_IN, fullName: 'Nguyễn Văn An', idNumber: '079090001234', birthDate: '1990-01-15' };
    const received = await receive(counterRequest(await scanAndPaper(), { applicant }));
    expect(received.status).toBe(201);
    const mine = await t.call('GET', '/api/dossiers', { as: 'citizen' });
    expect(mine.body.items.map((i: { code: string }) => i.code)).toContain(received.body.code);
  });
});
