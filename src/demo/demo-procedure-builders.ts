/** DEMO DATA: the shape of a demo procedure and the short builders its lists (./demo-procedures-*.ts) are written with. */
import type { ProcedureComponent, ProcedureFormField, ProcedureStepConfig } from '../platform/db/schema-catalogue.ts';
import { FIELD_LABELS_EN, OPTION_LABELS_EN } from './demo-form-labels.ts';

export interface DemoProcedure {
  code: string;
  name: string;
  field: string;
  level: 'province' | 'commune';
  onlineLevel: 'full' | 'partial';
  /** 0: free; null: depends on the case (explained in feeNote). */
  feeVnd: number | null;
  feeNote?: string;
  duration: { value: number; unit: 'working_days' | 'working_hours' | 'calendar_days' | 'months' };
  legalBasis: string;
  description?: string;
  applicantTypes: Array<'individual' | 'organisation'>;
  components: ProcedureComponent[];
  formFields: ProcedureFormField[];
  process: ProcedureStepConfig[];
  resultName: string;
  /** Organisation ids that receive it; 'wards' = every commune-level unit. */
  receivedAt: string[] | 'wards';
}

export const c = (code: string, name: string, originals: number, copies: number, required = true, extra: Partial<ProcedureComponent> = {}): ProcedureComponent => ({ code, name, originals, copies, required, ...extra });
/** A form field with its English label (and its options' labels) from ./demo-form-labels.ts. */
export const f = (name: string, label: string, type: ProcedureFormField['type'], required = true, extra: Partial<ProcedureFormField> = {}): ProcedureFormField => ({
  name,
  label,
  labelEn: english(FIELD_LABELS_EN, label),
  type,
  required,
  ...extra,
  ...(extra.options ? { optionsEn: extra.options.map((o) => english(OPTION_LABELS_EN, o)) } : {}),
});
function english(labels: Readonly<Record<string, string>>, vi: string): string {
  const en = labels[vi];
  if (!en) throw new Error(`demo procedures: no English label for "${vi}" (src/demo/demo-form-labels.ts)`);
  return en;
}
/** A step at the receiving organisation (orgId null) or at a named one. */
export const s = (name: string, role: ProcedureStepConfig['role'], durationHours: number, orgId: string | null = null): ProcedureStepConfig => ({ name, role, durationHours, orgId });

/** The usual three steps at one organisation: reception, appraisal, approval; durations sum to the total. */
export function threeSteps(totalHours: number, org: string | null = null, appraisal = 'Thẩm định hồ sơ'): ProcedureStepConfig[] {
  const reception = Math.min(4, totalHours / 4);
  const approval = Math.min(8, totalHours / 4);
  return [s('Tiếp nhận hồ sơ', 'reception', reception, org), s(appraisal, 'specialist', totalHours - reception - approval, org), s('Phê duyệt, ký kết quả', 'leader', approval, org)];
}

export const wd = (value: number) => ({ value, unit: 'working_days' as const });
export const wh = (value: number) => ({ value, unit: 'working_hours' as const });

export const idCopy = c('giay-to-tuy-than', 'Bản sao giấy tờ pháp lý của cá nhân (khi chưa khai thác được từ Cơ sở dữ liệu quốc gia về dân cư)', 0, 1, false);
