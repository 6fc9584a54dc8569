/** Configuration of the population-data check: the data-sharing service's address and this system's client credentials (never logged). */

export interface PopulationConfig {
  /** Base address of the population data service behind the data-sharing platform (NDXP/LGSP), e.g. https://…/csdldc (the sandbox's address in tests and the demo). */
  url: string;
  /** The OAuth2 token endpoint (client-credentials grant); default `<url>/oauth2/token`. */
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  /** This system's unit code at the platform (`MaDonVi`), sent with each lookup for the registry's access log. */
  unitCode: string;
  /** A lookup that takes longer is "could not check" (unavailable). */
  timeoutMs: number;
}

/**
 * MOTCUA_POPULATION_URL, MOTCUA_POPULATION_CLIENT_ID, MOTCUA_POPULATION_CLIENT_SECRET, MOTCUA_POPULATION_UNIT_CODE,
 * and optionally MOTCUA_POPULATION_TOKEN_URL and MOTCUA_POPULATION_TIMEOUT_MS (default 10 000); null when the URL
 * is not set (the check is then off: no message is checked on arrival, and an officer's check answers 409).
 * Errors name the variable, never a value.
 */
export function populationFromEnv(env: NodeJS.ProcessEnv): PopulationConfig | null {
  const url = env.MOTCUA_POPULATION_URL?.trim();
  if (!url) return null;
  if (!/^https?:\/\/\S+$/.test(url)) throw new Error('MOTCUA_POPULATION_URL must be an http(s) URL');
  const need = (name: string) => {
    const v = env[name]?.trim();
    if (!v) throw new Error(`${name} must be set when MOTCUA_POPULATION_URL is`);
    return v;
  };
  const base = url.replace(/\/+$/, '');
  const tokenUrl = env.MOTCUA_POPULATION_TOKEN_URL?.trim() || `${base}/oauth2/token`;
  if (!/^https?:\/\/\S+$/.test(tokenUrl)) throw new Error('MOTCUA_POPULATION_TOKEN_URL must be an http(s) URL');
  const timeout = env.MOTCUA_POPULATION_TIMEOUT_MS?.trim();
  const timeoutMs = timeout ? Number(timeout) : 10_000;
  if (!Number.isInteger(timeoutMs) || timeoutMs < 100 || timeoutMs > 120_000) throw new Error('MOTCUA_POPULATION_TIMEOUT_MS must be a whole number of milliseconds between 100 and 120000');
  return {
    url: base,
    tokenUrl,
    clientId: need('MOTCUA_POPULATION_CLIENT_ID'),
    clientSecret: need('MOTCUA_POPULATION_CLIENT_SECRET'),
    unitCode: need('MOTCUA_POPULATION_UNIT_CODE'),
    timeoutMs,
  };
}
