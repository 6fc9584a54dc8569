/**
 * `motcua restore <backup> [--force]`. Everything is checked BEFORE the target is touched: the
 * manifest's own checksum, its format and migration level, every file's size and sha256, the passphrase
 * (the sealed key must open) and that the target is empty (unless --force) and not in use. A refusal
 * leaves the target as it was.
 *
 * - PostgreSQL: pg_restore turns the dump into SQL, which psql runs in ONE transaction after dropping the
 *   target schema: a failure half-way rolls the drop back too.
 * - PGlite: the data folder is unpacked beside the target (`.pg.restoring`), opened once, then renamed into
 *   place; with --force the old folder is renamed away first and removed only once the new one is there.
 *
 * Afterwards the restored database is opened and compared with the manifest: rows per table, and every
 * upload's content against its sha256.
 */
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { sql } from 'kysely';
import { dataDirHolder, openDatabase } from '../db/db.ts';
import { BACKUP_FORMAT, MANIFEST, MANIFEST_SUM, SEALED_KEY, sha256File, tableCounts, type BackupManifest } from './backup.ts';
import { openWithPassphrase, WrongPassphraseError, type SealedSecret } from './sealed.ts';
import { pgBinary } from './pg-binaries.ts';

const exec = promisify(execFile);

/** A refusal: the message is Vietnamese / English, the target untouched. */
export class RestoreRefused extends Error {}

export type RestoreTarget = { kind: 'postgres'; url: string; schema: string; dataDir?: string } | { kind: 'pglite'; dataDir: string };

export interface VerifiedBackup {
  manifest: BackupManifest;
  /** The key that unseals the signing keys, opened with the passphrase; null when the backup has none. */
  secretKey: Buffer | null;
}

const knownMigrations = () => readdirSync(new URL('../db/migrations/', import.meta.url)).filter((f) => f.endsWith('.sql'));

/** Checks a backup folder completely; throws RestoreRefused saying what is wrong. Reads, never writes. */
export function verifyBackup(path: string, passphrase: string | undefined): VerifiedBackup {
  const refuse = (vi: string, en: string) => {
    throw new RestoreRefused(`${vi} / ${en}`);
  };
  if (!existsSync(path) || !statSync(path).isDirectory()) refuse(`không thấy thư mục sao lưu ${path}`, `no backup folder at ${path}`);
  const manifestPath = join(path, MANIFEST);
  const sumPath = join(path, MANIFEST_SUM);
  if (!existsSync(manifestPath) || !existsSync(sumPath)) refuse('bản sao lưu thiếu manifest.json hoặc manifest.sha256', 'the backup lacks manifest.json or manifest.sha256');
  const text = readFileSync(manifestPath);
  const expected = readFileSync(sumPath, 'utf8').trim().split(/\s+/)[0];
  if (createHash('sha256').update(text).digest('hex') !== expected) refuse('manifest.json bị thay đổi hoặc hỏng (sai mã kiểm tra)', 'manifest.json was altered or is corrupt (checksum mismatch)');
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(text.toString('utf8')) as BackupManifest;
  } catch {
    return refuse('manifest.json không đọc được', 'manifest.json is not valid JSON');
  }
  if (manifest.format !== BACKUP_FORMAT) refuse(`định dạng sao lưu không hỗ trợ: ${String(manifest.format)}`, `unsupported backup format: ${String(manifest.format)}`);
  if (!manifest.database?.migration || !knownMigrations().includes(manifest.database.migration)) {
    refuse(
      `bản sao lưu ở mức lược đồ ${manifest.database?.migration} mà phiên bản này không biết (sao lưu từ phiên bản mới hơn?)`,
      `the backup's schema level ${manifest.database?.migration} is unknown to this version (made by a newer one?)`,
    );
  }
  for (const f of manifest.files ?? []) {
    const p = join(path, f.name);
    if (f.name.includes('/') || f.name.includes('\\') || !existsSync(p)) refuse(`thiếu tệp ${f.name}`, `file ${f.name} is missing`);
    const size = statSync(p).size;
    if (size !== f.size) refuse(`tệp ${f.name} bị cắt cụt hoặc sai kích thước (${size} thay vì ${f.size} byte)`, `file ${f.name} is truncated or has the wrong size (${size} instead of ${f.size} bytes)`);
    if (sha256File(p) !== f.sha256) refuse(`tệp ${f.name} hỏng: mã kiểm tra SHA-256 không khớp`, `file ${f.name} is corrupt: its SHA-256 does not match`);
  }
  if (!manifest.files.some((f) => f.name.startsWith('database.'))) refuse('bản sao lưu không có tệp cơ sở dữ liệu', 'the backup holds no database file');
  let secretKey: Buffer | null = null;
  if (manifest.secretKey === 'sealed') {
    if (!manifest.files.some((f) => f.name === SEALED_KEY)) refuse(`thiếu tệp ${SEALED_KEY}`, `file ${SEALED_KEY} is missing`);
    if (!passphrase) refuse('cần mật khẩu sao lưu (--passphrase-env hoặc MOTCUA_BACKUP_PASSPHRASE) để mở khoá ký số', 'the backup passphrase is required (--passphrase-env or MOTCUA_BACKUP_PASSPHRASE) to open the signing keys');
    try {
      secretKey = openWithPassphrase(JSON.parse(readFileSync(join(path, SEALED_KEY), 'utf8')) as SealedSecret, passphrase!);
    } catch (e) {
      if (e instanceof WrongPassphraseError || e instanceof SyntaxError) refuse('sai mật khẩu sao lưu: không mở được khoá ký số', 'wrong backup passphrase: the signing keys cannot be opened');
      throw e;
    }
  }
  return { manifest, secretKey };
}

