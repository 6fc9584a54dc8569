/**
 * One PAR Index assessment: the criteria tree, area by area, each leaf as a block (a phone shows one under the
 * other). What a block offers follows what the server says the caller may do (`can`): the unit scores its
 * manual leaves with evidence and freezes the computed ones (their figures shown); the appraiser scores,
 * comments and returns a leaf once; the unit answers a return; the city publishes and corrects.
 */
import { useState } from 'react';
import { api, get, uploadFile } from '../lib/api.ts';
import { useI18n } from '../lib/i18n.tsx';
import { Link } from '../lib/router.tsx';
import { useAsync } from '../lib/use-async.ts';
import { useSave } from '../lib/use-save.ts';
import { formatDate, formatDateTime, formatNumber } from '../lib/format.ts';
import { ErrorBox, Loading, Notice, Page } from '../ui/page.tsx';
import { TextArea, TextField } from '../ui/field.tsx';
import type { AssessmentView } from '../../../src/modules/par-index/contracts.ts';
import { pct } from './par.tsx';

type Node = AssessmentView['nodes'][number];
interface SelfEdit {
  score?: string;
  link?: string;
  explanation?: string;
  uploadId?: string;
  uploadName?: string;
}
interface AppraisalEdit {
  score?: string;
  comment?: string;
  reason?: string;
}
const num = (s: string | undefined) => (s === undefined || s.trim() === '' ? null : Number(s.replace(',', '.')));

export function AssessmentPage({ id }: { id: string }) {
  const { t } = useI18n();
  const res = useAsync(() => get<AssessmentView>(`/api/par/assessments/${id}/view`), [id]);
  const [a, setA] = useState<AssessmentView | null>(null);
  const view = a ?? res.data;
  const [self, setSelf] = useState<Record<string, SelfEdit>>({});
  const [appr, setAppr] = useState<Record<string, AppraisalEdit>>({});
  const [freezeOn, setFreezeOn] = useState('');
  const save = useSave();
  const act = (fn: () => Promise<AssessmentView>) => save.run(async () => setA(await fn()));
  if (!view) {
    return (
      <Page title={t('par.title')}>
        <ErrorBox error={res.error} />
        {res.loading && <Loading />}
      </Page>
    );
  }
  const editSelf = (code: string, patch: SelfEdit) => setSelf({ ...self, [code]: { ...self[code], ...patch } });
  const editAppr = (code: string, patch: AppraisalEdit) => setAppr({ ...appr, [code]: { ...appr[code], ...patch } });
  const draft = view.status === 'draft';
  const selfBody = () => ({
    leaves: Object.entries(self).map(([code, e]) => ({
      code,
      ...(e.score !== undefined ? { score: num(e.score) } : {}),
      ...(e.link !== undefined ? { evidenceLink: e.link.trim() || null } : {}),
      ...(e.explanation !== undefined ? { explanation: e.explanation } : {}),
      ...(e.uploadId ? { evidenceUploadId: e.uploadId } : {}),
    })),
  });
  const leaves = view.nodes.filter((n) => n.leaf);
  const apprBody = () => ({
    leaves: leaves.map((n) => ({ code: n.code, score: num(appr[n.code]?.score) ?? n.appraisedScore ?? n.selfScore ?? 0, comment: appr[n.code]?.comment ?? n.appraisalComment })),
  });
  return (
    <Page title={t('par.assessmentTitle', { year: String(view.year), unit: view.org.name })} actions={<Link href="/chi-so-cchc">{t('par.back')}</Link>}>
      <dl className="facts">
        <dt>{t('par.status')}</dt>
        <dd data-figure="status">{t(`par.status.${view.status}`)}</dd>
        <dt>{t('par.set')}</dt>
        <dd lang="vi">{view.setName}</dd>
        <dt>{t('par.frozenOn')}</dt>
        <dd>{view.frozenOn ? formatDate(view.frozenOn) : t('par.notFrozen')}</dd>
        <dt>{t('par.selfTotal')}</dt>
        <dd data-figure="self-total">{formatNumber(view.self.total)}</dd>
        {view.final && (
          <>
            <dt>{t('par.finalTotal')}</dt>
            <dd data-figure="final-total">
              {formatNumber(view.final.total)} — <span className={`par-band ${view.final.band}`}>{t(`par.band.${view.final.band}`)}</span>
            </dd>
          </>
        )}
      </dl>
      <ErrorBox error={save.error} />
      {save.saved && <Notice kind="success">{t('par.saved')}</Notice>}
      {draft && view.can.selfAssess && (
        <div className="actions par-freeze">
          <TextField label={t('par.freezeOn')} type="date" value={freezeOn} onChange={(e) => setFreezeOn(e.target.value)} />
          <button type="button" disabled={save.busy} onClick={() => void act(() => api('POST', `/api/par/assessments/${id}/freeze`, freezeOn ? { on: freezeOn } : {}))}>
            {t('par.freeze')}
          </button>
        </div>
      )}
      {view.nodes
        .filter((n) => !n.code.includes('.'))
        .map((area) => (
          <section key={area.code} className="par-area" aria-labelledby={`par-area-${area.code}`}>
            <h2 id={`par-area-${area.code}`}>
              {area.code}. <NodeName n={area} /> <span className="muted">({t('par.maxShort', { max: formatNumber(area.max) })})</span>
            </h2>
            {view.nodes
              .filter((n) => n.code.startsWith(`${area.code}.`))
              .map((n) =>
                n.leaf ? (
                  <Leaf key={n.code} n={n} view={view} self={self[n.code] ?? {}} appr={appr[n.code] ?? {}} onSelf={(p) => editSelf(n.code, p)} onAppr={(p) => editAppr(n.code, p)} act={act} busy={save.busy} />
                ) : (
                  <h3 key={n.code} className="par-node">
                    {n.code}. <NodeName n={n} /> <span className="muted">({t('par.maxShort', { max: formatNumber(n.max) })})</span>
                  </h3>
                ),
              )}
          </section>
        ))}
      <div className="actions">
        {draft && view.can.selfAssess && (
          <button type="button" className="primary" disabled={save.busy || Object.keys(self).length === 0} onClick={() => void act(async () => { const r = await api<AssessmentView>('PUT', `/api/par/assessments/${id}/self`, selfBody()); setSelf({}); return r; })}>
            {t('par.saveSelf')}
          </button>
        )}
        {view.can.submit && (
          <button type="button" disabled={save.busy} onClick={() => void act(() => api('POST', `/api/par/assessments/${id}/submit`))}>
            {t('par.submit')}
          </button>
        )}
        {view.can.appraise && (
          <>
            <button type="button" className="primary" disabled={save.busy} onClick={() => void act(async () => { const r = await api<AssessmentView>('PUT', `/api/par/assessments/${id}/appraisal`, apprBody()); setAppr({}); return r; })}>
              {t('par.saveAppraisal')}
            </button>
            <button type="button" disabled={save.busy} onClick={() => void act(() => api('POST', `/api/par/assessments/${id}/appraised`))}>
              {t('par.finish')}
            </button>
          </>
        )}
        {view.can.publish && (
          <button type="button" className="primary" disabled={save.busy} onClick={() => void act(() => api('POST', `/api/par/assessments/${id}/publish`))}>
            {t('par.publish')}
          </button>
        )}
      </div>
      {view.corrections.length > 0 && (
        <section aria-labelledby="par-corrections">
          <h2 id="par-corrections">{t('par.corrections')}</h2>
          <ul>
            {view.corrections.map((c, i) => (
              <li key={i}>{t('par.correctionLine', { code: c.code, old: formatNumber(c.oldScore), new: formatNumber(c.newScore), by: c.by, at: formatDateTime(c.at), reason: c.reason })}</li>
            ))}
          </ul>
        </section>
      )}
    </Page>
  );
}

