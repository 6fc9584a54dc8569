import { randomBytes } from 'node:crypto';
import type { Database } from '../store/db.ts';
import { CalendarService } from './calendars.ts';
import { OrganisationDirectory } from './organisations.ts';
import { DEFAULT_CODE_PATTERN } from '../domain/dossier/code.ts';

export interface AppConfig {
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
  /** Demo mode: a local demo CA issues certificates to organisations that have none. */
  demoPki: boolean;
}

export const DEFAULT_CONFIG: AppConfig = {
  codePattern: DEFAULT_CODE_PATTERN,
  sessionTtlHours: 12,
  maxUploadBytes: 10 * 1024 * 1024,
  secureCookies: false,
  secretKey: randomBytes(32),
  publicUrl: 'http://localhost:3000',
  demoPki: true,
};

/** Everything a service needs: the database, the clock (tests move it), config and caches. */
export interface AppContext {
  db: Database;
  clock: () => Date;
  config: AppConfig;
  orgs: OrganisationDirectory;
  calendars: CalendarService;
  /** The request being served (set per request by the server; absent in the CLI): audit entries carry it. */
  requestId?: string;
}

export function createContext(db: Database, options: { clock?: () => Date; config?: Partial<AppConfig> } = {}): AppContext {
  const orgs = new OrganisationDirectory(db);
  return {
    db,
    clock: options.clock ?? (() => new Date()),
    config: { ...DEFAULT_CONFIG, ...options.config },
    orgs,
    calendars: new CalendarService(db, orgs),
  };
}
