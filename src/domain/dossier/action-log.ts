/**
 * The action log is a hash chain: each entry stores the hash of the previous one, so any edit to a
 * stored entry breaks every later hash. Hashes are over a canonical JSON form (sorted keys).
 */
import { createHash } from 'node:crypto';

export interface ActionLogEntry {
  dossierId: string;
  seq: number;
  action: string;
  fromStatus: string | null;
  toStatus: string;
  actorId: string | null;
  actorRole: string | null;
  actorOrgId: string | null;
  at: string; // ISO instant
  payload: unknown;
}

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

export function hashEntry(prevHash: string, entry: ActionLogEntry): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalJson(entry)).digest('hex');
}

/** Verifies a whole chain; returns the seq of the first broken entry, or null when it holds. */
export function verifyChain(entries: Array<ActionLogEntry & { prevHash: string; hash: string }>): number | null {
  let prev = GENESIS_HASH;
  for (const e of entries) {
    const { prevHash, hash, ...entry } = e;
    if (prevHash !== prev || hashEntry(prev, entry) !== hash) return e.seq;
    prev = hash;
  }
  return null;
}
