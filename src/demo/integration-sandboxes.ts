/**
 * The demo city's outside systems: `vneid-sandbox` (sign-in with VNeID, fixture citizens) and the national
 * portal's sandbox, started in the server process on 127.0.0.1 when the demo runs and the real systems are
 * not configured (MOTCUA_SANDBOXES, default: on with the demo data only). Never the real systems: their pages
 * and answers say "sandbox". docs/integrations.md.
 */
import { randomBytes } from 'node:crypto';
import type { AppConfig } from '../context.ts';
import { VneidSandbox } from '../modules/integrations/vneid/sandbox.ts';
import { DEFAULT_ACR, DEFAULT_SCOPE } from '../modules/integrations/vneid/config.ts';
import { NationalPortalSandbox } from '../modules/integrations/national-portal/sandbox.ts';

export interface DemoSandboxes {
  lines: string[];
  stop(): Promise<void>;
}

/** Starts the sandboxes of the systems `config` leaves unconfigured and fills `config` in to use them. */
export async function startDemoSandboxes(config: AppConfig): Promise<DemoSandboxes> {
  const lines: string[] = [];
  const stops: Array<() => Promise<void>> = [];
  if (!config.vneid) {
    const secret = randomBytes(24).toString('hex');
    const redirectUri = `${config.publicUrl}/api/auth/vneid/callback`;
    const sandbox = new VneidSandbox({ clientId: 'motcua-demo', clientSecret: secret, redirectUris: [redirectUri] });
    const issuer = await sandbox.start(Number(process.env.MOTCUA_VNEID_SANDBOX_PORT ?? 0));
    config.vneid = { issuer, clientId: 'motcua-demo', clientSecret: secret, redirectUri, scope: DEFAULT_SCOPE, acrLevel1: DEFAULT_ACR.level1, acrLevel2: DEFAULT_ACR.level2 };
    stops.push(() => sandbox.stop());
    lines.push(`VNeID thử nghiệm (vneid-sandbox, không phải VNeID thật): ${issuer}`);
  }
  if (!config.nationalPortal) {
    const account = { username: 'h29-dongbo', password: randomBytes(24).toString('hex'), unitCode: '000.00.00.H29' };
    const sandbox = new NationalPortalSandbox([account]);
    const url = await sandbox.start(Number(process.env.MOTCUA_NATIONAL_PORTAL_SANDBOX_PORT ?? 0));
    config.nationalPortal = { url, credentials: { h29: account }, syncImported: true };
    stops.push(() => sandbox.stop());
    lines.push(`Cổng DVC quốc gia thử nghiệm (sandbox đồng bộ hồ sơ): ${url}`);
  }
  return { lines, stop: async () => void (await Promise.all(stops.map((s) => s()))) };
}
