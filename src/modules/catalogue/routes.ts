import { ProcedureCodeParams, ProcedureQuery } from './contracts.ts';
import { getProcedure, searchProcedures } from './procedures.ts';
import { defineRoute } from '../../platform/http/route.ts';

export const procedureRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/procedures',
    summary: 'Search the catalogue (accent-insensitive)',
    tag: 'catalogue',
    access: 'public',
    query: ProcedureQuery,
    handler: async ({ query, ctx }) => searchProcedures(ctx, query),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/procedures/:code',
    summary: 'One procedure: components, fees, duration, process, where to submit',
    tag: 'catalogue',
    access: 'public',
    params: ProcedureCodeParams,
    handler: async ({ params, ctx }) => getProcedure(ctx, params.code),
  }),
];
