/**
 * Builds each organisation's WorkingCalendar from the database: weekly hours and cut-off inherited
 * down the tree (a ward without its own hours uses the province's), and yearly schedules where an
 * organisation's own entry overrides the national one.
 */
import type { Database } from '../store/db.ts';
import { DEFAULT_WEEKLY_HOURS, WorkingCalendar, parsePeriods, type Period } from '../domain/calendar/working-calendar.ts';
import type { YearSchedule } from '../domain/calendar/holidays.ts';
import type { OrganisationDirectory } from './organisations.ts';

const TTL_MS = 30_000;
export const NATIONAL_SCOPE = 'national';

export class CalendarService {
  private cache = new Map<string, WorkingCalendar>();
  private years: { at: number; rows: Map<string, Record<number, YearSchedule>> } | null = null;

  constructor(
    private readonly db: Database,
    private readonly orgs: OrganisationDirectory,
  ) {}

  invalidate(): void {
    this.cache.clear();
    this.years = null;
  }

  private async yearSchedules(): Promise<Map<string, Record<number, YearSchedule>>> {
    if (this.years && Date.now() - this.years.at < TTL_MS) return this.years.rows;
    const rows = await this.db.selectFrom('calendar_years').selectAll().execute();
    const byScope = new Map<string, Record<number, YearSchedule>>();
    for (const r of rows) {
      const scope = byScope.get(r.scope) ?? {};
      scope[r.year] = { year: r.year, daysOff: r.days_off, workingDays: r.working_days, source: r.source, note: r.note ?? undefined };
      byScope.set(r.scope, scope);
    }
    this.years = { at: Date.now(), rows: byScope };
    this.cache.clear();
    return byScope;
  }

  /** A calendar already built and still fresh, without touching the database (usable in a transaction). */
  peek(orgId: string): WorkingCalendar | undefined {
    if (!this.years || Date.now() - this.years.at >= TTL_MS) return undefined;
    return this.cache.get(orgId);
  }

  /** The national calendar (no organisation), used by the CLI without --org. */
  async national(): Promise<WorkingCalendar> {
    return this.forOrg(null);
  }

  async forOrg(orgId: string | null): Promise<WorkingCalendar> {
    const years = await this.yearSchedules();
    const key = orgId ?? NATIONAL_SCOPE;
    const cached = this.cache.get(key);
    if (cached) return cached;
    let weeklyHours: readonly (readonly Period[])[] = DEFAULT_WEEKLY_HOURS;
    let cutoffMinute: number | null = null;
    const yearSchedules: Record<number, YearSchedule> = { ...years.get(NATIONAL_SCOPE) };
    if (orgId) {
      for (const org of await this.orgs.lineage(orgId)) {
        if (org.calendar.weeklyHours) weeklyHours = org.calendar.weeklyHours.map(parsePeriods);
        if (org.calendar.cutoff !== undefined) {
          cutoffMinute = org.calendar.cutoff === null ? null : parsePeriods(`${org.calendar.cutoff}-24:00`)[0]![0];
        }
        Object.assign(yearSchedules, years.get(org.id));
      }
    }
    const calendar = new WorkingCalendar({ weeklyHours, cutoffMinute, yearSchedules });
    this.cache.set(key, calendar);
    return calendar;
  }

  /**
   * All calendars a dossier needs, loaded up front: the domain is synchronous, and inside a
   * transaction we must not query through another connection (PGlite has only one).
   */
  async preload(orgIds: Iterable<string>): Promise<Map<string, WorkingCalendar>> {
    const map = new Map<string, WorkingCalendar>();
    for (const id of new Set(orgIds)) map.set(id, await this.forOrg(id));
    return map;
  }
}

/** Raised inside a transaction when a calendar was not preloaded; the caller loads it and retries. */
export class CalendarNotLoaded extends Error {
  constructor(readonly orgId: string) {
    super(`calendar of ${orgId} was not preloaded`);
  }
}

export function calendarLookup(map: Map<string, WorkingCalendar>, service?: CalendarService): (orgId: string) => WorkingCalendar {
  return (orgId: string) => {
    const c = map.get(orgId) ?? service?.peek(orgId);
    if (!c) throw new CalendarNotLoaded(orgId);
    return c;
  };
}
