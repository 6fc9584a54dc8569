/** The citizen's own document store: list (fitting a component first), download, remove. Citizens only, their own documents. */
import { defineRoute } from '../../platform/http/route.ts';
import { StoreDocumentParams, StoreList, StoreListQuery, StoreRemoved } from './contracts.ts';
import { documentFile, listDocuments, removeDocument } from './store.ts';
import { registerCitizenStoreHandlers } from './handlers.ts';

registerCitizenStoreHandlers();

export const citizenStoreRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/citizen-store/documents',
    summary: "The signed-in citizen's data store (kho dữ liệu): their dossiers' results and digitised components; with componentCode, those that fit it first",
    tag: 'citizen-store',
    access: ['citizen'],
    query: StoreListQuery,
    response: StoreList,
    handler: async ({ query, ctx, user }) => listDocuments(ctx, user!, query),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/citizen-store/documents/:id/file',
    summary: "Download the file of one of the citizen's own store documents (another person's: 404)",
    tag: 'citizen-store',
    access: ['citizen'],
    params: StoreDocumentParams,
    success: { status: 200, description: 'The file', contentType: 'application/octet-stream' },
    handler: async ({ params, ctx, user, reply }) => {
      const file = await documentFile(ctx, user!, params.id);
      reply.header('content-type', file.media_type);
      reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`);
      reply.header('x-content-sha256', file.sha256);
      return Buffer.from(file.content);
    },
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/citizen-store/documents/:id',
    summary: 'Remove a document from the store: no longer listed nor reusable; the dossiers that hold the file keep it',
    tag: 'citizen-store',
    access: ['citizen'],
    params: StoreDocumentParams,
    response: StoreRemoved,
    handler: async ({ params, ctx, user }) => removeDocument(ctx, user!, params.id),
  }),
];
