/**
 * Decompression bombs: a small upload that expands to gigabytes when a viewer (or our own stamping)
 * decodes it. PNG and JPEG: refuse absurd pixel dimensions, read from the header. PDF: inflate every
 * FlateDecode stream against a total budget and refuse the file when it would exceed it.
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
