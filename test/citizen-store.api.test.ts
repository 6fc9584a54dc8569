/**
 * The citizen's document store (issue 18, docs/citizen-store.md): components saved when the dossier is
 * accepted, the signed result when it is returned — once, even when the message is delivered twice —;
 * reuse in a later application recorded on the dossier and shown to the desk; another citizen's document
 * and an expired one refused; removal; and 766 criteria 4.2, 4.4, 4.5 of a hand-made month.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { BACKENDS, PDF, householdBusinessRequest, makePdf, startTestApp, type TestApp } from './helpers.ts';
import { runOutboxOnce } from '../src/platform/outbox/index.ts';
import { saveOnReturn } from '../src/modules/citizen-store/handlers.ts';
import { index766 } from '../src/modules/measurement/index766.ts';
import { diffCounters, recomputeCounters, storedCounters } from '../src/modules/measurement/stats.ts';

const BICH_NGOC = { type: 'individual', fullName: 'Trần Thị Bích Ngọc', idNumber: '079195004321', address: '25 Nguyễn Trãi, Phường Bến Thành, Thành phố Hồ Chí Minh', phone: '0912345678' };

describe.each(BACKENDS)("the citizen's document store (%s)", (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(backend, {}, '2026-12-01T08:00:00+07:00');
  });
  afterAll(async () => {
    await t?.close();
  });

  const act = (as: string, code: string, action: string, body: unknown = {}) => t.call('POST', `/api/dossiers/${code}/actions/${action}`, { as, body });
  const deliver = () => runOutboxOnce(t.ctx, { now: t.clock.now });
  const list = (as = 'citizen', query = '') => t.call('GET', `/api/citizen-store/documents${query}`, { as });
  const storeRows = (dossierId: string) => t.handle.db.selectFrom('citizen_documents').selectAll().where('dossier_id', '=', dossierId).execute();

  async function submit(as = 'citizen', attachments?: unknown[], applicant?: unknown) {
    const u = attachments ? null : await t.upload(as, PDF, 'giay-de-nghi.pdf');
    const body = householdBusinessRequest(u ?? 'upl_unused000000', { ...(attachments ? { attachments } : {}), ...(applicant ? { applicant } : {}) });
    return t.call('POST', '/api/dossiers', { as, body });
  }

  /** Accepted, handled and returned online, the outbox run after each step. */
  async function throughToReturn(code: string) {
    expect((await act('reception', code, 'accept')).status).toBe(200);
    await deliver();
    await act('leader', code, 'hand_over', { toStep: 2 });
    const draft = await t.upload('leader', await makePdf('GIẤY CHỨNG NHẬN'), 'ket-qua.pdf');
    expect((await act('leader', code, 'complete', { resultUploadId: draft })).status).toBe(200);
    expect((await act('reception', code, 'return_result', { channel: 'online' })).status).toBe(200);
    await deliver();
  }

  let first: { id: string; code: string };
  let componentDoc: string;
  let resultDoc: string;

  it('saves the components when the dossier is accepted, the signed result when it is returned — once, even delivered twice', async () => {
    const r = await submit();
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    first = r.body;
    await deliver();
    // Submitted only: nothing saved yet.
    expect(await storeRows(first.id)).toEqual([]);
    expect((await act('reception', first.code, 'accept')).status).toBe(200);
    await deliver();
    expect((await storeRows(first.id)).map((d) => [d.kind, d.component_code])).toEqual([['component', 'giay-de-nghi']]);

    await act('leader', first.code, 'hand_over', { toStep: 2 });
    const draft = await t.upload('leader', await makePdf('GIẤY CHỨNG NHẬN'), 'ket-qua.pdf');
    expect((await act('leader', first.code, 'complete', { resultUploadId: draft })).status).toBe(200);
    expect((await act('reception', first.code, 'return_result', { channel: 'online' })).status).toBe(200);
    await deliver();
    // The same message delivered again (a crash before the delivery was recorded): nothing more saved.
    const message = await t.handle.db.selectFrom('outbox').select(['id', 'topic', 'payload', 'created_at']).where('topic', '=', 'dossier.return_result').where('payload', '@>', JSON.stringify({ dossierId: first.id }) as never).executeTakeFirstOrThrow();
    const msg = { id: String(message.id), topic: message.topic, payload: message.payload as Record<string, unknown>, createdAt: message.created_at, deliveryKey: `${message.id}:citizen-store.result` };
    await saveOnReturn(msg, t.ctx);
    await saveOnReturn(msg, t.ctx);
    const rows = await storeRows(first.id);
    expect(rows.map((d) => d.kind).sort()).toEqual(['component', 'result']);
    const dossier = await t.handle.db.selectFrom('dossiers').select('result_upload_id').where('id', '=', first.id).executeTakeFirstOrThrow();
    const result = rows.find((d) => d.kind === 'result')!;
    // The signed result by reference: its upload and checksum, not a copy.
    expect(result).toMatchObject({ upload_id: dossier.result_upload_id, signed: true, org_id: 'phuong-sai-gon' });
    expect(result.signed_document_id).toEqual(expect.any(String));

    const mine = await list();
    expect(mine.status).toBe(200);
    expect(mine.body.documents.map((d: { kind: string }) => d.kind).sort()).toEqual(['component', 'result']);
    const doc = mine.body.documents.find((d: { kind: string }) => d.kind === 'result');
    expect(doc).toMatchObject({ dossierCode: first.code, issuedOn: '2026-12-01', validUntil: null, valid: true, signed: true, procedure: { code: '2.000720.H29' } });
    resultDoc = doc.id;
    componentDoc = mine.body.documents.find((d: { kind: string }) => d.kind === 'component').id;
    // Downloads the file it points at.
    const file = await t.call('GET', `/api/citizen-store/documents/${componentDoc}/file`, { as: 'citizen' });
    expect(file.status).toBe(200);
    expect(file.headers['x-content-sha256']).toBe(rows.find((d) => d.kind === 'component')!.sha256);
    // Another citizen has an empty store and cannot read this one's documents.
    expect((await list('citizen2')).body.documents).toEqual([]);
    expect((await t.call('GET', `/api/citizen-store/documents/${componentDoc}/file`, { as: 'citizen2' })).status).toBe(404);
    expect((await t.call('DELETE', `/api/citizen-store/documents/${componentDoc}`, { as: 'citizen2' })).status).toBe(404);
    expect((await list('reception')).status).toBe(403);
  });

  it('lists the documents that fit a component first', async () => {
    const r = await list('citizen', '?procedureCode=2.000720.H29&componentCode=giay-de-nghi');
    expect(r.body.documents.map((d: { id: string; fits: boolean }) => [d.id, d.fits])).toEqual([[componentDoc, true], [resultDoc, false]]);
  });

  let second: { id: string; code: string };
  it('reuses a stored document in a new application: no upload, recorded on the dossier and shown to the desk', async () => {
    const r = await submit('citizen', [{ componentCode: 'giay-de-nghi', storeDocumentId: componentDoc }]);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    second = r.body;
    const stored = await t.handle.db.selectFrom('citizen_documents').select(['upload_id']).where('id', '=', componentDoc).executeTakeFirstOrThrow();
    expect(await t.handle.db.selectFrom('citizen_document_reuses').select(['component_code', 'document_id', 'upload_id']).where('dossier_id', '=', second.id).execute()).toEqual([
      { component_code: 'giay-de-nghi', document_id: componentDoc, upload_id: stored.upload_id },
    ]);
    const desk = await t.call('GET', `/api/dossiers/${second.code}`, { as: 'reception' });
    expect(desk.body.attachments).toEqual([expect.objectContaining({ componentCode: 'giay-de-nghi', uploadId: stored.upload_id, storeDocumentId: componentDoc })]);
    // The log's submission entry says which store document it came from.
    expect(desk.body.history[0].payload.attachments).toEqual([{ componentCode: 'giay-de-nghi', storeDocumentId: componentDoc, uploadId: stored.upload_id }]);
    // The desk opens the file through the dossier.
    expect((await t.call('GET', `/api/uploads/${stored.upload_id}`, { as: 'reception' })).status).toBe(200);
    // Accepting it saves no second copy of the reused file.
    expect((await act('reception', second.code, 'accept')).status).toBe(200);
    await deliver();
    expect(await storeRows(second.id)).toEqual([]);
    expect((await list()).body.documents).toHaveLength(2);
  });

  it("refuses another citizen's document as missing (404), and an expired one (422 at its path)", async () => {
    const other = await submit('citizen2', [{ componentCode: 'giay-de-nghi', storeDocumentId: componentDoc }], BICH_NGOC);
    expect(other.status, JSON.stringify(other.body)).toBe(404);
    expect(other.body.code).toBe('not-found');

    await t.handle.db.updateTable('citizen_documents').set({ valid_until: '2026-11-30' }).where('id', '=', resultDoc).execute();
    const expired = await submit('citizen', [{ componentCode: 'giay-de-nghi', storeDocumentId: resultDoc }]);
    expect(expired.status, JSON.stringify(expired.body)).toBe(422);
    expect(expired.body.errors).toEqual([{ path: 'attachments.0.storeDocumentId', message: expect.stringContaining('hết hiệu lực từ ngày 30/11/2026') }]);
    const listed = (await list()).body.documents.find((d: { id: string }) => d.id === resultDoc);
    expect(listed).toMatchObject({ validUntil: '2026-11-30', valid: false });
    // Valid through its last day.
    await t.handle.db.updateTable('citizen_documents').set({ valid_until: '2026-12-01' }).where('id', '=', resultDoc).execute();
    expect((await list()).body.documents.find((d: { id: string }) => d.id === resultDoc).valid).toBe(true);
    // At the counter, the store is not offered (422).
    const counter = await t.call('POST', '/api/dossiers', { as: 'reception', body: householdBusinessRequest('upl_unused000000', { channel: 'counter', applicant: { ...householdBusinessRequest('x').applicant, birthDate: '1990-05-01' }, attachments: [{ componentCode: 'giay-de-nghi', storeDocumentId: componentDoc }] }) });
    expect(counter.status).toBe(422);
    expect(counter.body.errors.map((e: { path: string }) => e.path)).toContain('attachments.0.storeDocumentId');
  });

  it('removes a document from the store; the dossiers keep the file', async () => {
    const r = await t.call('DELETE', `/api/citizen-store/documents/${componentDoc}`, { as: 'citizen' });
    expect(r.status).toBe(200);
    expect((await list()).body.documents.map((d: { id: string }) => d.id)).toEqual([resultDoc]);
    expect((await submit('citizen', [{ componentCode: 'giay-de-nghi', storeDocumentId: componentDoc }])).status).toBe(404);
    expect((await t.call('GET', `/api/citizen-store/documents/${componentDoc}/file`, { as: 'citizen' })).status).toBe(404);
    const kept = await t.call('GET', `/api/dossiers/${second.code}`, { as: 'citizen' });
    expect(kept.body.attachments).toHaveLength(1);
    expect((await t.call('GET', kept.body.attachments[0].url, { as: 'citizen' })).status).toBe(200);
  });

  it('measures 766 criteria 4.2, 4.4 and 4.5 of a hand-made month', async () => {
    // January 2027 at Phường Sài Gòn: a uploaded online and returned (digitised, linked); b reuses a's result
    // (digitised, reusing, linked); c received at the counter on paper only (none of the three).
    t.clock.set('2027-01-05T08:00:00+07:00');
    const a = (await submit()).body as { code: string };
    await throughToReturn(a.code);
    const stored = (await list()).body.documents.find((d: { dossierCode: string; kind: string }) => d.dossierCode === a.code && d.kind === 'result');
    const b = await submit('citizen', [{ componentCode: 'giay-de-nghi', storeDocumentId: stored.id }]);
    expect(b.status, JSON.stringify(b.body)).toBe(201);
    const c = await t.call('POST', '/api/dossiers', { as: 'reception', body: householdBusinessRequest('upl_unused000000', { channel: 'counter', applicant: { ...householdBusinessRequest('x').applicant, birthDate: '1990-05-01' }, attachments: [{ componentCode: 'giay-de-nghi', paperKept: true }] }) });
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    t.clock.set('2027-02-02T08:00:00+07:00');
    const report = await index766(t.ctx, 'phuong-sai-gon', '2027-01');
    const byCode = Object.fromEntries(report.criteria.map((x) => [x.code, x]));
    expect(byCode['4.2']).toMatchObject({ status: 'measured', numerator: 2, denominator: 3, score: 3.33 }); // min(4, 4 × (2/3) / 0.8)
    expect(byCode['4.4']).toMatchObject({ status: 'measured', numerator: 1, denominator: 3, score: 0.83 }); // min(2, 2 × (1/3) / 0.8)
    expect(byCode['4.5']).toMatchObject({ status: 'measured', numerator: 2, denominator: 3, score: 2.67 }); // 4 × 2/3

    // c's first file comes in February with a supplement: digitised, counted in January (its month of receipt, like
    // `received`), once; the counters stay equal to their recomputation (`motcua stats rebuild`).
    const cCode = (c.body as { code: string }).code;
    const asked = await act('reception', cCode, 'request_supplement', { reason: 'Cần bản số hóa', items: [{ name: 'Giấy đề nghị', reason: 'Chỉ có bản giấy' }] });
    expect(asked.status, JSON.stringify(asked.body)).toBe(200);
    const scan = await t.upload('citizen', PDF, 'giay-de-nghi-scan.pdf');
    const supplemented = await act('citizen', cCode, 'supplement', { attachments: [{ componentCode: 'giay-de-nghi', uploadId: scan }] });
    expect(supplemented.status, JSON.stringify(supplemented.body)).toBe(200);
    const january = Object.fromEntries((await index766(t.ctx, 'phuong-sai-gon', '2027-01')).criteria.map((x) => [x.code, x]));
    expect(january['4.2']).toMatchObject({ status: 'measured', numerator: 3, denominator: 3 });
    const digitisedByMonth = await sql<{ month: string; n: number }>`
      SELECT to_char(month, 'YYYY-MM') AS month, value::int AS n FROM stats_monthly WHERE metric = 'digitised' AND org_id = 'phuong-sai-gon' AND month >= '2027-01-01' ORDER BY 1`.execute(t.handle.db);
    expect(digitisedByMonth.rows).toEqual([{ month: '2027-01', n: 3 }]);
    expect(diffCounters(await storedCounters(t.handle.db), await recomputeCounters(t.handle.db))).toEqual([]);
  });
});
