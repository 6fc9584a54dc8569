/**
 * Security replays for signed results and trust anchors (issue 12, High 1 and the trust-anchor part
 * of High 2, Low "a file that starts with %PDF- but is not a PDF").
 *
 * The signature's /Contents hex lies outside the signed /ByteRange bytes: re-casing it, changing a
 * padding zero or appending bytes changes the file but not what was signed. The verifier must still
 * recognise the issued (and revoked) document, and never answer `valid` for such a copy.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, PDF, householdBusinessRequest, makePdf, startTestApp, type TestApp } from '../helpers.ts';
import { createCertificateAuthority, issueSigningCertificate } from '../../src/modules/signing/pki.ts';
import { signPdf } from '../../src/modules/signing/pdf-signature.ts';
import { backfillSignedDigests } from '../../src/modules/signing/signing.ts';

/** The signature's placeholder between the two signed ranges: `<hex…>`. */
function signatureGap(pdf: Buffer): { start: number; end: number } {
  const all = [...pdf.toString('latin1').matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)];
  const m = all[all.length - 1]!;
  return { start: Number(m[1]) + Number(m[2]), end: Number(m[3]) };
}

/** The same signature, its hex letters in upper case. */
function recased(pdf: Buffer): Buffer {
  const { start, end } = signatureGap(pdf);
  const out = Buffer.from(pdf);
  out.write(pdf.toString('latin1', start, end).toUpperCase(), start, 'latin1');
  return out;
}

/** One padding zero (after the DER signature, before '>') changed to '1'. */
function repadded(pdf: Buffer): Buffer {
  const { end } = signatureGap(pdf);
  const out = Buffer.from(pdf);
  expect(out.toString('latin1', end - 2, end)).toBe('0>');
  out.write('1', end - 2, 'latin1');
  return out;
}

const appended = (pdf: Buffer) => Buffer.concat([pdf, Buffer.from('\n% thêm vào sau khi ký\n', 'latin1')]);

