/**
 * The citizen's data store in the web app (issue 18, docs/citizen-store.md), a chunk of its own: the page
 * /kho-du-lieu (phone-first cards: download, remove) and, on the application form, the "reuse from my
 * data store" list under each component, which attaches a stored document without uploading it.
 */
import { useState } from 'react';
import { api, get } from '../lib/api.ts';
import { registerMessages, useI18n } from '../lib/i18n.tsx';
import { useAsync } from '../lib/use-async.ts';
import { formatDate, formatSize } from '../lib/format.ts';
import { useSession } from '../lib/session.tsx';
import { Link } from '../lib/router.tsx';
import { ErrorBox, Loading, Notice, Page } from '../ui/page.tsx';
import { RowButton } from '../ui/row-button.tsx';
import type { StoreDocument, StoreList } from '../../../src/modules/citizen-store/contracts.ts';
import { en, vi } from './messages.ts';

registerMessages(vi, en);

const LIST = '/api/citizen-store/documents';

function Facts({ d }: { d: StoreDocument }) {
  const { t } = useI18n();
  return (
    <dl className="cs-facts">
      <dt>{t('cs.procedure')}</dt>
      <dd>{d.procedure.name}</dd>
      <dt>{t('cs.dossier')}</dt>
      <dd>{d.dossierCode}</dd>
      <dt>{t('cs.org')}</dt>
      <dd>{d.orgName}</dd>
      <dt>{t('cs.issuedOn')}</dt>
      <dd>{formatDate(d.issuedOn)}</dd>
      <dt>{t('cs.validUntil')}</dt>
      <dd>{d.validUntil ? formatDate(d.validUntil) : t('cs.noEnd')}</dd>
    </dl>
  );
}

function Badges({ d }: { d: StoreDocument }) {
  const { t } = useI18n();
  return (
    <p className="cs-badges">
      <span className="badge">{t(`cs.kind.${d.kind}`)}</span>
      {d.signed && <span className="badge ok">{t('cs.signed')}</span>}
      {!d.valid && <span className="badge warn">{t('cs.expired')}</span>}
    </p>
  );
}

/** /kho-du-lieu: the signed-in citizen's documents. */
export function StorePage() {
  const { t } = useI18n();
  const { me } = useSession();
  const data = useAsync(() => (me?.role === 'citizen' ? get<StoreList>(LIST) : Promise.resolve({ documents: [] })), [me?.id]);
  const [done, setDone] = useState<string | null>(null);
  if (!me) {
    return (
      <Page title={t('cs.title')}>
        <Notice>{t('mine.loginFirst')}</Notice>
        <Link className="button primary" href="/dang-nhap?next=/kho-du-lieu">
          {t('nav.login')}
        </Link>
      </Page>
    );
  }
  if (me.role !== 'citizen') return <Page title={t('cs.title')}><Notice kind="warning">{t('apply.citizensOnly')}</Notice></Page>;
  const remove = async (d: StoreDocument) => {
    if (!confirm(t('cs.confirmRemove', { name: d.name }))) return;
    await api('DELETE', `${LIST}/${encodeURIComponent(d.id)}`);
    setDone(t('cs.removed', { name: d.name }));
    await data.reload();
  };
  const docs = data.data?.documents ?? [];
  return (
    <Page title={t('cs.title')}>
      <p>{t('cs.intro')}</p>
      {done && <Notice kind="success">{done}</Notice>}
      <ErrorBox error={data.error} />
      {data.loading && !data.data && <Loading />}
      {data.data && docs.length === 0 && <p className="muted">{t('cs.empty')}</p>}
      <ul className="cards cs-list">
        {docs.map((d) => (
          <li key={d.id} className="card">
            <h2 className="cs-name">
              <span lang="vi">{d.name}</span>
            </h2>
            <Badges d={d} />
            <Facts d={d} />
            <p className="cs-actions">
              <a className="button" href={d.url} download={d.file.filename}>
                {t('cs.download')}
                <span className="visually-hidden"> {d.name}</span>
              </a>{' '}
              <span className="muted">({formatSize(d.file.size)})</span>{' '}
              <RowButton of={d.name} className="danger" onClick={() => void remove(d)}>
                {t('cs.remove')}
              </RowButton>
            </p>
          </li>
        ))}
      </ul>
    </Page>
  );
}

/** What the application form keeps for a component reused from the store (also kept in a draft). */
export interface ReusedFile {
  uploadId: string;
  storeDocumentId: string;
  filename: string;
  size: number;
}

/**
 * Under a component of the application form: the applicant's stored documents, those that fit the
 * component first; choosing one attaches it (the server checks it is theirs and still valid).
 */
export function ReusePicker({ procedureCode, componentCode, label, chosen, onChoose }: { procedureCode: string; componentCode: string; label: string; chosen: string[]; onChoose: (f: ReusedFile) => void }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const data = useAsync(
    () => (open ? get<StoreList>(`${LIST}?procedureCode=${encodeURIComponent(procedureCode)}&componentCode=${encodeURIComponent(componentCode)}`) : Promise.resolve(null)),
    [open, procedureCode, componentCode],
  );
  const usable = (data.data?.documents ?? []).filter((d) => d.valid);
  return (
    <div className="cs-reuse">
      <RowButton of={label} className="link" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? t('cs.reuseClose') : t('cs.reuse')}
      </RowButton>
      {open && (
        <div>
          <ErrorBox error={data.error} />
          {data.loading && !data.data && <Loading />}
          {data.data && usable.length === 0 && <p className="muted">{t('cs.reuseNone')}</p>}
          <ul className="cs-choices">
            {usable.map((d) => (
              <li key={d.id}>
                <span>
                  <strong>{d.name}</strong> · {d.dossierCode} · {formatDate(d.issuedOn)}
                  {d.fits && <span className="badge ok"> {t('cs.fits')}</span>}
                </span>{' '}
                {chosen.includes(d.id) ? (
                  <span className="muted">{t('cs.chosen')}</span>
                ) : (
                  <RowButton of={d.name} onClick={() => onChoose({ uploadId: d.file.uploadId, storeDocumentId: d.id, filename: d.file.filename, size: d.file.size })}>
                    {t('cs.choose')}
                  </RowButton>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
