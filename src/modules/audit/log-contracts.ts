/**
 * Answers of the audit log search. Apart from ./contracts.ts, which the web imports at run time (pure
 * data, no zod in the bundle); the web takes only types from here.
 */
import { z } from 'zod';

/** One entry of the audit log as the administrator searches it. */
export const AuditItem = z.object({
  seq: z.number().int(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorRole: z.string().nullable(),
  actorOrgId: z.string().nullable(),
  action: z.string(),
  subjectType: z.string(),
  subjectId: z.string(),
  orgId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  requestId: z.string().nullable(),
  actorUsername: z.string().nullable().describe("The actor's username today (not part of the hashed entry, which names the user by id)"),
  hash: z.string(),
});
export type AuditItem = z.infer<typeof AuditItem>;
export const AuditPage = z.object({ page: z.number().int(), pageSize: z.number().int(), hasMore: z.boolean(), items: z.array(AuditItem) });
export type AuditPage = z.infer<typeof AuditPage>;
