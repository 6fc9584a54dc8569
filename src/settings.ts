/** Environment → settings, validated once at start-up with clear messages. */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateCodePattern, DEFAULT_CODE_PATTERN } from './modules/dossiers/domain/code.ts';
import { DEFAULT_CONFIG, type AppConfig } from './context.ts';
import { nationalPortalFromEnv } from './modules/integrations/national-portal/config.ts';
import { vneidFromEnv } from './modules/integrations/vneid/config.ts';
import { populationFromEnv } from './modules/integrations/population/config.ts';
import { paymentConfigFromEnv } from './modules/payments/config.ts';
import { DEFAULT_NOTIFICATION_SETTINGS, type NotificationSettings } from './modules/notifications/settings.ts';

export interface Settings {
  port: number;
  host: string;
  databaseUrl?: string;
  /** PostgreSQL statements kept prepared per connection (src/platform/db/prepared-pool.ts); 0: none. */
  preparedPerConnection: number;
  dataDir: string;
  seedDemo: boolean;
  /** A year of demo dossiers loaded in the background on the first start of the demo (src/demo/history-seed.ts). */
  demoHistory: { enabled: boolean; dossiers: number };
  config: AppConfig;
  /** Start the local SANDBOX postal carrier (demo; src/modules/delivery/postal/sandbox/) and use it. */
  postalSandbox: boolean;
  /** The in-process outbox loop (src/platform/outbox/): seconds between runs (0: off), attempts before dead. */
  outbox: { intervalSeconds: number; maxAttempts: number };
  /**
   * Scheduled backups (src/platform/backup/schedule.ts): MOTCUA_BACKUP_DIR, MOTCUA_BACKUP_EVERY_HOURS (0: off,
   * the default), MOTCUA_BACKUP_KEEP (how many to keep, default 7); the passphrase in MOTCUA_BACKUP_PASSPHRASE.
   */
  backup: { dir: string | null; everyHours: number; keep: number };
  /** DATABASE_READ_URL: a PostgreSQL streaming replica for dashboards, statistics and public pages. */
  databaseReadUrl?: string;
  /** Start the sandboxes of VNeID, the national portal and the population database for systems not configured (src/demo/integration-sandboxes.ts). */
  sandboxes: boolean;
  /** API processes (src/cluster.ts): MOTCUA_WORKERS or `--processes N`; more than 1 needs PostgreSQL. */
  processes: number;
}

/** How the server and the CLI open the database the settings name. */
export const databaseOptions = (s: Settings) => ({ databaseUrl: s.databaseUrl, dataDir: s.dataDir, preparedPerConnection: s.preparedPerConnection });

/**
 * The secret that seals signing keys: MOTCUA_SECRET_KEY (64 hex characters or base64 of 32 bytes), or
 * else a key file in the data folder, created on first use with mode 0600.
 */
export function loadSecretKey(env: NodeJS.ProcessEnv, dataDir: string): Buffer {
  const raw = env.MOTCUA_SECRET_KEY?.trim();
  if (raw) {
    const key = /^[0-9a-f]{64}$/i.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
    if (key.length !== 32) throw new Error('MOTCUA_SECRET_KEY must be 32 bytes: 64 hex characters or base64');
    return key;
  }
  const file = join(dataDir, 'secret.key');
  if (existsSync(file)) {
    const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
    if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte hex key`);
    return key;
  }
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, key.toString('hex'), { mode: 0o600 });
  return key;
}

/** A whole number ≥ 0 from the environment; 0 means "no limit" where a caller says so. */
function wholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  const n = raw ? Number(raw) : fallback;
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number ≥ 0, got "${raw}"`);
  return n;
}

/**
 * Notification channels and reminders (docs/notifications.md): MOTCUA_SMTP_URL (+ MOTCUA_MAIL_FROM) turns
 * e-mail on; MOTCUA_SMS_URL with MOTCUA_SMS_API_KEY, MOTCUA_SMS_SECRET_KEY, MOTCUA_SMS_BRANDNAME turns SMS on;
 * MOTCUA_REMINDER_SHARE_LEFT_PERCENT (default 25), MOTCUA_REMINDER_DUE_SOON_HOURS (working hours, default 8),
 * MOTCUA_REMINDER_INTERVAL_SECONDS (default 300).
 */
