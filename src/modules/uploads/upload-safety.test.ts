import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { PDFDocument } from 'pdf-lib';
import { checkDecompressionBomb, checkPdfStructure, MAX_PDF_INFLATED_BYTES } from './upload-safety.ts';
import { signPdf } from '../signing/pdf-signature.ts';
import { createCertificateAuthority, issueSigningCertificate } from '../signing/pki.ts';

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

describe('PDF structure', () => {
  const realPdf = async (useObjectStreams: boolean) => {
    const doc = await PDFDocument.create();
    doc.addPage([595.28, 841.89]).drawText('GIAY DE NGHI', { x: 60, y: 760, size: 14 });
    return Buffer.from(await doc.save({ useObjectStreams }));
  };

  it('accepts real PDFs: classic xref table, cross-reference stream, and a signed one (incremental update)', async () => {
    const classic = await realPdf(false);
    expect(checkPdfStructure(classic)).toEqual({ ok: true });
    expect(checkPdfStructure(await realPdf(true))).toEqual({ ok: true });
    const now = new Date('2026-01-01T00:00:00Z');
    const ca = createCertificateAuthority({ commonName: 'CA thử nghiệm' }, now);
    const id = issueSigningCertificate(ca, { commonName: 'NGUYỄN VĂN AN' }, now);
    const signed = await signPdf(classic, { keyPem: id.keyPem, chainPem: [id.certPem, ca.certPem] }, { reason: 'Ký', location: 'TP.HCM', signerName: 'An', signingTime: now });
    expect(checkPdfStructure(signed)).toEqual({ ok: true });
    // Trailing white space after %%EOF, as some scanners write, is tolerated.
    expect(checkPdfStructure(Buffer.concat([classic, Buffer.alloc(200, 0x20)]))).toEqual({ ok: true });
  });

  it('refuses files that only start with %PDF-', async () => {
    const refused = (text: string | Buffer) => checkPdfStructure(typeof text === 'string' ? Buffer.from(text, 'latin1') : text).ok;
    expect(refused('%PDF-1.7\n<html><script>alert(1)</script></html>\n')).toBe(false);
    expect(refused('%PDF-1.4\n%%EOF\n')).toBe(false);
    expect(refused('%PDF-\u0000\u0001 not a pdf')).toBe(false);
    expect(refused('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <</Size 2>>\nstartxref\n9\n%%EOF\n')).toBe(false); // no catalog
    expect(refused(pdfWith(1024))).toBe(false); // objects but no cross-reference
    const classic = await realPdf(false);
    expect(refused(classic.subarray(0, classic.length - 40))).toBe(false); // truncated: no %%EOF
    expect(refused(Buffer.concat([classic, Buffer.alloc(4096, 0x41)]))).toBe(false); // a payload appended after %%EOF
  });

  it('is fast on a large file', () => {
    const big = Buffer.concat([Buffer.from('%PDF-1.7\n1 0 obj\n<</Type/Catalog>>\nendobj\n'), Buffer.alloc(9 * 1024 * 1024, 0x20), Buffer.from('trailer\n<</Size 2/Root 1 0 R>>\nstartxref\n9\n%%EOF\n')]);
    const started = performance.now();
    expect(checkPdfStructure(big)).toEqual({ ok: true });
    expect(performance.now() - started).toBeLessThan(2000); // generous: the machine is shared; a full parse would take far longer
  });
});
