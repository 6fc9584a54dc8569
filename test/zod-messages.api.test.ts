/**
 * A request that fails its schema answers in natural Vietnamese (or English when asked): a missing field
 * says "Thiếu trường bắt buộc", not zod's "Đầu vào không hợp lệ: mong đợi string, nhận được undefined";
 * wrong types, lengths and values outside a list read as a person would write them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, startTestApp, type TestApp } from './helpers.ts';

describe.each(BACKENDS)('schema failures in plain words (%s)', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(backend);
  });
  afterAll(async () => {
    await t?.close();
  });

  const messages = async (url: string, body: unknown, lang: 'vi' | 'en', as?: string) => {
    const res = await t.call('POST', url, { ...(as ? { as } : {}), body, headers: { 'accept-language': lang } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation-failed');
    return Object.fromEntries((res.body.errors as Array<{ path: string; message: string }>).map((e) => [e.path, e.message]));
  };

  it('missing fields, wrong types, bad list values and unknown fields', async () => {
    const body = { procedureCode: 42, channel: 'fax', applicant: { fullName: 'Nguyễn Văn An' }, surprise: true };
    const vi = await messages('/api/dossiers', body, 'vi', 'citizen');
    expect(vi['applicant.address']).toBe('Thiếu trường bắt buộc');
    expect(vi['applicant.phone']).toBe('Thiếu trường bắt buộc');
    expect(vi['procedureCode']).toBe('Phải là một chuỗi ký tự, không phải số');
    expect(vi['channel']).toBe('Giá trị không nằm trong danh sách cho phép: “online”, “counter”, “post”');
    expect(vi['surprise']).toBe('Trường không được phép');
    const en = await messages('/api/dossiers', body, 'en', 'citizen');
    expect(en['applicant.address']).toBe('Required field is missing');
    expect(en['procedureCode']).toBe('Must be text, not a number');
    expect(en['channel']).toBe('Must be one of: “online”, “counter”, “post”');
    expect(en['surprise']).toBe('Field not allowed');
    // No zod translationese anywhere.
    expect(Object.values(vi).join(' ')).not.toMatch(/mong đợi|nhận được|Đầu vào/);
  });

  it('too short and too long texts, numbers out of range', async () => {
    const vi = await messages('/api/auth/register', { username: 'ab', password: 'x'.repeat(300), fullName: 'Nguyễn Văn An' }, 'vi');
    expect(vi['username']).toBe('Cần ít nhất 3 ký tự');
    expect(vi['password']).toBe('Tối đa 256 ký tự');
    const en = await messages('/api/auth/register', { username: 'ab', password: 'x'.repeat(300), fullName: 'Nguyễn Văn An' }, 'en');
    expect(en['username']).toBe('Must be at least 3 characters');
    expect(en['password']).toBe('At most 256 characters');
    const range = await messages('/api/dossiers', { procedureCode: '', applicant: {}, form: {}, attachments: [] }, 'vi', 'citizen');
    expect(range['procedureCode']).toBe('Không được để trống');
  });
});
