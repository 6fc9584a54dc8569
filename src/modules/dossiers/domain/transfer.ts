/**
 * An open dossier handed to the unit that took over its unit's work in a reorganisation (issue 18):
 * a merge or a split closes a unit and opens (or names) its successor, and the dossiers still open move
 * with a `transferred_by_reorganisation` entry in their own hash-chained log. Pure, like `decide`.
 *
 * What moves: the receiving unit, the unit now holding it, and every step of its process snapshot that
 * names a closed unit (so a later hand-over goes to the successor, not to a unit that no longer exists).
 * What does not: every clock — the due time, the appointment, the step's due time, a paused clock and
 * its remaining minutes — and the status. A reorganisation is the administration's change, not the
 * applicant's: it neither costs nor gives them time (the law's deadline runs on).
 */
import type { DossierState, DossierStatus } from './types.ts';

export const TRANSFER_ACTION = 'transferred_by_reorganisation' as const;

export interface TransferCommand {
  action: typeof TRANSFER_ACTION;
  reorganisationId: string;
  /** Closed unit → its successor for this dossier. */
  successorOf: Readonly<Record<string, string>>;
}

/** Statuses a transfer applies to: the open ones (a finished dossier stays with the unit that handled it). */
export const OPEN_STATUSES: readonly DossierStatus[] = ['submitted', 'processing', 'awaiting_supplement', 'completed'];

export function transferDecision(state: DossierState, command: TransferCommand): { state: DossierState; fromStatus: DossierStatus; facts: Record<string, unknown> } {
  if (!OPEN_STATUSES.includes(state.status)) throw new Error(`transfer: dossier is ${state.status}, not open`);
  const to = (orgId: string) => command.successorOf[orgId] ?? orgId;
  const steps = state.process.steps.map((s) => (command.successorOf[s.orgId] ? { ...s, orgId: to(s.orgId) } : s));
  const next: DossierState = { ...state, receivingOrgId: to(state.receivingOrgId), currentOrgId: to(state.currentOrgId), process: { ...state.process, steps } };
  return {
    state: next,
    fromStatus: state.status,
    facts: {
      reorganisationId: command.reorganisationId,
      fromReceivingOrgId: state.receivingOrgId,
      toReceivingOrgId: next.receivingOrgId,
      fromOrgId: state.currentOrgId,
      toOrgId: next.currentOrgId,
      // Recorded so the log shows the clocks did not move.
      dueAt: state.dueAt?.toISOString() ?? null,
      stepDueAt: state.stepDueAt?.toISOString() ?? null,
    },
  };
}
