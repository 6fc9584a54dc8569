/** Answers of the measurement routes: KPIs and the 766 index for staff, the public figures and open data. */
import { z } from 'zod';
import { Day, Instant } from '../../kernel/contracts.ts';

const Rate = z.number().nullable().describe('0–1; null when there is nothing to divide by');

/** The figures derived from a set of counters (./stats.ts derive). */
const Figures = z.object({
  counters: z.record(z.string(), z.number()).describe('Every counter (metric) summed over the period'),
  finished: z.number(),
  onTimeRate: Rate,
  earlyRate: Rate,
  lateRate: Rate,
  averageHandlingHours: z.number().nullable(),
  supplementRate: Rate,
  rejectionRate: Rate,
  onlineShare: Rate,
  electronicResultShare: Rate,
  satisfaction: z.object({ rated: z.number(), dissatisfied: Rate, satisfied: Rate, verySatisfied: Rate, satisfiedOrBetter: Rate }),
});

/** Received by the rule the register (Form 07) shares: src/modules/dossiers/received.ts. */
const Intake = {
  received: z.number().int().describe('Dossiers submitted in the period, less those refused at intake: the rows of the register (Form 07) for the same unit and period'),
  refusedAtIntake: z.number().int().describe('Dossiers submitted in the period and refused at intake (Form 03): never entered processing, counted apart'),
};

export const KpiReport = z.object({
  org: z.object({ id: z.string(), name: z.string() }),
  /** Present when the figures come from a read replica (DATABASE_READ_URL): seconds it is behind the primary. */
  replicaLagSeconds: z.number().nonnegative().nullable().optional().describe('Seconds the read replica that answered is behind the primary (absent: read from the primary)'),
  from: Day,
  to: Day,
  groupBy: z.enum(['none', 'org', 'procedure', 'field', 'channel', 'month', 'day']),
  total: Figures.extend({
    ...Intake,
    refusalReasons: z.array(z.object({ reason: z.string(), count: z.number().int() })).describe('Reasons of the refusals at intake counted in refusedAtIntake, from the log, most frequent first'),
  }),
  openNow: z.object({ asOf: Instant, within: z.number().int(), overdue: z.number().int(), paused: z.number().int(), waiting: z.number().int() }),
  groups: z.array(Figures.extend({ key: z.string(), name: z.string().nullable(), ...Intake })),
});
export type KpiReport = z.infer<typeof KpiReport>;

const Band766 = z.enum(['excellent', 'good', 'fair', 'weak']);
const Score = z.object({ max: z.number(), score: z.number() });

export const Index766Report = z.object({
  org: z.object({ id: z.string(), name: z.string() }),
  /** Present when the figures come from a read replica (DATABASE_READ_URL): seconds it is behind the primary. */
  replicaLagSeconds: z.number().nonnegative().nullable().optional().describe('Seconds the read replica that answered is behind the primary (absent: read from the primary)'),
  period: z.string(),
  from: Day,
  to: Day,
  asOf: Instant,
  total: z.number(),
  max: z.number(),
  band: Band766,
  groups: z.object({ publicity: Score, progress: Score, online: Score, digitisation: Score, satisfaction: Score, payment: Score }),
  measuredPoints: z.number().describe('Points of criteria scored from data (status measured)'),
  notApplicablePoints: z.number().describe('Points of criteria with nothing to measure, given in full by rule (status not_applicable)'),
  noDataPoints: z.number().describe('Points of criteria motcua has no data source for yet, scored 0 (status no_data); the three add up to max'),
  bands: z.object({ excellent: z.number(), good: z.number(), fair: z.number() }),
  criteria: z.array(
    z.object({
      group: z.enum(['publicity', 'progress', 'online', 'digitisation', 'satisfaction', 'payment']),
      code: z.string(),
      label: z.string(),
      max: z.number(),
      numerator: z.number().nullable(),
      denominator: z.number().nullable(),
      score: z.number(),
      status: z.enum(['measured', 'not_applicable', 'no_data']).describe('measured: a score from data; not_applicable: full marks, `reason` gives the rule; no_data: no data source yet, scored 0, `reason` says which'),
      reason: z.object({ vi: z.string(), en: z.string() }).optional().describe('Present unless measured'),
    }),
  ),
  targets: z.array(z.object({ code: z.string(), label: z.string(), target: z.number(), actual: z.number().nullable(), met: z.boolean().nullable() })),
});
export type Index766Report = z.infer<typeof Index766Report>;

/** One organisation's public figures for a period (aggregated only). */
export const PublicStatsRow = z.object({
  period: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  agencyEid: z.string().nullable(),
  received: z.number().describe('Submitted in the period less those refused at intake: the same figure as the dashboard and the register (Form 07)'),
  refusedAtIntake: z.number().describe('Submitted in the period and refused at intake (Form 03), counted apart'),
  receivedOnline: z.number(),
  finishedEarly: z.number(),
  finishedOnTime: z.number(),
  finishedLate: z.number(),
  onTimeRate: z.number().nullable(),
  rated: z.number(),
  satisfiedOrBetter: z.number().nullable(),
  index766: z.number().nullable().describe('Null when the unit received no dossier in the period'),
  index766MeasuredPoints: z.number().nullable().describe('Of the 100 points, how many are scored from data; null with index766'),
  index766NoDataPoints: z.number().nullable().describe('Of the 100 points, how many have no data source yet (scored 0); null with index766'),
});
export const PublicStats = z.object({
  period: z.string(),
  caveat: z.object({ vi: z.string(), en: z.string() }).describe('What the 766 score does and does not measure yet'),
  items: z.array(PublicStatsRow),
});

/** The open-data catalogue (DCAT-style JSON-LD). */
export const OpenDataCatalogue = z
  .object({
    '@context': z.string(),
    '@type': z.string(),
    'dct:title': z.string(),
    'dct:description': z.string(),
    'dct:language': z.string(),
    'dcat:dataset': z.array(z.record(z.string(), z.unknown())),
  })
  .describe('DCAT catalogue of the open data: one dataset, a CSV and a JSON distribution per period');
