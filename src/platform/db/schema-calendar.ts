/** Kysely table types of the calendar module (official days off and working days per year); merged into the DB type in schema.ts. */
import type { ColumnType } from 'kysely';

type Json<T> = ColumnType<T, string, string>;
type DefaultedTimestamp = ColumnType<Date, Date | undefined, Date>;

export interface CalendarYearsTable {
  scope: string;
  year: number;
  days_off: Json<Array<{ date: string; name: string }>>;
  working_days: Json<Array<{ date: string; name: string }>>;
  source: 'official' | 'derived';
  note: string | null;
  updated_at: DefaultedTimestamp;
}

export interface CalendarTables {
  calendar_years: CalendarYearsTable;
}
