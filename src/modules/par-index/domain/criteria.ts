/**
 * A PAR Index criteria set as data (docs/par-index.md): a tree of areas → criteria → sub-criteria, each node
 * with a code ("1", "1.2", "1.2.3"), a name and maximum points; each leaf with a scoring method. Pure: the
 * same checks run on an XLSX import, a JSON import and the reference sets shipped in ./reference-sets.ts.
 */
import type { FieldIssue, Message } from '../../../kernel/errors.ts';

export const GROUPS = ['department', 'ward', 'province'] as const;
export type ParGroup = (typeof GROUPS)[number];
export const METHODS = ['manual', 'computed', 'survey'] as const;
export type ParMethod = (typeof METHODS)[number];

/** One row of a set, as officials keep it in a spreadsheet (one row per node). */
export interface CriterionRow {
  code: string;
  name: string;
  nameEn: string | null;
  max: number;
  /** Leaves only. */
  method: ParMethod | null;
  /** computed: a measure of the registry (name, or name:argument); survey: "sipas" (or empty). */
  measure: string | null;
  /** computed: the ratio that earns full points (points = min(max, max × ratio / target)); empty: max × ratio. */
  target: number | null;
  note: string | null;
}

export const BANDS = ['excellent', 'good', 'fair', 'average', 'weak'] as const;
export type Band = (typeof BANDS)[number];
/** Lowest total of each band (weak: below `average`). */
export interface BandThresholds {
  excellent: number;
  good: number;
  fair: number;
  average: number;
}
export const DEFAULT_BANDS: BandThresholds = { excellent: 90, good: 80, fair: 70, average: 50 };
export const BAND_LABELS: Record<Band, Message> = {
  excellent: { vi: 'Xuất sắc', en: 'Excellent' },
  good: { vi: 'Tốt', en: 'Good' },
  fair: { vi: 'Khá', en: 'Fair' },
  average: { vi: 'Trung bình', en: 'Average' },
  weak: { vi: 'Yếu', en: 'Weak' },
};
/** The method's words in the officials' spreadsheet (column "Phương pháp"). */
export const METHOD_LABELS: Record<ParMethod, string> = { manual: 'Tự chấm', computed: 'Tính tự động', survey: 'Điều tra XHH' };

export const CODE = /^[1-9]\d{0,2}(\.[1-9]\d{0,2}){0,3}$/;
export const parentOf = (code: string): string | null => (code.includes('.') ? code.slice(0, code.lastIndexOf('.')) : null);
export const areaOf = (code: string): string => code.split('.')[0]!;
const round2 = (x: number) => Math.round(x * 100) / 100;

/** The codes of the rows that have no children. */
export function leafCodes(rows: readonly CriterionRow[]): Set<string> {
  const parents = new Set(rows.map((r) => parentOf(r.code)).filter((c): c is string => c !== null));
  return new Set(rows.filter((r) => !parents.has(r.code)).map((r) => r.code));
}

/** Codes in tree order: 1, 1.1, 1.1.1, 1.2, 2, … (numeric by segment). */
export function compareCodes(a: string, b: string): number {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if (x[i] === undefined) return -1;
    if (y[i] === undefined) return 1;
    if (x[i] !== y[i]) return x[i]! - y[i]!;
  }
  return 0;
}

/** Where a problem is: the spreadsheet row (1 = header) and column letter, as the import reports it. */
export interface RowIssue {
  row: number;
  column: 'A' | 'B' | 'C' | 'D' | 'E' | 'F' | 'G' | 'H';
  message: Message;
}
export const COLUMNS = [
  { letter: 'A', head: 'Mã' },
  { letter: 'B', head: 'Tên tiêu chí' },
  { letter: 'C', head: 'Điểm tối đa' },
  { letter: 'D', head: 'Phương pháp' },
  { letter: 'E', head: 'Chỉ số' },
  { letter: 'F', head: 'Mục tiêu' },
  { letter: 'G', head: 'Ghi chú' },
  { letter: 'H', head: 'Tên tiếng Anh' },
] as const;
export const toFieldIssue = (i: RowIssue): FieldIssue => {
  const head = COLUMNS.find((c) => c.letter === i.column)!.head;
  return { path: `rows.${i.row}.${i.column}`, message: { vi: `Dòng ${i.row}, cột ${i.column} (${head}): ${i.message.vi}`, en: `Row ${i.row}, column ${i.column} (${head}): ${i.message.en}` } };
};

/**
 * Checks a set's rows (row i of the array is spreadsheet row i + 2): codes well formed, unique, each with
 * its parent; leaves with a method (computed ones with a known measure), parents without; every parent's
 * maximum equal to the sum of its children's; the areas summing to 100.
 */
