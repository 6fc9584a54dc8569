/**
 * Sends one notice to its recipients on every channel each of them can and will receive, and records
 * each message's delivery (queued → sent | failed with the error; attempts counted).
 *
 * - Channels: in-app for an account (when the person keeps it on); e-mail when the person has an
 *   address, the person keeps e-mail on and SMTP is configured; SMS likewise with a phone number and an
 *   SMS provider. A person without e-mail or phone gets in-app only. Mandatory events (a one-time code,
 *   a reset link, a survey invitation: domain/events.ts MANDATORY_EVENTS) ignore the on/off choices.
 * - Language: the person's preference (Vietnamese when none).
 * - Idempotent: each (recipient, channel) has a key derived from the outbox delivery key; a message
 *   already sent is not sent again when the outbox hands the notice over once more (after another
 *   channel failed, or a crash). Any failure is thrown after every channel was tried, so the outbox
 *   retries with backoff and the failed channel alone is tried again.
 */
import { createHash } from 'node:crypto';
import type { AppContext } from '../../context.ts';
import { MANDATORY_EVENTS, type Channel, type Lang, type NotificationEvent } from './domain/events.ts';
import { render, type Rendered } from './domain/render.ts';
import { currentTemplate, type CurrentTemplate } from './templates.ts';
import { sendEmail } from './channels/email.ts';
import { sendSms } from './channels/sms.ts';

export interface Recipient {
  userId: string | null;
  name: string;
  email: string | null;
  phone: string | null;
}

export interface Notice {
  event: NotificationEvent;
  /** The event's variables except `name` (each recipient's own); a value may depend on the language. */
  values: Record<string, string | { vi: string; en: string }>;
  dossierCode: string | null;
  /** The outbox message's delivery key. */
  deliveryKey: string;
}

export interface Preferences {
  email: boolean;
  sms: boolean;
  inapp: boolean;
  lang: Lang;
}

export const DEFAULT_PREFERENCES: Preferences = { email: true, sms: true, inapp: true, lang: 'vi' };

export async function preferencesOf(ctx: AppContext, userId: string | null): Promise<Preferences> {
  if (!userId) return DEFAULT_PREFERENCES;
  const row = await ctx.db.selectFrom('notification_preferences').select(['email', 'sms', 'inapp', 'lang']).where('user_id', '=', userId).executeTakeFirst();
  return row ?? DEFAULT_PREFERENCES;
}

export function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 1)}***@${domain}`;
}

export function maskPhone(phone: string): string {
  return phone.length <= 4 ? '***' : `${phone.slice(0, 3)}****${phone.slice(-3)}`;
}

const MAX_ERROR = 500;

export async function notify(ctx: AppContext, notice: Notice, recipients: Recipient[]): Promise<void> {
  const failures: string[] = [];
  const templates = new Map<string, CurrentTemplate>();
  const templateOf = async (channel: Channel, lang: Lang) => {
    const k = `${channel}|${lang}`;
    let t = templates.get(k);
    if (!t) {
      t = await currentTemplate(ctx.db, notice.event, channel, lang);
      templates.set(k, t);
    }
    return t;
  };
  const mandatory = MANDATORY_EVENTS.has(notice.event);
  const { email: emailSettings, sms: smsSettings } = ctx.config.notifications;
  for (const r of recipients) {
    const prefs = await preferencesOf(ctx, r.userId);
    const lang = prefs.lang;
    const values: Record<string, string> = { name: r.name };
    for (const [k, v] of Object.entries(notice.values)) values[k] = typeof v === 'string' ? v : v[lang];
    const who = r.userId ?? createHash('sha256').update(`${r.email ?? ''}|${r.phone ?? ''}`).digest('hex').slice(0, 16);
    const key = `${notice.deliveryKey}:${who}`;
    const channels: Channel[] = [];
    if (r.userId && prefs.inapp && !mandatory) channels.push('inapp');
    if (r.email && emailSettings && (mandatory || prefs.email)) channels.push('email');
    if (r.phone && smsSettings && (mandatory || prefs.sms)) channels.push('sms');
    for (const channel of channels) {
      const rendered = render(channel, await templateOf(channel, lang), values);
      const address = channel === 'email' ? maskEmail(r.email!) : channel === 'sms' ? maskPhone(r.phone!) : null;
      const error = await deliverOne(ctx, { key, channel, notice, recipient: r, rendered, address });
      if (error) failures.push(`${channel}: ${error}`);
    }
  }
  if (failures.length > 0) throw new Error(failures.join('; ').slice(0, 1000));
}

interface One {
  key: string;
  channel: Channel;
  notice: Notice;
  recipient: Recipient;
  rendered: Rendered;
  address: string | null;
}

/** One message on one channel; returns the error text, or null once it is sent (now or before). */
async function deliverOne(ctx: AppContext, m: One): Promise<string | null> {
  const now = ctx.clock();
  const existing = await ctx.db.selectFrom('notification_deliveries').select(['status']).where('delivery_key', '=', m.key).where('channel', '=', m.channel).executeTakeFirst();
  if (existing?.status === 'sent') return null;
  await ctx.db
    .insertInto('notification_deliveries')
    .values({ delivery_key: m.key, channel: m.channel, event: m.notice.event, user_id: m.recipient.userId, address_masked: m.address, dossier_code: m.notice.dossierCode, status: 'queued', attempts: 0, last_error: null, provider_id: null, created_at: now, sent_at: null })
    .onConflict((oc) => oc.columns(['delivery_key', 'channel']).doNothing())
    .execute();
  let providerId: string | null = null;
  let error: string | null = null;
  try {
    if (m.channel === 'inapp') {
      await ctx.db
        .insertInto('notifications')
        .values({ user_id: m.recipient.userId!, event: m.notice.event, title: m.rendered.subject ?? '', body: m.rendered.text, dossier_code: m.notice.dossierCode, delivery_key: m.key, created_at: now, read_at: null })
        .onConflict((oc) => oc.column('delivery_key').doNothing())
        .execute();
    } else if (m.channel === 'email') {
      providerId = await sendEmail(ctx.config.notifications.email!, { to: m.recipient.email!, subject: m.rendered.subject ?? '', text: m.rendered.text, html: m.rendered.html ?? '', deliveryKey: `${m.key}:email` });
    } else {
      providerId = await sendSms(ctx.config.notifications.sms!, m.recipient.phone!, m.rendered.text, `${m.key}:sms`);
    }
  } catch (e) {
    error = (e instanceof Error ? e.message || e.name : String(e)).slice(0, MAX_ERROR);
  }
  await ctx.db
    .updateTable('notification_deliveries')
    .set((eb) => ({ status: error ? 'failed' : 'sent', attempts: eb('attempts', '+', 1), last_error: error, provider_id: providerId, sent_at: error ? null : ctx.clock() }))
    .where('delivery_key', '=', m.key)
    .where('channel', '=', m.channel)
    .execute();
  return error;
}
