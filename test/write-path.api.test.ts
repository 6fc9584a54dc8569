/**
 * One write path (issue 13, item 2): the same history, done live through the API and imported from
 * an old system, leaves the same log, projection and counters; only what must differ differs (ids,
 * the actors the old system does not name, file links, the signed result), and the imported one
 * notifies nobody.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, PDF, householdBusinessRequest, startTestApp, type TestApp } from './helpers.ts';
import { verifyChain } from '../src/modules/dossiers/domain/action-log.ts';

const ORG = 'phuong-sai-gon';
const PROCEDURE = '2.000720.H29';

/** The history: when, who acts live, the action and its request body. */
const HISTORY: Array<{ at: string; as: string; action: string; body: Record<string, unknown> }> = [
  { at: '2026-11-23T09:00:00+07:00', as: 'reception', action: 'accept', body: {} },
  { at: '2026-11-23T10:00:00+07:00', as: 'reception', action: 'hand_over', body: {} },
  { at: '2026-11-24T09:00:00+07:00', as: 'specialist', action: 'request_supplement', body: { reason: 'Thiếu hợp đồng thuê địa điểm', items: [{ name: 'Bản sao hợp đồng thuê', reason: 'Địa điểm thuê' }] } },
  { at: '2026-11-30T13:00:00+07:00', as: 'citizen', action: 'supplement', body: {} },
  { at: '2026-12-01T09:00:00+07:00', as: 'specialist', action: 'hand_over', body: { note: 'Đủ điều kiện' } },
  { at: '2026-12-01T15:00:00+07:00', as: 'leader', action: 'complete', body: {} },
  { at: '2026-12-01T16:00:00+07:00', as: 'reception', action: 'return_result', body: { channel: 'online' } },
  { at: '2026-12-01T16:05:00+07:00', as: 'citizen', action: 'rate', body: { level: 'very_satisfied' } },
];
const SUBMITTED_AT = '2026-11-23T08:00:00+07:00';

/** Payload fields only one of the two kinds of history has: files and notes' visibility (live), the import mark. */
const ONE_SIDED = ['attachments', 'resultUploadId', 'noteVisibility', 'signedDocumentId', 'signedUploadId', 'signedSha256', 'verifyUrl', 'imported'];
const comparable = (payload: unknown) => Object.fromEntries(Object.entries(payload as Record<string, unknown>).filter(([k]) => !ONE_SIDED.includes(k)));

/** Columns of the projection that are the same for the same history (not ids, codes, secrets, actors' hash, files). */
const PROJECTION = [
  'procedure_code', 'applicant', 'form', 'channel', 'status', 'receiving_org_id', 'current_org_id', 'current_step', 'process', 'rule_version',
  'submitted_at', 'accepted_at', 'due_at', 'appointment_at', 'step_started_at', 'step_due_at', 'paused_at', 'paused_remaining_minutes',
  'paused_step_remaining_minutes', 'paused_minutes_total', 'resume_status', 'supplement_requests', 'forced_overdue', 'apologies',
  'finished_at', 'timeliness', 'return_channel', 'rating_level', 'last_seq', 'updated_at',
] as const;

