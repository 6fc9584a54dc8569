/**
 * 766 criterion 1.3, "procedures published with all required parts": the one rule, used by the 766 index and
 * the PAR measures (COMPLETE_PROCEDURE, in SQL over `procedures p`) and by the catalogue import's preview
 * (missingParts, over a record before it is written). The parts: the components of the dossier, the internal
 * process, the legal basis, the fee (0 = free; a case-dependent fee explained in a note), the processing time
 * and the result. Where it is received (the agencies) is not checked here: a procedure counts in a unit's
 * competence only where it is received, so that part is always there for the criterion.
 */
import { sql } from 'kysely';

export type ProcedurePart = 'components' | 'process' | 'legalBasis' | 'fee' | 'duration' | 'result';

export interface PartsOf {
  components: readonly unknown[];
  process: readonly unknown[] | null;
  legalBasis: string;
  feeVnd: number | null;
  feeNote: string | null;
  durationValue: number | null;
  resultName: string | null;
}

/** The parts a record lacks, in a fixed order; empty when complete. `process: null` = not checked (an import brings none). */
export function missingParts(p: PartsOf): ProcedurePart[] {
  const missing: ProcedurePart[] = [];
  if (p.components.length === 0) missing.push('components');
  if (p.process !== null && p.process.length === 0) missing.push('process');
  if (p.legalBasis.trim() === '') missing.push('legalBasis');
  if (p.feeVnd === null && !p.feeNote?.trim()) missing.push('fee');
  if (p.durationValue === null || !(p.durationValue > 0)) missing.push('duration');
  if (!p.resultName?.trim()) missing.push('result');
  return missing;
}

/** The same rule in SQL over `procedures p` (duration is NOT NULL and > 0 by the table's checks). */
export const COMPLETE_PROCEDURE = sql`jsonb_array_length(p.components) > 0 AND jsonb_array_length(p.process) > 0 AND p.legal_basis <> ''
  AND (p.fee_vnd IS NOT NULL OR coalesce(p.fee_note, '') <> '') AND coalesce(p.result_name, '') <> ''`;

export const PART_LABELS: Record<ProcedurePart, { vi: string; en: string }> = {
  components: { vi: 'thành phần hồ sơ', en: 'dossier components' },
  process: { vi: 'quy trình nội bộ', en: 'internal process' },
  legalBasis: { vi: 'căn cứ pháp lý', en: 'legal basis' },
  fee: { vi: 'phí, lệ phí', en: 'fees' },
  duration: { vi: 'thời hạn giải quyết', en: 'processing time' },
  result: { vi: 'kết quả thực hiện', en: 'result' },
};
