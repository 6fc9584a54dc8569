/**
 * The outbox handlers of notifications: one per topic, each named `notifications.<topic>`. A handler
 * reads what it needs (the dossier, the account), builds the notice and hands it to dispatch.notify,
 * which is idempotent by the delivery key. A message about something that no longer exists is dropped.
 *
 * Topics: dossier.accept / request_supplement / reject / complete / apologize / transferred_by_reorganisation
 * (written by the dossiers' record()); payment.due, payment.paid (payments); delivery.shipped / delivered / returned (delivery);
 * feedback.answered and feedback.otp (feedback); account.password_reset (identity); survey.invite
 * (surveys); notification.reminder (our own reminder sweep, reminders.ts).
 */
import type { AppContext } from '../../context.ts';
import { registerOutboxHandler, registerJob, type OutboxMessage } from '../../platform/outbox/index.ts';
import { formatVietnamDateTime } from '../calendar/domain/local-time.ts';
import type { NotificationEvent } from './domain/events.ts';
import { notify, type Recipient } from './dispatch.ts';
import { accountRecipient, dossierFacts, feedbackSender } from './recipients.ts';
import { sweepReminders, deliverReminder, REMINDER_TOPIC } from './reminders.ts';

type Payload = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : typeof v === 'number' ? String(v) : undefined);

/** 1500000 → "1.500.000 đ" (Vietnamese grouping, never the server's locale). */
export function formatVnd(amount: number): string {
  return `${Math.round(amount).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.')} đ`;
}

const portalLink = (ctx: AppContext, code: string, signedIn: boolean) =>
  signedIn ? `${ctx.config.publicUrl}/ca-nhan/ho-so/${encodeURIComponent(code)}` : `${ctx.config.publicUrl}/tra-cuu?ma=${encodeURIComponent(code)}`;

/** A notice about a dossier to its applicant; `extra` adds the event's own values (amount, tracking number). */
async function toApplicant(ctx: AppContext, message: OutboxMessage, event: NotificationEvent, extra: Record<string, string> = {}): Promise<void> {
  const p = message.payload as Payload;
  const facts = await dossierFacts(ctx, { id: str(p.dossierId), code: str(p.code) ?? str(p.dossierCode) }, event);
  if (!facts?.applicant) return;
  await notify(
    ctx,
    {
      event,
      dossierCode: facts.code,
      deliveryKey: message.deliveryKey,
      values: { code: facts.code, procedure: facts.procedureName, appointment: facts.appointment, reason: facts.reason || '—', link: portalLink(ctx, facts.code, facts.applicant.userId !== null), ...extra },
    },
    [facts.applicant],
  );
}

const DOSSIER_TOPICS: Record<string, NotificationEvent> = {
  'dossier.accept': 'dossier.received',
  'dossier.request_supplement': 'dossier.supplement_requested',
  'dossier.reject': 'dossier.rejected',
  'dossier.complete': 'dossier.result_ready',
  'dossier.apologize': 'dossier.apology',
};

const amountOf = (p: Payload) => {
  const n = Number(p.amountVnd ?? p.amount);
  return Number.isFinite(n) ? formatVnd(n) : '';
};
const trackingOf = (p: Payload) => str(p.trackingNumber) ?? str(p.tracking) ?? str(p.trackingCode) ?? '';

const OTHER_DOSSIER_TOPICS: Record<string, { event: NotificationEvent; extra: (p: Payload) => Record<string, string> }> = {
  'payment.due': { event: 'payment.due', extra: (p) => ({ amount: amountOf(p) }) },
  'payment.paid': { event: 'payment.paid', extra: (p) => ({ amount: amountOf(p) }) },
  'delivery.shipped': { event: 'delivery.shipped', extra: (p) => ({ tracking: trackingOf(p) }) },
  'delivery.delivered': { event: 'delivery.delivered', extra: (p) => ({ tracking: trackingOf(p) }) },
  'delivery.returned': { event: 'delivery.returned', extra: (p) => ({ tracking: trackingOf(p) }) },
};

async function feedbackOtp(ctx: AppContext, message: OutboxMessage): Promise<void> {
  const p = message.payload as { channel?: string; contact?: string; code?: string };
  if (!p.contact || !p.code) return;
  const recipient: Recipient = { userId: null, name: '', email: p.channel === 'email' ? p.contact : null, phone: p.channel === 'email' ? null : p.contact };
  await notify(ctx, { event: 'feedback.otp', dossierCode: null, deliveryKey: message.deliveryKey, values: { otp: p.code } }, [recipient]);
}

