/**
 * What a person sees and chooses: their in-app notifications (the bell: newest first, unread count,
 * mark read) and their preferences (each channel on or off, the language). Each reads and writes the
 * caller's own rows only.
 */
import type { AppContext } from '../../context.ts';
import type { SessionUser } from '../identity/auth.ts';
import { DomainError } from '../../kernel/errors.ts';
import { getDossier } from '../dossiers/view.ts';
import { preferencesOf, type Preferences } from './dispatch.ts';

const PAGE = 30;

export async function myNotifications(ctx: AppContext, user: SessionUser, unreadOnly: boolean) {
  let q = ctx.db.selectFrom('notifications').select(['id', 'event', 'title', 'body', 'dossier_code', 'created_at', 'read_at']).where('user_id', '=', user.id);
  if (unreadOnly) q = q.where('read_at', 'is', null);
  const rows = await q.orderBy('id', 'desc').limit(PAGE).execute();
  return {
    unread: await unreadCount(ctx, user),
    items: rows.map((r) => ({ id: String(r.id), event: r.event, title: r.title, body: r.body, dossierCode: r.dossier_code, createdAt: r.created_at.toISOString(), read: r.read_at !== null })),
  };
}

export async function unreadCount(ctx: AppContext, user: SessionUser): Promise<number> {
  const r = await ctx.db.selectFrom('notifications').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', user.id).where('read_at', 'is', null).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Marks one notification (or, with id null, all of the caller's) read; another person's id is "not found". */
export async function markRead(ctx: AppContext, user: SessionUser, id: string | null) {
  let q = ctx.db.updateTable('notifications').set({ read_at: ctx.clock() }).where('user_id', '=', user.id).where('read_at', 'is', null);
  if (id !== null) {
    const exists = await ctx.db.selectFrom('notifications').select('id').where('id', '=', id).where('user_id', '=', user.id).executeTakeFirst();
    if (!exists) throw new DomainError('not-found', 404, { vi: 'Không tìm thấy thông báo.', en: 'No such notification.' });
    q = q.where('id', '=', id);
  }
  await q.execute();
  return { unread: await unreadCount(ctx, user) };
}

export async function getPreferences(ctx: AppContext, user: SessionUser) {
  const prefs = await preferencesOf(ctx, user.id);
  const contact = await ctx.db.selectFrom('users').select(['email', 'phone']).where('id', '=', user.id).executeTakeFirst();
  return { ...prefs, hasEmail: !!contact?.email, hasPhone: !!contact?.phone };
}

export async function setPreferences(ctx: AppContext, user: SessionUser, prefs: Preferences) {
  const now = ctx.clock();
  await ctx.db
    .insertInto('notification_preferences')
    .values({ user_id: user.id, ...prefs, updated_at: now })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ ...prefs, updated_at: now }))
    .execute();
  return getPreferences(ctx, user);
}

/**
 * The messages sent about a dossier (to its applicant and, for reminders, to officers), with their
 * delivery status, for the officers who may see the dossier; the address is masked. Messages still
 * waiting in the outbox for their first attempt are listed as queued too.
 */
export async function dossierDeliveries(ctx: AppContext, user: SessionUser, code: string) {
  const dossier = await getDossier(ctx, user, code);
  const rows = await ctx.db
    .selectFrom('notification_deliveries as n')
    .leftJoin('users', 'users.id', 'n.user_id')
    .select(['n.id', 'n.event', 'n.channel', 'n.address_masked', 'n.status', 'n.attempts', 'n.last_error', 'n.created_at', 'n.sent_at', 'users.role'])
    .where('n.dossier_code', '=', dossier.code)
    .orderBy('n.id', 'desc')
    .limit(200)
    .execute();
  const waiting = await ctx.db
    .selectFrom('outbox')
    .select(['id', 'topic', 'created_at', 'attempts', 'last_error', 'status'])
    .where('status', '=', 'pending')
    .where((eb) => eb.or([eb(eb.ref('payload', '->>').key('code' as never), '=', dossier.code), eb(eb.ref('payload', '->>').key('dossierCode' as never), '=', dossier.code)]))
    .orderBy('id', 'desc')
    .limit(50)
    .execute();
  return {
    code: dossier.code,
    items: rows.map((r) => ({
      id: String(r.id),
      event: r.event,
      channel: r.channel,
      recipient: r.role === null ? ('contact' as const) : r.role === 'citizen' ? ('applicant' as const) : ('officer' as const),
      address: r.address_masked,
      status: r.status,
      attempts: r.attempts,
      error: r.last_error,
      createdAt: r.created_at.toISOString(),
      sentAt: r.sent_at?.toISOString() ?? null,
    })),
    waiting: waiting.map((w) => ({ messageId: String(w.id), topic: w.topic, createdAt: w.created_at.toISOString(), attempts: w.attempts, error: w.last_error })),
  };
}
