/**
 * Starts motcua: opens the database (PGlite under ./data, or DATABASE_URL), applies migrations, seeds
 * the demo on first start, listens on PORT (3000).
 */
import { databaseOptions, loadSecretKey, loadSettings } from './settings.ts';
import { openAndMigrate, openDatabase } from './platform/db/db.ts';
import { createContext } from './context.ts';
import { buildApp } from './app.ts';
import { seedDemoIfEmpty } from './demo/seed.ts';
import { demoYearToLoad, seedDemoHistory } from './demo/history-seed.ts';
import { backfillSignedDigests, issueDemoIdentitiesForAll } from './modules/signing/signing.ts';
import { snapshotMissingDays } from './modules/measurement/open-snapshots.ts';
import { refileLegacyCounters } from './modules/measurement/stats.ts';
import { purgeUnattachedUploads } from './modules/uploads/upload-purge.ts';
import { outboxHandlers, registerJob, startOutboxLoop } from './platform/outbox/index.ts';
import { registerNationalPortalSync } from './modules/integrations/national-portal/sync.ts';
import { registerPopulationCheck } from './modules/integrations/population/check.ts';
import { startAllDemoSandboxes } from './demo/integration-sandboxes.ts';
import { registerBackupJob } from './platform/backup/schedule.ts';
import cluster from 'node:cluster';
import { runPrimary } from './cluster.ts';
import { appRegistry } from './modules/operations/metrics.ts';

