/** One form per desk action, each sending exactly the body its API schema asks for (contracts/dossiers.ts). */
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { api, ApiError, get } from '../lib/api.ts';
import { useSave } from '../lib/use-save.ts';
import { useI18n } from '../lib/i18n.tsx';
import { useSession } from '../lib/session.tsx';
import { formatDateTime } from '../lib/format.ts';
import type { Dossier, Organisation, Procedure } from '../lib/types.ts';
import { ErrorBox } from '../ui/page.tsx';
import { SelectField, TextArea, TextField } from '../ui/field.tsx';
import { UploadField, type UploadedFile } from '../portal/upload-field.tsx';

export const DESK_ACTIONS = ['accept', 'request_supplement', 'reject', 'hand_over', 'return_to_step', 'apologize', 'stop', 'complete', 'return_result'] as const;

interface Props {
  action: string;
  dossier: Dossier;
  procedure: Procedure | null;
  onDone: () => Promise<void>;
  /** The dossier changed since it was loaded (409 version-mismatch): reload it instead of acting. */
  onStale: () => Promise<void>;
}

/** Actions whose note the officer may show to the applicant, and the default (docs/lifecycle.md). */
const NOTE_VISIBILITY_DEFAULTS: Record<string, 'internal' | 'applicant'> = {
  accept: 'internal',
  hand_over: 'internal',
  return_to_step: 'internal',
  complete: 'internal',
  return_result: 'applicant',
};

/** An organisation and every unit under it, from the flat list's parent links. */
function subtreeOf(rootId: string, orgs: Organisation[]): Organisation[] {
  const ids = new Set([rootId]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const o of orgs) {
      if (o.parentId && ids.has(o.parentId) && !ids.has(o.id)) {
        ids.add(o.id);
        grew = true;
      }
    }
  }
  return orgs.filter((o) => ids.has(o.id));
}

/** "2026-11-25T16:00" typed in a datetime-local field means Vietnam time. */
const fromLocalInput = (v: string) => (v ? `${v}:00+07:00` : '');
const toLocalInput = (iso: string) => {
  const d = new Date(new Date(iso).getTime() + 7 * 3600_000);
  return d.toISOString().slice(0, 16);
};

