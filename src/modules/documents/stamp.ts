/**
 * Stamps a result PDF before it is signed: a QR code and a short link to /verify/{id} on the first
 * page, so a printed copy can be checked by anyone with a phone. Drawn as vector squares (no image).
 */
import { PDFDocument, rgb } from 'pdf-lib';
import fontkit from '@pdf-lib/fontkit';
import QRCode from 'qrcode';
import { regularFontBytes } from './fonts.ts';

export class NotAPdfError extends Error {}

export async function stampVerification(pdf: Buffer, lines: string[], url: string): Promise<Buffer> {
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(pdf, { updateMetadata: false });
  } catch (e) {
    throw new NotAPdfError((e as Error).message);
  }
  if (doc.getPageCount() === 0) throw new NotAPdfError('the PDF has no page');
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(regularFontBytes(), { subset: true });
  const page = doc.getPage(0);
  const { width } = page.getSize();
  const qr = QRCode.create(url, { errorCorrectionLevel: 'M' });
  const size = qr.modules.size;
  const box = 64;
  const cell = box / size;
  const x0 = 36;
  const y0 = 24;
  page.drawRectangle({ x: x0 - 4, y: y0 - 4, width: width - 2 * x0 + 8, height: box + 8, color: rgb(1, 1, 1), borderColor: rgb(0.7, 0.7, 0.7), borderWidth: 0.5 });
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) {
      if (qr.modules.get(r, c)) page.drawRectangle({ x: x0 + c * cell, y: y0 + box - (r + 1) * cell, width: cell, height: cell, color: rgb(0, 0, 0) });
    }
  }
  lines.forEach((line, i) => page.drawText(line, { x: x0 + box + 10, y: y0 + box - 12 - i * 12, size: 8.5, font, color: rgb(0.1, 0.1, 0.1) }));
  // Classic cross-reference table: the signature placeholder is added as an incremental update.
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}
