/**
 * The survey staff pages (issue 15), a chunk of their own under /quan-ly/khao-sat: rounds (list, create for
 * a unit subtree, compare), a round (sample, export, close, results — round.tsx) and the questionnaires
 * (questionnaires.tsx). Managers and administrators; the server scopes every answer to their subtree.
 */
import { useState, type FormEvent } from 'react';
import { api, get } from '../lib/api.ts';
import { registerMessages, useI18n } from '../lib/i18n.tsx';
import { Link, match, navigate, useLocation } from '../lib/router.tsx';
import { useAsync } from '../lib/use-async.ts';
import { useSave } from '../lib/use-save.ts';
import { formatDate } from '../lib/format.ts';
import type { Me } from '../lib/session.tsx';
import type { Organisation } from '../lib/types.ts';
import { ErrorBox, Loading, Page } from '../ui/page.tsx';
import { RequireRole } from '../ui/require-role.tsx';
import { SelectField, TextField } from '../ui/field.tsx';
import type { QuestionnaireView, RoundView, RoundComparison } from '../../../src/modules/surveys/contracts.ts';
import type { z } from 'zod';
import { en as dashEn, vi as dashVi } from '../dashboard/messages.ts';
import { formatRate } from '../dashboard/data-table.tsx';
import { en, vi } from './messages.ts';
import { RoundPage } from './round.tsx';
import { QuestionnairesPage } from './questionnaires.tsx';

// The results tables reuse the dashboard's table (XLSX/CSV buttons): its messages come along.
registerMessages(dashVi, dashEn);
registerMessages(vi, en);

export const FACTORS = ['access', 'procedure', 'servant', 'result', 'feedback'] as const;

export default function Surveys() {
  const { t } = useI18n();
  const { path } = useLocation();
  const round = match('/quan-ly/khao-sat/dot/:id', path);
  return (
    <RequireRole roles={['manager', 'admin']} title={t('sv.title')} denied={t('sv.denied')}>
      {(me) => (round ? <RoundPage id={round.id!} /> : match('/quan-ly/khao-sat/phieu', path) ? <QuestionnairesPage me={me} /> : <RoundsPage me={me} />)}
    </RequireRole>
  );
}

/** The units the signed-in officer covers: their own and every unit under it. */
export function subtree(all: Organisation[], root: string | null): Organisation[] {
  if (!root) return all;
  const out: Organisation[] = [];
  const walk = (id: string) => {
    const o = all.find((x) => x.id === id);
    if (o) out.push(o);
    for (const c of all.filter((x) => x.parentId === id)) walk(c.id);
  };
  walk(root);
  return out;
}

