import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiError } from '../lib/api.ts';
import { pick, useI18n } from '../lib/i18n.tsx';
import { formatDateTime } from '../lib/format.ts';
import { useLocation } from '../lib/router.tsx';
import { ErrorBox, Page } from '../ui/page.tsx';
import { TextField } from '../ui/field.tsx';
import { Timeline } from '../ui/timeline.tsx';
import type { PublicDossierView as PublicDossier } from '../../../src/modules/dossiers/contracts.ts';



/** The lookup secret from the address fragment (#ma-tra-cuu=…), as the receipt's QR code writes it. */
function secretFromFragment(): string {
  return new URLSearchParams(location.hash.slice(1)).get('ma-tra-cuu') ?? '';
}

/** Anyone can follow a dossier with its code and the secret printed on the receipt; no login. */
export function LookupPage() {
  const { t, lang } = useI18n();
  const { query } = useLocation();
  const [code, setCode] = useState(query.get('ma') ?? '');
  const [secret, setSecret] = useState(secretFromFragment);
  const [result, setResult] = useState<PublicDossier | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const lookUp = async (c: string, s: string) => {
    setError(null);
    setResult(null);
    try {
      setResult(await api<PublicDossier>('GET', `/api/public/dossiers/${encodeURIComponent(c.trim())}?secret=${encodeURIComponent(s.trim())}`));
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'client', String(err)));
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void lookUp(code, secret);
  };
  // Opened from the receipt's QR code (both codes in the address): show the status at once.
  useEffect(() => {
    if (code && secret) void lookUp(code, secret);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, for the address the page was opened with
  }, []);
  return (
    <Page title={t('lookup.title')}>
      <p>{t('lookup.lead')}</p>
      <form className="narrow" onSubmit={submit}>
        <TextField label={t('lookup.code')} value={code} onChange={(e) => setCode(e.target.value)} required maxLength={80} autoCapitalize="characters" />
        <TextField label={t('lookup.secret')} value={secret} onChange={(e) => setSecret(e.target.value)} required maxLength={32} autoCapitalize="characters" hint={t('lookup.secretHint')} />
        <button type="submit" className="primary">
          {t('lookup.submit')}
        </button>
      </form>
      <ErrorBox error={error} />
      {result && (
        <section aria-labelledby="lookup-result" className="panel">
          <h2 id="lookup-result">
            {t('dossier.code')} {result.code}
          </h2>
          <dl className="facts">
            <dt>{t('dossier.procedure')}</dt>
            <dd>{result.procedure.name}</dd>
            <dt>{t('dossier.applicant')}</dt>
            <dd>{result.applicantName}</dd>
            <dt>{t('dossier.status')}</dt>
            <dd>
              <span className={`status s-${result.status}`}>{pick(result.statusLabel, lang)}</span>
            </dd>
            <dt>{t('dossier.receivedBy')}</dt>
            <dd>{result.receivingOrg}</dd>
            <dt>{t('dossier.appointment')}</dt>
            <dd>{formatDateTime(result.appointmentAt)}</dd>
          </dl>
          <h3>{t('dossier.history')}</h3>
          <Timeline entries={result.history} />
        </section>
      )}
    </Page>
  );
}
