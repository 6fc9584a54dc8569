/**
 * The one place the web app writes dates, times, numbers and money for people (issue 14, fault 10): dates
 * dd/MM/yyyy and times HH:mm in Asia/Ho_Chi_Minh whatever the device's time zone, numbers 1.234.567,5 and
 * money 1.234.000 ₫. English mode keeps the dates but writes numbers the English way, 1,234,567.5 and
 * 1,234,000 ₫: "95,5 %" or "1.234" read wrongly to an English reader (a share of 95.5 %, a count of
 * 1,234). Numbers are grouped here, not by toLocaleString, so they never depend on the browser's locale data.
 */
import { currentLang, type Lang } from './lang-state.ts';

const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Ho_Chi_Minh',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function fields(iso: string) {
  const p = Object.fromEntries(parts.formatToParts(new Date(iso)).map((x) => [x.type, x.value]));
  return p as Record<'day' | 'month' | 'year' | 'hour' | 'minute', string>;
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const p = fields(iso);
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
}

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const p = fields(iso);
  return `${p.hour}:${p.minute}`;
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
  const p = fields(iso);
  return `${p.day}/${p.month}/${p.year}`;
}

export function formatMoney(vnd: number | null | undefined, lang: 'vi' | 'en'): string {
  if (vnd === null || vnd === undefined) return lang === 'vi' ? 'Tuỳ trường hợp' : 'Depends on the case';
  if (vnd === 0) return lang === 'vi' ? 'Miễn phí' : 'Free';
  return `${formatNumber(vnd, lang)} ₫`;
}

/**
 * 1234567.5 → "1.234.567,5" in Vietnamese (dots group thousands, a comma marks decimals) and
 * "1,234,567.5" in English; at most 2 decimal places. The page's language unless one is given.
 */
export function formatNumber(n: number, lang: Lang = currentLang()): string {
  const [group, point] = lang === 'en' ? [',', '.'] : ['.', ','];
  const sign = n < 0 ? '-' : '';
  const [whole, decimals] = Math.abs(Math.round(n * 100) / 100).toString().split('.');
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, group);
  return sign + grouped + (decimals ? `${point}${decimals}` : '');
}

/** A procedure's form field, as much of it as formatting needs. */
interface FieldShape {
  name: string;
  type: string;
  options?: string[] | undefined;
  optionsEn?: string[] | undefined;
}

/** A form field's label in the UI language: the English one when the catalogue has it, else the Vietnamese. */
export function fieldLabel(field: { label: string; labelEn?: string | undefined }, lang: 'vi' | 'en'): string {
  return lang === 'en' && field.labelEn ? field.labelEn : field.label;
}

/** A select option's label in the UI language; the value itself (what the dossier stores) stays Vietnamese. */
export function optionLabel(field: { options?: string[] | undefined; optionsEn?: string[] | undefined }, value: string, lang: 'vi' | 'en'): string {
  if (lang !== 'en') return value;
  const i = field.options?.indexOf(value) ?? -1;
  return (i >= 0 && field.optionsEn?.[i]) || value;
}

/**
 * A value the applicant typed, as people read it: a date field's value as dd/MM/yyyy, a number grouped,
 * and a number field whose name ends in "Vnd" (capitalVnd, the catalogue's convention for amounts) in đồng.
 */
export function formatFormValue(field: FieldShape | undefined, value: unknown, lang: 'vi' | 'en' = 'vi'): string {
  if (value === undefined || value === null || value === '') return '—';
  if (field?.type === 'select' && typeof value === 'string') return optionLabel(field, value, lang);
  if (typeof value === 'number') return field && /Vnd$/.test(field.name) ? `${formatNumber(value)} ₫` : formatNumber(value);
  if (field?.type === 'date' && typeof value === 'string') return formatDate(value);
  if (field?.type === 'number' && typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return formatFormValue(field, Number(value));
  return String(value);
}

/** Working minutes as days and hours of an 8-hour working day: "1 ngày 3 giờ". */
export function formatWorkingTime(minutes: number, lang: 'vi' | 'en'): string {
  const m = Math.abs(Math.round(minutes));
  const days = Math.floor(m / 480);
  const hours = Math.floor((m % 480) / 60);
  const mins = m % 60;
  const out: string[] = [];
  if (days) out.push(lang === 'vi' ? `${days} ngày` : `${days} d`);
  if (hours) out.push(lang === 'vi' ? `${hours} giờ` : `${hours} h`);
  if (!days && mins) out.push(lang === 'vi' ? `${mins} phút` : `${mins} min`);
  return out.join(' ') || (lang === 'vi' ? '0 phút' : '0 min');
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1).replace('.', ',')} MB`;
}
