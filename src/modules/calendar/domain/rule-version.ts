/**
 * Legal baseline by effective date (domain §0). A dossier keeps the rule version in force when it
 * was received; forms and numbering follow that version.
 */
import { dayNumberFromYmd, dayNumberOf } from './local-time.ts';

export type RuleVersion = 'nd61-2018' | 'nd118-2025';

/** Decree 61/2018/NĐ-CP (amended by 107/2021) before this day; Decree 118/2025/NĐ-CP from it. */
const DECREE_118_FROM = dayNumberFromYmd(2025, 7, 1);

export function ruleVersionAt(instant: Date): RuleVersion {
  return dayNumberOf(instant) >= DECREE_118_FROM ? 'nd118-2025' : 'nd61-2018';
}

/**
 * What a supplement does to the APPLICANT'S APPOINTMENT, per rule version (domain §2, data not code):
 * Decree 61/2018 stops the clock while the applicant completes the dossier (the appointment moves by the
 * waiting time); Decree 118/2025, Art. 19, counts the time limit again from the beginning once the complete
 * dossier is received. The 766 index does neither: it always subtracts the waiting time (`dueAt`), so the
 * figures of every version are judged by one rule (src/modules/dossiers/domain/timeliness.ts).
 */
export const SUPPLEMENT_CLOCK: Record<RuleVersion, 'pause' | 'restart'> = {
  'nd61-2018': 'pause',
  'nd118-2025': 'restart',
};
