import { z } from 'zod';
import { defineRoute } from '../../platform/http/route.ts';
import { listOutbox, retryOutboxMessage } from './outbox-admin.ts';

export const outboxRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/admin/outbox',
    summary:
      'Outbox messages by status — pending (never tried), failed (waiting for a retry), delivered, dead — newest first, 50 a page, with topic, a reference to the payload (never the payload), attempts and last error (city-level administrator)',
    tag: 'admin',
    access: ['admin'],
    query: z.strictObject({
      status: z.enum(['pending', 'failed', 'delivered', 'dead']).default('pending'),
      page: z.coerce.number().int().min(1).max(10_000).default(1),
    }),
    handler: async ({ query, user, ctx }) => listOutbox(ctx, user!, query.status, query.page),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/admin/outbox/:id/retry',
    summary: 'Put a dead outbox message back to pending with a fresh count of attempts; handlers that already delivered it are not called again (city-level administrator)',
    tag: 'admin',
    access: ['admin'],
    params: z.strictObject({ id: z.string().regex(/^\d{1,18}$/, 'số / a number') }),
    handler: async ({ params, user, ctx }) => retryOutboxMessage(ctx, user!, params.id),
  }),
];