export function loadNotificationSettings(env: NodeJS.ProcessEnv): NotificationSettings {
  const smtpUrl = env.MOTCUA_SMTP_URL?.trim() || env.SMTP_URL?.trim();
  if (smtpUrl && !/^smtps?:\/\/[^\s]+$/.test(smtpUrl)) throw new Error('MOTCUA_SMTP_URL must be an smtp:// or smtps:// URL');
  const smsUrl = env.MOTCUA_SMS_URL?.trim();
  if (smsUrl && !/^https?:\/\/[^\s]+$/.test(smsUrl)) throw new Error('MOTCUA_SMS_URL must be an http(s) URL');
  const sms = smsUrl
    ? { url: smsUrl, apiKey: env.MOTCUA_SMS_API_KEY ?? '', secretKey: env.MOTCUA_SMS_SECRET_KEY ?? '', brandname: env.MOTCUA_SMS_BRANDNAME ?? 'MOTCUA' }
    : null;
  if (sms && (!sms.apiKey || !sms.secretKey)) throw new Error('MOTCUA_SMS_URL needs MOTCUA_SMS_API_KEY and MOTCUA_SMS_SECRET_KEY');
  const share = wholeNumber(env, 'MOTCUA_REMINDER_SHARE_LEFT_PERCENT', 25);
  if (share < 1 || share > 99) throw new Error('MOTCUA_REMINDER_SHARE_LEFT_PERCENT must be between 1 and 99');
  const intervalSeconds = wholeNumber(env, 'MOTCUA_REMINDER_INTERVAL_SECONDS', DEFAULT_NOTIFICATION_SETTINGS.reminders.intervalSeconds);
  if (intervalSeconds < 10) throw new Error('MOTCUA_REMINDER_INTERVAL_SECONDS must be at least 10');
  return {
    email: smtpUrl ? { smtpUrl, from: env.MOTCUA_MAIL_FROM?.trim() || 'Một cửa điện tử <khong-tra-loi@motcua.local>' } : null,
    sms,
    reminders: { shareLeft: share / 100, dueSoonMinutes: wholeNumber(env, 'MOTCUA_REMINDER_DUE_SOON_HOURS', 8) * 60, intervalSeconds },
  };
}

const limit = (n: number, unit = 1) => (n === 0 ? null : n * unit);

