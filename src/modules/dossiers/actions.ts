/**
 * Acting on a dossier: where the officer stands (positionOf), the version check, and the optimistic
 * write through the one write path; a lost race is decided again on fresh state.
 */
import { sql, type Transaction } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import { precompiled } from '../../platform/db/precompiled.ts';
import { rowToState, type DossierRow } from './store.ts';
import { DomainError, errors } from '../../kernel/errors.ts';
import { type Command, type Decision } from './domain/lifecycle.ts';
import { record } from './dossier-writes.ts';
import { canView } from './domain/policy.ts';
import { NOTE_VISIBILITY_RULES, type ActionName, type DossierState, type NoteVisibility } from './domain/types.ts';
import type { Kysely } from 'kysely';
import { signResult } from '../signing/signing.ts';
import type { AppContext } from '../../context.ts';
import type { OrgSnapshot } from '../organisations/directory.ts';
import { CalendarNotLoaded, calendarLookup } from '../calendar/calendars.ts';
import type { WorkingCalendar } from '../calendar/domain/working-calendar.ts';
import type { SessionUser } from '../identity/auth.ts';
import { invalid, issue, checkUploads, checkSignatures } from './submission.ts';
import { positionOf, getDossier } from './view.ts';
import { runActionGuards } from './action-guards.ts';

/**
 * Acts on a dossier. `expectedVersion` is the version the caller saw (If-Match / expectedVersion):
 * when given, the action is decided only on that version, so a re-decision after a lost race answers
 * 409 version-mismatch instead of acting on a state the officer never saw (issue 12, item 7).
 */
export async function performAction(ctx: AppContext, user: SessionUser, code: string, action: ActionName, requestBody: Record<string, unknown>, expectedVersion?: number) {
  // The visibility of the note is recorded with the entry, chosen or by the action's rule.
  const body: Record<string, unknown> = { ...requestBody, noteVisibility: resolveNoteVisibility(action, requestBody.noteVisibility) };
  const command = { action, ...body } as Command;
  if (command.action === 'apologize') command.newAppointmentAt = new Date(body.newAppointmentAt as string);
  // Checks that need the database but no lock: referenced uploads and organisations exist.
  if (command.action === 'supplement') {
    const issues = await checkUploads(ctx, user, command.attachments.map((a) => a.uploadId), 'attachments');
    if (issues.length) throw invalid(issues);
  }
  if (command.action === 'complete') {
    const issues = await checkUploads(ctx, user, [command.resultUploadId], 'result');
    if (issues.length) throw invalid([issue('resultUploadId', 'Không tìm thấy tệp kết quả bạn đã tải lên', 'No such upload of yours')]);
  }
  if (command.action === 'hand_over' && command.toOrgId && !(await ctx.orgs.find(command.toOrgId))) {
    throw invalid([issue('toOrgId', 'Không có cơ quan này', 'No such organisation')]);
  }

  // Other modules' conditions on this action (./action-guards.ts), e.g. fees due before the result is returned.
  // Only for an officer of the receiving side: others get the action's own refusal (403/404), not the guard's.
  const guarded = await ctx.db.selectFrom('dossiers').select(['id', 'code', 'status', 'receiving_org_id']).where('code', '=', code).executeTakeFirst();
  if (guarded && user.role !== 'citizen' && (await ctx.orgs.covers(user.orgId, guarded.receiving_org_id))) await runActionGuards(ctx, action, guarded);

  // Nothing inside the transaction may query through another connection (PGlite has one): calendars
  // come from the cache, and a miss rolls back, loads what was missing and tries again.
  const needed = new Set<string>();
  if (command.action === 'hand_over' && command.toOrgId) needed.add(command.toOrgId);
  for (let attempt = 1; ; attempt++) {
    const calendars = await ctx.calendars.preload(needed);
    const orgs = await ctx.orgs.snapshot();
    const record = (db: Kysely<DB>) => applyAction(db, ctx, user, code, command, body, calendarLookup(calendars, ctx.calendars), orgs, expectedVersion);
    try {
      // supplement and complete read or write more than the dossier: a transaction (see applyAction).
      await (command.action === 'supplement' || command.action === 'complete' ? ctx.db.transaction().execute(record) : record(ctx.db));
      break;
    } catch (e) {
      // The dossier moved to an organisation whose calendar we had not loaded: load it, try again.
      if (e instanceof CalendarNotLoaded && attempt < 10) {
        needed.add(e.orgId);
        continue;
      }
      // Another action was recorded since we read the dossier: decide again on the fresh state.
      if (lostRace(e) && attempt < 10) continue;
      if (lostRace(e)) {
        throw new DomainError('concurrent-update', 409, { vi: 'Hồ sơ đang được nhiều người xử lý cùng lúc; vui lòng thử lại.', en: 'The dossier is being changed by others; please try again.' });
      }
      throw e;
    }
  }
  return getDossier(ctx, user, code);
}

function resolveNoteVisibility(action: ActionName, chosen: unknown): NoteVisibility {
  const rule = NOTE_VISIBILITY_RULES[action];
  return rule.choosable && (chosen === 'internal' || chosen === 'applicant') ? chosen : rule.default;
}

/** 409 with what the dossier is now, so the desk can show it and let the officer decide again. */
function versionMismatch(expected: number, state: DossierState, version: number) {
  return new DomainError(
    'version-mismatch',
    409,
    {
      vi: `Hồ sơ đã thay đổi kể từ khi bạn xem (phiên bản ${expected}, hiện tại ${version}); vui lòng xem lại hồ sơ rồi thao tác lại.`,
      en: `The dossier changed since you saw it (version ${expected}, now ${version}); please review it and act again.`,
    },
    [],
    { current: { status: state.status, step: state.currentStep, orgId: state.currentOrgId, version } },
  );
}

