import { z } from 'zod';

import { DomainError } from '../../kernel/errors.ts';
import { defineRoute } from '../../platform/http/route.ts';
import { parsePart } from '../../platform/http/problem.ts';
import { isStaff, recordAudit } from '../audit/audit.ts';
import {
  FeedbackActionBodies, FeedbackActionParams, FeedbackAssignees, FeedbackCodeParams, FeedbackCreated, FeedbackIdParams, FeedbackKpiQuery, FeedbackKpis, FeedbackList, FeedbackListQuery, FeedbackView,
  OtpIssued, OtpRequest, PublicFeedbackList, PublicFeedbackQuery, SenderActionRequest, SenderLookupQuery, SubmitFeedbackRequest,
} from './contracts.ts';
import { FEEDBACK_ACTIONS, type FeedbackAction, type FeedbackCommand } from './domain/types.ts';
import { requestOtp, submitFeedback } from './intake.ts';
import { feedbackAssignees, performFeedbackAction } from './actions.ts';
import { getFeedback } from './view.ts';
import { feedbackKpis, listFeedback, publicFeedback } from './queries.ts';
import type { FastifyRequest } from 'fastify';

const IfMatch = z.string().regex(/^(W\/)?"\d{1,10}"$/, 'an entity tag such as "7" (the feedback version)');

/**
 * Intake is public (anonymous senders), so the server's cross-site check for cookie sessions, which it
 * applies to signed-in routes only, is made here: a signed-in citizen's cookie must not send feedback
 * in their name from another site.
 */
function refuseCrossSite(request: FastifyRequest) {
  if (request.headers.authorization) return;
  const origin = request.headers.origin;
  let cross = request.headers['sec-fetch-site'] === 'cross-site';
  if (origin) {
    try {
      cross = new URL(origin).host !== request.headers.host;
    } catch {
      cross = true;
    }
  }
  if (cross) throw new DomainError('cross-site-request', 403, { vi: 'Yêu cầu từ trang khác bị từ chối.', en: 'Cross-site request refused.' });
}

const STAFF = ['reception', 'specialist', 'leader', 'manager'] as const;