export function validateSet(rows: readonly CriterionRow[], knownMeasure: (name: string) => boolean): RowIssue[] {
  const issues: RowIssue[] = [];
  const at = (i: number) => i + 2;
  const seen = new Map<string, number>();
  rows.forEach((r, i) => {
    if (!CODE.test(r.code)) issues.push({ row: at(i), column: 'A', message: { vi: `Mã "${r.code}" không đúng dạng 1, 1.2 hoặc 1.2.3`, en: `Code "${r.code}" is not like 1, 1.2 or 1.2.3` } });
    else if (seen.has(r.code)) issues.push({ row: at(i), column: 'A', message: { vi: `Mã "${r.code}" trùng với dòng ${at(seen.get(r.code)!)}`, en: `Code "${r.code}" repeats row ${at(seen.get(r.code)!)}` } });
    else seen.set(r.code, i);
    if (!r.name.trim()) issues.push({ row: at(i), column: 'B', message: { vi: 'Thiếu tên tiêu chí', en: 'The name is missing' } });
    if (!Number.isFinite(r.max) || r.max <= 0 || round2(r.max) !== r.max) issues.push({ row: at(i), column: 'C', message: { vi: 'Điểm tối đa phải là số dương, tối đa 2 chữ số thập phân', en: 'Maximum points must be a positive number with at most 2 decimals' } });
  });
  const codes = new Set(seen.keys());
  const leaves = leafCodes(rows.filter((r) => CODE.test(r.code)));
  rows.forEach((r, i) => {
    if (!CODE.test(r.code)) return;
    const parent = parentOf(r.code);
    if (parent && !codes.has(parent)) issues.push({ row: at(i), column: 'A', message: { vi: `Không có tiêu chí cha "${parent}"`, en: `No parent criterion "${parent}"` } });
    if (leaves.has(r.code)) {
      if (!r.method) issues.push({ row: at(i), column: 'D', message: { vi: 'Tiêu chí lá cần phương pháp: Tự chấm, Tính tự động hoặc Điều tra XHH', en: 'A leaf needs a method: manual, computed or survey' } });
      else if (r.method === 'computed' && (!r.measure || !knownMeasure(r.measure))) issues.push({ row: at(i), column: 'E', message: { vi: `Chỉ số "${r.measure ?? ''}" không có trong danh mục chỉ số`, en: `Measure "${r.measure ?? ''}" is not in the measure registry` } });
      else if (r.method === 'survey' && r.measure && r.measure !== 'sipas') issues.push({ row: at(i), column: 'E', message: { vi: 'Tiêu chí điều tra XHH dùng chỉ số "sipas"', en: 'A survey leaf uses the measure "sipas"' } });
      else if (r.method === 'manual' && r.measure) issues.push({ row: at(i), column: 'E', message: { vi: 'Tiêu chí tự chấm không có chỉ số', en: 'A manual leaf has no measure' } });
      if (r.target !== null && (r.method !== 'computed' || !(r.target > 0 && r.target <= 1))) issues.push({ row: at(i), column: 'F', message: { vi: 'Mục tiêu là tỷ lệ trong (0; 1], chỉ cho tiêu chí tính tự động', en: 'A target is a ratio in (0, 1], for computed leaves only' } });
    } else {
      if (r.method || r.measure) issues.push({ row: at(i), column: 'D', message: { vi: 'Tiêu chí có tiêu chí con không có phương pháp riêng', en: 'A criterion with sub-criteria has no method of its own' } });
      const sum = round2(rows.filter((c) => parentOf(c.code) === r.code).reduce((s, c) => s + c.max, 0));
      if (Number.isFinite(r.max) && Math.abs(sum - r.max) > 0.001) issues.push({ row: at(i), column: 'C', message: { vi: `Điểm tối đa ${r.max} khác tổng điểm các tiêu chí con (${sum})`, en: `Maximum ${r.max} differs from the sum of its sub-criteria (${sum})` } });
    }
  });
  const total = round2(rows.filter((r) => !r.code.includes('.')).reduce((s, r) => s + (Number.isFinite(r.max) ? r.max : 0), 0));
  if (rows.length && total !== 100 && !issues.length) issues.push({ row: 2, column: 'C', message: { vi: `Tổng điểm các lĩnh vực là ${total}, phải bằng 100`, en: `The areas add up to ${total}, not 100` } });
  if (!rows.length) issues.push({ row: 2, column: 'A', message: { vi: 'Bộ tiêu chí trống', en: 'The set is empty' } });
  return issues;
}

/** Checks thresholds: 0 < average < fair < good < excellent ≤ 100. */
export function bandsValid(b: BandThresholds): boolean {
  return b.average > 0 && b.average < b.fair && b.fair < b.good && b.good < b.excellent && b.excellent <= 100;
}
