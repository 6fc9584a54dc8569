/** Kysely table types of the population-data check (migration 037_population_checks.sql); kept apart from schema.ts like schema-surveys.ts. */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date, Date>;

/** A field of the applicant that differs from the registry, with the registry's value of it only. */
export interface PopulationDifference {
  field: 'fullName' | 'birthDate' | 'address';
  registry: string | null;
}

/** src/modules/integrations/population/: one row per check of a dossier's applicant (037). */
export interface PopulationChecksTable {
  id: Generated<string>;
  dossier_id: string;
  checked_at: Timestamp;
  trigger: 'arrival' | 'officer' | 'history';
  result: 'match' | 'mismatch' | 'not_found' | 'unavailable';
  differences: ColumnType<PopulationDifference[], string | undefined, string>;
  checked_by: string | null;
  delivery_key: string | null;
  error: string | null;
}

export interface PopulationTables {
  population_checks: PopulationChecksTable;
}