/** The dossier, with the organisations that have held it. Read without a lock (see applyAction). */
const dossierForAction = precompiled((q, p: { code: string }) =>
  q
    .selectFrom('dossiers')
    .selectAll()
    .select(sql<string[]>`coalesce((select array_agg(o.org_id) from dossier_orgs o where o.dossier_id = dossiers.id), '{}')`.as('held_org_ids'))
    .where('code', '=', p.code),
);

/** Another action on the same dossier wrote the log entry this one was about to write. */
export const lostRace = (e: unknown) => {
  const err = e as { code?: string; constraint?: string; message?: string };
  return err?.code === '23505' && (err.constraint === 'dossier_actions_pkey' || /dossier_actions_pkey/.test(err.message ?? ''));
};

/**
 * Decides and records one action, optimistically (performAction retries). The dossier is read
 * without a lock; the decision's writes then go as one statement whose first write is the log entry
 * (dossier_id, last seq + 1). If another action was recorded in between, that key is taken:
 * PostgreSQL rejects the whole statement (nothing of it is written) and the action is decided again on the fresh state, where it may now be
 * refused (of concurrent accepts exactly one wins; the others get 409). A concurrent writer of the same
 * seq waits for the first one's key and then fails, so two actions never interleave their writes.
 *
 * Why not a row lock: SELECT … FOR UPDATE needs a transaction around the read and the write, which is
 * two more round trips (begin, commit) per action and a lock held while the server decides. Only
 * `supplement` and `complete`, which read or write more than the dossier (procedure components,
 * the signed result), still run in a transaction — without the row lock too, so every action takes its
 * locks in the same order (log key first, then the dossier row) and two actions cannot deadlock.
 */
async function applyAction(
  db: Kysely<DB>,
  ctx: AppContext,
  user: SessionUser,
  code: string,
  command: Command,
  body: Record<string, unknown>,
  calendarOf: (orgId: string) => WorkingCalendar,
  orgs: OrgSnapshot,
  expectedVersion: number | undefined,
) {
  const row = (await db.executeQuery(dossierForAction({ code }))).rows[0];
  if (!row) throw errors.notFound('dossier', code);
  const state = rowToState(row);
  const actor = positionOf(orgs, user, row, row.held_org_ids);
  // Someone who may not see the dossier hears what they would for a missing one (issue 12, low).
  if (!canView(actor)) throw errors.notFound('dossier', code);
  if (expectedVersion !== undefined && expectedVersion !== row.last_seq) throw versionMismatch(expectedVersion, state, row.last_seq);
  const now = ctx.clock();
  // The one write path (./dossier-writes.ts) decides, then writes the log entry first (the race
  // guard, see above), the projection, counters, file links and the outbox message: one statement.
  await record(db, {
    dossier: { existing: { id: row.id, code: row.code, applicantId: row.applicant_id, receivingOrgId: row.receiving_org_id, procedureCode: row.procedure_code, channel: row.channel, fieldCode: row.field_code, state, head: { seq: row.last_seq, hash: row.last_hash }, heldOrgIds: row.held_org_ids } },
    steps: [{ command, actor, by: { actorId: user.id, actorRole: user.role, actorOrgId: user.orgId }, at: now, payload: body, finish: (decision) => finishAction(db, ctx, user, row, command, decision, orgs, now) }],
    env: { calendarOf, isWithin: (orgId, unitId) => orgs.covers(unitId, orgId) },
  });
}

/** What an action needs beyond the domain's decision, before it is written (inside its transaction). */
async function finishAction(db: Kysely<DB>, ctx: AppContext, user: SessionUser, row: DossierRow, command: Command, decision: Decision, orgs: OrgSnapshot, now: Date) {
  if (command.action === 'supplement') {
    // Supplemented files must be components of the procedure, signed where the component requires it.
    const procedure = await db.selectFrom('procedures').select('components').where('code', '=', row.procedure_code).executeTakeFirstOrThrow();
    const codes = new Set(procedure.components.map((c) => c.code));
    const bad = command.attachments.findIndex((a) => !codes.has(a.componentCode));
    if (bad >= 0) throw invalid([issue(`attachments.${bad}.componentCode`, 'Thành phần hồ sơ không thuộc thủ tục', 'Not a component of this procedure')]);
    const unsigned = await checkSignatures(db, procedure.components, command.attachments);
    if (unsigned.length) throw invalid(unsigned);
  }
  if (command.action === 'complete') {
    // The leader's draft becomes the electronic result: stamped with its verification QR and signed
    // with the organisation's certificate, in this same transaction.
    const org = orgs.find(row.current_org_id);
    if (!db.isTransaction) throw new Error('complete signs its result inside a transaction');
    const signed = await signResult(db as Transaction<DB>, ctx, { dossierId: row.id, dossierCode: row.code, orgId: row.current_org_id, orgName: org?.name ?? row.current_org_id, draftUploadId: command.resultUploadId, actorId: user.id, now });
    decision.state.resultUploadId = signed.uploadId;
    Object.assign(decision.facts, { signedDocumentId: signed.documentId, signedUploadId: signed.uploadId, signedSha256: signed.sha256, verifyUrl: signed.verifyUrl });
  }
}
