import { z } from 'zod';
import { IsoInstant } from '../../kernel/contracts.ts';

const Day = z.strictObject({ date: z.iso.date(), name: z.string().trim().min(1).max(200) });

export const YearParams = z.strictObject({ year: z.coerce.number().int().min(1900).max(2200) });
export const OrgQuery = z.strictObject({ org: z.string().max(64).optional().describe('Agency e-ID or organisation id') });

export const YearScheduleBody = z.strictObject({
  daysOff: z.array(Day).max(60),
  workingDays: z.array(Day).max(20),
  note: z.string().max(1000).optional(),
  org: z.string().max(64).optional().describe('Organisation id for a local schedule; national when absent'),
});

export const DueQuery = z.strictObject({
  start: IsoInstant,
  duration: z.string().regex(/^\d+(\.\d+)?(wd|wh|d|m)$/i, 'e.g. 15wd, 4wh, 30d, 2m'),
  org: z.string().max(64).optional(),
});

// ---- Answers

/** A year's schedule: days off and compensatory working days, and where it comes from. */
export const YearSchedule = z.object({
  year: z.number().int(),
  daysOff: z.array(z.object({ date: z.string(), name: z.string() })),
  workingDays: z.array(z.object({ date: z.string(), name: z.string() })),
  source: z.enum(['official', 'derived']).describe("'official': entered from the government's announcement; 'derived': computed here"),
  note: z.string().optional(),
});
export const DueAnswer = z.object({
  start: z.string(),
  duration: z.object({ value: z.number(), unit: z.enum(['working_days', 'working_hours', 'calendar_days', 'months']) }),
  due: z.string(),
});
