/**
 * One procedure of the national procedure database's export (Cơ sở dữ liệu quốc gia về TTHC,
 * csdl.dichvucong.gov.vn), checked and turned into the catalogue's statutory parts. Pure: no database.
 *
 * The shape is MODELLED on the headings of a procedure's public record in the national database (Mã thủ tục,
 * Tên thủ tục, Cấp thực hiện, Lĩnh vực, Cơ quan thực hiện, Thành phần hồ sơ, Phí/lệ phí, Thời hạn giải quyết,
 * Căn cứ pháp lý, Kết quả thực hiện, the announcing decision): no machine-readable export format is published,
 * so the keys below are ours (docs/integrations.md, "Catalogue import"). JSON uses the keys; XLSX the headings.
 */
import type { StatutoryParts } from '../../../catalogue/versions.ts';

export interface RowError {
  /** 'TTHC' or 'Thành phần hồ sơ' for XLSX; 'json' for a JSON file. */
  sheet: string;
  /** XLSX: the sheet's row number (the heading is row 1); JSON: the record's position, from 1. */
  row: number;
  /** XLSX: the column heading; JSON: the key. */
  column: string;
  message: { vi: string; en: string };
}

/** The keys of a record and their XLSX headings, in the template's order. */
export const COLUMNS = [
  { key: 'maTTHC', head: 'Mã TTHC' },
  { key: 'tenTTHC', head: 'Tên TTHC' },
  { key: 'capThucHien', head: 'Cấp thực hiện' },
  { key: 'linhVuc', head: 'Lĩnh vực' },
  { key: 'coQuanThucHien', head: 'Cơ quan thực hiện' },
  { key: 'phiLePhi', head: 'Phí, lệ phí (đồng)' },
  { key: 'moTaPhi', head: 'Mô tả phí, lệ phí' },
  { key: 'thoiHanGiaiQuyet', head: 'Thời hạn giải quyết' },
  { key: 'donViThoiHan', head: 'Đơn vị thời hạn' },
  { key: 'canCuPhapLy', head: 'Căn cứ pháp lý' },
  { key: 'ketQua', head: 'Kết quả thực hiện' },
  { key: 'soQuyetDinh', head: 'Số quyết định công bố' },
  { key: 'ngayQuyetDinh', head: 'Ngày quyết định' },
  { key: 'ngayHieuLuc', head: 'Ngày hiệu lực' },
  { key: 'ngayCapNhatCSDLQG', head: 'Ngày cập nhật CSDLQG' },
] as const;
export type RecordKey = (typeof COLUMNS)[number]['key'];

export const COMPONENT_COLUMNS = [
  { key: 'maTTHC', head: 'Mã TTHC' },
  { key: 'tenGiayTo', head: 'Tên giấy tờ' },
  { key: 'banChinh', head: 'Bản chính' },
  { key: 'banSao', head: 'Bản sao' },
  { key: 'batBuoc', head: 'Bắt buộc' },
] as const;

/** A record as read from the file: keys as above, values as the file had them; components already gathered. */
export interface RawRecord {
  position: { sheet: string; row: number; column: (key: string) => string };
  values: Partial<Record<RecordKey, unknown>>;
  components: Array<{ tenGiayTo: unknown; banChinh: unknown; banSao: unknown; batBuoc: unknown; position: { sheet: string; row: number; column: (key: string) => string } }>;
}

export interface CheckedRecord {
  code: string;
  parts: StatutoryParts;
  meta: { decisionNumber: string; decisionDate: string; effectiveDate: string; nationalUpdatedOn: string | null };
  /** Where it came from, for the preview. */
  row: number;
}

const LEVELS = new Map<string, 'province' | 'commune'>([
  ['cap tinh', 'province'],
  ['tinh', 'province'],
  ['province', 'province'],
  ['cap xa', 'commune'],
  ['xa', 'commune'],
  ['commune', 'commune'],
]);
const UNITS = new Map<string, StatutoryParts['duration']['unit']>([
  ['ngay lam viec', 'working_days'],
  ['working_days', 'working_days'],
  ['gio lam viec', 'working_hours'],
  ['working_hours', 'working_hours'],
  ['ngay', 'calendar_days'],
  ['calendar_days', 'calendar_days'],
  ['thang', 'months'],
  ['months', 'months'],
]);

/** Lower case, no diacritics, single spaces: how headings, levels and units are matched. */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'd').toLowerCase().replace(/\s+/g, ' ').trim();
}

