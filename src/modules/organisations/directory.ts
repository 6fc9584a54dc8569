/**
 * The organisation tree, cached in memory (it is small and read on every request). Permissions are
 * scoped to a subtree: an officer of /h29/phuong-sai-gon/ covers that ward and its units.
 */
import type { Database } from '../../platform/db/db.ts';
import type { OrganisationsTable } from '../../platform/db/schema.ts';
import type { Selectable } from 'kysely';
import { errors } from '../../kernel/errors.ts';

export type Organisation = Selectable<OrganisationsTable>;

const TTL_MS = 30_000;

/** A consistent, synchronous view of the tree: safe to use inside a transaction (no queries). */
export class OrgSnapshot {
  constructor(readonly byId: Map<string, Organisation>) {}

  find(id: string): Organisation | undefined {
    return this.byId.get(id);
  }

  /** True when `orgId` is `ancestorId` or lies below it. */
  covers(ancestorId: string | null, orgId: string): boolean {
    if (!ancestorId) return false;
    const a = this.byId.get(ancestorId);
    const o = this.byId.get(orgId);
    return !!a && !!o && o.path.startsWith(a.path);
  }
}

export class OrganisationDirectory {
  private cache: { at: number; byId: Map<string, Organisation>; byEid: Map<string, Organisation> } | null = null;

  constructor(private readonly db: Database) {}

  invalidate(): void {
    this.cache = null;
  }

  private async load() {
    if (this.cache && Date.now() - this.cache.at < TTL_MS) return this.cache;
    const rows = await this.db.selectFrom('organisations').selectAll().orderBy('path').execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    const byEid = new Map(rows.filter((r) => r.agency_eid).map((r) => [r.agency_eid!, r]));
    this.cache = { at: Date.now(), byId, byEid };
    return this.cache;
  }

  async snapshot(): Promise<OrgSnapshot> {
    return new OrgSnapshot((await this.load()).byId);
  }

  async all(): Promise<Organisation[]> {
    return [...(await this.load()).byId.values()];
  }

  async find(id: string): Promise<Organisation | undefined> {
    return (await this.load()).byId.get(id);
  }

  async get(id: string): Promise<Organisation> {
    const org = await this.find(id);
    if (!org) throw errors.notFound('organisation', id);
    return org;
  }

  async findByEid(eid: string): Promise<Organisation | undefined> {
    return (await this.load()).byEid.get(eid);
  }

  /** Ancestors from the root down to the organisation itself. */
  async lineage(id: string): Promise<Organisation[]> {
    const { byId } = await this.load();
    const out: Organisation[] = [];
    for (let org = byId.get(id); org; org = org.parent_id ? byId.get(org.parent_id) : undefined) out.unshift(org);
    return out;
  }

  async covers(ancestorId: string | null, orgId: string): Promise<boolean> {
    return (await this.snapshot()).covers(ancestorId, orgId);
  }
}
