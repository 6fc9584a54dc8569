/**
 * The desk finds a dossier the way people ask for it at the counter: by code, by the applicant's name
 * typed with or without accents, by ID number or by phone — only within the officer's scope.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, PDF, householdBusinessRequest, startTestApp, type TestApp } from './helpers.ts';

describe.each(BACKENDS)('desk search (%s)', (backend) => {
  let t: TestApp;
  let tran: string;
  let le: string;
  let doNfd: string;
  const codes = async (q: string, as = 'reception') => {
    const r = await t.call('GET', `/api/dossiers?q=${encodeURIComponent(q)}&limit=200`, { as });
    expect(r.status).toBe(200);
    return (r.body.items as Array<{ code: string }>).map((i) => i.code).sort();
  };
  // Received at the counter for each person present: a citizen submits online only for themselves.
  const submitAs = async (applicant: Record<string, unknown>) => {
    const body = householdBusinessRequest(await t.upload('reception', PDF));
    const r = await t.call('POST', '/api/dossiers', { as: 'reception', body: { ...body, channel: 'counter', applicant: { ...body.applicant, birthDate: '1990-01-01', ...applicant } } });
    expect(r.status).toBe(201);
    return r.body.code as string;
  };

  beforeAll(async () => {
    t = await startTestApp(backend);
    tran = await submitAs({ fullName: 'TRẦN Thị Ánh Đào', idNumber: '079190004321', phone: '0912345678' });
    le = await submitAs({ fullName: 'Lê Văn Đức', idNumber: '079090005555', phone: '+84987654321' });
    doNfd = await submitAs({ fullName: 'Đỗ Thị Hà'.normalize('NFD'), idNumber: '079190007777', phone: '0933333333' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('finds by the applicant’s name, with or without accents, in any case, word by word', async () => {
    expect(await codes('Trần Thị Ánh Đào')).toEqual([tran]);
    expect(await codes('tran thi anh dao')).toEqual([tran]);
    expect(await codes('DAO tran')).toEqual([tran]);
    expect(await codes('van duc')).toEqual([le]);
    expect(await codes('tran duc')).toEqual([]);
    expect(await codes('Đỗ thị hà')).toEqual([doNfd]); // a name sent decomposed (NFD) is found all the same
    expect(await codes('do ha')).toEqual([doNfd]);
    expect(await codes('t.h (a) [z]*')).toEqual([]); // regular-expression characters are plain text
  });

  it('finds by ID number and by phone (either way of writing a Vietnamese number)', async () => {
    expect(await codes('079190004321')).toEqual([tran]);
    expect(await codes('0912 345 678')).toEqual([tran]);
    expect(await codes('+84912345678')).toEqual([tran]);
    expect(await codes('0987654321')).toEqual([le]);
    expect(await codes('5555')).toEqual([le]);
  });

  it('still finds by code, and never outside the officer’s scope', async () => {
    expect(await codes(tran)).toEqual([tran]);
    expect(await codes('tran thi anh dao', 'btn.reception')).toEqual([]);
    expect(await codes('079190004321', 'btn.reception')).toEqual([]);
    expect(await codes('%')).toEqual([]);
  });
});
