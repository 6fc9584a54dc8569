/** Officers' and administrators' work on people's accounts (services/accounts.ts says who may do what). */
import { z } from 'zod';
import { AccountLookupQuery, AccountParams, IdBindingMove } from './contracts.ts';
import { findCitizenAccount, issuePasswordReset, moveIdBinding, setAccountActive, unlockAccount } from './accounts.ts';
import { defineRoute } from '../../platform/http/route.ts';

export const accountRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/accounts',
    summary: 'Find a citizen’s account by username or ID number (reception, city-level administrator), to reset a password or move an ID number',
    tag: 'accounts',
    access: ['reception', 'admin'],
    query: AccountLookupQuery,
    handler: async ({ query, user, ctx }) => findCitizenAccount(ctx, user!, query),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/accounts/id-binding',
    summary: 'Move an ID number to the account of the person whose card was checked at the counter (reception); recorded',
    tag: 'accounts',
    access: ['reception'],
    body: IdBindingMove,
    handler: async ({ body, user, ctx }) => moveIdBinding(ctx, user!, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/accounts/:id/password-reset',
    summary: 'Issue a single-use password reset link for a verified person (reception for citizens; administrators in scope); the link is returned once and queued in the outbox',
    tag: 'accounts',
    access: ['reception', 'admin'],
    params: AccountParams,
    body: z.strictObject({}).optional(),
    success: { status: 201, description: 'Link issued' },
    handler: async ({ params, user, ctx, reply }) => {
      reply.code(201);
      return issuePasswordReset(ctx, user!, params.id);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/accounts/:id/deactivate',
    summary: 'Deactivate an account: its sessions end, sign-in is refused (administrator: officers in scope; citizens, city level)',
    tag: 'accounts',
    access: ['admin'],
    params: AccountParams,
    body: z.strictObject({}).optional(),
    handler: async ({ params, user, ctx }) => setAccountActive(ctx, user!, params.id, false),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/accounts/:id/activate',
    summary: 'Reactivate an account (administrator, same scope as deactivation)',
    tag: 'accounts',
    access: ['admin'],
    params: AccountParams,
    body: z.strictObject({}).optional(),
    handler: async ({ params, user, ctx }) => setAccountActive(ctx, user!, params.id, true),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/accounts/:id/unlock',
    summary: 'Clear an account’s failed sign-in count and lock (administrator, same scope as deactivation)',
    tag: 'accounts',
    access: ['admin'],
    params: AccountParams,
    body: z.strictObject({}).optional(),
    handler: async ({ params, user, ctx }) => unlockAccount(ctx, user!, params.id),
  }),
];
