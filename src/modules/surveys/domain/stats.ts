/**
 * SIPAS results, pure: per factor the share satisfied or very satisfied (4–5 on the 5-point scale)
 * with a Wilson score interval, the index, and the gap between expectation and perception.
 */
export const FACTORS = ['access', 'procedure', 'servant', 'result', 'feedback'] as const;
export type Factor = (typeof FACTORS)[number];
export const KINDS = ['perception', 'satisfaction', 'expectation'] as const;
export type Kind = (typeof KINDS)[number];

/** The question name that asks `kind` about `factor` (the questionnaire's SurveyJS `name`). */
export const questionName = (factor: Factor, kind: Kind) => `${factor}_${kind}`;

/** How the SIPAS index is formed: the ministry's mean of the five factor shares, or one share pooled over all satisfaction answers. */
export type IndexMethod = 'mean' | 'pooled';

/** One response's ratings (question name → 1..5); unanswered questions are absent. */
export type Ratings = Record<string, number>;

export interface Interval {
  low: number;
  high: number;
}

/**
 * Wilson score interval for a proportion k/n at normal quantile z (1.96: 95 %). Chosen over the
 * normal approximation because strata are small and shares near 100 % are common; the normal
 * interval then leaves [0, 1] or collapses to a point. No finite-population correction (it would
 * only narrow the interval; sampled fractions are small) — conservative.
 */
export function wilson(k: number, n: number, z = 1.959964): Interval | null {
  if (n === 0) return null;
  const p = k / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

export interface FactorResult {
  factor: Factor;
  /** Responses that rated the factor's satisfaction. */
  answered: number;
  satisfied: number;
  /** satisfied / answered; null without answers. */
  share: number | null;
  ci95: Interval | null;
  perceptionMean: number | null;
  expectationMean: number | null;
  /** expectation mean − perception mean: how far the service falls short of what people expect (positive: short). */
  gap: number | null;
}

export interface Summary {
  responses: number;
  factors: FactorResult[];
  /** The SIPAS index as a share (0–1); null when no factor has answers. */
  index: number | null;
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : null);
const isScore = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 5;

export function summarise(responses: readonly Ratings[], method: IndexMethod = 'mean'): Summary {
  const factors = FACTORS.map((factor): FactorResult => {
    const sat = responses.map((r) => r[questionName(factor, 'satisfaction')]).filter(isScore);
    const per = responses.map((r) => r[questionName(factor, 'perception')]).filter(isScore);
    const exp = responses.map((r) => r[questionName(factor, 'expectation')]).filter(isScore);
    const satisfied = sat.filter((s) => s >= 4).length;
    const perceptionMean = mean(per);
    const expectationMean = mean(exp);
    return {
      factor,
      answered: sat.length,
      satisfied,
      share: sat.length ? satisfied / sat.length : null,
      ci95: wilson(satisfied, sat.length),
      perceptionMean,
      expectationMean,
      gap: perceptionMean === null || expectationMean === null ? null : expectationMean - perceptionMean,
    };
  });
  const withData = factors.filter((f) => f.share !== null);
  let index: number | null = null;
  if (withData.length) {
    index =
      method === 'mean'
        ? withData.reduce((s, f) => s + f.share!, 0) / withData.length
        : withData.reduce((s, f) => s + f.satisfied, 0) / withData.reduce((s, f) => s + f.answered, 0);
  }
  return { responses: responses.length, factors, index };
}

/** Responses ÷ people invited; null when no one was invited. */
export const responseRate = (responses: number, invited: number) => (invited ? responses / invited : null);
