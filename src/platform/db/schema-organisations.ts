/** Kysely table types of the organisations module (organisation tree over time: migrations 001, 024); merged into the DB type in schema.ts. */
import type { ColumnType, Generated } from 'kysely';

type Json<T> = ColumnType<T, string, string>;
type DefaultedTimestamp = ColumnType<Date, Date | undefined, Date>;

/** Its parent per period is in organisation_parents (src/modules/organisations/domain/tree.ts). */
export interface OrganisationsTable {
  id: string;
  name: string;
  short_name: string | null;
  kind: 'province' | 'department' | 'commune' | 'unit' | 'centre';
  agency_eid: string | null;
  address: string | null;
  phone: string | null;
  email: string | null;
  calendar: Json<OrgCalendarConfig>;
  active: Generated<boolean>;
  is_demo: Generated<boolean>;
  created_at: DefaultedTimestamp;
  /** ISO days (read as text); null from: since records began; null to: open. */
  effective_from: ColumnType<string | null, string | null | undefined, string | null>;
  effective_to: ColumnType<string | null, string | null | undefined, string | null>;
  /** After a merge or split (later issue): the unit that took over a closed unit's work. */
  successor_id: ColumnType<string | null, string | null | undefined, string | null>;
}

/** A unit's parent over [valid_from, valid_to) (ISO days; valid_to null = open). */
export interface OrganisationParentsTable {
  org_id: string;
  parent_id: string;
  valid_from: string;
  valid_to: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface OrgCalendarConfig {
  /** Seven entries, Sunday first, "07:30-11:30,13:00-17:00" or "" for a rest day. */
  weeklyHours?: string[];
  /** "15:00" or null. */
  cutoff?: string | null;
}

export interface OrganisationTables {
  organisations: OrganisationsTable;
  organisation_parents: OrganisationParentsTable;
}
