/**
 * The organisation tree, cached in memory (it is small and read on every request). Permissions are
 * scoped to a subtree: an officer of UBND Phường Sài Gòn covers that ward and its units. The tree is
 * dated (./domain/tree.ts): a unit's parent is the one of its period covering the day,
 * and permissions use today's tree (today by the context's clock, in Vietnam).
 */
import { sql, type Selectable } from 'kysely';
import type { Database } from '../../platform/db/db.ts';
import type { OrganisationsTable } from '../../platform/db/schema-organisations.ts';
import { errors } from '../../kernel/errors.ts';
import { OrgTree, stretchesOf, vietnamDayOf, type IsoDay, type ParentPeriod, type Stretch, type UnitDates } from './domain/tree.ts';

/** A unit as stored, with its parent on the snapshot's day (from the dated tree; null for a root). */
export type Organisation = Selectable<OrganisationsTable> & { parent_id: string | null };

const TTL_MS = 30_000;

/** The Vietnam calendar day of an instant, as the tree's days are written. */
export const vietnamDay = vietnamDayOf;

/** A consistent, synchronous view of the tree on one day: safe to use inside a transaction (no queries). */
export class OrgSnapshot {
  constructor(
    readonly byId: Map<string, Organisation>,
    readonly tree: OrgTree,
    readonly day: IsoDay,
    /** Successor → the closed units whose work it took over (merge, split: migration 039). */
    readonly predecessorsOf: ReadonlyMap<string, readonly string[]> = new Map(),
    readonly successorsOf: ReadonlyMap<string, readonly string[]> = new Map(),
  ) {}

  find(id: string): Organisation | undefined {
    return this.byId.get(id);
  }

  /**
   * True when `orgId` is `ancestorId` or lies below it on the snapshot's day — or is a unit closed by a
   * merge or split whose successor does: the work, archive and figures of a closed unit are its
   * successor's to read (reorganisation, migration 039).
   */
  covers(ancestorId: string | null, orgId: string, seen: Set<string> = new Set()): boolean {
    if (!ancestorId) return false;
    if (this.tree.covers(ancestorId, orgId, this.day)) return true;
    seen.add(orgId);
    return (this.successorsOf.get(orgId) ?? []).some((s) => !seen.has(s) && this.covers(ancestorId, s, seen));
  }

  /**
   * A root of the tree (the city): a unit that never had a parent. Not merely "no parent today": a unit
   * closed or not yet opened has none that day and must not gain city-wide rights by it.
   */
  isRoot(id: string): boolean {
    return this.byId.has(id) && this.tree.periodsOfUnit(id).length === 0;
  }

  /**
   * The ids of the unit and every unit below it on the snapshot's day, and of the units merged or split
   * into any of them (their predecessors, with what lay under those on the day): whose dossiers a list
   * of the subtree shows today. Figures over a period use stretchesOver instead (the tree of each date;
   * docs/measurement.md). Where nothing was merged or split this is the subtree alone.
   */
  subtreeIds(orgId: string): string[] {
    const out = this.tree.subtreeOn(orgId, this.day);
    if (this.predecessorsOf.size === 0) return out;
    const seen = new Set(out);
    for (let i = 0; i < out.length; i++) {
      for (const p of this.predecessorsOf.get(out[i]!) ?? []) {
        for (const id of this.tree.subtreeOn(p, this.day)) {
          if (!seen.has(id)) {
            seen.add(id);
            out.push(id);
          }
        }
      }
    }
    return out;
  }

  /** The units and, after them, every unit that took over from one of them (merge, split): where their open dossiers went. */
  withSuccessors(ids: readonly string[]): string[] {
    const out = [...ids];
    const seen = new Set(out);
    for (let i = 0; i < out.length; i++) {
      for (const s of this.successorsOf.get(out[i]!) ?? []) {
        if (!seen.has(s)) {
          seen.add(s);
          out.push(s);
        }
      }
    }
    return out;
  }

  /**
   * Figures of a unit over a period, per the tree of each date (issue 18): the period cut where the tree
   * changes, each stretch with the units under `orgId` on its days — so a unit moved, merged or split in
   * the middle counts under its old parent before the change and under its new one after it, and the
   * months before a change keep the figures they had. A successor's own figures also take in its
   * predecessors' (their work is its now: `predecessorsOf`), for every day; its parent's do not, before
   * the change. One stretch, equal to subtreeIds, where the tree did not change in the period.
   */
  stretchesOver(orgId: string, from: IsoDay, to: IsoDay): Stretch[] {
    return stretchesOf(this.tree, from, to, (day) => {
      const out = this.tree.subtreeOn(orgId, day);
      const seen = new Set(out);
      const queue = [...(this.predecessorsOf.get(orgId) ?? [])];
      const visited = new Set<string>([orgId]);
      while (queue.length > 0) {
        const p = queue.shift()!;
        if (visited.has(p)) continue;
        visited.add(p);
        for (const id of this.tree.subtreeOn(p, day)) {
          if (!seen.has(id)) {
            seen.add(id);
            out.push(id);
          }
        }
        queue.push(...(this.predecessorsOf.get(p) ?? []));
      }
      return out;
    });
  }
}

