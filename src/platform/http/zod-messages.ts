/**
 * Messages for a request that fails its schema, in natural Vietnamese and plain English. zod's own
 * Vietnamese locale reads as a translation ("Đầu vào không hợp lệ: mong đợi string, nhận được
 * undefined"), so the common cases — a missing field, a wrong type, a text too long or too short, a
 * value not in the list, a bad format — are written here; anything rarer falls back to zod's locale.
 * A message a schema gives itself (e.g. a regex's) still wins over these.
 */
import { z } from 'zod';

type Lang = 'vi' | 'en';
type Issue = z.core.$ZodRawIssue;

const TYPES: Record<string, { vi: string; en: string }> = {
  string: { vi: 'một chuỗi ký tự', en: 'text' },
  number: { vi: 'một số', en: 'a number' },
  int: { vi: 'một số nguyên', en: 'a whole number' },
  boolean: { vi: 'true hoặc false', en: 'true or false' },
  array: { vi: 'một danh sách', en: 'a list' },
  object: { vi: 'một đối tượng', en: 'an object' },
  date: { vi: 'một ngày', en: 'a date' },
  bigint: { vi: 'một số nguyên', en: 'a whole number' },
  null: { vi: 'null', en: 'null' },
};

const RECEIVED: Record<string, { vi: string; en: string }> = {
  ...TYPES,
  string: { vi: 'chuỗi ký tự', en: 'text' },
  number: { vi: 'số', en: 'a number' },
  boolean: { vi: 'giá trị true/false', en: 'true/false' },
  array: { vi: 'danh sách', en: 'a list' },
  object: { vi: 'đối tượng', en: 'an object' },
  nan: { vi: 'NaN', en: 'NaN' },
};

const FORMATS: Record<string, { vi: string; en: string }> = {
  email: { vi: 'Địa chỉ email không đúng (ví dụ: ten@example.vn)', en: 'Not a valid email address (e.g. name@example.vn)' },
  date: { vi: 'Ngày phải viết theo dạng năm-tháng-ngày (ví dụ: 2026-12-01)', en: 'A date must be written year-month-day (e.g. 2026-12-01)' },
  datetime: { vi: 'Thời điểm phải theo dạng ISO 8601 (ví dụ: 2026-12-01T08:00:00+07:00)', en: 'An instant must be ISO 8601 (e.g. 2026-12-01T08:00:00+07:00)' },
  time: { vi: 'Giờ phải theo dạng giờ:phút (ví dụ: 08:30)', en: 'A time must be hours:minutes (e.g. 08:30)' },
  url: { vi: 'Địa chỉ web không đúng', en: 'Not a valid URL' },
  uuid: { vi: 'Mã định danh (UUID) không đúng', en: 'Not a valid UUID' },
};

function typeOf(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'array';
  if (typeof input === 'number' && Number.isNaN(input)) return 'nan';
  return typeof input;
}

const count = (n: number | bigint) => n.toString();
const list = (values: readonly unknown[]) => values.map((v) => (typeof v === 'string' ? `“${v}”` : String(v))).join(', ');

/** The message for one issue, or undefined to let zod's locale answer. */
export function zodMessage(issue: Issue, lang: Lang): string | undefined {
  const vi = lang === 'vi';
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.input === undefined) return vi ? 'Thiếu trường bắt buộc' : 'Required field is missing';
      const expected = TYPES[issue.expected]?.[lang] ?? issue.expected;
      const received = RECEIVED[typeOf(issue.input)]?.[lang] ?? typeOf(issue.input);
      if (issue.expected === 'int' && typeof issue.input === 'number') return vi ? 'Phải là số nguyên' : 'Must be a whole number';
      return vi ? `Phải là ${expected}, không phải ${received}` : `Must be ${expected}, not ${received}`;
    }
    case 'too_small': {
      const n = count(issue.minimum as number | bigint);
      if (issue.origin === 'string') {
        if (Number(issue.minimum) === 1 && issue.inclusive !== false) return vi ? 'Không được để trống' : 'Must not be empty';
        return vi ? `Cần ít nhất ${n} ký tự` : `Must be at least ${n} characters`;
      }
      if (issue.origin === 'array' || issue.origin === 'set') {
        if (Number(issue.minimum) === 1) return vi ? 'Cần ít nhất một mục' : 'Needs at least one item';
        return vi ? `Cần ít nhất ${n} mục` : `Needs at least ${n} items`;
      }
      if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint') {
        return issue.inclusive === false ? (vi ? `Phải lớn hơn ${n}` : `Must be greater than ${n}`) : vi ? `Không được nhỏ hơn ${n}` : `Must be ${n} or more`;
      }
      return undefined;
    }
    case 'too_big': {
      const n = count(issue.maximum as number | bigint);
      if (issue.origin === 'string') return vi ? `Tối đa ${n} ký tự` : `At most ${n} characters`;
      if (issue.origin === 'array' || issue.origin === 'set') return vi ? `Tối đa ${n} mục` : `At most ${n} items`;
      if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint') {
        return issue.inclusive === false ? (vi ? `Phải nhỏ hơn ${n}` : `Must be less than ${n}`) : vi ? `Không được lớn hơn ${n}` : `Must be ${n} or less`;
      }
      return undefined;
    }
    case 'invalid_value':
      if (issue.values.length === 1) return vi ? `Giá trị phải là ${list(issue.values)}` : `Must be ${list(issue.values)}`;
      return vi ? `Giá trị không nằm trong danh sách cho phép: ${list(issue.values)}` : `Must be one of: ${list(issue.values)}`;
    case 'invalid_format': {
      const known = FORMATS[issue.format];
      if (known) return known[lang];
      if (issue.format === 'regex' || issue.format === 'starts_with' || issue.format === 'ends_with' || issue.format === 'includes') return vi ? 'Không đúng định dạng' : 'Not in the expected format';
      return vi ? `Không đúng định dạng (${issue.format})` : `Not a valid ${issue.format}`;
    }
    case 'unrecognized_keys':
      return vi ? 'Trường không được phép' : 'Field not allowed';
    case 'not_multiple_of':
      return vi ? `Phải là bội số của ${String(issue.divisor)}` : `Must be a multiple of ${String(issue.divisor)}`;
    case 'invalid_union':
      return vi ? 'Giá trị không khớp với dạng nào được chấp nhận' : 'Matches none of the accepted shapes';
    default:
      return undefined;
  }
}

const viLocale = z.locales.vi().localeError;
const enLocale = z.locales.en().localeError;

/** zod error maps: ours first, zod's locale for the rest. */
export const viErrorMap: z.core.$ZodErrorMap = (issue) => zodMessage(issue, 'vi') ?? viLocale(issue);
export const enErrorMap: z.core.$ZodErrorMap = (issue) => zodMessage(issue, 'en') ?? enLocale(issue);
