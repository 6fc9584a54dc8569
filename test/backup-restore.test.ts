/**
 * The restore drill (issue 19), on PGlite and PostgreSQL: dossiers run through the real commands (an
 * upload, a signed electronic result), backed up, the database destroyed (the in-memory PGlite closed,
 * the PostgreSQL schema dropped), restored, then every dossier, action-log chain, the audit chain, the
 * counters (against their rebuild from the logs), the upload contents and the signed result compared with
 * what was there before — and the restored signing keys still sign. A corrupted, truncated or
 * wrongly-unlocked backup is refused before anything is touched.
 */
import { createHash, randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { BACKENDS, householdBusinessRequest, makePdf, PDF, startTestApp, type TestApp } from './helpers.ts';
import { createBackup } from '../src/platform/backup/backup.ts';
import { restoreBackup, verifyBackup, RestoreRefused, type RestoreTarget } from '../src/platform/backup/restore.ts';
import { databaseSource, openDatabase, type DatabaseHandle } from '../src/platform/db/db.ts';
import type { DB } from '../src/platform/db/schema.ts';
import { createContext } from '../src/context.ts';
import { buildApp } from '../src/app.ts';
import { DEMO_PASSWORD } from '../src/demo/seed.ts';
import { verifyChain } from '../src/modules/dossiers/domain/action-log.ts';
import { verifyAuditChain } from '../src/modules/audit/audit.ts';
import { run as cli } from '../src/cli/main.ts';
import { JobRegistry, runDueJobs } from '../src/platform/outbox/jobs.ts';
import { listBackups, registerBackupJob } from '../src/platform/backup/schedule.ts';
import { diffCounters, recomputeCounters, storedCounters } from '../src/modules/measurement/stats.ts';

const PASSPHRASE = 'Sao lưu hằng đêm — 2026';

/** Everything the drill compares, read straight from the tables. */
async function snapshot(db: Kysely<DB>) {
  const dossiers = await db.selectFrom('dossiers').selectAll().orderBy('id').execute();
  const actions = await db.selectFrom('dossier_actions').selectAll().orderBy('dossier_id').orderBy('seq').execute();
  const blobs = await db.selectFrom('blobs').select(['sha256', 'size', 'content']).orderBy('sha256').execute();
  const counters = [...(await storedCounters(db)).entries()].sort();
  const audit = await db.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq').execute();
  return {
    dossiers: JSON.stringify(dossiers),
    actions: JSON.stringify(actions),
    audit: JSON.stringify(audit),
    counters,
    blobs: blobs.map((b) => ({ sha256: b.sha256, size: b.size, actual: createHash('sha256').update(b.content).digest('hex') })),
  };
}

async function brokenChains(db: Kysely<DB>): Promise<number> {
  const rows = await db.selectFrom('dossier_actions').selectAll().orderBy('dossier_id').orderBy('seq').execute();
  const byDossier = new Map<string, typeof rows>();
  for (const r of rows) byDossier.set(r.dossier_id, [...(byDossier.get(r.dossier_id) ?? []), r]);
  let broken = 0;
  for (const list of byDossier.values()) {
    const bad = verifyChain(list.map((r) => ({
      dossierId: r.dossier_id, seq: r.seq, action: r.action, fromStatus: r.from_status, toStatus: r.to_status, actorId: r.actor_id,
      actorRole: r.actor_role, actorOrgId: r.actor_org_id, at: r.at.toISOString(), payload: r.payload, prevHash: r.prev_hash, hash: r.hash,
    })));
    if (bad !== null) broken++;
  }
  return broken;
}

describe.each(BACKENDS)('backup and restore drill (%s)', (backend) => {
  let t: TestApp;
  let work: string;
  let target: RestoreTarget;
  let restored: DatabaseHandle | null = null;
  let closed = false;

  beforeAll(async () => {
    t = await startTestApp(backend, { publicUrl: 'https://motcua.example.gov.vn' });
    work = mkdtempSync(join(tmpdir(), 'motcua-drill-'));
    const source = databaseSource(t.handle.db)!;
    target = source.kind === 'postgres' ? { kind: 'postgres', url: source.url, schema: source.schema, dataDir: join(work, 'data') } : { kind: 'pglite', dataDir: join(work, 'data') };
  });
  afterAll(async () => {
    await restored?.close();
    if (!closed) await t?.close();
    if (target?.kind === 'postgres') {
      const client = new pg.Client({ connectionString: target.url });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${target.schema} CASCADE`);
      await client.end();
    }
    rmSync(work, { recursive: true, force: true });
  });

  const act = (as: string, code: string, action: string, body: unknown = {}) => t.call('POST', `/api/dossiers/${code}/actions/${action}`, { as, body });

  it('restores every dossier, chain, counter, upload and signed result identically; refuses corrupt backups untouched', { timeout: 300_000 }, async () => {
    // Seed through the real commands: three dossiers at different steps, one with a signed result.
    const submitted = [];
    for (let i = 0; i < 3; i++) {
      const u = await t.upload('citizen', i === 0 ? PDF : await makePdf(`Tờ khai số ${i}`));
      const r = await t.call('POST', '/api/dossiers', { as: 'citizen', body: householdBusinessRequest(u) });
      expect(r.status).toBe(201);
      submitted.push(r.body as { code: string });
    }
    await act('reception', submitted[0]!.code, 'accept');
    await act('leader', submitted[0]!.code, 'hand_over', { toStep: 2 });
    const draft = await t.upload('leader', await makePdf('GIẤY CHỨNG NHẬN — Phở Bà Sáu'), 'giay-chung-nhan.pdf');
    const done = await act('leader', submitted[0]!.code, 'complete', { resultUploadId: draft });
    expect(done.status).toBe(200);
    await act('reception', submitted[1]!.code, 'accept');
    const resultUrl = done.body.documents.find((x: { kind: string }) => x.kind === 'result').url as string;
    const signedBefore = (await t.call('GET', resultUrl, { as: 'citizen' })).raw;
    expect((await t.call('POST', '/api/public/verify', { rawBody: signedBefore, headers: { 'content-type': 'application/pdf' } })).body.status).toBe('valid');
    const before = await snapshot(t.handle.db);
    expect(before.blobs.length).toBeGreaterThanOrEqual(4);
    expect(JSON.parse(before.actions).length).toBeGreaterThan(5);

    const { path, manifest } = await createBackup(t.handle.db, { outDir: join(work, 'backups'), passphrase: PASSPHRASE, secretKey: t.ctx.config.secretKey });
    expect(manifest.database.kind).toBe(backend);
    expect(manifest.database.tables.dossiers).toBe(3);
    expect(manifest.uploads.contents).toBe(before.blobs.length);
    expect(manifest.secretKey).toBe('sealed');
    expect(readFileSync(join(path, 'secret-key.sealed.json'), 'utf8')).not.toContain(t.ctx.config.secretKey.toString('hex'));

    // Damaged copies are refused, and the (still full) database is left as it was.
    const copy = (name: string) => {
      const p = join(work, name);
      cpSync(path, p, { recursive: true });
      return p;
    };
    const dbFile = manifest.files.find((f) => f.name.startsWith('database.'))!.name;
    const flipped = copy('flipped');
    const bytes = readFileSync(join(flipped, dbFile));
    bytes[Math.floor(bytes.length / 2)]! ^= 0x01;
    writeFileSync(join(flipped, dbFile), bytes);
    const truncated = copy('truncated');
    truncateSync(join(truncated, dbFile), Math.floor(bytes.length / 3));
    const editedManifest = copy('edited-manifest');
    writeFileSync(join(editedManifest, 'manifest.json'), readFileSync(join(path, 'manifest.json'), 'utf8').replace('"dossiers": 3', '"dossiers": 4'));
    const refusal = async (p: string, passphrase = PASSPHRASE, force = true) => {
      try {
        await restoreBackup(p, target, { passphrase, force });
      } catch (e) {
        expect(e).toBeInstanceOf(RestoreRefused);
        return (e as Error).message;
      }
      throw new Error(`${p} was restored`);
    };
    expect(await refusal(flipped)).toBe(`tệp ${dbFile} hỏng: mã kiểm tra SHA-256 không khớp / file ${dbFile} is corrupt: its SHA-256 does not match`);
    expect(await refusal(truncated)).toContain(`file ${dbFile} is truncated`);
    expect(await refusal(editedManifest)).toContain('manifest.json was altered or is corrupt');
    expect(await refusal(path, 'sai mật khẩu')).toBe('sai mật khẩu sao lưu: không mở được khoá ký số / wrong backup passphrase: the signing keys cannot be opened');
    if (backend === 'postgres') {
      const wrongKind = await restoreBackup(path, { kind: 'pglite', dataDir: join(work, 'other') }, { passphrase: PASSPHRASE }).catch((e: Error) => e);
      expect((wrongKind as Error).message).toBe('bản sao lưu là của postgres, nơi khôi phục là pglite / the backup is of postgres, the target is pglite');
      // The live schema is not empty: without --force the restore refuses it.
      expect(await refusal(path, PASSPHRASE, false)).toContain('restore only into an empty target, or use --force');
    }
    expect(await snapshot(t.handle.db)).toEqual(before);

    // Destroy: the in-memory PGlite is gone with its process handle; the PostgreSQL schema is dropped.
    const secretKey = t.ctx.config.secretKey;
    await t.app.close();
    await t.handle.close();
    closed = true;
    if (target.kind === 'postgres') {
      const client = new pg.Client({ connectionString: target.url });
      await client.connect();
      await client.query(`DROP SCHEMA ${target.schema} CASCADE`);
      await client.end();
    }

    const result = await restoreBackup(path, target, { passphrase: PASSPHRASE });
    expect(result.secretKeyFile).toBe(join(target.dataDir!, 'secret.key'));
    const restoredKey = Buffer.from(readFileSync(result.secretKeyFile!, 'utf8'), 'hex');
    expect(restoredKey.equals(secretKey)).toBe(true);

    restored = await openDatabase(target.kind === 'postgres' ? { databaseUrl: target.url, schema: target.schema, poolSize: 4 } : { dataDir: target.dataDir });
    const db = restored.db;
    expect(await snapshot(db)).toEqual(before);
    expect(before.blobs.every((b) => b.actual === b.sha256)).toBe(true);
    expect(await brokenChains(db)).toBe(0);
    const audit = await verifyAuditChain(db);
    expect(audit.entries).toBeGreaterThan(0);
    expect(audit.brokenAt).toBeNull();
    expect(audit.headMismatch).toBe(false);
    expect(diffCounters(await storedCounters(db), await recomputeCounters(db))).toEqual([]);

    // The restored system serves the same signed result, still valid, and its signing keys still sign.
    const ctx = createContext(db, { clock: t.clock.get, config: { ...t.ctx.config, secretKey: restoredKey } });
    const app = await buildApp(ctx, {});
    try {
      const token = async (username: string) => (await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: DEMO_PASSWORD } })).json().token as string;
      const citizen = await token('citizen');
      const again = await app.inject({ method: 'GET', url: resultUrl, headers: { authorization: `Bearer ${citizen}` } });
      expect(again.statusCode).toBe(200);
      expect(again.rawPayload.equals(signedBefore)).toBe(true);
      const verified = await app.inject({ method: 'POST', url: '/api/public/verify', payload: signedBefore, headers: { 'content-type': 'application/pdf' } });
      expect(verified.json()).toMatchObject({ status: 'valid' });
      const leader = await token('leader');
      const call = (url: string, body: unknown) => app.inject({ method: 'POST', url, payload: JSON.stringify(body), headers: { authorization: `Bearer ${leader}`, 'content-type': 'application/json' } });
      const reception = await token('reception');
      await app.inject({ method: 'POST', url: `/api/dossiers/${submitted[2]!.code}/actions/accept`, payload: '{}', headers: { authorization: `Bearer ${reception}`, 'content-type': 'application/json' } });
      expect((await call(`/api/dossiers/${submitted[2]!.code}/actions/hand_over`, { toStep: 2 })).statusCode).toBe(200);
      const up = await app.inject({ method: 'POST', url: '/api/uploads?filename=kq.pdf', payload: await makePdf('KẾT QUẢ SAU KHÔI PHỤC'), headers: { authorization: `Bearer ${leader}`, 'content-type': 'application/octet-stream' } });
      expect(up.statusCode).toBe(201);
      const signedAfter = await call(`/api/dossiers/${submitted[2]!.code}/actions/complete`, { resultUploadId: up.json().id });
      expect(signedAfter.statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('refuses a missing folder', async () => {
    expect(() => verifyBackup(join(tmpdir(), `nope-${randomBytes(4).toString('hex')}`), PASSPHRASE)).toThrow(/no backup folder/);
  });
});

describe('scheduled backup with retention', () => {
  let t: TestApp;
  let dir: string;
  beforeAll(async () => {
    t = await startTestApp('pglite');
    dir = mkdtempSync(join(tmpdir(), 'motcua-scheduled-'));
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes a backup every N hours from the running database and keeps the newest K', { timeout: 240_000 }, async () => {
    const registry = new JobRegistry();
    registerBackupJob({ dir, everyHours: 6, keep: 2, passphrase: PASSPHRASE }, registry);
    const t0 = new Date('2026-11-23T01:00:00Z');
    const at = (hours: number) => new Date(t0.getTime() + hours * 3_600_000);
    expect((await runDueJobs(t.ctx, { registry, now: at(0) })).ran).toEqual(['backup']);
    expect(listBackups(dir)).toEqual(['motcua-pglite-20261123T010000Z']);
    // Not due before six hours.
    expect((await runDueJobs(t.ctx, { registry, now: at(5) })).ran).toEqual([]);
    expect((await runDueJobs(t.ctx, { registry, now: at(6) })).ran).toEqual(['backup']);
    expect((await runDueJobs(t.ctx, { registry, now: at(12) })).ran).toEqual(['backup']);
    // Three written, the oldest pruned.
    expect(listBackups(dir)).toEqual(['motcua-pglite-20261123T070000Z', 'motcua-pglite-20261123T130000Z']);
    const newest = verifyBackup(join(dir, 'motcua-pglite-20261123T130000Z'), PASSPHRASE);
    expect(newest.secretKey!.equals(t.ctx.config.secretKey)).toBe(true);
    expect(newest.manifest.database.tables.users).toBeGreaterThan(0);

    // The command line: a damaged backup is refused (the CLI exits 1 on this error) and nothing is created;
    // the intact one restores into an empty data folder.
    const damaged = join(dir, 'damaged');
    cpSync(join(dir, 'motcua-pglite-20261123T130000Z'), damaged, { recursive: true });
    const tar = readFileSync(join(damaged, 'database.tar.gz'));
    tar[100]! ^= 0xff;
    writeFileSync(join(damaged, 'database.tar.gz'), tar);
    const saved = { dir: process.env.MOTCUA_DATA_DIR, pass: process.env.MOTCUA_BACKUP_PASSPHRASE };
    process.env.MOTCUA_DATA_DIR = join(dir, 'data');
    process.env.MOTCUA_BACKUP_PASSPHRASE = PASSPHRASE;
    try {
      const lines: string[] = [];
      await expect(cli(['restore', damaged], (l) => lines.push(l))).rejects.toThrow('file database.tar.gz is corrupt: its SHA-256 does not match');
      expect(existsSync(join(dir, 'data'))).toBe(false);
      await cli(['restore', join(dir, 'motcua-pglite-20261123T130000Z')], (l) => lines.push(l));
      expect(lines[0]).toMatch(/^đã khôi phục \/ restored pglite/);
      expect(readFileSync(join(dir, 'data', 'secret.key'), 'utf8')).toBe(t.ctx.config.secretKey.toString('hex'));
      await expect(cli(['restore', join(dir, 'motcua-pglite-20261123T130000Z')], () => {})).rejects.toThrow('restore only into an empty target, or use --force');
    } finally {
      process.env.MOTCUA_DATA_DIR = saved.dir;
      process.env.MOTCUA_BACKUP_PASSPHRASE = saved.pass;
      if (saved.dir === undefined) delete process.env.MOTCUA_DATA_DIR;
      if (saved.pass === undefined) delete process.env.MOTCUA_BACKUP_PASSPHRASE;
    }
  });
});
