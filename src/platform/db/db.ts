/**
 * Database choice: DATABASE_URL selects a PostgreSQL server; otherwise PGlite stores the database
 * under the data folder (MOTCUA_DATA_DIR, default ./data). Same migrations and queries on both.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { PGliteDialect } from './pglite-dialect.ts';
import { preparedPool } from './prepared-pool.ts';
import { migrate } from './migrate.ts';
import type { DB } from './schema.ts';

export type Database = Kysely<DB>;

export interface DatabaseHandle {
  db: Database;
  kind: 'pglite' | 'postgres';
  /** Where the data lives, for the start-up banner (no password). */
  location: string;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  databaseUrl?: string;
  /** PGlite data folder; null for an in-memory database (tests). */
  dataDir?: string | null;
  /** PostgreSQL schema to use (tests isolate themselves this way). */
  schema?: string;
  poolSize?: number;
  /** Statements kept prepared per PostgreSQL connection (src/platform/db/prepared-pool.ts); 0 sends every query unnamed. */
  preparedPerConnection?: number;
  /** A streaming replica (DATABASE_READ_URL): read-only, so the schema is not created there (the primary's is replayed). */
  replica?: boolean;
  /** Called with every executed statement (benchmarks capture the app's SQL this way). */
  onQuery?: (sql: string, parameters: readonly unknown[]) => void;
}

function logOption(options: DatabaseOptions) {
  const onQuery = options.onQuery;
  if (!onQuery) return {};
  return {
    log: (event: { level: string; query: { sql: string; parameters: readonly unknown[] } }) => {
      if (event.level === 'query') onQuery(event.query.sql, event.query.parameters);
    },
  };
}

// timestamptz and numeric come back as JS values; int8 (count(*)) we always cast to int in SQL.
pg.types.setTypeParser(pg.types.builtins.FLOAT8, Number);

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    if (options.schema && !options.replica) await ensureSchema(options.databaseUrl, options.schema);
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
    });
    const perConnection = options.preparedPerConnection ?? 100;
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: perConnection > 0 ? preparedPool(pool, { perConnection }) : pool }), ...logOption(options) });
    if (!options.replica) sources.set(db, { kind: 'postgres', url: options.databaseUrl, schema: options.schema ?? 'public' });
    pools.set(db, pool);
    const url = new URL(options.databaseUrl);
    url.password = '';
    return { db, kind: 'postgres', location: url.toString(), close: () => db.destroy() };
  }
  let pglite: PGlite;
  let location = 'memory';
  let unlock = () => {};
  if (options.dataDir) {
    const dir = join(options.dataDir, 'pg');
    mkdirSync(dir, { recursive: true });
    unlock = lockDataDir(options.dataDir);
    try {
      pglite = await PGlite.create({ dataDir: dir });
    } catch (e) {
      unlock();
      throw e;
    }
    location = dir;
  } else {
    pglite = await PGlite.create();
  }
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite), ...logOption(options) });
  embedded.add(db);
  sources.set(db, { kind: 'pglite', pglite, dataDir: options.dataDir ?? null });
  return {
    db,
    kind: 'pglite',
    location,
    close: async () => {
      await db.destroy();
      unlock();
    },
  };
}

/**
 * What a backup needs to read a database it did not open: the PGlite instance (its dumpDataDir() gives a
 * consistent copy while the server runs) or the server address and schema (for pg_dump).
 */
export type DatabaseSource =
  | { kind: 'pglite'; pglite: PGlite; dataDir: string | null }
  | { kind: 'postgres'; url: string; schema: string };
const sources = new WeakMap<object, DatabaseSource>();
export const databaseSource = (db: Kysely<DB>): DatabaseSource | undefined => sources.get(db);
/** The connection pool behind a PostgreSQL database, for the pool metrics (GET /metrics). */
const pools = new WeakMap<object, pg.Pool>();

/** Connections of the pool: open, idle, and requests waiting for one; PGlite is one connection, never waited for. */
export function poolUse(db: Kysely<DB>): { total: number; idle: number; waiting: number; max: number } {
  const pool = pools.get(db);
  if (!pool) return { total: 1, idle: 0, waiting: 0, max: 1 };
  return { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: pool.options.max ?? 10 };
}

/** Databases that run inside this process (PGlite): their statements hold the event loop while they run. */
const embedded = new WeakSet<object>();
export const isEmbedded = (db: Kysely<DB>): boolean => embedded.has(db);

export class DataDirLockedError extends Error {}

/**
 * PGlite is one process's database: two processes opening the same folder would corrupt it. A pid
 * file says who has it; a stale one (its process gone) is taken over.
 */
function lockDataDir(dataDir: string): () => void {
  const file = join(dataDir, 'motcua.pid');
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    if (pid && pid !== process.pid && isAlive(pid)) {
      throw new DataDirLockedError(
        `the data folder ${dataDir} is in use by process ${pid} (a running motcua server?). Stop it, or use the HTTP API / DATABASE_URL.`,
      );
    }
  } catch (e) {
    if (e instanceof DataDirLockedError) throw e;
  }
  writeFileSync(file, String(process.pid));
  return () => rmSync(file, { force: true });
}

/** The process that holds a PGlite data folder, if one runs (restore refuses to replace a folder in use). */
export function dataDirHolder(dataDir: string): number | null {
  try {
    const pid = Number(readFileSync(join(dataDir, 'motcua.pid'), 'utf8').trim());
    return pid && pid !== process.pid && isAlive(pid) ? pid : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function ensureSchema(databaseUrl: string, schema: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name ${schema}`);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  } finally {
    await client.end();
  }
}

export async function openAndMigrate(options: DatabaseOptions): Promise<DatabaseHandle> {
  const handle = await openDatabase(options);
  try {
    await migrate(handle.db);
  } catch (e) {
    await handle.close();
    throw e;
  }
  return handle;
}

/** JSON text for a jsonb column. */
/** The health check's round trip: the database answers a trivial query. */
export async function pingDatabase(db: Kysely<DB>): Promise<void> {
  await sql`SELECT 1`.execute(db);
}

export const json = (value: unknown): string => JSON.stringify(value);

export { sql };
