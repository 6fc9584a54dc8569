/**
 * The organisation tree over time (issue 13, item 6). A unit exists from `effectiveFrom` to
 * `effectiveTo` and has one parent per period; which units lie under which is a question about a day,
 * answered from these periods alone (no materialised path). Pure: the caller passes the day.
 *
 * Days are Vietnam calendar days as ISO strings ('2026-03-01'), which compare correctly as strings.
 * Periods are half-open [from, to): a unit moved on 2026-03-01 has its new parent from that day on.
 */

export type IsoDay = string;

/**
 * The Vietnam calendar day of an instant (fixed UTC+7, no daylight saving since 1975; the same rule as
 * the calendar module's local-time.ts, restated so the tree does not depend on the calendar module).
 */
export const vietnamDayOf = (instant: Date): IsoDay => new Date(instant.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);

/** The start of the periods back-filled when the tree became dated: "since records began". */
export const TREE_EPOCH: IsoDay = '1900-01-01';

export interface UnitDates {
  id: string;
  /** null: existed before records began. */
  effectiveFrom: IsoDay | null;
  /** null: still open. The first day the unit no longer exists. */
  effectiveTo: IsoDay | null;
}

export interface ParentPeriod {
  orgId: string;
  parentId: string;
  validFrom: IsoDay;
  /** null: open. Exclusive. */
  validTo: IsoDay | null;
}

const within = (from: IsoDay | null, to: IsoDay | null, day: IsoDay) => (from === null || from <= day) && (to === null || day < to);

/** True when the unit exists on the day. */
export const unitExistsOn = (unit: UnitDates, day: IsoDay): boolean => within(unit.effectiveFrom, unit.effectiveTo, day);

export class OrgTree {
  private readonly periodsOf = new Map<string, ParentPeriod[]>();
  private readonly units = new Map<string, UnitDates>();
  private readonly childrenCache = new Map<IsoDay, Map<string, string[]>>();

  constructor(units: Iterable<UnitDates>, readonly periods: readonly ParentPeriod[]) {
    for (const u of units) this.units.set(u.id, u);
    for (const p of periods) {
      const list = this.periodsOf.get(p.orgId) ?? [];
      list.push(p);
      this.periodsOf.set(p.orgId, list);
    }
    for (const list of this.periodsOf.values()) list.sort((a, b) => (a.validFrom < b.validFrom ? -1 : 1));
  }

  unit(id: string): UnitDates | undefined {
    return this.units.get(id);
  }

  /** The unit's parent periods, oldest first. */
  periodsOfUnit(id: string): readonly ParentPeriod[] {
    return this.periodsOf.get(id) ?? [];
  }

  /** The parent of a unit on the day; null for a root (or a unit with no parent that day). */
  parentOn(id: string, day: IsoDay): string | null {
    const p = this.periodsOf.get(id)?.find((x) => within(x.validFrom, x.validTo, day));
    return p ? p.parentId : null;
  }

  /** Ancestors on the day, nearest first. Stops at a repeated unit, so bad data cannot loop forever. */
  ancestorsOn(id: string, day: IsoDay): string[] {
    const out: string[] = [];
    const seen = new Set([id]);
    for (let p = this.parentOn(id, day); p !== null && !seen.has(p); p = this.parentOn(p, day)) {
      out.push(p);
      seen.add(p);
    }
    return out;
  }

  /** True when `orgId` is `ancestorId` or lies below it on the day. */
  covers(ancestorId: string, orgId: string, day: IsoDay): boolean {
    if (!this.units.has(ancestorId) || !this.units.has(orgId)) return false;
    return ancestorId === orgId || this.ancestorsOn(orgId, day).includes(ancestorId);
  }

  /** The unit and every unit below it on the day (the unit first, then breadth-first). */
  subtreeOn(id: string, day: IsoDay): string[] {
    if (!this.units.has(id)) return [];
    const children = this.childrenOn(day);
    const out = [id];
    const seen = new Set(out);
    for (let i = 0; i < out.length; i++) {
      for (const c of children.get(out[i]!) ?? []) {
        if (!seen.has(c)) {
          seen.add(c);
          out.push(c);
        }
      }
    }
    return out;
  }

  /**
   * The days in (from, to] on which the tree changes: a parent period or a unit starts or ends. Between two
   * of them every subtree is the same, so a period's figures per the tree of each date need one subtree
   * per stretch, not one per day.
   */
  changeDaysWithin(from: IsoDay, to: IsoDay): IsoDay[] {
    const days = new Set<IsoDay>();
    const add = (d: IsoDay | null) => {
      if (d !== null && d > from && d <= to) days.add(d);
    };
    for (const p of this.periods) {
      add(p.validFrom);
      add(p.validTo);
    }
    for (const u of this.units.values()) {
      add(u.effectiveFrom);
      add(u.effectiveTo);
    }
    return [...days].sort();
  }

  /** Units with no parent on the day. */
  rootsOn(day: IsoDay): string[] {
    return [...this.units.keys()].filter((id) => this.parentOn(id, day) === null);
  }

