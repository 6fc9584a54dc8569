/** One feedback item as its reader may see it: who the reader is to it, and the actions open to them. */
import type { AppContext } from '../../context.ts';
import type { SessionUser } from '../identity/auth.ts';
import { createHash, timingSafeEqual } from 'node:crypto';
import { DomainError } from '../../kernel/errors.ts';
import { ruleAt } from './domain/deadlines.ts';
import { availableActions } from './domain/lifecycle.ts';
import { OPEN_STATUSES, type FeedbackActor } from './domain/types.ts';
import { findFeedback, loadRules, rowToState, type FeedbackRow } from './store.ts';
import type { z } from 'zod';
import type { FeedbackView } from './contracts.ts';

export const notFound = (id: string) => new DomainError('not-found', 404, { vi: `Không có phản ánh "${id}".`, en: `No feedback "${id}".` });

/** The reader's standing: the sender, an officer (in scope or not), or nobody (null: they hear 404). */
export async function actorOf(ctx: AppContext, user: SessionUser | null, row: FeedbackRow, viaSecret = false): Promise<FeedbackActor | null> {
  if (viaSecret) return { kind: 'sender' };
  if (!user) return null;
  if (user.role === 'citizen') return row.sender_user_id === user.id ? { kind: 'sender' } : null;
  // Officers see the items of their subtree; others hear what they would for a missing one.
  if (!user.orgId || !(await ctx.orgs.covers(user.orgId, row.org_id))) return null;
  return { kind: 'staff', id: user.id, role: user.role, inScope: true };
}

export function isLate(row: Pick<FeedbackRow, 'status' | 'handle_due_at' | 'publish_due_at'>, now: Date): boolean {
  if ((OPEN_STATUSES as readonly string[]).includes(row.status)) return row.handle_due_at.getTime() < now.getTime();
  return row.status === 'waiting_to_publish' && row.publish_due_at !== null && row.publish_due_at.getTime() < now.getTime();
}

export async function viewOf(ctx: AppContext, row: FeedbackRow, actor: FeedbackActor): Promise<z.infer<typeof FeedbackView>> {
  const now = ctx.clock();
  const rule = (await loadRules(ctx.db)).find((r) => r.version === row.rule_version) ?? ruleAt(await loadRules(ctx.db), row.received_at);
  const history = await ctx.db.selectFrom('feedback_actions').selectAll().where('feedback_id', '=', row.id).orderBy('seq').execute();
  const org = await ctx.orgs.find(row.org_id);
  const staff = actor.kind === 'staff';
  return {
    id: row.id,
    code: row.code,
    version: row.version,
    status: row.status as z.infer<typeof FeedbackView>['status'],
    channel: row.channel,
    org: { id: row.org_id, name: org?.name ?? row.org_id },
    sender: { fullName: row.sender_name, phone: row.sender_phone, email: row.sender_email, idNumber: row.sender_id_number, address: row.sender_address },
    dossierCode: row.dossier_code,
    procedureCode: row.procedure_code,
    subject: row.subject,
    content: row.content,
    attachments: row.attachments,
    consentPublish: row.consent_publish,
    assigneeId: staff ? row.assignee_id : null,
    // The sender reads the answer once the leader has approved it, not the officer's draft.
    answer: staff || row.handled_at ? row.answer : null,
    ruleVersion: row.rule_version,
    receivedAt: row.received_at.toISOString(),
    clockStartAt: row.clock_start_at.toISOString(),
    dues: { rejectDueAt: row.reject_due_at.toISOString(), infoDueAt: row.info_due_at.toISOString(), handleDueAt: row.handle_due_at.toISOString(), publishDueAt: row.publish_due_at?.toISOString() ?? null },
    late: isLate(row, now),
    handledAt: row.handled_at?.toISOString() ?? null,
    handledOnTime: row.handled_on_time,
    publishedAt: row.published_at?.toISOString() ?? null,
    rating: row.rating,
    reopened: row.reopened,
    availableActions: availableActions(rowToState(row), actor, now, rule),
    // Officers see the whole log; the sender sees the steps and the notes addressed to them, not who acted.
    history: history.map((h) => ({
      seq: h.seq, action: h.action, actorRole: staff ? h.actor_role : h.actor_role === 'sender' ? 'sender' : 'officer', at: h.at.toISOString(), fromStatus: h.from_status, toStatus: h.to_status,
      note: noteOf(h.action, h.payload, staff), hash: h.hash,
    })),
  };
}

/** Internal notes (assignment, transfer, sending back) are for officers; reasons and requests are for the sender too. */
const SENDER_NOTES = new Set(['request_info', 'provide_info', 'reject', 'return', 'reopen', 'submit']);
function noteOf(action: string, payload: Record<string, unknown>, staff: boolean): string | null {
  if (!staff && !SENDER_NOTES.has(action)) return null;
  for (const key of ['reason', 'note', 'content']) if (typeof payload[key] === 'string' && !(action === 'submit' && key === 'content')) return payload[key] as string;
  return null;
}

export async function getFeedback(ctx: AppContext, user: SessionUser | null, idOrCode: string, viaSecret?: string) {
  const row = await findFeedback(ctx.db, idOrCode);
  if (!row) throw notFound(idOrCode);
  const actor = await actorOf(ctx, user, row, viaSecret !== undefined && secretMatches(row, viaSecret));
  if (!actor) throw notFound(idOrCode);
  return viewOf(ctx, row, actor);
}

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
export function secretMatches(row: FeedbackRow, secret: string): boolean {
  if (!row.sender_secret_hash) return false;
  const a = Buffer.from(row.sender_secret_hash, 'hex');
  const b = Buffer.from(sha256(secret), 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
