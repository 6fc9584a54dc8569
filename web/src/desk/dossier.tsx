/** One dossier at the desk: what was submitted (with previews), its history, and the actions allowed now. */
import { Fragment, lazy, Suspense, useState } from 'react';
import { get } from '../lib/api.ts';
import { pick, useI18n } from '../lib/i18n.tsx';
import { Link } from '../lib/router.tsx';
import { useAsync } from '../lib/use-async.ts';
import { fieldLabel, formatDate, formatDateTime, formatFormValue, formatSize } from '../lib/format.ts';
import type { Attachment, Dossier, Procedure } from '../lib/types.ts';
import { ErrorBox, Loading, Notice, Page } from '../ui/page.tsx';
import { payloadDetail, Timeline } from '../ui/timeline.tsx';
import { DocumentList } from '../ui/documents.tsx';
import { TimeLeft } from './time-left.tsx';
import { ActionForm, DESK_ACTIONS } from './action-forms.tsx';
import { RowButton } from '../ui/row-button.tsx';

// Results by post (issue 17) live in their own chunk.
const DeskDelivery = lazy(() => import('../delivery/delivery.tsx').then((m) => ({ default: m.DeskDelivery })));
// Fees, payments and the counter payment form (issue 17): a lazy chunk of its own.
const DeskPayments = lazy(() => import('../payments/payments.tsx').then((m) => ({ default: m.DeskPayments })));
// The messages sent about the dossier and their delivery status (notifications, issue 17): its own chunk.
const DossierNotifications = lazy(() => import('../notifications/panel.tsx'));
// The applicant checked against the national population database (issue 18): its own chunk, beside the actions.
const PopulationCheckPanel = lazy(() => import('../population/panel.tsx'));

const APPLICANT_FIELDS: Array<[string, string]> = [
  ['fullName', 'apply.fullName'],
  ['idNumber', 'apply.idNumber'],
  ['taxCode', 'apply.taxCode'],
  ['birthDate', 'apply.birthDate'],
  ['address', 'apply.address'],
  ['phone', 'apply.phone'],
  ['email', 'apply.email'],
];

