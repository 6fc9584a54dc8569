/**
 * The demo city's year (issue 14): the generator is deterministic and realistic, and seeding it through
 * the historical import fills every demo account's queues and the figures, resumably.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, startTestApp, type TestApp } from './helpers.ts';
import { demoCalendarOf, generateDemoYear } from '../src/demo/demo-open.ts';
import { anchorOfDemoCode, type DemoDossier } from '../src/demo/demo-history.ts';
import { demoDossierCount, demoYearPlan, demoYearToLoad, seedDemoHistory } from '../src/demo/history-seed.ts';
import { loadSettings } from '../src/settings.ts';
import { openAndMigrate } from '../src/platform/db/db.ts';
import { createContext } from '../src/context.ts';
import { seedDemoIfEmpty } from '../src/demo/seed.ts';
import { dayNumberOf } from '../src/modules/calendar/domain/local-time.ts';

const NOW = new Date('2026-11-23T10:00:00+07:00'); // a Monday, mid-morning
const calendarOf = demoCalendarOf();
const year = (seed: number, now = NOW, dossiers = 3000) => generateDemoYear({ seed, now, dossiers, calendarOf });

describe('the demo year generator', () => {
  const full = year(14);

  it('is deterministic: the same seed and now give the same year; another seed another', () => {
    expect(JSON.stringify(year(14))).toBe(JSON.stringify(full));
    expect(JSON.stringify(year(15, NOW, 300))).not.toBe(JSON.stringify(year(14, NOW, 300)));
    // The codes carry the minute the year was generated for, so a restarted seeding regenerates it.
    expect(anchorOfDemoCode(full[0]!.line.code)).toEqual(NOW);
  });

  it('lies in the past twelve months, actions in order and never after now', () => {
    for (const d of full) {
      const times = d.line.actions.map((a) => new Date(a.at).getTime());
      expect(times[0]).toBeGreaterThan(NOW.getTime() - 366 * 86_400_000);
      expect(times.at(-1)).toBeLessThan(NOW.getTime());
      expect([...times].sort((a, b) => a - b)).toEqual(times);
    }
  });

  it('gives every unit an on-time rate of its own between 95 and 99 %, and realistic proportions', () => {
    const history = full.filter((d) => d.facts.kind === 'history');
    expect(history).toHaveLength(3000);
    const rates = new Map<string, number>();
    for (const org of new Set(history.map((d) => d.line.receivingOrgId))) {
      const finished = history.filter((d) => d.line.receivingOrgId === org && d.facts.timeliness);
      const late = finished.filter((d) => d.facts.timeliness === 'late').length;
      expect(finished.length, org).toBeGreaterThan(40);
      rates.set(org, 1 - late / finished.length);
    }
    expect(rates.size).toBeGreaterThan(20);
    for (const [org, rate] of rates) {
      expect(rate, org).toBeGreaterThanOrEqual(0.95);
      expect(rate, org).toBeLessThanOrEqual(0.99);
    }
    expect(new Set([...rates.values()].map((r) => r.toFixed(3))).size).toBeGreaterThan(10);
    const share = (pred: (d: DemoDossier) => boolean) => history.filter(pred).length / history.length;
    expect(share((d) => d.facts.status === 'rejected')).toBeGreaterThan(0.01);
    expect(share((d) => d.facts.status === 'rejected')).toBeLessThan(0.03);
    expect(share((d) => d.line.actions.some((a) => a.action === 'request_supplement'))).toBeGreaterThan(0.03);
    expect(share((d) => d.line.actions.some((a) => a.action === 'request_supplement'))).toBeLessThan(0.06);
    expect(share((d) => d.line.channel === 'online')).toBeGreaterThan(0.45);
    expect(share((d) => d.line.channel === 'post')).toBeGreaterThan(0.01);
    expect(share((d) => d.line.actions.some((a) => a.action === 'apologize'))).toBeGreaterThan(0.005);
    expect(share((d) => d.line.actions.some((a) => a.action === 'rate'))).toBeGreaterThan(0.3);
    // Refusals with varied reasons; every month of the year has dossiers.
    expect(new Set(history.flatMap((d) => d.line.actions.filter((a) => a.action === 'reject').map((a) => a.reason))).size).toBeGreaterThan(3);
    expect(new Set(history.map((d) => d.facts.submittedAt.toISOString().slice(0, 7))).size).toBeGreaterThanOrEqual(12);
  });

  it('leaves open dossiers due soon, late and paused at the demo accounts\' units, and the citizens\' own', () => {
    const open = full.filter((d) => d.facts.kind === 'open');
    for (const org of ['phuong-sai-gon', 'phuong-ben-thanh', 'vpdkdd', 'so-tu-phap']) {
      const mine = open.filter((d) => d.line.receivingOrgId === org);
      for (const status of ['submitted', 'processing', 'awaiting_supplement', 'completed']) expect(mine.some((d) => d.facts.status === status), `${org} ${status}`).toBe(true);
      expect(mine.some((d) => d.facts.paused), `${org} paused`).toBe(true);
      expect(mine.some((d) => d.facts.status === 'processing' && d.facts.dueAt! < NOW), `${org} late`).toBe(true);
      expect(mine.some((d) => d.facts.status === 'processing' && d.facts.dueAt! > NOW && dayNumberOf(d.facts.dueAt!) === dayNumberOf(NOW)), `${org} due today`).toBe(true);
    }
    const citizens = full.filter((d) => d.facts.kind === 'citizen');
    expect(new Set(citizens.map((d) => d.line.applicant.idNumber))).toEqual(new Set(['079090001234', '079195004321']));
  });
});

describe('settings', () => {
  it('loads the year only with the demo, and not with --empty or MOTCUA_DEMO_HISTORY=0', () => {
    expect(loadSettings({}).demoHistory).toEqual({ enabled: true, dossiers: 3000 });
    expect(loadSettings({}, ['--empty']).demoHistory.enabled).toBe(false);
    expect(loadSettings({ MOTCUA_DEMO_HISTORY: '0' }).demoHistory.enabled).toBe(false);
    expect(loadSettings({ MOTCUA_DEMO_HISTORY_DOSSIERS: '300' }).demoHistory.dossiers).toBe(300);
    expect(loadSettings({ DATABASE_URL: 'postgres://x/y' }).demoHistory.enabled).toBe(false);
    expect(() => loadSettings({ MOTCUA_DEMO_HISTORY: 'maybe' })).toThrow(/MOTCUA_DEMO_HISTORY/);
  });
});

describe.each(BACKENDS)('seeding the demo year through the import (%s)', (backend) => {
  let t: TestApp;
  let generated: DemoDossier[];
  const SMALL = 300;
  beforeAll(async () => {
    t = await startTestApp(backend, {}, '2026-11-23T10:00:00+07:00');
    generated = year(14, t.ctx.clock(), SMALL);
  }, 120_000);
  afterAll(() => t?.close());

  it('test apps get no history unless they ask', async () => {
    expect(await t.count('dossiers')).toBe(0);
    expect((await t.call('GET', '/api/health')).body.demoHistory).toBeUndefined();
  });

  it('is resumable: a run stopped after one batch is finished by the next, nothing doubled', async () => {
    const plan = demoYearPlan(t.ctx, SMALL);
    let batches = 0;
    const stopped = await seedDemoHistory(t.ctx, plan, {
      batch: 50,
      onProgress: (p) => {
        if (p.state === 'running' && p.done > 0 && ++batches === 1) throw new Error('stopped');
      },
    });
    expect(stopped.state).toBe('failed');
    expect(await demoDossierCount(t.ctx)).toBe(50);
    // A database from before the marker (test apps have none): the anchor is found in the codes.
    const again = await demoYearToLoad(t.ctx, SMALL);
    expect(again).toEqual(plan);
    const done = await seedDemoHistory(t.ctx, again!, { batch: 50 });
    expect(done.errors).toEqual([]);
    expect(done.state).toBe('done');
    expect(await demoDossierCount(t.ctx)).toBe(generated.length);
    expect((await t.call('GET', '/api/health')).body.demoHistory).toEqual({ state: 'done', done: generated.length, total: generated.length, percent: 100 });
    // The year's feedback came in with it (src/demo/demo-feedback.ts; test/demo-feedback.test.ts): /hoi-dap has answers.
    const feedbackCount = async () => Number((await t.ctx.db.selectFrom('feedback').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const feedback = await feedbackCount();
    expect(feedback).toBeGreaterThanOrEqual(30);
    expect((await t.call('GET', '/api/public/feedback')).body.total).toBeGreaterThan(5);
    // Once done, the next start has nothing to load; a forced re-run doubles nothing.
    expect(await demoYearToLoad(t.ctx, SMALL)).toBeNull();
    const rerun = await seedDemoHistory(t.ctx, plan);
    expect(rerun.errors).toEqual([]);
    expect(await demoDossierCount(t.ctx)).toBe(generated.length);
    expect(await feedbackCount()).toBe(feedback);
  }, 300_000);

  it('the database agrees with the generator: statuses and timeliness', async () => {
    const rows = await t.ctx.db.selectFrom('dossiers').select(['legacy_code', 'status', 'timeliness', 'paused_at']).where('legacy_code', 'like', 'DEMO-%').execute();
    const byCode = new Map(rows.map((r) => [r.legacy_code, r]));
    for (const d of generated) {
      const row = byCode.get(d.line.code)!;
      expect(row.status, d.line.code).toBe(d.facts.status);
      if (d.facts.timeliness) expect(row.timeliness, d.line.code).toBe(d.facts.timeliness);
      expect(row.paused_at !== null, d.line.code).toBe(d.facts.paused);
    }
  });

  it('fills every queue of every demo officer: waiting, in progress, paused, ready, late and due soon', async () => {
    for (const as of ['reception', 'specialist', 'leader', 'btn.reception', 'vpdk.specialist', 'vpdk.leader', 'stp.reception']) {
      const s = (await t.call('GET', '/api/dossiers/summary', { as })).body;
      for (const status of ['submitted', 'processing', 'awaiting_supplement', 'completed', 'returned']) expect(s.byStatus[status], `${as} ${status}`).toBeGreaterThan(0);
      expect(s.late, `${as} late`).toBeGreaterThan(0);
      expect(s.dueSoon, `${as} due soon`).toBeGreaterThan(0);
    }
    for (const as of ['citizen', 'citizen2']) {
      const mine = (await t.call('GET', '/api/dossiers?limit=50', { as })).body;
      expect(mine.total, as).toBe(4);
      expect(new Set(mine.items.map((i: { status: string }) => i.status))).toEqual(new Set(['returned', 'processing', 'awaiting_supplement', 'submitted']));
    }
  });

  it('the KPIs show the figures of the generated year, unit by unit and month by month', async () => {
    // A month of the busiest unit, and a whole year of others.
    for (const [org, from, to] of [['phuong-sai-gon', '2026-10-01', '2026-10-31'], ['phuong-sai-gon', '2025-11-01', '2026-11-30'], ['so-tu-phap', '2025-11-01', '2026-11-30'], ['vpdkdd', '2025-11-01', '2026-11-30']] as const) {
      const local = (d: Date) => new Date(d.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
      const ofUnit = generated.filter((d) => d.line.receivingOrgId === org && local(d.facts.submittedAt) >= from && local(d.facts.submittedAt) <= to);
      const refused = ofUnit.filter((d) => d.facts.status === 'rejected').length;
      const k = (await t.call('GET', `/api/stats/kpis?org=${org}&from=${from}&to=${to}`, { as: 'admin' })).body;
      expect(k.total.received, `${org} ${from}`).toBe(ofUnit.length - refused);
      expect(k.total.refusedAtIntake, `${org} ${from}`).toBe(refused);
      expect(k.total.received).toBeGreaterThan(0);
      const finished = generated.filter((d) => d.line.receivingOrgId === org && d.facts.completedAt && local(d.facts.completedAt) >= from && local(d.facts.completedAt) <= to);
      expect(k.total.finished, `${org} ${from}`).toBe(finished.length);
      expect(k.total.counters.finished_late ?? 0, `${org} ${from}`).toBe(finished.filter((d) => d.facts.timeliness === 'late').length);
    }
    const year766 = (await t.call('GET', '/api/stats/index766?org=h29&period=2026', { as: 'admin' })).body;
    expect(year766.total).toBeGreaterThan(0);
    // Online payment (766 group 6) is measured from the demo year's payments (src/demo/demo-payments.ts).
    const pay = Object.fromEntries((year766.criteria as Array<{ code: string; status: string; numerator: number; denominator: number }>).map((c) => [c.code, c]));
    for (const code of ['6.1', '6.2', '6.3']) expect(pay[code]!.status, code).toBe('measured');
    expect(pay['6.1']!.numerator).toBeGreaterThan(0);
    expect(pay['6.1']!.numerator).toBeLessThan(pay['6.1']!.denominator);
    expect(pay['6.2']!.numerator).toBeGreaterThan(0);
    // The year's population-data checks (src/demo/demo-population.ts): with the population database connected (the
    // demo starts its sandbox; any address will do here, nothing is looked up), 766 4.6 and 4.7 are measured.
    t.ctx.config.population = { url: 'http://127.0.0.1:9', tokenUrl: 'http://127.0.0.1:9/oauth2/token', clientId: 'x', clientSecret: 'y', unitCode: 'z', timeoutMs: 1000 };
    try {
      const connected = (await t.call('GET', '/api/stats/index766?org=h29&period=2026', { as: 'admin' })).body;
      const pop = Object.fromEntries((connected.criteria as Array<{ code: string; status: string; numerator: number; denominator: number }>).map((c) => [c.code, c]));
      expect([pop['4.6']!.status, pop['4.7']!.status]).toEqual(['measured', 'measured']);
      expect(pop['4.6']!.numerator).toBe(10); // DEMO_POPULATION_PROCEDURES, all in the city's competence
      expect(pop['4.7']!.numerator).toBeGreaterThan(0);
      expect(pop['4.7']!.numerator).toBeLessThan(pop['4.7']!.denominator);
    } finally {
      t.ctx.config.population = null;
    }
    const pub = (await t.call('GET', '/api/public/stats?period=2026-10')).body;
    expect(pub.items.reduce((s: number, o: { received: number }) => s + o.received, 0)).toBeGreaterThan(0);
  });
  it('the units\' evaluations of the past months follow their figures: self-scored by the unit, appraised the month after', async () => {
    const ev = async (org: string, period: string) => (await t.call('GET', `/api/evaluations/${org}/${period}`, { as: 'admin' })).body;
    const last = await ev('phuong-sai-gon', '2026-10');
    expect(last.selfTotal).not.toBeNull();
    expect(last.appraisedTotal).toBeNull(); // the last month awaits its appraisal
    let appraised = 0;
    for (const org of ['phuong-sai-gon', 'so-tu-phap', 'vpdkdd', 'phuong-ben-thanh']) {
      for (const period of ['2026-06', '2026-09']) {
        const e = await ev(org, period);
        if (e.indicators[0].suggested === null && e.indicators[6].suggested === null) continue; // a quiet month of a small year
        expect(e.selfTotal, `${org} ${period}`).not.toBeNull();
        expect(e.appraisedTotal, `${org} ${period}`).not.toBeNull();
        appraised++;
        for (const i of e.indicators) {
          // The appraisal holds to the figures; the unit's own score is the figure or at most rounded up to a quarter point.
          if (i.suggested !== null) {
            expect(i.appraisedScore, `${org} ${period} ${i.indicator}`).toBe(i.suggested);
            expect(i.selfScore).toBeGreaterThanOrEqual(i.suggested);
            expect(i.selfScore).toBeLessThanOrEqual(Math.ceil(i.suggested * 4) / 4);
          }
          expect(i.appraisedScore).toBeLessThanOrEqual(i.selfScore);
        }
        expect(['excellent', 'good']).toContain(e.band);
      }
    }
    expect(appraised).toBeGreaterThan(4);
    // Entered through the module as the people who would: Phường Sài Gòn's leader, the city's manager.
    const rows = await t.ctx.db
      .selectFrom('evaluations')
      .innerJoin('users as s', 's.id', 'evaluations.self_by')
      .leftJoin('users as a', 'a.id', 'evaluations.appraised_by')
      .select(['s.username as self', 'a.username as appraiser'])
      .where('evaluations.org_id', '=', 'phuong-sai-gon')
      .where('evaluations.period', '=', '2026-09')
      .execute();
    expect(rows).toHaveLength(9);
    expect(new Set(rows.map((r) => `${r.self}/${r.appraiser}`))).toEqual(new Set(['leader/manager']));
  });
});

describe('a stop after the demo city is created, before the first batch of its year', () => {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-demo-crash-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const clock = () => new Date('2026-11-23T10:00:00+07:00');
  const boot = async (history: { dossiers: number } | null, dataDir: string | null = dir) => {
    const handle = await openAndMigrate({ dataDir });
    const ctx = createContext(handle.db, { clock });
    const seeded = await seedDemoIfEmpty(ctx, { enabled: true, history });
    return { handle, ctx, seeded };
  };

  it('loads the year at the next start: the marker came with the city', async () => {
    const first = await boot({ dossiers: 120 });
    expect(first.seeded.created).toBe(true);
    await first.handle.close(); // the stop: not one dossier of the year written
    const second = await boot({ dossiers: 3000 });
    expect(second.seeded.created).toBe(false);
    expect(await demoDossierCount(second.ctx)).toBe(0);
    const plan = await demoYearToLoad(second.ctx, 3000);
    // The year planned when the city was created, not the size asked now.
    expect(plan).toEqual({ anchor: clock(), dossiers: 120, seed: 14 });
    const r = await seedDemoHistory(second.ctx, plan!);
    expect(r.errors).toEqual([]);
    expect(r.state).toBe('done');
    expect(await demoDossierCount(second.ctx)).toBe(year(14, clock(), 120).length);
    expect(await demoYearToLoad(second.ctx, 3000)).toBeNull();
    await second.handle.close();
  }, 300_000);

  it('writes no marker without the year (--empty, MOTCUA_DEMO_HISTORY=0)', async () => {
    const empty = await boot(null, null);
    expect(empty.seeded.created).toBe(true);
    expect(await empty.ctx.db.selectFrom('settings').select('key').where('key', '=', 'demo_history').execute()).toEqual([]);
    expect(await demoYearToLoad(empty.ctx, 3000)).toBeNull();
    await empty.handle.close();
  });
});
