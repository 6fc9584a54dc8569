/**
 * DEMO DATA. The units' monthly evaluations (18 points, src/modules/evaluations) for the demo year's
 * past months, entered through the module's own command (saveScores) as the people who would enter
 * them: the unit's demo leader where there is one (else the administrator, on the unit's behalf) scores
 * the unit; the city's manager appraises it the month after, so the last month awaits its appraisal.
 *
 * Scores follow the unit's figures: each self-score starts from the score motcua suggests from the
 * counters (indicator 2, step times, takes indicator 1's; indicator 8, feedback, is suggested from the demo feedback
 * handled that month, else 2); some units round
 * their weaker scores up to the next quarter point, and the appraisal brings those back to the figures.
 * Deterministic: the seed and the unit decide every choice. Re-running skips what is already entered.
 */
import type { AppContext } from '../context.ts';
import { getEvaluation, saveScores, type ScoreInput } from '../modules/evaluations/evaluations.ts';
import { toSessionUser, type SessionUser } from '../modules/identity/auth.ts';
import { hashText, Random } from './demo-random.ts';
import { unitProfiles } from './demo-history.ts';

const round2 = (n: number) => Math.round(n * 100) / 100;

/** The whole months before the anchor's (Vietnam time) that the year covers entirely: eleven. */
export function demoEvaluationPeriods(anchor: Date): string[] {
  const local = new Date(anchor.getTime() + 7 * 3_600_000);
  const periods: string[] = [];
  for (let back = 11; back >= 1; back--) {
    const d = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() - back, 1));
    periods.push(d.toISOString().slice(0, 7));
  }
  return periods;
}

/** The self-scores and appraised scores of one unit's month, from the suggested ones. */
export function demoScores(suggested: ReadonlyArray<{ indicator: number; suggested: number | null }>, r: Random, optimistic: boolean) {
  const fromFigures = new Map(suggested.map((s) => [s.indicator, s.suggested]));
  const self: ScoreInput[] = [];
  const appraisal: ScoreInput[] = [];
  for (const { indicator, suggested: s } of suggested) {
    const figure = s ?? (indicator === 2 ? (fromFigures.get(1) ?? 2) : 2);
    const roundedUp = optimistic && figure < 2 && r.chance(0.5) ? Math.min(2, Math.ceil(figure * 4) / 4) : figure;
    self.push({ indicator, score: round2(roundedUp) });
    // The level above holds to the figures; where there are none (2, 8) it now and then takes a quarter off.
    const appraised = s !== null ? s : r.chance(0.12) ? Math.max(0, figure - 0.25) : figure;
    appraisal.push({ indicator, score: round2(appraised) });
  }
  return { self, appraisal };
}

async function demoUser(ctx: AppContext, username: string): Promise<SessionUser | null> {
  const row = await ctx.db
    .selectFrom('users')
    .select(['id', 'username', 'full_name', 'role', 'org_id', 'id_number', 'phone', 'email', 'address'])
    .where('username', '=', username)
    .where('is_demo', '=', true)
    .executeTakeFirst();
  return row ? toSessionUser(row) : null;
}

/** Enters the evaluations of the demo units for the year's past months; returns how many unit-months it scored. */
export async function seedDemoEvaluations(ctx: AppContext, anchor: Date, seed: number): Promise<number> {
  const admin = await demoUser(ctx, 'admin');
  const manager = await demoUser(ctx, 'manager');
  if (!admin) return 0;
  const leaders = (await Promise.all(['leader', 'vpdk.leader'].map((u) => demoUser(ctx, u)))).filter((u): u is SessionUser => u !== null);
  const periods = demoEvaluationPeriods(anchor);
  let scored = 0;
  for (const unit of unitProfiles(seed)) {
    const scorer = leaders.find((l) => l.orgId === unit.orgId) ?? admin;
    const optimistic = new Random(hashText(`evaluation:${unit.orgId}`, seed)).chance(0.4);
    for (const [i, period] of periods.entries()) {
      const current = await getEvaluation(ctx, unit.orgId, period);
      // A month without a finished or received dossier has nothing to evaluate.
      if (current.indicators.every((x) => x.suggested === null || x.indicator === 6)) continue;
      const { self, appraisal } = demoScores(current.indicators, new Random(hashText(`evaluation:${unit.orgId}:${period}`, seed)), optimistic);
      // What an earlier, interrupted run entered stays.
      if (current.selfTotal === null) await saveScores(ctx, scorer, unit.orgId, period, 'self', self);
      const appraiser = manager && manager.orgId !== unit.orgId ? manager : null;
      if (appraiser && i < periods.length - 1 && current.appraisedTotal === null) await saveScores(ctx, appraiser, unit.orgId, period, 'appraisal', appraisal);
      scored++;
    }
  }
  return scored;
}
