import { pick, useI18n } from '../lib/i18n.tsx';
import { formatDateTime } from '../lib/format.ts';
import type { Label } from '../lib/types.ts';

export interface TimelineEntry {
  action: string;
  label: Label;
  at: string;
  who?: string | null;
  detail?: string | null;
}

/** A dossier's history in plain words, newest last, as an ordered list. */
export function Timeline({ entries }: { entries: TimelineEntry[] }) {
  const { lang } = useI18n();
  return (
    <ol className="timeline">
      {entries.map((e, i) => (
        <li key={i} className={`tl-${e.action}`}>
          <time dateTime={e.at}>{formatDateTime(e.at)}</time>
          <strong>{pick(e.label, lang)}</strong>
          {e.who ? <span className="muted"> — {e.who}</span> : null}
          {e.detail ? <p className="tl-detail">{e.detail}</p> : null}
        </li>
      ))}
    </ol>
  );
}

/** The words a citizen needs from an action's payload: the reason, the new appointment, the note. */
export function payloadDetail(payload: Record<string, unknown>, lang: 'vi' | 'en'): string | null {
  const parts: string[] = [];
  if (typeof payload.reason === 'string') parts.push(payload.reason);
  if (Array.isArray(payload.items)) {
    for (const it of payload.items as Array<{ name?: string; reason?: string }>) parts.push(`• ${it.name ?? ''}${it.reason ? `: ${it.reason}` : ''}`);
  }
  if (typeof payload.newAppointmentAt === 'string') parts.push(`${lang === 'vi' ? 'Hẹn mới' : 'New appointment'}: ${formatDateTime(payload.newAppointmentAt)}`);
  // A result returned by public post (the carrier reported it delivered): say so, with the tracking number.
  if (payload.channel === 'post' && typeof payload.postalTrackingCode === 'string') parts.push(`${lang === 'vi' ? 'Qua bưu chính công ích, mã vận đơn' : 'By public post, tracking number'} ${payload.postalTrackingCode}`);
  if (typeof payload.note === 'string' && payload.note) parts.push(payload.note);
  if (typeof payload.comment === 'string' && payload.comment) parts.push(payload.comment);
  return parts.length ? parts.join('\n') : null;
}
