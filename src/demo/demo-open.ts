/**
 * DEMO DATA. The open dossiers of the demo year: in every queue of every demo officer (waiting for
 * acceptance, at each step of the process, waiting for a supplement, result ready), some due soon,
 * some late, some paused; and the demo citizens' own dossiers. Lines of the historical import, like
 * ./demo-history.ts; pure and seeded.
 */
import { classifyFinish, computeDue, type Duration } from '../modules/calendar/domain/deadlines.ts';
import { DAY_MS, MINUTE_MS } from '../modules/calendar/domain/local-time.ts';
import { WorkingCalendar, DEFAULT_WEEKLY_HOURS, parsePeriods } from '../modules/calendar/domain/working-calendar.ts';
import { OFFICIAL_YEARS } from '../modules/calendar/domain/official-years.ts';
import { DEMO_ORGANISATIONS } from './demo-organisations.ts';
import { DEMO_PROCEDURES, type DemoProcedure } from './demo-procedures.ts';
import { DEMO_ACCOUNTS } from './seed.ts';
import { APOLOGY_REASONS, Random, hashText } from './demo-random.ts';
import {
  addWorking, applicantFor, at, demoCode, floorMinute, generateHistory, handOvers, statusAfter, supplementRequest, unitProfiles,
  type DemoAction, type DemoDossier, type DemoLine, type DemoYearOptions, type UnitProfile,
} from './demo-history.ts';

const procedure = (code: string) => DEMO_PROCEDURES.find((p) => p.code === code)!;

/**
 * The latest acceptance, not after `notAfter`, whose due time is at or before `targetDue`: a dossier
 * accepted then is due when wanted (computeDue only moves forward with its start).
 */
export function acceptedForDue(cal: WorkingCalendar, duration: Duration, targetDue: Date, notAfter: Date): Date {
  let lo = Math.floor((targetDue.getTime() - 400 * DAY_MS) / MINUTE_MS);
  let hi = Math.floor(Math.min(targetDue.getTime(), notAfter.getTime()) / MINUTE_MS);
  const dueOf = (m: number) => computeDue(cal, new Date(m * MINUTE_MS), duration).getTime();
  if (dueOf(hi) <= targetDue.getTime()) return new Date(hi * MINUTE_MS);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (dueOf(mid) <= targetDue.getTime()) lo = mid;
    else hi = mid;
  }
  return new Date(lo * MINUTE_MS);
}

type Recipe =
  | { kind: 'submitted'; minutesAgo: number }
  | { kind: 'intake_supplement' }
  | { kind: 'processing'; step: number; due: 'soon' | 'late' | 'normal'; apology?: boolean }
  | { kind: 'paused'; step: number }
  | { kind: 'completed' }
  | { kind: 'returned' };

interface OpenContext {
  now: Date;
  r: Random;
  cal: WorkingCalendar;
}

