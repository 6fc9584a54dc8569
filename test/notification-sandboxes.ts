/**
 * The outside systems notifications talk to, started for a test: the SANDBOX SMS provider
 * (src/modules/notifications/channels/sms-sandbox.ts, the same JSON API as the real adapter) and a REAL
 * SMTP server (smtp-server) that keeps every message it receives, raw and decoded. `config` points a
 * test app at both.
 */
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import type { AppConfig } from '../src/context.ts';
import { startSmsSandbox, type SmsSandbox } from '../src/modules/notifications/channels/sms-sandbox.ts';
import { DEFAULT_NOTIFICATION_SETTINGS } from '../src/modules/notifications/settings.ts';

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
  /** The Subject header as sent (RFC 2047 encoded words) and decoded. */
  rawSubject: string;
  subject: string;
  text: string;
  html: string;
}

export interface Sandboxes {
  sms: SmsSandbox;
  mails: ReceivedMail[];
  smtpPort: number;
  config: Partial<AppConfig>;
  close(): Promise<void>;
}

export async function startNotificationSandboxes(): Promise<Sandboxes> {
  const sms = await startSmsSandbox();
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        mails.push({ ...parseMail(raw), from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const smtpPort = (server.server.address() as AddressInfo).port;
  return {
    sms,
    mails,
    smtpPort,
    config: {
      notifications: {
        ...DEFAULT_NOTIFICATION_SETTINGS,
        email: { smtpUrl: `smtp://127.0.0.1:${smtpPort}`, from: 'Một cửa điện tử <khong-tra-loi@motcua.test>' },
        sms: { url: sms.url, apiKey: sms.apiKey, secretKey: sms.secretKey, brandname: 'UBND-TEST' },
      },
    },
    async close() {
      await sms.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** RFC 2047 encoded words (B and Q) → text. */
export function decodeWords(header: string): string {
  return header
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_m, _charset: string, enc: string, data: string) =>
      enc.toUpperCase() === 'B' ? Buffer.from(data, 'base64').toString('utf8') : Buffer.from(data.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'),
    );
}

function decodeBody(body: string, encoding: string): string {
  if (/base64/i.test(encoding)) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (/quoted-printable/i.test(encoding)) {
    const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

function headerOf(block: string, name: string): string {
  const unfolded = block.replace(/\r?\n[ \t]+/g, ' ');
  return new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(unfolded)?.[1]?.trim() ?? '';
}

function parseMail(raw: string): Omit<ReceivedMail, 'from' | 'to' | 'raw'> {
  const [head = '', ...rest] = raw.split(/\r?\n\r?\n/);
  const bodyAll = rest.join('\r\n\r\n');
  const rawSubject = headerOf(head, 'Subject');
  const type = headerOf(head, 'Content-Type');
  const parts: Array<{ type: string; body: string }> = [];
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (boundary) {
    for (const part of bodyAll.split(`--${boundary}`)) {
      const [ph = '', ...pb] = part.replace(/^\r?\n/, '').split(/\r?\n\r?\n/);
      const ptype = headerOf(ph, 'Content-Type');
      if (!ptype) continue;
      parts.push({ type: ptype, body: decodeBody(pb.join('\r\n\r\n'), headerOf(ph, 'Content-Transfer-Encoding')) });
    }
  } else {
    parts.push({ type, body: decodeBody(bodyAll, headerOf(head, 'Content-Transfer-Encoding')) });
  }
  return {
    rawSubject,
    subject: decodeWords(rawSubject),
    text: parts.find((p) => /text\/plain/i.test(p.type))?.body.trim() ?? '',
    html: parts.find((p) => /text\/html/i.test(p.type))?.body.trim() ?? '',
  };
}
