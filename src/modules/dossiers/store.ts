/**
 * Mapping between the dossiers row (the projection) and the domain's DossierState, and the SQL of
 * the log append and projection update, which only the write path (./dossier-writes.ts) runs.
 */
import type { CompiledQuery, Insertable, Selectable } from 'kysely';
import type { DossierActionsTable, DossiersTable } from '../../platform/db/schema.ts';
import { precompiled } from '../../platform/db/precompiled.ts';
import { json } from '../../platform/db/db.ts';
import { currentRequestId } from '../../platform/observability/request-context.ts';
import { hashEntry, type ActionLogEntry } from './domain/action-log.ts';
import type { DossierState, ProcessSnapshot, RatingLevel, ReturnChannel } from './domain/types.ts';
import type { RuleVersion } from '../calendar/domain/rule-version.ts';
import type { Timeliness } from '../calendar/domain/deadlines.ts';

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

/** Each state column of the dossiers row and the DossierState field it holds. */
const STATE_COLUMNS = {
  status: 'status',
  receiving_org_id: 'receivingOrgId',
  current_org_id: 'currentOrgId',
  current_step: 'currentStep',
  process: 'process',
  rule_version: 'ruleVersion',
  submitted_at: 'submittedAt',
  accepted_at: 'acceptedAt',
  due_at: 'dueAt',
  appointment_at: 'appointmentAt',
  step_started_at: 'stepStartedAt',
  step_due_at: 'stepDueAt',
  paused_at: 'pausedAt',
  paused_remaining_minutes: 'pausedRemainingMinutes',
  paused_step_remaining_minutes: 'pausedStepRemainingMinutes',
  paused_minutes_total: 'pausedMinutesTotal',
  resume_status: 'resumeStatus',
  supplement_requests: 'supplementRequests',
  forced_overdue: 'forcedOverdue',
  apologies: 'apologies',
  finished_at: 'finishedAt',
  timeliness: 'timeliness',
  result_upload_id: 'resultUploadId',
  return_channel: 'returnChannel',
  rating_level: 'ratingLevel',
} as const satisfies Partial<Record<keyof DossiersTable, keyof DossierState>>;

type StateColumn = keyof typeof STATE_COLUMNS;
const STATE_COLUMN_NAMES = Object.keys(STATE_COLUMNS) as StateColumn[];

/** The state as column values (the process snapshot as JSON text for its jsonb column). */
export function stateColumns(s: DossierState): { [C in StateColumn]: C extends 'process' ? string : DossierState[(typeof STATE_COLUMNS)[C]] } {
  const out: Record<string, unknown> = {};
  for (const c of STATE_COLUMN_NAMES) out[c] = c === 'process' ? json(s.process) : s[STATE_COLUMNS[c]];
  return out as ReturnType<typeof stateColumns>;
}

/** The insert of one log entry after `prev`, chaining its hash; the new (seq, hash) and the write to run. */
export function actionEntryWrite(prev: { seq: number; hash: string }, entry: Omit<ActionLogEntry, 'seq'>): { seq: number; hash: string; write: CompiledQuery } {
  const seq = prev.seq + 1;
  const full: ActionLogEntry = { ...entry, seq };
  const hash = hashEntry(prev.hash, full);
  const write = insertActionEntry({
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
    request_id: currentRequestId(),
  });
  return { seq, hash, write };
}

const insertActionEntry = precompiled((q, p: Insertable<DossierActionsTable>) =>
  q.insertInto('dossier_actions').values({
    dossier_id: p.dossier_id,
    seq: p.seq,
    action: p.action,
    from_status: p.from_status,
    to_status: p.to_status,
    actor_id: p.actor_id,
    actor_role: p.actor_role,
    actor_org_id: p.actor_org_id,
    at: p.at,
    payload: p.payload,
    prev_hash: p.prev_hash,
    hash: p.hash,
    request_id: p.request_id,
  }),
);

/** The projection's update after an action: every state column, the log head and the time. */
export const updateDossierState = precompiled(
  (q, p: ReturnType<typeof stateColumns> & { id: string; last_seq: number; last_hash: string; updated_at: Date }) =>
    q
      .updateTable('dossiers')
      .set({ ...Object.fromEntries(STATE_COLUMN_NAMES.map((c) => [c, p[c]])), last_seq: p.last_seq, last_hash: p.last_hash, updated_at: p.updated_at })
      .where('id', '=', p.id),
);
