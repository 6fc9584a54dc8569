/**
 * SANDBOX postal carrier — a stand-in for the carrier's partner API, for tests and the demo only
 * (main.ts starts it when the demo runs without MOTCUA_POSTAL_URL, or with MOTCUA_POSTAL_SANDBOX=true;
 * never otherwise). It speaks the shape the adapter speaks (../client.ts): sign-in tokens that expire,
 * a charge table, orders idempotent by the partner's ORDER_NUMBER, cancellation before pick-up,
 * tracking, and status reports pushed to the webhook with the shared TOKEN. `advance` moves an order
 * on (tests; the demo through POST /sandbox/orders/{tracking}/advance).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { CARRIER_CODE_OF, CARRIER_STATUS, formatCarrierTime, type ShipmentStatus } from '../../domain/shipment-status.ts';

export interface SandboxOptions {
  username: string;
  password: string;
  /** Where status reports are pushed, and the secret sent with them. */
  webhookUrl?: string;
  webhookToken: string;
  clock?: () => Date;
  port?: number;
}

interface SandboxOrder {
  trackingNumber: string;
  reference: string;
  request: Record<string, unknown>;
  total: number;
  history: Array<{ ORDER_NUMBER: string; ORDER_REFERENCE: string; ORDER_STATUS: number; STATUS_NAME: string; ORDER_STATUSDATE: string }>;
}

export interface PostalSandbox {
  url: string;
  /** Orders by tracking number. */
  readonly orders: Map<string, SandboxOrder>;
  /** createOrder calls received, repeated ones included. */
  readonly createCalls: number;
  /** Sign-ins answered. */
  readonly signIns: number;
  /** Makes every token issued so far invalid (the next call gets 401). */
  expireTokens(): void;
  /** Records a status for the order and, unless `push` is false, sends it to the webhook; answers the report sent. */
  advance(trackingNumber: string, status: Exclude<ShipmentStatus, 'ordered'>, options?: { push?: boolean; at?: Date }): Promise<Record<string, unknown>>;
  /** Sends a report to the webhook as it is (replays, out-of-order and forged reports in tests). */
  push(data: Record<string, unknown>, token?: string): Promise<number>;
  setWebhookUrl(url: string): void;
  close(): Promise<void>;
}

/** The charge table: a letter within the province, or to another one, by 250 g step (đồng, VAT included). */
export function sandboxCharge(fromProvince: string, toProvince: string, weightGrams: number): number {
  const base = fromProvince === toProvince ? 16_500 : 24_000;
  const extraSteps = Math.max(0, Math.ceil(weightGrams / 250) - 1);
  return base + extraSteps * 3_500;
}

