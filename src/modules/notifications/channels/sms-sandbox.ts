/**
 * SANDBOX SMS PROVIDER — never for production. A local HTTP server that speaks the same JSON API as
 * channels/sms.ts (eSMS-style SendMultipleMessage_V4_post_json), checks the keys, refuses messages over
 * 160 characters or outside GSM-7 as a brand-name gateway would, answers a repeated RequestId with
 * CodeResult 124 like the real one, and RECORDS every accepted message in memory: tests read
 * `messages`; a developer reads GET /messages. The demo starts one (src/main.ts) when no provider is
 * configured.
 */
import { createServer, type Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { ESMS_SEND_PATH } from './sms.ts';
import { isGsm7, SMS_MAX } from '../domain/render.ts';

export interface SandboxSms {
  smsId: string;
  phone: string;
  content: string;
  brandname: string;
  requestId: string;
  at: string;
}

export interface SmsSandbox {
  url: string;
  apiKey: string;
  secretKey: string;
  messages: SandboxSms[];
  /** Answer the next n sends with an error (tests of retries). */
  failNext(n: number): void;
  close(): Promise<void>;
}

export async function startSmsSandbox(options: { port?: number; apiKey?: string; secretKey?: string } = {}): Promise<SmsSandbox> {
  const apiKey = options.apiKey ?? 'sandbox-api-key';
  const secretKey = options.secretKey ?? 'sandbox-secret-key';
  const messages: SandboxSms[] = [];
  const seen = new Set<string>();
  let failures = 0;
  const server: Server = createServer((req, res) => {
    const answer = (body: unknown, status = 200) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'GET' && req.url === '/messages') return answer(messages.slice(-200));
    if (req.method !== 'POST' || req.url !== ESMS_SEND_PATH) return answer({ CodeResult: '404', ErrorMessage: 'not found' }, 404);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let p: Record<string, string>;
      try {
        p = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, string>;
      } catch {
        return answer({ CodeResult: '99', ErrorMessage: 'Invalid JSON' });
      }
      if (failures > 0) {
        failures--;
        return answer({ CodeResult: '99', ErrorMessage: 'Sandbox: simulated provider error' });
      }
      if (p.ApiKey !== apiKey || p.SecretKey !== secretKey) return answer({ CodeResult: '101', ErrorMessage: 'Authorize Failed' });
      const content = String(p.Content ?? '');
      if (!/^0\d{9}$/.test(String(p.Phone ?? ''))) return answer({ CodeResult: '789', ErrorMessage: 'Phone number invalid' });
      if (p.IsUnicode === '0' && (!isGsm7(content) || content.length > SMS_MAX)) return answer({ CodeResult: '118', ErrorMessage: 'Content too long or not GSM-7' });
      if (p.RequestId && seen.has(p.RequestId)) return answer({ CodeResult: '124', ErrorMessage: 'Duplicate RequestId' });
      if (p.RequestId) seen.add(p.RequestId);
      const smsId = randomUUID().replace(/-/g, '');
      messages.push({ smsId, phone: p.Phone!, content, brandname: String(p.Brandname ?? ''), requestId: String(p.RequestId ?? ''), at: new Date().toISOString() });
      if (messages.length > 5000) messages.splice(0, messages.length - 5000);
      return answer({ CodeResult: '100', CountRegenerate: 0, SMSID: smsId });
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    secretKey,
    messages,
    failNext: (n) => {
      failures = n;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
