/**
 * The demo year fills the citizen's data store (src/demo/demo-citizen-store.ts): the demo citizens have
 * documents (a signed result among them), one of their dossiers reused a stored document, and the demo
 * city's 766 criteria 4.2, 4.4 and 4.5 are measured from those data; a second run doubles nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, startTestApp, type TestApp } from './helpers.ts';
import { demoYearPlan, seedDemoHistory } from '../src/demo/history-seed.ts';
import { seedDemoCitizenStore } from '../src/demo/demo-citizen-store.ts';
import { index766 } from '../src/modules/measurement/index766.ts';

describe.each(BACKENDS)('the demo citizens\' data stores (%s)', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(backend, {}, '2026-11-23T10:00:00+07:00');
    const done = await seedDemoHistory(t.ctx, demoYearPlan(t.ctx, 200), { batch: 100 });
    expect(done.errors).toEqual([]);
  }, 300_000);
  afterAll(() => t?.close());

  it('gives the demo citizens documents, a signed result among them, and a dossier that reused one', async () => {
    for (const who of ['citizen', 'citizen2']) {
      const r = await t.call('GET', '/api/citizen-store/documents', { as: who });
      expect(r.status).toBe(200);
      const kinds = r.body.documents.map((d: { kind: string }) => d.kind);
      expect(kinds).toContain('result');
      expect(kinds).toContain('component');
      expect(r.body.documents.find((d: { kind: string }) => d.kind === 'result')).toMatchObject({ signed: true, valid: true, verifyId: expect.any(String) });
    }
    const reuses = await t.handle.db.selectFrom('citizen_document_reuses').innerJoin('dossiers', 'dossiers.id', 'citizen_document_reuses.dossier_id').select(['dossiers.code', 'citizen_document_reuses.document_id']).execute();
    expect(reuses).toHaveLength(2);
    const seen = await t.call('GET', `/api/dossiers/${reuses[0]!.code}`, { as: 'reception' });
    expect(seen.body.attachments.some((a: { storeDocumentId: string | null }) => a.storeDocumentId === reuses[0]!.document_id)).toBe(true);
  });

  it('measures 4.2, 4.4 and 4.5 for the demo city over the year', async () => {
    const report = await index766(t.ctx, 'h29', '2026');
    const c = Object.fromEntries(report.criteria.map((x) => [x.code, x]));
    for (const code of ['4.2', '4.4', '4.5']) expect(c[code], code).toMatchObject({ status: 'measured' });
    // Online dossiers all have files, counter ones mostly: well over half digitised; a few reuse and links.
    expect(c['4.2']!.numerator! / c['4.2']!.denominator!).toBeGreaterThan(0.6);
    expect(c['4.4']!.numerator).toBeGreaterThanOrEqual(1);
    expect(c['4.5']!.numerator).toBeGreaterThanOrEqual(3);
  });

  it('doubles nothing when run again', async () => {
    const count = async (table: 'dossier_attachments' | 'citizen_documents') => Number((await t.handle.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const before = [await count('dossier_attachments'), await count('citizen_documents')];
    expect(await seedDemoCitizenStore(t.ctx, 14)).toEqual({ attached: 0, stored: 0 });
    expect([await count('dossier_attachments'), await count('citizen_documents')]).toEqual(before);
  });
});