function NodeName({ n }: { n: Node }) {
  const { lang } = useI18n();
  return lang === 'en' && n.nameEn ? <span>{n.nameEn}</span> : <span lang="vi">{n.name}</span>;
}

interface LeafProps {
  n: Node;
  view: AssessmentView;
  self: SelfEdit;
  appr: AppraisalEdit;
  onSelf: (p: SelfEdit) => void;
  onAppr: (p: AppraisalEdit) => void;
  act: (fn: () => Promise<AssessmentView>) => Promise<boolean>;
  busy: boolean;
}

function Leaf({ n, view, self, appr, onSelf, onAppr, act, busy }: LeafProps) {
  const { t, lang } = useI18n();
  const [uploading, setUploading] = useState(false);
  const base = `/api/par/assessments/${view.id}/leaves/${encodeURIComponent(n.code)}`;
  const draftEdit = view.status === 'draft' && view.can.selfAssess;
  const answering = view.status === 'submitted' && n.state === 'returned' && view.can.selfAssess;
  const unitEdits = draftEdit || answering;
  const manual = n.method === 'manual';
  const upload = async (file: File | undefined) => {
    if (!file) return;
    setUploading(true);
    try {
      const u = await uploadFile(file, () => {});
      onSelf({ uploadId: u.id, uploadName: file.name });
    } finally {
      setUploading(false);
    }
  };
  return (
    <div className={`par-leaf${n.state === 'returned' ? ' returned' : ''}`} data-leaf={n.code}>
      <h3 className="par-node">
        {n.code}. <NodeName n={n} />
      </h3>
      <p className="muted">
        {t('par.maxShort', { max: formatNumber(n.max) })} · {n.method ? t(`par.method.${n.method}`) : ''}
        {n.selfScore !== null && (
          <>
            {' '}
            · {t('par.selfScore')}: <strong data-figure="self">{formatNumber(n.selfScore)}</strong>
          </>
        )}
      </p>
      {n.frozen && (
        <div className="par-figures">
          <p>
            {t('par.ratio')}: {n.frozen.ratio === null ? t('par.noData') : pct(n.frozen.ratio)} · {t('par.points')}: {n.frozen.points === null ? '—' : formatNumber(n.frozen.points)} ·{' '}
            {t('par.frozenOn')} {formatDate(n.frozen.on)}
          </p>
          {n.frozen.figures.length > 0 && (
            <ul aria-label={t('par.figures')}>
              {n.frozen.figures.map((f, i) => (
                <li key={i}>
                  {f.label[lang]}: {typeof f.value === 'number' ? formatNumber(f.value) : (f.value ?? '—')}
                </li>
              ))}
            </ul>
          )}
          {n.frozen.note && <p className="muted">{n.frozen.note[lang]}</p>}
        </div>
      )}
      {(n.evidence.filename || n.evidence.link || n.explanation) && (
        <p>
          {n.evidence.filename && (
            <a href={`${base}/evidence`} download>
              {n.evidence.filename}
            </a>
          )}{' '}
          {n.evidence.link && (
            <a href={n.evidence.link} rel="noreferrer noopener" target="_blank" className="secret-link">
              {n.evidence.link}
            </a>
          )}
          {n.explanation && <span className="pre-wrap"> {n.explanation}</span>}
        </p>
      )}
      {n.state === 'returned' && <Notice kind="warning">{t('par.returned', { reason: n.returnReason ?? '' })}</Notice>}
      {n.state === 'resubmitted' && <p className="muted">{t('par.resubmitted')}</p>}
      {unitEdits && (
        <div className="par-edit">
          {manual && <TextField label={t('par.selfScore')} inputMode="decimal" value={self.score ?? (n.selfScore === null ? '' : String(n.selfScore))} onChange={(e) => onSelf({ score: e.target.value })} />}
          <TextField label={t('par.evidenceFile')} type="file" accept="application/pdf,image/png,image/jpeg" disabled={uploading} onChange={(e) => void upload(e.target.files?.[0])} hint={self.uploadName ? t('par.uploaded', { name: self.uploadName }) : undefined} />
          <TextField label={t('par.evidenceLink')} type="url" value={self.link ?? n.evidence.link ?? ''} onChange={(e) => onSelf({ link: e.target.value })} />
          <TextArea label={t('par.explanation')} value={self.explanation ?? n.explanation ?? ''} onChange={(e) => onSelf({ explanation: e.target.value })} />
          {answering && (
            <button
              type="button"
              disabled={busy}
              onClick={() =>
                void act(() =>
                  api('POST', `${base}/resubmit`, {
                    ...(manual && self.score !== undefined ? { score: num(self.score) } : {}),
                    ...(self.link !== undefined ? { evidenceLink: self.link.trim() || null } : {}),
                    ...(self.explanation !== undefined ? { explanation: self.explanation } : {}),
                    ...(self.uploadId ? { evidenceUploadId: self.uploadId } : {}),
                  }),
                )
              }
            >
              {t('par.resubmit')}
            </button>
          )}
        </div>
      )}
      {view.can.appraise && (
        <div className="par-edit appraisal">
          <TextField label={t('par.appraisedScore')} inputMode="decimal" value={appr.score ?? String(n.appraisedScore ?? n.selfScore ?? 0)} onChange={(e) => onAppr({ score: e.target.value })} />
          <TextArea label={t('par.comment')} value={appr.comment ?? n.appraisalComment ?? ''} onChange={(e) => onAppr({ comment: e.target.value })} />
          {n.returns === 0 && (
            <>
              <TextField label={t('par.returnReason')} value={appr.reason ?? ''} onChange={(e) => onAppr({ reason: e.target.value })} />
              <button type="button" disabled={busy || !appr.reason?.trim()} onClick={() => void act(() => api('POST', `${base}/return`, { reason: appr.reason }))}>
                {t('par.return')}
              </button>
            </>
          )}
        </div>
      )}
      {!view.can.appraise && n.appraisedScore !== null && (
        <p>
          {t('par.appraisedScore')}: <strong>{formatNumber(n.appraisedScore)}</strong>
          {n.appraisalComment && <span className="pre-wrap"> — {n.appraisalComment}</span>}
          {n.finalScore !== null && n.finalScore !== n.appraisedScore && (
            <>
              {' '}
              · {t('par.finalScore')}: <strong>{formatNumber(n.finalScore)}</strong>
            </>
          )}
        </p>
      )}
      {view.can.correct && (
        <div className="par-edit">
          <TextField label={t('par.correctScore')} inputMode="decimal" value={appr.score ?? ''} onChange={(e) => onAppr({ score: e.target.value })} />
          <TextField label={t('par.correctReason')} value={appr.reason ?? ''} onChange={(e) => onAppr({ reason: e.target.value })} />
          <button type="button" disabled={busy || !appr.reason?.trim() || num(appr.score) === null} onClick={() => void act(() => api('POST', `${base}/correction`, { score: num(appr.score), reason: appr.reason }))}>
            {t('par.correct')}
          </button>
        </div>
      )}
    </div>
  );
}