export const feedbackRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/feedback/otp',
    summary: 'Send a one-time code to a phone number or e-mail, for anonymous feedback (at most 5 an hour per contact; the code expires after 10 minutes)',
    tag: 'feedback',
    access: 'public',
    body: OtpRequest,
    response: OtpIssued,
    success: { status: 201, description: 'Code queued; the notifications module sends it by SMS or e-mail' },
    problems: [429],
    handler: async ({ body, ctx, reply }) => {
      reply.code(201);
      return requestOtp(ctx, body);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/feedback',
    summary: 'Send feedback (PAKN): a signed-in citizen; anonymous with a verified one-time code (sender and otp); or an officer at the counter for the person (sender). A sender without an account gets a secret to follow it.',
    tag: 'feedback',
    access: 'public',
    body: SubmitFeedbackRequest,
    response: FeedbackCreated,
    success: { status: 201, description: 'Received' },
    problems: [403, 429],
    handler: async ({ body, user, ctx, request, reply }) => {
      if (user) refuseCrossSite(request);
      const created = await submitFeedback(ctx, user, body);
      reply.code(201).header('location', `/api/feedback/${created.id}`).header('etag', `"${created.version}"`);
      return created;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/feedback',
    summary: "A citizen's own feedback, or a unit's (subtree) with due-soon and late filters; managers and administrators read it",
    tag: 'feedback',
    // Administrators read their subtree's list too (read-only: they take no action on an item).
    access: ['citizen', ...STAFF, 'admin'],
    query: FeedbackListQuery,
    response: FeedbackList,
    handler: async ({ query, user, ctx }) => listFeedback(ctx, user!, query),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/feedback/kpis',
    summary: 'Feedback KPIs per unit of a subtree for a period: received, handled, on time, late, average working days',
    tag: 'feedback',
    access: STAFF,
    query: FeedbackKpiQuery,
    response: FeedbackKpis,
    handler: async ({ query, user, ctx }) => feedbackKpis(ctx, user!, query),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/feedback/:id',
    summary: 'One feedback item (by id or code) with its log and the actions the caller may take',
    tag: 'feedback',
    access: 'user',
    params: FeedbackIdParams,
    response: FeedbackView,
    handler: async ({ params, user, ctx, reply }) => {
      const view = await getFeedback(ctx, user, params.id);
      if (isStaff(user)) await recordAudit(ctx.db, ctx, user, { action: 'feedback.view', subjectType: 'feedback', subjectId: view.code, orgId: view.org.id });
      reply.header('etag', `"${view.version}"`);
      return view;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/feedback/:id/assignees',
    summary: "The officers the item may be assigned to: reception, specialists and leaders of its unit subtree (for the leader's picker)",
    tag: 'feedback',
    access: ['reception', 'specialist', 'leader'],
    params: FeedbackIdParams,
    response: FeedbackAssignees,
    problems: [404],
    handler: async ({ params, user, ctx }) => feedbackAssignees(ctx, user!, params.id),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/feedback/:id/actions/:action',
    summary: `Act on feedback: ${FEEDBACK_ACTIONS.join(', ')}. If-Match / expectedVersion guard against acting on a version not seen (409).`,
    tag: 'feedback',
    access: 'user',
    params: FeedbackActionParams,
    body: z.record(z.string(), z.unknown()).optional(),
    response: FeedbackView,
    handler: async ({ params, body, user, ctx, request, reply }) => {
      if (!(FEEDBACK_ACTIONS as readonly string[]).includes(params.action)) {
        throw new DomainError('unknown-action', 404, { vi: `Không có thao tác "${params.action}".`, en: `No action "${params.action}".` });
      }
      const action = params.action as FeedbackAction;
      const { expectedVersion: inBody, ...parsed } = parsePart(FeedbackActionBodies[action] as z.ZodType<Record<string, unknown>>, body ?? {}, 'body');
      const header = request.headers['if-match'];
      const fromHeader = header === undefined ? undefined : Number(parsePart(IfMatch, header, 'headers').replace(/^W\//, '').slice(1, -1));
      if (fromHeader !== undefined && inBody !== undefined && fromHeader !== inBody) {
        throw new DomainError('validation-failed', 400, { vi: 'If-Match và expectedVersion khác nhau.', en: 'If-Match and expectedVersion differ.' }, [{ path: 'headers.if-match', message: { vi: 'Phải trùng với expectedVersion', en: 'Must equal expectedVersion' } }]);
      }
      const view = await performFeedbackAction(ctx, user, params.id, { action, ...parsed } as FeedbackCommand, fromHeader ?? (inBody as number | undefined));
      reply.header('etag', `"${view.version}"`);
      return view;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/public/feedback',
    summary: 'Published answers, personal data masked; q searches without accents',
    tag: 'public',
    access: 'public',
    query: PublicFeedbackQuery,
    response: PublicFeedbackList,
    handler: async ({ query, ctx }) => publicFeedback(ctx, query),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/public/feedback/:code',
    summary: 'The sender without an account follows their feedback with the secret given at intake',
    tag: 'public',
    access: 'public',
    params: FeedbackCodeParams,
    query: SenderLookupQuery,
    response: FeedbackView,
    handler: async ({ params, query, ctx }) => getFeedback(ctx, null, params.code, query.secret),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/public/feedback/:code/sender-actions',
    summary: 'The sender without an account answers a request for information, rates the answer or reopens it, with the secret given at intake',
    tag: 'public',
    access: 'public',
    params: FeedbackCodeParams,
    body: SenderActionRequest,
    response: FeedbackView,
    handler: async ({ params, body, ctx }) => {
      const { secret, action } = body;
      const need = action === 'rate' ? 'rating' : action === 'reopen' ? 'reason' : 'content';
      if (body[need] === undefined) throw new DomainError('validation-failed', 422, { vi: 'Dữ liệu không hợp lệ.', en: 'Invalid data.' }, [{ path: `body.${need}`, message: { vi: 'Bắt buộc', en: 'Required' } }]);
      const command = (action === 'rate' ? { action, rating: body.rating! } : action === 'reopen' ? { action, reason: body.reason! } : { action, content: body.content! }) as FeedbackCommand;
      return performFeedbackAction(ctx, null, params.code, command, undefined, secret);
    },
  }),
];
