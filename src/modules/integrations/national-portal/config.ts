/** Configuration of the national-portal sync: the portal's address and each unit's credentials (never logged). */

export interface PortalCredentials {
  username: string;
  password: string;
  /** The unit's code at the portal (`madonvi`): the agency code of the national list of units. */
  unitCode: string;
}

export interface NationalPortalConfig {
  /** Base address of the synchronisation interface, e.g. https://…/dvcqg (the sandbox's address in tests and the demo). */
  url: string;
  /**
   * Credentials by motcua organisation id. A dossier is sent with the credentials of its receiving unit,
   * or of the nearest unit above it that has some (a city may hold one account for all its wards).
   */
  credentials: Record<string, PortalCredentials>;
  /**
   * Send dossiers brought in by the historical import (topic `dossier.imported`) too. On by default (the
   * portal must know every dossier received); off when the old system already synced them
   * (MOTCUA_NATIONAL_PORTAL_SYNC_IMPORTED=false).
   */
  syncImported: boolean;
}

/**
 * MOTCUA_NATIONAL_PORTAL_URL and MOTCUA_NATIONAL_PORTAL_CREDENTIALS (JSON: {"<org id>": {"username", "password",
 * "unitCode"}}), or null when the URL is not set (the sync is then off and dossier messages wait, visible
 * as pending in the operations outbox list). Errors name the variable, never a value.
 */
export function nationalPortalFromEnv(env: NodeJS.ProcessEnv): NationalPortalConfig | null {
  const url = env.MOTCUA_NATIONAL_PORTAL_URL?.trim();
  if (!url) return null;
  if (!/^https?:\/\/\S+$/.test(url)) throw new Error('MOTCUA_NATIONAL_PORTAL_URL must be an http(s) URL');
  let parsed: unknown;
  try {
    parsed = JSON.parse(env.MOTCUA_NATIONAL_PORTAL_CREDENTIALS ?? '{}');
  } catch {
    throw new Error('MOTCUA_NATIONAL_PORTAL_CREDENTIALS must be JSON: {"<org id>": {"username": …, "password": …, "unitCode": …}}');
  }
  const credentials: Record<string, PortalCredentials> = {};
  for (const [orgId, c] of Object.entries(parsed as Record<string, unknown>)) {
    const v = c as Partial<PortalCredentials> | null;
    if (!v || typeof v.username !== 'string' || typeof v.password !== 'string' || typeof v.unitCode !== 'string') {
      throw new Error(`MOTCUA_NATIONAL_PORTAL_CREDENTIALS: the entry of "${orgId}" needs username, password and unitCode (strings)`);
    }
    credentials[orgId] = { username: v.username, password: v.password, unitCode: v.unitCode };
  }
  const imported = env.MOTCUA_NATIONAL_PORTAL_SYNC_IMPORTED?.trim();
  if (imported && !['true', 'false'].includes(imported)) throw new Error('MOTCUA_NATIONAL_PORTAL_SYNC_IMPORTED must be true or false');
  return { url: url.replace(/\/+$/, ''), credentials, syncImported: imported !== 'false' };
}
