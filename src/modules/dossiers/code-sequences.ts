/**
 * The daily per-agency sequences that number dossier codes. Every dossier code of this system's shape
 * is either allocated here or, when an import brings one, raises the sequence past it in the same
 * transaction, so an online submission never draws a code that is already taken.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import { codeLikePattern, sequenceOfCode } from './domain/code.ts';
import { isoDate, type DayNumber } from '../calendar/domain/local-time.ts';

/** The next number of the agency's sequence for the day; the row stays locked until the transaction ends. */
export async function nextCodeSequence(trx: Transaction<DB> | Kysely<DB>, agencyEid: string, day: DayNumber): Promise<number> {
  const row = await sql<{ last_value: number }>`
    INSERT INTO dossier_code_sequences (agency_eid, day, last_value) VALUES (${agencyEid}, ${isoDate(day)}, 1)
    ON CONFLICT (agency_eid, day) DO UPDATE SET last_value = dossier_code_sequences.last_value + 1
    RETURNING last_value`.execute(trx);
  return row.rows[0]!.last_value;
}

/** Moves the agency's sequence for the day to at least `taken`, so the next number drawn is above it. */
export async function raiseCodeSequence(trx: Transaction<DB> | Kysely<DB>, agencyEid: string, day: DayNumber, taken: number): Promise<void> {
  await sql`
    INSERT INTO dossier_code_sequences (agency_eid, day, last_value) VALUES (${agencyEid}, ${isoDate(day)}, ${taken})
    ON CONFLICT (agency_eid, day) DO UPDATE SET last_value = GREATEST(dossier_code_sequences.last_value, excluded.last_value)`.execute(trx);
}

/**
 * Repairs a sequence that fell behind the codes in use (data written before imports raised it): moves
 * it past the highest code of the agency on that day. Run only after a collision, never on the hot path.
 */
export async function resyncCodeSequence(db: Kysely<DB>, pattern: string, agencyEid: string, day: DayNumber): Promise<void> {
  const rows = await db.selectFrom('dossiers').select('code').where('code', 'like', codeLikePattern(pattern, agencyEid, day)).execute();
  const highest = Math.max(0, ...rows.map((r) => sequenceOfCode(pattern, r.code, agencyEid, day) ?? 0));
  if (highest > 0) await raiseCodeSequence(db, agencyEid, day, highest);
}

/** A unique violation on the dossier code: two dossiers drew the same code. */
export function isDossierCodeTaken(e: unknown): boolean {
  const err = e as { code?: string; constraint?: string; message?: string } | null;
  return err?.code === '23505' && (err.constraint === 'dossiers_code_key' || /dossiers_code_key/.test(err.message ?? ''));
}
