import { useI18n } from '../lib/i18n.tsx';
import { formatWorkingTime } from '../lib/format.ts';
import type { DossierItem } from '../lib/types.ts';

/** Working time left before the due time: late in red, within one working day in amber, paused when waiting for the applicant. */
export function TimeLeft({ item }: { item: Pick<DossierItem, 'workingMinutesLeft' | 'dueSoon' | 'overdue' | 'finishedAt' | 'status'> }) {
  const { t, lang } = useI18n();
  if (item.finishedAt) return <span className="muted">—</span>;
  if (item.status === 'awaiting_supplement') return <span className="muted">{t('desk.paused')}</span>;
  if (item.workingMinutesLeft === null) return <span className="muted">—</span>;
  if (item.overdue || item.workingMinutesLeft < 0) return <span className="late">⚠ {t('desk.lateBy', { t: formatWorkingTime(item.workingMinutesLeft, lang) })}</span>;
  // The threshold is the server's (isDueSoon in src/modules/dossiers/dossiers.ts), not repeated here.
  const soon = item.dueSoon;
  return <span className={soon ? 'soon' : ''}>{soon ? '⏰ ' : ''}{t('desk.leftTime', { t: formatWorkingTime(item.workingMinutesLeft, lang) })}</span>;
}
