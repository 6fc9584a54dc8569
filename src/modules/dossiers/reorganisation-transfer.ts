/**
 * The dossiers' side of a reorganisation (issue 18; src/modules/admin/reorganisations.ts plans it):
 * which dossiers the closed units hold, and the move of the open ones to their successor through the
 * one write path (`record`), each with a `transferred_by_reorganisation` entry in its own log
 * (./domain/transfer.ts: deadlines unchanged). Finished dossiers are not touched: they stay with the
 * unit that handled them, and so do their counters.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import { inIds } from '../../platform/db/sql.ts';
import { record } from './dossier-writes.ts';
import { rowToState } from './store.ts';
import { OPEN_STATUSES, TRANSFER_ACTION } from './domain/transfer.ts';
import type { ProcessSnapshot } from './domain/types.ts';

/** An open dossier of the closed units, as the dry run lists it. */
export interface HeldDossier {
  code: string;
  procedureCode: string;
  status: string;
  receivingOrgId: string;
  currentOrgId: string;
  currentStep: number;
  currentStepName: string | null;
  dueAt: string | null;
  stepDueAt: string | null;
  pausedAt: string | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The open dossiers received or now held by any of the units (oldest first). */
export async function openDossiersOf(db: Kysely<DB>, orgIds: readonly string[]): Promise<HeldDossier[]> {
  if (orgIds.length === 0) return [];
  const rows = await db
    .selectFrom('dossiers')
    .select(['code', 'procedure_code', 'status', 'receiving_org_id', 'current_org_id', 'current_step', 'process', 'due_at', 'step_due_at', 'paused_at'])
    .where((eb) => eb.or([inIds('receiving_org_id', orgIds), inIds('current_org_id', orgIds)]))
    .where('status', 'in', [...OPEN_STATUSES])
    .orderBy('submitted_at')
    .orderBy('code')
    .execute();
  return rows.map((r) => ({
    code: r.code,
    procedureCode: r.procedure_code,
    status: r.status,
    receivingOrgId: r.receiving_org_id,
    currentOrgId: r.current_org_id,
    currentStep: r.current_step,
    currentStepName: (r.process as ProcessSnapshot).steps[r.current_step]?.name ?? null,
    dueAt: iso(r.due_at),
    stepDueAt: iso(r.step_due_at),
    pausedAt: iso(r.paused_at),
  }));
}

/** How many dossiers the units received, by status (what stays and what moves, for the dry run and the check after). */
export async function dossierCountsByStatus(db: Kysely<DB>, orgIds: readonly string[]): Promise<Record<string, number>> {
  if (orgIds.length === 0) return {};
  const r = await sql<{ status: string; n: number }>`
    SELECT status, count(*)::int AS n FROM dossiers WHERE ${inIds('receiving_org_id', orgIds)} GROUP BY status ORDER BY status`.execute(db);
  return Object.fromEntries(r.rows.map((x) => [x.status, Number(x.n)]));
}

export interface TransferInput {
  reorganisationId: string;
  /** For each dossier code: closed unit → successor. */
  successorsOf: (dossier: HeldDossier) => Record<string, string>;
  by: { actorId: string | null; actorRole: string; actorOrgId: string | null };
  at: Date;
}

/**
 * Moves every open dossier of the closed units to its successor, in the caller's transaction (the
 * reorganisation is one). Each goes through `record`, so its log, projection, held units and outbox
 * message are written as for any action; a transfer adds no counter (incrementsOf knows no such action),
 * so no month's figures change by it. Returns the codes moved and where to.
 */
export async function transferOpenDossiers(trx: Transaction<DB>, closedIds: readonly string[], input: TransferInput): Promise<Array<{ code: string; from: string; to: string }>> {
  const held = await openDossiersOf(trx, closedIds);
  const moved: Array<{ code: string; from: string; to: string }> = [];
  for (const d of held) {
    const row = await trx
      .selectFrom('dossiers')
      .selectAll()
      .select(sql<string[]>`coalesce((select array_agg(o.org_id) from dossier_orgs o where o.dossier_id = dossiers.id), '{}')`.as('held_org_ids'))
      .where('code', '=', d.code)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const successorOf = input.successorsOf(d);
    const r = await record(trx, {
      dossier: {
        existing: { id: row.id, code: row.code, applicantId: row.applicant_id, receivingOrgId: row.receiving_org_id, procedureCode: row.procedure_code, channel: row.channel, fieldCode: row.field_code, state: rowToState(row), head: { seq: row.last_seq, hash: row.last_hash }, heldOrgIds: row.held_org_ids },
      },
      steps: [
        {
          command: { action: TRANSFER_ACTION, reorganisationId: input.reorganisationId, successorOf },
          // Not a lifecycle action: no permission of a dossier role is checked (transferDecision); the
          // administrator who applied the reorganisation is the one the log names.
          actor: { userId: input.by.actorId ?? 'system', role: 'admin', isApplicant: false, coversReceivingOrg: true, coversCurrentOrg: true },
          by: input.by,
          at: input.at,
          payload: {},
        },
      ],
      env: { calendarOf: () => { throw new Error('a transfer reads no calendar'); } },
    });
    moved.push({ code: d.code, from: d.receivingOrgId, to: r.state.receivingOrgId });
  }
  return moved;
}