describe.each(BACKENDS)('one write path: live and imported histories agree (%s)', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(backend);
  });
  afterAll(async () => {
    await t?.close();
  });

  /** Every counter of the org and procedure, daily and monthly, as `table|period|metric → value`. */
  async function counters(): Promise<Map<string, number>> {
    const daily = await t.handle.db.selectFrom('stats_daily').select(['day', 'metric', 'value']).where('org_id', '=', ORG).where('procedure_code', '=', PROCEDURE).execute();
    const monthly = await t.handle.db.selectFrom('stats_monthly').select(['month', 'metric', 'value']).where('org_id', '=', ORG).where('procedure_code', '=', PROCEDURE).execute();
    const key = (d: unknown) => (d instanceof Date ? d.toISOString() : String(d));
    return new Map([...daily.map((r) => [`d|${key(r.day)}|${r.metric}`, Number(r.value)] as const), ...monthly.map((r) => [`m|${key(r.month)}|${r.metric}`, Number(r.value)] as const)]);
  }
  const delta = (before: Map<string, number>, after: Map<string, number>) =>
    Object.fromEntries([...after].map(([k, v]) => [k, v - (before.get(k) ?? 0)] as const).filter(([, v]) => v !== 0).sort(([a], [b]) => a.localeCompare(b)));

  const log = (dossierId: string) => t.handle.db.selectFrom('dossier_actions').selectAll().where('dossier_id', '=', dossierId).orderBy('seq').execute();
  const chainOf = (rows: Awaited<ReturnType<typeof log>>) =>
    rows.map((x) => ({ dossierId: x.dossier_id, seq: x.seq, action: x.action, fromStatus: x.from_status, toStatus: x.to_status, actorId: x.actor_id, actorRole: x.actor_role, actorOrgId: x.actor_org_id, at: x.at.toISOString(), payload: x.payload, prevHash: x.prev_hash, hash: x.hash }));
  const outboxOf = async (dossierId: string) =>
    (await t.handle.db.selectFrom('outbox').select(['topic', 'payload']).orderBy('id').execute()).filter((m) => (m.payload as { dossierId?: string }).dossierId === dossierId).map((m) => m.topic);

  it('writes the same log, projection and counters; the import enqueues one dossier.imported message and no notification', async () => {
    // Live, through the API, at the history's times.
    let before = await counters();
    t.clock.set(SUBMITTED_AT);
    const request = householdBusinessRequest(await t.upload('citizen', PDF, 'giấy đề nghị.pdf'));
    const submitted = await t.call('POST', '/api/dossiers', { as: 'citizen', body: request });
    expect(submitted.status).toBe(201);
    const live = submitted.body as { id: string; code: string };
    for (const step of HISTORY) {
      t.clock.set(step.at);
      let body = step.body;
      if (step.action === 'supplement') body = { attachments: [{ componentCode: 'hop-dong-thue', uploadId: await t.upload('citizen', PDF, 'hop-dong-thue.pdf') }] };
      if (step.action === 'complete') body = { resultUploadId: await t.upload('leader', PDF, 'giay-chung-nhan.pdf') };
      const r = await t.call('POST', `/api/dossiers/${live.code}/actions/${step.action}`, { as: step.as, body });
      expect(r.status, `${step.action}: ${JSON.stringify(r.body)}`).toBe(200);
    }
    const liveCounted = delta(before, await counters());

    // The same history imported, with the old system's timestamps.
    before = await counters();
    const line = {
      code: 'OLD-WRITE-PATH-1',
      procedureCode: PROCEDURE,
      receivingOrgId: ORG,
      channel: 'online',
      applicant: request.applicant,
      form: request.form,
      actions: [{ action: 'submit', at: SUBMITTED_AT }, ...HISTORY.map((s) => ({ action: s.action, at: s.at, ...s.body }))],
    };
    const imported = await t.call('POST', '/api/admin/import/dossiers', { as: 'admin', rawBody: JSON.stringify(line), headers: { 'content-type': 'application/x-ndjson' } });
    expect(imported.body).toMatchObject({ imported: 1, errors: [] });
    const importedCounted = delta(before, await counters());

    const [liveRow, importedRow] = await Promise.all([
      t.handle.db.selectFrom('dossiers').selectAll().where('code', '=', live.code).executeTakeFirstOrThrow(),
      t.handle.db.selectFrom('dossiers').selectAll().where('legacy_code', '=', line.code).executeTakeFirstOrThrow(),
    ]);

    // The log: the same entries, decided alike (the same facts), each an unbroken hash chain.
    const [liveLog, importedLog] = [await log(liveRow.id), await log(importedRow.id)];
    const shape = (rows: typeof liveLog) => rows.map((r) => ({ seq: r.seq, action: r.action, from: r.from_status, to: r.to_status, at: r.at.toISOString(), payload: comparable(r.payload) }));
    expect(shape(importedLog)).toEqual(shape(liveLog));
    expect(liveLog).toHaveLength(HISTORY.length + 1);
    expect(verifyChain(chainOf(liveLog))).toBeNull();
    expect(verifyChain(chainOf(importedLog))).toBeNull();
    expect(importedRow.last_hash).toBe(importedLog.at(-1)!.hash);

    // The projection: every state column alike (the imported result stays in the old system).
    const pick = (row: typeof liveRow) => Object.fromEntries(PROJECTION.map((c) => [c, row[c]]));
    expect(pick(importedRow)).toEqual(pick(liveRow));
    expect(liveRow.status).toBe('returned');
    expect(importedRow.result_upload_id).toBeNull();

    // The counters: the same increments on the same days and months, but for the electronic result,
    // which only a result signed here is, and the digitised mark (766 criterion 4.2), which only files
    // kept here give: an imported history's files stay in the old system.
    const { ...liveWithoutSigned } = liveCounted;
    expect(Object.keys(liveCounted).filter((k) => k.endsWith('|digitised'))).toHaveLength(2); // its day and month
    for (const k of Object.keys(liveWithoutSigned)) if (k.endsWith('|e_results') || k.endsWith('|digitised')) delete liveWithoutSigned[k];
    expect(importedCounted).toEqual(liveWithoutSigned);
    expect(Object.keys(liveCounted).some((k) => k.endsWith('|received_online'))).toBe(true);

    // The outbox: live, one message per change; imported, one message that notification handlers do not listen to.
    expect(await outboxOf(liveRow.id)).toEqual(['dossier.submitted', ...HISTORY.map((s) => `dossier.${s.action}`)]);
    expect(await outboxOf(importedRow.id)).toEqual(['dossier.imported']);
  });

  it('a line refused halfway writes no dossier, log entry, counter or outbox message', async () => {
    const [dossiers, actions, outbox, before] = [await t.count('dossiers'), await t.count('dossier_actions'), await t.count('outbox'), await counters()];
    const line = {
      code: 'OLD-WRITE-PATH-2',
      procedureCode: PROCEDURE,
      receivingOrgId: ORG,
      applicant: householdBusinessRequest('x').applicant,
      form: householdBusinessRequest('x').form,
      // accept and hand over are fine; a second accept is refused by the domain.
      actions: [{ action: 'submit', at: SUBMITTED_AT }, { action: 'accept', at: HISTORY[0]!.at }, { action: 'hand_over', at: HISTORY[1]!.at }, { action: 'accept', at: HISTORY[2]!.at }],
    };
    const r = await t.call('POST', '/api/admin/import/dossiers', { as: 'admin', rawBody: JSON.stringify(line), headers: { 'content-type': 'application/x-ndjson' } });
    expect(r.body).toMatchObject({ imported: 0, errors: [{ line: 1 }] });
    expect(r.body.errors[0].message).toMatch(/action-not-allowed-in-state/);
    expect([await t.count('dossiers'), await t.count('dossier_actions'), await t.count('outbox')]).toEqual([dossiers, actions, outbox]);
    expect(delta(before, await counters())).toEqual({});
  });
});
