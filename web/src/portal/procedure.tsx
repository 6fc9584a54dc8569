import { get } from '../lib/api.ts';
import { useI18n } from '../lib/i18n.tsx';
import { Link } from '../lib/router.tsx';
import { useAsync } from '../lib/use-async.ts';
import { fieldLabel, formatMoney } from '../lib/format.ts';
import type { Procedure } from '../lib/types.ts';
import { ErrorBox, Loading, Page } from '../ui/page.tsx';

/** A procedure as the catalogue publishes it: components, fee, duration, where to submit, legal basis. */
export function ProcedurePage({ code }: { code: string }) {
  const { t, lang } = useI18n();
  const { data: p, error, loading } = useAsync(() => get<Procedure>(`/api/procedures/${encodeURIComponent(code)}`), [code]);
  if (loading && !p) return <Loading />;
  if (error || !p) return <Page title={t('procedure.notFound')}><ErrorBox error={error} /></Page>;
  return (
    <Page title={p.name}>
      <p className="muted">
        {t('procedure.code')}: {p.code} · {p.field.name}
      </p>
      {p.onlineLevel === 'full' || p.onlineLevel === 'partial' ? (
        <p>
          <Link className="button primary" href={`/nop-ho-so/${encodeURIComponent(p.code)}`}>
            {t('procedure.apply')}
          </Link>
        </p>
      ) : null}
      <dl className="facts">
        <dt>{t('procedure.duration')}</dt>
        <dd>{p.duration.label}</dd>
        <dt>{t('procedure.fee')}</dt>
        <dd>
          {formatMoney(p.feeVnd, lang)}
          {p.feeNote ? <div className="muted">{p.feeNote}</div> : null}
        </dd>
        <dt>{t('procedure.online')}</dt>
        <dd>{t(`online.${p.onlineLevel}`)}</dd>
        <dt>{t('procedure.applicants')}</dt>
        <dd>{p.applicantTypes.map((a) => t(`applicant.${a}`)).join(', ')}</dd>
        <dt>{t('procedure.result')}</dt>
        <dd>{p.resultName ?? '—'}</dd>
        <dt>{t('procedure.legal')}</dt>
        <dd>{p.legalBasis}</dd>
      </dl>
      {p.description && <p>{p.description}</p>}
      <h2>{t('procedure.components')}</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('procedure.component')}</th>
              <th scope="col">{t('procedure.originals')}</th>
              <th scope="col">{t('procedure.copies')}</th>
              <th scope="col">{t('procedure.required')}</th>
            </tr>
          </thead>
          <tbody>
            {p.components.map((c) => (
              <tr key={c.code}>
                <td>
                  {c.name}
                  {c.signatureRequired ? <div className="muted">{t('procedure.signatureRequired')}</div> : null}
                </td>
                <td className="num">{c.originals}</td>
                <td className="num">{c.copies}</td>
                <td>{c.required ? t('common.yes') : t('procedure.optional')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {p.formFields.length > 0 && (
        <>
          <h2>{t('procedure.formFields')}</h2>
          <ul className="form-fields">
            {p.formFields.map((f) => (
              <li key={f.name}>
                {fieldLabel(f, lang)}
                {f.required ? ` (${t('procedure.formFieldRequired')})` : ''}
              </li>
            ))}
          </ul>
        </>
      )}
      <h2>{t('procedure.where')}</h2>
      <p>{t('procedure.whereLead')}</p>
      <ul className="places">
        {p.receivingOrgs.map((o) => (
          <li key={o.id}>
            <strong>{o.name}</strong>
            {o.address ? <div className="muted">{o.address}</div> : null}
          </li>
        ))}
      </ul>
      <h2>{t('procedure.process')}</h2>
      <ol className="steps">
        {p.process.map((s, i) => (
          <li key={i}>
            {s.name} — {t(`role.${s.role}`)}
            {s.org ? `, ${s.org.name}` : ''} ({t('procedure.hours', { n: s.durationHours })})
          </li>
        ))}
      </ol>
    </Page>
  );
}
