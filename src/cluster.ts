/**
 * Several API processes (issue 19): `MOTCUA_WORKERS=N` or `npm start -- --processes N` makes this
 * process the primary of a node:cluster that runs N copies of the server (src/main.ts) sharing one port
 * and one PostgreSQL. The primary serves nothing itself: it applies the migrations once, starts the
 * first process (which seeds the demo on a first start) and, once that one listens, the others; it
 * restarts a process that dies, gathers GET /metrics over all of them (cluster-metrics.ts) and passes
 * SIGTERM/SIGINT on for a clean shutdown.
 *
 * What stays correct with N > 1 (docs/operations.md, "Several API processes"): everything shared lives
 * in the database — sessions, the login throttle, upload quotas, OTP attempts, outbox messages and
 * periodic jobs, each claimed by one process with FOR UPDATE SKIP LOCKED.
 */
import cluster, { type Worker } from 'node:cluster';
import { openAndMigrate } from './platform/db/db.ts';
import { databaseOptions, type Settings } from './settings.ts';
import { serveClusterMetrics } from './platform/observability/cluster-metrics.ts';

/** A process that dies within this long of its start is restarted after a pause (no tight crash loop). */
const RESTART_PAUSE_MS = 2_000;

export async function runPrimary(settings: Settings): Promise<void> {
  const handle = await openAndMigrate(databaseOptions(settings));
  await handle.close();
  serveClusterMetrics();
  let stopping = false;
  const live = new Set<Worker>();
  const start = (index: number): Promise<void> =>
    new Promise((resolve) => {
      const worker = cluster.fork({ MOTCUA_CLUSTER: '1', MOTCUA_WORKER_INDEX: String(index) });
      const started = Date.now();
      live.add(worker);
      worker.once('listening', () => resolve());
      worker.once('exit', (code, signal) => {
        live.delete(worker);
        resolve();
        if (stopping) {
          if (live.size === 0) process.exit(0);
          return;
        }
        console.error(`motcua: process ${index} (pid ${worker.process.pid}) ended (${signal ?? code}); starting it again`);
        setTimeout(() => void start(index), Date.now() - started < RESTART_PAUSE_MS ? RESTART_PAUSE_MS : 0);
      });
    });
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping ${live.size} processes`);
    if (live.size === 0) process.exit(0);
    for (const worker of live) worker.process.kill(signal);
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  await start(0);
  await Promise.all(Array.from({ length: settings.processes - 1 }, (_, i) => start(i + 1)));
  console.log(`motcua: ${settings.processes} API processes on port ${settings.port} (primary pid ${process.pid})`);
}
