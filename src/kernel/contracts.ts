import { z } from 'zod';
import { withoutBidiControls } from './text.ts';

/** RFC 9457 problem details, as every error response carries them. */
export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  code: z.string().describe('Stable machine-readable code'),
  instance: z.string().optional(),
  errors: z
    .array(z.object({ path: z.string(), message: z.string() }))
    .optional()
    .describe('Offending fields, as dotted paths'),
});
export type Problem = z.infer<typeof Problem>;

// Years outside 1900–2999 are typing errors, and PostgreSQL refuses some of them (year 1 with an offset).
export const IsoInstant = z.iso
  .datetime({ offset: true })
  .refine((s) => Number(s.slice(0, 4)) >= 1900 && Number(s.slice(0, 4)) <= 2999, 'Năm từ 1900 đến 2999 / a year from 1900 to 2999')
  .describe('ISO 8601 instant with offset, e.g. 2026-11-23T09:00:00+07:00');
/** A reporting period: a month (2026-11), a quarter (2026-Q4) or a year (2026). */
export const Period = z.string().regex(/^\d{4}(-\d{2}|-Q[1-4])?$/, '2026-11, 2026-Q4 hoặc 2026 / 2026-11, 2026-Q4 or 2026');

export const NonEmptyText = (max: number) => z.string().trim().min(1).max(max);

export const Paging = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
};

/** A person's name: bidirectional controls removed (src/kernel/text.ts), then trimmed. */
export const PersonName = (min = 2, max = 200) => z.string().overwrite(withoutBidiControls).trim().min(min).max(max);
/** A file name as sent by a client: bidirectional controls removed ("x‮fdp.exe" showing as "xexe.pdf"). */
export const ClientFileName = z.string().overwrite(withoutBidiControls).max(255);
