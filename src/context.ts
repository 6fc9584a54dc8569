import { randomBytes } from 'node:crypto';
import type { Database } from './platform/db/db.ts';
import { CalendarService } from './modules/calendar/calendars.ts';
import { OrganisationDirectory } from './modules/organisations/directory.ts';
import { DEFAULT_CODE_PATTERN } from './modules/dossiers/domain/code.ts';
import type { NationalPortalConfig } from './modules/integrations/national-portal/config.ts';
import type { VneidConfig } from './modules/integrations/vneid/config.ts';
import type { PopulationConfig } from './modules/integrations/population/config.ts';
import type { PaymentGatewayConfig } from './modules/payments/config.ts';
import { DEFAULT_NOTIFICATION_SETTINGS, type NotificationSettings } from './modules/notifications/settings.ts';

export interface AppConfig {
  /** Who may read GET /metrics (src/modules/operations/metrics-access.ts); absent: from MOTCUA_METRICS_TOKEN / MOTCUA_METRICS_ALLOW. */
  metricsAccess?: import('./modules/operations/metrics-access.ts').MetricsAccess;
  /** Dossier code pattern (domain/dossier/code.ts). */
  codePattern: string;
  sessionTtlHours: number;
  maxUploadBytes: number;
  /** Mark cookies Secure (behind TLS). */
  secureCookies: boolean;
  /** 32 bytes that seal organisations' private keys at rest. */
  secretKey: Buffer;
  /** Public address of this system, printed on documents (QR codes, /verify links). */
  publicUrl: string;
  /**
   * The origin browsers use (MOTCUA_PUBLIC_URL's), when configured: the CSRF check compares Origin
   * with it rather than with the Host header (behind a proxy), and an https origin turns on HSTS.
   */
  publicOrigin: string | null;
  /** Demo mode: a local demo CA issues certificates to organisations that have none. */
  demoPki: boolean;
  /** Daily upload quota per account and Vietnam calendar day: citizens, and staff (any officer role). */
  uploadQuota: { citizen: UploadQuota; staff: UploadQuota };
  /** Uploads attached to no dossier and no draft are removed once older than this. */
  unattachedUploadHours: number;
  /** The national portal's dossier sync (src/modules/integrations/national-portal/); null: off. */
  nationalPortal: NationalPortalConfig | null;
  /** Sign-in with VNeID (src/modules/integrations/vneid/); null: off. */
  vneid: VneidConfig | null;
  /** The population-data check (src/modules/integrations/population/); null: off. */
  population: PopulationConfig | null;
  /** The public post's partner API (src/modules/delivery/postal/); null: results by post are not offered. */
  postal: PostalConfig | null;
  /** The online payment gateway (src/modules/payments/config.ts); absent: online payment is off. */
  payment?: PaymentGatewayConfig | null;
  /** E-mail and SMS channels (null: not configured, that channel is skipped) and reminder thresholds (src/modules/notifications/). */
  notifications: NotificationSettings;
}

/** A postal carrier's partner API (Viettel Post style, docs/delivery.md) and the sender's place. */
export interface PostalConfig {
  /** Carrier name recorded on each shipment, e.g. "viettelpost" or "sandbox". */
  carrier: string;
  baseUrl: string;
  username: string;
  password: string;
  /** The secret the carrier sends with each webhook call (its TOKEN field). */
  webhookToken: string;
  /** Province code (3 digits, as in the CCCD) where the results are posted from. */
  senderProvinceCode: string;
  /** Weight of a posted result (an envelope of documents), in grams. */
  weightGrams: number;
}

export interface DemoHistoryProgress {
  state: 'running' | 'done' | 'failed';
  done: number;
  total: number;
}

/** null: no limit. */
export interface UploadQuota {
  files: number | null;
  bytes: number | null;
}

export const DEFAULT_CONFIG: AppConfig = {
  codePattern: DEFAULT_CODE_PATTERN,
  sessionTtlHours: 12,
  maxUploadBytes: 10 * 1024 * 1024,
  secureCookies: false,
  secretKey: randomBytes(32),
  publicUrl: 'http://localhost:3000',
  publicOrigin: null,
  demoPki: true,
  uploadQuota: { citizen: { files: 100, bytes: 200 * 1024 * 1024 }, staff: { files: 2000, bytes: 2000 * 1024 * 1024 } },
  unattachedUploadHours: 24,
  nationalPortal: null,
  vneid: null,
  population: null,
  postal: null,
  notifications: DEFAULT_NOTIFICATION_SETTINGS,
};

/** Everything a service needs: the database, the clock (tests move it), config and caches. */
export interface AppContext {
  db: Database;
  /**
   * Where dashboards, statistics, open data and public pages read: a PostgreSQL streaming replica when
   * DATABASE_READ_URL is set, else the same handle as db. Never for writes, nor for reads that must see
   * the request's own writes (a replica may be seconds behind).
   */
  readDb: Database;
  clock: () => Date;
  config: AppConfig;
  orgs: OrganisationDirectory;
  calendars: CalendarService;
  /** Progress of the demo year being loaded in the background (src/demo/history-seed.ts), shown by GET /api/health. */
  demoHistory?: DemoHistoryProgress;
  /** The request being served (set per request by the server; absent in the CLI): audit entries carry it. */
  requestId?: string;
}

export function createContext(db: Database, options: { clock?: () => Date; config?: Partial<AppConfig>; readDb?: Database } = {}): AppContext {
  const clock = options.clock ?? (() => new Date());
  const orgs = new OrganisationDirectory(db, clock);
  return {
    db,
    readDb: options.readDb ?? db,
    clock,
    config: { ...DEFAULT_CONFIG, ...options.config },
    orgs,
    calendars: new CalendarService(db, orgs),
  };
}

/** The context a read-only report runs in: its queries go to the read handle (the replica, when there is one). */
export const forReading = (ctx: AppContext): AppContext => (ctx.readDb === ctx.db ? ctx : { ...ctx, db: ctx.readDb });
