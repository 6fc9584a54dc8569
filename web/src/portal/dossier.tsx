/**
 * A citizen's dossier: the receipt right after submitting (code, appointment, lookup secret), the
 * status timeline in plain words, and what the citizen can do now: answer a supplement request,
 * withdraw, download the result, rate the handling.
 */
import { lazy, Suspense, useState, type FormEvent } from 'react';
import { api, get } from '../lib/api.ts';
import { useSave } from '../lib/use-save.ts';
import { pick, useI18n } from '../lib/i18n.tsx';
import { useLocation } from '../lib/router.tsx';
import { useAsync } from '../lib/use-async.ts';
import { formatDateTime, formatSize } from '../lib/format.ts';
import type { Dossier, Procedure } from '../lib/types.ts';
import { ErrorBox, Loading, Notice, Page } from '../ui/page.tsx';
import { SelectField, TextArea } from '../ui/field.tsx';
import { payloadDetail, Timeline } from '../ui/timeline.tsx';
import { DocumentList } from '../ui/documents.tsx';
import { UploadField, type UploadedFile } from './upload-field.tsx';

// Results by post (issue 17) live in their own chunk.
const CitizenDelivery = lazy(() => import('../delivery/delivery.tsx').then((m) => ({ default: m.CitizenDelivery })));
// Fees and online payment (issue 17): a lazy chunk of its own.
const PortalPayments = lazy(() => import('../payments/payments.tsx').then((m) => ({ default: m.PortalPayments })));

export function DossierPage({ code }: { code: string }) {
  const { t, lang } = useI18n();
  const { query } = useLocation();
  const { data: d, error, loading, reload } = useAsync(() => get<Dossier>(`/api/dossiers/${encodeURIComponent(code)}`), [code]);
  if (loading && !d) return <Loading />;
  if (!d) return <Page title={t('dossier.title')}><ErrorBox error={error} /></Page>;
  const can = (a: Dossier['availableActions'][number]) => d.availableActions.includes(a);
  return (
    <Page title={d.procedure.name}>
      {query.get('vua-nop') && (
        <section className="receipt" aria-labelledby="receipt-h">
          <h2 id="receipt-h">{t('receipt.title')}</h2>
          <dl className="facts">
            <dt>{t('dossier.code')}</dt>
            <dd className="big" data-testid="dossier-code">{d.code}</dd>
            <dt>{t('receipt.secret')}</dt>
            <dd className="big" data-testid="lookup-secret">{d.lookupSecret}</dd>
            <dt>{t('dossier.appointment')}</dt>
            <dd>{d.appointmentAt ? formatDateTime(d.appointmentAt) : t('receipt.appointmentLater')}</dd>
          </dl>
          <p>{t('receipt.keep')}</p>
          <button type="button" onClick={() => print()}>
            {t('receipt.print')}
          </button>
        </section>
      )}
      <dl className="facts">
        <dt>{t('dossier.code')}</dt>
        <dd>{d.code}</dd>
        <dt>{t('dossier.status')}</dt>
        <dd>
          <span className={`status s-${d.status}`}>{pick(d.statusLabel, lang)}</span>
        </dd>
        <dt>{t('dossier.receivedBy')}</dt>
        <dd>{d.receivingOrg.name}</dd>
        <dt>{t('dossier.submittedAt')}</dt>
        <dd>{formatDateTime(d.submittedAt)}</dd>
        <dt>{t('dossier.appointment')}</dt>
        <dd>{formatDateTime(d.appointmentAt)}</dd>
        {!query.get('vua-nop') && (
          <>
            <dt>{t('receipt.secret')}</dt>
            <dd>{d.lookupSecret}</dd>
          </>
        )}
      </dl>

      <Suspense fallback={null}>
        <CitizenDelivery code={d.code} defaults={{ fullName: d.applicant.fullName, phone: d.applicant.phone ?? '', address: d.applicant.address ?? '', provinceCode: '' }} saveFailed={query.get('buu-chinh') === 'loi'} />
      </Suspense>
      {can('supplement') && <SupplementForm dossier={d} onDone={reload} />}
      {can('rate') && <RateForm dossier={d} onDone={reload} />}
      {d.rating && (
        <Notice kind="success">
          {t('rate.thanks')} {t(`rate.${d.rating.level}`)}
        </Notice>
      )}

      <Suspense fallback={null}>
        <PortalPayments code={d.code} />
      </Suspense>

      <DocumentList documents={d.documents} />

      <section aria-labelledby="history-h">
        <h2 id="history-h">{t('dossier.history')}</h2>
        <Timeline entries={d.history.map((h) => ({ action: h.action, label: h.label, at: h.at, who: h.actor.orgName, detail: payloadDetail(h.payload, lang) }))} />
      </section>

      <section aria-labelledby="files-h">
        <h2 id="files-h">{t('dossier.files')}</h2>
        <ul>
          {d.attachments.map((a) => (
            <li key={a.uploadId + a.componentCode}>
              {a.componentName ?? a.componentCode}:{' '}
              <a href={a.url} target="_blank" rel="noopener">
                {a.filename}
              </a>{' '}
              <span className="muted">({formatSize(a.size)})</span>
              {a.storeDocumentId && <span className="muted"> · {t('dossier.fromStore')}</span>}
            </li>
          ))}
        </ul>
      </section>

      {can('withdraw') && <WithdrawForm dossier={d} onDone={reload} />}
    </Page>
  );
}

