/**
 * E-mail over SMTP with nodemailer. One transport per SMTP URL, kept for the process. The Message-ID
 * is derived from the delivery key, so a message sent twice after a crash carries the same id and a
 * mail system (or the reader's client) can recognise the duplicate. nodemailer encodes a non-ASCII
 * subject as an RFC 2047 encoded word and the bodies as UTF-8 quoted-printable.
 */
import { createTransport } from 'nodemailer';
import type { EmailSettings } from '../settings.ts';

type Transport = ReturnType<typeof createTransport>;
const transports = new Map<string, Transport>();

function transportFor(settings: EmailSettings): Transport {
  let t = transports.get(settings.smtpUrl);
  if (!t) {
    t = createTransport(settings.smtpUrl);
    transports.set(settings.smtpUrl, t);
  }
  return t;
}

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  deliveryKey: string;
}

/** Sends one message; returns the Message-ID. Throws on any SMTP refusal (the outbox tries again). */
export async function sendEmail(settings: EmailSettings, message: EmailMessage): Promise<string> {
  const messageId = `<${message.deliveryKey.replace(/[^A-Za-z0-9.:_-]/g, '-')}@motcua>`;
  const info = await transportFor(settings).sendMail({
    from: settings.from,
    to: message.to,
    subject: message.subject,
    text: message.text,
    html: message.html,
    messageId,
    headers: { 'Auto-Submitted': 'auto-generated' },
  });
  return (info as { messageId?: string }).messageId ?? messageId;
}
