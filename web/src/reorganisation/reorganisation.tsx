/**
 * /quan-tri/sap-xep-don-vi: merge, split or move units (issue 18). The administrator fills the form, sees
 * the dry run's plan as tables (POST /api/admin/reorganisations?dryRun=true), then applies it after a
 * confirmation (dryRun=false). Below, the reorganisations already recorded. One lazy chunk.
 */
import { useState, type FormEvent } from 'react';
import { api, ApiError, get } from '../lib/api.ts';
import { registerMessages, useI18n } from '../lib/i18n.tsx';
import { useAsync } from '../lib/use-async.ts';
import { formatDateTime } from '../lib/format.ts';
import { ErrorBox, Loading, Notice, Page } from '../ui/page.tsx';
import { SelectField, TextArea, TextField } from '../ui/field.tsx';
import { RequireRole } from '../ui/require-role.tsx';
import type { ReorganisationList, ReorganisationRequest, ReorganisationView } from '../../../src/modules/admin/contracts.ts';
import { en, vi } from './messages.ts';

registerMessages(vi, en);

type Kind = ReorganisationRequest['kind'];
const ids = (text: string) => text.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);

export function ReorganisationPage() {
  const { t } = useI18n();
  return (
    <RequireRole roles={['admin']} title={t('ro.title')} denied={t('ro.adminsOnly')}>
      {() => <Reorganise />}
    </RequireRole>
  );
}

