/**
 * DEMO DATA. A year of the demo city (issue 14): dossiers over the twelve months up to `now`, as lines of
 * the historical import (src/modules/dossiers/import.ts), so they reach the database through the same
 * write path as everything else. Pure: a seed, a clock and the units' working calendars in, lines out;
 * the same seed and `now` give the same year.
 *
 * Realistic in the ways the dashboards show: the demo procedures at the units that receive them, times
 * inside working hours (online submissions at any hour), acceptance → each step of the procedure's
 * process → result → return, the channel mix, supplements, refusals at intake, apologies before the
 * deadline and a few late dossiers, so that each unit's on-time rate lies between 95 and 99 % (its own),
 * and ratings. The open dossiers every demo account finds in its queues are ./demo-open.ts's.
 */
import { computeDue, classifyFinish, type Timeliness } from '../modules/calendar/domain/deadlines.ts';
import { DAY_MS, MINUTE_MS, dayNumberOf, formatVietnamIso, fromLocalMs, localMs, type DayNumber } from '../modules/calendar/domain/local-time.ts';
import type { WorkingCalendar } from '../modules/calendar/domain/working-calendar.ts';
import { DEMO_ORGANISATIONS } from './demo-organisations.ts';
import { DEMO_PROCEDURES, type DemoProcedure } from './demo-procedures.ts';
import { APOLOGY_REASONS, RATING_COMMENTS, REFUSAL_REASONS, SUPPLEMENT_REQUESTS, Random, fakeApplicant, hashText, type FakeApplicant } from './demo-random.ts';

export type Channel = 'online' | 'counter' | 'post';
export interface DemoAction {
  action: string;
  at: string;
  [field: string]: unknown;
}
/** One line of the historical import. */
export interface DemoLine {
  code: string;
  procedureCode: string;
  receivingOrgId: string;
  channel: Channel;
  applicant: FakeApplicant;
  form: Record<string, unknown>;
  actions: DemoAction[];
}
export type DemoStatus = 'submitted' | 'awaiting_supplement' | 'processing' | 'completed' | 'returned' | 'rejected' | 'withdrawn';
/** What the generator expects the import to make of a line (tests compare it with the database). */
export interface DemoFacts {
  kind: 'history' | 'open' | 'citizen';
  status: DemoStatus;
  submittedAt: Date;
  /** Set once the dossier is completed: how it finished against its due time. */
  timeliness: Timeliness | null;
  completedAt: Date | null;
  /** The due time while open (null before acceptance); `paused`: waiting for a supplement after acceptance. */
  dueAt: Date | null;
  paused: boolean;
}
export interface DemoDossier {
  line: DemoLine;
  facts: DemoFacts;
}

export interface DemoYearOptions {
  seed: number;
  now: Date;
  /** Dossiers of the past year (the open ones for the demo accounts come on top). */
  dossiers: number;
  calendarOf: (orgId: string) => WorkingCalendar;
}

const min = (n: number) => n * MINUTE_MS;
export const at = (d: Date) => formatVietnamIso(d);
/** Working minutes after `t` on `cal` (whole minutes stay whole). */
export const addWorking = (cal: WorkingCalendar, t: Date, minutes: number) => cal.addWorkingMinutes(t, Math.max(0, Math.round(minutes)));
export const floorMinute = (t: Date) => new Date(Math.floor(t.getTime() / MINUTE_MS) * MINUTE_MS);

/** The code of a demo dossier: its legacy code, marked DEMO and carrying the year's anchor (the minute of `now`). */
export function demoCode(now: Date, kind: 'H' | 'O' | 'C', n: number): string {
  const d = new Date(localMs(now));
  const p = (x: number, w = 2) => String(x).padStart(w, '0');
  return `DEMO-${p(d.getUTCFullYear(), 4)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}-${kind}${p(n, 5)}`;
}
/** The anchor a demo code carries, so a restarted seeding regenerates the very same year. */
export function anchorOfDemoCode(code: string): Date | null {
  const m = /^DEMO-(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})-/.exec(code);
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  return fromLocalMs(Date.UTC(y, mo - 1, d, h, mi));
}

export interface UnitProfile {
  orgId: string;
  area: string;
  weight: number;
  procedures: DemoProcedure[];
  lateRate: number;
  onlineShare: number;
  postShare: number;
  supplementRate: number;
  refusalRate: number;
  ratingRate: number;
  verySatisfied: number;
  dissatisfied: number;
}

const BUSIER: Record<string, number> = { 'phuong-sai-gon': 9, 'phuong-ben-thanh': 8, 'phuong-thu-duc': 7, 'phuong-binh-thanh': 6, vpdkdd: 5, 'so-tu-phap': 6, 'dac-khu-con-dao': 3 };