export function DeskDossier({ code }: { code: string }) {
  const { t, lang } = useI18n();
  const load = useAsync(async () => {
    const d = await get<Dossier>(`/api/dossiers/${encodeURIComponent(code)}`);
    const p = await get<Procedure>(`/api/procedures/${encodeURIComponent(d.procedure.code)}`).catch(() => null);
    return { d, p };
  }, [code]);
  const [action, setAction] = useState<Dossier['availableActions'][number] | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [stale, setStale] = useState(false);
  if (load.loading && !load.data) return <Loading />;
  if (!load.data) return <Page title={t('dossier.title')}><p><Link href="/mot-cua">{t('desk.back')}</Link></p><ErrorBox error={load.error} /></Page>;
  const { d, p } = load.data;
  const actions = d.availableActions.filter((a) => (DESK_ACTIONS as readonly string[]).includes(a));
  const byComponent = (code: string) => d.attachments.filter((a) => a.componentCode === code);
  const extra = d.attachments.filter((a) => !p?.components.some((c) => c.code === a.componentCode));
  return (
    <Page title={`${d.code}`} actions={<Link href="/mot-cua">{t('desk.back')}</Link>}>
      <p className="lead">
        {d.procedure.name} — <span className={`status s-${d.status}`}>{pick(d.statusLabel, lang)}</span>
      </p>
      {done && <Notice kind="success">{done}</Notice>}
      {stale && <Notice kind="warning">{t('desk.changed')}</Notice>}
      <div className="dossier-layout">
        <div>
          <dl className="facts">
            <dt>{t('dossier.submittedAt')}</dt>
            <dd>{formatDateTime(d.submittedAt)}</dd>
            <dt>{t('dossier.appointment')}</dt>
            <dd>{formatDateTime(d.appointmentAt)}</dd>
            <dt>{t('desk.due')}</dt>
            <dd>
              {formatDateTime(d.dueAt)} <TimeLeft item={d} />
            </dd>
            <dt>{t('desk.currentOrg')}</dt>
            <dd>{d.currentOrg.name}</dd>
            {d.currentStep && (
              <>
                <dt>{t('desk.currentStep')}</dt>
                <dd>
                  {d.currentStep.index + 1}. {d.currentStep.name} ({t(`role.${d.currentStep.role}`)})
                  {d.currentStep.dueAt ? ` — ${formatDateTime(d.currentStep.dueAt)}` : ''}
                </dd>
              </>
            )}
          </dl>
          <h2>{t('desk.applicantInfo')}</h2>
          <dl className="facts">
            {APPLICANT_FIELDS.filter(([k]) => d.applicant[k]).map(([k, label]) => (
              <Fragment key={k}>
                <dt>{t(label)}</dt>
                <dd>{k === 'birthDate' ? formatDate(d.applicant[k]) : d.applicant[k]}</dd>
              </Fragment>
            ))}
          </dl>
          {Object.keys(d.form).length > 0 && (
            <>
              <h2>{t('desk.formData')}</h2>
              <dl className="facts">
                {(p?.formFields ?? Object.keys(d.form).map((name) => ({ name, label: name, type: 'text' }))).filter((f) => d.form[f.name] !== undefined).map((f) => (
                  <Fragment key={f.name}>
                    <dt>{fieldLabel(f, lang)}</dt>
                    <dd>{formatFormValue(f, d.form[f.name], lang)}</dd>
                  </Fragment>
                ))}
              </dl>
            </>
          )}
          <h2>{t('desk.components')}</h2>
          <ul className="cards">
            {(p?.components ?? []).map((c) => (
              <li key={c.code} className="card">
                <h3>
                  {c.name}
                  {c.required ? <span className="req"> *</span> : null}
                </h3>
                {d.paperKept.includes(c.code) && <p>{t('desk.paperKept')}</p>}
                {byComponent(c.code).length === 0 ? (d.paperKept.includes(c.code) ? null : <p className="muted">{t('desk.noFile')}</p>) : byComponent(c.code).map((a) => <FileRow key={a.uploadId} a={a} />)}
              </li>
            ))}
            {extra.map((a) => (
              <li key={a.uploadId + a.componentCode} className="card">
                <h3>{a.componentName ?? a.componentCode}</h3>
                <FileRow a={a} />
              </li>
            ))}
          </ul>
          <Suspense fallback={null}>
            <DeskPayments code={d.code} />
          </Suspense>
          <DocumentList documents={d.documents} />
          <Suspense fallback={null}>
            <DeskDelivery code={d.code} onChanged={() => void load.reload()} />
          </Suspense>
          <h2>{t('desk.history')}</h2>
          <Timeline entries={d.history.map((h) => ({ action: h.action, label: h.label, at: h.at, who: h.actor.role === 'system:delivery' ? t('desk.systemDelivery') : [h.actor.name, h.actor.orgName].filter(Boolean).join(', '), detail: withVisibility(payloadDetail(h.payload, lang), h.noteVisibility === 'internal' ? t('desk.internalNote') : null) }))} />
          <Suspense fallback={null}>
            <DossierNotifications code={d.code} />
          </Suspense>
        </div>
        <aside aria-labelledby="actions-h">
          <Suspense fallback={null}>
            <PopulationCheckPanel code={d.code} beforeAcceptance={d.status === 'submitted'} />
          </Suspense>
          <h2 id="actions-h">{t('desk.actions')}</h2>
          {d.acceptedAt && (
            <p>
              <Link className="button" href={`/mot-cua/bien-nhan/${encodeURIComponent(d.code)}`}>
                {t('desk.printReceipt')}
              </Link>
            </p>
          )}
          {actions.length === 0 ? (
            <p className="muted">{t('desk.noActions')}</p>
          ) : (
            <div className="action-tabs" role="group" aria-label={t('desk.actions')}>
              {actions.map((a) => (
                <button key={a} type="button" aria-pressed={action === a} onClick={() => setAction(action === a ? null : a)} className={a === 'reject' || a === 'stop' ? 'danger' : ''}>
                  {t(`act.${a}`)}
                </button>
              ))}
            </div>
          )}
          {action && actions.includes(action) && (
            <ActionForm
              key={action + d.history.length}
              action={action}
              dossier={d}
              procedure={p}
              onDone={async () => {
                setDone(t('desk.done', { action: t(`act.${action}`) }));
                setStale(false);
                setAction(null);
                await load.reload();
              }}
              onStale={async () => {
                // Someone acted since this page loaded: show the new state and let the officer decide again.
                setDone(null);
                setStale(true);
                setAction(null);
                await load.reload();
              }}
            />
          )}
        </aside>
      </div>
    </Page>
  );
}

/** Marks a note that only officers see, so nobody copies it to the applicant by mistake. */
function withVisibility(detail: string | null | undefined, internal: string | null) {
  return detail && internal ? `${detail} (${internal})` : detail;
}

function FileRow({ a }: { a: Attachment }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const image = a.mediaType.startsWith('image/');
  return (
    <div>
      <p>
        {a.filename} <span className="muted">({formatSize(a.size)})</span>{' '}
        {a.storeDocumentId && (
          <>
            <span className="badge cs-mark">{t('desk.reusedFromStore')}</span>{' '}
          </>
        )}
        <RowButton of={a.filename} className="link" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? t('desk.hidePreview') : t('desk.preview')}
        </RowButton>{' '}
        ·{' '}
        <a href={a.url} download={a.filename}>
          {t('desk.download')}
          <span className="visually-hidden"> {a.filename}</span>
        </a>
      </p>
      {open && (image ? <img className="preview" src={a.url} alt={a.filename} /> : <iframe className="preview" src={a.url} title={a.filename} />)}
    </div>
  );
}
