import { z } from 'zod';
import { defineRoute } from '../../platform/http/route.ts';
import { DossierDeliveries, LangName, NotificationChannelName, NotificationEventName, NotificationList, PreferencesBody, PreferencesView, TemplateBody, TemplateList, TemplatePreview, TemplateSaved, UnreadCount } from './contracts.ts';
import { dossierDeliveries, getPreferences, markRead, myNotifications, setPreferences } from './inbox.ts';
import { listTemplates, previewTemplate, saveTemplate } from './templates.ts';
import { registerNotificationHandlers } from './handlers.ts';

// The outbox handlers (e-mail, SMS, in-app for each topic) and the reminder job, once per process.
registerNotificationHandlers();

// The desk's officers and the unit managers; the dossier's own scope rule applies on top (getDossier).
const OFFICERS = ['reception', 'specialist', 'leader', 'manager'] as const;

export const notificationRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/notifications',
    summary: 'My in-app notifications, newest first (30), with the unread count (the bell)',
    tag: 'notifications',
    access: 'user',
    response: NotificationList,
    query: z.strictObject({ unread: z.enum(['true', 'false']).default('false') }),
    handler: async ({ query, user, ctx }) => myNotifications(ctx, user!, query.unread === 'true'),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/notifications/read-all',
    summary: 'Mark all my notifications read',
    tag: 'notifications',
    access: 'user',
    response: UnreadCount,
    handler: async ({ user, ctx }) => markRead(ctx, user!, null),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/notifications/:id/read',
    summary: 'Mark one of my notifications read',
    tag: 'notifications',
    access: 'user',
    response: UnreadCount,
    params: z.strictObject({ id: z.string().regex(/^\d{1,18}$/, 'số / a number') }),
    handler: async ({ params, user, ctx }) => markRead(ctx, user!, params.id),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/notifications/preferences',
    summary: 'My notification preferences: each channel on or off, and the language',
    tag: 'notifications',
    access: 'user',
    response: PreferencesView,
    handler: async ({ user, ctx }) => getPreferences(ctx, user!),
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/notifications/preferences',
    summary: 'Set my notification preferences (one-time codes and reset links are sent whatever they say)',
    tag: 'notifications',
    access: 'user',
    response: PreferencesView,
    body: PreferencesBody,
    handler: async ({ body, user, ctx }) => setPreferences(ctx, user!, body),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/dossiers/:code/notifications',
    summary: 'The messages sent about a dossier and their delivery status (queued, sent, failed with the error and attempts), addresses masked (officers who may see the dossier)',
    tag: 'notifications',
    access: OFFICERS,
    response: DossierDeliveries,
    params: z.strictObject({ code: z.string().min(1).max(64) }),
    handler: async ({ params, user, ctx }) => dossierDeliveries(ctx, user!, params.code),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/admin/notification-templates',
    summary: 'Every event’s templates in use per channel and language, with the variables each may use (city-level administrator)',
    tag: 'admin',
    access: ['admin'],
    response: TemplateList,
    handler: async ({ user, ctx }) => listTemplates(ctx, user!),
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/admin/notification-templates/:event/:channel/:lang',
    summary: 'Save a new version of a template (unknown variables and an SMS over 160 characters without diacritics are refused with 422); audit-logged (city-level administrator)',
    tag: 'admin',
    access: ['admin'],
    response: TemplateSaved,
    params: z.strictObject({ event: NotificationEventName, channel: NotificationChannelName, lang: LangName }),
    body: TemplateBody,
    handler: async ({ params, body, user, ctx }) => saveTemplate(ctx, user!, params.event, params.channel, params.lang, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/admin/notification-templates/:event/:channel/preview',
    summary: 'Render a template with sample values (the longest realistic ones), without saving it (city-level administrator)',
    tag: 'admin',
    access: ['admin'],
    response: TemplatePreview,
    params: z.strictObject({ event: NotificationEventName, channel: NotificationChannelName }),
    body: TemplateBody,
    handler: async ({ params, body, user, ctx }) => previewTemplate(ctx, user!, params.event, params.channel, body),
  }),
];
