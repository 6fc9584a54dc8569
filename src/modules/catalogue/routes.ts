import { ProcedureCodeParams, ProcedureQuery, ProcedureSearchResult, ProcedureVersionList, ProcedureView } from './contracts.ts';
import { listVersions } from './versions.ts';
import { getProcedure, loadProcedure, searchProcedures } from './procedures.ts';
import { defineRoute } from '../../platform/http/route.ts';

export const procedureRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/procedures',
    summary: 'Search the catalogue (accent-insensitive)',
    tag: 'catalogue',
    access: 'public',
    response: ProcedureSearchResult,
    query: ProcedureQuery,
    handler: async ({ query, ctx }) => searchProcedures(ctx, query),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/procedures/:code',
    summary: 'One procedure: components, fees, duration, process, where to submit',
    tag: 'catalogue',
    access: 'public',
    response: ProcedureView,
    params: ProcedureCodeParams,
    handler: async ({ params, ctx }) => getProcedure(ctx, params.code),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/procedures/:code/versions',
    summary: 'A procedure’s versions, newest first: what changed, the announcing decision, its effective date and publication dates',
    tag: 'catalogue',
    access: 'public',
    response: ProcedureVersionList,
    params: ProcedureCodeParams,
    handler: async ({ params, ctx }) => {
      await loadProcedure(ctx, params.code);
      return listVersions(ctx.db, params.code);
    },
  }),
];
