import { DueAnswer, DueQuery, OrgQuery, YearParams, YearSchedule, YearScheduleBody } from './contracts.ts';
import { dueOf, resolveCalendarOrg, setYearSchedule } from './calendars.ts';
import { defineRoute } from '../../platform/http/route.ts';

export const calendarRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/calendar/:year',
    summary: "A year's days off and compensatory working days (national, or an organisation's)",
    tag: 'calendar',
    access: 'public',
    response: YearSchedule,
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
    response: DueAnswer,
    query: DueQuery,
    handler: async ({ query, ctx }) => dueOf(ctx, query),
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/calendar/:year',
    summary: "Enter a year's announced schedule: the national one (city-level administrator) or an organisation's own (its administrator)",
    tag: 'calendar',
    access: ['admin'],
    response: YearSchedule,
    params: YearParams,
    body: YearScheduleBody,
    handler: async ({ params, body, user, ctx }) => setYearSchedule(ctx, user!, params.year, body),
  }),
];
