/**
 * Reading a PDF as a person would: its text (pdftotext, poppler) and the QR code on a page, rendered with
 * pdftoppm and decoded with jsQR as a phone's camera would.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import jsQRModule from 'jsqr';
import { afterAll } from 'vitest';

const exec = promisify(execFile);
// jsqr's typings declare a module namespace; its default export is the decoder (as web/src/portal/cccd-scan.tsx uses it).
const jsQR = jsQRModule as unknown as (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;
const dir = mkdtempSync(join(tmpdir(), 'motcua-pdf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fresh = () => join(dir, `f-${Math.random().toString(36).slice(2)}`);

/** The text of a PDF as pdftotext gives it, with layout spacing folded to single spaces. */
export async function pdfText(pdf: Buffer): Promise<string> {
  const file = `${fresh()}.pdf`;
  writeFileSync(file, pdf);
  return (await exec('pdftotext', ['-layout', file, '-'])).stdout.replace(/\s+/g, ' ');
}

/** The number of pages of a PDF (pdfinfo). */
export async function pdfPages(pdf: Buffer): Promise<number> {
  const file = `${fresh()}.pdf`;
  writeFileSync(file, pdf);
  return Number(/^Pages:\s+(\d+)/m.exec((await exec('pdfinfo', [file])).stdout)![1]);
}

/** The text of the QR code on one page of a PDF (rendered at 200 dpi, read from a binary PPM). */
export async function qrOf(pdf: Buffer, page = 1): Promise<string | null> {
  const file = fresh();
  writeFileSync(`${file}.pdf`, pdf);
  await exec('pdftoppm', ['-r', '200', '-f', String(page), '-l', String(page), '-singlefile', `${file}.pdf`, file]);
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
