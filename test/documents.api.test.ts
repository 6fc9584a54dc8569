/**
 * Official documents, checked with the real tools a citizen's or a court's expert would use:
 * pdftotext (poppler) for the text, pdfsig (poppler/NSS) for the signatures.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, PDF, householdBusinessRequest, makePdf, startTestApp, type TestApp } from './helpers.ts';
import { createCertificateAuthority, issueSigningCertificate, writePkcs12 } from '../src/modules/signing/pki.ts';
import { signPdf } from '../src/modules/signing/pdf-signature.ts';

const exec = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'motcua-docs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function pdftotext(pdf: Buffer): Promise<string> {
  const file = join(dir, `t-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, pdf);
  return (await exec('pdftotext', ['-layout', file, '-'])).stdout;
}
async function pdfsig(pdf: Buffer): Promise<string> {
  const file = join(dir, `s-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, pdf);
  try {
    return (await exec('pdfsig', [file])).stdout;
  } catch (e) {
    return (e as { stdout: string }).stdout; // pdfsig exits non-zero on an invalid signature
  }
}
/** Text as pdftotext gives it, with layout spacing folded. */
const flat = (s: string) => s.replace(/\s+/g, ' ');

describe.each(BACKENDS)('official documents (%s)', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(backend, { publicUrl: 'https://motcua.example.gov.vn' });
  });
  afterAll(async () => {
    await t?.close();
  });

  const act = (as: string, code: string, action: string, body: unknown = {}) => t.call('POST', `/api/dossiers/${code}/actions/${action}`, { as, body });
  const submit = async () => {
    const u = await t.upload('citizen', PDF);
    // The account holder's own name (online, a citizen submits only for themselves).
    const body = householdBusinessRequest(u);
    return (await t.call('POST', '/api/dossiers', { as: 'citizen', body })).body;
  };
  const download = async (url: string, as = 'citizen') => {
    const r = await t.call('GET', url, { as });
    expect(r.status, url).toBe(200);
    expect(String(r.headers['content-type'])).toBe('application/pdf');
    return r.raw;
  };

  /** Runs a dossier to a signed electronic result; returns the dossier after completion. */
  async function complete(d: { code: string }) {
    await act('reception', d.code, 'accept');
    await act('leader', d.code, 'hand_over', { toStep: 2 });
    const draft = await t.upload('leader', await makePdf('GIẤY CHỨNG NHẬN ĐĂNG KÝ HỘ KINH DOANH — Phở Bà Sáu'), 'giay-chung-nhan.pdf');
    const r = await act('leader', d.code, 'complete', { resultUploadId: draft });
    expect(r.status).toBe(200);
    return r.body;
  }

  it('renders the receipt with exact Vietnamese text, the appointment and the lookup QR, numbered by Circular 03/2025', async () => {
    t.clock.set('2026-11-23T08:00:00+07:00');
    const d = await submit();
    t.clock.set('2026-11-23T09:15:00+07:00');
    await act('reception', d.code, 'accept');
    const seen = (await t.call('GET', `/api/dossiers/${d.code}`, { as: 'citizen' })).body;
    expect(seen.documents.map((x: { kind: string }) => x.kind)).toEqual(['receipt', 'control-sheet']);
    const text = flat(await pdftotext(await download(seen.documents[0].url)));
    expect(text).toContain('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ');
    expect(text).toContain('Nguyễn Văn An');
    expect(text).toContain(`Mã hồ sơ: ${d.code}`);
    expect(text).toContain('Thời gian trả kết quả giải quyết hồ sơ: 09 giờ 15 phút, ngày 26 tháng 11 năm 2026');
    expect(text).toContain('Mẫu số 01 — Thông tư số 03/2025/TT-VPCP');
    expect(text).toContain(`Mã tra cứu: ${d.lookupSecret}`);
    expect(text).toContain('Lê Thị Thu'); // the receiving officer
    expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    // Another citizen may not download it: the same 404 as for a missing dossier.
    expect((await t.call('GET', seen.documents[0].url, { as: 'citizen2' })).status).toBe(404);
  });

  it('numbers forms by Circular 01/2018 for a dossier accepted before 1 July 2025', async () => {
    t.clock.set('2025-06-30T08:00:00+07:00');
    const d = await submit();
    await act('reception', d.code, 'accept');
    await act('reception', d.code, 'hand_over');
    await act('leader', d.code, 'stop', { reason: 'Người nộp đề nghị dừng' });
    const receipt = flat(await pdftotext(await download(`/api/dossiers/${d.code}/documents/receipt`)));
    expect(receipt).toContain('Mẫu số 01 — Thông tư số 01/2018/TT-VPCP');
    const sheet = flat(await pdftotext(await download(`/api/dossiers/${d.code}/documents/control-sheet`, 'reception')));
    expect(sheet).toContain('PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ');
    expect(sheet).toContain('Mẫu số 05 — Thông tư số 01/2018/TT-VPCP');
    expect(sheet).toContain('Lê Thị Thu');
    const stop = flat(await pdftotext(await download(`/api/dossiers/${d.code}/documents/stop-notice`)));
    expect(stop).toContain('Không có mẫu tương ứng trong Thông tư số 01/2018/TT-VPCP');
    expect(stop).toContain('Người nộp đề nghị dừng');
    t.clock.set('2026-11-23T08:00:00+07:00');
  });

  it('renders supplement request, rejection and apology from the log; refuses forms the dossier has not reached', async () => {
    const d = await submit();
    expect((await t.call('GET', `/api/dossiers/${d.code}/documents/receipt`, { as: 'citizen' })).status).toBe(409);
    expect((await t.call('GET', `/api/dossiers/${d.code}/documents/nonsense`, { as: 'citizen' })).status).toBe(404);
    await act('reception', d.code, 'request_supplement', { reason: 'Thiếu giấy tờ địa điểm', items: [{ name: 'Bản sao hợp đồng thuê nhà', reason: 'Chưa nộp' }] });
    const sup = flat(await pdftotext(await download(`/api/dossiers/${d.code}/documents/supplement-request`)));
    expect(sup).toContain('PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ');
    expect(sup).toContain('Bản sao hợp đồng thuê nhà');
    expect(sup).toContain('Mẫu số 02 — Thông tư số 03/2025/TT-VPCP');
    await act('reception', d.code, 'reject', { reason: 'Ngành nghề kinh doanh bị cấm' });
    const rej = flat(await pdftotext(await download(`/api/dossiers/${d.code}/documents/rejection`)));
    expect(rej).toContain('Ngành nghề kinh doanh bị cấm');
    expect(rej).toContain('Mẫu số 03');

    const e = await submit();
    await act('reception', e.code, 'accept');
    await act('reception', e.code, 'apologize', { reason: 'Chờ ý kiến cơ quan thuế', newAppointmentAt: '2026-12-10T09:00:00+07:00' });
    const ap = flat(await pdftotext(await download(`/api/dossiers/${e.code}/documents/apology`)));
    expect(ap).toContain('VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT'); // Form 04's name in Circular 03/2025
    expect(ap).toContain('09 giờ 00 phút, ngày 10 tháng 12 năm 2026');
    expect(ap).toContain('Chờ ý kiến cơ quan thuế');
  });

  it('signs the result: pdfsig says valid and whole; one changed byte is invalid for pdfsig and /verify; revocation shows', async () => {
    const d = await submit();
    const done = await complete(d);
    const result = done.documents.find((x: { kind: string }) => x.kind === 'result');
    expect(result.verifyUrl).toMatch(/^\/verify\/[a-z0-9]{10}$/);
    const signed = await download(result.url);

    const sig = await pdfsig(signed);
    expect(sig).toContain('Signature Validation: Signature is Valid.');
    expect(sig).toContain('Total document signed');
    expect(sig).toContain('Signer Certificate Common Name: Ủy ban nhân dân Phường Sài Gòn');
    expect(sig).toContain('Signature Type: ETSI.CAdES.detached');
    const text = flat(await pdftotext(signed));
    expect(text).toContain(`Mã hồ sơ: ${d.code}`);
    expect(text).toContain(`https://motcua.example.gov.vn${result.verifyUrl}`);

    const id = result.verifyUrl.split('/').pop();
    const pub = await t.call('GET', `/api/public/documents/${id}`);
    expect(pub.body).toMatchObject({ status: 'valid', issuer: 'Ủy ban nhân dân Phường Sài Gòn', dossierCode: d.code, kind: 'result' });
    expect(pub.body.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(pub.body)).not.toContain('Nguyễn Văn An');
    expect(JSON.stringify(pub.body)).not.toContain('079090001234');
    expect(String((await t.call('GET', result.verifyUrl)).headers['content-type'])).toContain('text/html');

    const uploaded = await t.call('POST', '/api/public/verify', { rawBody: signed, headers: { 'content-type': 'application/pdf' } });
    expect(uploaded.body.status).toBe('valid');
    expect(uploaded.body.issuedHere.id).toBe(id);

    const tampered = Buffer.from(signed);
    const at = 300; // inside the first signed byte range
    tampered[at] = tampered[at]! ^ 0x01;
    expect(await pdfsig(tampered)).toMatch(/Digest Mismatch|Signature is Invalid/);
    const bad = await t.call('POST', '/api/public/verify', { rawBody: tampered, headers: { 'content-type': 'application/pdf' } });
    expect(bad.body.status).toBe('invalid');
    expect(bad.body.signature.integrity).toBe('modified');

    expect((await t.call('POST', `/api/documents/${id}/revoke`, { as: 'btn.reception', body: { reason: 'x' } })).status).toBe(403);
    const revoked = await t.call('POST', `/api/documents/${id}/revoke`, { as: 'leader', body: { reason: 'Cấp nhầm thông tin địa chỉ' } });
    expect(revoked.status).toBe(200);
    expect(revoked.body.status).toBe('revoked');
    expect((await t.call('GET', `/api/public/documents/${id}`)).body).toMatchObject({ status: 'revoked', revokedReason: 'Cấp nhầm thông tin địa chỉ' });
    expect((await t.call('POST', '/api/public/verify', { rawBody: signed, headers: { 'content-type': 'application/pdf' } })).body.status).toBe('revoked');
    expect((await t.call('POST', `/api/documents/${id}/revoke`, { as: 'leader', body: { reason: 'lại' } })).status).toBe(409);
  });

  it('refuses a result that is not a PDF, and changes nothing', async () => {
    const d = await submit();
    await act('reception', d.code, 'accept');
    await act('leader', d.code, 'hand_over', { toStep: 2 });
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000a49444154789c6300010000050001', 'hex');
    const u = await t.upload('leader', png, 'anh.png');
    const r = await act('leader', d.code, 'complete', { resultUploadId: u });
    expect(r.status).toBe(422);
    expect(r.body.code).toBe('result-must-be-pdf');
    expect((await t.call('GET', `/api/dossiers/${d.code}`, { as: 'leader' })).body.status).toBe('processing');
  });

  it('signs with an imported PKCS#12 identity', async () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const ca = createCertificateAuthority({ commonName: 'CA thử nghiệm của Bộ', organisation: 'Kiểm thử' }, now);
    const id = issueSigningCertificate(ca, { commonName: 'UBND Phường Sài Gòn — chứng thư nhập', organisation: 'Kiểm thử' }, now);
    const p12 = writePkcs12(id.keyPem, [id.certPem, ca.certPem], 'mật-khẩu');
    const wrong = await t.call('PUT', '/api/organisations/phuong-sai-gon/signing-key', { as: 'admin', rawBody: p12, headers: { 'content-type': 'application/octet-stream', 'x-pkcs12-password': 'sai' } });
    expect(wrong.status).toBe(422);
    expect(wrong.body.code).toBe('invalid-pkcs12');
    const ok = await t.call('PUT', '/api/organisations/phuong-sai-gon/signing-key', { as: 'admin', rawBody: p12, headers: { 'content-type': 'application/octet-stream', 'x-pkcs12-password': 'mật-khẩu' } });
    expect(ok.status).toBe(200);
    expect(ok.body.chainLength).toBe(2);
    expect((await t.call('PUT', '/api/organisations/phuong-sai-gon/signing-key', { as: 'leader', rawBody: p12, headers: { 'content-type': 'application/octet-stream' } })).status).toBe(403);
    const d = await submit();
    const done = await complete(d);
    const signed = await download(done.documents.find((x: { kind: string }) => x.kind === 'result').url);
    const sig = await pdfsig(signed);
    expect(sig).toContain('Signer Certificate Common Name: UBND Phường Sài Gòn — chứng thư nhập');
    expect(sig).toContain('Signature is Valid.');
    // Signed by a CA nobody told us to trust: intact, but not "valid" for the public.
    const pub = await t.call('GET', `${done.documents.find((x: { kind: string }) => x.kind === 'result').verifyUrl.replace('/verify/', '/api/public/documents/')}`);
    expect(pub.body.status).toBe('invalid');
    expect(pub.body.signature.integrity).toBe('intact');
    expect(pub.body.signature.chain).toBe('untrusted');
  });

  it('verifies signed uploads: a trusted signature passes, an untrusted CA is refused', async () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const trustedCa = createCertificateAuthority({ commonName: 'Tổ chức chứng thực thử nghiệm', organisation: 'CA công cộng' }, now);
    const rogueCa = createCertificateAuthority({ commonName: 'CA giả mạo', organisation: 'Không rõ' }, now);
    const citizenId = issueSigningCertificate(trustedCa, { commonName: 'NGUYỄN VĂN AN' }, now);
    const rogueId = issueSigningCertificate(rogueCa, { commonName: 'NGUYỄN VĂN AN' }, now);
    expect((await t.call('POST', '/api/trusted-cas', { as: 'manager', body: { name: 'x', certPem: trustedCa.certPem } })).status).toBe(403);
    expect((await t.call('POST', '/api/trusted-cas', { as: 'admin', body: { name: 'CA thử nghiệm', certPem: trustedCa.certPem } })).status).toBe(201);
    const form = await makePdf('GIẤY ĐỀ NGHỊ ĐĂNG KÝ DOANH NGHIỆP');
    const at = new Date('2026-11-20T02:00:00Z');
    const good = await signPdf(form, { keyPem: citizenId.keyPem, chainPem: [citizenId.certPem, trustedCa.certPem] }, { reason: 'Đề nghị', location: 'TP.HCM', signerName: 'Nguyễn Văn An', signingTime: at });
    const rogue = await signPdf(form, { keyPem: rogueId.keyPem, chainPem: [rogueId.certPem, rogueCa.certPem] }, { reason: 'Đề nghị', location: 'TP.HCM', signerName: 'Nguyễn Văn An', signingTime: at });

    const up = (bytes: Buffer) => t.call('POST', '/api/uploads?filename=de-nghi.pdf&requireSignature=true', { as: 'citizen', rawBody: bytes, headers: { 'content-type': 'application/pdf' } });
    const ok = await up(good);
    expect(ok.status).toBe(201);
    expect(ok.body.signature).toMatchObject({ valid: true, chain: 'trusted', validAtSigningTime: true, signer: 'NGUYỄN VĂN AN' });
    const refused = await up(rogue);
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('signature-invalid');
    expect((await up(form)).status).toBe(422);

    // At submission, a component that needs the applicant's signature takes only a verified one.
    const submitEnterprise = (uploadId: string) =>
      t.call('POST', '/api/dossiers', {
        as: 'citizen',
        body: {
          procedureCode: '2.001610.H29',
          applicant: { fullName: 'Nguyễn Văn An', idNumber: '079090001234', address: '12 Lê Lợi, Phường Sài Gòn', phone: '0901234567' },
          form: { enterpriseName: 'Doanh nghiệp tư nhân An Phát', headOffice: '12 Lê Lợi', capitalVnd: 500_000_000, businessLines: 'Bán lẻ' },
          attachments: [{ componentCode: 'giay-de-nghi', uploadId }],
        },
      });
    const unsignedUpload = await t.upload('citizen', form);
    const rogueUpload = await t.upload('citizen', rogue);
    for (const u of [unsignedUpload, rogueUpload]) {
      const r = await submitEnterprise(u);
      expect(r.status).toBe(422);
      expect(r.body.errors[0].path).toBe('attachments.0.uploadId');
    }
    const accepted = await submitEnterprise(ok.body.id);
    expect(accepted.status).toBe(201);
    const officerView = await t.call('GET', `/api/dossiers/${accepted.body.code}`, { as: 'stp.reception' });
    expect(officerView.status).toBe(404); // Sở Tư pháp does not handle enterprise registration: as if missing
  });

  it("prints the desk's register for a period", async () => {
    const from = '2026-11-23';
    const r = await t.call('GET', `/api/organisations/phuong-sai-gon/register?from=${from}&to=2026-11-30`, { as: 'reception' });
    expect(r.status).toBe(200);
    const text = flat(await pdftotext(r.raw));
    expect(text).toContain('SỔ THEO DÕI HỒ SƠ');
    expect(text).toContain('Mẫu số 07 — Thông tư số 03/2025/TT-VPCP');
    expect(text.replace(/\s/g, '')).toMatch(/000\.20\.01\.H29-2611\d\d-\d{4}/);
    expect((await t.call('GET', `/api/organisations/phuong-sai-gon/register?from=${from}&to=2026-11-30`, { as: 'btn.reception' })).status).toBe(403);
    expect((await t.call('GET', `/api/organisations/phuong-sai-gon/register?from=2026-11-30&to=2026-11-01`, { as: 'reception' })).status).toBe(422);
  });
});