function RoundsPage({ me }: { me: Me }) {
  const { t } = useI18n();
  const rounds = useAsync(() => get<{ items: RoundView[] }>('/api/surveys/rounds').then((r) => r.items), []);
  const [picked, setPicked] = useState<string[]>([]);
  const [cmp, setCmp] = useState<z.infer<typeof RoundComparison> | null>(null);
  const compare = useSave();
  return (
    <Page title={t('sv.title')} actions={<Link href="/quan-ly/khao-sat/phieu">{t('sv.questionnaires')}</Link>}>
      <h2>{t('sv.rounds')}</h2>
      <ErrorBox error={rounds.error} />
      {rounds.loading && <Loading />}
      {rounds.data && rounds.data.length === 0 && <p className="muted">{t('sv.noRounds')}</p>}
      {rounds.data && rounds.data.length > 0 && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('sv.doCompare')}</th>
                <th scope="col">{t('sv.name')}</th>
                <th scope="col">{t('sv.unitCol')}</th>
                <th scope="col">{t('sv.period')}</th>
                <th scope="col">{t('sv.status')}</th>
                <th scope="col" className="num">{t('sv.sampleSize')}</th>
              </tr>
            </thead>
            <tbody>
              {rounds.data.map((r) => (
                <tr key={r.id}>
                  <td>
                    <input type="checkbox" aria-label={t('sv.pick', { name: r.name })} checked={picked.includes(r.id)} onChange={(e) => setPicked(e.target.checked ? [...picked, r.id] : picked.filter((x) => x !== r.id))} />
                  </td>
                  <td>
                    <Link href={`/quan-ly/khao-sat/dot/${encodeURIComponent(r.id)}`}>{r.name}</Link>
                  </td>
                  <td lang="vi">{r.orgName}</td>
                  <td>
                    {formatDate(r.from)} – {formatDate(r.to)}
                  </td>
                  <td>{t(`sv.status.${r.status}`)}</td>
                  <td className="num">{r.sampleSize ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <section aria-labelledby="h-sv-compare">
        <h2 id="h-sv-compare">{t('sv.compare')}</h2>
        <p className="muted">{t('sv.compareHint')}</p>
        <button type="button" disabled={picked.length < 2 || compare.busy} onClick={() => void compare.run(async () => setCmp(await get(`/api/surveys/compare?rounds=${picked.map(encodeURIComponent).join(',')}`)))}>
          {t('sv.doCompare')}
        </button>
        <ErrorBox error={compare.error} />
        {cmp && (
          <div className="table-wrap">
            <table data-table="compare">
              <thead>
                <tr>
                  <th scope="col">{t('sv.name')}</th>
                  <th scope="col" className="num">{t('sv.responses')}</th>
                  <th scope="col" className="num">{t('sv.responseRate')}</th>
                  <th scope="col" className="num">{t('sv.index')}</th>
                  {FACTORS.map((f) => (
                    <th key={f} scope="col" className="num">{t(`sv.factor.${f}`)}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {cmp.rounds.map((r) => (
                  <tr key={r.id}>
                    <td>{r.name}</td>
                    <td className="num">{r.responses}</td>
                    <td className="num">{formatRate(r.responseRate)}</td>
                    <td className="num">{formatRate(r.index)}</td>
                    {FACTORS.map((f) => (
                      <td key={f} className="num">{formatRate(r.shares[f])}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <NewRoundForm me={me} onCreated={(id) => navigate(`/quan-ly/khao-sat/dot/${encodeURIComponent(id)}`)} />
    </Page>
  );
}

function NewRoundForm({ me, onCreated }: { me: Me; onCreated: (id: string) => void }) {
  const { t } = useI18n();
  const orgs = useAsync(() => get<{ items: Organisation[] }>('/api/organisations').then((r) => subtree(r.items, me.orgId)), [me.orgId]);
  const qs = useAsync(() => get<{ items: QuestionnaireView[] }>('/api/surveys/questionnaires').then((r) => r.items), []);
  const [f, setF] = useState({ name: '', orgId: me.orgId ?? '', questionnaireId: 'sipas-chuan-v1', from: '', to: '', fields: '', channels: [] as string[], method: 'ministry', margin: '5', confidence: '0.95', indexMethod: 'mean' });
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const { error, busy, run, fe } = useSave();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const margin = Number(f.margin.replace(',', '.')) / 100;
    void run(async () => {
      const r = await api<RoundView>('POST', '/api/surveys/rounds', {
        name: f.name,
        orgId: f.orgId,
        questionnaireId: f.questionnaireId,
        from: f.from,
        to: f.to,
        fieldCodes: f.fields.split(',').map((s) => s.trim()).filter(Boolean),
        channels: f.channels,
        sizing: f.method === 'ministry' ? { method: 'ministry', margin } : { method: 'confidence', margin, confidence: Number(f.confidence) },
        indexMethod: f.indexMethod,
      });
      onCreated(r.id);
    });
  };
  return (
    <section aria-labelledby="h-sv-new">
      <h2 id="h-sv-new">{t('sv.newRound')}</h2>
      <ErrorBox error={orgs.error ?? qs.error} />
      <form onSubmit={submit}>
        <TextField label={t('sv.name')} required maxLength={200} value={f.name} onChange={set('name')} error={fe('name')} />
        <SelectField label={t('sv.unit')} required value={f.orgId} onChange={set('orgId')} error={fe('orgId')}>
          {(orgs.data ?? []).map((o) => (
            <option key={o.id} value={o.id} lang="vi">
              {o.name}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('sv.questionnaire')} required value={f.questionnaireId} onChange={set('questionnaireId')} error={fe('questionnaireId')}>
          {(qs.data ?? []).map((q) => (
            <option key={q.id} value={q.id}>
              {q.title} — v{q.version} ({q.id})
            </option>
          ))}
        </SelectField>
        <TextField label={t('sv.from')} type="date" required value={f.from} onChange={set('from')} error={fe('from')} />
        <TextField label={t('sv.to')} type="date" required value={f.to} onChange={set('to')} error={fe('to')} />
        <TextField label={t('sv.fields')} value={f.fields} onChange={set('fields')} error={fe('fieldCodes')} />
        <fieldset>
          <legend>{t('sv.channels')}</legend>
          {(['online', 'counter', 'post'] as const).map((c) => (
            <label key={c} className="choice">
              <input type="checkbox" checked={f.channels.includes(c)} onChange={(e) => setF({ ...f, channels: e.target.checked ? [...f.channels, c] : f.channels.filter((x) => x !== c) })} /> {t(`sv.channel.${c}`)}
            </label>
          ))}
        </fieldset>
        <SelectField label={t('sv.sizing')} value={f.method} onChange={set('method')}>
          <option value="ministry">{t('sv.sizing.ministry')}</option>
          <option value="confidence">{t('sv.sizing.confidence')}</option>
        </SelectField>
        <TextField label={t('sv.margin')} inputMode="decimal" required value={f.margin} onChange={set('margin')} error={fe('sizing.margin')} />
        {f.method === 'confidence' && (
          <SelectField label={t('sv.confidence')} value={f.confidence} onChange={set('confidence')} error={fe('sizing.confidence')}>
            <option value="0.9">90 %</option>
            <option value="0.95">95 %</option>
            <option value="0.99">99 %</option>
          </SelectField>
        )}
        <SelectField label={t('sv.indexMethod')} value={f.indexMethod} onChange={set('indexMethod')}>
          <option value="mean">{t('sv.index.mean')}</option>
          <option value="pooled">{t('sv.index.pooled')}</option>
        </SelectField>
        <ErrorBox error={error} />
        <button type="submit" className="primary" disabled={busy}>
          {t('sv.create')}
        </button>
      </form>
    </section>
  );
}