export async function startPostalSandbox(options: SandboxOptions): Promise<PostalSandbox> {
  const clock = options.clock ?? (() => new Date());
  const validTokens = new Set<string>();
  const orders = new Map<string, SandboxOrder>();
  const byReference = new Map<string, string>();
  let createCalls = 0;
  let signIns = 0;
  let sequence = 0;
  let webhookUrl = options.webhookUrl;

  const envelope = (res: ServerResponse, httpStatus: number, data: unknown, message = 'OK') => {
    res.writeHead(httpStatus, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify({ status: httpStatus, error: httpStatus >= 400, message, data }));
  };

  const report = (order: SandboxOrder, code: string, at: Date) => {
    const entry = { ORDER_NUMBER: order.trackingNumber, ORDER_REFERENCE: order.reference, ORDER_STATUS: Number(code), STATUS_NAME: CARRIER_STATUS[code]?.vi ?? code, ORDER_STATUSDATE: formatCarrierTime(at) };
    order.history.push(entry);
    return entry;
  };

  const push = async (data: Record<string, unknown>, token = options.webhookToken): Promise<number> => {
    if (!webhookUrl) throw new Error('sandbox: no webhook URL');
    const response = await fetch(webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ DATA: data, TOKEN: token }) });
    await response.arrayBuffer();
    return response.status;
  };

  const routes: Record<string, (body: Record<string, unknown>, res: ServerResponse) => void> = {
    '/v2/order/getPrice': (body, res) => {
      const total = sandboxCharge(String(body.SENDER_PROVINCE), String(body.RECEIVER_PROVINCE), Number(body.PRODUCT_WEIGHT) || 0);
      envelope(res, 200, { MONEY_TOTAL: total, MONEY_TOTAL_FEE: Math.round(total / 1.08), MONEY_VAT: total - Math.round(total / 1.08), KPI_HT: body.SENDER_PROVINCE === body.RECEIVER_PROVINCE ? 24 : 72 });
    },
    '/v2/order/createOrder': (body, res) => {
      createCalls++;
      const reference = String(body.ORDER_NUMBER ?? '');
      if (!reference || !body.RECEIVER_FULLNAME || !body.RECEIVER_ADDRESS || !body.RECEIVER_PHONE) return envelope(res, 400, null, 'ORDER_NUMBER, RECEIVER_FULLNAME, RECEIVER_ADDRESS and RECEIVER_PHONE are required');
      const known = byReference.get(reference);
      if (known) {
        const order = orders.get(known)!;
        return envelope(res, 200, { ORDER_NUMBER: order.trackingNumber, MONEY_TOTAL: order.total });
      }
      const trackingNumber = `SBX${String(++sequence).padStart(9, '0')}VN`;
      const order: SandboxOrder = { trackingNumber, reference, request: body, total: sandboxCharge(String(body.SENDER_PROVINCE), String(body.RECEIVER_PROVINCE), Number(body.PRODUCT_WEIGHT) || 0), history: [] };
      report(order, '100', clock());
      orders.set(trackingNumber, order);
      byReference.set(reference, trackingNumber);
      envelope(res, 200, { ORDER_NUMBER: trackingNumber, MONEY_TOTAL: order.total });
    },
    '/v2/order/UpdateOrder': (body, res) => {
      const order = orders.get(String(body.ORDER_NUMBER));
      if (!order) return envelope(res, 404, null, 'Order not found');
      if (Number(body.TYPE) !== 4) return envelope(res, 400, null, 'Only TYPE 4 (cancel) is simulated');
      const last = order.history.at(-1)!;
      if (last.ORDER_STATUS !== 100 && last.ORDER_STATUS !== 107) return envelope(res, 409, null, 'Picked up already: cannot be cancelled');
      if (last.ORDER_STATUS !== 107) report(order, '107', clock());
      envelope(res, 200, null);
    },
    '/v2/order/tracking': (body, res) => {
      const order = orders.get(String(body.ORDER_NUMBER));
      if (!order) return envelope(res, 404, null, 'Order not found');
      envelope(res, 200, order.history);
    },
  };

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void readJson(req).then((body) => {
      const url = new URL(req.url ?? '/', 'http://sandbox');
      if (req.method !== 'POST') return envelope(res, 405, null, 'POST only');
      if (url.pathname === '/v2/user/Login') {
        if (body.USERNAME !== options.username || body.PASSWORD !== options.password) return envelope(res, 401, null, 'Wrong user name or password');
        const token = randomBytes(24).toString('base64url');
        validTokens.add(token);
        signIns++;
        return envelope(res, 200, { userId: 1, token, partner: 1, expired: clock().getTime() + 86_400_000 });
      }
      const advanceMatch = /^\/sandbox\/orders\/([A-Z0-9]+)\/advance$/.exec(url.pathname);
      if (advanceMatch) {
        const status = String(body.status) as Exclude<ShipmentStatus, 'ordered'>;
        if (!orders.has(advanceMatch[1]!) || !(status in CARRIER_CODE_OF)) return envelope(res, 404, null, 'No such order or status');
        return void sandbox.advance(advanceMatch[1]!, status).then((r) => envelope(res, 200, r), (e: Error) => envelope(res, 502, null, e.message));
      }
      const handler = routes[url.pathname];
      if (!handler) return envelope(res, 404, null, 'Not found');
      const token = req.headers.token;
      if (typeof token !== 'string' || !validTokens.has(token)) return envelope(res, 401, null, 'Token expired or invalid');
      handler(body, res);
    }, () => envelope(res, 400, null, 'Body is not JSON'));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const sandbox: PostalSandbox = {
    url: `http://127.0.0.1:${port}`,
    orders,
    get createCalls() {
      return createCalls;
    },
    get signIns() {
      return signIns;
    },
    expireTokens: () => validTokens.clear(),
    async advance(trackingNumber, status, opts = {}) {
      const order = orders.get(trackingNumber);
      if (!order) throw new Error(`sandbox: no order ${trackingNumber}`);
      const entry = report(order, CARRIER_CODE_OF[status], opts.at ?? clock());
      if (opts.push !== false) await push(entry);
      return entry;
    },
    push,
    setWebhookUrl: (url) => {
      webhookUrl = url;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return sandbox;
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 1_000_000) throw new Error('too large');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}