const CODE = /^\d\.\d{6}(\.H\d{2})?$/;

function text(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  const s = (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '').normalize('NFC').trim();
  return s === '' ? null : s;
}

/** "2026-11-02", "02/11/2026" or "2/11/2026" → "2026-11-02"; null when absent; undefined when not a real date. */
export function parseDate(v: unknown): string | null | undefined {
  const s = text(v);
  if (s === null) return null;
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  let y: number, mo: number, d: number;
  if (m) [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  else {
    m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
    if (!m) return undefined;
    [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  }
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d || y < 1990 || y > 2100) return undefined;
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** A whole number ≥ 0 ("70.000", "70 000", 70000); null when absent; undefined when not one. */
function parseAmount(v: unknown): number | null | undefined {
  if (typeof v === 'number') return Number.isInteger(v) && v >= 0 ? v : undefined;
  const s = text(v);
  if (s === null) return null;
  const digits = s.replace(/[.\s\u00a0]/g, '');
  return /^\d{1,12}$/.test(digits) ? Number(digits) : undefined;
}

function parsePositive(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : text(v) !== null ? Number(text(v)!.replace(',', '.')) : NaN;
  return Number.isFinite(n) && n > 0 && n <= 10_000 ? n : undefined;
}

function parseBool(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  const s = text(v);
  if (s === null) return true; // the national record marks optional papers; unmarked ones are required
  const f = fold(s);
  if (['co', 'x', 'true', '1', 'bat buoc', 'yes'].includes(f)) return true;
  if (['khong', 'false', '0', 'no', 'khong bat buoc'].includes(f)) return false;
  return undefined;
}

function parseCount(v: unknown): number | undefined {
  if (v === null || v === undefined || text(v) === null) return 0;
  const n = typeof v === 'number' ? v : Number(text(v));
  return Number.isInteger(n) && n >= 0 && n <= 99 ? n : undefined;
}

/**
 * Checks one record against the catalogue's rules and the known fields (code or name, matched without
 * diacritics). Every problem is returned, by row and column; a record with any is not imported.
 */
export function checkRecord(raw: RawRecord, fields: Array<{ code: string; name: string }>): { record: CheckedRecord | null; errors: RowError[] } {
  const errors: RowError[] = [];
  const at = (key: string, vi: string, en: string, pos = raw.position) => errors.push({ sheet: pos.sheet, row: pos.row, column: pos.column(key), message: { vi, en } });
  const v = raw.values;

  const code = text(v.maTTHC);
  if (code === null) at('maTTHC', 'Thiếu mã thủ tục', 'The procedure code is missing');
  else if (!CODE.test(code)) at('maTTHC', `Mã thủ tục "${code}" không đúng dạng (vd 1.001234 hoặc 1.001234.H29)`, `The procedure code "${code}" is not in the form 1.001234 or 1.001234.H29`);
  const name = text(v.tenTTHC);
  if (name === null) at('tenTTHC', 'Thiếu tên thủ tục', 'The procedure name is missing');
  else if (name.length > 500) at('tenTTHC', 'Tên thủ tục dài quá 500 ký tự', 'The procedure name is longer than 500 characters');

  const levelText = text(v.capThucHien);
  const level = levelText === null ? undefined : LEVELS.get(fold(levelText));
  if (levelText === null) at('capThucHien', 'Thiếu cấp thực hiện', 'The level is missing');
  else if (!level) at('capThucHien', `Cấp thực hiện "${levelText}" không hợp lệ (Cấp Tỉnh hoặc Cấp Xã)`, `Unknown level "${levelText}" (Cấp Tỉnh or Cấp Xã)`);

  const fieldText = text(v.linhVuc);
  const field = fieldText === null ? undefined : fields.find((f) => f.code === fieldText || fold(f.name) === fold(fieldText));
  if (fieldText === null) at('linhVuc', 'Thiếu lĩnh vực', 'The field is missing');
  else if (!field) at('linhVuc', `Không có lĩnh vực "${fieldText}" trong danh mục`, `Unknown field "${fieldText}"`);

  const agenciesRaw = v.coQuanThucHien;
  const agencies = (Array.isArray(agenciesRaw) ? agenciesRaw.map(text) : (text(agenciesRaw) ?? '').split(/[;\n]/).map(text)).filter((a): a is string => a !== null);
  if (agencies.length === 0) at('coQuanThucHien', 'Thiếu cơ quan thực hiện', 'The implementing agency is missing');

  const feeVnd = parseAmount(v.phiLePhi);
  if (feeVnd === undefined) at('phiLePhi', `Phí, lệ phí "${String(v.phiLePhi)}" phải là số đồng (vd 50000 hoặc 50.000)`, `The fee "${String(v.phiLePhi)}" must be an amount in dong (e.g. 50000)`);
  const feeNote = text(v.moTaPhi);

  const duration = parsePositive(v.thoiHanGiaiQuyet);
  if (duration === undefined) at('thoiHanGiaiQuyet', 'Thời hạn giải quyết phải là số dương', 'The processing time must be a positive number');
  const unitText = text(v.donViThoiHan) ?? 'Ngày làm việc';
  const unit = UNITS.get(fold(unitText));
  if (!unit) at('donViThoiHan', `Đơn vị thời hạn "${unitText}" không hợp lệ (Ngày làm việc, Giờ làm việc, Ngày, Tháng)`, `Unknown time unit "${unitText}" (Ngày làm việc, Giờ làm việc, Ngày, Tháng)`);

  const legalBasis = text(v.canCuPhapLy) ?? '';
  const resultName = text(v.ketQua);
  const decisionNumber = text(v.soQuyetDinh);
  if (decisionNumber === null) at('soQuyetDinh', 'Thiếu số quyết định công bố', 'The announcing decision’s number is missing');
  const dates: Record<'ngayQuyetDinh' | 'ngayHieuLuc' | 'ngayCapNhatCSDLQG', string | null | undefined> = {
    ngayQuyetDinh: parseDate(v.ngayQuyetDinh),
    ngayHieuLuc: parseDate(v.ngayHieuLuc),
    ngayCapNhatCSDLQG: parseDate(v.ngayCapNhatCSDLQG),
  };
  for (const [key, value] of Object.entries(dates)) {
    if (value === undefined) at(key, `Ngày "${String(v[key as RecordKey])}" không hợp lệ (dd/mm/yyyy)`, `"${String(v[key as RecordKey])}" is not a valid date (dd/mm/yyyy)`);
  }
  if (dates.ngayQuyetDinh === null) at('ngayQuyetDinh', 'Thiếu ngày quyết định công bố', 'The decision date is missing');
  if (dates.ngayHieuLuc === null) at('ngayHieuLuc', 'Thiếu ngày hiệu lực', 'The effective date is missing');
  if (dates.ngayQuyetDinh && dates.ngayCapNhatCSDLQG && dates.ngayCapNhatCSDLQG < dates.ngayQuyetDinh) {
    at('ngayCapNhatCSDLQG', 'Ngày cập nhật CSDL quốc gia trước ngày quyết định', 'The national database was updated before the decision date');
  }

  const components: StatutoryParts['components'] = [];
  for (const c of raw.components) {
    const cName = text(c.tenGiayTo);
    const originals = parseCount(c.banChinh);
    const copies = parseCount(c.banSao);
    const required = parseBool(c.batBuoc);
    if (cName === null) at('tenGiayTo', 'Thiếu tên giấy tờ', 'The paper’s name is missing', c.position);
    if (originals === undefined) at('banChinh', 'Số bản chính phải là số nguyên từ 0 đến 99', 'Originals must be a whole number from 0 to 99', c.position);
    if (copies === undefined) at('banSao', 'Số bản sao phải là số nguyên từ 0 đến 99', 'Copies must be a whole number from 0 to 99', c.position);
    if (required === undefined) at('batBuoc', 'Bắt buộc phải là Có hoặc Không', 'Required must be Có or Không', c.position);
    if (cName !== null && originals !== undefined && copies !== undefined && required !== undefined) components.push({ name: cName, originals, copies, required });
  }

  if (errors.length > 0) return { record: null, errors };
  return {
    record: {
      code: code!,
      row: raw.position.row,
      parts: { name: name!, fieldCode: field!.code, level: level!, feeVnd: feeVnd!, feeNote, duration: { value: duration!, unit: unit! }, legalBasis, resultName, components, agencies },
      meta: { decisionNumber: decisionNumber!, decisionDate: dates.ngayQuyetDinh!, effectiveDate: dates.ngayHieuLuc!, nationalUpdatedOn: dates.ngayCapNhatCSDLQG ?? null },
    },
    errors: [],
  };
}
