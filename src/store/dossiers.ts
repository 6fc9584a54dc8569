/** Mapping between the dossiers row (the projection) and the domain's DossierState, and the log append. */
import type { Compilable, Kysely, Selectable, Transaction } from 'kysely';
import type { DB, DossiersTable } from './schema.ts';
import { json } from './db.ts';
import { hashEntry, type ActionLogEntry } from '../domain/dossier/action-log.ts';
import type { DossierState, ProcessSnapshot, RatingLevel, ReturnChannel } from '../domain/dossier/types.ts';
import type { RuleVersion } from '../domain/calendar/rule-version.ts';
import type { Timeliness } from '../domain/calendar/deadlines.ts';

export type DossierRow = Selectable<DossiersTable>;

export function rowToState(r: DossierRow): DossierState {
  return {
    status: r.status as DossierState['status'],
    receivingOrgId: r.receiving_org_id,
    currentOrgId: r.current_org_id,
    currentStep: r.current_step,
    process: r.process as ProcessSnapshot,
    ruleVersion: r.rule_version as RuleVersion,
    submittedAt: r.submitted_at,
    acceptedAt: r.accepted_at,
    dueAt: r.due_at,
    appointmentAt: r.appointment_at,
    stepStartedAt: r.step_started_at,
    stepDueAt: r.step_due_at,
    pausedAt: r.paused_at,
    pausedRemainingMinutes: r.paused_remaining_minutes,
    pausedStepRemainingMinutes: r.paused_step_remaining_minutes,
    pausedMinutesTotal: r.paused_minutes_total,
    resumeStatus: r.resume_status as DossierState['resumeStatus'],
    supplementRequests: r.supplement_requests,
    forcedOverdue: r.forced_overdue,
    apologies: r.apologies,
    finishedAt: r.finished_at,
    timeliness: r.timeliness as Timeliness | null,
    resultUploadId: r.result_upload_id,
    returnChannel: r.return_channel as ReturnChannel | null,
    ratingLevel: r.rating_level as RatingLevel | null,
  };
}

export function stateColumns(s: DossierState) {
  return {
    status: s.status,
    receiving_org_id: s.receivingOrgId,
    current_org_id: s.currentOrgId,
    current_step: s.currentStep,
    process: json(s.process),
    rule_version: s.ruleVersion,
    submitted_at: s.submittedAt,
    accepted_at: s.acceptedAt,
    due_at: s.dueAt,
    appointment_at: s.appointmentAt,
    step_started_at: s.stepStartedAt,
    step_due_at: s.stepDueAt,
    paused_at: s.pausedAt,
    paused_remaining_minutes: s.pausedRemainingMinutes,
    paused_step_remaining_minutes: s.pausedStepRemainingMinutes,
    paused_minutes_total: s.pausedMinutesTotal,
    resume_status: s.resumeStatus,
    supplement_requests: s.supplementRequests,
    forced_overdue: s.forcedOverdue,
    apologies: s.apologies,
    finished_at: s.finishedAt,
    timeliness: s.timeliness,
    result_upload_id: s.resultUploadId,
    return_channel: s.returnChannel,
    rating_level: s.ratingLevel,
  };
}

/** The insert of one log entry after `prev`, chaining its hash; the new (seq, hash) and the write to run. */
export function actionEntryWrite(
  db: Transaction<DB> | Kysely<DB>,
  prev: { seq: number; hash: string },
  entry: Omit<ActionLogEntry, 'seq'>,
): { seq: number; hash: string; write: Compilable } {
  const seq = prev.seq + 1;
  const full: ActionLogEntry = { ...entry, seq };
  const hash = hashEntry(prev.hash, full);
  const write = db.insertInto('dossier_actions').values({
    dossier_id: full.dossierId,
    seq,
    action: full.action,
    from_status: full.fromStatus,
    to_status: full.toStatus,
    actor_id: full.actorId,
    actor_role: full.actorRole,
    actor_org_id: full.actorOrgId,
    at: new Date(full.at),
    payload: json(full.payload),
    prev_hash: prev.hash,
    hash,
  });
  return { seq, hash, write };
}

/** Appends one entry to a dossier's log, chaining its hash; returns the new (seq, hash). */
export async function appendAction(
  trx: Transaction<DB>,
  prev: { seq: number; hash: string },
  entry: Omit<ActionLogEntry, 'seq'>,
): Promise<{ seq: number; hash: string }> {
  const { seq, hash, write } = actionEntryWrite(trx, prev, entry);
  await trx.executeQuery(write.compile());
  return { seq, hash };
}