/** Every unit that receives a demo procedure, with its own habits drawn from the seed. */
export function unitProfiles(seed: number): UnitProfile[] {
  const profiles: UnitProfile[] = [];
  for (const o of DEMO_ORGANISATIONS) {
    const procedures = DEMO_PROCEDURES.filter((p) => (p.receivedAt === 'wards' ? o.kind === 'commune' : p.receivedAt.includes(o.id)));
    if (procedures.length === 0) continue;
    const r = new Random(hashText(`unit:${o.id}`, seed));
    const ward = o.kind === 'commune';
    profiles.push({
      orgId: o.id,
      area: ward ? o.shortName : '',
      weight: BUSIER[o.id] ?? (ward ? 4.5 : 3),
      procedures,
      lateRate: r.between(0.014, 0.045),
      onlineShare: ward ? r.between(0.42, 0.68) : r.between(0.6, 0.85),
      postShare: r.between(0.02, 0.05),
      supplementRate: r.between(0.03, 0.06),
      refusalRate: r.between(0.01, 0.03),
      ratingRate: r.between(0.3, 0.6),
      verySatisfied: r.between(0.55, 0.8),
      dissatisfied: r.between(0.005, 0.03),
    });
  }
  return profiles;
}

/** Short procedures are asked for far more often than building permits. */
export function procedureWeight(p: DemoProcedure): number {
  if (p.duration.unit === 'working_hours') return 6;
  return p.duration.value <= 1 ? 4 : p.duration.value <= 3 ? 3 : p.duration.value <= 10 ? 1.5 : 1;
}

const WARD_NAMES = DEMO_ORGANISATIONS.filter((o) => o.kind === 'commune').map((o) => o.shortName);

export function applicantFor(r: Random, unit: UnitProfile, p: DemoProcedure): FakeApplicant {
  const kind = !p.applicantTypes.includes('individual') || (p.applicantTypes.includes('organisation') && r.chance(0.2)) ? 'organisation' : 'individual';
  return fakeApplicant(r, unit.area || r.pick(WARD_NAMES), kind);
}

/** A minute inside the working periods of `day`, or null on a day off. */
function workingInstantOn(cal: WorkingCalendar, day: DayNumber, r: Random): Date | null {
  const periods = cal.dayPlan(day).periods;
  const total = periods.reduce((s, [a, b]) => s + b - a, 0);
  if (total === 0) return null;
  let m = r.int(0, total - 1);
  for (const [a, b] of periods) {
    if (m < b - a) return fromLocalMs(day * DAY_MS + min(a + m));
    m -= b - a;
  }
  return null;
}

/** Everything random about a dossier of the year, drawn before its timeline so the late re-plan changes nothing else. */
interface Plan {
  unit: UnitProfile;
  procedure: DemoProcedure;
  channel: Channel;
  applicant: FakeApplicant;
  submittedAt: Date;
  outcome: 'refused' | 'withdrawn' | 'handled';
  supplement: 'none' | 'intake' | 'processing';
  acceptDelay: number;
  supplementDelays: [number, number, number];
  /** Share of the available working time used when finishing in time. */
  used: number;
  overrun: number;
  apology: boolean;
  returnDelay: number;
  rating: { level: 'very_satisfied' | 'satisfied' | 'dissatisfied'; comment?: string; delay: number } | null;
  /** For the texts of the timeline (reasons, tracking codes). */
  textSeed: number;
}