export function loadSettings(env: NodeJS.ProcessEnv, argv: readonly string[] = []): Settings {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got "${env.PORT}"`);
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) throw new Error('DATABASE_URL must start with postgres:// or postgresql://');
  const preparedPerConnection = Number(env.MOTCUA_PREPARED ?? 100);
  if (!Number.isInteger(preparedPerConnection) || preparedPerConnection < 0) throw new Error(`MOTCUA_PREPARED must be a whole number of statements (0 turns naming off), got "${env.MOTCUA_PREPARED}"`);
  const codePattern = env.MOTCUA_DOSSIER_CODE_PATTERN ?? DEFAULT_CODE_PATTERN;
  const patternError = validateCodePattern(codePattern);
  if (patternError) throw new Error(`MOTCUA_DOSSIER_CODE_PATTERN: ${patternError}`);
  const maxUploadMb = Number(env.MOTCUA_MAX_UPLOAD_MB ?? 10);
  if (!(maxUploadMb > 0 && maxUploadMb <= 100)) throw new Error('MOTCUA_MAX_UPLOAD_MB must be between 0 and 100');
  // Demo accounts have a published password: seeded by default only on the embedded database.
  const seedDemo = env.MOTCUA_SEED_DEMO ? env.MOTCUA_SEED_DEMO === 'true' : !databaseUrl;
  const dataDir = env.MOTCUA_DATA_DIR ?? './data';
  // `npm start -- --empty` or MOTCUA_DEMO_HISTORY=0: the demo city without its year of dossiers.
  const historyFlag = env.MOTCUA_DEMO_HISTORY?.trim();
  if (historyFlag && !['0', '1', 'true', 'false'].includes(historyFlag)) throw new Error('MOTCUA_DEMO_HISTORY must be 1/true or 0/false');
  const demoHistory = {
    enabled: seedDemo && !argv.includes('--empty') && historyFlag !== '0' && historyFlag !== 'false',
    dossiers: wholeNumber(env, 'MOTCUA_DEMO_HISTORY_DOSSIERS', 3000),
  };
  const MB = 1024 * 1024;
  const uploadQuota = {
    citizen: { files: limit(wholeNumber(env, 'MOTCUA_UPLOAD_DAILY_FILES', 100)), bytes: limit(wholeNumber(env, 'MOTCUA_UPLOAD_DAILY_MB', 200), MB) },
    staff: { files: limit(wholeNumber(env, 'MOTCUA_UPLOAD_DAILY_FILES_STAFF', 2000)), bytes: limit(wholeNumber(env, 'MOTCUA_UPLOAD_DAILY_MB_STAFF', 2000), MB) },
  };
  const unattachedUploadHours = wholeNumber(env, 'MOTCUA_UPLOAD_UNATTACHED_HOURS', 24);
  if (unattachedUploadHours < 1) throw new Error('MOTCUA_UPLOAD_UNATTACHED_HOURS must be at least 1');
  const publicUrl = (env.MOTCUA_PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, '');
  if (!/^https?:\/\/[^\s]+$/.test(publicUrl)) throw new Error('MOTCUA_PUBLIC_URL must be an http(s) URL');
  const publicOrigin = env.MOTCUA_PUBLIC_URL ? new URL(publicUrl).origin : null;
  // Secure cookies unless told otherwise in production or behind an https public URL.
  const secureByDefault = env.NODE_ENV === 'production' || publicUrl.startsWith('https:');
  if (env.MOTCUA_SECURE_COOKIES && !['true', 'false'].includes(env.MOTCUA_SECURE_COOKIES)) throw new Error('MOTCUA_SECURE_COOKIES must be true or false');
  const postal = postalSettings(env, seedDemo);
  const outbox = { intervalSeconds: wholeNumber(env, 'MOTCUA_OUTBOX_INTERVAL_SECONDS', 5), maxAttempts: wholeNumber(env, 'MOTCUA_OUTBOX_MAX_ATTEMPTS', 8) };
  if (outbox.maxAttempts < 1) throw new Error('MOTCUA_OUTBOX_MAX_ATTEMPTS must be at least 1');
  const backup = { dir: env.MOTCUA_BACKUP_DIR?.trim() || null, everyHours: wholeNumber(env, 'MOTCUA_BACKUP_EVERY_HOURS', 0), keep: wholeNumber(env, 'MOTCUA_BACKUP_KEEP', 7) };
  if (backup.everyHours > 0 && !backup.dir) throw new Error('MOTCUA_BACKUP_EVERY_HOURS needs MOTCUA_BACKUP_DIR (where the backups go)');
  if (backup.everyHours > 0 && !env.MOTCUA_BACKUP_PASSPHRASE) throw new Error('MOTCUA_BACKUP_EVERY_HOURS needs MOTCUA_BACKUP_PASSPHRASE (it encrypts the signing keys in each backup)');
  if (backup.keep < 1) throw new Error('MOTCUA_BACKUP_KEEP must be at least 1');
  const databaseReadUrl = env.DATABASE_READ_URL?.trim() || undefined;
  if (databaseReadUrl && !databaseUrl) throw new Error('DATABASE_READ_URL needs DATABASE_URL (a replica of that PostgreSQL database)');
  if (databaseReadUrl && !/^postgres(ql)?:\/\//.test(databaseReadUrl)) throw new Error('DATABASE_READ_URL must start with postgres:// or postgresql://');
  const processesArg = argv.indexOf('--processes');
  const processesText = processesArg >= 0 ? argv[processesArg + 1] : env.MOTCUA_WORKERS?.trim();
  const processes = processesText === undefined || processesText === '' ? 1 : Number(processesText);
  if (!Number.isInteger(processes) || processes < 1 || processes > 64) throw new Error(`MOTCUA_WORKERS / --processes must be a whole number from 1 to 64, got "${processesText}"`);
  if (processes > 1 && !databaseUrl) {
    throw new Error(
      `${processes} processes need PostgreSQL (DATABASE_URL): the embedded database (PGlite) lives in one process, which holds its data folder. / Chạy nhiều tiến trình cần PostgreSQL (DATABASE_URL).`,
    );
  }
  const sandboxFlag = env.MOTCUA_SANDBOXES?.trim();
  if (sandboxFlag && !['true', 'false'].includes(sandboxFlag)) throw new Error('MOTCUA_SANDBOXES must be true or false');
  return {
    port,
    outbox,
    backup,
    databaseReadUrl,
    processes,
    // Sandboxes only with the demo data unless asked: never the default of a production database.
    sandboxes: sandboxFlag ? sandboxFlag === 'true' : seedDemo,
    host: env.HOST ?? 'localhost',
    databaseUrl,
    preparedPerConnection,
    dataDir,
    seedDemo,
    demoHistory,
    config: {
      ...DEFAULT_CONFIG,
      codePattern,
      maxUploadBytes: Math.round(maxUploadMb * 1024 * 1024),
      secureCookies: env.MOTCUA_SECURE_COOKIES ? env.MOTCUA_SECURE_COOKIES === 'true' : secureByDefault,
      // Read lazily by main.ts (it may create a key file); a placeholder until then.
      secretKey: Buffer.alloc(0),
      publicUrl,
      publicOrigin,
      demoPki: seedDemo,
      uploadQuota,
      unattachedUploadHours,
      nationalPortal: nationalPortalFromEnv(env),
      vneid: vneidFromEnv(env, publicUrl),
      population: populationFromEnv(env),
      postal: postal.config,
      payment: paymentConfigFromEnv(env),
      notifications: loadNotificationSettings(env),
    },
    postalSandbox: postal.sandbox,
  };
}

/**
 * The postal partner API (src/modules/delivery/postal/): MOTCUA_POSTAL_URL with its credentials and
 * webhook secret. Without a URL, the demo (seedDemo) starts the local SANDBOX carrier in the process
 * (main.ts); a production install without MOTCUA_POSTAL_URL offers no postal return, unless
 * MOTCUA_POSTAL_SANDBOX=true asks for the sandbox explicitly.
 */
function postalSettings(env: NodeJS.ProcessEnv, seedDemo: boolean): { config: Settings['config']['postal']; sandbox: boolean } {
  const url = env.MOTCUA_POSTAL_URL?.trim();
  const flag = env.MOTCUA_POSTAL_SANDBOX?.trim();
  if (flag && !['true', 'false'].includes(flag)) throw new Error('MOTCUA_POSTAL_SANDBOX must be true or false');
  const senderProvinceCode = env.MOTCUA_POSTAL_SENDER_PROVINCE?.trim() || '079';
  if (!/^\d{3}$/.test(senderProvinceCode)) throw new Error('MOTCUA_POSTAL_SENDER_PROVINCE must be a 3-digit province code');
  const weightGrams = wholeNumber(env, 'MOTCUA_POSTAL_WEIGHT_GRAMS', 200);
  if (url) {
    if (!/^https?:\/\/[^\s]+$/.test(url)) throw new Error('MOTCUA_POSTAL_URL must be an http(s) URL');
    const [username, password, webhookToken] = ['MOTCUA_POSTAL_USERNAME', 'MOTCUA_POSTAL_PASSWORD', 'MOTCUA_POSTAL_WEBHOOK_TOKEN'].map((n) => {
      const v = env[n]?.trim();
      if (!v) throw new Error(`${n} is required with MOTCUA_POSTAL_URL`);
      return v;
    }) as [string, string, string];
    return { config: { carrier: env.MOTCUA_POSTAL_CARRIER?.trim() || 'viettelpost', baseUrl: url.replace(/\/+$/, ''), username, password, webhookToken, senderProvinceCode, weightGrams }, sandbox: false };
  }
  const sandbox = flag ? flag === 'true' : seedDemo;
  // The sandbox's address and secrets are filled in by main.ts once it listens.
  return { config: null, sandbox };
}
