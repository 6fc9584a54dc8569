/**
 * Issue 14, fault 1: the receipt's QR code opens the public lookup page of the web app (code and
 * lookup secret filled), not the raw JSON of the API. Checked by rendering the PDF with pdftoppm and
 * decoding the QR with jsQR, as a phone's camera would.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import jsQRModule from 'jsqr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, PDF, householdBusinessRequest, startTestApp, type TestApp } from '../helpers.ts';

const exec = promisify(execFile);
// jsqr's typings declare a module namespace; its default export is the decoder (as web/src/portal/cccd-scan.tsx uses it).
const jsQR = jsQRModule as unknown as (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;
const dir = mkdtempSync(join(tmpdir(), 'motcua-qr-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The text of the QR code on the first page of a PDF (rendered at 200 dpi, read from a binary PPM). */
async function qrOf(pdf: Buffer): Promise<string | null> {
  const file = join(dir, `r-${Math.random().toString(36).slice(2)}`);
  writeFileSync(`${file}.pdf`, pdf);
  await exec('pdftoppm', ['-r', '200', '-f', '1', '-l', '1', '-singlefile', `${file}.pdf`, file]);
  const ppm = readFileSync(`${file}.ppm`);
  // Header: "P6\n<width> <height>\n<max>\n" then RGB bytes.
  const header = /^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(ppm.toString('latin1', 0, 64))!;
  const [width, height] = [Number(header[1]), Number(header[2])];
  const rgb = ppm.subarray(header[0].length);
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    rgba[i * 4] = rgb[i * 3]!;
    rgba[i * 4 + 1] = rgb[i * 3 + 1]!;
    rgba[i * 4 + 2] = rgb[i * 3 + 2]!;
    rgba[i * 4 + 3] = 255;
  }
  return jsQR(rgba, width, height)?.data ?? null;
}

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
