/**
 * The SANDBOX carrier for the demo (main.ts): random credentials and webhook secret, the webhook aimed at
 * this server. Logged loudly so no one mistakes it for a real carrier.
 */
import { randomBytes } from 'node:crypto';
import type { PostalConfig } from '../../../../context.ts';
import type { Settings } from '../../../../settings.ts';
import { startPostalSandbox, type PostalSandbox } from './server.ts';

export async function startDemoPostalSandbox(settings: Settings): Promise<{ sandbox: PostalSandbox; config: PostalConfig }> {
  const secret = () => randomBytes(18).toString('base64url');
  const credentials = { username: 'motcua-demo', password: secret(), webhookToken: secret() };
  const local = settings.host === '0.0.0.0' || settings.host === '::' ? '127.0.0.1' : settings.host;
  const sandbox = await startPostalSandbox({ ...credentials, webhookUrl: `http://${local}:${settings.port}/api/postal/webhook`, port: Number(process.env.MOTCUA_POSTAL_SANDBOX_PORT ?? 0) });
  console.log(`SANDBOX bưu chính (không phải dịch vụ thật) tại ${sandbox.url} — postal SANDBOX carrier, not a real one; advance an order: POST ${sandbox.url}/sandbox/orders/{tracking}/advance {"status":"delivered"}`);
  return { sandbox, config: { carrier: 'sandbox', baseUrl: sandbox.url, ...credentials, senderProvinceCode: settings.config.postal?.senderProvinceCode ?? '079', weightGrams: 200 } };
}