export interface RestoreOptions {
  passphrase?: string;
  /** Replace a target that holds data. */
  force?: boolean;
  /** MOTCUA_SECRET_KEY, when set: it must equal the backup's key, or the signing keys would not unseal. */
  envSecretKey?: Buffer | null;
}

export interface RestoreResult {
  manifest: BackupManifest;
  /** Where the secret key was written (the data folder's secret.key), if the backup had one. */
  secretKeyFile: string | null;
}

async function schemaTables(url: string, schema: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const r = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = $1`, [schema]);
    return r.rows[0]!.n;
  } finally {
    await client.end();
  }
}

const quoteIdent = (s: string) => `"${s.replace(/"/g, '""')}"`;

export async function restoreBackup(path: string, target: RestoreTarget, options: RestoreOptions = {}): Promise<RestoreResult> {
  const { manifest, secretKey } = verifyBackup(path, options.passphrase);
  if (manifest.database.kind !== target.kind) {
    throw new RestoreRefused(
      `bản sao lưu là của ${manifest.database.kind}, nơi khôi phục là ${target.kind} / the backup is of ${manifest.database.kind}, the target is ${target.kind}`,
    );
  }
  if (secretKey && options.envSecretKey && !options.envSecretKey.equals(secretKey)) {
    throw new RestoreRefused(
      'MOTCUA_SECRET_KEY khác khoá trong bản sao lưu: khoá ký số sẽ không mở được; bỏ biến này (khoá sẽ được ghi vào thư mục dữ liệu) / MOTCUA_SECRET_KEY differs from the backup\'s key: the signing keys would not open; unset it (the key is written to the data folder)',
    );
  }
  const keyDir = target.dataDir;
  const keyFile = keyDir ? join(keyDir, 'secret.key') : null;
  if (secretKey && keyFile && existsSync(keyFile) && !options.force) {
    const current = Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'hex');
    if (!current.equals(secretKey)) throw new RestoreRefused(`${keyFile} đã có một khoá khác; dùng --force để thay / ${keyFile} holds another key; use --force to replace it`);
  }
  const dbFile = manifest.files.find((f) => f.name.startsWith('database.'))!.name;

  if (target.kind === 'postgres') {
    const existing = await schemaTables(target.url, target.schema);
    if (existing > 0 && !options.force) {
      throw new RestoreRefused(`lược đồ ${target.schema} đã có ${existing} bảng; chỉ khôi phục vào nơi trống, hoặc dùng --force / schema ${target.schema} already holds ${existing} tables; restore only into an empty target, or use --force`);
    }
    const script = join(path, `.restore-${process.pid}.sql`);
    try {
      await exec(pgBinary('pg_restore'), ['--no-owner', '--no-privileges', '-f', script, join(path, dbFile)], { maxBuffer: 16 * 1024 * 1024 });
      await exec(pgBinary('psql'), ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '--single-transaction', '-c', `DROP SCHEMA IF EXISTS ${quoteIdent(target.schema)} CASCADE`, '-f', script, '-d', target.url], {
        maxBuffer: 64 * 1024 * 1024,
      });
    } catch (e) {
      const err = e as { stderr?: string; message: string };
      throw new Error(`khôi phục PostgreSQL thất bại, không thay đổi gì / the PostgreSQL restore failed and was rolled back: ${(err.stderr || err.message).slice(0, 2000)}`);
    } finally {
      rmSync(script, { force: true });
    }
  } else {
    const holder = dataDirHolder(target.dataDir);
    if (holder) throw new RestoreRefused(`thư mục dữ liệu ${target.dataDir} đang được tiến trình ${holder} dùng; dừng máy chủ trước / the data folder is in use by process ${holder}; stop the server first`);
    const pgDir = join(target.dataDir, 'pg');
    if (existsSync(join(pgDir, 'PG_VERSION')) && !options.force) {
      throw new RestoreRefused(`${pgDir} đã có cơ sở dữ liệu; chỉ khôi phục vào nơi trống, hoặc dùng --force / ${pgDir} already holds a database; restore only into an empty target, or use --force`);
    }
    mkdirSync(target.dataDir, { recursive: true });
    const staging = join(target.dataDir, '.pg.restoring');
    rmSync(staging, { recursive: true, force: true });
    const tar = readFileSync(join(path, dbFile));
    const unpacked = await PGlite.create({ dataDir: staging, loadDataDir: new Blob([tar]) });
    await unpacked.query('SELECT 1');
    await unpacked.close();
    const old = join(target.dataDir, `.pg.before-restore-${Date.now()}`);
    if (existsSync(pgDir)) renameSync(pgDir, old);
    renameSync(staging, pgDir);
    rmSync(old, { recursive: true, force: true });
  }
  let secretKeyFile: string | null = null;
  if (secretKey && keyFile) {
    mkdirSync(keyDir!, { recursive: true });
    writeFileSync(keyFile, secretKey.toString('hex'), { mode: 0o600 });
    secretKeyFile = keyFile;
  }
  await checkRestored(target, manifest);
  return { manifest, secretKeyFile };
}