function drawPlan(seed: number, i: number, now: Date, units: UnitProfile[], calendarOf: (id: string) => WorkingCalendar): Plan {
  const r = new Random(hashText(`dossier:${i}`, seed));
  const unit = r.weighted(units, (u) => u.weight);
  const procedure = r.weighted(unit.procedures, procedureWeight);
  const c = r.next();
  const channel: Channel = c < unit.onlineShare ? 'online' : c < unit.onlineShare + unit.postShare ? 'post' : 'counter';
  const cal = calendarOf(unit.orgId);
  const today = dayNumberOf(now);
  let submittedAt: Date | null = null;
  for (let back = r.int(1, 364); submittedAt === null || submittedAt >= now; back++) {
    const day = today - (back % 365);
    // Online at any hour from early morning to late evening; at the counter or by post within working hours.
    submittedAt = channel === 'online' ? fromLocalMs(day * DAY_MS + min(r.int(6 * 60, 23 * 60))) : workingInstantOn(cal, day, r);
  }
  const refused = r.chance(unit.refusalRate);
  const withdrawn = !refused && r.chance(0.006);
  const supplement = r.chance(unit.supplementRate) ? (r.chance(0.5) ? 'intake' : 'processing') : 'none';
  const lv = r.next();
  const level = lv < unit.dissatisfied ? 'dissatisfied' : lv < unit.dissatisfied + unit.verySatisfied ? 'very_satisfied' : 'satisfied';
  return {
    unit,
    procedure,
    channel,
    applicant: applicantFor(r, unit, procedure),
    submittedAt,
    outcome: refused ? 'refused' : withdrawn ? 'withdrawn' : 'handled',
    supplement,
    acceptDelay: channel === 'counter' ? r.int(3, 25) : r.int(20, 600),
    supplementDelays: [r.int(15, 240), r.int(240, 2400), r.int(10, 240)],
    // Mostly comfortably in time: a quarter of the time up to nearly all of it.
    used: r.chance(0.6) ? r.between(0.15, 0.6) : r.between(0.6, 0.97),
    overrun: r.int(30, 1440),
    apology: r.chance(0.75),
    returnDelay: r.chance(0.5) ? 0 : r.int(10, 960),
    rating: r.chance(unit.ratingRate) ? { level, delay: r.int(10, 2400), ...(r.chance(0.3) ? { comment: r.pick(RATING_COMMENTS[level]) } : {}) } : null,
    textSeed: r.int(0, 2 ** 31),
  };
}

export function supplementRequest(r: Random) {
  const s = r.pick(SUPPLEMENT_REQUESTS);
  return { reason: s.reason, items: [{ name: s.item, reason: s.itemReason }] };
}

/** Hand-overs through the process from step 0 to step `to`, spread evenly between `from` and `until`. */
export function handOvers(steps: number, to: number, from: Date, until: Date, cal: WorkingCalendar, weights?: number[]): DemoAction[] {
  const span = Math.max(0, cal.workingMinutesBetween(from, until));
  const w = weights ?? Array.from({ length: steps }, () => 1);
  const total = w.slice(0, to + 1).reduce((s, x) => s + x, 0) || 1;
  const out: DemoAction[] = [];
  let cum = 0;
  for (let k = 1; k <= to; k++) {
    cum += w[k - 1]!;
    out.push({ action: 'hand_over', at: at(addWorking(cal, from, (span * cum) / total)) });
  }
  return out;
}

/** The dossier's whole history as planned (some of it may lie after `now`; the caller cuts it). */
function timeline(plan: Plan, late: boolean, cal: WorkingCalendar): { actions: Array<DemoAction & { t: Date }>; timeliness: Timeliness | null; completedAt: Date | null } {
  const rr = new Random(plan.textSeed);
  const actions: Array<DemoAction & { t: Date }> = [];
  const push = (t: Date, action: string, fields: Record<string, unknown> = {}) => actions.push({ action, at: at(t), t, ...fields });
  const S = plan.submittedAt;
  push(S, 'submit');
  if (plan.outcome === 'refused') {
    push(addWorking(cal, S, plan.acceptDelay), 'reject', { reason: rr.pick(REFUSAL_REASONS) });
    return { actions, timeliness: null, completedAt: null };
  }
  let A = addWorking(cal, S, plan.acceptDelay);
  if (plan.supplement === 'intake') {
    const asked = addWorking(cal, S, plan.supplementDelays[0]);
    const supplied = addWorking(cal, asked, plan.supplementDelays[1]);
    push(asked, 'request_supplement', supplementRequest(rr));
    push(supplied, 'supplement', { note: 'Đã bổ sung theo yêu cầu.' });
    A = addWorking(cal, supplied, plan.supplementDelays[2]);
  }
  if (plan.outcome === 'withdrawn') {
    push(addWorking(cal, S, plan.acceptDelay / 2), 'withdraw', { reason: 'Người nộp rút hồ sơ để điều chỉnh nội dung yêu cầu.' });
    return { actions: actions.slice(0, 1).concat(actions.slice(-1)), timeliness: null, completedAt: null };
  }
  push(A, 'accept');
  let due = computeDue(cal, A, plan.procedure.duration);
  let W0 = A;
  if (plan.supplement === 'processing') {
    const asked = addWorking(cal, A, Math.min(plan.supplementDelays[0], cal.workingMinutesBetween(A, due) * 0.3));
    const supplied = addWorking(cal, asked, plan.supplementDelays[1]);
    push(asked, 'request_supplement', supplementRequest(rr));
    push(supplied, 'supplement', { note: 'Đã nộp bổ sung giấy tờ.' });
    // The clock stood still meanwhile: the working time left at the request is counted again from the supplement (domain §2).
    const left = cal.workingMinutesBetween(asked, due);
    if (left > 0) due = cal.addWorkingMinutes(supplied, left);
    W0 = supplied;
  }
  const available = cal.workingMinutesBetween(W0, due);
  const F = late ? addWorking(cal, due, plan.overrun) : addWorking(cal, W0, Math.max(1, Math.floor(available * plan.used)));
  const steps = plan.procedure.process;
  const middle: Array<DemoAction & { t: Date }> = handOvers(steps.length, steps.length - 1, W0, F, cal, steps.map((s) => s.durationHours)).map((a) => ({ ...a, t: new Date(a.at) }));
  if (late && plan.apology) {
    // Apologise before the deadline with a new appointment after the planned finish (domain §1).
    const t = addWorking(cal, W0, Math.floor(available * 0.85));
    middle.push({ action: 'apologize', at: at(t), t, reason: rr.pick(APOLOGY_REASONS), newAppointmentAt: at(floorMinute(addWorking(cal, F, 240))) });
    middle.sort((a, b) => a.t.getTime() - b.t.getTime());
  }
  actions.push(...middle);
  push(F, 'complete', { summary: plan.procedure.resultName });
  const returned = addWorking(cal, F, plan.returnDelay);
  push(returned, 'return_result', { channel: plan.channel, ...(plan.channel === 'post' ? { postalTrackingCode: `EB${String(rr.int(0, 99_999_999)).padStart(9, '0')}VN` } : {}) });
  if (plan.rating) push(new Date(returned.getTime() + min(plan.rating.delay)), 'rate', { level: plan.rating.level, ...(plan.rating.comment ? { comment: plan.rating.comment } : {}) });
  return { actions, timeliness: late ? 'late' : classifyFinish(due, F), completedAt: F };
}