async function feedbackAnswered(ctx: AppContext, message: OutboxMessage): Promise<void> {
  const p = message.payload as { feedbackId?: string };
  const sender = p.feedbackId ? await feedbackSender(ctx, p.feedbackId) : null;
  if (!sender) return;
  await notify(ctx, { event: 'feedback.answered', dossierCode: null, deliveryKey: message.deliveryKey, values: { feedbackCode: sender.code, link: `${ctx.config.publicUrl}/phan-anh/${encodeURIComponent(sender.code)}` } }, [sender.recipient]);
}

async function passwordReset(ctx: AppContext, message: OutboxMessage): Promise<void> {
  const p = message.payload as { userId?: string; link?: string; expiresAt?: string };
  const account = p.userId ? await accountRecipient(ctx, p.userId) : null;
  if (!account || !p.link) return;
  const expires = p.expiresAt ? formatVietnamDateTime(new Date(p.expiresAt)) : '';
  await notify(ctx, { event: 'account.password_reset', dossierCode: null, deliveryKey: message.deliveryKey, values: { link: p.link, expires } }, [account]);
}

async function surveyInvite(ctx: AppContext, message: OutboxMessage): Promise<void> {
  const p = message.payload as { link?: string; phone?: string | null; email?: string | null };
  if (!p.link || (!p.phone && !p.email)) return;
  // One channel per invitation: the phone when there is one (what the sampled person gave), else e-mail.
  const recipient: Recipient = { userId: null, name: '', phone: p.phone ?? null, email: p.phone ? null : (p.email ?? null) };
  await notify(ctx, { event: 'survey.invite', dossierCode: null, deliveryKey: message.deliveryKey, values: { link: p.link } }, [recipient]);
}

/**
 * A reorganisation moved an open dossier to a successor unit (issue 18): the applicant is told which unit
 * handles it now and that the appointment stands (the transfer changes no deadline).
 */
async function transferred(ctx: AppContext, message: OutboxMessage): Promise<void> {
  const p = message.payload as Payload;
  const facts = await dossierFacts(ctx, { id: str(p.dossierId), code: str(p.code) }, 'dossier.transferred');
  if (!facts?.applicant) return;
  const unit = (await ctx.orgs.find(facts.currentOrgId))?.name ?? facts.currentOrgId;
  await notify(
    ctx,
    {
      event: 'dossier.transferred',
      dossierCode: facts.code,
      deliveryKey: message.deliveryKey,
      values: { code: facts.code, procedure: facts.procedureName, unit, appointment: facts.appointment, link: portalLink(ctx, facts.code, facts.applicant.userId !== null) },
    },
    [facts.applicant],
  );
}

let registered = false;
/** Registers every handler and the reminder job, once per process (routes.ts calls it when loaded). */
export function registerNotificationHandlers(): void {
  if (registered) return;
  registered = true;
  for (const [topic, event] of Object.entries(DOSSIER_TOPICS)) registerOutboxHandler(topic, `notifications.${topic}`, (m, ctx) => toApplicant(ctx, m, event));
  for (const [topic, { event, extra }] of Object.entries(OTHER_DOSSIER_TOPICS)) registerOutboxHandler(topic, `notifications.${topic}`, (m, ctx) => toApplicant(ctx, m, event, extra(m.payload)));
  registerOutboxHandler('dossier.transferred_by_reorganisation', 'notifications.dossier.transferred_by_reorganisation', (m, ctx) => transferred(ctx, m));
  registerOutboxHandler('feedback.otp', 'notifications.feedback.otp', (m, ctx) => feedbackOtp(ctx, m));
  registerOutboxHandler('feedback.answered', 'notifications.feedback.answered', (m, ctx) => feedbackAnswered(ctx, m));
  registerOutboxHandler('account.password_reset', 'notifications.account.password_reset', (m, ctx) => passwordReset(ctx, m));
  registerOutboxHandler('survey.invite', 'notifications.survey.invite', (m, ctx) => surveyInvite(ctx, m));
  registerOutboxHandler(REMINDER_TOPIC, 'notifications.reminder', (m, ctx) => deliverReminder(ctx, m));
  registerJob({ name: 'notifications.reminders', intervalSeconds: (ctx) => ctx.config.notifications.reminders.intervalSeconds, run: async (ctx, now) => {
      await sweepReminders(ctx, now);
    } });
}