/** The restored database against the manifest: rows per table, and each upload's content against its sha256. */
async function checkRestored(target: RestoreTarget, manifest: BackupManifest): Promise<void> {
  const handle = await openDatabase(target.kind === 'postgres' ? { databaseUrl: target.url, schema: target.schema, poolSize: 2 } : { dataDir: target.dataDir });
  try {
    const counts = await tableCounts(handle.db);
    const diffs = Object.keys({ ...counts, ...manifest.database.tables })
      .filter((t) => counts[t] !== manifest.database.tables[t])
      .map((t) => `${t}: ${counts[t] ?? '-'} ≠ ${manifest.database.tables[t] ?? '-'}`);
    if (diffs.length > 0) throw new Error(`số dòng sau khôi phục khác manifest / row counts differ from the manifest: ${diffs.join('; ')}`);
    let bad = 0;
    let after = '';
    for (;;) {
      const rows = await sql<{ sha256: string; content: Uint8Array }>`SELECT sha256, content FROM blobs WHERE sha256 > ${after} ORDER BY sha256 LIMIT 200`.execute(handle.db);
      for (const r of rows.rows) if (createHash('sha256').update(r.content).digest('hex') !== r.sha256) bad++;
      if (rows.rows.length < 200) break;
      after = rows.rows[rows.rows.length - 1]!.sha256;
    }
    if (bad > 0) throw new Error(`${bad} nội dung tải lên không khớp SHA-256 / upload contents do not match their SHA-256`);
  } finally {
    await handle.close();
  }
}
