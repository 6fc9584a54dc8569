/**
 * "Cổng thanh toán thử nghiệm (sandbox)": a small VNPAY-style gateway on node:http, started by the tests
 * and by the demo (never in production: see ../config.ts sandboxWanted). It speaks the protocol of
 * ../gateways/vnpay/protocol.ts:
 *   GET  /paymentv2/vpcpay.html?…signed…  the pay/cancel page (refuses a bad signature, like VNPAY: code 97)
 *   POST /paymentv2/complete               the payer's choice → signed IPN to the merchant (GET, real HTTP),
 *                                          sent again (a duplicate) and once more after `ipnDelayMs` (delayed),
 *                                          then the browser is redirected to vnp_ReturnUrl with signed parameters
 *   POST /merchant_webapi/api/transaction  querydr and refund (JSON, "|"-signed both ways)
 * Transactions live in memory; tests read them and may change them (e.g. drop an IPN) to exercise
 * reconciliation.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomInt } from 'node:crypto';
import { API_FIELDS, sign, signApi, signData, verify, verifyApi, vnTime, VNP_VERSION } from '../gateways/vnpay/protocol.ts';

export interface SandboxTransaction {
  txnRef: string;
  amount: string;
  orderInfo: string;
  returnUrl: string;
  createDate: string;
  transactionNo: string;
  /** '00' paid, '24' cancelled, null: not yet decided; '02' refunded (whole amount). */
  responseCode: string | null;
  payDate: string | null;
  refundedAmount: number;
}

export interface SandboxOptions {
  tmnCode: string;
  hashSecret: string;
  /** Where IPNs go: the merchant's /api/payments/ipn/vnpay. */
  ipnUrl: string;
  /** The delayed (third) notification, after this many ms; 0: not sent. */
  ipnDelayMs?: number;
  /** Send a duplicate notification right after the first (default true). */
  duplicateIpn?: boolean;
  port?: number;
  /** Interface to listen on (127.0.0.1 by default). */
  host?: string;
  /** The address browsers use to reach it, when not http://host:port. */
  publicHost?: string;
  clock?: () => Date;
}

export interface IpnExchange {
  txnRef: string;
  status: number;
  answer: string;
}

