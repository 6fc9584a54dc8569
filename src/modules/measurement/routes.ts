import { z } from 'zod';
import { Period } from '../../kernel/contracts.ts';
import { defineRoute } from '../../platform/http/route.ts';
import { requireScope } from '../organisations/scope.ts';
import { kpis } from './stats.ts';
import { index766 } from './index766.ts';
import { dayNumberOf, isoDate } from '../calendar/domain/local-time.ts';
import { Index766Report, KpiReport } from './contracts.ts';
import { forReading, type AppContext } from '../../context.ts';
import { replicaLagSeconds } from '../../platform/db/replica.ts';

/** Reports read the replica when there is one, and then say how far behind it is. */
const staleness = async (ctx: AppContext): Promise<{ replicaLagSeconds?: number | null }> =>
  ctx.readDb === ctx.db ? {} : { replicaLagSeconds: await replicaLagSeconds(ctx.readDb) };

export const statsRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/stats/kpis',
    summary: 'KPIs of an organisation subtree for a period, from the counters: received by channel, finished early / on time / late, handling time, rates, satisfaction; open dossiers now',
    tag: 'stats',
    access: ['reception', 'specialist', 'leader', 'manager', 'admin'],
    response: KpiReport,
    query: z.strictObject({
      org: z.string().min(1).max(64).optional().describe('Organisation id; defaults to your own'),
      from: z.iso.date().optional().describe('Inclusive; defaults to the first day of this month'),
      to: z.iso.date().optional().describe('Inclusive; defaults to today'),
      groupBy: z.enum(['none', 'org', 'procedure', 'field', 'channel', 'month', 'day']).default('none').describe('field: the dossier\'s field when received; channel: online, counter or post'),
    }),
    handler: async ({ query, user, ctx }) => {
      const orgId = query.org ?? user!.orgId!;
      await requireScope(ctx, user!, orgId);
      const today = isoDate(dayNumberOf(ctx.clock()));
      const report = await kpis(forReading(ctx), { orgId, from: query.from ?? `${today.slice(0, 8)}01`, to: query.to ?? today, groupBy: query.groupBy });
      return { ...report, ...(await staleness(ctx)) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/stats/index766',
    summary: 'The 766 real-time service index of an organisation subtree for a period, every criterion with numerator, denominator and score; the city plan targets beside the figures',
    tag: 'stats',
    access: ['reception', 'specialist', 'leader', 'manager', 'admin'],
    response: Index766Report,
    query: z.strictObject({
      org: z.string().min(1).max(64).optional().describe('Organisation id; defaults to your own'),
      period: Period.optional().describe('Defaults to this month'),
    }),
    handler: async ({ query, user, ctx }) => {
      const orgId = query.org ?? user!.orgId!;
      await requireScope(ctx, user!, orgId);
      const report = await index766(forReading(ctx), orgId, query.period ?? isoDate(dayNumberOf(ctx.clock())).slice(0, 7));
      return { ...report, ...(await staleness(ctx)) };
    },
  }),
];
