import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, startTestApp, type TestApp } from './helpers.ts';

// Issue 14, fault 11: catalogue search tolerates missing diacritics, initials and one typo, and lists in
// Vietnamese alphabetical order.
describe.each(BACKENDS)('catalogue search tolerance and Vietnamese order (%s)', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(backend);
  });
  afterAll(async () => {
    await t?.close();
  });

  const search = async (q: string) => {
    const r = await t.call('GET', `/api/procedures?q=${encodeURIComponent(q)}&limit=200`);
    expect(r.status).toBe(200);
    return r.body as { total: number; items: { name: string }[] };
  };

  it('finds "Đăng ký kết hôn" without diacritics and by its initials', async () => {
    expect((await search('dang ky ket hon')).items[0]?.name).toBe('Đăng ký kết hôn');
    expect((await search('đkkh')).items[0]?.name).toBe('Đăng ký kết hôn');
    expect((await search('DKKH')).items[0]?.name).toBe('Đăng ký kết hôn');
  });

  it('finds "Đăng ký khai sinh" with one typo, exact matches still first', async () => {
    expect((await search('khai sihn')).items[0]?.name).toBe('Đăng ký khai sinh');
    expect((await search('khia sinh')).items[0]?.name).toBe('Đăng ký khai sinh');
    const exact = await search('khai sinh');
    expect(exact.items[0]?.name).toBe('Đăng ký khai sinh');
    expect((await search('xyzxyz')).total).toBe(0);
  });

  it('pages and counts the tolerant matches', async () => {
    const all = await search('dang ky');
    const page = (await t.call('GET', '/api/procedures?q=dang%20ky&limit=2&offset=1')).body as { total: number; items: { name: string }[] };
    expect(page.total).toBe(all.total);
    expect(page.items.map((p) => p.name)).toEqual(all.items.slice(1, 3).map((p) => p.name));
  });

  it('lists the catalogue in Vietnamese alphabetical order (Đ after D, before E)', async () => {
    const names = ((await t.call('GET', '/api/procedures?limit=200')).body as { items: { name: string }[] }).items.map((p) => p.name);
    const collator = new Intl.Collator('vi', { numeric: true });
    expect(names).toEqual([...names].sort(collator.compare));
    const firstDj = names.findIndex((n) => n.startsWith('Đ'));
    const firstX = names.findIndex((n) => n.startsWith('X'));
    expect(firstDj).toBeGreaterThanOrEqual(0);
    expect(firstDj).toBeLessThan(firstX);
  });
});
