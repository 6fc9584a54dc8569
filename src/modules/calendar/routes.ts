import { DueQuery, OrgQuery, YearParams, YearScheduleBody } from './contracts.ts';
import { computeDue, MAX_DURATION, parseDuration, withinMaxDuration } from './domain/deadlines.ts';
import { formatVietnamIso } from './domain/local-time.ts';
import { DomainError } from '../../kernel/errors.ts';
import { resolveCalendarOrg, setYearSchedule } from './calendars.ts';
import { defineRoute } from '../../platform/http/route.ts';

export const calendarRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/calendar/:year',
    summary: "A year's days off and compensatory working days (national, or an organisation's)",
    tag: 'calendar',
    access: 'public',
    params: YearParams,
    query: OrgQuery,
    handler: async ({ params, query, ctx }) => {
      const calendar = await ctx.calendars.forOrg(await resolveCalendarOrg(ctx, query.org));
      return calendar.yearSchedule(params.year);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/calendar-due',
    summary: 'Due instant of a duration (15wd, 4wh, 30d, 2m) from a start instant',
    tag: 'calendar',
    access: 'public',
    query: DueQuery,
    handler: async ({ query, ctx }) => {
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
    },
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/calendar/:year',
    summary: "Enter a year's announced schedule: the national one (city-level administrator) or an organisation's own (its administrator)",
    tag: 'calendar',
    access: ['admin'],
    params: YearParams,
    body: YearScheduleBody,
    handler: async ({ params, body, user, ctx }) => setYearSchedule(ctx, user!, params.year, body),
  }),
];
