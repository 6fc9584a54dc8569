/** The plan's tasks (late first, progress reports) and inspections (with follow-up tasks, the share inspected). */
import { useState, type FormEvent } from 'react';
import { api } from '../lib/api.ts';
import { useI18n } from '../lib/i18n.tsx';
import { useSave } from '../lib/use-save.ts';
import { formatDate } from '../lib/format.ts';
import { ErrorBox } from '../ui/page.tsx';
import { SelectField, TextArea, TextField } from '../ui/field.tsx';
import type { MeasureList, PlanView, TaskView } from '../../../src/modules/reform-plan/contracts.ts';
import { formatValue } from './plan.tsx';

type Units = MeasureList['units'];

export function TasksSection({ plan, reload, units }: { plan: PlanView; reload: () => Promise<void>; units: Units }) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="h-pl-tasks">
      <h2 id="h-pl-tasks">{t('pl.tasks')}</h2>
      {plan.tasks.length === 0 && <p className="muted">{t('pl.noTasks')}</p>}
      {plan.tasks.length > 0 && (
        <div className="table-wrap">
          <table data-table="plan-tasks">
            <thead>
              <tr>
                <th scope="col">{t('pl.task')}</th>
                <th scope="col">{t('pl.owner')}</th>
                <th scope="col">{t('pl.deadline')}</th>
                <th scope="col" className="num">{t('pl.progress')}</th>
                <th scope="col">{t('pl.status')}</th>
              </tr>
            </thead>
            <tbody>
              {plan.tasks.map((k) => (
                <tr key={k.id} className={k.status === 'late' ? 'plan-late' : undefined}>
                  <td>
                    <span lang="vi">{k.title}</span>
                    {k.inspectionId && <span className="badge">{t('pl.followUp')}</span>}
                    {k.progress[0]?.note && (
                      <div className="muted" lang="vi">
                        {k.progress[0].note} ({formatDate(k.progress[0].reportedOn)}, {k.progress[0].reportedBy})
                      </div>
                    )}
                    {k.canReport && <ProgressForm task={k} reload={reload} />}
                  </td>
                  <td lang="vi">{k.ownerOrgName}</td>
                  <td>{formatDate(k.deadline)}</td>
                  <td className="num">
                    <progress max={100} value={k.percent ?? 0} aria-label={t('pl.progress')} /> {k.percent === null ? '—' : `${k.percent} %`}
                  </td>
                  <td>
                    <span className={`plan-status ${k.status}`}>{t(`pl.status.${k.status}`)}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {plan.canEdit && <TaskForm plan={plan} reload={reload} units={units} />}
    </section>
  );
}

function ProgressForm({ task, reload }: { task: TaskView; reload: () => Promise<void> }) {
  const { t } = useI18n();
  const save = useSave();
  const [percent, setPercent] = useState(String(task.percent ?? 0));
  const [note, setNote] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void save.run(async () => {
      await api('POST', `/api/plan-tasks/${task.id}/progress`, { percent: Number(percent), note: note || undefined });
      await reload();
    });
  };
  return (
    <details>
      <summary>{t('pl.reportProgress')}</summary>
      <form onSubmit={submit} className="plan-form">
        <TextField label={t('pl.percent')} type="number" min={0} max={100} required value={percent} onChange={(e) => setPercent(e.target.value)} error={save.fe('percent')} />
        <TextField label={t('pl.progressNote')} value={note} onChange={(e) => setNote(e.target.value)} error={save.fe('note')} />
        <ErrorBox error={save.error} />
        <button type="submit" disabled={save.busy}>
          {t('pl.save')}
        </button>
      </form>
    </details>
  );
}

function UnitSelect({ label, value, onChange, units, error }: { label: string; value: string; onChange: (v: string) => void; units: Units; error?: string | undefined }) {
  return (
    <SelectField label={label} required value={value} onChange={(e) => onChange(e.target.value)} error={error}>
      <option value="" />
      {units.map((u) => (
        <option key={u.id} value={u.id} lang="vi">
          {u.name}
        </option>
      ))}
    </SelectField>
  );
}

function TaskForm({ plan, reload, units }: { plan: PlanView; reload: () => Promise<void>; units: Units }) {
  const { t } = useI18n();
  const save = useSave();
  const [f, setF] = useState({ ownerOrgId: '', title: '', description: '', deadline: `${plan.year}-12-31` });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void save.run(async () => {
      await api('POST', `/api/plans/${plan.year}/tasks?org=${encodeURIComponent(plan.orgId)}`, { ...f, description: f.description || undefined });
      await reload();
    });
  };
  return (
    <details>
      <summary>{t('pl.addTask')}</summary>
      <form onSubmit={submit} className="plan-form">
        <TextField label={t('pl.taskTitle')} required value={f.title} onChange={(e) => setF({ ...f, title: e.target.value })} error={save.fe('title')} />
        <UnitSelect label={t('pl.owner')} value={f.ownerOrgId} onChange={(v) => setF({ ...f, ownerOrgId: v })} units={units} error={save.fe('ownerOrgId')} />
        <TextField label={t('pl.deadline')} type="date" required value={f.deadline} onChange={(e) => setF({ ...f, deadline: e.target.value })} error={save.fe('deadline')} />
        <TextArea label={t('pl.description')} value={f.description} onChange={(e) => setF({ ...f, description: e.target.value })} />
        <ErrorBox error={save.error} />
        <button type="submit" disabled={save.busy}>
          {t('pl.save')}
        </button>
      </form>
    </details>
  );
}

export function InspectionsSection({ plan, reload, units }: { plan: PlanView; reload: () => Promise<void>; units: Units }) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="h-pl-inspections">
      <h2 id="h-pl-inspections">{t('pl.inspections')}</h2>
      <p>{t('pl.inspectedShare', { num: plan.inspected.numerator, den: plan.inspected.denominator, share: formatValue(plan.inspected.value, 'share') })}</p>
      {plan.inspections.length === 0 && <p className="muted">{t('pl.noInspections')}</p>}
      {plan.inspections.length > 0 && (
        <div className="table-wrap">
          <table data-table="plan-inspections">
            <thead>
              <tr>
                <th scope="col">{t('pl.unit')}</th>
                <th scope="col">{t('pl.date')}</th>
                <th scope="col">{t('pl.team')}</th>
                <th scope="col">{t('pl.findings')}</th>
              </tr>
            </thead>
            <tbody>
              {plan.inspections.map((i) => (
                <tr key={i.id}>
                  <td lang="vi">{i.orgName}</td>
                  <td>{formatDate(i.inspectedOn)}</td>
                  <td lang="vi">{i.team}</td>
                  <td lang="vi">{i.findings}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {plan.canEdit && <InspectionForm plan={plan} reload={reload} units={units} />}
    </section>
  );
}

function InspectionForm({ plan, reload, units }: { plan: PlanView; reload: () => Promise<void>; units: Units }) {
  const { t } = useI18n();
  const save = useSave();
  const [f, setF] = useState({ orgId: '', inspectedOn: '', team: '', findings: '', followUp: '', followUpDeadline: '' });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void save.run(async () => {
      const followUps = f.followUp ? [{ title: f.followUp, deadline: f.followUpDeadline || `${plan.year}-12-31` }] : [];
      await api('POST', `/api/plans/${plan.year}/inspections?org=${encodeURIComponent(plan.orgId)}`, { orgId: f.orgId, inspectedOn: f.inspectedOn, team: f.team, findings: f.findings, followUps });
      await reload();
    });
  };
  return (
    <details>
      <summary>{t('pl.addInspection')}</summary>
      <form onSubmit={submit} className="plan-form">
        <UnitSelect label={t('pl.unit')} value={f.orgId} onChange={(v) => setF({ ...f, orgId: v })} units={units} error={save.fe('orgId')} />
        <TextField label={t('pl.date')} type="date" required value={f.inspectedOn} onChange={(e) => setF({ ...f, inspectedOn: e.target.value })} error={save.fe('inspectedOn')} />
        <TextField label={t('pl.team')} required value={f.team} onChange={(e) => setF({ ...f, team: e.target.value })} error={save.fe('team')} />
        <TextArea label={t('pl.findings')} required value={f.findings} onChange={(e) => setF({ ...f, findings: e.target.value })} error={save.fe('findings')} />
        <TextField label={t('pl.followUpTitle')} value={f.followUp} onChange={(e) => setF({ ...f, followUp: e.target.value })} />
        <TextField label={t('pl.followUpDeadline')} type="date" value={f.followUpDeadline} onChange={(e) => setF({ ...f, followUpDeadline: e.target.value })} error={save.fe('followUps.0.deadline')} />
        <ErrorBox error={save.error} />
        <button type="submit" disabled={save.busy}>
          {t('pl.save')}
        </button>
      </form>
    </details>
  );
}
