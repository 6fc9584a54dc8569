/**
 * What an upload must be to be stored, beyond its sniffed type.
 *
 * Decompression bombs: a small upload that expands to gigabytes when a viewer (or our own stamping)
 * decodes it. PNG and JPEG: refuse absurd pixel dimensions, read from the header. PDF: inflate every
 * FlateDecode stream against a total budget and refuse the file when it would exceed it.
 *
 * PDF structure: a file sniffed as PDF (it starts with `%PDF-`) must also be built like one — a
 * version header, at least one indirect object, a cross-reference section (an `xref` table with its
 * `trailer`, or a cross-reference stream) naming the document catalog (/Root), `startxref`, and
 * `%%EOF` at the end. Read from the raw bytes, no rendering: fast on any size.
 */
import { inflateSync } from 'node:zlib';

export const MAX_PIXELS = 60_000_000; // e.g. 8000 × 7500; a phone photo is ~12 M
export const MAX_PDF_INFLATED_BYTES = 96 * 1024 * 1024;
const MAX_PDF_STREAMS = 20_000;

export type BombVerdict = { ok: true } | { ok: false; reason: string };

function pngDimensions(b: Buffer): [number, number] | null {
  if (b.length < 24 || b.toString('latin1', 12, 16) !== 'IHDR') return null;
  return [b.readUInt32BE(16), b.readUInt32BE(20)];
}

function jpegDimensions(b: Buffer): [number, number] | null {
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1]!;
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      i += 2;
      continue;
    }
    const length = b.readUInt16BE(i + 2);
    // SOF0–SOF15 carry the frame size, except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return [b.readUInt16BE(i + 7), b.readUInt16BE(i + 5)];
    }
    i += 2 + length;
  }
  return null;
}

function checkPixels(dims: [number, number] | null, what: string): BombVerdict {
  if (!dims) return { ok: false, reason: `unreadable ${what} header` };
  const [w, h] = dims;
  if (w === 0 || h === 0) return { ok: false, reason: `${what} with zero size` };
  if (w * h > MAX_PIXELS) return { ok: false, reason: `${what} of ${w}×${h} pixels is larger than allowed` };
  return { ok: true };
}

function checkPdf(b: Buffer): BombVerdict {
  const text = b.toString('latin1');
  let budget = MAX_PDF_INFLATED_BYTES;
  let streams = 0;
  const re = /stream\r?\n/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index > 0 && text.slice(m.index - 3, m.index) === 'end') continue; // "endstream"
    const dictStart = text.lastIndexOf('<<', m.index);
    const dict = dictStart >= 0 ? text.slice(dictStart, m.index) : '';
    const start = m.index + m[0].length;
    const end = text.indexOf('endstream', start);
    if (end < 0) break;
    if (++streams > MAX_PDF_STREAMS) return { ok: false, reason: 'too many streams in the PDF' };
    if (!/\/FlateDecode/.test(dict)) continue;
    try {
      budget -= inflateSync(b.subarray(start, end), { maxOutputLength: Math.max(1, budget) }).length;
    } catch (e) {
      if (e instanceof RangeError || (e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
        return { ok: false, reason: 'the PDF expands to more than allowed when decompressed' };
      }
      // A damaged stream is not a bomb; viewers cope or fail on their own.
    }
    if (budget <= 0) return { ok: false, reason: 'the PDF expands to more than allowed when decompressed' };
    re.lastIndex = end + 9;
  }
  return { ok: true };
}

export function checkDecompressionBomb(bytes: Uint8Array, mediaType: string): BombVerdict {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (mediaType === 'image/png') return checkPixels(pngDimensions(b), 'PNG');
  if (mediaType === 'image/jpeg') return checkPixels(jpegDimensions(b), 'JPEG');
  if (mediaType === 'application/pdf') return checkPdf(b);
  return { ok: true };
}

export type StructureVerdict = { ok: true } | { ok: false; reason: string };

/** Acrobat's rule: the end-of-file marker lies within the last 1024 bytes. */
const EOF_WINDOW = 1024;

/** The body of the dictionary that starts at `from` (`<<` … matching `>>`), or null. */
function dictionaryAt(text: string, from: number): string | null {
  let depth = 0;
  for (let i = text.indexOf('<<', from); i >= 0 && i < text.length - 1; i++) {
    if (text[i] === '<' && text[i + 1] === '<') {
      depth++;
      i++;
    } else if (text[i] === '>' && text[i + 1] === '>') {
      depth--;
      i++;
      if (depth === 0) return text.slice(text.indexOf('<<', from), i + 1);
    }
  }
  return null;
}

/** A trailer dictionary, or a cross-reference stream's dictionary, that names the catalog. */
function hasCrossReferenceWithRoot(text: string): boolean {
  const trailer = /trailer\s*<</g;
  for (let m = trailer.exec(text); m; m = trailer.exec(text)) {
    const dict = dictionaryAt(text, m.index);
    if (dict && /\/Root\s+\d+\s+\d+\s+R/.test(dict)) return true;
  }
  const xrefType = /\/Type\s*\/XRef\b/g;
  for (let m = xrefType.exec(text); m; m = xrefType.exec(text)) {
    const header = text.lastIndexOf('obj', m.index);
    const dict = header >= 0 ? dictionaryAt(text, header) : null;
    if (dict && /\/Root\s+\d+\s+\d+\s+R/.test(dict)) return true;
  }
  return false;
}

export function checkPdfStructure(bytes: Uint8Array): StructureVerdict {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (!/^%PDF-[12]\.\d/.test(b.toString('latin1', 0, 8))) return { ok: false, reason: 'no PDF version header' };
  const tailStart = Math.max(0, b.length - EOF_WINDOW);
  const tail = b.toString('latin1', tailStart);
  const eof = tail.lastIndexOf('%%EOF');
  if (eof < 0) return { ok: false, reason: 'no end-of-file marker (%%EOF) at the end' };
  // startxref and its offset come right before %%EOF; look a little further back than the window.
  const before = b.toString('latin1', Math.max(0, tailStart + eof - 64), tailStart + eof);
  const startxref = /startxref\s+(\d+)\s*$/.exec(before);
  if (!startxref || Number(startxref[1]) >= b.length) return { ok: false, reason: 'no valid startxref before the end-of-file marker' };
  const text = b.toString('latin1');
  if (!/\d+\s+\d+\s+obj\b/.test(text)) return { ok: false, reason: 'no PDF object' };
  if (!hasCrossReferenceWithRoot(text)) return { ok: false, reason: 'no cross-reference trailer naming the document catalog' };
  return { ok: true };
}