/** The actions of one open dossier cooked to a recipe (times before `now`, due times where wanted). */
function actionsFor(p: DemoProcedure, recipe: Recipe, { now, r, cal }: OpenContext, online: boolean): DemoAction[] {
  const steps = p.process.length;
  if (recipe.kind === 'submitted') return [{ action: 'submit', at: at(floorMinute(new Date(now.getTime() - recipe.minutesAgo * MINUTE_MS))) }];
  if (recipe.kind === 'intake_supplement') {
    const S = floorMinute(new Date(now.getTime() - r.int(20, 60) * 60 * MINUTE_MS));
    return [{ action: 'submit', at: at(S) }, { action: 'request_supplement', at: at(addWorking(cal, S, r.int(20, 120))), ...supplementRequest(r) }].filter((a) => new Date(a.at) < now);
  }
  const durationMin = Math.max(60, cal.workingMinutesBetween(now, computeDue(cal, now, p.duration)));
  const target =
    recipe.kind === 'processing' && recipe.due === 'soon'
      ? addWorking(cal, now, r.int(30, Math.min(300, durationMin - 10)))
      : recipe.kind === 'processing' && recipe.due === 'late'
        ? new Date(now.getTime() - r.int(1, 4) * DAY_MS)
        : recipe.kind === 'returned'
          ? new Date(now.getTime() - r.int(30, 60) * DAY_MS)
          : addWorking(cal, now, Math.max(60, Math.round(durationMin * r.between(0.3, 0.7))));
  const A = acceptedForDue(cal, p.duration, target, new Date(now.getTime() - 30 * MINUTE_MS));
  const S = online ? floorMinute(new Date(A.getTime() - r.int(60, 1440) * MINUTE_MS)) : new Date(A.getTime() - r.int(5, 20) * MINUTE_MS);
  const out: DemoAction[] = [{ action: 'submit', at: at(S) }, { action: 'accept', at: at(A) }];
  // A returned dossier of the past was handled in time: its steps fit before its due time.
  const end = recipe.kind === 'returned' ? computeDue(cal, A, p.duration) : now;
  const span = (share: number) => new Date(A.getTime() + Math.floor(((end.getTime() - A.getTime()) * share) / MINUTE_MS) * MINUTE_MS);
  const weights = p.process.map((s) => s.durationHours);
  if (recipe.kind === 'processing') {
    out.push(...handOvers(steps, recipe.step, A, span(0.8), cal, weights));
    if (recipe.apology) {
      // Apologised before the deadline, with an appointment still ahead.
      const before = new Date(Math.min(span(0.9).getTime(), new Date(computeDue(cal, A, p.duration).getTime() - MINUTE_MS).getTime()));
      out.push({ action: 'apologize', at: at(before), reason: r.pick(APOLOGY_REASONS), newAppointmentAt: at(floorMinute(addWorking(cal, now, r.int(240, 960)))) });
      out.sort((a, b) => new Date(a.at).getTime() - new Date(b.at).getTime());
    }
  } else if (recipe.kind === 'paused') {
    out.push(...handOvers(steps, recipe.step, A, span(0.5), cal, weights));
    out.push({ action: 'request_supplement', at: at(span(0.7)), ...supplementRequest(r) });
  } else {
    out.push(...handOvers(steps, steps - 1, A, span(0.5), cal, weights));
    out.push({ action: 'complete', at: at(span(0.7)), summary: p.resultName });
    if (recipe.kind === 'returned') {
      out.push({ action: 'return_result', at: at(span(0.75)), channel: online ? 'online' : 'counter' });
      out.push({ action: 'rate', at: at(span(0.8)), level: 'very_satisfied', comment: 'Cán bộ hướng dẫn tận tình, giải quyết nhanh.' });
    }
  }
  return out;
}

/** What each demo officer's queues hold: per receiving unit, the procedures and recipes. */
function officerQueues(): Array<{ orgId: string; procedure: string; recipes: Recipe[] }> {
  const everyStep = (p: DemoProcedure, from = 0): Recipe[] =>
    p.process.slice(from).flatMap((_, k): Recipe[] => [
      { kind: 'processing', step: from + k, due: 'soon' },
      { kind: 'processing', step: from + k, due: 'late', apology: k % 2 === 0 },
      { kind: 'processing', step: from + k, due: 'normal' },
    ]);
  const intake: Recipe[] = [{ kind: 'submitted', minutesAgo: 25 }, { kind: 'submitted', minutesAgo: 190 }, { kind: 'submitted', minutesAgo: 1500 }, { kind: 'intake_supplement' }];
  const tail: Recipe[] = [{ kind: 'paused', step: 1 }, { kind: 'paused', step: 0 }, { kind: 'completed' }, { kind: 'completed' }];
  const wardQueues = (orgId: string) => [
    { orgId, procedure: '2.000720.H29', recipes: [...intake, ...tail] },
    { orgId, procedure: '2.000815.H29', recipes: [{ kind: 'submitted', minutesAgo: 10 } as Recipe, { kind: 'processing', step: 1, due: 'soon' } as Recipe] },
    { orgId, procedure: '1.000894.H29', recipes: everyStep(procedure('1.000894.H29')) },
  ];
  return [
    ...wardQueues('phuong-sai-gon'),
    ...wardQueues('phuong-ben-thanh'),
    // Liên thông: received at the ward, the Land Registration Office's steps (2 and 3) after it.
    { orgId: 'phuong-sai-gon', procedure: '1.012795.H29', recipes: everyStep(procedure('1.012795.H29'), 2).filter((x) => x.kind === 'processing' && x.step < 4) },
    { orgId: 'vpdkdd', procedure: '1.001029.H29', recipes: [...intake, ...everyStep(procedure('1.001029.H29')), ...tail] },
    { orgId: 'so-tu-phap', procedure: '2.000488.H29', recipes: [...intake, ...everyStep(procedure('2.000488.H29')), ...tail] },
  ];
}

