/** Kysely table types of the measurement module's marks (migration 041_dossier_marks.sql); kept apart from schema.ts like schema-surveys.ts. */
import type { ColumnType } from 'kysely';

/** src/modules/measurement/dossier-marks.ts: a fact a 766 criterion counts once per dossier (041). */
export interface DossierMarksTable {
  dossier_id: string;
  mark: 'digitised' | 'reusing' | 'linked' | 'population_checked';
  org_id: string;
  /** The day the dossier was received (Vietnam time), under which its counter is filed. */
  day: ColumnType<string, string, string>;
  at: ColumnType<Date, Date, Date>;
}

export interface MeasurementTables {
  dossier_marks: DossierMarksTable;
}
