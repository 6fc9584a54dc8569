/**
 * Reception helps a person with their account, after checking their ID card at the counter: find the
 * account by username or ID number, issue a single-use password reset link (shown once, to hand over
 * until e-mail delivery exists), or move an ID number to this person's account.
 */
import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../lib/api.ts';
import { useI18n } from '../lib/i18n.tsx';
import { Link } from '../lib/router.tsx';
import { ErrorBox, Notice, Page } from '../ui/page.tsx';
import { TextField } from '../ui/field.tsx';
import type { z } from 'zod';
import type { CitizenAccount } from '../../../src/modules/identity/contracts.ts';

type Account = z.infer<typeof CitizenAccount>;

const asApiError = (e: unknown) => (e instanceof ApiError ? e : new ApiError(0, 'client', String(e)));

export function DeskAccounts() {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [found, setFound] = useState<Account[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [link, setLink] = useState<{ username: string; link: string; expiresAt: string } | null>(null);
  const search = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setLink(null);
    const q = text.trim();
    const params = new URLSearchParams(/^\d{12}$/.test(q) ? { idNumber: q } : { username: q });
    try {
      setFound((await api<{ items: Account[] }>('GET', `/api/accounts?${params}`)).items);
    } catch (err) {
      setError(asApiError(err));
    }
  };
  const reset = async (a: Account) => {
    setError(null);
    try {
      setLink(await api<{ username: string; link: string; expiresAt: string }>('POST', `/api/accounts/${encodeURIComponent(a.id)}/password-reset`, {}));
    } catch (err) {
      setError(asApiError(err));
    }
  };
  return (
    <Page title={t('deskAccounts.title')} actions={<Link href="/mot-cua">{t('desk.back')}</Link>}>
      <p className="muted">{t('deskAccounts.intro')}</p>
      <form role="search" className="row-form" onSubmit={search}>
        <TextField label={t('deskAccounts.search')} id="account-q" value={text} onChange={(e) => setText(e.target.value)} maxLength={64} required />
        <button type="submit">{t('deskAccounts.find')}</button>
      </form>
      <ErrorBox error={error} />
      {link && (
        <Notice kind="success">
          <p>{t('deskAccounts.linkIssued', { user: link.username })}</p>
          <p>
            <code id="reset-link">{link.link}</code>
          </p>
          <p className="muted">{t('deskAccounts.linkOnce')}</p>
        </Notice>
      )}
      {found && found.length === 0 && <p>{t('deskAccounts.none')}</p>}
      {found && found.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('deskAccounts.username')}</th>
              <th scope="col">{t('deskAccounts.fullName')}</th>
              <th scope="col">{t('deskAccounts.idNumber')}</th>
              <th scope="col">{t('deskAccounts.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {found.map((a) => (
              <tr key={a.id}>
                <td>{a.username}</td>
                <td>{a.fullName}</td>
                <td>{a.idNumber ?? '—'}</td>
                <td>
                  {a.active ? (
                    <button type="button" onClick={() => void reset(a)}>
                      {t('deskAccounts.reset')}
                    </button>
                  ) : (
                    t('deskAccounts.inactive')
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <MoveBinding />
    </Page>
  );
}

function MoveBinding() {
  const { t } = useI18n();
  const [v, setV] = useState({ idNumber: '', toUsername: '', reason: '' });
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setDone(null);
    try {
      const r = await api<{ toUsername: string }>('POST', '/api/accounts/id-binding', { idNumber: v.idNumber.trim(), toUsername: v.toUsername.trim(), reason: v.reason.trim() });
      setDone(r.toUsername);
      setV({ idNumber: '', toUsername: '', reason: '' });
    } catch (err) {
      setError(asApiError(err));
    }
  };
  const f = (k: string) => error?.field(k);
  return (
    <section aria-labelledby="binding-h">
      <h2 id="binding-h">{t('deskAccounts.moveTitle')}</h2>
      <p className="muted">{t('deskAccounts.moveIntro')}</p>
      <form className="narrow" onSubmit={submit} noValidate>
        {error && !error.fieldErrors.length && <ErrorBox error={error} />}
        {done && <Notice kind="success">{t('deskAccounts.moved', { user: done })}</Notice>}
        <TextField label={t('deskAccounts.idNumber')} value={v.idNumber} onChange={(e) => setV({ ...v, idNumber: e.target.value })} inputMode="numeric" maxLength={12} required error={f('idNumber')} />
        <TextField label={t('deskAccounts.toUsername')} value={v.toUsername} onChange={(e) => setV({ ...v, toUsername: e.target.value })} required error={f('toUsername')} autoCapitalize="none" />
        <TextField label={t('deskAccounts.reason')} value={v.reason} onChange={(e) => setV({ ...v, reason: e.target.value })} required error={f('reason')} />
        <button type="submit">{t('deskAccounts.move')}</button>
      </form>
    </section>
  );
}
