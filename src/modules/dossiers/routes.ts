import { z } from 'zod';
import { ActionBodies, ActionParams, DossierCodeParams, DossierList, DossierListQuery, DossierSummary, DossierView, PublicDossierView, PublicLookupQuery, SubmitDossierRequest } from './contracts.ts';
import { submitDossier } from './submission.ts';
import { performAction } from './actions.ts';
import { getDossier } from './view.ts';
import { dossierSummary, listDossiers } from './lists.ts';
import { publicLookup } from './public-lookup.ts';
import { ACTIONS, type ActionName } from './domain/types.ts';
import { DomainError } from '../../kernel/errors.ts';
import { defineRoute } from '../../platform/http/route.ts';
import { isStaff, recordAudit } from '../audit/audit.ts';
import { parsePart } from '../../platform/http/problem.ts';

const IdempotencyKey = z.string().min(1).max(200).regex(/^[\x21-\x7e]+$/, 'printable ASCII');

/** If-Match carries the dossier version as an entity tag: "7" (a weak W/"7" is taken alike). */
const IfMatch = z.string().regex(/^(W\/)?"\d{1,10}"$/, 'an entity tag such as "7" (the dossier version)');

/** The version the caller saw, from If-Match or the body's expectedVersion (they must agree). */
function expectedVersionOf(header: string | string[] | undefined, body: Record<string, unknown>): number | undefined {
  const fromHeader = header === undefined ? undefined : Number(parsePart(IfMatch, header, 'headers').replace(/^W\//, '').slice(1, -1));
  const fromBody = body.expectedVersion as number | undefined;
  if (fromHeader !== undefined && fromBody !== undefined && fromHeader !== fromBody) {
    throw new DomainError('validation-failed', 400, { vi: 'If-Match và expectedVersion khác nhau.', en: 'If-Match and expectedVersion differ.' }, [
      { path: 'headers.if-match', message: { vi: 'Phải trùng với expectedVersion', en: 'Must equal expectedVersion' } },
    ]);
  }
  return fromHeader ?? fromBody;
}

export const dossierRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/dossiers',
    summary:
      'Submit a dossier online (citizen), or receive one at the counter for the applicant present (reception, channel "counter"; components scanned or paper kept). Honours Idempotency-Key: a retry returns the same dossier.',
    tag: 'dossiers',
    access: ['citizen', 'reception'],
    response: DossierView,
    body: SubmitDossierRequest,
    success: { status: 201, description: 'Created (200 with Idempotent-Replayed: true on a retry)' },
    handler: async ({ body, user, ctx, request, reply }) => {
      const rawKey = request.headers['idempotency-key'];
      const key = rawKey === undefined ? undefined : parsePart(IdempotencyKey, rawKey, 'headers');
      const { dossier, replayed } = await submitDossier(ctx, user!, body, key);
      reply.code(replayed ? 200 : 201);
      if (replayed) reply.header('idempotent-replayed', 'true');
      reply.header('location', `/api/dossiers/${encodeURIComponent(dossier.code)}`);
      return dossier;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/dossiers',
    summary: "A citizen's own dossiers, or an officer's queue (their organisation subtree)",
    tag: 'dossiers',
    access: ['citizen', 'reception', 'specialist', 'leader', 'manager', 'admin'],
    response: DossierList,
    query: DossierListQuery,
    handler: async ({ query, user, ctx }) => {
      const list = await listDossiers(ctx, user!, query);
      // A staff list shows applicants' names: one audit entry per request, with the query, not per row.
      if (isStaff(user)) {
        const orgId = query.org ?? user.orgId;
        await recordAudit(ctx.db, ctx, user, { action: 'dossier.list', subjectType: 'organisation', subjectId: orgId ?? '-', orgId, details: { query: { ...query }, rows: list.items.length } });
      }
      return list;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/dossiers/summary',
    summary: 'Queue counts: dossiers by status, open ones late, and those due within one working day (same scope as the list)',
    tag: 'dossiers',
    access: ['citizen', 'reception', 'specialist', 'leader', 'manager', 'admin'],
    response: DossierSummary,
    query: z.strictObject({ org: DossierListQuery.shape.org }),
    handler: async ({ query, user, ctx }) => dossierSummary(ctx, user!, query.org),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/dossiers/:code',
    summary: 'One dossier with its full history and the actions the caller may take now',
    tag: 'dossiers',
    access: 'user',
    response: DossierView,
    params: DossierCodeParams,
    handler: async ({ params, user, ctx, reply }) => {
      const view = await getDossier(ctx, user!, params.code);
      // Staff reading an applicant's file is audited (ids only); a citizen reading their own is not.
      if (isStaff(user)) await recordAudit(ctx.db, ctx, user, { action: 'dossier.view', subjectType: 'dossier', subjectId: view.code, orgId: view.receivingOrg.id });
      reply.header('etag', `"${view.version}"`);
      return view;
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/dossiers/:code/actions/:action',
    summary: `Act on a dossier: ${ACTIONS.join(', ')}. 409 when not allowed in the current state or when If-Match / expectedVersion is not the current version, 403 when the caller may not act, 404 when the caller may not see the dossier.`,
    tag: 'dossiers',
    access: 'user',
    response: DossierView,
    params: ActionParams,
    body: z.record(z.string(), z.unknown()).optional().describe('The body of the action: see components.schemas.Action_*'),
    handler: async ({ params, body, user, ctx, request, reply }) => {
      if (!(ACTIONS as readonly string[]).includes(params.action)) {
        throw new DomainError('unknown-action', 404, { vi: `Không có thao tác "${params.action}".`, en: `No action "${params.action}".` });
      }
      const action = params.action as ActionName;
      const { expectedVersion: seenInBody, ...parsed } = parsePart(ActionBodies[action] as z.ZodType<Record<string, unknown>>, body ?? {}, 'body');
      const expectedVersion = expectedVersionOf(request.headers['if-match'], { expectedVersion: seenInBody });
      const dossier = await performAction(ctx, user!, params.code, action, parsed, expectedVersion);
      reply.header('etag', `"${dossier.version}"`);
      return dossier;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/public/dossiers/:code',
    summary: 'Public status lookup by dossier code and the secret printed on the receipt (masked data only)',
    tag: 'public',
    access: 'public',
    response: PublicDossierView,
    params: DossierCodeParams,
    query: PublicLookupQuery,
    handler: async ({ params, query, ctx }) => publicLookup(ctx, params.code, query.secret),
  }),
];
