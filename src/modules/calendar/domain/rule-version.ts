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
