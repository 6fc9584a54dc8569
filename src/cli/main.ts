/**
 * motcua command line, for administrators and scripts.
 *
 *   motcua calendar holidays <year> [--org <agency e-ID>]
 *   motcua calendar due --start <ISO 8601 instant> --duration <n><wd|wh|d|m> [--org <agency e-ID>]
 *   motcua migrate
 *   motcua verify-logs
 *   motcua uploads purge [--dry-run]
 *   motcua verify-audit
 *   motcua payments reconcile --day <YYYY-MM-DD>
 *   motcua backup [--out <folder>] [--passphrase-env <VAR>]
 *   motcua restore <backup folder> [--force] [--passphrase-env <VAR>]
 *
 * The national calendar needs no database: without --org it uses the database's schedules when one
 * exists (administrators' edits) and the shipped announcements otherwise.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WorkingCalendar, DEFAULT_WEEKLY_HOURS } from '../modules/calendar/domain/working-calendar.ts';
import { OFFICIAL_YEARS } from '../modules/calendar/domain/official-years.ts';
import { computeDue, MAX_DURATION, parseDuration, withinMaxDuration } from '../modules/calendar/domain/deadlines.ts';
import { formatVietnamIso, isoDate, parseIsoDate } from '../modules/calendar/domain/local-time.ts';
import { snapshotOpenDay } from '../modules/measurement/open-snapshots.ts';
import { verifyChain } from '../modules/dossiers/domain/action-log.ts';
import { databaseOptions, loadSecretKey, loadSettings } from '../settings.ts';
import { openAndMigrate, type DatabaseHandle } from '../platform/db/db.ts';
import { migrate } from '../platform/db/migrate.ts';
import { createContext } from '../context.ts';
import { seedDemoIfEmpty } from '../demo/seed.ts';
import { diffCounters, rebuildCounters, recomputeCounters, storedCounters } from '../modules/measurement/stats.ts';
import { importDossiers } from '../modules/dossiers/import.ts';
import { purgeUnattachedUploads } from '../modules/uploads/upload-purge.ts';
import { verifyAuditChain } from '../modules/audit/audit.ts';
import { reconcileDay } from '../modules/payments/reconcile.ts';
import { DataDirLockedError, openDatabase } from '../platform/db/db.ts';

const USAGE = `Cách dùng / usage:
  motcua calendar holidays <năm> [--org <mã định danh cơ quan>]
  motcua calendar due --start <thời điểm ISO 8601> --duration <n><wd|wh|d|m> [--org <mã định danh cơ quan>]
  motcua migrate
  motcua verify-logs
  motcua verify-audit
  motcua stats check | motcua stats rebuild
  motcua stats snapshot --from <YYYY-MM-DD> [--to <YYYY-MM-DD>]
  motcua import dossiers <tệp.ndjson>
  motcua uploads purge [--dry-run]   (xoá tệp tải lên không gắn vào hồ sơ/bản nháp nào sau MOTCUA_UPLOAD_UNATTACHED_HOURS giờ)
  motcua backup [--out <thư mục>] [--passphrase-env <BIẾN>]   (sao lưu CSDL, nội dung tải lên và khoá ký số mã hoá bằng mật khẩu trong biến BIẾN, mặc định MOTCUA_BACKUP_PASSPHRASE)
  motcua restore <thư mục sao lưu> [--force] [--passphrase-env <BIẾN>]   (khôi phục vào nơi trống; --force: thay dữ liệu đang có)
  motcua payments reconcile --day <YYYY-MM-DD>   (đối soát thanh toán trực tuyến của một ngày với querydr của cổng thanh toán; cần MOTCUA_VNPAY_*)
Đơn vị / units: wd = ngày làm việc, wh = giờ làm việc, d = ngày, m = tháng.
Ví dụ / example: motcua calendar due --start 2026-11-23T09:00:00+07:00 --duration 15wd`;

class UsageError extends Error {}

function parseArgs(argv: string[]) {
  const positional: string[] = [];
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--help' || a === '-h') flags.set('help', 'true');
    else if (a === '--dry-run') flags.set('dry-run', 'true');
    else if (a === '--force') flags.set('force', 'true');
    else if (a.startsWith('--')) {
      const [name, inline] = a.slice(2).split('=', 2);
      const value = inline ?? argv[++i];
      if (value === undefined) throw new UsageError(`thiếu giá trị cho --${name} / missing value for --${name}`);
      flags.set(name!, value);
    } else positional.push(a);
  }
  return { positional, flags };
}

async function withDatabase<T>(fn: (h: DatabaseHandle) => Promise<T>): Promise<T> {
  const settings = loadSettings(process.env);
  const handle = await openAndMigrate(databaseOptions(settings));
  try {
    return await fn(handle);
  } finally {
    await handle.close();
  }
}

function hasDatabase(): boolean {
  const settings = loadSettings(process.env);
  return !!settings.databaseUrl || existsSync(join(settings.dataDir, 'pg', 'PG_VERSION'));
}

async function calendarFor(org: string | undefined): Promise<{ calendar: WorkingCalendar; close: () => Promise<void> }> {
  if (!org && !hasDatabase()) {
    const schedules = Object.fromEntries(OFFICIAL_YEARS.map((y) => [y.year, y]));
    return { calendar: new WorkingCalendar({ weeklyHours: DEFAULT_WEEKLY_HOURS, cutoffMinute: null, yearSchedules: schedules }), close: async () => {} };
  }
  const settings = loadSettings(process.env);
  const handle = await openAndMigrate(databaseOptions(settings));
  try {
    const ctx = createContext(handle.db);
    await seedDemoIfEmpty(ctx, { enabled: false }); // reference calendar years, never demo data
    let orgId: string | null = null;
    if (org) {
      const found = (await ctx.orgs.findByEid(org)) ?? (await ctx.orgs.find(org));
      if (!found) throw new UsageError(`không có cơ quan "${org}" / no organisation "${org}"`);
      orgId = found.id;
    }
    return { calendar: await ctx.calendars.forOrg(orgId), close: () => handle.close() };
  } catch (e) {
    await handle.close();
    throw e;
  }
}

export async function run(argv: string[], out: (line: string) => void): Promise<void> {
  const { positional, flags } = parseArgs(argv);
  const [group, command, ...rest] = positional;
  if (flags.has('help') || !group) {
    out(USAGE);
    return;
  }
  if (group === 'calendar' && command === 'holidays') {
    const year = Number(rest[0]);
    if (rest.length !== 1 || !Number.isInteger(year) || year < 1900 || year > 2200) throw new UsageError('năm phải là số từ 1900 đến 2200 / year must be 1900–2200');
    const { calendar, close } = await calendarFor(flags.get('org'));
    try {
      const s = calendar.yearSchedule(year);
      const lines = [...s.daysOff.map((d) => `${d.date} ${d.name}`), ...s.workingDays.map((d) => `${d.date} ${d.name} (ngày làm việc bù)`)].sort();
      lines.forEach((l) => out(l));
    } finally {
      await close();
    }
    return;
  }
  if (group === 'calendar' && command === 'due') {
    const start = flags.get('start');
    const durationText = flags.get('duration');
    if (!start || !durationText) throw new UsageError('cần --start và --duration / --start and --duration are required');
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(start) || Number.isNaN(Date.parse(start))) {
      throw new UsageError(`--start phải là thời điểm ISO 8601 có múi giờ, vd 2026-11-23T09:00:00+07:00 / --start must be an ISO 8601 instant with offset`);
    }
    const duration = parseDuration(durationText);
    if (duration && !withinMaxDuration(duration)) throw new UsageError(`--duration tối đa / at most ${JSON.stringify(MAX_DURATION)}`);
    if (!duration) throw new UsageError('--duration dạng <n><wd|wh|d|m>, vd 15wd, 4wh, 30d / --duration like 15wd, 4wh, 30d');
    const { calendar, close } = await calendarFor(flags.get('org'));
    try {
      out(formatVietnamIso(computeDue(calendar, new Date(start), duration)));
    } finally {
      await close();
    }
    return;
  }
  if (group === 'migrate') {
    await withDatabase(async (h) => {
      const applied = await migrate(h.db);
      out(applied.length ? `đã áp dụng / applied: ${applied.join(', ')}` : 'cơ sở dữ liệu đã cập nhật / up to date');
    });
    return;
  }
  if (group === 'verify-logs') {
    await withDatabase(async (h) => {
      const rows = await h.db.selectFrom('dossier_actions').selectAll().orderBy('dossier_id').orderBy('seq').execute();
      const byDossier = new Map<string, typeof rows>();
      for (const r of rows) byDossier.set(r.dossier_id, [...(byDossier.get(r.dossier_id) ?? []), r]);
      let broken = 0;
      for (const [id, list] of byDossier) {
        const bad = verifyChain(
          list.map((r) => ({
            dossierId: r.dossier_id, seq: r.seq, action: r.action, fromStatus: r.from_status, toStatus: r.to_status, actorId: r.actor_id,
            actorRole: r.actor_role, actorOrgId: r.actor_org_id, at: r.at.toISOString(), payload: r.payload, prevHash: r.prev_hash, hash: r.hash,
          })),
        );
        if (bad !== null) {
          broken++;
          out(`HỎNG / BROKEN ${id} at seq ${bad}`);
        }
      }
      out(`${byDossier.size} hồ sơ, ${rows.length} thao tác, ${broken} chuỗi hỏng / dossiers, actions, broken chains`);
      if (broken > 0) process.exitCode = 1;
    });
    return;
  }
  if (group === 'verify-audit') {
    await withDatabase(async (h) => {
      const v = await verifyAuditChain(h.db);
      if (v.brokenAt !== null) out(`HỎNG / BROKEN nhật ký kiểm tra tại / audit log at seq ${v.brokenAt}`);
      if (v.headMismatch) out('HỎNG / BROKEN đầu chuỗi không khớp mục cuối (mất mục ở cuối?) / the chain head does not match the last entry (entries removed from the end?)');
      out(`${v.entries} mục nhật ký kiểm tra, ${v.brokenAt === null && !v.headMismatch ? 'chuỗi nguyên vẹn / chain intact' : 'chuỗi hỏng / chain broken'} / audit entries`);
      if (v.brokenAt !== null || v.headMismatch) process.exitCode = 1;
    });
    return;
  }
  if (group === 'import' && command === 'dossiers') {
    const file = rest[0];
    if (!file || !existsSync(file)) throw new UsageError('cần đường dẫn tệp NDJSON / an NDJSON file path is required');
    await withDatabase(async (h) => {
      const report = await importDossiers(createContext(h.db), readFileSync(file, 'utf8'));
      for (const e of report.errors.slice(0, 100)) out(`DÒNG / LINE ${e.line}${e.code ? ` (${e.code})` : ''}: ${e.message}`);
      out(`${report.lines} dòng: ${report.imported} nhập, ${report.skipped} đã có, ${report.errors.length} lỗi / lines: imported, already there, errors`);
      if (report.errors.length > 0) process.exitCode = 1;
    });
    return;
  }
  if (group === 'uploads' && command === 'purge') {
    if (rest.length > 0) throw new UsageError(`thừa tham số / unexpected arguments: ${rest.join(' ')}`);
    const settings = loadSettings(process.env);
    await withDatabase(async (h) => {
      const r = await purgeUnattachedUploads(createContext(h.db, { config: settings.config }), { dryRun: flags.has('dry-run') });
      const mb = (r.bytes / 1024 / 1024).toFixed(1);
      out(
        r.dryRun
          ? `${r.uploads} tệp (${mb} MB) sẽ bị xoá — chạy thử, chưa xoá gì / would be removed (dry run, nothing removed)`
          : `đã xoá ${r.uploads} tệp (${mb} MB, ${r.blobs} nội dung), giữ lại ${r.kept} vừa được gắn / removed ${r.uploads} uploads (${r.blobs} contents), kept ${r.kept} attached meanwhile`,
      );
    });
    return;
  }
  if (group === 'payments' && command === 'reconcile') {
    const day = flags.get('day') ?? '';
    if (parseIsoDate(day) === null) throw new UsageError('--day là ngày YYYY-MM-DD / --day is a YYYY-MM-DD date');
    const settings = loadSettings(process.env);
    if (!settings.config.payment) throw new UsageError('chưa cấu hình cổng thanh toán (MOTCUA_VNPAY_*) / no payment gateway configured (MOTCUA_VNPAY_*)');
    await withDatabase(async (h) => {
      const r = await reconcileDay(createContext(h.db, { config: settings.config }), day);
      for (const l of r.mismatches) out(`LỆCH / MISMATCH ${l.txnRef} ${l.dossierCode}: ${l.mismatch} (ở đây / here: ${l.ours.status} ${l.ours.amountVnd} đ; cổng / gateway: ${l.gateway ? `${l.gateway.responseCode}/${l.gateway.transactionStatus ?? '-'} ${l.gateway.amountVnd ?? '-'} đ` : '-'})`);
      out(`${r.day}: ${r.checked} giao dịch, ${r.matched} khớp, ${r.mismatches.length} lệch / transactions, matched, mismatched`);
      if (r.mismatches.length > 0) process.exitCode = 1;
    });
    return;
  }
  if (group === 'stats' && command === 'snapshot') {
    const from = parseIsoDate(flags.get('from') ?? '');
    const to = parseIsoDate(flags.get('to') ?? flags.get('from') ?? '');
    if (from === null || to === null || to < from || to - from > 3660) throw new UsageError('--from và --to là ngày YYYY-MM-DD / --from and --to are YYYY-MM-DD dates');
    await withDatabase(async (h) => {
      for (let d = from; d <= to; d++) out(`${isoDate(d)}: ${await snapshotOpenDay(h.db, isoDate(d))} dòng / rows`);
    });
    return;
  }
  if (group === 'stats' && (command === 'check' || command === 'rebuild')) {
    await withDatabase(async (h) => {
      const diffs = command === 'rebuild' ? await rebuildCounters(h.db) : diffCounters(await storedCounters(h.db), await recomputeCounters(h.db));
      for (const d of diffs.slice(0, 50)) out(`KHÁC / DIFF ${d.cell}: lưu ${d.stored}, tính lại ${d.recomputed}`);
      out(`${diffs.length} ô khác với số tính lại từ nhật ký / cells differ from the recomputation${command === 'rebuild' ? ' (đã ghi lại / rebuilt)' : ''}`);
      if (command === 'check' && diffs.length > 0) process.exitCode = 1;
    });
    return;
  }
  if (group === 'backup' || group === 'restore') {
    await backupOrRestore(group, [command, ...rest].filter((x): x is string => x !== undefined), flags, out);
    return;
  }
  throw new UsageError(`lệnh không hợp lệ / unknown command: ${positional.join(' ')}`);
}

/** The passphrase from the variable --passphrase-env names (default MOTCUA_BACKUP_PASSPHRASE): never on the command line, where `ps` shows it. */
function passphraseFrom(flags: Map<string, string>): string | undefined {
  const name = flags.get('passphrase-env') ?? 'MOTCUA_BACKUP_PASSPHRASE';
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new UsageError('--passphrase-env là tên một biến môi trường / --passphrase-env names an environment variable');
  return process.env[name] || undefined;
}

