/**
 * The demo city's outside systems, each a local SANDBOX started in the server process when the demo runs
 * and the real system is not configured — never in place of a configured one; their pages and answers say
 * "sandbox":
 * - `vneid-sandbox` (sign-in with VNeID, fixture citizens), the national portal's sandbox and
 *   `population-sandbox` (the population-data check, fixture citizens)
 *   (MOTCUA_SANDBOXES, default on with the demo data only; docs/integrations.md);
 * - the postal carrier (MOTCUA_POSTAL_SANDBOX; docs/delivery.md);
 * - the payment gateway (MOTCUA_PAYMENT_SANDBOX; docs/payments.md);
 * - the SMS provider (with the demo data, when MOTCUA_SMS_URL is not set; docs/notifications.md).
 * main.ts calls `startAllDemoSandboxes` once, before the context is made, and stops them at shutdown.
 */
import { randomBytes } from 'node:crypto';
import type { AppConfig } from '../context.ts';
import type { Settings } from '../settings.ts';
import { startDemoPostalSandbox } from '../modules/delivery/postal/sandbox/demo.ts';
import { sandboxWanted } from '../modules/payments/config.ts';
import { startPaymentSandbox } from '../modules/payments/sandbox/server.ts';
import { startSmsSandbox } from '../modules/notifications/channels/sms-sandbox.ts';
import { VneidSandbox } from '../modules/integrations/vneid/sandbox.ts';
import { DEFAULT_ACR, DEFAULT_SCOPE } from '../modules/integrations/vneid/config.ts';
import { NationalPortalSandbox } from '../modules/integrations/national-portal/sandbox.ts';
import { PopulationSandbox } from '../modules/integrations/population/sandbox.ts';

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
  if (!config.population) {
    const clientId = 'motcua-demo';
    const clientSecret = randomBytes(24).toString('hex');
    const sandbox = new PopulationSandbox({ clientId, clientSecret });
    const url = await sandbox.start(Number(process.env.MOTCUA_POPULATION_SANDBOX_PORT ?? 0));
    config.population = { url, tokenUrl: `${url}/oauth2/token`, clientId, clientSecret, unitCode: '000.00.00.H29', timeoutMs: 10_000 };
    stops.push(() => sandbox.stop());
    lines.push(`CSDL quốc gia về dân cư thử nghiệm (population-sandbox, công dân giả lập): ${url}`);
  }
  return { lines, stop: async () => void (await Promise.all(stops.map((s) => s()))) };
}

/**
 * Every sandbox the settings ask for. Returns the configuration to run with (the settings' own, with the
 * sandboxes' addresses and fresh secrets filled in), the lines for the start-up banner, and one stop().
 */
export async function startAllDemoSandboxes(settings: Settings, env: NodeJS.ProcessEnv): Promise<{ config: AppConfig } & DemoSandboxes> {
  const config: AppConfig = { ...settings.config };
  const lines: string[] = [];
  const stops: Array<() => Promise<void>> = [];
  if (settings.sandboxes) {
    const national = await startDemoSandboxes(config);
    lines.push(...national.lines);
    stops.push(() => national.stop());
  }
  if (settings.postalSandbox) {
    const postal = await startDemoPostalSandbox(settings);
    config.postal = postal.config;
    stops.push(() => postal.sandbox.close());
  }
  if (!config.payment && sandboxWanted(env, settings.seedDemo)) {
    // A fresh merchant secret each start, never a real gateway's (src/modules/payments/config.ts).
    const hashSecret = randomBytes(24).toString('hex');
    const local = ['0.0.0.0', '::'].includes(settings.host) ? '127.0.0.1' : settings.host;
    const sandbox = await startPaymentSandbox({
      tmnCode: 'MOTCUADEMO',
      hashSecret,
      ipnUrl: `http://${local}:${settings.port}/api/payments/ipn/vnpay`,
      ipnDelayMs: 5_000,
      port: Number(env.MOTCUA_PAYMENT_SANDBOX_PORT ?? (settings.port ? settings.port + 1 : 0)),
      host: settings.host,
      publicHost: new URL(config.publicUrl).hostname,
    });
    config.payment = { gateway: 'vnpay', tmnCode: 'MOTCUADEMO', hashSecret, payUrl: sandbox.payUrl, apiUrl: sandbox.apiUrl, expireMinutes: 15, sandbox: true };
    stops.push(() => sandbox.close());
    lines.push(`Cổng thanh toán thử nghiệm (sandbox): ${sandbox.url} — không có giao dịch thật / no real money`);
  }
  if (settings.seedDemo && !config.notifications.sms) {
    // One-time codes and notices can be read at <url>/messages.
    const sms = await startSmsSandbox();
    config.notifications = { ...config.notifications, sms: { url: sms.url, apiKey: sms.apiKey, secretKey: sms.secretKey, brandname: 'MOTCUA-DEMO' } };
    stops.push(() => sms.close());
    lines.push(`SMS thử nghiệm (sandbox, tin nhắn không gửi đi thật): ${sms.url}/messages`);
  }
  return { config, lines, stop: async () => void (await Promise.all(stops.map((s) => s().catch(() => undefined)))) };
}
