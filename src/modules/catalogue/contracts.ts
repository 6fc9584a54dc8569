import { z } from 'zod';
import { Paging } from '../../kernel/contracts.ts';

export const ProcedureQuery = z.strictObject({
  q: z.string().max(200).optional().describe('Accent-insensitive words: "dang ky ho kinh doanh"'),
  field: z.string().max(64).optional(),
  level: z.enum(['province', 'commune']).optional(),
  onlineLevel: z.enum(['full', 'partial']).optional(),
  org: z.string().max(64).optional().describe('Only procedures received at this organisation'),
  ...Paging,
});
export type ProcedureQuery = z.infer<typeof ProcedureQuery>;

export const ProcedureCodeParams = z.strictObject({ code: z.string().min(1).max(64) });
