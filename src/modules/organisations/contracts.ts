/** Answers of the organisations routes. */
import { z } from 'zod';

/** The public organisation tree. */
export const OrganisationItem = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  name: z.string(),
  shortName: z.string().nullable(),
  kind: z.string(),
  agencyEid: z.string().nullable(),
  address: z.string().nullable(),
  phone: z.string().nullable(),
  isDemo: z.boolean(),
  workingHours: z.object({ weeklyHours: z.array(z.string()).optional(), cutoff: z.string().nullable().optional() }).describe('The organisation\'s own hours and cut-off; absent ones are inherited'),
});
export type OrganisationItem = z.infer<typeof OrganisationItem>;
export const OrganisationList = z.object({ items: z.array(OrganisationItem) });
