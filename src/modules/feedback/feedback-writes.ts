/**
 * THE write path of feedback (the dossiers' record() is only for dossiers): every change to a feedback
 * item — intake and each action — goes through recordFeedback, which decides (domain/lifecycle.ts), appends
 * the hash-chained log entry (src/kernel/hash-chain.ts) and updates the projection, inside the caller's
 * transaction. The log key (feedback_id, seq) is the race guard: a concurrent action on the same item
 * takes the same seq and fails on the primary key, and the projection is updated only where its version
 * is still the one decided on.
 */
import type { Kysely } from 'kysely';
import type { Insertable } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import type { FeedbackTable } from '../../platform/db/schema-feedback.ts';
import { chainHash, GENESIS_HASH } from '../../kernel/hash-chain.ts';
import { DomainError } from '../../kernel/errors.ts';
import { foldVietnamese } from '../catalogue/domain/search-text.ts';
import { decide, type DecideEnv } from './domain/lifecycle.ts';
import { maskPersonalData } from './domain/masking.ts';
import type { FeedbackActor, FeedbackCommand, FeedbackState } from './domain/types.ts';
import { rowToState, stateColumns, type FeedbackRow } from './store.ts';
import { writeOutbox } from '../../platform/outbox/index.ts';

export interface By {
  actorId: string | null;
  actorRole: string;
  actorOrgId: string | null;
}

type NewFeedback = Omit<Insertable<FeedbackTable>, 'version' | 'last_hash' | 'updated_at'>;

export type FeedbackWrite =
  | { kind: 'submit'; row: NewFeedback; by: By; at: Date; payload: Record<string, unknown> }
  | { kind: 'act'; row: FeedbackRow; command: FeedbackCommand; actor: FeedbackActor; by: By; env: DecideEnv; payload: Record<string, unknown> };

async function appendLog(db: Kysely<DB>, feedbackId: string, prev: { seq: number; hash: string }, entry: { action: string; by: By; at: Date; from: string | null; to: string; payload: Record<string, unknown> }) {
  const seq = prev.seq + 1;
  const hashed = { feedbackId, seq, action: entry.action, actorId: entry.by.actorId, actorRole: entry.by.actorRole, actorOrgId: entry.by.actorOrgId, at: entry.at.toISOString(), from: entry.from, to: entry.to, payload: entry.payload };
  const hash = chainHash(prev.hash, hashed);
  await db.insertInto('feedback_actions').values({
    feedback_id: feedbackId, seq, action: entry.action, actor_id: entry.by.actorId, actor_role: entry.by.actorRole, actor_org_id: entry.by.actorOrgId,
    at: entry.at, from_status: entry.from, to_status: entry.to, payload: JSON.stringify(entry.payload), prev_hash: prev.hash, hash,
  }).execute();
  return { seq, hash };
}

/** What the public sees of a published item: masked question, the answer, and the folded search text. */
function publicColumns(row: FeedbackRow, state: FeedbackState) {
  if (state.status !== 'published' || !row.consent_publish) return { public_subject: null, public_content: null, search_text: null };
  const known = { name: row.sender_name, idNumber: row.sender_id_number, phone: row.sender_phone, email: row.sender_email, address: row.sender_address };
  const subject = maskPersonalData(row.subject, known);
  const content = maskPersonalData(row.content, known);
  return { public_subject: subject, public_content: content, search_text: foldVietnamese(`${row.code} ${subject} ${content} ${state.answer ?? ''}`) };
}

/** Records one change; returns the item's id and new version. Call inside a transaction. */
export async function recordFeedback(db: Kysely<DB>, write: FeedbackWrite): Promise<{ id: string; version: number }> {
  if (write.kind === 'submit') {
    const { row } = write;
    await db.insertInto('feedback').values({ ...row, version: 0, last_hash: GENESIS_HASH, updated_at: write.at }).execute();
    const head = await appendLog(db, row.id, { seq: 0, hash: GENESIS_HASH }, { action: 'submit', by: write.by, at: write.at, from: null, to: row.status, payload: write.payload });
    await db.updateTable('feedback').set({ version: head.seq, last_hash: head.hash }).where('id', '=', row.id).execute();
    return { id: row.id, version: head.seq };
  }
  const { row } = write;
  const decision = decide(rowToState(row), write.command, write.actor, write.env);
  const head = await appendLog(db, row.id, { seq: row.version, hash: row.last_hash }, { action: write.command.action, by: write.by, at: write.env.now, from: decision.from, to: decision.state.status, payload: write.payload });
  const updated = await db
    .updateTable('feedback')
    .set({ ...stateColumns(decision.state), ...publicColumns(row, decision.state), version: head.seq, last_hash: head.hash, updated_at: write.env.now })
    .where('id', '=', row.id)
    .where('version', '=', row.version)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw concurrentUpdate();
  // The leader's approval makes the answer final: the sender is told (notifications, topic feedback.answered),
  // in this transaction. The payload names the item only; the handler reads the sender's contacts.
  if (write.command.action === 'approve') {
    await writeOutbox(db, { topic: 'feedback.answered', payload: { feedbackId: row.id, code: row.code }, at: write.env.now }).execute();
  }
  return { id: row.id, version: head.seq };
}

export const concurrentUpdate = () =>
  new DomainError('concurrent-update', 409, { vi: 'Phản ánh vừa được người khác xử lý; vui lòng xem lại rồi thao tác lại.', en: 'The feedback was changed by someone else; please review it and act again.' });

/** Another action took the same log entry first. */
export const lostRace = (e: unknown) => {
  const err = e as { code?: string; constraint?: string; message?: string };
  return err?.code === '23505' && (err.constraint === 'feedback_actions_pkey' || /feedback_actions_pkey/.test(err.message ?? ''));
};
