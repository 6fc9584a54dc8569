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

// ---- Answers (response contracts): what the server sends, documented in the OpenAPI document and
// checked against every answer in tests (src/platform/http/response-check.ts). The web app's types come from here.

/** An instant as the server writes it: ISO 8601 with offset (Vietnam time, +07:00, or UTC, Z). */
export const Instant = z.string().describe('ISO 8601 instant');
/** A calendar day, YYYY-MM-DD. */
export const Day = z.string().describe('YYYY-MM-DD');
/** A text in both languages of the interface. */
export const Label = z.object({ vi: z.string(), en: z.string() });
export type Label = z.infer<typeof Label>;
/** A list answer: { items: [...] }. */
export const ItemsOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });
/** A plain acknowledgement. */
export const Ok = z.object({ ok: z.literal(true) });
/** The result of a signature check (src/modules/signing/signing.ts summarise). */
export const SignatureSummary = z.object({
  integrity: z.string().describe('intact, modified, …'),
  valid: z.boolean(),
  chain: z.string().describe('trusted, untrusted, …'),
  validAtSigningTime: z.boolean().nullable(),
  signingTime: Instant.nullable(),
  signer: z.string().nullable(),
  issuer: z.string().nullable(),
  problems: z.array(z.string()),
});
