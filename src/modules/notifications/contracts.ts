/** Request and answer shapes of the notification routes (the web imports these). */
import { z } from 'zod';
import { Instant, Label } from '../../kernel/contracts.ts';
import { CHANNELS, EVENTS } from './domain/events.ts';

export const NOTIFICATION_EVENTS = EVENTS;
export const NOTIFICATION_CHANNELS = CHANNELS;
export const NotificationEventName = z.enum(EVENTS);
export const NotificationChannelName = z.enum(CHANNELS);
export const LangName = z.enum(['vi', 'en']);

export const InAppNotification = z.object({
  id: z.string(),
  event: z.string(),
  title: z.string(),
  body: z.string(),
  dossierCode: z.string().nullable(),
  createdAt: Instant,
  read: z.boolean(),
});
export type InAppNotification = z.infer<typeof InAppNotification>;
export const NotificationList = z.object({ unread: z.number().int(), items: z.array(InAppNotification) });
export type NotificationList = z.infer<typeof NotificationList>;
export const UnreadCount = z.object({ unread: z.number().int() });

export const PreferencesBody = z.strictObject({ email: z.boolean(), sms: z.boolean(), inapp: z.boolean(), lang: LangName });
export const PreferencesView = z.object({ email: z.boolean(), sms: z.boolean(), inapp: z.boolean(), lang: LangName, hasEmail: z.boolean(), hasPhone: z.boolean() });
export type PreferencesView = z.infer<typeof PreferencesView>;

export const DeliveryStatus = z.enum(['queued', 'sent', 'failed']);
export const DossierDeliveries = z.object({
  code: z.string(),
  items: z.array(
    z.object({
      id: z.string(),
      event: z.string(),
      channel: NotificationChannelName,
      recipient: z.enum(['applicant', 'officer', 'contact']),
      address: z.string().nullable().describe('Masked e-mail or phone; null in-app'),
      status: DeliveryStatus,
      attempts: z.number().int(),
      error: z.string().nullable(),
      createdAt: Instant,
      sentAt: Instant.nullable(),
    }),
  ),
  waiting: z.array(z.object({ messageId: z.string(), topic: z.string(), createdAt: Instant, attempts: z.number().int(), error: z.string().nullable() })).describe('Outbox messages about the dossier not delivered yet'),
});
export type DossierDeliveries = z.infer<typeof DossierDeliveries>;

export const TemplateBody = z.strictObject({
  subject: z.string().max(300).nullable().optional(),
  body: z.string().trim().min(1).max(5000),
  html: z.string().max(20000).nullable().optional(),
});
export const TemplateView = z.object({
  channel: NotificationChannelName,
  lang: LangName,
  version: z.number().int().describe('0: the template shipped with the code'),
  subject: z.string().nullable(),
  body: z.string(),
  html: z.string().nullable(),
  updatedAt: Instant.nullable(),
});
export type TemplateView = z.infer<typeof TemplateView>;
export const TemplateList = z.object({
  items: z.array(z.object({ event: NotificationEventName, label: Label, variables: z.array(z.string()), templates: z.array(TemplateView) })),
});
export type TemplateList = z.infer<typeof TemplateList>;
export const TemplateSaved = TemplateView.extend({ event: NotificationEventName });
export const TemplatePreview = z.object({ subject: z.string().nullable(), text: z.string(), html: z.string().nullable(), length: z.number().int() });
export type TemplatePreview = z.infer<typeof TemplatePreview>;
