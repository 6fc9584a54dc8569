/**
 * SIPAS sampling, pure: sample size, proportional allocation over strata and a reproducible draw.
 * No clock, no randomness of its own — the seed is passed in and recorded with the round, so the
 * same frame and seed always give the same sample (an auditor can redraw it).
 */
import { createHash } from 'node:crypto';

/** How a round sizes its sample. */
export type Sizing =
  /** The ministry's formula (Decision 2640/QĐ-BNV): n = N / (1 + N·e²). */
  | { method: 'ministry'; margin: number }
  /** Margin at a confidence level, worst case p = 0.5, with the finite-population correction. */
  | { method: 'confidence'; margin: number; confidence: 0.9 | 0.95 | 0.99 };

/** Two-sided normal quantiles for the confidence levels offered. */
export const Z: Record<0.9 | 0.95 | 0.99, number> = { 0.9: 1.6448536, 0.95: 1.959964, 0.99: 2.5758293 };

/**
 * The sample size for a frame of N people, rounded UP: rounding down would give a margin slightly
 * wider than the one asked for. Never more than N; 0 for an empty frame.
 */
export function sampleSize(N: number, sizing: Sizing): number {
  if (!Number.isInteger(N) || N < 0) throw new RangeError(`frame size ${N}`);
  if (N === 0) return 0;
  const e = sizing.margin;
  if (!(e > 0 && e < 1)) throw new RangeError(`margin ${e}`);
  let n: number;
  if (sizing.method === 'ministry') {
    n = N / (1 + N * e * e);
  } else {
    const z = Z[sizing.confidence];
    const n0 = (z * z * 0.25) / (e * e);
    n = n0 / (1 + (n0 - 1) / N);
  }
  // 1e-9: 285.0000000001 from floating point is 285, not 286.
  return Math.min(N, Math.ceil(n - 1e-9));
}

export interface Stratum {
  key: string;
  size: number;
}

/**
 * Proportional allocation of n over strata by the largest-remainder method (Hamilton): each stratum
 * gets ⌊n·N_h/N⌋, and the seats left over go to the largest fractional parts, ties to the stratum
 * whose key sorts first. The result sums to n exactly and no stratum gets more than its size.
 */
export function allocate(strata: readonly Stratum[], n: number): Map<string, number> {
  const N = strata.reduce((s, x) => s + x.size, 0);
  if (n > N) throw new RangeError(`sample ${n} larger than frame ${N}`);
  const out = new Map<string, number>();
  if (N === 0) return out;
  const quotas = strata.map((s) => ({ key: s.key, exact: (n * s.size) / N }));
  let given = 0;
  for (const q of quotas) {
    const f = Math.floor(q.exact + 1e-9);
    out.set(q.key, f);
    given += f;
  }
  const byRemainder = [...quotas].sort((a, b) => b.exact - Math.floor(b.exact + 1e-9) - (a.exact - Math.floor(a.exact + 1e-9)) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (let i = 0; given < n; i++) {
    const q = byRemainder[i]!;
    out.set(q.key, out.get(q.key)! + 1);
    given++;
  }
  return out;
}

/** sfc32, seeded from the SHA-256 of the seed text: small, fast, and the same on every platform. */
export function seededRandom(seed: string): () => number {
  const h = createHash('sha256').update(seed, 'utf8').digest();
  let a = h.readUInt32LE(0);
  let b = h.readUInt32LE(4);
  let c = h.readUInt32LE(8);
  let d = h.readUInt32LE(12);
  const next = () => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next(); // warm-up: the first outputs of sfc32 depend weakly on the seed
  return next;
}

/** One applicant in the frame: a person (their ID number) and the stratum of the dossier they were drawn through. */
export interface FrameEntry {
  personKey: string;
  orgId: string;
  fieldCode: string;
  /** The dossier that put them in the frame; the latest one when they had several. */
  dossierCode: string;
  finishedAt: string;
}

export const stratumKey = (orgId: string, fieldCode: string) => `${orgId}|${fieldCode}`;

/**
 * The frame as persons, each once: a person with several dossiers in the period stands in the
 * stratum of their latest one (ties: the greater dossier code), so no one can be drawn twice.
 */
export function dedupeFrame(rows: readonly FrameEntry[]): FrameEntry[] {
  const byPerson = new Map<string, FrameEntry>();
  for (const r of rows) {
    const seen = byPerson.get(r.personKey);
    if (!seen || r.finishedAt > seen.finishedAt || (r.finishedAt === seen.finishedAt && r.dossierCode > seen.dossierCode)) byPerson.set(r.personKey, r);
  }
  return [...byPerson.values()];
}

export interface DrawResult {
  frameSize: number;
  sampleSize: number;
  strata: Array<{ orgId: string; fieldCode: string; frame: number; sample: number }>;
  sample: FrameEntry[];
}

/**
 * Stratified draw: strata (unit × field) in key order, each sorted by person key, then a partial
 * Fisher–Yates shuffle driven by the seeded generator picks its allocation. The order of the rows the
 * database returned does not matter; only the frame's content and the seed do.
 */
export function drawSample(rows: readonly FrameEntry[], sizing: Sizing, seed: string): DrawResult {
  const frame = dedupeFrame(rows);
  const groups = new Map<string, FrameEntry[]>();
  for (const r of frame) {
    const k = stratumKey(r.orgId, r.fieldCode);
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  const keys = [...groups.keys()].sort();
  const n = sampleSize(frame.length, sizing);
  const allocation = allocate(keys.map((k) => ({ key: k, size: groups.get(k)!.length })), n);
  const random = seededRandom(seed);
  const sample: FrameEntry[] = [];
  const strata: DrawResult['strata'] = [];
  for (const k of keys) {
    const members = groups.get(k)!.sort((a, b) => (a.personKey < b.personKey ? -1 : a.personKey > b.personKey ? 1 : 0));
    const take = allocation.get(k) ?? 0;
    for (let i = 0; i < take; i++) {
      const j = i + Math.floor(random() * (members.length - i));
      [members[i], members[j]] = [members[j]!, members[i]!];
    }
    sample.push(...members.slice(0, take));
    strata.push({ orgId: members[0]!.orgId, fieldCode: members[0]!.fieldCode, frame: members.length, sample: take });
  }
  return { frameSize: frame.length, sampleSize: n, strata, sample };
}
