import { useI18n } from '../lib/i18n.tsx';
import { formatWorkingTime } from '../lib/format.ts';
import type { DossierItem } from '../lib/types.ts';

/**
 * Where an open dossier stands, as the server says (`clock`, from the one rule in
 * src/modules/dossiers/domain/timeliness.ts): late in red, due within one working day in amber, paused
 * while waiting for the applicant. A dossier paused after its due time stays late; nothing is decided here.
 */
export function TimeLeft({ item }: { item: Pick<DossierItem, 'clock' | 'workingMinutesLeft'> }) {
  const { t, lang } = useI18n();
  const left = item.workingMinutesLeft;
  switch (item.clock) {
    case 'paused':
      return <span className="muted">{t('desk.paused')}</span>;
    case 'late':
      // Waiting for a supplement (its clock stopped), the time late is not counted on.
      return <span className="late">⚠ {left === null ? t('desk.latePaused') : t('desk.lateBy', { t: formatWorkingTime(left, lang) })}</span>;
    case 'due_soon':
    case 'on_time':
      if (left === null) return <span className="muted">—</span>;
      return <span className={item.clock === 'due_soon' ? 'soon' : ''}>{item.clock === 'due_soon' ? '⏰ ' : ''}{t('desk.leftTime', { t: formatWorkingTime(left, lang) })}</span>;
    default:
      return <span className="muted">—</span>;
  }
}
