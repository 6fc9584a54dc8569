/**
 * Issue 14: a citizen submits online only for themselves — the applicant's name and ID number come from
 * the account. Another person's ID number (or name) is refused with a field path and a vi/en message;
 * reception at the counter, for the person present, is unaffected.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, PDF, householdBusinessRequest, startTestApp, type TestApp } from './helpers.ts';

describe.each(BACKENDS)('a citizen submits online only for themselves (%s)', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(backend);
  });
  afterAll(async () => {
    await t?.close();
  });

  const submit = async (as: string, applicant: Record<string, unknown>, lang = 'vi') => {
    const body = householdBusinessRequest(await t.upload(as, PDF));
    return t.call('POST', '/api/dossiers', { as, body: { ...body, applicant: { ...body.applicant, ...applicant } }, headers: { 'accept-language': lang } });
  };

  it("refuses another person's ID number with the field's path, in Vietnamese and in English", async () => {
    const before = await t.count('dossiers');
    // citizen (Nguyễn Văn An, 079090001234) types a stranger's ID number.
    const vi = await submit('citizen', { idNumber: '079190004321' });
    expect(vi.status).toBe(403);
    expect(vi.body.code).toBe('not-own-applicant');
    const issue = vi.body.errors.find((e: { path: string }) => e.path === 'applicant.idNumber');
    expect(issue.message).toContain('Số định danh phải là số đã gắn với tài khoản của bạn');
    expect(vi.body.detail).toContain('chỉ nộp hồ sơ trực tuyến cho chính mình');
    const en = await submit('citizen', { idNumber: '079190004321' }, 'en');
    expect(en.status).toBe(403);
    expect(en.body.errors.find((e: { path: string }) => e.path === 'applicant.idNumber').message).toContain('must be the one bound to your account');
    expect(await t.count('dossiers')).toBe(before);
  });

  it("refuses another citizen's bound ID number and another person's name", async () => {
    // citizen2's own name, with citizen's bound ID number.
    const r = await submit('citizen2', { fullName: 'Trần Thị Bích Ngọc', idNumber: '079090001234' });
    expect(r.status).toBe(403);
    expect(r.body.errors.map((e: { path: string }) => e.path)).toEqual(['applicant.idNumber']);
    const name = await submit('citizen', { fullName: 'Lê Văn Đức' });
    expect(name.status).toBe(403);
    expect(name.body.errors.map((e: { path: string }) => e.path)).toEqual(['applicant.fullName']);
  });

  it('accepts the account holder, and takes the name and ID number from the account', async () => {
    // Same name in another case and spacing; ID number left out: the account's bound one is used.
    const r = await submit('citizen', { fullName: '  nguyễn  văn AN ', idNumber: undefined });
    expect(r.status).toBe(201);
    const seen = await t.call('GET', `/api/dossiers/${r.body.code}`, { as: 'reception' });
    expect(seen.body.applicant.fullName).toBe('Nguyễn Văn An');
    expect(seen.body.applicant.idNumber).toBe('079090001234');
  });

  it('a reception officer still receives a dossier at the counter for the person present', async () => {
    const r = await t.call('POST', '/api/dossiers', {
      as: 'reception',
      body: {
        ...householdBusinessRequest('unused'),
        channel: 'counter',
        applicant: { type: 'individual', fullName: 'Lê Văn Đức', idNumber: '079090005555', birthDate: '1990-04-02', address: '7 Hàm Nghi, Phường Sài Gòn', phone: '0987654321' },
        attachments: [{ componentCode: 'giay-de-nghi', paperKept: true }],
      },
    });
    expect(r.status).toBe(201);
  });
});
