import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { checkDecompressionBomb, MAX_PDF_INFLATED_BYTES } from './upload-safety.ts';

function png(width: number, height: number): Buffer {
  const b = Buffer.alloc(33);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(b, 0);
  b.writeUInt32BE(13, 8);
  b.write('IHDR', 12, 'latin1');
  b.writeUInt32BE(width, 16);
  b.writeUInt32BE(height, 20);
  return b;
}

function jpeg(width: number, height: number): Buffer {
  // SOI, APP0 (length 16), SOF0 with height and width.
  const app0 = Buffer.concat([Buffer.from([0xff, 0xe0, 0x00, 0x10]), Buffer.alloc(14)]);
  const sof = Buffer.from([0xff, 0xc0, 0x00, 0x11, 0x08, height >> 8, height & 255, width >> 8, width & 255, 0x03]);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), app0, sof, Buffer.alloc(16)]);
}

const pdfWith = (inflated: number) => {
  const data = deflateSync(Buffer.alloc(inflated, 0x20));
  return Buffer.concat([Buffer.from(`%PDF-1.7\n1 0 obj << /Length ${data.length} /Filter /FlateDecode >>\nstream\n`), data, Buffer.from('\nendstream\nendobj\n%%EOF\n')]);
};

describe('decompression bombs', () => {
  it('accepts ordinary images and refuses absurd dimensions', () => {
    expect(checkDecompressionBomb(png(4000, 3000), 'image/png').ok).toBe(true);
    expect(checkDecompressionBomb(png(100_000, 100_000), 'image/png').ok).toBe(false);
    expect(checkDecompressionBomb(jpeg(4032, 3024), 'image/jpeg').ok).toBe(true);
    expect(checkDecompressionBomb(jpeg(65_000, 65_000), 'image/jpeg').ok).toBe(false);
  });

  it('inflates PDF streams against a budget', () => {
    expect(checkDecompressionBomb(pdfWith(1024 * 1024), 'application/pdf').ok).toBe(true);
    const bomb = pdfWith(MAX_PDF_INFLATED_BYTES + 1024);
    expect(bomb.length).toBeLessThan(200 * 1024); // ~100 MB of spaces deflate to ~100 KB
    expect(checkDecompressionBomb(bomb, 'application/pdf')).toEqual({ ok: false, reason: 'the PDF expands to more than allowed when decompressed' });
  });
});