export interface PaymentSandbox {
  url: string;
  payUrl: string;
  apiUrl: string;
  transactions: Map<string, SandboxTransaction>;
  /** Every IPN sent and what the merchant answered. */
  ipnLog: IpnExchange[];
  /** Transaction refs whose notifications are not sent (a lost IPN, for reconciliation tests). */
  dropIpn: Set<string>;
  /** Sends one signed notification for a transaction now (tests: replay, reorder). */
  notify(txnRef: string, override?: Record<string, string>): Promise<IpnExchange>;
  /** Resolves when the delayed notifications sent so far are done. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

const NAME = 'Cổng thanh toán thử nghiệm (sandbox)';
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const formatVnd = (amount: string) => `${String(Math.round(Number(amount) / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, '.')} đ`;

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > 64 * 1024) throw new Error('body too large');
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function page(res: ServerResponse, status: number, title: string, body: string) {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(`<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>${esc(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem}
.banner{background:#fff3cd;border:1px solid #e0b400;padding:.5rem 1rem;border-radius:4px}
button{font-size:1rem;padding:.6rem 1.2rem;margin-right:.5rem}</style></head>
<body><p class="banner"><strong>${esc(NAME)}</strong> — không có giao dịch thật, không trừ tiền. Test gateway: no real money moves.</p>${body}</body></html>`);
}

export async function startPaymentSandbox(options: SandboxOptions): Promise<PaymentSandbox> {
  const clock = options.clock ?? (() => new Date());
  const transactions = new Map<string, SandboxTransaction>();
  const ipnLog: IpnExchange[] = [];
  const dropIpn = new Set<string>();
  const pending = new Set<Promise<unknown>>();
  const timers = new Set<NodeJS.Timeout>();

  const resultParams = (t: SandboxTransaction): Record<string, string> => ({
    vnp_Amount: t.amount,
    vnp_BankCode: 'NCB',
    vnp_BankTranNo: `VNP${t.transactionNo}`,
    vnp_CardType: 'ATM',
    vnp_OrderInfo: t.orderInfo,
    vnp_PayDate: t.payDate ?? vnTime(clock()),
    vnp_ResponseCode: t.responseCode ?? '99',
    vnp_TmnCode: options.tmnCode,
    vnp_TransactionNo: t.responseCode === '00' ? t.transactionNo : '0',
    vnp_TransactionStatus: t.responseCode === '00' ? '00' : '02',
    vnp_TxnRef: t.txnRef,
  });

  async function notify(txnRef: string, override: Record<string, string> = {}): Promise<IpnExchange> {
    const t = transactions.get(txnRef);
    const params: Record<string, string> = { ...(t ? resultParams(t) : { vnp_TxnRef: txnRef, vnp_TmnCode: options.tmnCode }), ...override };
    // An override may carry its own (wrong) vnp_SecureHash: a tampered notification.
    const url = `${options.ipnUrl}?${signData(params)}&vnp_SecureHash=${override.vnp_SecureHash ?? sign(params, options.hashSecret)}`;
    try {
      const res = await fetch(url, { method: 'GET' });
      const exchange = { txnRef, status: res.status, answer: await res.text() };
      ipnLog.push(exchange);
      return exchange;
    } catch (e) {
      const exchange = { txnRef, status: 0, answer: String(e) };
      ipnLog.push(exchange);
      return exchange;
    }
  }

  const track = <T>(p: Promise<T>) => {
    pending.add(p);
    void p.finally(() => pending.delete(p));
    return p;
  };

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    if (req.method === 'GET' && url.pathname === '/paymentv2/vpcpay.html') {
      const params = Object.fromEntries(url.searchParams);
      if (!verify(params, options.hashSecret) || params.vnp_TmnCode !== options.tmnCode) {
        return page(res, 400, NAME, '<h1>Sai chữ ký (97)</h1><p>Invalid signature: the link was not signed by this merchant.</p>');
      }
      const expire = params.vnp_ExpireDate;
      if (expire && expire < vnTime(clock())) return page(res, 400, NAME, '<h1>Giao dịch đã hết hạn (11)</h1><p>The payment link has expired.</p>');
      const existing = transactions.get(params.vnp_TxnRef!);
      if (existing && existing.responseCode === '00') return page(res, 400, NAME, '<h1>Giao dịch đã được thanh toán</h1><p>Already paid.</p>');
      const t: SandboxTransaction = existing ?? {
        txnRef: params.vnp_TxnRef!, amount: params.vnp_Amount!, orderInfo: params.vnp_OrderInfo ?? '', returnUrl: params.vnp_ReturnUrl!,
        createDate: params.vnp_CreateDate!, transactionNo: String(14_000_000 + randomInt(0, 999_999)), responseCode: null, payDate: null, refundedAmount: 0,
      };
      transactions.set(t.txnRef, t);
      return page(res, 200, NAME, `<h1>Thanh toán / Payment</h1>
<dl><dt>Đơn vị chấp nhận / merchant</dt><dd>${esc(options.tmnCode)}</dd><dt>Nội dung / order</dt><dd>${esc(t.orderInfo)}</dd>
<dt>Số tiền / amount</dt><dd data-testid="amount">${esc(formatVnd(t.amount))}</dd><dt>Mã giao dịch / reference</dt><dd>${esc(t.txnRef)}</dd></dl>
<form method="post" action="/paymentv2/complete"><input type="hidden" name="ref" value="${esc(t.txnRef)}">
<button name="choice" value="pay">Thanh toán / Pay</button><button name="choice" value="cancel">Hủy / Cancel</button></form>`);
    }
    if (req.method === 'POST' && url.pathname === '/paymentv2/complete') {
      const form = new URLSearchParams(await readBody(req));
      const t = transactions.get(form.get('ref') ?? '');
      if (!t) return page(res, 404, NAME, '<h1>Không tìm thấy giao dịch</h1>');
      if (t.responseCode !== '00') {
        t.responseCode = form.get('choice') === 'pay' ? '00' : '24';
        t.payDate = vnTime(clock());
      }
      if (!dropIpn.has(t.txnRef)) {
        // The first notification before the browser returns, as gateways do; then a duplicate; then a late one.
        await track(notify(t.txnRef));
        if (options.duplicateIpn !== false) await track(notify(t.txnRef));
        if (options.ipnDelayMs) {
          const timer = setTimeout(() => {
            timers.delete(timer);
            void track(notify(t.txnRef));
          }, options.ipnDelayMs);
          timers.add(timer);
        }
      }
      const back = `${t.returnUrl}${t.returnUrl.includes('?') ? '&' : '?'}${signData(resultParams(t))}&vnp_SecureHash=${sign(resultParams(t), options.hashSecret)}`;
      res.writeHead(302, { location: back });
      return res.end();
    }
    if (req.method === 'POST' && url.pathname === '/merchant_webapi/api/transaction') {
      let body: Record<string, string>;
      try {
        body = JSON.parse(await readBody(req)) as Record<string, string>;
      } catch {
        res.writeHead(400, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ vnp_ResponseCode: '03', vnp_Message: 'Invalid request format' }));
      }
      return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(api(body)));
    }
    if (url.pathname === '/favicon.ico') return res.writeHead(204).end();
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  }

  function api(body: Record<string, string>): Record<string, string> {
    const command = body.vnp_Command;
    const fields = command === 'refund' ? API_FIELDS.refund : API_FIELDS.querydr;
    const responseFields = command === 'refund' ? API_FIELDS.refundResponse : API_FIELDS.querydrResponse;
    const t = transactions.get(body.vnp_TxnRef ?? '');
    const answer = (code: string, message: string, extra: Record<string, string> = {}) => {
      const r: Record<string, string> = {
        vnp_ResponseId: String(randomInt(1e9, 9e9)), vnp_Command: command ?? '', vnp_ResponseCode: code, vnp_Message: message, vnp_TmnCode: options.tmnCode,
        vnp_TxnRef: body.vnp_TxnRef ?? '', vnp_Amount: t?.amount ?? '', vnp_BankCode: t ? 'NCB' : '', vnp_PayDate: t?.payDate ?? '',
        vnp_TransactionNo: t?.transactionNo ?? '', vnp_TransactionType: '01', vnp_TransactionStatus: '', vnp_OrderInfo: body.vnp_OrderInfo ?? '',
        vnp_PromotionCode: '', vnp_PromotionAmount: '', ...extra,
      };
      r.vnp_SecureHash = signApi(responseFields, r, options.hashSecret);
      return r;
    };
    if (command !== 'querydr' && command !== 'refund') return answer('02', 'Invalid command');
    if (body.vnp_TmnCode !== options.tmnCode) return answer('02', 'Merchant is not valid');
    if (!verifyApi(fields, body, options.hashSecret)) return answer('97', 'Invalid checksum');
    if (body.vnp_Version !== VNP_VERSION) return answer('03', 'Invalid version');
    if (!t) return answer('91', 'Transaction not found');
    if (command === 'querydr') {
      const status = t.responseCode === '00' ? (t.refundedAmount >= Number(t.amount) ? '06' : '00') : t.responseCode === null ? '01' : '02';
      return answer('00', 'QueryDR Success', { vnp_TransactionStatus: status });
    }
    const amount = Number(body.vnp_Amount);
    if (t.responseCode !== '00') return answer('94', 'Transaction not paid');
    if (!(amount > 0) || amount + t.refundedAmount > Number(t.amount)) return answer('95', 'Invalid refund amount');
    if (body.vnp_TransactionType === '02' && amount !== Number(t.amount)) return answer('95', 'Full refund must be the whole amount');
    t.refundedAmount += amount;
    return answer('00', 'Refund success', { vnp_TransactionType: body.vnp_TransactionType ?? '02', vnp_TransactionStatus: '05', vnp_Amount: String(amount) });
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('sandbox error');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const url = `http://${options.publicHost ?? options.host ?? '127.0.0.1'}:${port}`;
  return {
    url,
    payUrl: `${url}/paymentv2/vpcpay.html`,
    apiUrl: `${url}/merchant_webapi/api/transaction`,
    transactions,
    ipnLog,
    dropIpn,
    notify,
    async settled() {
      while (pending.size > 0 || timers.size > 0) await new Promise((r) => setTimeout(r, 20));
    },
    async close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await Promise.allSettled([...pending]);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
