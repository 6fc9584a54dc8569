/**
 * Procedures: pick one to edit or start a new one; the editor covers the catalogue data, the
 * components and the internal process (steps, roles, organisations, working hours), whose hours must
 * add up to the statutory duration — shown live and checked again by the server.
 */
import { useState, type FormEvent } from 'react';
import { api, get } from '../lib/api.ts';
import { useI18n } from '../lib/i18n.tsx';
import { useAsync } from '../lib/use-async.ts';
import type { Component, FormField, Organisation, Procedure, ProcedureSummary } from '../lib/types.ts';
import { ErrorBox, Loading, Notice } from '../ui/page.tsx';
import { SelectField, TextArea, TextField } from '../ui/field.tsx';
import { useSave } from '../lib/use-save.ts';
import { RowButton } from '../ui/row-button.tsx';
import { FormFieldsEditor, cleanFormField } from './form-fields-editor.tsx';

interface Step {
  name: string;
  role: 'reception' | 'specialist' | 'leader';
  orgId: string | null;
  durationHours: number;
}
interface Draft {
  code: string;
  name: string;
  fieldCode: string;
  level: 'province' | 'commune';
  onlineLevel: 'full' | 'partial';
  fee: string;
  feeNote: string;
  durationValue: string;
  durationUnit: string;
  legalBasis: string;
  description: string;
  resultName: string;
  applicantTypes: Array<'individual' | 'organisation'>;
  components: Component[];
  formFields: FormField[];
  process: Step[];
  receivedAt: string[];
  published: boolean;
  /** The applicant is checked against the national population database before acceptance (issue 18). */
  usesPopulationDb: boolean;
}

/** Shown and sent in the catalogue's order, whatever the order of the clicks. */
const APPLICANT_TYPES = ['individual', 'organisation'] as const;

const blank = (): Draft => ({
  code: '',
  name: '',
  fieldCode: '',
  level: 'commune',
  onlineLevel: 'full',
  fee: '0',
  feeNote: '',
  durationValue: '3',
  durationUnit: 'working_days',
  legalBasis: '',
  description: '',
  resultName: '',
  applicantTypes: ['individual'],
  // The starter components and steps are the procedure's own content, which is published in Vietnamese
  // whatever language the administrator reads the page in: they are data, not interface text.
  components: [{ code: 'don-de-nghi', name: 'Đơn đề nghị', originals: 1, copies: 0, required: true }], // vi-data
  formFields: [],
  process: [
    { name: 'Tiếp nhận hồ sơ', role: 'reception', orgId: null, durationHours: 4 }, // vi-data
    { name: 'Thẩm định hồ sơ', role: 'specialist', orgId: null, durationHours: 14 }, // vi-data
    { name: 'Phê duyệt, ký kết quả', role: 'leader', orgId: null, durationHours: 6 }, // vi-data
  ],
  receivedAt: [],
  published: true,
  usesPopulationDb: false,
});

const fromProcedure = (p: Procedure): Draft => ({
  code: p.code,
  name: p.name,
  fieldCode: p.field.code,
  level: p.level,
  onlineLevel: p.onlineLevel,
  fee: p.feeVnd === null ? '' : String(p.feeVnd),
  feeNote: p.feeNote ?? '',
  durationValue: String(p.duration.value),
  durationUnit: p.duration.unit,
  legalBasis: p.legalBasis,
  description: p.description ?? '',
  resultName: p.resultName ?? '',
  applicantTypes: p.applicantTypes,
  components: p.components,
  formFields: p.formFields,
  process: p.process.map((s) => ({ name: s.name, role: s.role, orgId: s.org?.id ?? null, durationHours: s.durationHours })),
  receivedAt: p.receivingOrgs.map((o) => o.id),
  // The catalogue serves published procedures only: one opened here is published.
  published: true,
  usesPopulationDb: p.usesPopulationDb,
});

