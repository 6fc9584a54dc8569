/**
 * Issue 14, fault 1: the receipt's QR code opens the public lookup page of the web app (code and
 * lookup secret filled), not the raw JSON of the API. Checked by rendering the PDF with pdftoppm and
 * decoding the QR with jsQR, as a phone's camera would (../pdf-tools.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, PDF, householdBusinessRequest, startTestApp, type TestApp } from '../helpers.ts';
import { qrOf } from '../pdf-tools.ts';

describe.each(BACKENDS)("the receipt's QR code (%s)", (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(backend, { publicUrl: 'https://motcua.example.gov.vn' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('opens the web lookup page with the code and the lookup secret, and that page is HTML', async () => {
    t.clock.set('2026-11-23T08:00:00+07:00');
    const u = await t.upload('citizen', PDF);
    const d = (await t.call('POST', '/api/dossiers', { as: 'citizen', body: householdBusinessRequest(u) })).body;
    expect((await t.call('POST', `/api/dossiers/${d.code}/actions/accept`, { as: 'reception', body: {} })).status).toBe(200);
    const pdf = await t.call('GET', `/api/dossiers/${d.code}/documents/receipt`, { as: 'citizen' });
    expect(pdf.status).toBe(200);

    const qr = await qrOf(pdf.raw);
    expect(qr).not.toBeNull();
    const url = new URL(qr!);
    expect(url.origin).toBe('https://motcua.example.gov.vn');
    expect(url.pathname).toBe('/tra-cuu');
    expect(url.searchParams.get('ma')).toBe(d.code);
    // The secret rides in the fragment: a browser never sends it to a server or a proxy log.
    expect(new URLSearchParams(url.hash.slice(1)).get('ma-tra-cuu')).toBe(d.lookupSecret);

    const page = await t.call('GET', `${url.pathname}${url.search}`);
    expect(page.status).toBe(200);
    expect(String(page.headers['content-type'])).toContain('text/html');
  });
});
