/**
 * A real PostgreSQL streaming replica for tests and the benchmark (issue 19): a second local cluster made
 * with `pg_basebackup -R` from the running primary, started on a free port in a temporary folder, removed
 * by stop(). Cluster commands run as the `postgres` system user (`su postgres` when we are root), which
 * reaches the primary through its Unix socket with peer authentication — the `local replication all peer`
 * line every Debian/Ubuntu cluster has — so the primary needs no new role, password or pg_hba entry.
 * The application connects to the replica over TCP with its own role (motcua), replayed from the primary.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import pg from 'pg';
import { pgBinDir } from '../src/platform/backup/pg-binaries.ts';

const exec = promisify(execFile);
const PRIMARY_SOCKET = process.env.MOTCUA_PG_SOCKET_DIR ?? '/var/run/postgresql';

export interface ReplicaCluster {
  port: number;
  /** The primary's URL with the replica's port. */
  url: string;
  dataDir: string;
  /** Runs SQL on the replica as the postgres superuser (pausing replay, for instance). */
  superuser(sqlText: string): Promise<string>;
  stop(): Promise<void>;
}

function whoami(): string {
  try {
    return execFileSync('id', ['-un'], { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

/** Why a replica cannot be started here (null: it can). */
export function replicaUnavailable(primaryUrl: string | undefined): string | null {
  if (!primaryUrl) return 'no PostgreSQL (MOTCUA_TEST_DATABASE_URL unset)';
  const bin = pgBinDir();
  if (!bin || !existsSync(join(bin, 'pg_basebackup')) || !existsSync(join(bin, 'pg_ctl'))) return 'pg_basebackup/pg_ctl not found (MOTCUA_PG_BIN)';
  const user = whoami();
  if (user !== 'root' && user !== 'postgres') return `cluster commands need root or the postgres user (running as ${user})`;
  if (!existsSync(PRIMARY_SOCKET)) return `no primary socket folder ${PRIMARY_SOCKET} (MOTCUA_PG_SOCKET_DIR)`;
  return null;
}

/** Runs a PostgreSQL program as the postgres system user. */
async function asPostgres(program: string, args: string[]): Promise<string> {
  const path = join(pgBinDir()!, program);
  if (whoami() === 'postgres') return (await exec(path, args, { maxBuffer: 8 * 1024 * 1024 })).stdout;
  const quoted = [path, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  return (await exec('su', ['postgres', '-s', '/bin/sh', '-c', quoted], { maxBuffer: 8 * 1024 * 1024 })).stdout;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export async function startReplica(primaryUrl: string): Promise<ReplicaCluster> {
  const primaryPort = new URL(primaryUrl).port || '5432';
  const dataDir = `/tmp/motcua-replica-${randomBytes(5).toString('hex')}`;
  const port = await freePort();
  await asPostgres('pg_basebackup', ['-D', dataDir, '-R', '-X', 'stream', '-c', 'fast', '-h', PRIMARY_SOCKET, '-p', primaryPort]);
  try {
    // Debian keeps the configuration outside the data folder: the copy needs its own.
    const conf = [
      `port = ${port}`,
      `listen_addresses = 'localhost'`,
      `unix_socket_directories = '${dataDir}'`,
      'hot_standby = on',
      'hot_standby_feedback = on',
      // max_connections and the other limits stay the primary's (copied settings): a standby refuses lower ones.
      'fsync = off', // a throwaway replica: durability is the primary's
    ].join('\n');
    const hba = ['local all all peer', 'host all all 127.0.0.1/32 scram-sha-256', 'host all all ::1/128 scram-sha-256'].join('\n');
    await asPostgres('postgres', ['--version']); // fails early with a clear error if the binary is missing
    if (whoami() === 'postgres') {
      writeFileSync(join(dataDir, 'postgresql.conf'), conf + '\n');
      writeFileSync(join(dataDir, 'pg_hba.conf'), hba + '\n');
      writeFileSync(join(dataDir, 'pg_ident.conf'), '');
    } else {
      for (const [name, text] of [['postgresql.conf', conf], ['pg_hba.conf', hba], ['pg_ident.conf', '']] as const) {
        const child = execFile('su', ['postgres', '-s', '/bin/sh', '-c', `cat > '${join(dataDir, name)}'`]);
        child.stdin!.end(text + '\n');
        await new Promise<void>((resolve, reject) => child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`writing ${name} failed`)))));
      }
    }
    await asPostgres('pg_ctl', ['-D', dataDir, '-l', join(dataDir, 'server.log'), '-w', '-t', '90', 'start']);
  } catch (e) {
    let log = '';
    try {
      log = execFileSync('tail', ['-n', '20', join(dataDir, 'server.log')], { encoding: 'utf8' });
    } catch {
      // no log yet
    }
    rmSync(dataDir, { recursive: true, force: true });
    throw new Error(`${(e as Error).message}\n${log}`);
  }
  const url = new URL(primaryUrl);
  url.port = String(port);
  url.hostname = '127.0.0.1';
  // Ready when the application's role can connect and the standby answers.
  const deadline = Date.now() + 60_000;
  for (;;) {
    const client = new pg.Client({ connectionString: url.toString() });
    try {
      await client.connect();
      const r = await client.query<{ r: boolean }>('SELECT pg_is_in_recovery() AS r');
      await client.end();
      if (r.rows[0]!.r) break;
      throw new Error('the copy is not a standby');
    } catch (e) {
      await client.end().catch(() => {});
      if (Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  return {
    port,
    url: url.toString(),
    dataDir,
    superuser: (sqlText) => asPostgres('psql', ['-X', '-At', '-h', dataDir, '-p', String(port), '-d', 'postgres', '-c', sqlText]),
    async stop() {
      await asPostgres('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']).catch(() => {});
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
