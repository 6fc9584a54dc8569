/** Answers of the system routes. */
import { z } from 'zod';
import { Instant } from '../../kernel/contracts.ts';

export const Health = z.object({ status: z.literal('ok'), version: z.string(), time: Instant });
export const OpenApiDocument = z.looseObject({ openapi: z.string(), info: z.record(z.string(), z.unknown()), paths: z.record(z.string(), z.unknown()) }).describe('This document');