export function ProceduresAdmin() {
  const { t } = useI18n();
  const data = useAsync(async () => {
    const [procs, orgs] = await Promise.all([get<{ total: number; items: ProcedureSummary[] }>('/api/procedures?limit=200'), get<{ items: Organisation[] }>('/api/organisations')]);
    return { procs: procs.items, orgs: orgs.items };
  }, []);
  const [editing, setEditing] = useState<Draft | null>(null);
  const open = async (code: string) => setEditing(fromProcedure(await get<Procedure>(`/api/procedures/${encodeURIComponent(code)}`)));
  if (data.loading && !data.data) return <Loading />;
  if (!data.data) return <ErrorBox error={data.error} />;
  const fields = [...new Map(data.data.procs.map((p) => [p.field.code, p.field.name])).entries()];
  if (editing) return <Editor initial={editing} orgs={data.data.orgs} fields={fields} onClose={async () => { setEditing(null); await data.reload(); }} />;
  return (
    <>
      <p>
        <button type="button" className="primary" onClick={() => setEditing(blank())}>
          {t('admin.new')}
        </button>
      </p>
      <h2>{t('proc.list', { n: data.data.procs.length })}</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('proc.code')}</th>
              <th scope="col">{t('proc.name')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('admin.edit')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {data.data.procs.map((p) => (
              <tr key={p.code}>
                <td>{p.code}</td>
                <td>{p.name}</td>
                <td>
                  <RowButton of={p.name} className="link" onClick={() => void open(p.code)}>
                    {t('admin.edit')}
                  </RowButton>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function Editor({ initial, orgs, fields, onClose }: { initial: Draft; orgs: Organisation[]; fields: Array<[string, string]>; onClose: () => Promise<void> }) {
  const { t } = useI18n();
  const [d, setD] = useState(initial);
  const isNew = initial.code === '';
  const s = useSave();
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setD({ ...d, [k]: v });
  const txt = (k: 'code' | 'name' | 'fieldCode' | 'fee' | 'feeNote' | 'durationValue' | 'durationUnit' | 'legalBasis' | 'description' | 'resultName') => (e: { target: { value: string } }) => set(k, e.target.value);
  const sum = d.process.reduce((a, x) => a + (Number(x.durationHours) || 0), 0);
  const expected = d.durationUnit === 'working_days' ? Number(d.durationValue) * 8 : d.durationUnit === 'working_hours' ? Number(d.durationValue) : null;
  const step = (i: number, patch: Partial<Step>) => set('process', d.process.map((x, j) => (j === i ? { ...x, ...patch } : x)));
  const move = (i: number, by: number) => {
    const p = [...d.process];
    const [x] = p.splice(i, 1);
    p.splice(i + by, 0, x!);
    set('process', p);
  };
  const comp = (i: number, patch: Partial<Component>) => set('components', d.components.map((x, j) => (j === i ? { ...x, ...patch } : x)));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body = {
      name: d.name,
      fieldCode: d.fieldCode,
      level: d.level,
      onlineLevel: d.onlineLevel,
      feeVnd: d.fee.trim() === '' ? null : Number(d.fee),
      feeNote: d.feeNote.trim() || null,
      duration: { value: Number(d.durationValue), unit: d.durationUnit },
      legalBasis: d.legalBasis,
      // Always sent: leaving it out would erase the description already published.
      description: d.description.trim() || null,
      resultName: d.resultName.trim() || null,
      applicantTypes: d.applicantTypes,
      components: d.components,
      formFields: d.formFields.map(cleanFormField),
      process: d.process.map((x) => ({ ...x, durationHours: Number(x.durationHours) })),
      receivedAt: d.receivedAt,
      published: d.published,
      usesPopulationDb: d.usesPopulationDb,
    };
    if (await s.run(() => api('PUT', `/api/procedures/${encodeURIComponent(d.code.trim())}`, body)) && isNew) await onClose();
  };
  return (
    <form onSubmit={submit} className="panel" aria-labelledby="proc-h">
      <h2 id="proc-h">{isNew ? t('admin.new') : `${t('admin.edit')}: ${initial.name}`}</h2>
      <ErrorBox error={s.error} />
      {s.saved && <Notice kind="success">{t('admin.saved')}</Notice>}
      <TextField label={t('proc.code')} value={d.code} onChange={txt('code')} required disabled={!isNew} error={s.fe('params.code')} />
      <TextField label={t('proc.name')} value={d.name} onChange={txt('name')} required error={s.fe('name')} />
      <SelectField label={t('proc.field')} value={d.fieldCode} onChange={txt('fieldCode')} required error={s.fe('fieldCode')}>
        <option value="">—</option>
        {fields.map(([code, name]) => (
          <option key={code} value={code}>
            {name}
          </option>
        ))}
      </SelectField>
      <SelectField label={t('proc.level')} value={d.level} onChange={(e) => set('level', e.target.value as Draft['level'])}>
        <option value="commune">{t('proc.level.commune')}</option>
        <option value="province">{t('proc.level.province')}</option>
      </SelectField>
      <SelectField label={t('proc.online')} value={d.onlineLevel} onChange={(e) => set('onlineLevel', e.target.value as Draft['onlineLevel'])}>
        <option value="full">{t('online.full')}</option>
        <option value="partial">{t('online.partial')}</option>
      </SelectField>
      <TextField label={t('proc.fee')} type="number" min={0} value={d.fee} onChange={txt('fee')} error={s.fe('feeVnd')} />
      <TextField label={t('proc.feeNote')} value={d.feeNote} onChange={txt('feeNote')} error={s.fe('feeNote')} />
      <div className="editor-row">
        <TextField label={t('proc.durationValue')} type="number" min={0.5} step={0.5} value={d.durationValue} onChange={txt('durationValue')} required error={s.fe('duration.value')} />
        <SelectField label={t('proc.durationUnit')} value={d.durationUnit} onChange={txt('durationUnit')}>
          {['working_days', 'working_hours', 'calendar_days', 'months'].map((u) => (
            <option key={u} value={u}>
              {t(`proc.unit.${u}`)}
            </option>
          ))}
        </SelectField>
      </div>
      <TextArea label={t('proc.legal')} value={d.legalBasis} onChange={txt('legalBasis')} required error={s.fe('legalBasis')} />
      <TextArea label={t('proc.description')} value={d.description} onChange={txt('description')} maxLength={4000} error={s.fe('description')} />
      <TextField label={t('proc.resultName')} value={d.resultName} onChange={txt('resultName')} error={s.fe('resultName')} />
      <fieldset>
        <legend>{t('proc.applicantTypes')}</legend>
        {APPLICANT_TYPES.map((a) => (
          <label key={a} className="choice">
            <input
              type="checkbox"
              checked={d.applicantTypes.includes(a)}
              onChange={(e) => set('applicantTypes', APPLICANT_TYPES.filter((x) => (x === a ? e.target.checked : d.applicantTypes.includes(x))))}
              aria-invalid={!!s.fe('applicantTypes') || undefined}
            />{' '}
            {t(`proc.applicant.${a}`)}
          </label>
        ))}
        {s.fe('applicantTypes') && <p className="field-error">{s.fe('applicantTypes')}</p>}
      </fieldset>
      <SelectField label={t('proc.receivedAt')} multiple value={d.receivedAt} onChange={(e) => set('receivedAt', Array.from(e.target.selectedOptions).map((o) => o.value))} error={s.fe('receivedAt')} size={6}>
        {orgs.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
          </option>
        ))}
      </SelectField>
      <label className="choice">
        <input type="checkbox" checked={d.published} onChange={(e) => set('published', e.target.checked)} /> {t('proc.published')}
      </label>
      <label className="choice">
        <input type="checkbox" checked={d.usesPopulationDb} onChange={(e) => set('usesPopulationDb', e.target.checked)} /> {t('proc.usesPopulationDb')}
      </label>

      <fieldset>
        <legend>{t('proc.components')}</legend>
        {d.components.map((c, i) => (
          <div key={i} className="editor-row">
            <TextField label={`${t('proc.compCode')} ${i + 1}`} value={c.code} onChange={(e) => comp(i, { code: e.target.value })} required error={s.fe(`components.${i}.code`)} />
            <TextField label={`${t('proc.compName')} ${i + 1}`} value={c.name} onChange={(e) => comp(i, { name: e.target.value })} required error={s.fe(`components.${i}.name`)} />
            <TextField label={t('proc.originals')} type="number" min={0} value={String(c.originals)} onChange={(e) => comp(i, { originals: Number(e.target.value) })} />
            <TextField label={t('proc.copies')} type="number" min={0} value={String(c.copies)} onChange={(e) => comp(i, { copies: Number(e.target.value) })} />
            <label className="choice">
              <input type="checkbox" checked={c.required} onChange={(e) => comp(i, { required: e.target.checked })} /> {t('proc.required')}
            </label>
            <RowButton of={c.name} onClick={() => set('components', d.components.filter((_, j) => j !== i))} disabled={d.components.length === 1}>
              {t('proc.remove')}
            </RowButton>
          </div>
        ))}
        <button type="button" onClick={() => set('components', [...d.components, { code: '', name: '', originals: 1, copies: 0, required: false }])}>
          {t('proc.addComponent')}
        </button>
      </fieldset>

      <fieldset>
        <legend>{t('proc.process')}</legend>
        {d.process.map((x, i) => (
          <div key={i} className="editor-row" role="group" aria-label={t('proc.step', { n: i + 1 })}>
            <TextField label={`${t('proc.stepName')} ${i + 1}`} value={x.name} onChange={(e) => step(i, { name: e.target.value })} required error={s.fe(`process.${i}.name`)} />
            <SelectField label={`${t('proc.stepRole')} ${i + 1}`} value={x.role} onChange={(e) => step(i, { role: e.target.value as Step['role'] })}>
              {['reception', 'specialist', 'leader'].map((r) => (
                <option key={r} value={r}>
                  {t(`user.role.${r}`)}
                </option>
              ))}
            </SelectField>
            <SelectField label={`${t('proc.stepOrg')} ${i + 1}`} value={x.orgId ?? ''} onChange={(e) => step(i, { orgId: e.target.value || null })} error={s.fe(`process.${i}.orgId`)}>
              <option value="">{t('proc.receivingOrg')}</option>
              {orgs.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </SelectField>
            <TextField label={`${t('proc.stepHours')} ${i + 1}`} type="number" min={0.5} step={0.5} value={String(x.durationHours)} onChange={(e) => step(i, { durationHours: Number(e.target.value) })} required />
            <div className="row">
              <RowButton of={t('proc.step', { n: i + 1 })} onClick={() => move(i, -1)} disabled={i === 0}>
                {t('proc.up')}
              </RowButton>
              <RowButton of={t('proc.step', { n: i + 1 })} onClick={() => move(i, 1)} disabled={i === d.process.length - 1}>
                {t('proc.down')}
              </RowButton>
              <RowButton of={t('proc.step', { n: i + 1 })} onClick={() => set('process', d.process.filter((_, j) => j !== i))} disabled={d.process.length === 1}>
                {t('proc.remove')}
              </RowButton>
            </div>
          </div>
        ))}
        <button type="button" onClick={() => set('process', [...d.process, { name: '', role: 'specialist', orgId: null, durationHours: 8 }])}>
          {t('proc.addStep')}
        </button>
        {expected !== null && (
          <p role="status" className={Math.abs(sum - expected) > 1e-6 ? 'field-error' : 'ok'}>
            {t('proc.total', { sum, expected })} {Math.abs(sum - expected) > 1e-6 ? t('proc.totalMismatch') : ''}
          </p>
        )}
        {s.fe('process') && <p className="field-error">{s.fe('process')}</p>}
      </fieldset>
      <FormFieldsEditor fields={d.formFields} onChange={(f) => set('formFields', f)} fe={s.fe} />
      <div className="actions">
        <button type="button" onClick={() => void onClose()}>
          {t('admin.cancel')}
        </button>
        <button type="submit" className="primary" disabled={s.busy}>
          {t('admin.save')}
        </button>
      </div>
    </form>
  );
}
