/**
 * Do large uploads stall other requests? (issue 12, item 6)
 *
 * A server in its own process (src/main.ts; embedded PGlite by default, PostgreSQL with
 * --database-url), a probe that asks GET /api/health one request at a time, and the same probe while
 * four clients upload 9 MB PDFs in parallel, each as fast as the server takes them. Printed side by
 * side: health latency p50/p99/max alone (the baseline) and under the uploads, and their ratio.
 *
 *   npm run bench:uploads [-- --seconds 10 --size-mb 9 --uploaders 4 --signed --database-url postgres://…]
 *
 * --signed uploads a digitally signed PDF, so each upload also verifies the signature.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, PDFName, PDFNumber, PDFRawStream } from 'pdf-lib';
import { HttpConnection } from './http-client.ts';
import { login } from './workload.ts';
import { createCertificateAuthority, issueSigningCertificate } from '../src/modules/signing/pki.ts';
import { signPdf } from '../src/modules/signing/pdf-signature.ts';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const SECONDS = Number(arg('seconds', '10'));
const SIZE = Number(arg('size-mb', '9')) * 1024 * 1024;
const UPLOADERS = Number(arg('uploaders', '4'));
const SIGNED = args.includes('--signed');
const DATABASE_URL = arg('database-url', '');
/** Pause between two health probes: a monitoring check, not a load of its own. */
const PROBE_GAP_MS = 20;

const pct = (xs: number[], p: number) => {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const r1 = (n: number) => Math.round(n * 10) / 10;

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

/** A scan-like PDF: one page holding one big image stream (JPEG data is not inflated by the server). */
async function bigPdf(size: number): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage([595.28, 841.89]);
  const image = PDFRawStream.of(
    doc.context.obj({ Type: 'XObject', Subtype: 'Image', Width: 2480, Height: 3508, ColorSpace: 'DeviceRGB', BitsPerComponent: 8, Filter: 'DCTDecode', Length: PDFNumber.of(size) }),
    randomBytes(size),
  );
  doc.catalog.set(PDFName.of('MotcuaBench'), doc.context.register(image));
  const bytes = Buffer.from(await doc.save({ useObjectStreams: false }));
  if (!SIGNED) return bytes;
  const now = new Date();
  const ca = createCertificateAuthority({ commonName: 'motcua bench CA' }, now);
  const id = issueSigningCertificate(ca, { commonName: 'Công dân thử nghiệm' }, now);
  return signPdf(bytes, { keyPem: id.keyPem, chainPem: [id.certPem, ca.certPem] }, { reason: 'bench', location: 'HCM', signerName: 'Bench', signingTime: now });
}

async function startServer(port: number, dataDir: string): Promise<{ stop(): Promise<void> }> {
  const env = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    MOTCUA_DATA_DIR: dataDir,
    MOTCUA_SEED_DEMO: 'true',
    // The demo year would load in the background and share the CPU with what is measured.
    MOTCUA_DEMO_HISTORY: '0',
    // The bench uploads hundreds of megabytes: no daily quota.
    MOTCUA_UPLOAD_DAILY_MB: '0',
    MOTCUA_UPLOAD_DAILY_FILES: '0',
    ...(DATABASE_URL ? { DATABASE_URL } : {}),
  };
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const exited = new Promise((r) => child.once('exit', r));
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) break;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Health latencies, one probe at a time, until `until` resolves or `seconds` pass. */
async function probeHealth(base: string, seconds: number): Promise<number[]> {
  const c = new HttpConnection(base);
  const ms: number[] = [];
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    const t0 = performance.now();
    const res = await c.request('GET', '/api/health', {}, '');
    if (res.status !== 200) throw new Error(`health answered ${res.status}`);
    ms.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, PROBE_GAP_MS));
  }
  return ms;
}

async function uploadLoop(base: string, token: string, pdf: Buffer, stop: () => boolean): Promise<{ n: number; ms: number[]; errors: number }> {
  const c = new HttpConnection(base);
  const ms: number[] = [];
  let errors = 0;
  while (!stop()) {
    // A few different bytes each time: every upload is a new file, as in real use (no shared blob).
    const body = Buffer.from(pdf);
    randomBytes(16).copy(body, body.length - 64);
    const t0 = performance.now();
    const res = await c.request('POST', '/api/uploads?filename=scan.pdf', { authorization: `Bearer ${token}`, 'content-type': 'application/pdf' }, body);
    if (res.status === 201) ms.push(performance.now() - t0);
    else {
      errors++;
      if (errors === 1) console.error(`upload answered ${res.status}: ${res.body.toString('utf8').slice(0, 300)}`);
    }
  }
  return { n: ms.length, ms, errors };
}

const summary = (label: string, ms: number[]) => ({ label, n: ms.length, p50: r1(pct(ms, 50)), p99: r1(pct(ms, 99)), max: r1(Math.max(0, ...ms)) });

async function main() {
  const pdf = await bigPdf(SIZE);
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'motcua-bench-uploads-'));
  const server = await startServer(port, dataDir);
  const base = `http://127.0.0.1:${port}`;
  try {
    const token = await login(base, 'citizen');
    // Warm-up: the server's first uploads and health probes compile their paths.
    await uploadLoop(base, token, pdf, (() => { let i = 0; return () => i++ >= 2; })());
    await probeHealth(base, 1);

    const alone = await probeHealth(base, SECONDS);
    let stopping = false;
    const uploads = Promise.all(Array.from({ length: UPLOADERS }, () => uploadLoop(base, token, pdf, () => stopping)));
    const loaded = await probeHealth(base, SECONDS);
    stopping = true;
    const done = await uploads;
    const uploadMs = done.flatMap((d) => d.ms);
    const a = summary('health alone', alone);
    const b = summary(`health during ${UPLOADERS} × ${Math.round(SIZE / 1024 / 1024)} MB uploads`, loaded);
    const u = summary('each upload', uploadMs);
    console.log(`\nDatabase: ${DATABASE_URL ? 'PostgreSQL' : 'PGlite (embedded)'}; file: ${(pdf.length / 1024 / 1024).toFixed(1)} MB PDF${SIGNED ? ', digitally signed' : ''}; ${SECONDS} s per phase.`);
    console.log('| | probes | p50 ms | p99 ms | max ms |');
    console.log('|---|---:|---:|---:|---:|');
    for (const s of [a, b]) console.log(`| ${s.label} | ${s.n} | ${s.p50} | ${s.p99} | ${s.max} |`);
    console.log(`| ${u.label} (${done.reduce((s, d) => s + d.errors, 0)} errors) | ${u.n} | ${u.p50} | ${u.p99} | ${u.max} |`);
    console.log(`Ratio under load / alone: p50 × ${r1(b.p50 / Math.max(0.1, a.p50))}, p99 × ${r1(b.p99 / Math.max(0.1, a.p99))}; uploads: ${r1((uploadMs.length * pdf.length) / 1024 / 1024 / SECONDS)} MB/s.`);
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
