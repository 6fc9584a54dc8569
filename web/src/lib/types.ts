/** Shapes of the API answers the screens use (see /api/openapi.json for all of them). */
export interface Label {
  vi: string;
  en: string;
}

export interface ProcedureSummary {
  code: string;
  name: string;
  field: { code: string; name: string };
  level: 'province' | 'commune';
  onlineLevel: 'full' | 'partial';
  feeVnd: number | null;
  duration: { value: number; unit: string; label: string };
}

// The procedure's components and form fields are stored and served as the server defines them.
import type { ProcedureComponent, ProcedureFormField } from '../../../src/platform/db/schema.ts';
import type { OpenClock } from '../../../src/modules/dossiers/domain/timeliness.ts';
export type Component = ProcedureComponent;
export type FormField = ProcedureFormField;

export interface ProcessStep {
  step?: number;
  name: string;
  role: 'reception' | 'specialist' | 'leader';
  durationHours: number;
  org?: { id: string; name: string } | null;
  orgId?: string | null;
}

export interface Procedure extends ProcedureSummary {
  feeNote: string | null;
  legalBasis: string;
  description: string | null;
  applicantTypes: Array<'individual' | 'organisation'>;
  components: Component[];
  formFields: FormField[];
  resultName: string | null;
  process: ProcessStep[];
  receivingOrgs: Array<{ id: string; name: string; agencyEid: string | null; address: string | null }>;
  published?: boolean;
}

export interface Attachment {
  uploadId: string;
  componentCode: string;
  componentName: string | null;
  filename: string;
  mediaType: string;
  size: number;
  url: string;
}

export interface HistoryEntry {
  seq: number;
  action: string;
  label: Label;
  fromStatus: string | null;
  toStatus: string;
  at: string;
  /** id and name are null in the applicant's view (officers are shown by their unit). */
  actor: { id: string | null; name: string | null; role: string; orgName: string | null };
  payload: Record<string, unknown>;
  /** Who may read the entry's note: officers only, or the applicant too. */
  noteVisibility?: 'internal' | 'applicant';
}

export interface Dossier {
  id: string;
  code: string;
  /** Sent back with every action (expectedVersion), so an action applies only to what the officer saw. */
  version: number;
  procedure: { code: string; name: string };
  status: string;
  statusLabel: Label;
  channel: string;
  applicant: Record<string, string>;
  form: Record<string, unknown>;
  lookupSecret: string;
  receivingOrg: { id: string; name: string; agencyEid: string | null };
  currentOrg: { id: string; name: string };
  currentStep: { index: number; name: string; role: string; orgId: string; startedAt: string | null; dueAt: string | null } | null;
  process: { steps: Array<{ name: string; role: string; orgId: string | null; durationHours: number }> };
  submittedAt: string;
  acceptedAt: string | null;
  dueAt: string | null;
  appointmentAt: string | null;
  finishedAt: string | null;
  timeliness: string | null;
  openTimeliness: string | null;
  /** Where the open dossier stands now, by the server's one rule; null when not open. */
  clock: OpenClock | null;
  workingMinutesLeft: number | null;
  /** Within one working day of the due time, not late (the server's threshold). */
  dueSoon: boolean;
  supplementRequests: number;
  resultUploadId: string | null;
  rating: { level: string; comment?: string } | null;
  attachments: Attachment[];
  history: HistoryEntry[];
  availableActions: string[];
  documents: Array<{ kind: string; title: string; form: string | null; url: string; verifyUrl?: string; revoked?: boolean }>;
}

export interface DossierItem {
  code: string;
  status: string;
  statusLabel: Label;
  procedure: { code: string; name: string };
  applicantName: string;
  submittedAt: string;
  dueAt: string | null;
  appointmentAt: string | null;
  finishedAt: string | null;
  timeliness: string | null;
  overdue: boolean;
  /** Where the open dossier stands now, by the server's one rule; null when not open. */
  clock: OpenClock | null;
  workingMinutesLeft: number | null;
  /** Within one working day of the due time, not late (the server's threshold). */
  dueSoon: boolean;
  currentOrgId: string;
}

export interface DraftData {
  receivingOrgId?: string;
  applicant?: Record<string, string>;
  form?: Record<string, string | number | boolean | null>;
  attachments?: Array<{ componentCode: string; uploadId: string; filename?: string; size?: number }>;
  step?: number;
}

export interface Draft {
  id: string;
  procedure: { code: string; name: string };
  data: DraftData;
  createdAt: string;
  updatedAt: string;
}

export interface Organisation {
  id: string;
  parentId: string | null;
  name: string;
  shortName: string | null;
  kind: string;
  agencyEid: string | null;
  address: string | null;
  phone: string | null;
}