export function ActionForm({ action, dossier, procedure, onDone, onStale }: Props) {
  const { t } = useI18n();
  const { me } = useSession();
  const { error, busy, run, fe } = useSave();
  const [v, setV] = useState<Record<string, string>>({});
  const [items, setItems] = useState([{ componentCode: '', name: '', reason: '' }]);
  const [override, setOverride] = useState(false);
  const [result, setResult] = useState<UploadedFile[]>([]);
  const [orgs, setOrgs] = useState<Organisation[]>([]);
  const set = (k: string) => (e: { target: { value: string } }) => setV({ ...v, [k]: e.target.value });
  const steps = dossier.process.steps;
  const current = dossier.currentStep?.index ?? -1;

  useEffect(() => {
    if (action === 'hand_over') void get<{ items: Organisation[] }>('/api/organisations').then((r) => setOrgs(r.items), () => undefined);
    // The server's suggestion, from the same rule it checks the answer with (dossier.apology).
    if (action === 'apologize' && dossier.apology) {
      const suggested = dossier.apology.suggestedAt;
      setV((x) => ({ ...x, suggested, newAppointmentAt: x.newAppointmentAt ?? toLocalInput(suggested) }));
    }
  }, [action, dossier.apology]);

  const defaultVisibility = NOTE_VISIBILITY_DEFAULTS[action];
  const visibility = (): Record<string, unknown> => (defaultVisibility ? { noteVisibility: v.noteVisibility ?? defaultVisibility } : {});
  // Every action names the version this page showed, so it never applies to a state the officer did not see.
  const body = (): Record<string, unknown> => ({ expectedVersion: dossier.version, ...visibility(), ...actionBody() });
  const actionBody = (): Record<string, unknown> => {
    const opt = (k: string) => (v[k]?.trim() ? { [k]: v[k]!.trim() } : {});
    switch (action) {
      case 'accept':
        return opt('note');
      case 'request_supplement':
        return { reason: v.reason ?? '', items: items.map((i) => ({ ...(i.componentCode ? { componentCode: i.componentCode } : {}), name: i.name, reason: i.reason })), ...(override ? { override: true } : {}) };
      case 'reject':
      case 'stop':
        return { reason: v.reason ?? '' };
      case 'hand_over':
        return { ...(v.toStep ? { toStep: Number(v.toStep) } : {}), ...(v.toOrgId ? { toOrgId: v.toOrgId } : {}), ...opt('note') };
      case 'return_to_step':
        return { toStep: Number(v.toStep ?? 0), reason: v.reason ?? '' };
      case 'apologize':
        return { reason: v.reason ?? '', newAppointmentAt: fromLocalInput(v.newAppointmentAt ?? '') };
      case 'complete':
        return { resultUploadId: result[0]?.uploadId ?? '', ...opt('summary') };
      case 'return_result':
        return { channel: v.channel ?? 'counter', ...opt('postalTrackingCode'), ...opt('note') };
      default:
        return {};
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      try {
        await api('POST', `/api/dossiers/${encodeURIComponent(dossier.code)}/actions/${action}`, body());
      } catch (err) {
        if (err instanceof ApiError && err.code === 'version-mismatch') return onStale();
        throw err;
      }
      await onDone();
    });
  };

  let fields: ReactNode = null;
  switch (action) {
    case 'accept':
      fields = <TextArea label={t('f.note')} value={v.note ?? ''} onChange={set('note')} maxLength={2000} />;
      break;
    case 'request_supplement':
      fields = (
        <>
          <TextArea label={t('f.supplementReason')} value={v.reason ?? ''} onChange={set('reason')} required maxLength={2000} error={fe('reason')} />
          <fieldset>
            <legend>{t('f.items')}</legend>
            {items.map((it, i) => {
              const upd = (k: string, val: string) => setItems(items.map((x, j) => (j === i ? { ...x, [k]: val } : x)));
              return (
                <fieldset key={i}>
                  <legend>{t('f.item', { n: i + 1 })}</legend>
                  <SelectField
                    label={t('f.component')}
                    value={it.componentCode}
                    onChange={(e) => {
                      const c = procedure?.components.find((x) => x.code === e.target.value);
                      setItems(items.map((x, j) => (j === i ? { ...x, componentCode: e.target.value, name: x.name || c?.name || '' } : x)));
                    }}
                  >
                    <option value="">{t('f.otherComponent')}</option>
                    {procedure?.components.map((c) => (
                      <option key={c.code} value={c.code}>
                        {c.name}
                      </option>
                    ))}
                  </SelectField>
                  <TextField label={t('f.itemName')} value={it.name} onChange={(e) => upd('name', e.target.value)} required maxLength={500} error={fe(`items.${i}.name`)} />
                  <TextField label={t('f.itemReason')} value={it.reason} onChange={(e) => upd('reason', e.target.value)} required maxLength={1000} error={fe(`items.${i}.reason`)} />
                  {items.length > 1 && (
                    <button type="button" className="link" onClick={() => setItems(items.filter((_, j) => j !== i))}>
                      {t('f.removeItem', { n: i + 1 })}
                    </button>
                  )}
                </fieldset>
              );
            })}
            <button type="button" onClick={() => setItems([...items, { componentCode: '', name: '', reason: '' }])}>
              {t('f.addItem')}
            </button>
          </fieldset>
          {me?.role === 'leader' && dossier.supplementRequests > 0 && (
            <label className="choice">
              <input type="checkbox" checked={override} onChange={(e) => setOverride(e.target.checked)} /> {t('f.override')}
            </label>
          )}
        </>
      );
      break;
    case 'reject':
      fields = <TextArea label={t('f.rejectReason')} value={v.reason ?? ''} onChange={set('reason')} required maxLength={2000} error={fe('reason')} />;
      break;
    case 'stop':
      fields = <TextArea label={t('f.reason')} value={v.reason ?? ''} onChange={set('reason')} required maxLength={2000} error={fe('reason')} />;
      break;
    case 'hand_over': {
      const targetOrgId = steps[v.toStep ? Number(v.toStep) : current + 1]?.orgId ?? '';
      const subUnits = subtreeOf(targetOrgId, orgs).filter((o) => o.id !== targetOrgId);
      fields = (
        <>
          <SelectField label={t('f.toStep')} value={v.toStep ?? ''} onChange={set('toStep')} error={fe('toStep')}>
            {steps.map((s, i) =>
              i > current ? (
                <option key={i} value={i === current + 1 ? '' : String(i)}>
                  {i + 1}. {s.name} ({t(`role.${s.role}`)})
                </option>
              ) : null,
            )}
          </SelectField>
          {/* Only the unit the process names for the target step, or a unit under it (the server refuses others). */}
          {subUnits.length > 0 && (
            <SelectField label={t('f.toOrg')} value={v.toOrgId ?? ''} onChange={set('toOrgId')} error={fe('toOrgId')}>
              <option value="">{t('f.sameOrg')}</option>
              {subUnits.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </SelectField>
          )}
          <TextArea label={t('f.note')} value={v.note ?? ''} onChange={set('note')} maxLength={2000} />
        </>
      );
      break;
    }
    case 'return_to_step':
      fields = (
        <>
          <SelectField label={t('f.backStep')} value={v.toStep ?? '0'} onChange={set('toStep')} error={fe('toStep')}>
            {steps.map((s, i) =>
              i < current ? (
                <option key={i} value={String(i)}>
                  {i + 1}. {s.name}
                </option>
              ) : null,
            )}
          </SelectField>
          <TextArea label={t('f.reason')} value={v.reason ?? ''} onChange={set('reason')} required maxLength={2000} error={fe('reason')} />
        </>
      );
      break;
    case 'apologize':
      fields = (
        <>
          <TextArea label={t('f.apologyReason')} value={v.reason ?? ''} onChange={set('reason')} required maxLength={2000} error={fe('reason')} />
          <TextField label={t('f.newAppointment')} type="datetime-local" min={dossier.apology ? toLocalInput(dossier.apology.earliestAt) : undefined} max={dossier.apology ? toLocalInput(dossier.apology.latestAt) : undefined} value={v.newAppointmentAt ?? ''} onChange={set('newAppointmentAt')} required error={fe('newAppointmentAt')} hint={v.suggested ? t('f.suggested', { at: formatDateTime(v.suggested) }) : undefined} />
        </>
      );
      break;
    case 'complete':
      fields = (
        <>
          <UploadField label={t('f.result')} required files={result} onChange={(f) => setResult(f.slice(-1))} error={fe('resultUploadId')} />
          <TextArea label={t('f.summary')} value={v.summary ?? ''} onChange={set('summary')} maxLength={2000} />
        </>
      );
      break;
    case 'return_result':
      fields = (
        <>
          <SelectField label={t('f.channel')} value={v.channel ?? 'counter'} onChange={set('channel')}>
            {['counter', 'online', 'post'].map((c) => (
              <option key={c} value={c}>
                {t(`f.ch.${c}`)}
              </option>
            ))}
          </SelectField>
          {v.channel === 'post' && <TextField label={t('f.tracking')} value={v.postalTrackingCode ?? ''} onChange={set('postalTrackingCode')} maxLength={64} />}
          <TextArea label={t('f.note')} value={v.note ?? ''} onChange={set('note')} maxLength={2000} />
        </>
      );
      break;
  }
  return (
    <form onSubmit={submit} className="panel" aria-label={t(`act.${action}`)}>
      <h3>{t(`act.${action}`)}</h3>
      <ErrorBox error={error} />
      {fields}
      {defaultVisibility && (
        <SelectField label={t('f.noteVisibility')} value={v.noteVisibility ?? defaultVisibility} onChange={set('noteVisibility')} error={fe('noteVisibility')}>
          {(['internal', 'applicant'] as const).map((x) => (
            <option key={x} value={x}>
              {t(`f.vis.${x}`)}
            </option>
          ))}
        </SelectField>
      )}
      <div className="actions">
        <button type="submit" className={action === 'reject' || action === 'stop' ? 'danger' : 'primary'} disabled={busy || (action === 'complete' && result.length === 0)}>
          {t('act.submit')}: {t(`act.${action}`)}
        </button>
      </div>
    </form>
  );
}
