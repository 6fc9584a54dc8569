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
