/**
 * Security replays of issue 12 for the dossier lifecycle: hand-over outside the process, actions on a
 * state the officer did not see, 403-versus-404 probing, internal notes shown to applicants, and an
 * apology moving the appointment to year 9999. Each failed before its fix.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, PDF, householdBusinessRequest, startTestApp, type TestApp } from '../helpers.ts';
import { verifyChain } from '../../src/modules/dossiers/domain/action-log.ts';

describe.each(BACKENDS)('dossier lifecycle security (%s)', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(backend);
  });
  afterAll(async () => {
    await t?.close();
  });

  const act = (as: string, code: string, action: string, body: unknown = {}, headers: Record<string, string> = {}) =>
    t.call('POST', `/api/dossiers/${code}/actions/${action}`, { as, body, headers });
  const get = (as: string, code: string) => t.call('GET', `/api/dossiers/${encodeURIComponent(code)}`, { as });

  async function submit(as = 'citizen') {
    const uploadId = await t.upload(as, PDF, 'giấy đề nghị.pdf');
    const res = await t.call('POST', '/api/dossiers', { as, body: householdBusinessRequest(uploadId) });
    expect(res.status).toBe(201);
    return res.body as { code: string; attachments: Array<{ uploadId: string }> };
  }

  describe('hand-over follows the process snapshot', () => {
    it("refuses a ward's hand-over to the Department of Justice; its staff cannot read the dossier", async () => {
      const d = await submit();
      expect((await act('reception', d.code, 'accept')).status).toBe(200);
      const r = await act('reception', d.code, 'hand_over', { toOrgId: 'so-tu-phap' });
      expect(r.status).toBe(422);
      expect(r.body.code).toBe('hand-over-outside-process');
      expect(r.body.errors.map((e: { path: string }) => e.path)).toEqual(['toOrgId']);
      const vi = await t.call('POST', `/api/dossiers/${d.code}/actions/hand_over`, { as: 'reception', body: { toOrgId: 'so-tu-phap' }, headers: { 'accept-language': 'vi' } });
      expect(vi.body.detail).toMatch(/quy trình/);
      // Nothing moved, and the department never held it.
      const after = await get('reception', d.code);
      expect(after.body.currentOrg.id).toBe('phuong-sai-gon');
      expect(after.body.currentStep.index).toBe(0);
      expect([403, 404]).toContain((await get('stp.reception', d.code)).status);
      expect([403, 404]).toContain((await t.call('GET', `/api/uploads/${d.attachments[0]!.uploadId}`, { as: 'stp.reception' })).status);
      // Naming the unit the process names is fine.
      expect((await act('reception', d.code, 'hand_over', { toOrgId: 'phuong-sai-gon' })).status).toBe(200);
    });

    it('refuses a hand-over of a later step to another organisation than the step names', async () => {
      const d = await submit();
      await act('reception', d.code, 'accept');
      const r = await act('leader', d.code, 'hand_over', { toStep: 2, toOrgId: 'so-tai-chinh' });
      expect(r.status).toBe(422);
      expect(r.body.errors[0].path).toBe('toOrgId');
    });
  });

  describe('actions carry the version the officer saw', () => {
    it('exposes the version and an ETag', async () => {
      const d = await submit();
      const r = await get('reception', d.code);
      expect(r.body.version).toBe(1);
      expect(r.headers.etag).toBe('"1"');
      const accepted = await act('reception', d.code, 'accept', { expectedVersion: 1 });
      expect(accepted.status).toBe(200);
      expect(accepted.body.version).toBe(2);
      expect(accepted.headers.etag).toBe('"2"');
    });

    it('20 parallel hand-overs with the same expected version move the dossier exactly one step', async () => {
      const d = await submit();
      await act('reception', d.code, 'accept');
      const seen = await get('leader', d.code);
      const version = seen.body.version as number;
      const results = await Promise.all(Array.from({ length: 20 }, () => act('leader', d.code, 'hand_over', { expectedVersion: version })));
      expect(results.filter((r) => r.status === 200)).toHaveLength(1);
      const refused = results.filter((r) => r.status !== 200);
      expect(refused.map((r) => r.status)).toEqual(Array(19).fill(409));
      expect(refused[0]!.body.code).toBe('version-mismatch');
      expect(refused[0]!.body.current).toMatchObject({ status: 'processing', step: 1, version: version + 1 });
      const after = await get('leader', d.code);
      expect(after.body.currentStep.index).toBe(1);
      expect(after.body.history.filter((h: { action: string }) => h.action === 'hand_over')).toHaveLength(1);
    });

    it('accepts If-Match, refuses a stale one, and acts as before without either', async () => {
      const d = await submit();
      await act('reception', d.code, 'accept', {}, { 'if-match': '"1"' });
      const stale = await act('reception', d.code, 'hand_over', {}, { 'if-match': '"1"' });
      expect(stale.status).toBe(409);
      expect(stale.body.code).toBe('version-mismatch');
      expect(stale.body.current).toMatchObject({ status: 'processing', step: 0, version: 2 });
      expect((await act('reception', d.code, 'hand_over', {}, { 'if-match': 'W/"2"' })).status).toBe(200);
      const bad = await act('specialist', d.code, 'hand_over', {}, { 'if-match': 'abc' });
      expect(bad.status).toBe(400);
      expect((await act('specialist', d.code, 'hand_over')).status).toBe(200);
    });
  });

  describe("someone else's dossier looks like a missing one", () => {
    it('answers 404 with the same body to people who may not see it', async () => {
      const d = await submit();
      const missing = d.code.replace(/\d{4}$/, '9999');
      const same = (body: Record<string, unknown>, code: string) => JSON.stringify(body).replaceAll(code, '<code>');
      for (const who of ['citizen2', 'btn.reception', 'stp.reception']) {
        const theirs = await get(who, d.code);
        const none = await get(who, missing);
        expect(theirs.status).toBe(404);
        expect(none.status).toBe(404);
        expect(same(theirs.body, d.code)).toBe(same(none.body, missing));
        const doc = await t.call('GET', `/api/dossiers/${d.code}/documents/receipt`, { as: who });
        const noDoc = await t.call('GET', `/api/dossiers/${missing}/documents/receipt`, { as: who });
        expect([doc.status, noDoc.status]).toEqual([404, 404]);
        expect(same(doc.body, d.code)).toBe(same(noDoc.body, missing));
        const action = await act(who, d.code, 'withdraw');
        const noAction = await act(who, missing, 'withdraw');
        expect([action.status, noAction.status]).toEqual([404, 404]);
        expect(same(action.body, d.code)).toBe(same(noAction.body, missing));
        expect((await t.call('GET', `/api/uploads/${d.attachments[0]!.uploadId}`, { as: who })).status).toBe(404);
      }
      // Someone who may see it but not act still hears 403.
      expect((await act('specialist', d.code, 'accept')).status).toBe(403);
    });
  });

  describe('notes have a visibility', () => {
    it("shows the applicant only applicant-visible notes and the unit, never staff names", async () => {
      const d = await submit();
      const lookupSecret = (await get('citizen', d.code)).body.lookupSecret as string;
      await act('reception', d.code, 'accept', { note: 'GHI-CHU-NOI-BO-1' });
      await act('reception', d.code, 'hand_over', { note: 'GHI-CHU-NOI-BO-2' });
      await act('specialist', d.code, 'hand_over', { note: 'GỬI-NGƯỜI-NỘP', noteVisibility: 'applicant' });
      await act('leader', d.code, 'return_to_step', { toStep: 1, reason: 'LY-DO-NOI-BO' });
      await act('specialist', d.code, 'request_supplement', { reason: 'THIEU-GIAY-TO', items: [{ name: 'Hợp đồng thuê', reason: 'Thiếu' }] });

      const mine = await get('citizen', d.code);
      const text = JSON.stringify(mine.body.history);
      for (const secret of ['GHI-CHU-NOI-BO-1', 'GHI-CHU-NOI-BO-2', 'LY-DO-NOI-BO', 'Lê Thị Thu', 'Phạm Minh Tuấn', 'Võ Văn Hùng']) expect(text).not.toContain(secret);
      expect(text).toContain('GỬI-NGƯỜI-NỘP');
      expect(text).toContain('THIEU-GIAY-TO');
      const accept = mine.body.history.find((h: { action: string }) => h.action === 'accept');
      expect(accept.actor.name).toBeNull();
      expect(accept.actor.orgName).toMatch(/Phường Sài Gòn/);

      const pub = await t.call('GET', `/api/public/dossiers/${d.code}?secret=${lookupSecret}`);
      expect(pub.status).toBe(200);
      const pubText = JSON.stringify(pub.body);
      for (const secret of ['GHI-CHU-NOI-BO-1', 'GHI-CHU-NOI-BO-2', 'LY-DO-NOI-BO', 'Lê Thị Thu', 'Phạm Minh Tuấn', 'Võ Văn Hùng']) expect(pubText).not.toContain(secret);
      expect(pubText).toContain('THIEU-GIAY-TO');
      expect(pub.body.history.find((h: { action: string }) => h.action === 'accept').unit).toMatch(/Phường Sài Gòn/);

      // Officers still see everything, with the visibility recorded.
      const desk = await get('leader', d.code);
      const deskText = JSON.stringify(desk.body.history);
      for (const secret of ['GHI-CHU-NOI-BO-1', 'LY-DO-NOI-BO', 'Lê Thị Thu']) expect(deskText).toContain(secret);
      expect(desk.body.history.find((h: { action: string }) => h.action === 'accept').noteVisibility).toBe('internal');
      expect(desk.body.history.find((h: { action: string }) => h.action === 'request_supplement').noteVisibility).toBe('applicant');

      const rows = await t.handle.db.selectFrom('dossier_actions').innerJoin('dossiers', 'dossiers.id', 'dossier_actions.dossier_id').selectAll('dossier_actions').where('dossiers.code', '=', d.code).orderBy('seq').execute();
      const chain = rows.map((r) => ({ dossierId: r.dossier_id, seq: r.seq, action: r.action, fromStatus: r.from_status, toStatus: r.to_status, actorId: r.actor_id, actorRole: r.actor_role, actorOrgId: r.actor_org_id, at: new Date(r.at).toISOString(), payload: r.payload, prevHash: r.prev_hash, hash: r.hash }));
      expect(verifyChain(chain)).toBeNull();
      // Only the two visibilities exist, and only where the officer may choose.
      const other = await submit();
      expect((await act('reception', other.code, 'accept', { note: 'x', noteVisibility: 'everyone' })).status).toBe(400);
      expect((await act('reception', other.code, 'reject', { reason: 'x', noteVisibility: 'internal' })).status).toBe(400);
    });
  });

  describe('apology limit', () => {
    it('refuses an apology moving the appointment to year 9999 with a field error', async () => {
      const d = await submit();
      const accepted = await act('reception', d.code, 'accept');
      expect(accepted.status).toBe(200);
      const far = await act('reception', d.code, 'apologize', { reason: 'Cần xác minh thêm', newAppointmentAt: '9999-12-31T17:00:00+07:00' });
      // Refused at the edge (instants are limited to years 1900–2999) with the field's path.
      expect(far.status).toBe(400);
      expect(far.body.errors.map((e: { path: string }) => e.path)).toEqual(['newAppointmentAt']);
      // Household business: 3 working days; the limit is the appointment plus that again (or twelve months, the later).
      const ok = await act('reception', d.code, 'apologize', { reason: 'Cần xác minh thêm', newAppointmentAt: '2026-12-03T17:00:00+07:00' });
      expect(ok.status).toBe(200);
      expect(ok.body.appointmentAt).toBe('2026-12-03T17:00:00+07:00');
      const tooLate = await act('reception', d.code, 'apologize', { reason: 'Lại xin lỗi', newAppointmentAt: '2028-01-01T17:00:00+07:00' });
      expect(tooLate.status).toBe(422);
      expect(tooLate.body.code).toBe('appointment-too-far');
      expect(tooLate.body.errors[0].path).toBe('newAppointmentAt');
    });
  });
});
