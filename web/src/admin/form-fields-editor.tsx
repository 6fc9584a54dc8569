/**
 * The procedure's online form (tờ khai điện tử): the administrator adds, edits and removes its fields —
 * name (the key the dossier's data uses), label in Vietnamese and in English (optional: the web app shows
 * the Vietnamese one when it is missing), type, required and the limits the type allows. Each
 * field's errors from the server are shown at that field (`formFields.<i>.<part>`).
 */
import { useI18n } from '../lib/i18n.tsx';
import type { FormField } from '../lib/types.ts';
import { SelectField, TextArea, TextField } from '../ui/field.tsx';
import { RowButton } from '../ui/row-button.tsx';

const TYPES = ['text', 'textarea', 'number', 'date', 'select'] as const;

/** An optional number from an input: empty means "no limit". */
const optionalNumber = (v: string): number | undefined => (v.trim() === '' ? undefined : Number(v));

/** The field as the server takes it: only the limits its type uses (a text field has no options). */
export function cleanFormField(f: FormField): FormField {
  const base: FormField = { name: f.name.trim(), label: f.label, type: f.type, required: f.required };
  if (f.labelEn?.trim()) base.labelEn = f.labelEn.trim();
  if ((f.type === 'text' || f.type === 'textarea') && f.maxLength !== undefined) base.maxLength = f.maxLength;
  if (f.type === 'number') {
    if (f.min !== undefined) base.min = f.min;
    if (f.max !== undefined) base.max = f.max;
  }
  if (f.type === 'date' && f.notFuture) base.notFuture = true;
  if (f.type === 'select') {
    base.options = (f.options ?? []).map((o) => o.trim()).filter(Boolean);
    const en = (f.optionsEn ?? []).map((o) => o.trim()).filter(Boolean);
    if (en.length > 0) base.optionsEn = en;
  }
  return base;
}

export function FormFieldsEditor({ fields, onChange, fe }: { fields: FormField[]; onChange: (fields: FormField[]) => void; fe: (path: string) => string | undefined }) {
  const { t } = useI18n();
  const patch = (i: number, p: Partial<FormField>) => onChange(fields.map((x, j) => (j === i ? { ...x, ...p } : x)));
  return (
    <fieldset>
      <legend>{t('proc.formFields')}</legend>
      {fields.length === 0 && <p className="hint">{t('proc.formFieldsNone')}</p>}
      {fields.map((f, i) => {
        const n = i + 1;
        return (
          <div key={i} className="editor-row" role="group" aria-label={t('proc.formField', { n })}>
            <TextField label={`${t('proc.ffName')} ${n}`} value={f.name} onChange={(e) => patch(i, { name: e.target.value })} required error={fe(`formFields.${i}.name`)} hint={t('proc.ffNameHint')} />
            <TextField label={`${t('proc.ffLabel')} ${n}`} value={f.label} onChange={(e) => patch(i, { label: e.target.value })} required error={fe(`formFields.${i}.label`)} lang="vi" />
            <TextField label={`${t('proc.ffLabelEn')} ${n}`} value={f.labelEn ?? ''} onChange={(e) => patch(i, { labelEn: e.target.value })} error={fe(`formFields.${i}.labelEn`)} hint={t('proc.ffLabelEnHint')} lang="en" />
            <SelectField label={`${t('proc.ffType')} ${n}`} value={f.type} onChange={(e) => patch(i, { type: e.target.value as FormField['type'] })} error={fe(`formFields.${i}.type`)}>
              {TYPES.map((ty) => (
                <option key={ty} value={ty}>
                  {t(`proc.ffType.${ty}`)}
                </option>
              ))}
            </SelectField>
            <label className="choice">
              <input type="checkbox" checked={f.required} onChange={(e) => patch(i, { required: e.target.checked })} /> {`${t('proc.required')} (${t('proc.formField', { n })})`}
            </label>
            {(f.type === 'text' || f.type === 'textarea') && (
              <TextField label={`${t('proc.ffMaxLength')} ${n}`} type="number" min={1} max={5000} value={f.maxLength ?? ''} onChange={(e) => patch(i, { maxLength: optionalNumber(e.target.value) })} error={fe(`formFields.${i}.maxLength`)} />
            )}
            {f.type === 'number' && (
              <>
                <TextField label={`${t('proc.ffMin')} ${n}`} type="number" value={f.min ?? ''} onChange={(e) => patch(i, { min: optionalNumber(e.target.value) })} error={fe(`formFields.${i}.min`)} />
                <TextField label={`${t('proc.ffMax')} ${n}`} type="number" value={f.max ?? ''} onChange={(e) => patch(i, { max: optionalNumber(e.target.value) })} error={fe(`formFields.${i}.max`)} />
              </>
            )}
            {f.type === 'date' && (
              <label className="choice">
                <input type="checkbox" checked={!!f.notFuture} onChange={(e) => patch(i, { notFuture: e.target.checked })} /> {`${t('proc.ffNotFuture')} ${n}`}
              </label>
            )}
            {f.type === 'select' && (
              <TextArea
                label={`${t('proc.ffOptions')} ${n}`}
                value={(f.options ?? []).join('\n')}
                onChange={(e) => patch(i, { options: e.target.value.split('\n') })}
                required
                error={fe(`formFields.${i}.options`)}
              />
            )}
            {f.type === 'select' && (
              <TextArea
                label={`${t('proc.ffOptionsEn')} ${n}`}
                value={(f.optionsEn ?? []).join('\n')}
                onChange={(e) => patch(i, { optionsEn: e.target.value.split('\n') })}
                error={fe(`formFields.${i}.optionsEn`)}
                lang="en"
              />
            )}
            <RowButton of={t('proc.formField', { n })} onClick={() => onChange(fields.filter((_, j) => j !== i))}>
              {t('proc.remove')}
            </RowButton>
          </div>
        );
      })}
      <button type="button" onClick={() => onChange([...fields, { name: '', label: '', type: 'text', required: false }])}>
        {t('proc.addFormField')}
      </button>
    </fieldset>
  );
}