/** The status a history leaves the dossier in (the import replays the same lifecycle). */
export function statusAfter(actions: readonly DemoAction[]): { status: DemoStatus; paused: boolean } {
  let status: DemoStatus = 'submitted';
  let resume = 'submitted' as DemoStatus;
  for (const a of actions) {
    if (a.action === 'accept') status = 'processing';
    else if (a.action === 'request_supplement') {
      resume = status;
      status = 'awaiting_supplement';
    }
    else if (a.action === 'supplement') status = resume;
    else if (a.action === 'reject') status = 'rejected';
    else if (a.action === 'withdraw') status = 'withdrawn';
    else if (a.action === 'complete') status = 'completed';
    else if (a.action === 'return_result') status = 'returned';
  }
  return { status, paused: status === 'awaiting_supplement' && resume === 'processing' };
}

/**
 * The dossiers of the twelve months up to `now`. Each unit's late dossiers are a quota of its finished
 * ones (its own rate, 1.4–4.5 %), so every unit's on-time rate lands between 95 and 99 %.
 */
export function generateHistory(o: DemoYearOptions): DemoDossier[] {
  const units = unitProfiles(o.seed);
  const plans = Array.from({ length: o.dossiers }, (_, i) => drawPlan(o.seed, i, o.now, units, o.calendarOf));
  const calOf = (p: Plan) => o.calendarOf(p.unit.orgId);
  const planned = plans.map((p) => timeline(p, false, calOf(p)));
  for (const u of units) {
    const finished = plans.flatMap((p, i) => (p.unit === u && planned[i]!.completedAt && planned[i]!.completedAt! < o.now ? [i] : []));
    if (finished.length === 0) continue;
    const quota = Math.max(1, Math.round(finished.length * u.lateRate));
    let taken = 0;
    for (const i of new Random(hashText(`late:${u.orgId}`, o.seed)).shuffle(finished)) {
      if (taken >= quota) break;
      const t = timeline(plans[i]!, true, calOf(plans[i]!));
      // Only one that is finished by now, late: the quota is of finished dossiers.
      if (t.completedAt! < o.now) {
        planned[i] = t;
        taken++;
      }
    }
  }
  return plans.map((p, i) => {
    const t = planned[i]!;
    // What lies after `now` has not happened yet: such a dossier is still open.
    const actions = t.actions.filter((a) => a.t < o.now).map(({ t: _t, ...a }) => a);
    const { status, paused } = statusAfter(actions);
    const completed = t.completedAt && t.completedAt < o.now ? t.completedAt : null;
    return {
      line: { code: demoCode(o.now, 'H', i + 1), procedureCode: p.procedure.code, receivingOrgId: p.unit.orgId, channel: p.channel, applicant: p.applicant, form: {}, actions },
      facts: { kind: 'history', status, paused, submittedAt: p.submittedAt, timeliness: completed ? t.timeliness : null, completedAt: completed, dueAt: null },
    };
  });
}
