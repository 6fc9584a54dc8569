/**
 * PDFs generated and signed per second on this machine (issue 4), side by side with the baseline of
 * what signing costs at the bottom: raw RSA-2048/SHA-256 signatures by OpenSSL (node:crypto) over the
 * same bytes. Runs each phase for --seconds (default 5), one after the other, in one process.
 *
 *   npm run bench:pdf [-- --seconds 5 --json bench/results/pdf.json]
 */
import { sign } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import fontkit from '@pdf-lib/fontkit';
import { openAndMigrate } from '../src/platform/db/db.ts';
import { createContext } from '../src/context.ts';
import { seedDemoIfEmpty } from '../src/demo/seed.ts';
import { buildApp } from '../src/app.ts';
import { renderDossierForm } from '../src/modules/documents/documents.ts';
import { createCertificateAuthority, issueSigningCertificate } from '../src/modules/signing/pki.ts';
import { signPdf } from '../src/modules/signing/pdf-signature.ts';
import { stampVerification } from '../src/modules/documents/stamp.ts';
import { regularFontBytes } from '../src/modules/documents/fonts.ts';
import { BENCH_CONFIG } from './workload.ts';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
let seconds = Number(arg('seconds', '5'));
const jsonOut = arg('json', '');

async function rate(label: string, fn: () => Promise<unknown> | unknown): Promise<{ label: string; count: number; seconds: number; perSecond: number; msEach: number }> {
  await fn(); // warm-up
  const end = performance.now() + seconds * 1000;
  const start = performance.now();
  let count = 0;
  while (performance.now() < end) {
    await fn();
    count++;
  }
  const elapsed = (performance.now() - start) / 1000;
  return { label, count, seconds: Number(elapsed.toFixed(2)), perSecond: Number((count / elapsed).toFixed(1)), msEach: Number(((elapsed * 1000) / count).toFixed(2)) };
}

export async function pdfRates(phaseSeconds: number) {
  seconds = phaseSeconds;
  return measure();
}

async function measure() {
  // A real dossier on the embedded database, accepted, so the receipt renders from its log.
  const handle = await openAndMigrate({ dataDir: null });
  const ctx = createContext(handle.db, { config: BENCH_CONFIG });
  await seedDemoIfEmpty(ctx, { enabled: true });
  const app = await buildApp(ctx);
  const login = async (u: string) => (await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: u, password: 'motcua-demo' } })).json().token;
  const citizen = await login('citizen');
  const reception = await login('reception');
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(regularFontBytes(), { subset: true });
  doc.addPage([595.28, 841.89]).drawText('GIẤY CHỨNG NHẬN ĐĂNG KÝ HỘ KINH DOANH', { x: 60, y: 760, size: 14, font });
  const draft = Buffer.from(await doc.save({ useObjectStreams: false }));
  const up = await app.inject({ method: 'POST', url: '/api/uploads?filename=a.pdf', headers: { authorization: `Bearer ${citizen}`, 'content-type': 'application/pdf' }, payload: draft });
  const created = await app.inject({
    method: 'POST',
    url: '/api/dossiers',
    headers: { authorization: `Bearer ${citizen}` },
    payload: {
      procedureCode: '2.000720.H29',
      receivingOrgId: 'phuong-sai-gon',
      applicant: { fullName: 'Nguyễn Văn An', idNumber: '079090001234', address: '12 Lê Lợi, Phường Sài Gòn', phone: '0901234567' },
      form: { businessName: 'Phở Bà Sáu', businessAddress: '34 Lê Lợi', businessLines: 'Ăn uống', capitalVnd: 50_000_000 },
      attachments: [{ componentCode: 'giay-de-nghi', uploadId: up.json().id }],
    },
  });
  const code = created.json().code;
  await app.inject({ method: 'POST', url: `/api/dossiers/${code}/actions/accept`, headers: { authorization: `Bearer ${reception}` }, payload: {} });

  const now = new Date();
  const ca = createCertificateAuthority({ commonName: 'Bench CA' }, now);
  const id = issueSigningCertificate(ca, { commonName: 'Bench org' }, now);
  const material = { keyPem: id.keyPem, chainPem: [id.certPem, ca.certPem] };
  const stamped = await stampVerification(draft, ['Bản điện tử đã được ký số.', `Mã hồ sơ: ${code}`], `http://localhost:3000/verify/bench`);

  const results = [
    await rate('receipt (Form 01) rendered from the action log', () => renderDossierForm(ctx, code, 'receipt')),
    await rate('result stamped with QR + PAdES-signed', async () => signPdf(await stampVerification(draft, ['Bản điện tử đã được ký số.', `Mã hồ sơ: ${code}`], 'http://localhost:3000/verify/bench'), material, { reason: 'bench', location: 'HCM', signerName: 'Bench', signingTime: new Date() })),
    await rate('PAdES signature only (stamped PDF)', () => signPdf(stamped, material, { reason: 'bench', location: 'HCM', signerName: 'Bench', signingTime: new Date() })),
    await rate('baseline: raw RSA-2048 SHA-256 signature (OpenSSL)', () => sign('sha256', stamped, id.keyPem)),
  ];
  await app.close();
  await handle.close();
  return results;
}

async function main() {
  const results = await measure();
  const baseline = results[3]!.perSecond;
  console.log(`\nPDF benchmark — ${seconds} s per phase, one process, this machine\n`);
  console.log('| phase | per second | ms each | ratio to raw RSA signature |');
  console.log('|---|---:|---:|---:|');
  for (const r of results) console.log(`| ${r.label} | ${r.perSecond} | ${r.msEach} | ${(r.perSecond / baseline).toFixed(3)} |`);
  if (jsonOut) {
    mkdirSync(dirname(jsonOut), { recursive: true });
    writeFileSync(jsonOut, JSON.stringify({ date: new Date().toISOString(), seconds, results }, null, 2));
  }
}

if (process.argv[1]?.endsWith('pdf.ts')) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
