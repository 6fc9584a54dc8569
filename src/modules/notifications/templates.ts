/**
 * Message templates: the one in use for an event, channel and language is the administrators' latest
 * version, or else the one shipped with the code (version 0, domain/default-templates.ts). An edit is
 * checked (known variables only, an SMS that fits), stored as a new version and audit-logged; a preview
 * renders any template with the sample values.
 */
import { DomainError } from '../../kernel/errors.ts';
import type { AppContext } from '../../context.ts';
import type { Database } from '../../platform/db/db.ts';
import type { SessionUser } from '../identity/auth.ts';
import { recordAudit } from '../audit/audit.ts';
import { requireCityLevel } from '../organisations/scope.ts';
import { DEFAULT_TEMPLATES } from './domain/default-templates.ts';
import { CHANNELS, EVENTS, EVENT_LABELS, EVENT_VARIABLES, SAMPLES, type Channel, type Lang, type NotificationEvent } from './domain/events.ts';
import { checkTemplate, render, type TemplateParts } from './domain/render.ts';

export interface CurrentTemplate extends TemplateParts {
  version: number;
}

export function defaultTemplate(event: NotificationEvent, channel: Channel, lang: Lang): CurrentTemplate {
  const d = DEFAULT_TEMPLATES[event][lang];
  if (channel === 'sms') return { version: 0, subject: null, body: d.sms, html: null };
  return { version: 0, subject: d.subject, body: d.text, html: null };
}

export async function currentTemplate(db: Database, event: NotificationEvent, channel: Channel, lang: Lang): Promise<CurrentTemplate> {
  const row = await db
    .selectFrom('notification_templates')
    .select(['version', 'subject', 'body', 'html'])
    .where('event', '=', event)
    .where('channel', '=', channel)
    .where('lang', '=', lang)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? { version: row.version, subject: row.subject, body: row.body, html: row.html } : defaultTemplate(event, channel, lang);
}

/** Every event's templates in use, for the administrators' editor. */
export async function listTemplates(ctx: AppContext, admin: SessionUser) {
  await requireCityLevel(ctx, admin);
  const rows = await ctx.db.selectFrom('notification_templates').select(['event', 'channel', 'lang', 'version', 'subject', 'body', 'html', 'created_at']).orderBy('version', 'desc').execute();
  const latest = new Map<string, (typeof rows)[number]>();
  for (const r of rows) if (!latest.has(`${r.event}|${r.channel}|${r.lang}`)) latest.set(`${r.event}|${r.channel}|${r.lang}`, r);
  return {
    items: EVENTS.map((event) => ({
      event,
      label: EVENT_LABELS[event],
      variables: [...EVENT_VARIABLES[event]],
      templates: CHANNELS.flatMap((channel) =>
        (['vi', 'en'] as const).map((lang) => {
          const r = latest.get(`${event}|${channel}|${lang}`);
          const t = r ? { version: r.version, subject: r.subject, body: r.body, html: r.html } : defaultTemplate(event, channel, lang);
          return { channel, lang, ...t, updatedAt: r ? r.created_at.toISOString() : null };
        }),
      ),
    })),
  };
}

function refuse(event: NotificationEvent, channel: Channel, parts: TemplateParts): void {
  const issues = checkTemplate(event, channel, parts);
  if (issues.length > 0) {
    throw new DomainError('template-invalid', 422, { vi: 'Mẫu thông báo chưa hợp lệ.', en: 'The template is not valid.' }, issues);
  }
}

export interface TemplateInput {
  subject?: string | null;
  body: string;
  html?: string | null;
}

const partsOf = (input: TemplateInput): TemplateParts => ({ subject: input.subject ?? null, body: input.body, html: input.html ?? null });

/** A preview with the sample values; a template that could not be saved is refused the same way (422). */
export async function previewTemplate(ctx: AppContext, admin: SessionUser, event: NotificationEvent, channel: Channel, input: TemplateInput) {
  await requireCityLevel(ctx, admin);
  const parts = partsOf(input);
  refuse(event, channel, parts);
  const rendered = render(channel, parts, SAMPLES);
  return { ...rendered, length: rendered.text.length };
}

export async function saveTemplate(ctx: AppContext, admin: SessionUser, event: NotificationEvent, channel: Channel, lang: Lang, input: TemplateInput) {
  await requireCityLevel(ctx, admin);
  const parts = partsOf(input);
  refuse(event, channel, parts);
  const now = ctx.clock();
  const version = await ctx.db.transaction().execute(async (trx) => {
    const last = await trx.selectFrom('notification_templates').select((eb) => eb.fn.max('version').as('v')).where('event', '=', event).where('channel', '=', channel).where('lang', '=', lang).executeTakeFirst();
    const next = Number(last?.v ?? 0) + 1;
    await trx.insertInto('notification_templates').values({ event, channel, lang, version: next, subject: parts.subject, body: parts.body, html: parts.html, created_by: admin.id, created_at: now }).execute();
    await recordAudit(trx, ctx, admin, { action: 'notification.template_edit', subjectType: 'notification_template', subjectId: `${event}/${channel}/${lang}`, orgId: null, details: { version: next } });
    return next;
  });
  return { event, channel, lang, version, subject: parts.subject, body: parts.body, html: parts.html, updatedAt: now.toISOString() };
}
