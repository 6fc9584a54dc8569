/**
 * Issue 14, fault 5: the printed forms, word for word, A5, rendered as issued. Each assertion reads the
 * PDF as a reader would (pdftotext for the words, pdfinfo for the page size) and failed before the fix.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, PDF, householdBusinessRequest, startTestApp, type TestApp } from '../helpers.ts';

const exec = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'motcua-forms-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (pdf: Buffer) => {
  const f = join(dir, `f-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(f, pdf);
  return f;
};
/** The words, layout spacing folded. */
const words = async (pdf: Buffer) => (await exec('pdftotext', ['-layout', file(pdf), '-'])).stdout.replace(/\s+/g, ' ');
/** The words in reading order of the content (a table cell's lines stay together). */
const rawWords = async (pdf: Buffer) => (await exec('pdftotext', ['-raw', file(pdf), '-'])).stdout.replace(/\s+/g, ' ');
const pageSize = async (pdf: Buffer) => /Page size:\s+([\d.]+ x [\d.]+) pts/.exec((await exec('pdfinfo', [file(pdf)])).stdout)?.[1];
const A5 = '419.53 x 595.28';
const A4_LANDSCAPE = '841.89 x 595.28';

describe.each(BACKENDS)('printed forms (%s)', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(backend);
  });
  afterAll(async () => {
    await t?.close();
  });

  const act = async (as: string, code: string, action: string, body: unknown = {}) => {
    const r = await t.call('POST', `/api/dossiers/${code}/actions/${action}`, { as, body });
    expect(r.status, `${action}: ${JSON.stringify(r.body)}`).toBe(200);
    return r.body;
  };
  const submit = async () => {
    const u = await t.upload('citizen', PDF);
    return (await t.call('POST', '/api/dossiers', { as: 'citizen', body: householdBusinessRequest(u) })).body as { code: string };
  };
  const pdf = async (code: string, kind: string, as = 'reception') => {
    const r = await t.call('GET', `/api/dossiers/${code}/documents/${kind}`, { as });
    expect(r.status, kind).toBe(200);
    return r.raw as Buffer;
  };

  it('Form 04: one "Ngày", one full stop after the reason, signed by the office with its addressees; A5', async () => {
    t.clock.set('2026-11-23T08:00:00+07:00');
    const d = await submit();
    await act('reception', d.code, 'accept');
    await act('reception', d.code, 'apologize', { reason: 'Chờ ý kiến cơ quan thuế.', newAppointmentAt: '2026-12-10T09:00:00+07:00' });
    const raw = await pdf(d.code, 'apology');
    const text = await words(raw);
    expect(text).not.toMatch(/Ngày ngày/i);
    expect(text).toContain('Ngày 23 tháng 11 năm 2026, Ủy ban nhân dân Phường Sài Gòn tiếp nhận giải quyết hồ sơ của ông/bà.');
    expect(text).toContain('Lý do: Chờ ý kiến cơ quan thuế. ');
    expect(text).not.toContain('..');
    expect(text).toContain('Nơi nhận: ĐẠI DIỆN CƠ QUAN, ĐƠN VỊ');
    expect(text).toContain(`- Lưu: hồ sơ ${d.code}.`);
    expect(text).not.toContain('NGƯỜI KÝ');
    // Circular 03/2025 names Form 04 differently from Circular 01/2018 (docs/forms.md).
    expect(text).toContain('VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT');
    expect(await pageSize(raw)).toBe(A5);
  });

  it('Form 02 writes its date in words, titles both signature columns, and states the waiting time of its rule version', async () => {
    t.clock.set('2026-11-24T08:00:00+07:00');
    const d = await submit();
    await act('reception', d.code, 'request_supplement', { reason: 'Thiếu giấy tờ địa điểm.', items: [{ name: 'Bản sao hợp đồng thuê nhà', reason: 'Chưa nộp' }] });
    const raw = await pdf(d.code, 'supplement-request');
    const text = await words(raw);
    expect(text).toContain(`Ngày 24 tháng 11 năm 2026, Ủy ban nhân dân Phường Sài Gòn tiếp nhận hồ sơ mã ${d.code} của ông/bà.`);
    expect(text).not.toMatch(/Ngày \d\d\/\d\d\/\d{4}/);
    expect(text).toContain('Lý do: Thiếu giấy tờ địa điểm. ');
    expect(text).toContain('NGƯỜI NỘP HỒ SƠ NGƯỜI HƯỚNG DẪN');
    expect(text).toContain('Thời hạn giải quyết hồ sơ được tính lại từ đầu kể từ khi nhận đủ hồ sơ đã bổ sung, hoàn thiện.');
    expect(text).not.toContain('không tính vào thời hạn');
    expect(await pageSize(raw)).toBe(A5);

    await act('reception', d.code, 'reject', { reason: 'Ngành nghề kinh doanh bị cấm' });
    const rej = await pdf(d.code, 'rejection');
    expect(await words(rej)).toContain('NGƯỜI NỘP HỒ SƠ NGƯỜI TIẾP NHẬN HỒ SƠ');
    expect(await words(rej)).toContain('Ngành nghề kinh doanh bị cấm. ');
    expect(await pageSize(rej)).toBe(A5);
  });

  it('Form 02 under Decree 61/2018 says the waiting time is not counted; the stop notice (2025) is signed by the office', async () => {
    t.clock.set('2025-06-30T08:00:00+07:00');
    const old = await submit();
    await act('reception', old.code, 'request_supplement', { reason: 'Thiếu', items: [{ name: 'Bản sao hợp đồng thuê nhà', reason: 'Chưa nộp' }] });
    const text = await words(await pdf(old.code, 'supplement-request'));
    expect(text).toContain('Mẫu số 02 — Thông tư số 01/2018/TT-VPCP');
    expect(text).toContain('Thời gian chờ bổ sung, hoàn thiện hồ sơ không tính vào thời hạn giải quyết hồ sơ.');

    t.clock.set('2026-11-25T08:00:00+07:00');
    const d = await submit();
    await act('reception', d.code, 'accept');
    await act('reception', d.code, 'hand_over');
    await act('leader', d.code, 'stop', { reason: 'Người nộp đề nghị dừng.' });
    const raw = await pdf(d.code, 'stop-notice');
    const stop = await words(raw);
    expect(stop).toContain('Mẫu số 05 — Thông tư số 03/2025/TT-VPCP');
    expect(stop).toContain('Lý do dừng giải quyết: Người nộp đề nghị dừng. ');
    expect(stop).toContain('Nơi nhận: ĐẠI DIỆN CƠ QUAN, ĐƠN VỊ');
    expect(stop).not.toContain('NGƯỜI KÝ');
    expect(await pageSize(raw)).toBe(A5);
  });

  it('the receipt has its number line and marks paper kept; after an apology it still shows the appointment it was issued with', async () => {
    t.clock.set('2026-11-26T09:15:00+07:00');
    const scan = await t.upload('reception', PDF, 'giay-de-nghi.pdf');
    const received = await t.call('POST', '/api/dossiers', {
      as: 'reception',
      body: {
        procedureCode: '2.000720.H29',
        channel: 'counter',
        applicant: { type: 'individual', fullName: 'Phạm Thị Hồng Nhung', idNumber: '079190007788', birthDate: '1990-05-12', address: '48 Pasteur, Phường Sài Gòn', phone: '0987654321' },
        form: { businessName: 'Tạp hóa Nhung', businessAddress: '48 Pasteur', businessLines: 'Bán lẻ', capitalVnd: 30_000_000 },
        attachments: [{ componentCode: 'giay-de-nghi', uploadId: scan }, { componentCode: 'giay-to-tuy-than', paperKept: true }],
      },
    });
    expect(received.status, JSON.stringify(received.body)).toBe(201);
    const code = received.body.code as string;
    const accepted = await act('reception', code, 'accept');
    const before = await words(await pdf(code, 'receipt'));
    expect(before).toContain(`Số: ${code}/TN`);
    expect(await rawWords(await pdf(code, 'receipt'))).toMatch(/Bản sao giấy tờ pháp lý của cá nhân .* 0 1 Bản giấy, lưu tại Bộ phận Một cửa/);
    expect(before).toContain('Tệp điện tử (1)');
    const issued = /Thời gian trả kết quả giải quyết hồ sơ: (\d\d giờ \d\d phút, ngày \d\d tháng \d\d năm \d{4})/.exec(before)![1]!;
    expect(issued).toBe('09 giờ 15 phút, ngày 01 tháng 12 năm 2026');
    expect(accepted.appointmentAt).toBeTruthy();

    await act('reception', code, 'apologize', { reason: 'Chờ ý kiến cơ quan thuế', newAppointmentAt: '2026-12-10T09:00:00+07:00' });
    const after = await words(await pdf(code, 'receipt'));
    expect(after).toContain(`Thời gian trả kết quả giải quyết hồ sơ: ${issued}`);
    expect(after).not.toContain('10 tháng 12 năm 2026');
    const apology = await words(await pdf(code, 'apology'));
    expect(apology).toContain(`Thời gian hẹn trả kết quả: ${issued}.`);
    expect(apology).toContain('09 giờ 00 phút, ngày 10 tháng 12 năm 2026');
    expect(await pageSize(await pdf(code, 'receipt'))).toBe(A5);
  });

  it('Form 02 after the supplement is done still shows its list; the receipt issued after it counts the files it was issued with', async () => {
    t.clock.set('2026-11-27T08:00:00+07:00');
    const d = await submit();
    await act('reception', d.code, 'request_supplement', { reason: 'Thiếu hợp đồng thuê', items: [{ name: 'Bản sao hợp đồng thuê nhà', reason: 'Chưa nộp' }] });
    const u = await t.upload('citizen', PDF, 'hop-dong.pdf');
    await act('citizen', d.code, 'supplement', { attachments: [{ componentCode: 'hop-dong-thue', uploadId: u }] });
    await act('reception', d.code, 'accept');
    const sup = await words(await pdf(d.code, 'supplement-request'));
    expect(sup).toContain('Bản sao hợp đồng thuê nhà');
    expect(sup).toContain('Thiếu hợp đồng thuê');
    const receipt = await words(await pdf(d.code, 'receipt'));
    expect(receipt).toMatch(/Bản sao hợp đồng thuê hoặc giấy tờ.*Tệp điện tử \(1\)/);
  });

  it('the control sheet names channels in Vietnamese and fills sender, receiver and result for an imported history', async () => {
    t.clock.set('2026-11-23T08:00:00+07:00');
    const line = {
      code: '000.20.01.H29-250908-0901',
      procedureCode: '2.000720.H29',
      receivingOrgId: 'phuong-sai-gon',
      channel: 'counter',
      applicant: { fullName: 'Phạm Thị Hoa', idNumber: '079185012345', address: '5 Nguyễn Huệ, Phường Sài Gòn', phone: '0909000111' },
      form: { businessName: 'Tạp hóa Hoa', businessAddress: '5 Nguyễn Huệ', businessLines: 'Bán lẻ', capitalVnd: 30000000 },
      actions: [
        { action: 'submit', at: '2025-09-08T08:00:00+07:00' },
        { action: 'accept', at: '2025-09-08T08:30:00+07:00', actorName: 'Nguyễn Văn Bình' },
        { action: 'hand_over', at: '2025-09-08T09:00:00+07:00', actorName: 'Trần Thị Giao' },
        { action: 'hand_over', at: '2025-09-09T09:00:00+07:00', actorName: 'Lê Văn Chuyển' },
        { action: 'complete', at: '2025-09-09T15:00:00+07:00', actorName: 'Võ Minh Ký' },
        { action: 'return_result', at: '2025-09-10T08:00:00+07:00', channel: 'counter', actorName: 'Nguyễn Văn Bình' },
      ],
    };
    const r = await t.call('POST', '/api/admin/import/dossiers', { as: 'admin', rawBody: JSON.stringify(line), headers: { 'content-type': 'application/x-ndjson' } });
    expect(r.body).toMatchObject({ imported: 1, errors: [] });
    const raw = await pdf(line.code, 'control-sheet');
    const text = await rawWords(raw);
    expect(text).toContain('Trả kết quả cho người nộp (Trực tiếp)');
    expect(text).not.toContain('counter');
    expect(text).not.toMatch(/Giao: *→/);
    expect(text).toMatch(/Giao: Ủy ban nhân dân Phường Sài Gòn → Nhận: \S/);
    for (const name of ['Nguyễn Văn Bình', 'Trần Thị Giao', 'Lê Văn Chuyển', 'Võ Minh Ký']) expect(text).toContain(name);
    expect(text).toMatch(/Trước hạn|Đúng hạn/);
    expect(await pageSize(raw)).toBe(A5);
  });

  it('the register (A4 landscape) shows a stopped dossier without a result date or a timeliness', async () => {
    t.clock.set('2026-12-15T08:00:00+07:00');
    const d = await submit();
    await act('reception', d.code, 'accept');
    await act('reception', d.code, 'hand_over');
    t.clock.set('2026-12-15T10:00:00+07:00');
    await act('leader', d.code, 'stop', { reason: 'Người nộp đề nghị dừng' });
    const r = await t.call('GET', '/api/organisations/phuong-sai-gon/register?from=2026-12-15&to=2026-12-15', { as: 'reception' });
    expect(r.status).toBe(200);
    const text = await rawWords(r.raw);
    expect(text).toContain('1 hồ sơ');
    expect(text).toMatch(/Dừng giải quyết \(15\/12\/2026\)/);
    expect(text).not.toMatch(/Trước hạn|Đúng hạn|Quá hạn/);
    // Received and appointment only: no "Có kết quả" time for a dossier that has no result.
    expect(text.match(/\d\d:\d\d/g)).toHaveLength(2);
    expect(await pageSize(r.raw)).toBe(A4_LANDSCAPE);
  });
});
