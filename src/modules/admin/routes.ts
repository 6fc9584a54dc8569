import { z } from 'zod';
import { defineRoute } from '../../platform/http/route.ts';
import { ReorganisationList, ReorganisationRequest, ReorganisationView } from './contracts.ts';
import { Officer, OfficerList, OrgCalendarBody, OrgCalendarSaved, OrganisationMove, OrganisationMoved, OrganisationSaved, OrganisationUpsert, ProcedureSaved, ProcedureUpsert, UserCreate, UserUpdate } from './contracts.ts';
import { createOfficer, listOfficers, setOrgCalendar, updateOfficer, upsertOrganisation, upsertProcedure } from './admin.ts';
import { moveOrganisation } from './organisation-moves.ts';
import { requireCityLevel } from '../organisations/scope.ts';
import { listReorganisations, registerReorganisationJob, reorganise } from './reorganisations.ts';

registerReorganisationJob();

export const adminRoutes = [
  defineRoute({
    method: 'PUT',
    url: '/api/organisations/:id',
    summary: 'Create an organisation under one in your subtree, or edit its name, e-ID, contacts and status (administrator)',
    tag: 'admin',
    access: ['admin'],
    response: OrganisationSaved,
    params: z.strictObject({ id: z.string().regex(/^[a-z0-9-]{2,64}$/, 'a–z, 0–9, gạch nối / a–z, 0–9, hyphen') }),
    body: OrganisationUpsert,
    handler: async ({ params, body, user, ctx, reply }) => {
      const result = await upsertOrganisation(ctx, user!, params.id, body);
      if (result.created) reply.code(201);
      return result;
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/admin/organisations/:id/move',
    summary: 'Move a unit under another parent from a day on; its past figures stay its own (city-level administrator)',
    tag: 'admin',
    access: ['admin'],
    response: OrganisationMoved,
    params: z.strictObject({ id: z.string().min(1).max(64) }),
    body: OrganisationMove,
    handler: async ({ params, body, user, ctx }) => {
      await requireCityLevel(ctx, user!);
      return moveOrganisation(ctx, user!, params.id, body);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/admin/reorganisations',
    summary: 'Merge, split or move units from a day on: dryRun=true lists what moves (open dossiers, staff, procedures, children, sequences) and what stays; dryRun=false applies it in one transaction (or schedules it for a later day). The same request twice is one reorganisation (administrator of every unit involved)',
    tag: 'admin',
    access: ['admin'],
    response: ReorganisationView,
    query: z.strictObject({ dryRun: z.enum(['true', 'false']).default('true').describe('Default true: a preview writes nothing') }),
    body: ReorganisationRequest,
    handler: async ({ query, body, user, ctx }) => reorganise(ctx, user!, body, query.dryRun !== 'false'),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/admin/reorganisations',
    summary: 'Reorganisations filed under units of your subtree, with their plan and result, newest first (administrator)',
    tag: 'admin',
    access: ['admin'],
    response: ReorganisationList,
    handler: async ({ user, ctx }) => listReorganisations(ctx, user!),
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/procedures/:code',
    summary: 'Publish or edit a procedure with its components, form, fee, duration and internal process (administrator). Dossiers in progress keep their process.',
    tag: 'admin',
    access: ['admin'],
    response: ProcedureSaved,
    params: z.strictObject({ code: z.string().regex(/^\d\.\d{6}(\.H\d{2})?$/, 'vd 1.001612 hoặc 1.000948.H29 / e.g. 1.001612 or 1.000948.H29') }),
    body: ProcedureUpsert,
    handler: async ({ params, body, user, ctx }) => upsertProcedure(ctx, user!, params.code, body),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/users',
    summary: 'Officer accounts in your subtree (administrator)',
    tag: 'admin',
    access: ['admin'],
    response: OfficerList,
    query: z.strictObject({ org: z.string().min(1).max(64).optional() }),
    handler: async ({ query, user, ctx }) => listOfficers(ctx, user!, query.org),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/users',
    summary: 'Create an officer account with a role in an organisation (administrator)',
    tag: 'admin',
    access: ['admin'],
    response: Officer,
    body: UserCreate,
    success: { status: 201, description: 'Created' },
    handler: async ({ body, user, ctx, reply }) => {
      reply.code(201);
      return createOfficer(ctx, user!, body);
    },
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/users/:id',
    summary: 'Change an officer’s role, organisation or status; deactivating ends their sessions (administrator)',
    tag: 'admin',
    access: ['admin'],
    response: Officer,
    params: z.strictObject({ id: z.string().min(1).max(64) }),
    body: UserUpdate,
    handler: async ({ params, body, user, ctx }) => updateOfficer(ctx, user!, params.id, body),
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/organisations/:id/calendar',
    summary: 'An organisation’s working hours and daily cut-off; null inherits (administrator)',
    tag: 'admin',
    access: ['admin'],
    response: OrgCalendarSaved,
    params: z.strictObject({ id: z.string().min(1).max(64) }),
    body: OrgCalendarBody,
    handler: async ({ params, body, user, ctx }) => setOrgCalendar(ctx, user!, params.id, body),
  }),
];
