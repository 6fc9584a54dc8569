/**
 * DEMO DATA. Plausible procedures of Ho Chi Minh City's catalogue, for trying the system. Codes have
 * the national shape (1.001612) but are illustrative; fees, durations and legal bases are typical
 * values, not the official catalogue. Real deployments import the national catalogue instead.
 * The lists are in ./demo-procedures-commune.ts and ./demo-procedures-province.ts, written with the
 * builders of ./demo-procedure-builders.ts. The order matters: demo versions and history pick by index.
 */
import type { DemoProcedure } from './demo-procedure-builders.ts';
import { DEMO_COMMUNE_PROCEDURES } from './demo-procedures-commune.ts';
import { DEMO_PROVINCE_PROCEDURES } from './demo-procedures-province.ts';

export type { DemoProcedure } from './demo-procedure-builders.ts';

export const DEMO_PROCEDURES: DemoProcedure[] = [...DEMO_COMMUNE_PROCEDURES, ...DEMO_PROVINCE_PROCEDURES];
