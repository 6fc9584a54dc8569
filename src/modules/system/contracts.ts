/** Answers of the system routes. */
import { z } from 'zod';
import { Instant } from '../../kernel/contracts.ts';

export const DemoHistoryStatus = z
  .object({ state: z.enum(['running', 'done', 'failed']), done: z.number().int(), total: z.number().int(), percent: z.number().int().min(0).max(100) })
  .describe('The demo year being loaded in the background after a first start (absent when none is)');
export const Health = z.object({ status: z.literal('ok'), version: z.string(), time: Instant, demoHistory: DemoHistoryStatus.optional() });
export const OpenApiDocument = z.looseObject({ openapi: z.string(), info: z.record(z.string(), z.unknown()), paths: z.record(z.string(), z.unknown()) }).describe('This document');
