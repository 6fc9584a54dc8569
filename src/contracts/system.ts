/** Answers of the small routes: health, organisations, identity cards, imports, the outbox. */
import { z } from 'zod';
import { Instant } from './common.ts';

export const Health = z.object({ status: z.literal('ok'), version: z.string(), time: Instant });
export const OpenApiDocument = z.looseObject({ openapi: z.string(), info: z.record(z.string(), z.unknown()), paths: z.record(z.string(), z.unknown()) }).describe('This document');

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

/** What the QR code of a chip citizen ID card says. */
export const CitizenCard = z.object({
  idNumber: z.string(),
  oldIdNumber: z.string().nullable(),
  fullName: z.string().describe('As printed, upper-case'),
  fullNameTitle: z.string().describe('Title case, for forms'),
  birthDate: z.string(),
  sex: z.enum(['male', 'female']),
  address: z.string(),
  issueDate: z.string().nullable(),
  birthProvinceCode: z.string(),
});

export const ImportReport = z.object({
  lines: z.number().int(),
  imported: z.number().int(),
  skipped: z.number().int(),
  errors: z.array(z.object({ line: z.number().int(), code: z.string().optional(), message: z.string() })),
});

export const OutboxMessage = z.object({
  id: z.string(),
  topic: z.string(),
  payloadRef: z.object({ messageId: z.string(), topic: z.string() }).describe('A reference to the payload, never the payload'),
  status: z.enum(['pending', 'failed', 'delivered', 'dead']),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: Instant,
  nextAttemptAt: Instant.nullable(),
  claimedAt: Instant.nullable(),
  deliveredAt: Instant.nullable(),
  deadAt: Instant.nullable(),
});
export const OutboxPage = z.object({ status: z.enum(['pending', 'failed', 'delivered', 'dead']), page: z.number().int(), hasMore: z.boolean(), items: z.array(OutboxMessage) });
export const OutboxRetried = z.object({ id: z.string(), status: z.literal('pending'), nextAttemptAt: Instant });
