import { useState, type FormEvent } from 'react';
import { api, get } from '../lib/api.ts';
import { useI18n } from '../lib/i18n.tsx';
import { useSession } from '../lib/session.tsx';
import { useAsync } from '../lib/use-async.ts';
import type { Organisation } from '../lib/types.ts';
import { ErrorBox, Loading, Notice } from '../ui/page.tsx';
import { SelectField, TextField } from '../ui/field.tsx';
import { useSave } from '../lib/use-save.ts';
import { RowButton } from '../ui/row-button.tsx';

type Org = Organisation & { workingHours?: { weeklyHours?: string[]; cutoff?: string | null } };

/** Organisations as an indented tree; create one under your subtree, edit names, e-IDs, working hours. */
export function OrganisationsAdmin() {
  const { t } = useI18n();
  const list = useAsync(() => get<{ items: Org[] }>('/api/organisations'), []);
  const [editing, setEditing] = useState<Org | 'new' | null>(null);
  if (list.loading && !list.data) return <Loading />;
  const orgs = list.data?.items ?? [];
  const depth = (o: Org): number => (o.parentId ? 1 + depth(orgs.find((x) => x.id === o.parentId) ?? { ...o, parentId: null }) : 0);
  const ordered: Org[] = [];
  const walk = (parent: string | null) => orgs.filter((o) => o.parentId === parent).forEach((o) => (ordered.push(o), walk(o.id)));
  walk(null);
  return (
    <>
      <ErrorBox error={list.error} />
      {editing ? (
        <OrgForm org={editing === 'new' ? null : editing} orgs={ordered} onClose={async () => { setEditing(null); await list.reload(); }} />
      ) : (
        <p>
          <button type="button" className="primary" onClick={() => setEditing('new')}>
            {t('admin.new')}
          </button>
        </p>
      )}
      <h2>{t('org.list', { n: orgs.length })}</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('org.name')}</th>
              <th scope="col">{t('org.kind')}</th>
              <th scope="col">{t('org.eid')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('admin.edit')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {ordered.map((o) => (
              <tr key={o.id}>
                <td style={{ paddingLeft: `${0.5 + depth(o) * 1.25}rem` }}>{o.name}</td>
                <td>{t(`org.kind.${o.kind}`)}</td>
                <td>{o.agencyEid ?? '—'}</td>
                <td>
                  {o.parentId && (
                    <RowButton of={o.name} className="link" onClick={() => setEditing(o)}>
                      {t('admin.edit')}
                    </RowButton>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function OrgForm({ org, orgs, onClose }: { org: Org | null; orgs: Org[]; onClose: () => Promise<void> }) {
  const { t } = useI18n();
  const { me } = useSession();
  const s = useSave();
  const hours = useSave();
  const [v, setV] = useState({
    id: org?.id ?? '',
    parentId: org?.parentId ?? me?.orgId ?? '',
    name: org?.name ?? '',
    shortName: org?.shortName ?? '',
    kind: org?.kind ?? 'commune',
    agencyEid: org?.agencyEid ?? '',
    address: org?.address ?? '',
    phone: org?.phone ?? '',
  });
  const [week, setWeek] = useState<string[]>(org?.workingHours?.weeklyHours ?? ['', '07:30-11:30,13:00-17:00', '07:30-11:30,13:00-17:00', '07:30-11:30,13:00-17:00', '07:30-11:30,13:00-17:00', '07:30-11:30,13:00-17:00', '']);
  const [inherit, setInherit] = useState(!org?.workingHours?.weeklyHours);
  const [cutoff, setCutoff] = useState(org?.workingHours?.cutoff ?? '');
  const set = (k: keyof typeof v) => (e: { target: { value: string } }) => setV({ ...v, [k]: e.target.value });
  const nullable = (x: string) => (x.trim() ? x.trim() : null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const ok = await s.run(() =>
      api('PUT', `/api/organisations/${encodeURIComponent(v.id.trim())}`, { parentId: v.parentId, name: v.name, shortName: nullable(v.shortName), kind: v.kind, agencyEid: nullable(v.agencyEid), address: nullable(v.address), phone: nullable(v.phone), active: true }),
    );
    if (ok && !org) await onClose();
  };
  const saveHours = (e: FormEvent) => {
    e.preventDefault();
    void hours.run(() => api('PUT', `/api/organisations/${encodeURIComponent(org!.id)}/calendar`, { weeklyHours: inherit ? null : week, cutoff: cutoff.trim() || null }));
  };
  return (
    <section className="panel" aria-labelledby="org-form-h">
      <h2 id="org-form-h">{org ? `${t('admin.edit')}: ${org.name}` : t('admin.new')}</h2>
      <ErrorBox error={s.error} />
      {s.saved && <Notice kind="success">{t('admin.saved')}</Notice>}
      <form onSubmit={submit}>
        <TextField label={t('org.id')} value={v.id} onChange={set('id')} required disabled={!!org} pattern={'[a-z0-9\\-]{2,64}'} error={s.fe('params.id')} />
        <SelectField label={t('org.parent')} value={v.parentId} onChange={set('parentId')} required disabled={!!org} error={s.fe('parentId')}>
          {orgs.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </SelectField>
        <TextField label={t('org.name')} value={v.name} onChange={set('name')} required error={s.fe('name')} />
        <TextField label={t('org.shortName')} value={v.shortName} onChange={set('shortName')} error={s.fe('shortName')} />
        <SelectField label={t('org.kind')} value={v.kind} onChange={set('kind')} error={s.fe('kind')}>
          {['department', 'commune', 'unit', 'centre'].map((k) => (
            <option key={k} value={k}>
              {t(`org.kind.${k}`)}
            </option>
          ))}
        </SelectField>
        <TextField label={t('org.eid')} value={v.agencyEid} onChange={set('agencyEid')} error={s.fe('agencyEid')} placeholder="000.20.01.H29" />
        <TextField label={t('org.address')} value={v.address} onChange={set('address')} error={s.fe('address')} />
        <TextField label={t('org.phone')} value={v.phone} onChange={set('phone')} error={s.fe('phone')} />
        <div className="actions">
          <button type="button" onClick={() => void onClose()}>
            {t('admin.cancel')}
          </button>
          <button type="submit" className="primary" disabled={s.busy}>
            {t('admin.save')}
          </button>
        </div>
      </form>
      {org && (
        <form onSubmit={saveHours}>
          <h3>{t('org.hours')}</h3>
          <ErrorBox error={hours.error} />
          {hours.saved && <Notice kind="success">{t('admin.saved')}</Notice>}
          <label className="choice">
            <input type="checkbox" checked={inherit} onChange={(e) => setInherit(e.target.checked)} /> {t('org.inherit')}
          </label>
          {!inherit && (
            <fieldset>
              <legend>{t('org.hours')}</legend>
              <p className="hint">{t('org.hoursHint')}</p>
              {[1, 2, 3, 4, 5, 6, 0].map((d) => (
                <TextField key={d} label={t(`day.${d}`)} value={week[d] ?? ''} onChange={(e) => setWeek(week.map((x, i) => (i === d ? e.target.value : x)))} error={hours.fe('weeklyHours')} />
              ))}
            </fieldset>
          )}
          <TextField label={t('org.cutoff')} value={cutoff} onChange={(e) => setCutoff(e.target.value)} pattern="\d{2}:\d{2}" error={hours.fe('cutoff')} />
          <button type="submit" disabled={hours.busy}>
            {t('org.saveHours')}
          </button>
        </form>
      )}
      {org && orgs.some((o) => o.id === me?.orgId && !o.parentId) && <MoveForm org={org} orgs={orgs} onMoved={onClose} />}
    </section>
  );
}

/** Today in Vietnam (UTC+7), as the date field writes it. */
const vietnamToday = () => new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);

/**
 * "Chuyển đơn vị": put the unit under another parent from a day on (city-level administrators only;
 * the server refuses a cycle, a closed unit, or a day before its current parent period began).
 */
function MoveForm({ org, orgs, onMoved }: { org: Org; orgs: Org[]; onMoved: () => Promise<void> }) {
  const { t } = useI18n();
  const move = useSave();
  const below = (id: string): boolean => id === org.id || orgs.some((o) => o.id === id && !!o.parentId && below(o.parentId));
  const choices = orgs.filter((o) => !below(o.id) && o.id !== org.parentId);
  // No parent chosen until the administrator picks one: a stray click on the button must not move a unit.
  const [parentId, setParentId] = useState('');
  const [effectiveFrom, setEffectiveFrom] = useState(vietnamToday());
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const ok = await move.run(() => api('POST', `/api/admin/organisations/${encodeURIComponent(org.id)}/move`, { parentId, effectiveFrom }));
    if (ok) await onMoved();
  };
  return (
    <form onSubmit={submit} aria-labelledby="org-move-h">
      <h3 id="org-move-h">{t('org.move')}</h3>
      <p className="hint">{t('org.moveHint')}</p>
      <ErrorBox error={move.error} />
      <SelectField label={t('org.moveParent')} value={parentId} onChange={(e) => setParentId(e.target.value)} required error={move.fe('parentId') ?? move.fe('params.id')}>
        <option value="" disabled>
          {t('org.moveChoose')}
        </option>
        {choices.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
          </option>
        ))}
      </SelectField>
      <TextField label={t('org.moveFrom')} type="date" value={effectiveFrom} onChange={(e) => setEffectiveFrom(e.target.value)} required error={move.fe('effectiveFrom')} />
      <button type="submit" disabled={move.busy}>
        {t('org.moveSubmit')}
      </button>
    </form>
  );
}
