/**
 * Tests prove that every JSON answer is what its route's response contract says (src/modules/<feature>/contracts.ts):
 * the answer, as a client receives it (JSON text parsed back), must parse with the route's `response`
 * schema and carry no field the schema does not declare. Production does not check and never reshapes
 * an answer: users see what the handler returned.
 */
import type { z } from 'zod';

export interface ContractBreach {
  route: string;
  problems: string[];
}

/** Paths of fields present in what was sent but dropped by the schema: answers the contract does not declare. */
function undeclaredFields(sent: unknown, parsed: unknown, path: string, out: string[]): void {
  if (Array.isArray(sent) && Array.isArray(parsed)) {
    sent.forEach((item, i) => undeclaredFields(item, parsed[i], `${path}[${i}]`, out));
    return;
  }
  if (sent && typeof sent === 'object' && parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
    const kept = parsed as Record<string, unknown>;
    for (const [key, value] of Object.entries(sent)) {
      const at = path ? `${path}.${key}` : key;
      if (!(key in kept)) out.push(`${at}: not declared in the response schema`);
      else undeclaredFields(value, kept[key], at, out);
    }
  }
}

/** What is wrong with an answer under its contract; an empty list when nothing is. */
export function contractProblems(schema: z.ZodType, answer: unknown): string[] {
  const sent: unknown = answer === undefined ? undefined : JSON.parse(JSON.stringify(answer));
  const result = schema.safeParse(sent);
  if (!result.success) return result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  const out: string[] = [];
  undeclaredFields(sent, result.data, '', out);
  return out;
}
