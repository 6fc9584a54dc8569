/**
 * `motcua backup` (and the scheduled backup job): one folder per backup, written under a temporary name
 * and renamed when complete, so a half-written backup never looks like a backup:
 *
 *   motcua-<kind>-<UTC time>/
 *     database.pgdump        PostgreSQL: pg_dump custom format (-Fc) of the schema, or
 *     database.tar.gz        PGlite: dumpDataDir() — the data folder as the running process sees it
 *     secret-key.sealed.json the key that unseals the organisations' signing keys, sealed with the
 *                            operator's passphrase (sealed.ts); the signing keys themselves are rows
 *                            of the database, sealed with that key
 *     manifest.json          format, version, created at, database kind, migration level, rows per
 *                            table, uploads (count, bytes), each file's sha256 and size
 *     manifest.sha256        sha256 of manifest.json: a changed manifest is refused too
 *
 * Uploaded contents live in the database (the `blobs` table, one row per sha256), so the dump holds
 * them; the restore checks each content against its sha256.
 *
 * Consistency: on PostgreSQL the row counts and pg_dump read one snapshot (pg_export_snapshot in a
 * REPEATABLE READ transaction, pg_dump --snapshot), so the counts are those of the dump. On PGlite the
 * counts and dumpDataDir() run while this backup holds the database's only connection: no statement of
 * the server runs in between, and requests wait a moment instead of failing.
 */
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { databaseSource } from '../db/db.ts';
import { sealWithPassphrase } from './sealed.ts';
import { pgBinary } from './pg-binaries.ts';

const exec = promisify(execFile);

export const BACKUP_FORMAT = 'motcua-backup-1';
export const MANIFEST = 'manifest.json';
export const MANIFEST_SUM = 'manifest.sha256';
export const SEALED_KEY = 'secret-key.sealed.json';

export interface BackupFile {
  name: string;
  sha256: string;
  size: number;
}

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  /** motcua's package version that wrote it. */
  version: string;
  createdAt: string;
  database: {
    kind: 'pglite' | 'postgres';
    /** The last migration applied (schema_migrations), e.g. "035_national_portal_sync.sql". */
    migration: string;
    migrations: number;
    /** Rows per table at the moment of the dump. */
    tables: Record<string, number>;
  };
  uploads: { contents: number; bytes: number };
  /** Whether the key that unseals the signing keys is in the backup (sealed with the passphrase). */
  secretKey: 'sealed' | 'absent';
  files: BackupFile[];
}

export interface BackupOptions {
  /** Folder that receives the backup's folder. */
  outDir: string;
  /** Seals the secret key; required when secretKey is given. */
  passphrase?: string;
  /** The 32-byte key that seals the organisations' signing keys (AppConfig.secretKey). */
  secretKey?: Buffer;
  now?: Date;
}

export interface BackupResult {
  path: string;
  manifest: BackupManifest;
}

export const sha256File = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');

/** Base tables of the current schema and their row counts, read through the given executor. */
export async function tableCounts(db: Kysely<DB>): Promise<Record<string, number>> {
  const { rows } = await sql<{ name: string }>`
    SELECT table_name AS name FROM information_schema.tables
    WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`.execute(db);
  const counts: Record<string, number> = {};
  for (const { name } of rows) {
    const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(name)}`.execute(db);
    counts[name] = r.rows[0]!.n;
  }
  return counts;
}

async function migrationLevel(db: Kysely<DB>): Promise<{ migration: string; migrations: number }> {
  const rows = await db.selectFrom('schema_migrations').select('version').orderBy('version').execute();
  return { migration: rows[rows.length - 1]?.version ?? '', migrations: rows.length };
}

async function uploadTotals(db: Kysely<DB>): Promise<{ contents: number; bytes: number }> {
  const r = await sql<{ n: number; bytes: number }>`SELECT count(*)::int AS n, coalesce(sum(size), 0)::float8 AS bytes FROM blobs`.execute(db);
  return { contents: r.rows[0]!.n, bytes: Number(r.rows[0]!.bytes) };
}

export class BackupError extends Error {}

/** Writes a complete backup of the database `db` (opened by openDatabase) into a new folder under outDir. */
export async function createBackup(db: Kysely<DB>, options: BackupOptions): Promise<BackupResult> {
  const source = databaseSource(db);
  if (!source) throw new BackupError('this database was not opened by openDatabase: nothing to back up');
  if (options.secretKey && !options.passphrase) {
    throw new BackupError('cần mật khẩu sao lưu để mã hoá khoá bí mật (--passphrase-env hoặc MOTCUA_BACKUP_PASSPHRASE) / a backup passphrase is required to encrypt the secret key');
  }
  const now = options.now ?? new Date();
  mkdirSync(options.outDir, { recursive: true });
  const name = `motcua-${source.kind}-${stamp(now)}`;
  const final = join(options.outDir, name);
  if (existsSync(final)) throw new BackupError(`${final} đã có / already exists`);
  const partial = join(options.outDir, `.${name}.partial`);
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  try {
    let tables: Record<string, number>;
    let level: { migration: string; migrations: number };
    let uploads: { contents: number; bytes: number };
    let dbFile: string;
    if (source.kind === 'postgres') {
      dbFile = 'database.pgdump';
      ({ tables, level, uploads } = await db.transaction().setIsolationLevel('repeatable read').execute(async (trx) => {
        const snapshot = (await sql<{ s: string }>`SELECT pg_export_snapshot() AS s`.execute(trx)).rows[0]!.s;
        const t = await tableCounts(trx);
        const l = await migrationLevel(trx);
        const u = await uploadTotals(trx);
        await exec(pgBinary('pg_dump'), ['-Fc', '--no-owner', '--no-privileges', `--snapshot=${snapshot}`, '-n', source.schema, '-f', join(partial, dbFile), '-d', source.url], {
          maxBuffer: 16 * 1024 * 1024,
        });
        return { tables: t, level: l, uploads: u };
      }));
    } else {
      dbFile = 'database.tar.gz';
      const pglite = source.pglite;
      ({ tables, level, uploads } = await db.connection().execute(async (conn) => {
        await sql`CHECKPOINT`.execute(conn); // a short recovery when the copy is opened
        const t = await tableCounts(conn);
        const l = await migrationLevel(conn);
        const u = await uploadTotals(conn);
        const tar = await pglite.dumpDataDir('gzip');
        writeFileSync(join(partial, dbFile), Buffer.from(await tar.arrayBuffer()));
        return { tables: t, level: l, uploads: u };
      }));
    }
    const fileNames = [dbFile];
    if (options.secretKey) {
      writeFileSync(join(partial, SEALED_KEY), JSON.stringify(sealWithPassphrase(options.secretKey, options.passphrase!), null, 2), { mode: 0o600 });
      fileNames.push(SEALED_KEY);
    }
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      version: packageVersion(),
      createdAt: now.toISOString(),
      database: { kind: source.kind, ...level, tables },
      uploads,
      secretKey: options.secretKey ? 'sealed' : 'absent',
      files: fileNames.map((f) => ({ name: f, sha256: sha256File(join(partial, f)), size: statSync(join(partial, f)).size })),
    };
    const text = JSON.stringify(manifest, null, 2) + '\n';
    writeFileSync(join(partial, MANIFEST), text);
    writeFileSync(join(partial, MANIFEST_SUM), `${createHash('sha256').update(text).digest('hex')}  ${MANIFEST}\n`);
    renameSync(partial, final);
    return { path: final, manifest };
  } catch (e) {
    rmSync(partial, { recursive: true, force: true });
    throw e;
  }
}
