/**
 * DEMO DATA. The 2025 PAR Index (Chỉ số CCHC) of every demo department and ward, taken through the par-index
 * module's own commands (src/modules/par-index/assessments.ts), as the people who would act: the unit's officer
 * opens the assessment, freezes the computed leaves over the demo year's figures, self-scores the manual leaves
 * with a link as evidence and submits; the city's manager (home-affairs side, above every unit) appraises every
 * leaf and finishes; the manager publishes. The public page /chi-so-cchc/ket-qua then ranks a whole year and
 * the reform plan's `par.good_share` target has a live value.
 *
 * Run after the demo year (src/demo/history-seed.ts): the computed leaves read its dossiers, feedback and
 * inspections. Resumable: each unit's assessment continues from the step it stopped at; a published one is
 * left alone. Deterministic: the seed and the unit decide every score (mulberry32), the clock the freeze day.
 *
 * Each unit has an officer only where the demo accounts have one (the leader of Phường Sài Gòn); for the other
 * units the officer is a session built here ("Cán bộ CCHC (DEMO)", id `demo-par:<unit>`) with no account: the
 * audit log names that id, and no one can sign in as it.
 */
import type { AppContext } from '../context.ts';
import { toSessionUser, type SessionUser } from '../modules/identity/auth.ts';
import { appraise, finishAppraisal, freeze, openAssessment, publish, saveSelf, submit } from '../modules/par-index/assessments.ts';
import { assessmentView } from '../modules/par-index/view.ts';
import { dayNumberOf, isoDate } from '../modules/calendar/domain/local-time.ts';
import { DEMO_ORGANISATIONS } from './demo-organisations.ts';
import { hashText, Random } from './demo-random.ts';

export const DEMO_PAR_YEAR = 2025;

/** The demo units the PAR Index assesses: every department (sở) and ward or commune. */
export const demoParUnits = () => DEMO_ORGANISATIONS.filter((o) => o.kind === 'department' || o.kind === 'commune');

const quarter = (n: number) => Math.round(n * 4) / 4;
const round2 = (n: number) => Math.round(n * 100) / 100;

async function demoUser(ctx: AppContext, username: string): Promise<SessionUser | null> {
  const row = await ctx.db
    .selectFrom('users')
    .select(['id', 'username', 'full_name', 'role', 'org_id', 'id_number', 'phone', 'email', 'address'])
    .where('username', '=', username)
    .where('is_demo', '=', true)
    .executeTakeFirst();
  return row ? toSessionUser(row) : null;
}

function unitOfficer(orgId: string, shortName: string): SessionUser {
  return { id: `demo-par:${orgId}`, username: `demo-par.${orgId}`, fullName: `Cán bộ CCHC (DEMO) — ${shortName}`, role: 'leader', orgId, idNumber: null, phone: null, email: null, address: null };
}

/**
 * A unit's quality (how complete its reform work is, 0.55..1) and per leaf the share of points it claims and the
 * share the appraiser grants. Most units do well; a few lag, so the year has every band.
 */
function unitProfile(orgId: string, seed: number) {
  const r = new Random(hashText(`par:${DEMO_PAR_YEAR}:${orgId}`, seed));
  const quality = r.chance(0.2) ? r.between(0.55, 0.8) : r.between(0.82, 1);
  const optimistic = r.chance(0.35);
  return { quality, optimistic };
}

/** Enters and publishes the 2025 PAR assessment of each demo unit; returns how many are published. */
export async function seedDemoPar(ctx: AppContext, seed: number): Promise<number> {
  const manager = await demoUser(ctx, 'manager');
  if (!manager) return 0;
  // The assessment freezes figures up to a day of the year that has begun (never after today).
  const today = isoDate(dayNumberOf(ctx.clock()));
  if (today < `${DEMO_PAR_YEAR}-01-02`) return 0;
  const on = today < `${DEMO_PAR_YEAR}-12-31` ? today : `${DEMO_PAR_YEAR}-12-31`;
  const leader = await demoUser(ctx, 'leader');
  let published = 0;
  for (const unit of demoParUnits()) {
    const officer = leader?.orgId === unit.id ? leader : unitOfficer(unit.id, unit.shortName);
    const { quality, optimistic } = unitProfile(unit.id, seed);
    const leafRandom = (code: string, what: string) => new Random(hashText(`par:${DEMO_PAR_YEAR}:${unit.id}:${code}:${what}`, seed));
    const id = await openAssessment(ctx, officer, { year: DEMO_PAR_YEAR, orgId: unit.id });
    let view = await assessmentView(ctx, manager, id);
    if (view.status === 'draft') {
      if (!view.frozenOn) await freeze(ctx, officer, id, on);
      const manual = view.nodes.filter((n) => n.leaf && n.method === 'manual');
      await saveSelf(
        ctx,
        officer,
        id,
        manual.map((n) => {
          const r = leafRandom(n.code, 'self');
          const claimed = Math.min(n.max, quarter(n.max * Math.min(1, quality + r.between(-0.1, 0.15) + (optimistic ? 0.1 : 0))));
          return { code: n.code, score: claimed, evidenceLink: claimed > 0 ? `https://motcua.example/minh-chung/${DEMO_PAR_YEAR}/${unit.id}/${n.code}` : null, explanation: 'Minh chứng mẫu (DEMO).' };
        }),
      );
      await submit(ctx, officer, id);
      view = await assessmentView(ctx, manager, id);
    }
    if (view.status === 'submitted') {
      await appraise(
        ctx,
        manager,
        id,
        view.nodes
          .filter((n) => n.leaf)
          .map((n) => {
            const r = leafRandom(n.code, 'appraisal');
            if (n.method === 'manual') {
              // The appraiser holds to the evidence: an optimistic unit loses a quarter or a half point now and then.
              const self = n.selfScore ?? 0;
              const cut = optimistic && r.chance(0.4) ? r.pick([0.25, 0.5]) : 0;
              return { code: n.code, score: round2(Math.max(0, self - cut)), comment: cut ? 'Minh chứng chưa đầy đủ (DEMO).' : null };
            }
            // Frozen figures stand; a leaf with no data in motcua (no payments module, no SIPAS round) is
            // scored from the unit's report, said so in the comment.
            if (n.frozen?.points !== null && n.frozen?.points !== undefined) return { code: n.code, score: n.frozen.points, comment: null };
            return { code: n.code, score: Math.min(n.max, quarter(n.max * Math.min(1, quality + r.between(-0.1, 0.1)))), comment: 'Không có số liệu trong hệ thống; chấm theo báo cáo, minh chứng của đơn vị (DEMO).' };
          }),
      );
      await finishAppraisal(ctx, manager, id);
      view = await assessmentView(ctx, manager, id);
    }
    if (view.status === 'appraised') await publish(ctx, manager, id);
    published++;
  }
  return published;
}
