/** Print view of the receipt (form 01): what the desk hands to the applicant; the PDF is the official copy. */
import { useEffect } from 'react';
import { get } from '../lib/api.ts';
import { useI18n } from '../lib/i18n.tsx';
import { Link } from '../lib/router.tsx';
import { useAsync } from '../lib/use-async.ts';
import { formatDateTime } from '../lib/format.ts';
import type { Dossier } from '../lib/types.ts';
import { ErrorBox, Loading, Notice } from '../ui/page.tsx';

export function ReceiptPrint({ code }: { code: string }) {
  const { t } = useI18n();
  const { data: d, error, loading } = useAsync(() => get<Dossier>(`/api/dossiers/${encodeURIComponent(code)}`), [code]);
  useEffect(() => {
    document.title = `${t('receipt.printTitle')} ${code} — motcua`;
  }, [code, t]);
  if (loading && !d) return <Loading />;
  if (!d) return <ErrorBox error={error} />;
  const received = d.attachments.filter((a) => a.componentCode !== 'result');
  return (
    <article className="print-receipt">
      <p className="actions">
        <Link href={`/mot-cua/ho-so/${encodeURIComponent(code)}`}>{t('desk.back')}</Link>
        <button type="button" className="primary" onClick={() => print()}>
          {t('receipt.print')}
        </button>
        <a className="button" href={`/api/dossiers/${encodeURIComponent(code)}/documents/receipt`} target="_blank" rel="noopener">
          {t('desk.receiptPdf')}
        </a>
      </p>
      <p>
        <strong>{d.receivingOrg.name}</strong>
        <br />
        {t('desk.title')}
      </p>
      <h1>{t('receipt.printTitle')}</h1>
      {!d.acceptedAt && <Notice kind="warning">{t('receipt.notAccepted')}</Notice>}
      <dl className="facts">
        <dt>{t('desk.code')}</dt>
        <dd className="big">{d.code}</dd>
        <dt>{t('receipt.received')}</dt>
        <dd>
          {d.applicant.fullName}
          {d.applicant.address ? `, ${d.applicant.address}` : ''}
          {d.applicant.phone ? ` — ${d.applicant.phone}` : ''}
        </dd>
        <dt>{t('desk.procedure')}</dt>
        <dd>{d.procedure.name}</dd>
        <dt>{t('receipt.acceptedAt')}</dt>
        <dd>{formatDateTime(d.acceptedAt)}</dd>
        <dt>{t('receipt.appointment')}</dt>
        <dd className="big">{formatDateTime(d.appointmentAt)}</dd>
        <dt>{t('receipt.secret')}</dt>
        <dd>{d.lookupSecret}</dd>
      </dl>
      <h2>{t('receipt.papers')}</h2>
      <ol>
        {received.map((a) => (
          <li key={a.uploadId + a.componentCode}>
            {a.componentName ?? a.componentCode} ({a.filename})
          </li>
        ))}
      </ol>
    </article>
  );
}
