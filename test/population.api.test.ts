/**
 * Issue 18 — the population-data check (src/modules/integrations/population/) against population-sandbox:
 * a match (case, Unicode composition and spacing ignored), a mismatch flagged with the registry's value, not
 * found, the registry down → "unavailable" recorded and the arrival message retried by the outbox until the
 * check is made, a timeout → "could not check" (never a 500), who may see and ask for it, the catalogue flag,
 * and 766 criteria 4.6–4.7 for a fixture counted by hand.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, PDF, householdBusinessRequest, startTestApp, type TestApp } from './helpers.ts';
import { OutboxRegistry, runOutboxOnce } from '../src/platform/outbox/index.ts';
import { PopulationSandbox } from '../src/modules/integrations/population/sandbox.ts';
import { registerPopulationCheck } from '../src/modules/integrations/population/check.ts';

const CLIENT = { clientId: 'motcua-h29', clientSecret: 'bi-mat-cua-khach-hang-29' };
const AN = { type: 'individual', fullName: 'Nguyễn Văn An', idNumber: '079090001234', birthDate: '1990-05-14', address: '12 Lê Lợi, Phường Sài Gòn, Thành phố Hồ Chí Minh', phone: '0901234567' };

describe.each(BACKENDS)('population-data check (%s)', (backend) => {
  let t: TestApp;
  let registry_: PopulationSandbox;
  const registry = new OutboxRegistry();
  const run = () => runOutboxOnce(t.ctx, { registry });
  const checksOf = (code: string, as = 'reception') => t.call('GET', `/api/dossiers/${code}/population-check`, { as });
  const checkNow = (code: string, as = 'reception') => t.call('POST', `/api/dossiers/${code}/population-check`, { as });
  /** A walk-in dossier received at the counter of Phường Sài Gòn (any applicant may be received there). */
  const receive = async (applicant: Record<string, unknown>, overrides: Record<string, unknown> = {}) => {
    const uploadId = await t.upload('reception', PDF, 'giấy đề nghị.pdf');
    const res = await t.call('POST', '/api/dossiers', { as: 'reception', body: householdBusinessRequest(uploadId, { channel: 'counter', applicant, ...overrides }) });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { id: string; code: string };
  };

  beforeAll(async () => {
    registry_ = new PopulationSandbox(CLIENT);
    const url = await registry_.start();
    t = await startTestApp(backend, { population: { url, tokenUrl: `${url}/oauth2/token`, ...CLIENT, unitCode: '000.00.00.H29', timeoutMs: 1000 } });
    registerPopulationCheck(registry);
  });
  afterAll(async () => {
    await t?.close();
    await registry_?.stop();
  });

  it('checks a new dossier on arrival: a match, whatever the case, Unicode composition and spacing of the declaration', async () => {
    t.clock.set('2026-11-23T08:00:00+07:00');
    const d = await receive({ ...AN, fullName: '  NGUYỄN văn   An'.normalize('NFD'), address: '12 Lê Lợi , Phường Sài Gòn, thành phố Hồ Chí Minh' });
    expect((await checksOf(d.code)).body.latest).toBeNull();
    expect((await run()).delivered).toBe(1);
    expect(registry_.lastRequest).toMatchObject({ MaDonVi: '000.00.00.H29', MaHoSo: d.code, SoDinhDanh: '079090001234', MucDich: expect.stringContaining('Kiểm tra thông tin') });
    const r = await checksOf(d.code);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ code: d.code, applies: true, connected: true, identityNumberGiven: true });
    expect(r.body.latest).toEqual({ at: '2026-11-23T08:00:00+07:00', trigger: 'arrival', result: 'match', differences: [], checkedBy: null, error: null });
    // Delivered again (a crash before the delivery was recorded): no second lookup.
    const lookups = registry_.lookups;
    const msg = await t.handle.db.selectFrom('outbox').selectAll().where('topic', '=', 'dossier.submitted').orderBy('id', 'desc').executeTakeFirstOrThrow();
    const { checkOnArrival } = await import('../src/modules/integrations/population/check.ts');
    await checkOnArrival({ id: String(msg.id), topic: msg.topic, payload: msg.payload as Record<string, unknown>, createdAt: msg.created_at, deliveryKey: `${msg.id}:population.check` }, t.ctx);
    expect(registry_.lookups).toBe(lookups);
    expect((await checksOf(d.code)).body.checks).toHaveLength(1);
  });

  it('flags a mismatch: the differing fields, each with the declared and the registry value', async () => {
    t.clock.set('2026-11-23T09:00:00+07:00');
    // Another name, a birth date a day off; a name without its diacritics is another name too.
    const d = await receive({ ...AN, fullName: 'Nguyễn Văn Bình', birthDate: '1990-05-15' });
    await run();
    const r = await checksOf(d.code);
    expect(r.body.latest).toMatchObject({
      result: 'mismatch',
      differences: [
        { field: 'fullName', declared: 'Nguyễn Văn Bình', registry: 'Nguyễn Văn An' },
        { field: 'birthDate', declared: '1990-05-15', registry: '1990-05-14' },
      ],
    });
    const bare = await receive({ ...AN, fullName: 'Nguyen Van An' });
    await run();
    expect((await checksOf(bare.code)).body.latest.differences).toEqual([{ field: 'fullName', declared: 'Nguyen Van An', registry: 'Nguyễn Văn An' }]);
    // The officer sees it before accepting, and decides: acceptance is warned about, not blocked (docs/integrations.md).
    expect((await t.call('POST', `/api/dossiers/${d.code}/actions/accept`, { as: 'reception', body: {} })).status).toBe(200);
  });

  it('records not found for an identity number the registry does not hold', async () => {
    t.clock.set('2026-11-23T10:00:00+07:00');
    const d = await receive({ ...AN, idNumber: '079090009999' });
    await run();
    expect((await checksOf(d.code)).body.latest).toMatchObject({ result: 'not_found', differences: [] });
  });

  it('registry down: "unavailable" recorded and shown, the arrival message retried by the outbox until the check is made', async () => {
    t.clock.set('2026-11-24T08:00:00+07:00');
    const d = await receive(AN);
    registry_.down = true;
    expect((await run()).failed).toBe(1);
    const [msg] = (await t.handle.db.selectFrom('outbox').selectAll().where('topic', '=', 'dossier.submitted').execute()).filter((m) => (m.payload as { dossierId: string }).dossierId === d.id);
    let row = await t.handle.db.selectFrom('outbox').selectAll().where('id', '=', msg!.id).executeTakeFirstOrThrow();
    expect([row.status, row.attempts]).toEqual(['pending', 1]);
    expect(row.last_error).toContain(`population check of ${d.code}: could not check (lookup: HTTP 503)`);
    expect(row.last_error).not.toContain(AN.idNumber); // no personal data in what operators see
    expect((await checksOf(d.code)).body.latest).toMatchObject({ result: 'unavailable', error: 'lookup: HTTP 503' });
    // Still down at the next attempt.
    t.clock.now = new Date(row.next_attempt_at!.getTime() + 1000);
    expect((await run()).failed).toBe(1);
    // Back up: the next attempt checks, once.
    registry_.down = false;
    row = await t.handle.db.selectFrom('outbox').selectAll().where('id', '=', msg!.id).executeTakeFirstOrThrow();
    t.clock.now = new Date(row.next_attempt_at!.getTime() + 1000);
    expect((await run()).delivered).toBe(1);
    const r = await checksOf(d.code);
    expect(r.body.checks.map((c: { result: string }) => c.result)).toEqual(['match', 'unavailable', 'unavailable']);
  });

  it('an officer checks on demand; a registry too slow answers "could not check" (200), never a 500; a revoked token is renewed', async () => {
    t.clock.set('2026-11-25T08:00:00+07:00');
    const d = await receive({ ...AN, address: '99 Đường Khác, Phường Sài Gòn, Thành phố Hồ Chí Minh' });
    await run();
    registry_.delayMs = 1500; // beyond the configured 1 000 ms
    const slow = await checkNow(d.code);
    registry_.delayMs = 0;
    expect(slow.status).toBe(200);
    expect(slow.body.latest).toMatchObject({ trigger: 'officer', result: 'unavailable', checkedBy: 'Lê Thị Thu', error: 'lookup: timed out' });
    registry_.revokeTokens();
    const now = await checkNow(d.code, 'leader');
    expect(now.status).toBe(200);
    expect(now.body.latest).toMatchObject({
      trigger: 'officer', result: 'mismatch', checkedBy: 'Võ Văn Hùng',
      differences: [{ field: 'address', declared: '99 Đường Khác, Phường Sài Gòn, Thành phố Hồ Chí Minh', registry: '12 Lê Lợi, Phường Sài Gòn, Thành phố Hồ Chí Minh' }],
    });
    expect(now.body.checks.map((c: { result: string }) => c.result)).toEqual(['mismatch', 'unavailable', 'mismatch']);
    // Each officer's lookup is in the audit log: who, which dossier, what it found — no personal data.
    const audit = await t.call('GET', `/api/admin/audit?action=population.lookup&subject=${encodeURIComponent(d.code)}`, { as: 'admin' });
    expect(audit.status, JSON.stringify(audit.body)).toBe(200);
    expect(audit.body.items.map((e: { details: unknown }) => e.details)).toEqual([
      { result: 'mismatch', differingFields: ['address'] },
      { result: 'unavailable', differingFields: [] },
    ]);
    expect(JSON.stringify(audit.body.items)).not.toContain('Lê Lợi');
  });

  it('permissions: officers of another unit get 404, citizens 403 — even the applicant', async () => {
    t.clock.set('2026-11-25T09:00:00+07:00');
    const uploadId = await t.upload('citizen', PDF, 'đơn.pdf');
    const own = await t.call('POST', '/api/dossiers', { as: 'citizen', body: householdBusinessRequest(uploadId, { applicant: AN }) });
    expect(own.status).toBe(201);
    for (const [as, status] of [['btn.reception', 404], ['citizen', 403], ['citizen2', 403], ['specialist', 200], ['manager', 200]] as const) {
      expect((await checksOf(own.body.code, as)).status, as).toBe(status);
      if (as !== 'specialist' && as !== 'manager') expect((await checkNow(own.body.code, as)).status, as).toBe(status);
    }
    expect((await checksOf('KHONG-CO-HO-SO')).status).toBe(404);
    await run();
    expect((await checksOf(own.body.code)).body.latest.result).toBe('match');
  });

  it('only procedures that use it: the catalogue flag is set with the procedure (PUT /api/procedures/:code)', async () => {
    expect((await t.call('GET', '/api/procedures/2.000720.H29')).body.usesPopulationDb).toBe(true);
    const p = (await t.call('GET', '/api/procedures/2.000884.H29')).body;
    expect(p.usesPopulationDb).toBe(false);
    const body = {
      name: p.name, fieldCode: p.field.code, level: p.level, onlineLevel: p.onlineLevel, feeVnd: p.feeVnd, feeNote: p.feeNote,
      duration: { value: p.duration.value, unit: p.duration.unit }, legalBasis: p.legalBasis, description: p.description,
      applicantTypes: p.applicantTypes, components: p.components, formFields: p.formFields, resultName: p.resultName,
      process: p.process.map((s: { name: string; org: { id: string } | null; role: string; durationHours: number }) => ({ name: s.name, orgId: s.org?.id ?? null, role: s.role, durationHours: s.durationHours })),
      receivedAt: p.receivingOrgs.map((o: { id: string }) => o.id),
    };
    // A dossier of a procedure that does not use it: nothing is checked on arrival, and asking is a 409.
    t.clock.set('2026-11-25T10:00:00+07:00');
    const up = await t.upload('reception', PDF, 'giấy tờ.pdf');
    const sig = await t.call('POST', '/api/dossiers', { as: 'reception', body: { procedureCode: '2.000884.H29', channel: 'counter', receivingOrgId: 'phuong-sai-gon', applicant: AN, form: { documentName: 'Giấy ủy quyền' }, attachments: p.components.filter((c: { required: boolean }) => c.required).map((c: { code: string }) => ({ componentCode: c.code, uploadId: up })) } });
    expect(sig.status, JSON.stringify(sig.body)).toBe(201);
    const lookups = registry_.lookups;
    await run();
    expect(registry_.lookups).toBe(lookups);
    expect((await checksOf(sig.body.code)).body).toMatchObject({ applies: false, latest: null });
    const refused = await t.call('POST', `/api/dossiers/${sig.body.code}/population-check`, { as: 'reception', headers: { 'accept-language': 'en' } });
    expect([refused.status, refused.body.code]).toEqual([409, 'population-check-not-used']);

    expect((await t.call('PUT', '/api/procedures/2.000884.H29', { as: 'admin', body: { ...body, usesPopulationDb: true } })).status).toBe(200);
    expect((await t.call('GET', '/api/procedures/2.000884.H29')).body.usesPopulationDb).toBe(true);
    // Absent: unchanged.
    expect((await t.call('PUT', '/api/procedures/2.000884.H29', { as: 'admin', body })).status).toBe(200);
    expect((await t.call('GET', '/api/procedures/2.000884.H29')).body.usesPopulationDb).toBe(true);
    const now = await checkNow(sig.body.code);
    expect([now.status, now.body.applies, now.body.latest.result]).toEqual([200, true, 'match']);
    expect((await t.call('PUT', '/api/procedures/2.000884.H29', { as: 'admin', body: { ...body, usesPopulationDb: false } })).status).toBe(200);
  });

  it('measures 766 criteria 4.6 and 4.7 for Phường Sài Gòn in November, counted by hand', async () => {
    // A dossier whose only check could not be made (the registry down): no use of the registry.
    t.clock.set('2026-11-26T08:00:00+07:00');
    const pending = await receive(AN);
    registry_.down = true;
    try {
      expect((await run()).failed).toBe(1);
    } finally {
      registry_.down = false;
    }
    expect((await checksOf(pending.code)).body.latest.result).toBe('unavailable');
    const r = await t.call('GET', '/api/stats/index766?org=phuong-sai-gon&period=2026-11', { as: 'admin' });
    expect(r.status).toBe(200);
    const c = (code: string) => r.body.criteria.find((x: { code: string }) => x.code === code);
    const competence = await t.handle.db.selectFrom('procedures').innerJoin('procedure_orgs', 'procedure_orgs.procedure_code', 'procedures.code')
      .select('procedures.code').distinct().where('procedure_orgs.org_id', '=', 'phuong-sai-gon').where('procedures.published', '=', true).execute();
    // 4.6: of the ward's procedures, the demo flags 2.000720, 2.000575, 1.001193, 1.000894, 1.000656, 2.000635, 1.004873 and
    // 1.001009 (2.001610 and 2.000488 are received by departments); 2.000884 was flagged and unflagged again above.
    // The ward's competence: the 16 demo procedures received by every ward (src/demo/demo-procedures.ts, receivedAt 'wards').
    expect(competence).toHaveLength(16);
    expect([c('4.6').numerator, c('4.6').denominator, c('4.6').status]).toEqual([8, 16, 'measured']);
    expect(c('4.6').score).toBe(1); // 2 × 8/16
    // 4.7: received in November: match, mismatch, "Nguyen Van An", not found, the one checked after the registry came
    // back, the address mismatch, the citizen's own, the signature-attestation dossier (checked on demand) and the one
    // just received while the registry was down (not checked) — 9 received, 8 checked. The "unavailable" rows count for nothing.
    expect([c('4.7').numerator, c('4.7').denominator, c('4.7').status]).toEqual([8, 9, 'measured']);
    expect(c('4.7').score).toBe(1.78); // 2 × 8/9, to two decimals
  });
});

describe('population-data check not configured', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('pglite');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('an officer is told it is not connected (409); 4.6–4.7 are "no data"', async () => {
    const uploadId = await t.upload('citizen', PDF, 'đơn.pdf');
    const d = await t.call('POST', '/api/dossiers', { as: 'citizen', body: householdBusinessRequest(uploadId) });
    const r = await t.call('POST', `/api/dossiers/${d.body.code}/population-check`, { as: 'reception' });
    expect([r.status, r.body.code]).toEqual([409, 'population-not-connected']);
    expect((await t.call('GET', `/api/dossiers/${d.body.code}/population-check`, { as: 'reception' })).body).toMatchObject({ applies: true, connected: false, latest: null });
    const idx = await t.call('GET', '/api/stats/index766?org=phuong-sai-gon&period=2026-11', { as: 'admin' });
    expect(idx.body.criteria.filter((x: { code: string }) => ['4.6', '4.7'].includes(x.code)).map((x: { status: string }) => x.status)).toEqual(['no_data', 'no_data']);
  });
});
