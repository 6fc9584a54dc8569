/** The population-data check of a dossier: its results, and a check now (officers who may see the dossier). */
import { z } from 'zod';
import { defineRoute } from '../../../platform/http/route.ts';
import { PopulationCheckView } from '../contracts.ts';
import { checkDossierNow, populationChecksOf } from './check.ts';

/** Staff who handle dossiers; citizens never see the registry's values (403). */
const OFFICERS = ['reception', 'specialist', 'leader', 'manager'] as const;
const Params = z.strictObject({ code: z.string().min(1).max(80) });

export const populationRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/dossiers/:code/population-check',
    summary: "The checks of the dossier's applicant against the national population database (match, mismatch with the differing fields, not found, unavailable), newest first; officers who may see the dossier (404 otherwise)",
    tag: 'dossiers',
    access: OFFICERS,
    response: PopulationCheckView,
    params: Params,
    handler: async ({ params, user, ctx }) => populationChecksOf(ctx, user!, params.code),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/dossiers/:code/population-check',
    summary: "Checks the applicant's identity number, name, birth date and address against the national population database now, and records the result; 409 when the procedure does not use it, it is not connected or no identity number was given. A registry that cannot be reached gives result unavailable, not an error.",
    tag: 'dossiers',
    access: OFFICERS,
    response: PopulationCheckView,
    params: Params,
    problems: [409],
    handler: async ({ params, user, ctx }) => checkDossierNow(ctx, user!, params.code),
  }),
];