/** A minimal PDF whose structure (header, objects, xref, trailer, %%EOF) is sound but whose page has no MediaBox. */
function pdfWithoutMediaBox(): Buffer {
  const objects = ['<</Type/Catalog/Pages 2 0 R>>', '<</Type/Pages/Kids[3 0 R]/Count 1>>', '<</Type/Page/Parent 2 0 R>>'];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<</Size ${objects.length + 1}/Root 1 0 R>>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

describe.each(BACKENDS)('security: signed results and trust anchors (%s)', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(backend, { publicUrl: 'https://motcua.example.gov.vn' });
  });
  afterAll(async () => {
    await t?.close();
  });

  const act = (as: string, code: string, action: string, body: unknown = {}) => t.call('POST', `/api/dossiers/${code}/actions/${action}`, { as, body });
  const verify = (pdf: Buffer) => t.call('POST', '/api/public/verify', { rawBody: pdf, headers: { 'content-type': 'application/pdf' } });

  /** A dossier at the leader's step (ready to complete). */
  async function atLeader() {
    const u = await t.upload('citizen', PDF);
    const d = (await t.call('POST', '/api/dossiers', { as: 'citizen', body: householdBusinessRequest(u) })).body;
    await act('reception', d.code, 'accept');
    await act('leader', d.code, 'hand_over', { toStep: 2 });
    return d as { code: string };
  }

  /** Completes a dossier; returns the signed result and its public document id. */
  async function issueResult(): Promise<{ signed: Buffer; id: string; code: string }> {
    const d = await atLeader();
    const draft = await t.upload('leader', await makePdf('GIẤY CHỨNG NHẬN ĐĂNG KÝ HỘ KINH DOANH — Cơm tấm Ba Ghiền'), 'giay-chung-nhan.pdf');
    const r = await act('leader', d.code, 'complete', { resultUploadId: draft });
    expect(r.status).toBe(200);
    const result = r.body.documents.find((x: { kind: string }) => x.kind === 'result');
    const file = await t.call('GET', result.url, { as: 'citizen' });
    expect(file.status).toBe(200);
    return { signed: file.raw, id: result.verifyUrl.split('/').pop(), code: d.code };
  }

  it('a re-encoded copy of an issued result is never valid: modified, with a reason', async () => {
    const { signed, id } = await issueResult();
    const original = await verify(signed);
    expect(original.body).toMatchObject({ status: 'valid', issuedHere: { id } });
    for (const [what, copy] of [
      ['re-cased hex', recased(signed)],
      ['changed padding zero', repadded(signed)],
      ['bytes appended', appended(signed)],
    ] as const) {
      const r = await verify(copy);
      expect(r.status, what).toBe(200);
      expect(r.body.status, what).toBe('invalid');
      expect(r.body.signature.integrity, what).toBe('modified');
      expect(r.body.signature.problems.length, what).toBeGreaterThan(0);
      expect(r.body.issuedHere?.id, what).toBe(id); // still recognised as the document we issued
    }
  });

  it('a revoked result verifies as revoked, whatever the encoding of its signature', async () => {
    const { signed, id } = await issueResult();
    const revoked = await t.call('POST', `/api/documents/${id}/revoke`, { as: 'leader', body: { reason: 'Cấp nhầm địa chỉ kinh doanh' } });
    expect(revoked.status).toBe(200);
    // (a) the original file
    expect((await verify(signed)).body).toMatchObject({ status: 'revoked', issuedHere: { id } });
    // (b) re-cased hex, (c) a changed padding zero, (d) bytes appended: the signed content is the revoked one.
    for (const [what, copy] of [
      ['re-cased hex', recased(signed)],
      ['changed padding zero', repadded(signed)],
      ['bytes appended', appended(signed)],
    ] as const) {
      const r = await verify(copy);
      expect(r.body.status, what).toBe('revoked');
      expect(r.body.status, what).not.toBe('valid');
      expect(r.body.issuedHere?.id, what).toBe(id);
      expect(r.body.signature.integrity, what).toBe('modified');
    }
  });

  it('a revoked result signed again by someone with a trusted certificate is still revoked', async () => {
    const { signed, id } = await issueResult();
    const now = new Date('2026-01-01T00:00:00Z');
    const ca = createCertificateAuthority({ commonName: 'Tổ chức chứng thực công cộng', organisation: 'CA công cộng' }, now);
    const citizen = issueSigningCertificate(ca, { commonName: 'NGUYỄN VĂN AN' }, now);
    expect((await t.call('POST', '/api/trusted-cas', { as: 'admin', body: { name: 'CA công cộng', certPem: ca.certPem } })).status).toBe(201);
    const countersigned = await signPdf(signed, { keyPem: citizen.keyPem, chainPem: [citizen.certPem, ca.certPem] }, { reason: 'Sao y', location: 'TP.HCM', signerName: 'An', signingTime: new Date('2026-11-23T03:00:00Z') });
    // Not revoked yet: the signature is valid, but the file is not the one we issued.
    const before = await verify(countersigned);
    expect(before.body.signature.valid).toBe(false);
    expect(before.body.status).toBe('invalid');
    expect(before.body.issuedHere?.id).toBe(id);
    await t.call('POST', `/api/documents/${id}/revoke`, { as: 'leader', body: { reason: 'Thu hồi' } });
    expect((await verify(countersigned)).body.status).toBe('revoked');
  });

  it('documents issued before the signed digest was stored are found once backfilled', async () => {
    const { signed, id } = await issueResult();
    await t.handle.db.updateTable('signed_documents').set({ signed_digest: null }).where('id', '=', id).execute();
    expect(await backfillSignedDigests(t.handle.db)).toBeGreaterThanOrEqual(1);
    await t.call('POST', `/api/documents/${id}/revoke`, { as: 'leader', body: { reason: 'Thu hồi để kiểm tra' } });
    expect((await verify(recased(signed))).body.status).toBe('revoked');
  });

  it('completing with a result that is not a well-formed PDF answers 422, not 500, and changes nothing', async () => {
    const d = await atLeader();
    const broken = pdfWithoutMediaBox();
    const u = await t.upload('leader', broken, 'ket-qua-hong.pdf');
    const before = await t.count('dossier_actions');
    const r = await act('leader', d.code, 'complete', { resultUploadId: u });
    expect(r.status).toBe(422);
    expect(r.body.code).toBe('result-must-be-pdf');
    expect(r.body.errors[0].path).toBe('resultUploadId');
    expect(r.body.detail).toBeTruthy();
    expect(await t.count('dossier_actions')).toBe(before);
    expect((await t.call('GET', `/api/dossiers/${d.code}`, { as: 'leader' })).body.status).toBe('processing');
  });

  it('a file that starts with %PDF- but has no PDF structure is refused at upload (422, bilingual)', async () => {
    const before = await t.count('uploads');
    for (const fake of ['%PDF-1.7\n<html><script>alert(1)</script></html>\n', '%PDF-1.4\n%%EOF\n', '%PDF-\x00\x01\x02 not a pdf']) {
      const r = await t.call('POST', '/api/uploads?filename=gia.pdf', { as: 'citizen', rawBody: Buffer.from(fake, 'latin1'), headers: { 'content-type': 'application/pdf' } });
      expect(r.status, fake).toBe(422);
      expect(r.body.code).toBe('not-a-pdf');
      expect(String(r.headers['content-type'])).toContain('application/problem+json');
    }
    const vi = await t.call('POST', '/api/uploads?filename=gia.pdf', { as: 'citizen', rawBody: Buffer.from('%PDF-1.7\nxin chào\n'), headers: { 'content-type': 'application/pdf', 'accept-language': 'vi' } });
    expect(vi.body.detail).toMatch(/PDF/);
    expect(await t.count('uploads')).toBe(before);
    // Real PDFs still pass: a generated one, and a signed one (incremental update).
    expect((await t.call('POST', '/api/uploads?filename=that.pdf', { as: 'citizen', rawBody: PDF, headers: { 'content-type': 'application/pdf' } })).status).toBe(201);
  });

  describe('trust anchors', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    // A self-made CA, and a certificate "of" a real ward issued by it.
    const rogueCa = createCertificateAuthority({ commonName: 'CA Phường Bến Thành', organisation: 'UBND Phường Bến Thành' }, now);
    const rogueId = issueSigningCertificate(rogueCa, { commonName: 'Ủy ban nhân dân Phường Bến Thành' }, now);
    const signedBy = async (id: { keyPem: string; certPem: string }, ca: { certPem: string }) =>
      signPdf(await makePdf('QUYẾT ĐỊNH — giả mạo'), { keyPem: id.keyPem, chainPem: [id.certPem, ca.certPem] }, { reason: 'Ký', location: 'TP.HCM', signerName: 'Phường', signingTime: new Date('2026-11-20T02:00:00Z') });

    it('a ward administrator can neither add nor disable a trusted CA (so a self-made "ward" certificate never verifies)', async () => {
      const created = await t.call('POST', '/api/users', {
        as: 'admin',
        body: { username: 'qt.saigon', fullName: 'Quản trị Phường Sài Gòn', role: 'admin', orgId: 'phuong-sai-gon', password: 'mat-khau-dai-du-10' },
      });
      expect(created.status).toBe(201);
      const login = await t.call('POST', '/api/auth/login', { body: { username: 'qt.saigon', password: 'mat-khau-dai-du-10' } });
      expect(login.status).toBe(200);
      const ward = { headers: { authorization: `Bearer ${login.body.token}` } };
      const add = await t.call('POST', '/api/trusted-cas', { ...ward, body: { name: 'CA Phường Bến Thành', certPem: rogueCa.certPem } });
      expect(add.status).toBe(403);
      expect((await t.call('GET', '/api/trusted-cas', ward)).body.items.map((c: { name: string }) => c.name)).not.toContain('CA Phường Bến Thành');
      const forged = await verify(await signedBy(rogueId, rogueCa));
      expect(forged.body.status).toBe('invalid');
      expect(forged.body.signature.chain).toBe('untrusted');
      expect((await t.call('POST', '/api/trusted-cas/demo-ca/disable', { ...ward, body: { reason: 'thử' } })).status).toBe(403);
      expect((await t.call('GET', '/api/trusted-cas', { as: 'admin' })).body.items.find((c: { id: string }) => c.id === 'demo-ca')).toMatchObject({ status: 'active' });
    });

    it('the city administrator disables a CA with a reason; what it signed is no longer trusted', async () => {
      const ca = createCertificateAuthority({ commonName: 'Tổ chức chứng thực sẽ bị vô hiệu', organisation: 'CA công cộng' }, now);
      const id = issueSigningCertificate(ca, { commonName: 'NGUYỄN VĂN AN' }, now);
      const added = await t.call('POST', '/api/trusted-cas', { as: 'admin', body: { name: 'CA sẽ vô hiệu', certPem: ca.certPem } });
      expect(added.status).toBe(201);
      const pdf = await signedBy(id, ca);
      expect((await verify(pdf)).body.status).toBe('valid');

      expect((await t.call('POST', `/api/trusted-cas/${added.body.id}/disable`, { as: 'admin', body: {} })).status).toBe(400);
      expect((await t.call('POST', '/api/trusted-cas/ca_khong-co/disable', { as: 'admin', body: { reason: 'Lộ khóa' } })).status).toBe(404);
      const disabled = await t.call('POST', `/api/trusted-cas/${added.body.id}/disable`, { as: 'admin', body: { reason: 'Khóa bí mật của CA bị lộ' } });
      expect(disabled.status).toBe(200);
      expect(disabled.body).toMatchObject({ id: added.body.id, status: 'disabled', disabledReason: 'Khóa bí mật của CA bị lộ' });
      expect((await t.call('POST', `/api/trusted-cas/${added.body.id}/disable`, { as: 'admin', body: { reason: 'lại' } })).status).toBe(409);

      const listed = (await t.call('GET', '/api/trusted-cas', { as: 'admin' })).body.items.find((c: { id: string }) => c.id === added.body.id);
      expect(listed).toMatchObject({ status: 'disabled', disabledReason: 'Khóa bí mật của CA bị lộ' });
      expect(listed.disabledAt).toBeTruthy();

      const after = await verify(pdf);
      expect(after.body.status).toBe('invalid');
      expect(after.body.signature.chain).toBe('untrusted');
      // Signed uploads that require a trusted signature are refused too.
      const up = await t.call('POST', '/api/uploads?filename=de-nghi.pdf&requireSignature=true', { as: 'citizen', rawBody: pdf, headers: { 'content-type': 'application/pdf' } });
      expect(up.status).toBe(422);
      expect(up.body.code).toBe('signature-invalid');
    });
  });
});
