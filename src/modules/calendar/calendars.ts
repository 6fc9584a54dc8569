/**
 * Builds each organisation's WorkingCalendar from the database: weekly hours and cut-off inherited
 * down the tree (a ward without its own hours uses the province's), and yearly schedules where an
 * organisation's own entry overrides the national one.
 */
import { recordAudit } from '../audit/audit.ts';
import type { Database } from '../../platform/db/db.ts';
import { DEFAULT_WEEKLY_HOURS, WorkingCalendar, parsePeriods, type Period } from './domain/working-calendar.ts';
import type { YearSchedule } from './domain/holidays.ts';
import type { OrganisationDirectory } from '../organisations/directory.ts';
import type { AppContext } from '../../context.ts';
import type { SessionUser } from '../identity/auth.ts';
import type { z } from 'zod';
import type { DueQuery, YearScheduleBody } from './contracts.ts';
import { formatVietnamIso, parseIsoDate } from './domain/local-time.ts';
import { computeDue, MAX_DURATION, parseDuration, withinMaxDuration } from './domain/deadlines.ts';
import { DomainError, errors } from '../../kernel/errors.ts';
import { json } from '../../platform/db/db.ts';
import { requireCityLevel, requireScope } from '../organisations/scope.ts';

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

/**
 * Enters a year's announced schedule: the national one (no organisation) or an organisation's own,
 * which overrides the national one for that year. The national calendar is shared by the whole city:
 * only a city-level administrator changes it; an organisation's, only an administrator covering it.
 */
export async function setYearSchedule(ctx: AppContext, user: SessionUser, year: number, body: z.infer<typeof YearScheduleBody>) {
  const orgId = await resolveCalendarOrg(ctx, body.org);
  if (orgId === null) await requireCityLevel(ctx, user);
  else await requireScope(ctx, user, orgId);
  const bad = [...body.daysOff.map((d, i) => ['daysOff', i, d] as const), ...body.workingDays.map((d, i) => ['workingDays', i, d] as const)].filter(
    ([, , d]) => parseIsoDate(d.date) === null || !d.date.startsWith(String(year)),
  );
  if (bad.length > 0) {
    throw new DomainError(
      'validation-failed',
      422,
      { vi: 'Ngày không thuộc năm đã chọn hoặc không tồn tại.', en: 'A date is not in the chosen year or does not exist.' },
      bad.map(([list, i]) => ({ path: `${list}.${i}.date`, message: { vi: `Phải là một ngày của năm ${year}`, en: `Must be a date in ${year}` } })),
    );
  }
  const overlap = body.daysOff.find((d) => body.workingDays.some((w) => w.date === d.date));
  if (overlap) {
    throw new DomainError('validation-failed', 422, { vi: `Ngày ${overlap.date} vừa là ngày nghỉ vừa là ngày làm bù.`, en: `${overlap.date} is both a day off and a working day.` });
  }
  const scope = orgId ?? NATIONAL_SCOPE;
  const values = { days_off: json(body.daysOff), working_days: json(body.workingDays), source: 'official' as const, note: body.note ?? null, updated_at: ctx.clock() };
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('calendar_years')
      .values({ scope, year, ...values })
      .onConflict((oc) => oc.columns(['scope', 'year']).doUpdateSet(values))
      .execute();
    await recordAudit(trx, ctx, user, {
      action: 'calendar.year.set',
      subjectType: 'calendar',
      subjectId: `${orgId === null ? 'national' : scope}/${year}`,
      orgId,
      details: { year, scope, daysOff: body.daysOff, workingDays: body.workingDays, note: body.note ?? null },
    });
  });
  ctx.calendars.invalidate();
  return (await ctx.calendars.forOrg(orgId)).yearSchedule(year);
}

/** An organisation named by agency e-ID or id; null for none (the national calendar). */
export async function resolveCalendarOrg(ctx: AppContext, ref: string | undefined): Promise<string | null> {
  if (!ref) return null;
  const org = (await ctx.orgs.findByEid(ref)) ?? (await ctx.orgs.find(ref));
  if (!org) throw errors.notFound('organisation', ref);
  return org.id;
}

/**
 * The due instant of a duration (15wd, 4wh, 30d, 2m) from a start instant, on the national calendar or an
 * organisation's: what GET /api/calendar-due answers. A duration past the longest the law uses is refused.
 */
export async function dueOf(ctx: AppContext, query: z.infer<typeof DueQuery>) {
  const duration = parseDuration(query.duration);
  if (!duration || !withinMaxDuration(duration)) {
    const max = Object.entries(MAX_DURATION).map(([unit, n]) => `${n}${({ working_days: 'wd', working_hours: 'wh', calendar_days: 'd', months: 'm' } as Record<string, string>)[unit]}`).join(', ');
    throw new DomainError('duration-too-long', 422, { vi: `Thời hạn quá dài (tối đa ${max}).`, en: `The duration is too long (at most ${max}).` }, [
      { path: 'duration', message: { vi: `Tối đa ${max}`, en: `At most ${max}` } },
    ]);
  }
  const calendar = await ctx.calendars.forOrg(await resolveCalendarOrg(ctx, query.org));
  const due = computeDue(calendar, new Date(query.start), duration);
  return { start: formatVietnamIso(new Date(query.start)), duration, due: formatVietnamIso(due) };
}
