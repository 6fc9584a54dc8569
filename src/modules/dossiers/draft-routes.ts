import { CreateDraftRequest, DraftParams, UpdateDraftRequest } from './draft-contracts.ts';
import { createDraft, deleteDraft, getDraft, listDrafts, updateDraft } from './drafts.ts';
import { defineRoute } from '../../platform/http/route.ts';

/** A citizen's saved, unsubmitted applications (save a draft, resume it later). */
export const draftRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/drafts',
    summary: "The caller's drafts, most recently saved first",
    tag: 'drafts',
    access: ['citizen'],
    handler: async ({ user, ctx }) => listDrafts(ctx, user!),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/drafts',
    summary: 'Save a new draft of an application (may be incomplete; it is validated on submission)',
    tag: 'drafts',
    access: ['citizen'],
    body: CreateDraftRequest,
    success: { status: 201, description: 'Saved' },
    handler: async ({ body, user, ctx, reply }) => {
      const draft = await createDraft(ctx, user!, body.procedureCode, body.data);
      reply.code(201).header('location', `/api/drafts/${draft.id}`);
      return draft;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/drafts/:id',
    summary: 'One of the caller’s drafts',
    tag: 'drafts',
    access: ['citizen'],
    params: DraftParams,
    handler: async ({ params, user, ctx }) => getDraft(ctx, user!, params.id),
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/drafts/:id',
    summary: 'Replace the content of a draft',
    tag: 'drafts',
    access: ['citizen'],
    params: DraftParams,
    body: UpdateDraftRequest,
    handler: async ({ params, body, user, ctx }) => updateDraft(ctx, user!, params.id, body.data),
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/drafts/:id',
    summary: 'Delete a draft (after submitting it, or to give up)',
    tag: 'drafts',
    access: ['citizen'],
    params: DraftParams,
    success: { status: 204, description: 'Deleted' },
    handler: async ({ params, user, ctx, reply }) => {
      await deleteDraft(ctx, user!, params.id);
      return reply.code(204).send();
    },
  }),
];