interface Loaded {
  at: number;
  rows: Array<Selectable<OrganisationsTable>>;
  tree: OrgTree;
  byEid: Map<string, Selectable<OrganisationsTable>>;
  predecessorsOf: Map<string, string[]>;
  successorsOf: Map<string, string[]>;
  /** Per-day views (parent_id filled in for that day). */
  byDay: Map<IsoDay, Map<string, Organisation>>;
}

export class OrganisationDirectory {
  private cache: Loaded | null = null;

  constructor(
    private readonly db: Database,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  invalidate(): void {
    this.cache = null;
  }

  private async load(): Promise<Loaded> {
    if (this.cache && Date.now() - this.cache.at < TTL_MS) return this.cache;
    const rows = await loadUnits(this.db);
    const periods = await loadParentPeriods(this.db);
    const tree = new OrgTree(rows.map(unitDatesOf), periods);
    const byEid = new Map(rows.filter((r) => r.agency_eid).map((r) => [r.agency_eid!, r]));
    const predecessorsOf = new Map<string, string[]>();
    const successorsOf = new Map<string, string[]>();
    for (const l of await this.db.selectFrom('organisation_successors').select(['org_id', 'successor_id']).orderBy('org_id').orderBy('successor_id').execute()) {
      predecessorsOf.set(l.successor_id, [...(predecessorsOf.get(l.successor_id) ?? []), l.org_id]);
      successorsOf.set(l.org_id, [...(successorsOf.get(l.org_id) ?? []), l.successor_id]);
    }
    this.cache = { at: Date.now(), rows, tree, byEid, predecessorsOf, successorsOf, byDay: new Map() };
    return this.cache;
  }

  private viewOn(loaded: Loaded, day: IsoDay): Map<string, Organisation> {
    let view = loaded.byDay.get(day);
    if (!view) {
      view = new Map(loaded.rows.map((r) => [r.id, { ...r, parent_id: loaded.tree.parentOn(r.id, day) }]));
      loaded.byDay.set(day, view);
    }
    return view;
  }

  private today(): IsoDay {
    return vietnamDay(this.clock());
  }

  /** The tree on a day (default: today). */
  async snapshot(day: IsoDay = this.today()): Promise<OrgSnapshot> {
    const loaded = await this.load();
    return new OrgSnapshot(this.viewOn(loaded, day), loaded.tree, day, loaded.predecessorsOf, loaded.successorsOf);
  }

  async all(): Promise<Organisation[]> {
    return [...(await this.snapshot()).byId.values()];
  }

  async find(id: string): Promise<Organisation | undefined> {
    return (await this.snapshot()).find(id);
  }

  async get(id: string): Promise<Organisation> {
    const org = await this.find(id);
    if (!org) throw errors.notFound('organisation', id);
    return org;
  }

  async findByEid(eid: string): Promise<Organisation | undefined> {
    const row = (await this.load()).byEid.get(eid);
    return row ? this.find(row.id) : undefined;
  }

  /** Ancestors (today) from the root down to the organisation itself. */
  async lineage(id: string): Promise<Organisation[]> {
    const snap = await this.snapshot();
    const org = snap.find(id);
    if (!org) return [];
    return [...snap.tree.ancestorsOn(id, snap.day).reverse().map((a) => snap.find(a)!), org];
  }

  async covers(ancestorId: string | null, orgId: string): Promise<boolean> {
    return (await this.snapshot()).covers(ancestorId, orgId);
  }

  /** The period's stretches and the units whose counters count in each, per the tree of each date (OrgSnapshot.stretchesOver). */
  async stretchesOver(orgId: string, from: IsoDay, to: IsoDay): Promise<Stretch[]> {
    return (await this.snapshot()).stretchesOver(orgId, from, to);
  }

  /** Ids of the unit and its subtree today (with its predecessors): whose dossiers lists show today. */
  async subtreeIds(orgId: string): Promise<string[]> {
    return (await this.snapshot()).subtreeIds(orgId);
  }
}

function unitDatesOf(row: Selectable<OrganisationsTable>): UnitDates {
  return { id: row.id, effectiveFrom: row.effective_from, effectiveTo: row.effective_to };
}

/** Every unit, its effective dates as ISO days (the drivers would turn a date into an instant). */
async function loadUnits(db: Database): Promise<Array<Selectable<OrganisationsTable>>> {
  const rows = await db.selectFrom('organisations').selectAll().orderBy('id').execute();
  const dates = await sql<{ id: string; effective_from: string | null; effective_to: string | null }>`
    SELECT id, effective_from::text AS effective_from, effective_to::text AS effective_to FROM organisations`.execute(db);
  const byId = new Map(dates.rows.map((d) => [d.id, d]));
  return rows.map((r) => ({ ...r, effective_from: byId.get(r.id)?.effective_from ?? null, effective_to: byId.get(r.id)?.effective_to ?? null }));
}

/** Every parent period, dates as ISO days (text, so no driver turns them into instants). */
export async function loadParentPeriods(db: Database): Promise<ParentPeriod[]> {
  const r = await sql<{ org_id: string; parent_id: string; valid_from: string; valid_to: string | null }>`
    SELECT org_id, parent_id, valid_from::text AS valid_from, valid_to::text AS valid_to FROM organisation_parents`.execute(db);
  return r.rows.map((p) => ({ orgId: p.org_id, parentId: p.parent_id, validFrom: p.valid_from, validTo: p.valid_to }));
}
