/** The integrations' routes (one folder per outside system; the national-portal sync has none: it is outbox handlers). */
import { vneidRoutes } from './vneid/routes.ts';
import { catalogueImportRoutes } from './national-catalogue/routes.ts';
import { populationRoutes } from './population/routes.ts';

export const integrationRoutes = [...vneidRoutes, ...catalogueImportRoutes, ...populationRoutes];
