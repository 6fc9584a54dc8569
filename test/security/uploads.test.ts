/**
 * Issue 12, item 6 — uploads: a daily quota per account, removal of uploads never attached, and large
 * uploads read as a stream without stalling other requests.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { PDFDocument, PDFName, PDFNumber, PDFRawStream } from 'pdf-lib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, householdBusinessRequest, PDF, startTestApp, type TestApp } from '../helpers.ts';
import { DEFAULT_CONFIG } from '../../src/context.ts';
import { receiveUpload } from '../../src/modules/uploads/uploads.ts';
import { quotaDay } from '../../src/modules/uploads/upload-quota.ts';
import { purgeCutoff, purgeUnattachedUploads } from '../../src/modules/uploads/upload-purge.ts';
import { openAndMigrate } from '../../src/platform/db/db.ts';
import { createContext } from '../../src/context.ts';
import { seedDemoIfEmpty } from '../../src/demo/seed.ts';
import { run } from '../../src/cli/main.ts';
import { inspectionsOffThread } from '../../src/modules/uploads/upload-inspection.ts';

/** A different file each time: the shared PDF with a trailing comment (still a PDF by its content). */
let serial = 0;
const distinctPdf = (label = `${++serial}-${randomBytes(4).toString('hex')}`) => Buffer.concat([PDF, Buffer.from(`\n% ${label}\n`)]);

/** A scan-like PDF of about `size` bytes: one page and one big image stream. */
async function bigPdf(size: number): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage([595.28, 841.89]);
  const image = PDFRawStream.of(
    doc.context.obj({ Type: 'XObject', Subtype: 'Image', Width: 2480, Height: 3508, ColorSpace: 'DeviceRGB', BitsPerComponent: 8, Filter: 'DCTDecode', Length: PDFNumber.of(size) }),
    randomBytes(size),
  );
  doc.catalog.set(PDFName.of('Scan'), doc.context.register(image));
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

interface HttpAnswer {
  status: number;
  headers: IncomingMessage['headers'];
  body: string;
}

/**
 * One request over a real socket. `send` writes the body: the whole of it by default, or only what
 * the test wants (the answer may come before the body is complete).
 */
function http(port: number, method: string, path: string, headers: Record<string, string | number>, send: (req: ReturnType<typeof httpRequest>) => void): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') });
        req.destroy(); // a body the test left unfinished would keep the connection open
      });
      res.on('error', reject);
    });
    // The server may answer and close before an unfinished body is sent: not an error for these tests.
    req.on('error', (e: NodeJS.ErrnoException) => (e.code === 'EPIPE' || e.code === 'ECONNRESET' ? undefined : reject(e)));
    send(req);
  });
}

