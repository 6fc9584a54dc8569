/**
 * CPU time by process, read from /proc (Linux), so a benchmark can say where a lifecycle's CPU went:
 * the API server, the load generator, PostgreSQL's backends, pgbench's client. Throughput alone
 * cannot tell a slow server from a busy database on a 2-core machine where they share the cores.
 * Everything returns null where it cannot be measured (no /proc, a database on another machine).
 */
import { spawnSync, type SpawnSyncOptionsWithStringEncoding, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

const TICK_MS = 10; // USER_HZ is 100 on every Linux this runs on.

interface ProcStat {
  comm: string;
  /** user + system time of the process itself, ms */
  own: number;
  /** user + system time of its children that have exited and been waited for, ms */
  children: number;
}

function procStat(pid: number | string): ProcStat | null {
  try {
    const st = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const comm = st.slice(st.indexOf('(') + 1, st.lastIndexOf(')'));
    const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
    // Fields 14–17 of proc(5), counted from the state field here: utime, stime, cutime, cstime.
    return { comm, own: (Number(f[11]) + Number(f[12])) * TICK_MS, children: (Number(f[13]) + Number(f[14])) * TICK_MS };
  } catch {
    return null;
  }
}

/** CPU ms used so far by one process (null if it is gone or /proc is missing). */
export function processCpuMs(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  return procStat(pid)?.own ?? null;
}

/**
 * CPU ms used so far by every PostgreSQL process on this machine, including backends that have
 * already exited (their time is added to the postmaster's children time when it reaps them).
 * Null when no PostgreSQL runs here.
 */
export function postgresCpuMs(): number | null {
  if (!existsSync('/proc')) return null;
  let total = 0;
  let seen = false;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const s = procStat(pid);
    if (!s || (s.comm !== 'postgres' && !s.comm.startsWith('postgres:'))) continue;
    seen = true;
    total += s.own + s.children;
  }
  return seen ? total : null;
}

/** Runs a command and also returns the CPU ms its process tree used (user + system). */
export function spawnSyncTimed(command: string, args: string[], options: SpawnSyncOptionsWithStringEncoding): SpawnSyncReturns<string> & { cpuMs: number | null } {
  const file = join(tmpdir(), `motcua-times-${randomBytes(4).toString('hex')}`);
  // bash's `times` prints the shell's own times, then its children's: "0m1.234s 0m0.567s".
  const run = spawnSync('bash', ['-c', '"$@"; s=$?; times > "$MOTCUA_TIMES_FILE"; exit $s', 'bench', command, ...args], {
    ...options,
    env: { ...(options.env ?? process.env), MOTCUA_TIMES_FILE: file },
  });
  let cpuMs: number | null = null;
  try {
    const last = readFileSync(file, 'utf8').trim().split('\n').pop() ?? '';
    const parts = [...last.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60_000 + Number(m[2]) * 1000);
    if (parts.length === 2) cpuMs = parts[0]! + parts[1]!;
  } catch {
    /* no times: leave null */
  }
  rmSync(file, { force: true });
  return { ...run, cpuMs };
}

/** ms per unit of work, one decimal, or null. */
export const perUnit = (ms: number | null, units: number) => (ms === null || units === 0 ? null : Math.round((ms / units) * 10) / 10);
