import { DueQuery, OrgQuery, YearParams, YearScheduleBody } from '../../contracts/calendar.ts';
import { computeDue, parseDuration } from '../../domain/calendar/deadlines.ts';
import { formatVietnamIso, parseIsoDate } from '../../domain/calendar/local-time.ts';
import { DomainError, errors } from '../../domain/errors.ts';
import { json } from '../../store/db.ts';
import { NATIONAL_SCOPE } from '../../services/calendars.ts';
import { recordAudit } from '../../services/audit.ts';
import type { AppContext } from '../../services/context.ts';
import { defineRoute } from '../route.ts';

async function resolveOrg(ctx: AppContext, ref: string | undefined): Promise<string | null> {
  if (!ref) return null;
  const org = (await ctx.orgs.findByEid(ref)) ?? (await ctx.orgs.find(ref));
  if (!org) throw errors.notFound('organisation', ref);
  return org.id;
}

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
      const calendar = await ctx.calendars.forOrg(await resolveOrg(ctx, query.org));
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
      const duration = parseDuration(query.duration)!;
      const calendar = await ctx.calendars.forOrg(await resolveOrg(ctx, query.org));
      const due = computeDue(calendar, new Date(query.start), duration);
      return { start: formatVietnamIso(new Date(query.start)), duration, due: formatVietnamIso(due) };
    },
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/calendar/:year',
    summary: "Enter a year's announced schedule (administrator)",
    tag: 'calendar',
    access: ['admin'],
    params: YearParams,
    body: YearScheduleBody,
    handler: async ({ params, body, user, ctx }) => {
      const bad = [...body.daysOff.map((d, i) => ['daysOff', i, d] as const), ...body.workingDays.map((d, i) => ['workingDays', i, d] as const)].filter(
        ([, , d]) => parseIsoDate(d.date) === null || !d.date.startsWith(String(params.year)),
      );
      if (bad.length > 0) {
        throw new DomainError(
          'validation-failed',
          422,
          { vi: 'Ngày không thuộc năm đã chọn hoặc không tồn tại.', en: 'A date is not in the chosen year or does not exist.' },
          bad.map(([list, i]) => ({ path: `${list}.${i}.date`, message: { vi: `Phải là một ngày của năm ${params.year}`, en: `Must be a date in ${params.year}` } })),
        );
      }
      const overlap = body.daysOff.find((d) => body.workingDays.some((w) => w.date === d.date));
      if (overlap) {
        throw new DomainError('validation-failed', 422, { vi: `Ngày ${overlap.date} vừa là ngày nghỉ vừa là ngày làm bù.`, en: `${overlap.date} is both a day off and a working day.` });
      }
      const scope = (await resolveOrg(ctx, body.org)) ?? NATIONAL_SCOPE;
      const values = { days_off: json(body.daysOff), working_days: json(body.workingDays), source: 'official' as const, note: body.note ?? null, updated_at: ctx.clock() };
      await ctx.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('calendar_years')
          .values({ scope, year: params.year, ...values })
          .onConflict((oc) => oc.columns(['scope', 'year']).doUpdateSet(values))
          .execute();
        const national = scope === NATIONAL_SCOPE;
        await recordAudit(trx, ctx, user, {
          action: 'calendar.year.set',
          subjectType: 'calendar',
          subjectId: `${national ? 'national' : scope}/${params.year}`,
          orgId: national ? null : scope,
          details: { year: params.year, scope, daysOff: body.daysOff, workingDays: body.workingDays, note: body.note ?? null },
        });
      });
      ctx.calendars.invalidate();
      const calendar = await ctx.calendars.forOrg(scope === NATIONAL_SCOPE ? null : scope);
      return calendar.yearSchedule(params.year);
    },
  }),
];