async function main() {
  const settings = loadSettings(process.env, process.argv.slice(2));
  // N API processes (MOTCUA_WORKERS / --processes): this process only starts and watches them (src/cluster.ts).
  if (settings.processes > 1 && cluster.isPrimary) return runPrimary(settings);
  // In a cluster, process 0 alone loads the demo year and prints the banner; the others serve.
  const first = Number(process.env.MOTCUA_WORKER_INDEX ?? 0) === 0;
  const handle = await openAndMigrate(databaseOptions(settings));
  // Migration 009 added the signed digest that identifies issued documents; older rows get it here.
  await backfillSignedDigests(handle.db);
  // Migration 020 keyed the counters by channel and field too; counters written before it are re-filed from the logs.
  if (await refileLegacyCounters(handle.db)) console.log('counters re-filed by channel and field from the action logs (migration 020)');
  // The demo's outside systems (VNeID, national portal, post, payment gateway, SMS) are local SANDBOXES,
  // never started in place of a configured system (src/demo/integration-sandboxes.ts).
  const sandboxes = await startAllDemoSandboxes(settings, process.env);
  // DATABASE_READ_URL: a streaming replica (no migrations there: it replays the primary's) for reports and public pages.
  const readHandle = settings.databaseReadUrl ? await openDatabase({ databaseUrl: settings.databaseReadUrl, replica: true, preparedPerConnection: settings.preparedPerConnection }) : null;
  const ctx = createContext(handle.db, { readDb: readHandle?.db, config: { ...sandboxes.config, secretKey: loadSecretKey(process.env, settings.dataDir) } });
  // Dossier messages go to the national portal only where it is configured; otherwise they wait (pending).
  if (ctx.config.nationalPortal) registerNationalPortalSync(outboxHandlers, { syncImported: ctx.config.nationalPortal.syncImported });
  // New dossiers are checked against the population database only where it is configured.
  if (ctx.config.population) registerPopulationCheck(outboxHandlers);
  // Scheduled backups (off unless MOTCUA_BACKUP_EVERY_HOURS > 0): run by the outbox loop's job runner.
  if (settings.backup.dir && settings.backup.everyHours > 0) {
    registerBackupJob({ dir: settings.backup.dir, everyHours: settings.backup.everyHours, keep: settings.backup.keep, passphrase: process.env.MOTCUA_BACKUP_PASSPHRASE! });
  }
  const seeded = await seedDemoIfEmpty(ctx, { enabled: settings.seedDemo, history: settings.demoHistory.enabled ? { dossiers: settings.demoHistory.dossiers } : null });
  const certificates = settings.config.demoPki ? await issueDemoIdentitiesForAll(ctx) : 0;
  const app = await buildApp(ctx, { logger: true });
  // In a cluster the primary may ask this process for its metrics before it has been scraped itself.
  if (cluster.isWorker) appRegistry(ctx);
  // Uploads attached to nothing after a day are removed: at start, then hourly; a failure is logged
  // and tried again at the next hour, never taking the server down.
  const purgeUploads = () =>
    purgeUnattachedUploads(ctx)
      .then((r) => r.uploads > 0 && app.log.info({ removed: r.uploads, bytes: r.bytes, blobs: r.blobs }, 'unattached uploads removed'))
      .catch((e) => app.log.error({ err: e }, 'purge of unattached uploads failed'));
  // With the outbox loop on, the hourly sweeps are periodic jobs (src/platform/outbox/jobs.ts): one
  // process runs each, however many there are. Without it (a separate worker runs the outbox), timers.
  const sweepsAsJobs = settings.outbox.intervalSeconds > 0;
  const purgeTimer = sweepsAsJobs ? null : setInterval(() => void purgeUploads(), 3_600_000);
  purgeTimer?.unref();
  // Outbox messages go to their handlers from an in-process loop (the embedded default); a failed run
  // is logged and the next one tries again.
  const outboxLoop =
    settings.outbox.intervalSeconds > 0
      ? startOutboxLoop(ctx, {
          intervalMs: settings.outbox.intervalSeconds * 1000,
          maxAttempts: settings.outbox.maxAttempts,
          onError: (e) => app.log.error({ err: e }, 'outbox run failed'),
          onRun: (r) => (r.claimed > 0 ? app.log.info(r, 'outbox run') : undefined),
        })
      : null;
  const shutdown = async (signal: string) => {
    app.log.info(`${signal}: closing`);
    if (purgeTimer) clearInterval(purgeTimer);
    await outboxLoop?.stop();
    await app.close();
    await sandboxes.stop();
    await readHandle?.close();
    await handle.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  await app.listen({ port: settings.port, host: settings.host });
  // Daily snapshots of open dossiers for the 766 index: at start, then hourly (each missing day once).
  const snapshot = () =>
    snapshotMissingDays(handle.db, ctx.clock()).catch((e) => app.log.error({ err: e }, 'open-dossier snapshot failed'));
  if (sweepsAsJobs) {
    // Due at once the first time they are seen, then hourly; failures are kept in the jobs table and logged.
    registerJob({ name: 'uploads.purge-unattached', intervalSeconds: 3600, run: async () => void (await purgeUploads()) });
    registerJob({ name: 'measurement.open-snapshots', intervalSeconds: 3600, run: async () => void (await snapshot()) });
  } else {
    void snapshot();
    void purgeUploads();
    const timer = setInterval(() => void snapshot(), 3_600_000);
    timer.unref();
  }
  // The demo year: in the background, the server answering meanwhile (progress in the log and GET /api/health).
  const plan = first && seeded.demo && settings.demoHistory.enabled ? await demoYearToLoad(ctx, settings.demoHistory.dossiers) : null;
  if (plan) {
    const started = Date.now();
    let lastPercent = -1;
    void seedDemoHistory(ctx, plan, {
      onProgress: (p) => {
        const percent = p.total > 0 ? Math.floor((100 * p.done) / p.total) : 100;
        if (p.state === 'running' && percent - lastPercent < 10 && p.done < p.total) return;
        lastPercent = percent;
        console.log(`Đang nạp dữ liệu mẫu một năm (DEMO): ${percent} % (${p.done}/${p.total} hồ sơ) — loading the demo year`);
      },
    }).then((r) => {
      if (r.errors.length > 0) app.log.error({ errors: r.errors.slice(0, 5), count: r.errors.length }, 'demo year: some dossiers were not loaded');
      console.log(r.state === 'done' ? `Đã nạp xong dữ liệu mẫu một năm: ${r.total} hồ sơ trong ${Math.round((Date.now() - started) / 1000)} giây.` : 'Nạp dữ liệu mẫu thất bại (xem nhật ký); khởi động lại để nạp tiếp.');
    }).catch((e) => app.log.error({ err: e }, 'demo year failed; a restart resumes it'));
  }
  if (!first) return;
  const url = `http://localhost:${settings.port}`;
  const lines = [
    '',
    `motcua đang chạy tại ${url}  (API: ${url}/api/docs)`,
    `Cơ sở dữ liệu: ${handle.kind} (${handle.location})`,
    ...sandboxes.lines,
  ];
  if (seeded.demo) {
    lines.push(
      seeded.created ? 'Đã tạo dữ liệu mẫu (DEMO).' : 'Dữ liệu mẫu (DEMO) đã có từ lần chạy trước.',
      ...(certificates > 0 ? [`CA thử nghiệm (DEMO) đã cấp chứng thư số cho ${certificates} cơ quan — không có giá trị pháp lý.`] : []),
      'Tài khoản mẫu (mật khẩu chung: motcua-demo):',
      ...seeded.accounts.map((a) => `  ${a.username.padEnd(16)} ${a.role.padEnd(11)} ${a.where}`),
    );
  }
  console.log(lines.join('\n'));
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