  private childrenOn(day: IsoDay): Map<string, string[]> {
    const hit = this.childrenCache.get(day);
    if (hit) return hit;
    const children = new Map<string, string[]>();
    for (const p of this.periods) {
      if (!within(p.validFrom, p.validTo, day)) continue;
      const list = children.get(p.parentId) ?? [];
      list.push(p.orgId);
      children.set(p.parentId, list);
    }
    this.childrenCache.set(day, children);
    return children;
  }
}

export type MoveProblem =
  | { field: 'id'; reason: 'unknown-unit' | 'root' | 'unit-closed' }
  | { field: 'parentId'; reason: 'unknown-parent' | 'parent-closed' | 'same-parent' | 'cycle' }
  | { field: 'effectiveFrom'; reason: 'before-current-period' };

export interface Move {
  orgId: string;
  parentId: string;
  effectiveFrom: IsoDay;
}

/**
 * What is wrong with moving a unit under a new parent from a day on (empty: nothing). A move takes
 * effect from that day for good, so it must not make a unit its own ancestor on that day or on any
 * later day the tree changes (a move already planned for later).
 */
export function moveProblems(tree: OrgTree, move: Move): MoveProblem[] {
  const unit = tree.unit(move.orgId);
  if (!unit) return [{ field: 'id', reason: 'unknown-unit' }];
  const problems: MoveProblem[] = [];
  const periods = tree.periodsOfUnit(move.orgId);
  const latest = periods[periods.length - 1];
  if (!latest) problems.push({ field: 'id', reason: 'root' });
  if (unit.effectiveTo !== null) problems.push({ field: 'id', reason: 'unit-closed' });
  if (latest && move.effectiveFrom < latest.validFrom) problems.push({ field: 'effectiveFrom', reason: 'before-current-period' });
  const parent = tree.unit(move.parentId);
  if (!parent) problems.push({ field: 'parentId', reason: 'unknown-parent' });
  else if (parent.effectiveTo !== null || !unitExistsOn(parent, move.effectiveFrom)) problems.push({ field: 'parentId', reason: 'parent-closed' });
  else if (move.parentId === move.orgId || createsCycle(tree, move)) problems.push({ field: 'parentId', reason: 'cycle' });
  else if (latest && latest.parentId === move.parentId && latest.validFrom <= move.effectiveFrom) problems.push({ field: 'parentId', reason: 'same-parent' });
  return problems;
}

function createsCycle(tree: OrgTree, move: Move): boolean {
  const after = new OrgTree(unitsOf(tree), applyMove(tree.periods, move));
  const days = new Set([move.effectiveFrom]);
  for (const p of after.periods) {
    if (p.validFrom > move.effectiveFrom) days.add(p.validFrom);
    if (p.validTo !== null && p.validTo > move.effectiveFrom) days.add(p.validTo);
  }
  return [...days].some((day) => after.ancestorsOn(move.parentId, day).includes(move.orgId));
}

function unitsOf(tree: OrgTree): UnitDates[] {
  const ids = new Set(tree.periods.flatMap((p) => [p.orgId, p.parentId]));
  return [...ids].map((id) => tree.unit(id) ?? { id, effectiveFrom: null, effectiveTo: null });
}

/**
 * The parent periods after a move (check moveProblems first): the unit's latest period ends the day
 * the move takes effect and a new one opens; a move on the very day the latest period began replaces
 * that period's parent (a period of no days is not kept).
 */
export function applyMove(periods: readonly ParentPeriod[], move: Move): ParentPeriod[] {
  const own = periods.filter((p) => p.orgId === move.orgId).sort((a, b) => (a.validFrom < b.validFrom ? -1 : 1));
  const latest = own[own.length - 1];
  const others = periods.filter((p) => p.orgId !== move.orgId);
  const kept = own.slice(0, -1);
  const opened: ParentPeriod = { orgId: move.orgId, parentId: move.parentId, validFrom: move.effectiveFrom, validTo: null };
  if (!latest) return [...others, opened];
  if (latest.validFrom === move.effectiveFrom) return [...others, ...kept, opened];
  if (latest.validTo !== null && latest.validTo <= move.effectiveFrom) return [...others, ...own, opened];
  return [...others, ...kept, { ...latest, validTo: move.effectiveFrom }, opened];
}

/** A stretch of days [from, to] (inclusive) and the units whose figures count in it. */
export interface Stretch {
  from: IsoDay;
  to: IsoDay;
  ids: string[];
}

/** The day before an ISO day. */
export const dayBefore = (day: IsoDay): IsoDay => new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

/**
 * Splits [from, to] where the tree changes and names the units of each stretch (`unitsOn(day)`, asked on
 * the stretch's first day); neighbouring stretches with the same units are joined.
 */
export function stretchesOf(tree: OrgTree, from: IsoDay, to: IsoDay, unitsOn: (day: IsoDay) => string[]): Stretch[] {
  const starts = [from, ...tree.changeDaysWithin(from, to)];
  const out: Stretch[] = [];
  starts.forEach((start, i) => {
    const end = i + 1 < starts.length ? dayBefore(starts[i + 1]!) : to;
    const ids = unitsOn(start);
    const last = out[out.length - 1];
    if (last && sameSet(last.ids, ids)) last.to = end;
    else out.push({ from: start, to: end, ids });
  });
  return out;
}

function sameSet(a: string[], b: string[]): boolean {
  const set = new Set(a);
  return a.length === b.length && b.every((x) => set.has(x));
}