function Reorganise() {
  const { t } = useI18n();
  const [kind, setKind] = useState<Kind>('merge');
  const [units, setUnits] = useState('');
  const [intoNew, setIntoNew] = useState(true);
  const [existingId, setExistingId] = useState('');
  const [newId, setNewId] = useState('');
  const [newName, setNewName] = useState('');
  const [newEid, setNewEid] = useState('');
  const [parentId, setParentId] = useState('');
  const [successors, setSuccessors] = useState('');
  const [date, setDate] = useState(new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10));
  const [view, setView] = useState<ReorganisationView | null>(null);
  const [error, setError] = useState<ApiError | Error | null>(null);
  const [busy, setBusy] = useState(false);
  const list = useAsync(() => get<ReorganisationList>('/api/admin/reorganisations'), []);

  const request = (): ReorganisationRequest => {
    if (kind === 'move') return { kind, unit: units.trim(), parentId: parentId.trim(), effectiveFrom: date };
    if (kind === 'split') {
      const rows = successors.split('\n').map((l) => l.split('|').map((x) => x.trim())).filter((r) => r[0]);
      return { kind, unit: units.trim(), effectiveFrom: date, successors: rows.map(([id, name, agencyEid, procs]) => ({ id: id!, name: name ?? '', ...(agencyEid ? { agencyEid } : {}), ...(procs ? { procedures: ids(procs) } : {}) })) };
    }
    const into = intoNew ? { newUnit: { id: newId.trim(), name: newName.trim(), ...(newEid.trim() ? { agencyEid: newEid.trim() } : {}), ...(parentId.trim() ? { parentId: parentId.trim() } : {}) } } : { existingId: existingId.trim() };
    return { kind, units: ids(units), into, effectiveFrom: date };
  };
  const send = async (dryRun: boolean) => {
    if (!dryRun && !window.confirm(t('ro.confirm'))) return;
    setBusy(true);
    setError(null);
    try {
      setView(await api<ReorganisationView>('POST', `/api/admin/reorganisations?dryRun=${dryRun}`, request()));
      if (!dryRun) await list.reload();
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void send(true);
  };
  const err = (path: string) => (error instanceof ApiError ? error.field(path) : undefined);

  return (
    <Page title={t('ro.title')}>
      <p>{t('ro.intro')}</p>
      <form onSubmit={onSubmit} className="card ro-form">
        <SelectField label={t('ro.kind')} value={kind} onChange={(e) => { setKind(e.target.value as Kind); setView(null); }}>
          {(['merge', 'split', 'move'] as const).map((k) => <option key={k} value={k}>{t(`ro.kind.${k}`)}</option>)}
        </SelectField>
        <TextField label={kind === 'merge' ? t('ro.units') : t('ro.unit')} value={units} onChange={(e) => setUnits(e.target.value)} required error={err('units') ?? err('unit')} />
        {kind === 'merge' && (
          <>
            <SelectField label={t('ro.into')} value={intoNew ? 'new' : 'existing'} onChange={(e) => setIntoNew(e.target.value === 'new')}>
              <option value="new">{t('ro.into.new')}</option>
              <option value="existing">{t('ro.into.existing')}</option>
            </SelectField>
            {intoNew ? (
              <>
                <TextField label={t('ro.newId')} value={newId} onChange={(e) => setNewId(e.target.value)} required error={err('into.newUnit.id')} />
                <TextField label={t('ro.newName')} value={newName} onChange={(e) => setNewName(e.target.value)} required error={err('into.newUnit.name')} />
                <TextField label={t('ro.newEid')} value={newEid} onChange={(e) => setNewEid(e.target.value)} required error={err('into.newUnit.agencyEid')} />
                <TextField label={t('ro.parentId')} value={parentId} onChange={(e) => setParentId(e.target.value)} error={err('into.newUnit.parentId')} />
              </>
            ) : (
              <TextField label={t('ro.existingId')} value={existingId} onChange={(e) => setExistingId(e.target.value)} required error={err('into.existingId')} />
            )}
          </>
        )}
        {kind === 'split' && <TextArea label={t('ro.successors')} hint={t('ro.successorsHint')} rows={4} value={successors} onChange={(e) => setSuccessors(e.target.value)} required error={err('successors')} />}
        {kind === 'move' && <TextField label={t('ro.parentId')} value={parentId} onChange={(e) => setParentId(e.target.value)} required error={err('parentId')} />}
        <TextField label={t('ro.date')} type="date" value={date} onChange={(e) => setDate(e.target.value)} required error={err('effectiveFrom')} />
        <ErrorBox error={error} />
        <p>
          <button type="submit" disabled={busy}>{t('ro.preview')}</button>{' '}
          {view?.dryRun && <button type="button" className="danger" disabled={busy} onClick={() => void send(false)}>{t('ro.apply')}</button>}
        </p>
      </form>
      {view && !view.dryRun && (
        <Notice kind="success">{view.status === 'scheduled' ? t('ro.scheduled', { date: view.plan.effectiveFrom }) : t('ro.applied', { n: view.result?.movedDossiers.length ?? 0 })}</Notice>
      )}
      {view && <PlanTables view={view} />}
      <h2>{t('ro.history')}</h2>
      {!list.data ? <Loading /> : list.data.items.length === 0 ? <p>{t('ro.none')}</p> : (
        <table className="ro-table">
          <thead><tr><th>{t('ro.kind')}</th><th>{t('ro.date')}</th><th>{t('ro.closes')}</th><th>{t('ro.status')}</th></tr></thead>
          <tbody>
            {list.data.items.map((r) => (
              <tr key={r.id}>
                <td>{t(`ro.kind.${r.plan.kind}`)}</td>
                <td>{r.plan.effectiveFrom}</td>
                <td>{r.plan.closes.map((c) => c.name).join(', ') || r.plan.children.map((c) => c.name).join(', ')}</td>
                <td>{t(`ro.state.${r.status}`)}{r.error ? ` — ${r.error}` : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Page>
  );
}

function PlanTables({ view }: { view: ReorganisationView }) {
  const { t } = useI18n();
  const p = view.plan;
  const finished = Object.entries(p.stays.finishedDossiers).map(([s, n]) => `${s}: ${n}`).join(', ') || '0';
  return (
    <section className="ro-plan">
      <h2>{t('ro.plan')}</h2>
      <h3>{t('ro.closes')}</h3>
      {p.closes.length === 0 ? <p>{t('ro.none')}</p> : <ul>{p.closes.map((c) => <li key={c.id}>{c.name} ({c.id}) → {c.successorIds.join(', ')}</li>)}</ul>}
      <h3>{t('ro.opens')}</h3>
      {p.opens.length === 0 ? <p>{t('ro.none')}</p> : <ul>{p.opens.map((o) => <li key={o.id}>{o.name} ({o.id}, {o.agencyEid}) — {t('ro.parentId')}: {o.parentId}</li>)}</ul>}
      <h3>{t('ro.children')}</h3>
      {p.children.length === 0 ? <p>{t('ro.none')}</p> : <ul>{p.children.map((c) => <li key={c.id}>{c.name}: {c.fromParentId} → {c.toParentId}</li>)}</ul>}
      <h3>{t('ro.open', { n: p.openDossiers.count, paused: p.openDossiers.paused })}</h3>
      {p.openDossiers.items.length > 0 && (
        <table className="ro-table">
          <thead><tr><th>{t('ro.code')}</th><th>{t('ro.status')}</th><th>{t('ro.step')}</th><th>{t('ro.due')}</th><th>{t('ro.from')}</th><th>{t('ro.to')}</th></tr></thead>
          <tbody>
            {p.openDossiers.items.map((d) => (
              <tr key={d.code}><td>{d.code}</td><td>{d.status}</td><td>{d.currentStepName ?? '—'}</td><td>{d.dueAt ? formatDateTime(d.dueAt) : '—'}</td><td>{d.fromOrgId}</td><td>{d.toOrgId}</td></tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>{t('ro.staff')}</h3>
      {p.staff.length === 0 ? <p>{t('ro.none')}</p> : (
        <table className="ro-table">
          <thead><tr><th>{t('ro.role')}</th><th>{t('ro.newName')}</th><th>{t('ro.from')}</th><th>{t('ro.to')}</th></tr></thead>
          <tbody>{p.staff.map((s) => <tr key={s.id}><td>{s.role}</td><td>{s.fullName} ({s.username})</td><td>{s.fromOrgId}</td><td>{s.toOrgId}</td></tr>)}</tbody>
        </table>
      )}
      <h3>{t('ro.procedures')}</h3>
      {p.procedures.length === 0 ? <p>{t('ro.none')}</p> : <ul>{p.procedures.map((x) => <li key={`${x.fromOrgId}-${x.procedureCode}`}>{x.procedureCode}: {x.fromOrgId} → {x.toOrgIds.join(', ')}</li>)}</ul>}
      <h3>{t('ro.sequences')}</h3>
      {p.codeSequences.length === 0 ? <p>{t('ro.none')}</p> : <ul>{p.codeSequences.map((s) => <li key={s.orgId}>{s.orgId} ({s.agencyEid ?? '—'}): {s.lastDay ?? '—'} #{s.lastValue ?? 0}</li>)}</ul>}
      <p>{t('ro.stays', { finished, rows: p.stays.counterRows })}</p>
    </section>
  );
}