async function backupOrRestore(group: 'backup' | 'restore', args: string[], flags: Map<string, string>, out: (line: string) => void): Promise<void> {
  const settings = loadSettings(process.env);
  const passphrase = passphraseFrom(flags);
  // Loaded on use: the other commands start without them.
  const { createBackup } = await import('../platform/backup/backup.ts');
  const { restoreBackup } = await import('../platform/backup/restore.ts');
  if (group === 'backup') {
    if (args.length > 0) throw new UsageError(`thừa tham số / unexpected arguments: ${args.join(' ')}`);
    // The key that seals the signing keys: from MOTCUA_SECRET_KEY or the data folder; none yet, none to save.
    const hasKey = !!process.env.MOTCUA_SECRET_KEY?.trim() || existsSync(join(settings.dataDir, 'secret.key'));
    const secretKey = hasKey ? loadSecretKey(process.env, settings.dataDir) : undefined;
    if (secretKey && !passphrase) {
      throw new UsageError(`cần mật khẩu sao lưu trong biến ${flags.get('passphrase-env') ?? 'MOTCUA_BACKUP_PASSPHRASE'} để mã hoá khoá ký số / a backup passphrase is required in that variable to encrypt the signing keys`);
    }
    let handle: DatabaseHandle;
    try {
      handle = await openDatabase({ ...databaseOptions(settings), poolSize: 2 });
    } catch (e) {
      if (e instanceof DataDirLockedError) {
        throw new Error(
          `${e.message}\nPGlite: máy chủ đang chạy giữ thư mục dữ liệu; dừng máy chủ rồi sao lưu, hoặc để máy chủ tự sao lưu định kỳ (MOTCUA_BACKUP_DIR, MOTCUA_BACKUP_EVERY_HOURS) / the running server holds the folder: stop it, or let it back itself up (MOTCUA_BACKUP_DIR, MOTCUA_BACKUP_EVERY_HOURS)`,
        );
      }
      throw e;
    }
    try {
      const r = await createBackup(handle.db, { outDir: flags.get('out') ?? settings.backup.dir ?? './backups', passphrase, secretKey });
      const rows = Object.values(r.manifest.database.tables).reduce((a, b) => a + b, 0);
      out(`đã sao lưu / backed up: ${r.path}`);
      out(`${r.manifest.database.kind}, ${r.manifest.database.migration}, ${rows} dòng / rows, ${r.manifest.uploads.contents} tệp tải lên / upload contents, khoá ký số / signing keys: ${r.manifest.secretKey === 'sealed' ? 'đã mã hoá / encrypted' : 'không có / none'}`);
    } finally {
      await handle.close();
    }
    return;
  }
  if (args.length !== 1) throw new UsageError('cần đúng một thư mục sao lưu / exactly one backup folder is required');
  const raw = process.env.MOTCUA_SECRET_KEY?.trim();
  const envSecretKey = raw ? loadSecretKey(process.env, settings.dataDir) : null;
  const target = settings.databaseUrl
    ? { kind: 'postgres' as const, url: settings.databaseUrl, schema: 'public', dataDir: settings.dataDir }
    : { kind: 'pglite' as const, dataDir: settings.dataDir };
  const r = await restoreBackup(args[0]!, target, { passphrase, force: flags.has('force'), envSecretKey });
  out(`đã khôi phục / restored ${r.manifest.database.kind} (${r.manifest.database.migration}, sao lưu lúc / backed up at ${r.manifest.createdAt})`);
  if (r.secretKeyFile) out(`khoá mở khoá ký số / secret key: ${r.secretKeyFile}`);
  out('số dòng và mã SHA-256 của tệp tải lên khớp manifest; nên chạy thêm / row counts and upload SHA-256 match the manifest; also run: motcua verify-logs, motcua verify-audit, motcua stats check');
}

const isMain = !!process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1]);
if (isMain || process.env.MOTCUA_CLI === '1') {
  run(process.argv.slice(2), (l) => console.log(l)).catch((e) => {
    if (e instanceof UsageError) {
      console.error(`${e.message}\n\n${USAGE}`);
      process.exit(2);
    }
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
