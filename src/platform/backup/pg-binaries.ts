/**
 * PostgreSQL's client programs (pg_dump, pg_restore, pg_basebackup…): MOTCUA_PG_BIN names their folder;
 * else the newest /usr/lib/postgresql/<version>/bin (Debian, Ubuntu: /usr/bin holds a wrapper that picks a
 * version by cluster, not by server); else `pg_config --bindir`; else the name alone, found in PATH.
 * pg_dump must be at least as new as the server it dumps.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

let cached: string | null | undefined;

export function pgBinDir(): string | null {
  if (process.env.MOTCUA_PG_BIN) return process.env.MOTCUA_PG_BIN;
  if (cached !== undefined) return cached;
  cached = null;
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian).filter((v) => /^\d+$/.test(v) && existsSync(join(debian, v, 'bin', 'pg_dump'))).sort((a, b) => Number(b) - Number(a));
    if (versions[0]) cached = join(debian, versions[0], 'bin');
  }
  if (!cached) {
    try {
      const dir = execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim();
      if (dir && existsSync(join(dir, 'pg_dump'))) cached = dir;
    } catch {
      // no pg_config: PATH decides
    }
  }
  return cached;
}

export const pgBinary = (name: string): string => {
  const dir = pgBinDir();
  return dir ? join(dir, name) : name;
};