/** Posts one action on the dossier, then reloads it; the server's problem stays for the form to show. */
function useAct(dossier: Dossier, onDone: () => Promise<void>) {
  const { error, busy, run } = useSave();
  const act = (action: string, body: unknown) =>
    run(async () => {
      await api('POST', `/api/dossiers/${encodeURIComponent(dossier.code)}/actions/${action}`, body);
      await onDone();
    });
  return { error, busy, act };
}

function SupplementForm({ dossier, onDone }: { dossier: Dossier; onDone: () => Promise<void> }) {
  const { t } = useI18n();
  const request = [...dossier.history].reverse().find((h) => h.action === 'request_supplement');
  const items = (request?.payload.items as Array<{ componentCode?: string; name: string; reason: string }> | undefined) ?? [];
  const procedure = useAsync(() => get<Procedure>(`/api/procedures/${encodeURIComponent(dossier.procedure.code)}`), [dossier.procedure.code]);
  const [files, setFiles] = useState<Record<number, UploadedFile[]>>({});
  const [codes, setCodes] = useState<Record<number, string>>({});
  const [note, setNote] = useState('');
  const { error, busy, act } = useAct(dossier, onDone);
  const components = procedure.data?.components ?? [];
  const codeOf = (i: number) => items[i]?.componentCode ?? codes[i] ?? components[0]?.code ?? '';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const attachments = Object.entries(files).flatMap(([i, list]) => list.map((f) => ({ componentCode: codeOf(Number(i)), uploadId: f.uploadId })));
    void act('supplement', { ...(note.trim() ? { note: note.trim() } : {}), attachments });
  };
  return (
    <section className="panel attention" aria-labelledby="supp-h">
      <h2 id="supp-h">{t('supplement.title')}</h2>
      <p>{typeof request?.payload.reason === 'string' ? request.payload.reason : ''}</p>
      <p className="hint">{t('supplement.once')}</p>
      <ErrorBox error={error} />
      <form onSubmit={submit}>
        {items.map((it, i) => (
          <div key={i} className="supp-item">
            {!it.componentCode && components.length > 0 && (
              <SelectField label={t('supplement.component', { name: it.name })} value={codeOf(i)} onChange={(e) => setCodes({ ...codes, [i]: e.target.value })}>
                {components.map((c) => (
                  <option key={c.code} value={c.code}>
                    {c.name}
                  </option>
                ))}
              </SelectField>
            )}
            <UploadField label={it.name} hint={it.reason} files={files[i] ?? []} onChange={(list) => setFiles({ ...files, [i]: list })} />
          </div>
        ))}
        <TextArea label={t('supplement.note')} value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} />
        <button type="submit" className="primary" disabled={busy}>
          {t('supplement.submit')}
        </button>
      </form>
    </section>
  );
}

function RateForm({ dossier, onDone }: { dossier: Dossier; onDone: () => Promise<void> }) {
  const { t } = useI18n();
  const [level, setLevel] = useState('');
  const [comment, setComment] = useState('');
  const { error, busy, act } = useAct(dossier, onDone);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void act('rate', { level, ...(comment.trim() ? { comment: comment.trim() } : {}) });
  };
  return (
    <section className="panel" aria-labelledby="rate-h">
      <h2 id="rate-h">{t('rate.title')}</h2>
      <ErrorBox error={error} />
      <form onSubmit={submit}>
        <fieldset className="choices">
          <legend>{t('rate.question')}</legend>
          {['very_satisfied', 'satisfied', 'dissatisfied'].map((l) => (
            <label key={l} className="choice">
              <input type="radio" name="level" value={l} checked={level === l} onChange={() => setLevel(l)} required /> {t(`rate.${l}`)}
            </label>
          ))}
        </fieldset>
        <TextArea label={t('rate.comment')} value={comment} onChange={(e) => setComment(e.target.value)} maxLength={2000} />
        <button type="submit" className="primary" disabled={busy || !level}>
          {t('rate.submit')}
        </button>
      </form>
    </section>
  );
}

function WithdrawForm({ dossier, onDone }: { dossier: Dossier; onDone: () => Promise<void> }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const { error, busy, act } = useAct(dossier, onDone);
  if (!open)
    return (
      <p>
        <button type="button" className="danger" onClick={() => setOpen(true)}>
          {t('withdraw.open')}
        </button>
      </p>
    );
  return (
    <section className="panel" aria-labelledby="wd-h">
      <h2 id="wd-h">{t('withdraw.title')}</h2>
      <p>{t('withdraw.warning')}</p>
      <ErrorBox error={error} />
      <form onSubmit={(e) => { e.preventDefault(); void act('withdraw', reason.trim() ? { reason: reason.trim() } : {}); }}>
        <TextArea label={t('withdraw.reason')} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={2000} />
        <div className="actions">
          <button type="button" onClick={() => setOpen(false)}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="danger" disabled={busy}>
            {t('withdraw.confirm')}
          </button>
        </div>
      </form>
    </section>
  );
}
