/**
 * Which reminders a dossier calls for at an instant, in WORKING time on its unit's calendar (never
 * wall-clock days: a dossier due Monday 09:00 seen on Friday 16:00 has 1.5 working hours left, not 3 days).
 * Pure: the calendar and the clock are arguments.
 *
 * - share_left: the handling officers, once the working time left is at most `shareLeft` of the whole
 *   (e.g. 25 %);
 * - due_soon: the unit's leaders, once it is due within `dueSoonMinutes` working minutes (one working day, 480);
 * - late: both, once the due instant has passed. A dossier already late calls for `late` only (the
 *   earlier warnings would be noise).
 */
import type { WorkingCalendar } from '../../calendar/domain/working-calendar.ts';

export type Threshold = 'share_left' | 'due_soon' | 'late';
export const THRESHOLDS: readonly Threshold[] = ['share_left', 'due_soon', 'late'];

export interface ReminderSettings {
  /** Share of the working time left that triggers share_left (0 < x < 1). */
  shareLeft: number;
  /** Working minutes before the due instant that trigger due_soon. */
  dueSoonMinutes: number;
}

export const DEFAULT_REMINDER_SETTINGS: ReminderSettings = { shareLeft: 0.25, dueSoonMinutes: 480 };

export interface ReminderCheck {
  thresholds: Threshold[];
  /** Working minutes left (negative once late). */
  minutesLeft: number;
}

export function remindersDue(calendar: WorkingCalendar, start: Date, due: Date, now: Date, settings: ReminderSettings): ReminderCheck {
  if (now.getTime() > due.getTime()) return { thresholds: ['late'], minutesLeft: -calendar.workingMinutesBetween(due, now) };
  const total = calendar.workingMinutesBetween(start, due);
  const left = calendar.workingMinutesBetween(now, due);
  const thresholds: Threshold[] = [];
  if (total > 0 && left <= total * settings.shareLeft) thresholds.push('share_left');
  if (left <= settings.dueSoonMinutes) thresholds.push('due_soon');
  return { thresholds, minutesLeft: left };
}

/** Who is told at a threshold: the handling officers, the unit's leaders, or both. */
export function audienceOf(threshold: Threshold): Array<'handlers' | 'leaders'> {
  return threshold === 'share_left' ? ['handlers'] : threshold === 'due_soon' ? ['leaders'] : ['handlers', 'leaders'];
}

/** "1 ngày 4 giờ" / "1 day 4 h": working time in 8-hour days, as officers count it. */
export function workingTimeText(minutes: number, lang: 'vi' | 'en'): string {
  const m = Math.max(0, Math.round(minutes));
  const days = Math.floor(m / 480);
  const hours = Math.floor((m % 480) / 60);
  const mins = m % 60;
  const parts: string[] = [];
  if (days) parts.push(lang === 'vi' ? `${days} ngày` : `${days} day${days > 1 ? 's' : ''}`);
  if (hours) parts.push(lang === 'vi' ? `${hours} giờ` : `${hours} h`);
  if (mins || parts.length === 0) parts.push(lang === 'vi' ? `${mins} phút` : `${mins} min`);
  return parts.join(' ');
}
