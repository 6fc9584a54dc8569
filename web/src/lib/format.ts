/** Dates as dd/MM/yyyy HH:mm in Asia/Ho_Chi_Minh, whatever the device's time zone; money in đồng. */
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

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
  const p = fields(iso);
  return `${p.day}/${p.month}/${p.year}`;
}

export function formatMoney(vnd: number | null | undefined, lang: 'vi' | 'en'): string {
  if (vnd === null || vnd === undefined) return lang === 'vi' ? 'Tuỳ trường hợp' : 'Depends on the case';
  if (vnd === 0) return lang === 'vi' ? 'Miễn phí' : 'Free';
  return `${vnd.toLocaleString('vi-VN')} đ`;
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