export function generateOpen(o: DemoYearOptions): DemoDossier[] {
  const units = new Map(unitProfiles(o.seed).map((u) => [u.orgId, u]));
  const out: DemoDossier[] = [];
  const add = (kind: 'open' | 'citizen', line: Omit<DemoLine, 'code'>, n: number) => {
    const { status, paused } = statusAfter(line.actions);
    // Completed ones were completed before their due time (their recipes have no supplement that would move it).
    const complete = line.actions.find((a) => a.action === 'complete');
    const accept = line.actions.find((a) => a.action === 'accept');
    const completedAt = complete ? new Date(complete.at) : null;
    const timeliness = completedAt && accept ? classifyFinish(computeDue(o.calendarOf(line.receivingOrgId), new Date(accept.at), procedure(line.procedureCode).duration), completedAt) : null;
    out.push({ line: { code: demoCode(o.now, kind === 'open' ? 'O' : 'C', n), ...line }, facts: { kind, status, paused, submittedAt: new Date(line.actions[0]!.at), timeliness, completedAt, dueAt: dueOf(line, o) } });
  };
  let n = 0;
  for (const q of officerQueues()) {
    const p = procedure(q.procedure);
    for (const recipe of q.recipes) {
      n++;
      const r = new Random(hashText(`open:${n}`, o.seed));
      const online = recipe.kind === 'submitted' || r.chance(0.5);
      const unit = units.get(q.orgId) as UnitProfile;
      add('open', { procedureCode: p.code, receivingOrgId: q.orgId, channel: online ? 'online' : 'counter', applicant: applicantFor(r, unit, p), form: {}, actions: actionsFor(p, recipe, { now: o.now, r, cal: o.calendarOf(q.orgId) }, online) }, n);
    }
  }
  // The demo citizens' own: one returned and rated, one in progress, one awaiting a supplement, one just sent.
  let c = 0;
  for (const a of DEMO_ACCOUNTS.filter((x) => x.role === 'citizen')) {
    const applicant = { type: 'individual' as const, fullName: a.fullName, idNumber: a.idNumber!, address: a.address!, phone: a.phone! };
    const mine: Array<[string, string, Recipe]> = [
      ['phuong-sai-gon', '1.004873.H29', { kind: 'returned' }],
      ['phuong-sai-gon', '2.000720.H29', { kind: 'processing', step: 1, due: 'normal' }],
      ['phuong-ben-thanh', '1.000894.H29', { kind: 'intake_supplement' }],
      ['phuong-ben-thanh', '2.001035.H29', { kind: 'submitted', minutesAgo: 95 }],
    ];
    for (const [orgId, code, recipe] of mine) {
      c++;
      const r = new Random(hashText(`citizen:${c}`, o.seed));
      add('citizen', { procedureCode: code, receivingOrgId: orgId, channel: 'online', applicant, form: {}, actions: actionsFor(procedure(code), recipe, { now: o.now, r, cal: o.calendarOf(orgId) }, true) }, c);
    }
  }
  return out;
}

/** The due time an open dossier has now as the lifecycle computes it (null before acceptance or once finished). */
function dueOf(line: Omit<DemoLine, 'code'>, o: DemoYearOptions): Date | null {
  const accept = line.actions.find((a) => a.action === 'accept');
  const { status } = statusAfter(line.actions);
  if (!accept || !['processing', 'awaiting_supplement'].includes(status)) return null;
  return computeDue(o.calendarOf(line.receivingOrgId), new Date(accept.at), procedure(line.procedureCode).duration);
}

/** The demo year: the history, then the open dossiers and the citizens' own. */
export function generateDemoYear(o: DemoYearOptions): DemoDossier[] {
  return [...generateHistory(o), ...generateOpen(o)];
}

/**
 * The demo units' working calendars as the server builds them from the seeded data (the national
 * years, a unit's own weekly hours): for tests and for generating without a database.
 */
export function demoCalendarOf(): (orgId: string) => WorkingCalendar {
  const yearSchedules = Object.fromEntries(OFFICIAL_YEARS.map((y) => [y.year, y]));
  const cache = new Map<string, WorkingCalendar>();
  return (orgId) => {
    let c = cache.get(orgId);
    if (!c) {
      const hours = DEMO_ORGANISATIONS.find((x) => x.id === orgId)?.calendar?.weeklyHours;
      c = new WorkingCalendar({ weeklyHours: hours ? hours.map(parsePeriods) : DEFAULT_WEEKLY_HOURS, cutoffMinute: null, yearSchedules });
      cache.set(orgId, c);
    }
    return c;
  };
}