const withinSeconds = <T>(p: Promise<T>, seconds: number, what: string) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${seconds} s: ${what}`)), seconds * 1000))]);

/** DEFAULT_CONFIG's own object is shared by contexts: tests change a copy. */
const DEFAULT_QUOTA = structuredClone(DEFAULT_CONFIG.uploadQuota);

describe.each(BACKENDS)('uploads (%s)', (backend) => {
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    t = await startTestApp(backend, { uploadQuota: structuredClone(DEFAULT_QUOTA) });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.server.address() as AddressInfo).port;
  }, 60_000);
  afterAll(async () => t?.close());
  afterEach(() => {
    t.ctx.config.uploadQuota = structuredClone(DEFAULT_QUOTA);
  });

  const up = (as: string, bytes: Buffer) => t.call('POST', '/api/uploads?filename=a.pdf', { as, rawBody: bytes, headers: { 'content-type': 'application/pdf' } });

  describe('daily quota per account', () => {
    it('refuses the file over the day’s count with 429, says when it resets, and sets Retry-After; the next Vietnam day passes again', async () => {
      t.ctx.config.uploadQuota.citizen = { files: 3, bytes: null };
      for (let i = 0; i < 3; i++) expect((await up('citizen', distinctPdf())).status).toBe(201);
      const before = await t.count('uploads');
      const refused = await up('citizen', distinctPdf());
      expect(refused.status).toBe(429);
      expect(refused.body.code).toBe('upload-quota-exceeded');
      // The test clock is 2026-11-23 08:00 in Vietnam: the quota resets at midnight, 16 hours later.
      expect(refused.headers['retry-after']).toBe(String(16 * 3600));
      expect(refused.body.detail).toContain('24/11/2026 00:00');
      const english = await t.call('POST', '/api/uploads', { as: 'citizen', rawBody: distinctPdf(), headers: { 'content-type': 'application/pdf', 'accept-language': 'en' } });
      expect(english.body.detail).toContain('2026-11-24T00:00:00+07:00');
      expect(await t.count('uploads')).toBe(before);
      // Another account, and staff, are not affected.
      expect((await up('citizen2', distinctPdf())).status).toBe(201);
      expect((await up('reception', distinctPdf())).status).toBe(201);
      // A day in Vietnam begins at 17:00 UTC: 23:59 local is still the same day, 00:00 the next.
      const saved = t.clock.now;
      t.clock.set('2026-11-23T23:59:00+07:00');
      expect((await up('citizen', distinctPdf())).status).toBe(429);
      t.clock.set('2026-11-24T00:00:00+07:00');
      expect((await up('citizen', distinctPdf())).status).toBe(201);
      t.clock.now = saved;
    });

    it('counts bytes too: a file that would pass the day’s megabytes is refused', async () => {
      t.ctx.config.uploadQuota.citizen = { files: null, bytes: Math.floor(PDF.length * 2.5) };
      expect((await up('citizen2', distinctPdf())).status).toBe(201); // citizen2 already has one file today
      const refused = await up('citizen2', distinctPdf());
      expect(refused.status).toBe(429);
      expect(refused.body.code).toBe('upload-quota-exceeded');
    });

    it('parallel uploads at the edge of the quota: exactly as many pass as fit', async () => {
      const before = await t.count('uploads');
      // Whatever reception uploaded today already, 3 more files may pass.
      const today = await t.handle.db.selectFrom('upload_quota_days as q').innerJoin('users as u', 'u.id', 'q.owner_id').select('q.files').where('u.username', '=', 'reception').where('q.day', '=', quotaDay(t.clock.now).day).executeTakeFirst();
      t.ctx.config.uploadQuota.staff = { files: (today?.files ?? 0) + 3, bytes: null };
      const answers = await Promise.all(Array.from({ length: 8 }, () => up('reception', distinctPdf())));
      expect(answers.filter((a) => a.status === 201)).toHaveLength(3);
      expect(answers.filter((a) => a.status === 429)).toHaveLength(5);
      expect(await t.count('uploads')).toBe(before + 3);
    });

    it('an upload over the quota is refused before its body is sent (nothing is read)', async () => {
      t.ctx.config.uploadQuota.staff = { files: null, bytes: 1024 }; // the declared 9 MB cannot fit
      const token = await t.token('reception');
      const answer = await withinSeconds(
        http(port, 'POST', '/api/uploads', { authorization: `Bearer ${token}`, 'content-type': 'application/pdf', 'content-length': 9 * 1024 * 1024 }, (req) => req.write(PDF.subarray(0, 1024))),
        10,
        'the quota answer came only after the body',
      );
      expect(answer.status).toBe(429);
      expect(answer.headers['retry-after']).toMatch(/^\d+$/);
    });

    it('the day’s row is per Vietnam day', () => {
      expect(quotaDay(new Date('2026-11-23T16:59:59Z')).day).toBe('2026-11-23');
      expect(quotaDay(new Date('2026-11-23T17:00:00Z')).day).toBe('2026-11-24');
      expect(quotaDay(new Date('2026-11-23T10:00:00Z')).resetsAt.toISOString()).toBe('2026-11-23T17:00:00.000Z');
    });
  });

  describe('streaming', () => {
    it('refuses an unauthenticated upload before its body is sent', async () => {
      const answer = await withinSeconds(
        http(port, 'POST', '/api/uploads', { 'content-type': 'application/pdf', 'content-length': 9 * 1024 * 1024 }, (req) => req.write(PDF.subarray(0, 1024))),
        10,
        'the 401 came only after the body',
      );
      expect(answer.status).toBe(401);
    });

    it('a body growing past the limit without Content-Length → 413 as soon as it does, nothing written', async () => {
      const before = await t.count('uploads');
      const token = await t.token('citizen2');
      const max = t.ctx.config.maxUploadBytes;
      const answer = await withinSeconds(
        http(port, 'POST', '/api/uploads', { authorization: `Bearer ${token}`, 'content-type': 'application/pdf', 'transfer-encoding': 'chunked' }, (req) => {
          // Past the limit by a little, and then the request stays open: the answer must not wait for its end.
          req.write(PDF);
          req.write(Buffer.alloc(max));
        }),
        10,
        'the 413 waited for the end of the body',
      );
      expect(answer.status).toBe(413);
      expect(JSON.parse(answer.body).code).toBe('body-too-large');
      expect(await t.count('uploads')).toBe(before);
    });

    it('a body that stops mid-way (client gone) is a 400 problem, not a server error', async () => {
      let sent = false;
      const body = new Readable({
        read() {
          if (!sent) {
            sent = true;
            this.push(PDF.subarray(0, 1000));
          } else this.destroy(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
        },
      });
      await expect(receiveUpload(body, 1024 * 1024, null)).rejects.toMatchObject({ code: 'upload-interrupted', status: 400 });
    });

    it('four parallel 9 MB uploads: GET /api/health answers before any of them finishes', async () => {
      const token = await t.token('citizen2');
      const files = await Promise.all([0, 1, 2, 3].map(() => bigPdf(9 * 1024 * 1024 - 2048)));
      const finished: string[] = [];
      let written = 0;
      let allWritten!: () => void;
      const bodiesSent = new Promise<void>((r) => (allWritten = r));
      const uploads = files.map((file, i) =>
        http(port, 'POST', `/api/uploads?filename=scan-${i}.pdf`, { authorization: `Bearer ${token}`, 'content-type': 'application/pdf', 'content-length': file.length }, (req) =>
          req.end(file, () => ++written === files.length && allWritten()),
        ).then((a) => {
          finished.push(`upload ${a.status}`);
          return a;
        }),
      );
      await bodiesSent;
      const health = await http(port, 'GET', '/api/health', {}, (req) => req.end());
      finished.push(`health ${health.status}`);
      const answers = await Promise.all(uploads);
      expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201]);
      expect(finished[0]).toBe('health 200');
      // The checks of big files ran on the worker thread (a worker that cannot start falls back silently).
      expect(inspectionsOffThread()).toBeGreaterThanOrEqual(4);
      // And the files are whole: the first downloads byte for byte, with the sha256 it was uploaded with.
      const first = JSON.parse(answers[0]!.body) as { id: string; sha256: string; size: number };
      const download = await t.call('GET', `/api/uploads/${first.id}`, { as: 'citizen2' });
      expect(download.raw.equals(files[0]!)).toBe(true);
      expect(download.headers['x-content-sha256']).toBe(first.sha256);
    }, 120_000);
  });

  describe('removal of uploads never attached', () => {
    it('removes an unattached upload older than a day (and its content); keeps attached, drafted, shared and fresh ones', async () => {
      t.ctx.config.uploadQuota.citizen = { files: null, bytes: null };
      const start = t.clock.now;
      const orphan = await t.upload('citizen', distinctPdf('orphan'));
      const attached = await t.upload('citizen', distinctPdf('attached'));
      const drafted = await t.upload('citizen', distinctPdf('drafted'));
      const shared = distinctPdf('shared');
      const sharedOrphan = await t.upload('citizen', shared);
      const sharedAttached = await t.upload('citizen', shared);
      expect((await t.call('POST', '/api/dossiers', { as: 'citizen', body: householdBusinessRequest(attached) })).status).toBe(201);
      expect((await t.call('POST', '/api/dossiers', { as: 'citizen', body: householdBusinessRequest(sharedAttached) })).status).toBe(201);
      const draft = await t.call('POST', '/api/drafts', { as: 'citizen', body: { procedureCode: '2.000720.H29', data: { attachments: [{ componentCode: 'giay-de-nghi', uploadId: drafted }] } } });
      expect(draft.status).toBe(201);

      t.clock.advanceMinutes(25 * 60);
      const fresh = await t.upload('citizen', distinctPdf('fresh'));
      const exists = async (id: string) => (await t.call('GET', `/api/uploads/${id}`, { as: 'citizen' })).status === 200;
      const blobCount = async () => Number((await t.handle.db.selectFrom('blobs').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

      const dry = await purgeUnattachedUploads(t.ctx, { dryRun: true });
      expect(dry.uploads).toBeGreaterThanOrEqual(2);
      expect(await exists(orphan)).toBe(true);

      const blobsBefore = await blobCount();
      const report = await purgeUnattachedUploads(t.ctx);
      expect(report.uploads).toBe(dry.uploads);
      expect(await exists(orphan)).toBe(false);
      expect(await exists(sharedOrphan)).toBe(false);
      for (const kept of [attached, drafted, sharedAttached, fresh]) expect(await exists(kept)).toBe(true);
      // The orphan's content went with it; the shared content stays for the attached upload.
      expect(await blobCount()).toBe(blobsBefore - report.blobs);
      expect(report.blobs).toBeLessThan(report.uploads);

      // A deleted draft no longer keeps its file.
      expect((await t.call('DELETE', `/api/drafts/${draft.body.id}`, { as: 'citizen' })).status).toBeLessThan(300);
      await purgeUnattachedUploads(t.ctx);
      expect(await exists(drafted)).toBe(false);
      expect(await exists(attached)).toBe(true);
      t.clock.now = start;
    });

    it('the cutoff is the configured age before the given clock', () => {
      expect(purgeCutoff(new Date('2026-11-24T08:00:00Z'), 24).toISOString()).toBe('2026-11-23T08:00:00.000Z');
    });
  });
});

describe('motcua uploads purge (CLI)', () => {
  it('reports with --dry-run, then removes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'motcua-purge-'));
    const saved = { data: process.env.MOTCUA_DATA_DIR, url: process.env.DATABASE_URL };
    try {
      const h = await openAndMigrate({ dataDir: dir });
      const ctx = createContext(h.db);
      await seedDemoIfEmpty(ctx, { enabled: true });
      const owner = await h.db.selectFrom('users').select('id').where('username', '=', 'citizen').executeTakeFirstOrThrow();
      const old = new Date(Date.now() - 3 * 86_400_000);
      await h.db.insertInto('blobs').values({ sha256: 'f'.repeat(64), size: 3, content: Buffer.from('abc') }).execute();
      await h.db.insertInto('uploads').values({ id: 'upl_oldoldoldold', owner_id: owner.id, sha256: 'f'.repeat(64), filename: 'a.pdf', media_type: 'application/pdf', size: 3, created_at: old }).execute();
      await h.close();
      process.env.MOTCUA_DATA_DIR = dir;
      delete process.env.DATABASE_URL;
      const lines: string[] = [];
      await run(['uploads', 'purge', '--dry-run'], (l) => lines.push(l));
      expect(lines.join('\n')).toMatch(/^1 tệp .*dry run/);
      await run(['uploads', 'purge'], (l) => lines.push(l));
      expect(lines[1]).toMatch(/removed 1 uploads \(1 contents\)/);
      const again = await openAndMigrate({ dataDir: dir });
      expect(await again.db.selectFrom('uploads').select('id').where('id', '=', 'upl_oldoldoldold').executeTakeFirst()).toBeUndefined();
      await again.close();
    } finally {
      if (saved.data === undefined) delete process.env.MOTCUA_DATA_DIR;
      else process.env.MOTCUA_DATA_DIR = saved.data;
      if (saved.url !== undefined) process.env.DATABASE_URL = saved.url;
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
