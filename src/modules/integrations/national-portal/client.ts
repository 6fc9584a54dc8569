/**
 * The adapter that speaks the portal's synchronisation interface (docs/integrations.md): a session from
 * the unit's credentials, then `{session, madonvi, service, isUpdating, data: [...]}` calls answered with
 * `{error_code: "0", message}`. Any other answer is an error, so the outbox retries the message.
 * Errors name the unit code, the service and the portal's answer, never a credential.
 */
import type { NationalPortalConfig, PortalCredentials } from './config.ts';

export type PortalService = 'DongBoHoSoMC' | 'CapNhatTienDoHoSoMC';

export class PortalError extends Error {}

interface PortalAnswer {
  error_code?: unknown;
  message?: unknown;
  session?: unknown;
}

const TIMEOUT_MS = 15_000;

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; answer: PortalAnswer }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body), signal: AbortSignal.timeout(TIMEOUT_MS) });
  const text = await res.text();
  let answer: PortalAnswer = {};
  try {
    answer = JSON.parse(text) as PortalAnswer;
  } catch {
    answer = { message: text.slice(0, 200) };
  }
  return { status: res.status, answer };
}

const describe = (a: PortalAnswer) => `error_code ${JSON.stringify(a.error_code ?? null)}${typeof a.message === 'string' ? `: ${a.message.slice(0, 300)}` : ''}`;

/** Sessions are kept per portal account for a few minutes, and obtained again when the portal refuses one. */
const SESSION_TTL_MS = 10 * 60_000;

export class NationalPortalClient {
  private readonly sessions = new Map<string, { session: string; until: number }>();

  constructor(private readonly config: NationalPortalConfig) {}

  private async session(c: PortalCredentials, fresh: boolean): Promise<string> {
    const key = `${c.unitCode}\u0000${c.username}`;
    const kept = this.sessions.get(key);
    if (!fresh && kept && kept.until > Date.now()) return kept.session;
    const { status, answer } = await post(`${this.config.url}/session`, { username: c.username, password: c.password, madonvi: c.unitCode });
    if (status !== 200 || answer.error_code !== '0' || typeof answer.session !== 'string') {
      throw new PortalError(`national portal: no session for unit ${c.unitCode} (HTTP ${status}, ${describe(answer)})`);
    }
    this.sessions.set(key, { session: answer.session, until: Date.now() + SESSION_TTL_MS });
    return answer.session;
  }

  /**
   * One call. `idempotencyKey` (the outbox delivery key and the service) goes along as a header: the
   * sandbox honours it; the live portal may ignore it, and the sync records each success so as not to call again.
   */
  async call(c: PortalCredentials, service: PortalService, isUpdating: boolean, data: unknown[], idempotencyKey: string): Promise<void> {
    for (const fresh of [false, true]) {
      const session = await this.session(c, fresh);
      const { status, answer } = await post(`${this.config.url}/service`, { session, madonvi: c.unitCode, service, isUpdating, data }, { 'idempotency-key': idempotencyKey });
      if (status === 200 && answer.error_code === '0') return;
      if (status === 401 && !fresh) continue; // the session expired at the portal: one new session, once
      throw new PortalError(`national portal: ${service} refused for unit ${c.unitCode} (HTTP ${status}, ${describe(answer)})`);
    }
  }
}
