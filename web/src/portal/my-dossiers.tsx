import { api, get } from '../lib/api.ts';
import { pick, useI18n } from '../lib/i18n.tsx';
import { Link } from '../lib/router.tsx';
import { useSession } from '../lib/session.tsx';
import { useAsync } from '../lib/use-async.ts';
import { formatDateTime } from '../lib/format.ts';
import type { Draft, DossierItem } from '../lib/types.ts';
import { ErrorBox, Loading, Notice, Page } from '../ui/page.tsx';
import { RowButton } from '../ui/row-button.tsx';

/** "Hồ sơ của tôi": drafts to resume, then every dossier with its status in plain words. */
export function MyPage() {
  const { t, lang } = useI18n();
  const { me } = useSession();
  const data = useAsync(async () => {
    if (!me || me.role !== 'citizen') return null;
    const [drafts, dossiers] = await Promise.all([get<{ items: Draft[] }>('/api/drafts'), get<{ total: number; items: DossierItem[] }>('/api/dossiers?limit=100')]);
    return { drafts: drafts.items, dossiers: dossiers.items, total: dossiers.total };
  }, [me?.id]);
  if (!me)
    return (
      <Page title={t('mine.title')}>
        <Notice>{t('mine.loginFirst')}</Notice>
        <Link className="button primary" href="/dang-nhap?next=/ca-nhan">
          {t('nav.login')}
        </Link>
      </Page>
    );
  if (me.role !== 'citizen') return <Page title={t('mine.title')}><Notice kind="warning">{t('apply.citizensOnly')}</Notice></Page>;
  const remove = async (id: string) => {
    if (!confirm(t('mine.confirmDelete'))) return;
    await api('DELETE', `/api/drafts/${id}`);
    await data.reload();
  };
  return (
    <Page title={t('mine.title')} actions={<Link href="/phan-anh">{t('mine.feedback')}</Link>}>
      <ErrorBox error={data.error} />
      {data.loading && !data.data && <Loading />}
      {data.data && (
        <>
          <section aria-labelledby="drafts-h">
            <h2 id="drafts-h">{t('mine.drafts')}</h2>
            {data.data.drafts.length === 0 ? (
              <p className="muted">{t('mine.noDrafts')}</p>
            ) : (
              <ul className="cards">
                {data.data.drafts.map((d) => (
                  <li key={d.id} className="card">
                    <h3>{d.procedure.name}</h3>
                    <p className="muted">{t('mine.savedAt', { at: formatDateTime(d.updatedAt) })}</p>
                    <div className="actions">
                      <Link className="button primary" href={`/nop-ho-so/${encodeURIComponent(d.procedure.code)}?nhap=${d.id}`}>
                        {t('mine.resume')}
                        <span className="visually-hidden"> {d.procedure.name}</span>
                      </Link>
                      <RowButton of={d.procedure.name} onClick={() => void remove(d.id)}>
                        {t('mine.deleteDraft')}
                      </RowButton>
                    </div>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="dossiers-h">
            <h2 id="dossiers-h">{t('mine.dossiers', { n: data.data.total })}</h2>
            {data.data.dossiers.length === 0 ? (
              <p>
                {t('mine.noDossiers')} <Link href="/">{t('mine.findProcedure')}</Link>
              </p>
            ) : (
              <ul className="cards">
                {data.data.dossiers.map((d) => (
                  <li key={d.code} className="card">
                    <h3>
                      <Link href={`/ca-nhan/ho-so/${encodeURIComponent(d.code)}`}>{d.procedure.name}</Link>
                    </h3>
                    <p className="meta">
                      <span>{d.code}</span>
                      <span className={`status s-${d.status}`}>{pick(d.statusLabel, lang)}</span>
                      <span>{t('mine.submitted', { at: formatDateTime(d.submittedAt) })}</span>
                      {d.appointmentAt && !d.finishedAt && <span>{t('mine.appointment', { at: formatDateTime(d.appointmentAt) })}</span>}
                    </p>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </Page>
  );
}
