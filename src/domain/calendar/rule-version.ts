/**
 * Legal baseline by effective date (domain §0). A dossier keeps the rule version in force when it
 * was received; forms and numbering follow that version.
 */
import { dayNumberFromYmd, dayNumberOf } from './local-time.ts';

export type RuleVersion = 'nd61-2018' | 'nd118-2025';

export interface RuleVersionInfo {
  id: RuleVersion;
  decree: string;
  formsCircular: string;
  effectiveFrom: string; // ISO date, Vietnam time
}

export const RULE_VERSIONS: readonly RuleVersionInfo[] = [
  { id: 'nd61-2018', decree: 'Nghị định 61/2018/NĐ-CP (sửa đổi bởi Nghị định 107/2021/NĐ-CP)', formsCircular: 'Thông tư 01/2018/TT-VPCP', effectiveFrom: '2018-06-21' },
  { id: 'nd118-2025', decree: 'Nghị định 118/2025/NĐ-CP', formsCircular: 'Thông tư 03/2025/TT-VPCP', effectiveFrom: '2025-07-01' },
];

const DECREE_118_FROM = dayNumberFromYmd(2025, 7, 1);

export function ruleVersionAt(instant: Date): RuleVersion {
  return dayNumberOf(instant) >= DECREE_118_FROM ? 'nd118-2025' : 'nd61-2018';
}

export function ruleVersionInfo(id: RuleVersion): RuleVersionInfo {
  const info = RULE_VERSIONS.find((r) => r.id === id);
  if (!info) throw new Error(`unknown rule version ${id}`);
  return info;
}
