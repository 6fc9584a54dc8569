/**
 * The reminder sweep ("nhắc việc"), a periodic job (src/platform/outbox/jobs.ts), and the delivery of
 * its reminders.
 *
 * The sweep looks at every dossier being handled (status processing, clock running) and asks the pure
 * rule (domain/reminders.ts) which thresholds it has reached on its unit's WORKING calendar. For each
 * threshold and recipient it writes a notification_reminders row — unique (dossier, threshold,
 * recipient) — and, in the same transaction, one outbox message for the recipients newly written. A
 * row that exists already is skipped by ON CONFLICT DO NOTHING, so each reminder goes out once per
 * threshold however often the sweep runs and however many processes run it.
 *
 * Recipients: the handling officers are the active accounts of the current step's unit with the
 * step's role (there is no per-person assignment of dossiers); the leaders are the unit's active
 * leaders.
 */
import type { AppContext } from '../../context.ts';
import { writeOutbox, type OutboxMessage } from '../../platform/outbox/index.ts';
import type { WorkingCalendar } from '../calendar/domain/working-calendar.ts';
import { formatVietnamDateTime } from '../calendar/domain/local-time.ts';
import { audienceOf, remindersDue, workingTimeText, type Threshold } from './domain/reminders.ts';
import { notify, type Recipient } from './dispatch.ts';
import { accountRecipient, dossierFacts, officersOf } from './recipients.ts';

export const REMINDER_TOPIC = 'notification.reminder';
const BATCH = 500;

export interface SweepResult {
  dossiers: number;
  reminders: number;
}

export async function sweepReminders(ctx: AppContext, now: Date): Promise<SweepResult> {
  const settings = ctx.config.notifications.reminders;
  const calendars = new Map<string, WorkingCalendar>();
  const result: SweepResult = { dossiers: 0, reminders: 0 };
  let after = '';
  for (;;) {
    const rows = await ctx.db
      .selectFrom('dossiers')
      .select(['id', 'code', 'due_at', 'accepted_at', 'current_org_id', 'current_step', 'process'])
      .where('status', '=', 'processing')
      .where('due_at', 'is not', null)
      .where('accepted_at', 'is not', null)
      .where('paused_at', 'is', null)
      .where('id', '>', after)
      .orderBy('id')
      .limit(BATCH)
      .execute();
    if (rows.length === 0) break;
    after = rows[rows.length - 1]!.id;
    for (const d of rows) {
      result.dossiers++;
      const step = d.current_step >= 0 ? (d.process as { steps?: Array<{ orgId: string; role: string }> }).steps?.[d.current_step] : undefined;
      const orgId = step?.orgId ?? d.current_org_id;
      let calendar = calendars.get(orgId);
      if (!calendar) {
        calendar = await ctx.calendars.forOrg(orgId);
        calendars.set(orgId, calendar);
      }
      const check = remindersDue(calendar, calendar.clockStart(d.accepted_at!), d.due_at!, now, settings);
      for (const threshold of check.thresholds) {
        const recipients = new Map<string, Recipient>();
        for (const audience of audienceOf(threshold)) {
          const people = audience === 'leaders' ? await officersOf(ctx, orgId, 'leader') : await officersOf(ctx, orgId, step?.role ?? 'specialist');
          for (const p of people) recipients.set(p.userId!, p);
        }
        if (recipients.size === 0) continue;
        result.reminders += await remindOnce(ctx, { dossierId: d.id, code: d.code, threshold, dueAt: d.due_at!, minutesLeft: check.minutesLeft }, [...recipients.keys()], now);
      }
    }
  }
  return result;
}

/** The rows and the outbox message in one transaction: returns how many recipients were newly reminded. */
async function remindOnce(ctx: AppContext, r: { dossierId: string; code: string; threshold: Threshold; dueAt: Date; minutesLeft: number }, userIds: string[], now: Date): Promise<number> {
  return ctx.db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('notification_reminders')
      .values(userIds.map((user_id) => ({ dossier_id: r.dossierId, threshold: r.threshold, user_id, due_at: r.dueAt, created_at: now })))
      .onConflict((oc) => oc.columns(['dossier_id', 'threshold', 'user_id']).doNothing())
      .returning('user_id')
      .execute();
    if (inserted.length === 0) return 0;
    await writeOutbox(trx, {
      topic: REMINDER_TOPIC,
      payload: { dossierId: r.dossierId, code: r.code, threshold: r.threshold, userIds: inserted.map((i) => i.user_id), dueAt: r.dueAt.toISOString(), minutesLeft: Math.round(r.minutesLeft) },
      at: now,
    }).execute();
    return inserted.length;
  });
}

export async function deliverReminder(ctx: AppContext, message: OutboxMessage): Promise<void> {
  const p = message.payload as { dossierId: string; threshold: Threshold; userIds: string[]; dueAt: string; minutesLeft: number };
  const facts = await dossierFacts(ctx, { id: p.dossierId });
  if (!facts) return;
  const recipients = (await Promise.all(p.userIds.map((id) => accountRecipient(ctx, id)))).filter((x): x is Recipient => x !== null);
  await notify(
    ctx,
    {
      event: `reminder.${p.threshold}`,
      dossierCode: facts.code,
      deliveryKey: message.deliveryKey,
      values: {
        code: facts.code,
        procedure: facts.procedureName,
        due: formatVietnamDateTime(new Date(p.dueAt)),
        left: { vi: workingTimeText(p.minutesLeft, 'vi'), en: workingTimeText(p.minutesLeft, 'en') },
        link: `${ctx.config.publicUrl}/mot-cua/ho-so/${encodeURIComponent(facts.code)}`,
      },
    },
    recipients,
  );
}
