/**
 * Limits on the values of a procedure's form, kept as data on each field definition (issue 12):
 * numbers within `min`..`max` (by default no negative number: amounts, areas, counts), dates not after
 * today when `notFuture` (a birth, a death) and real calendar dates. `today` is the local date from
 * the service's clock, so this stays pure.
 */
import type { FieldIssue } from '../../../kernel/errors.ts';
import { parseIsoDate } from '../../calendar/domain/local-time.ts';

export interface FormFieldLimits {
  /** Smallest number accepted; 0 when absent (amounts, areas and counts are never negative). */
  min?: number;
  max?: number;
  /** A date that cannot lie ahead: a birth, a death, an event that happened. */
  notFuture?: boolean;
}

/** Numbers have no lower limit only when the field says so with an explicit negative `min`. */
export const DEFAULT_NUMBER_MIN = 0;

export function numberLimitIssue(field: FormFieldLimits, value: number, path: string): FieldIssue | null {
  const min = field.min ?? DEFAULT_NUMBER_MIN;
  if (value < min) return { path, message: { vi: `Không được nhỏ hơn ${min}`, en: `Must be at least ${min}` } };
  if (field.max !== undefined && value > field.max) return { path, message: { vi: `Không được lớn hơn ${field.max}`, en: `Must be at most ${field.max}` } };
  return null;
}

/** `value` is already shaped YYYY-MM-DD; `today` is the local date YYYY-MM-DD. */
export function dateLimitIssue(field: FormFieldLimits, value: string, today: string, path: string): FieldIssue | null {
  if (parseIsoDate(value) === null) return { path, message: { vi: 'Ngày không tồn tại', en: 'No such date' } };
  if (field.notFuture && value > today) return { path, message: { vi: 'Không được là ngày trong tương lai', en: 'Must not be in the future' } };
  return null;
}
