/**
 * Scheduled backups: a periodic job (src/platform/outbox/jobs.ts) that writes a backup into
 * MOTCUA_BACKUP_DIR every MOTCUA_BACKUP_EVERY_HOURS hours and keeps the newest MOTCUA_BACKUP_KEEP. It
 * runs inside the server, so on PGlite it backs up the open database (dumpDataDir) without stopping it;
 * with several processes on PostgreSQL the job's claim lets exactly one of them run it.
 */
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { registerJob, type JobRegistry } from '../outbox/jobs.ts';
import { createBackup } from './backup.ts';

export interface BackupSchedule {
  dir: string;
  everyHours: number;
  keep: number;
  passphrase: string;
}

/** Backup folders under dir, oldest first (their names end in the UTC time, so they sort by age). */
export function listBackups(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.filter((n) => /^motcua-(pglite|postgres)-\d{8}T\d{6}Z$/.test(n)).sort((a, b) => a.slice(a.lastIndexOf('-')).localeCompare(b.slice(b.lastIndexOf('-'))));
}

/** Removes the oldest backups beyond `keep`; returns the removed folders. */
export function pruneBackups(dir: string, keep: number): string[] {
  const all = listBackups(dir);
  const gone = all.slice(0, Math.max(0, all.length - keep));
  for (const n of gone) rmSync(join(dir, n), { recursive: true, force: true });
  return gone;
}

export function registerBackupJob(schedule: BackupSchedule, registry?: JobRegistry): void {
  registerJob(
    {
      name: 'backup',
      intervalSeconds: Math.round(schedule.everyHours * 3600),
      // pg_dump of a large city takes a while: the claim outlives it so no second process starts one.
      leaseSeconds: Math.max(6 * 3600, Math.round(schedule.everyHours * 7200)),
      run: async (ctx, now) => {
        const secretKey = ctx.config.secretKey.length === 32 ? ctx.config.secretKey : undefined;
        await createBackup(ctx.db, { outDir: schedule.dir, passphrase: schedule.passphrase, secretKey, now });
        // Prune only after a new backup is complete: a failing backup never removes the good ones.
        pruneBackups(schedule.dir, schedule.keep);
      },
    },
    registry,
  );
}
