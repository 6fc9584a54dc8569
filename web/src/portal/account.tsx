/**
 * The signed-in person's own account (/tai-khoan): change the password (other sessions end, this one
 * stays), and the list of sessions with sign-out of each. And the page a reset link opens
 * (/dat-lai-mat-khau?token=…), which sets a new password with the link's single-use token.
 */
import { useState, type FormEvent } from 'react';
import { api } from '../lib/api.ts';
import { useSave } from '../lib/use-save.ts';
import { useT } from '../lib/i18n.tsx';
import { Link, useLocation } from '../lib/router.tsx';
import { useSession } from '../lib/session.tsx';
import { useAsync } from '../lib/use-async.ts';
import { formatDateTime } from '../lib/format.ts';
import { ErrorBox, Loading, Notice, Page } from '../ui/page.tsx';
import { TextField } from '../ui/field.tsx';
import type { SessionItem } from '../../../src/modules/identity/contracts.ts';



export function AccountPage() {
  const t = useT();
  const { me } = useSession();
  if (!me) {
    return (
      <Page title={t('account.title')}>
        <p>
          <Link href={`/dang-nhap?next=${encodeURIComponent('/tai-khoan')}`}>{t('nav.login')}</Link>
        </p>
      </Page>
    );
  }
  return (
    <Page title={t('account.title')}>
      <p className="muted">
        {me.fullName} · {me.username}
      </p>
      <PasswordChange />
      <Sessions />
    </Page>
  );
}

function PasswordChange() {
  const t = useT();
  const [v, setV] = useState({ currentPassword: '', newPassword: '' });
  const [done, setDone] = useState<number | null>(null);
  const { error, busy, run } = useSave();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setDone(null);
    await run(async () => {
      const r = await api<{ endedSessions: number }>('POST', '/api/auth/password', v);
      setDone(r.endedSessions);
      setV({ currentPassword: '', newPassword: '' });
    });
  };
  const f = (k: string) => error?.field(k);
  return (
    <section aria-labelledby="pw-head">
      <h2 id="pw-head">{t('account.password')}</h2>
      <form className="narrow" onSubmit={submit} noValidate id="password-change">
        {error && !error.fieldErrors.length && <ErrorBox error={error} />}
        {done !== null && <Notice kind="success">{t('account.passwordChanged', { n: done })}</Notice>}
        <TextField label={t('account.currentPassword')} type="password" autoComplete="current-password" value={v.currentPassword} onChange={(e) => setV({ ...v, currentPassword: e.target.value })} required error={f('currentPassword')} />
        <TextField label={t('account.newPassword')} type="password" autoComplete="new-password" value={v.newPassword} onChange={(e) => setV({ ...v, newPassword: e.target.value })} required error={f('newPassword')} hint={t('register.passwordHint')} />
        <button type="submit" className="primary" disabled={busy}>
          {t('account.changePassword')}
        </button>
      </form>
    </section>
  );
}

function Sessions() {
  const t = useT();
  const { data, error, loading, reload } = useAsync(() => api<{ items: SessionItem[] }>('GET', '/api/auth/sessions'), []);
  const { error: actionError, run } = useSave();
  const end = (s: SessionItem) =>
    run(async () => {
      await api('DELETE', `/api/auth/sessions/${encodeURIComponent(s.id)}`);
      if (s.current) location.assign('/');
      else await reload();
    });
  return (
    <section aria-labelledby="sessions-head">
      <h2 id="sessions-head">{t('account.sessions')}</h2>
      <p className="muted">{t('account.sessionsHint')}</p>
      <ErrorBox error={error ?? actionError} />
      {loading && !data ? (
        <Loading />
      ) : (
        <table id="sessions" className="stack">
          <thead>
            <tr>
              <th scope="col">{t('account.device')}</th>
              <th scope="col">{t('account.address')}</th>
              <th scope="col">{t('account.created')}</th>
              <th scope="col">{t('account.lastSeen')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('account.signOut')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {(data?.items ?? []).map((s) => (
              <tr key={s.id}>
                <td>
                  {s.userAgent ?? t('account.unknownDevice')}
                  {s.current && <strong> ({t('account.thisSession')})</strong>}
                </td>
                <td data-label={t('account.address')}>{s.address ?? '—'}</td>
                <td data-label={t('account.created')}>{formatDateTime(s.createdAt)}</td>
                <td data-label={t('account.lastSeen')}>{formatDateTime(s.lastSeenAt)}</td>
                <td>
                  <button type="button" onClick={() => void end(s)}>
                    {t('account.signOut')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function ResetPasswordPage() {
  const t = useT();
  const { query } = useLocation();
  const token = query.get('token') ?? '';
  const [password, setPassword] = useState('');
  const { error, saved: done, busy, run } = useSave();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    await run(() => api('POST', '/api/auth/password-reset', { token, newPassword: password }));
  };
  return (
    <Page title={t('reset.title')}>
      {done ? (
        <Notice kind="success">
          {t('reset.done')} <Link href="/dang-nhap">{t('nav.login')}</Link>
        </Notice>
      ) : !token ? (
        <Notice kind="warning">{t('reset.noToken')}</Notice>
      ) : (
        <form className="narrow" onSubmit={submit} noValidate id="password-reset">
          {error && !error.field('newPassword') && <ErrorBox error={error} />}
          <TextField label={t('account.newPassword')} type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} required error={error?.field('newPassword')} hint={t('register.passwordHint')} />
          <button type="submit" className="primary" disabled={busy}>
            {t('reset.submit')}
          </button>
        </form>
      )}
    </Page>
  );
}
