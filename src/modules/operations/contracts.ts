/** Answers of the outbox routes. */
import { z } from 'zod';
import { Instant } from '../../kernel/contracts.ts';

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
