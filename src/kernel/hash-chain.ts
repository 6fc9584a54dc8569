/**
 * Hash chains: each entry stores the hash of the previous one, so an edit to a stored entry breaks
 * every later hash. Used by the dossier action log (src/modules/dossiers/domain/action-log.ts) and the audit
 * log (src/modules/audit/audit.ts). Hashes are over a canonical JSON form (sorted keys), so a value read
 * back from a jsonb column, whose key order PostgreSQL changes, hashes the same.
 */
import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

/** sha256 over the previous hash, a newline and the entry's canonical JSON (UTF-8), in hex. */
export function chainHash(prevHash: string, entry: unknown): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalJson(entry)).digest('hex');
}
