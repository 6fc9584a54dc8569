/**
 * DEMO DATA for the population-data check (src/modules/integrations/population/):
 * - the demo procedures that need the applicant's personal identity use the national population database
 *   (civil status, judicial record, social allowance, household and sole-proprietor business registration);
 * - the demo year's dossiers of those procedures get the checks the old system would have made before
 *   acceptance, recorded as `history` (no lookup: the year's applicants are invented, not in the sandbox), so
 *   the demo city's 766 page measures 4.6–4.7. About one dossier in ten was not checked (received on paper before
 *   the connection, or the applicant gave no number), so 4.7 is a ratio. Deterministic; resumable.
 * New dossiers are checked live against `population-sandbox` (src/demo/integration-sandboxes.ts).
 */
import { sql, type Transaction } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import type { AppContext } from '../context.ts';
import { recordHistoricalChecks } from '../modules/integrations/population/check.ts';
import { hashText } from './demo-random.ts';

export const DEMO_POPULATION_PROCEDURES = [
  '2.000720.H29', // hộ kinh doanh: the registration office checks the owner's identity (Decree 01/2021/NĐ-CP)
  '2.000575.H29',
  '2.001610.H29',
  '1.001193.H29', // khai sinh, kết hôn, khai tử, trích lục, tình trạng hôn nhân: civil status
  '1.000894.H29',
  '1.000656.H29',
  '2.000635.H29',
  '1.004873.H29',
  '2.000488.H29', // lý lịch tư pháp
  '1.001009.H29', // trợ cấp xã hội
];

export async function markDemoPopulationProcedures(trx: Transaction<DB>): Promise<void> {
  await trx.updateTable('procedures').set({ uses_population_db: true }).where('code', 'in', DEMO_POPULATION_PROCEDURES).execute();
}

/** The demo year's checks (run after the year loads, src/demo/history-seed.ts). */
export async function seedDemoPopulationChecks(ctx: AppContext, seed: number): Promise<number> {
  const rows = await sql<{ id: string; code: string; submitted_at: Date }>`
    SELECT d.id, d.code, d.submitted_at FROM dossiers d JOIN procedures p ON p.code = d.procedure_code
    WHERE p.uses_population_db AND coalesce(d.applicant->>'type', 'individual') = 'individual'
      AND d.applicant->>'idNumber' ~ '^[0-9]{12}$'
      AND NOT EXISTS (SELECT 1 FROM population_checks c WHERE c.dossier_id = d.id)
    ORDER BY d.submitted_at, d.id`.execute(ctx.db);
  const checks = rows.rows
    .filter((r) => hashText(r.code, seed + 37) % 10 !== 0)
    .map((r) => ({ dossierId: r.id, at: new Date(new Date(r.submitted_at).getTime() + (2 + (hashText(r.code, seed + 38) % 28)) * 60_000), result: 'match' as const }));
  return recordHistoricalChecks(ctx, checks);
}
