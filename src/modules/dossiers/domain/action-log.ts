/**
 * The action log is a hash chain: each entry stores the hash of the previous one, so any edit to a
 * stored entry breaks every later hash. Hashes are over a canonical JSON form (sorted keys): chainHash
 * in src/kernel/hash-chain.ts, shared with the audit log.
 */
import { GENESIS_HASH, canonicalJson, chainHash } from '../../../kernel/hash-chain.ts';

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

export { GENESIS_HASH, canonicalJson };

export function hashEntry(prevHash: string, entry: ActionLogEntry): string {
  return chainHash(prevHash, entry);
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
