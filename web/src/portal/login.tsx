import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../lib/api.ts';
import { useT } from '../lib/i18n.tsx';
import { Link, useLocation } from '../lib/router.tsx';
import { homeOf, useSession, type Me } from '../lib/session.tsx';
import { Page } from '../ui/page.tsx';
import { TextField } from '../ui/field.tsx';
import { safeNextPath } from '../lib/safe-next.ts';

/** Only same-origin paths are followed after login (no open redirect): web/src/lib/safe-next.ts. */
const safeNext = (next: string | null) => safeNextPath(next, location.origin);

/** A refusal of a VNeID sign-in, by its code (src/modules/integrations/vneid/routes.ts); never text from the URL. */
const VNEID_ERRORS = ['access_denied', 'login_required', 'state-mismatch', 'state-unknown', 'staff-account', 'account-deactivated', 'bad-claims', 'temporarily_unavailable', 'server_error'] as const;
type VneidErrorKey = `vneid.error.${(typeof VNEID_ERRORS)[number]}`;

export function LoginPage() {
  const t = useT();
  const { query } = useLocation();
  const { vneid } = useSession();
  const vneidError = query.get('vneidError');
  const vneidMessage = vneidError
    ? (VNEID_ERRORS as readonly string[]).includes(vneidError) ? t(`vneid.error.${vneidError}` as VneidErrorKey) : t('vneid.error.other', { code: vneidError.slice(0, 64) })
    : null;
  const vneidStart = `/api/auth/vneid/start?returnTo=${encodeURIComponent(safeNext(query.get('next')) ?? '/ca-nhan')}`;
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await api<{ user: Me }>('POST', '/api/auth/login', { username: username.trim(), password });
      // A full load: the session cookie is set, and the desk or dashboard may be a separate page.
      location.assign(safeNext(query.get('next')) ?? homeOf(r.user));
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
      setBusy(false);
    }
  };
  return (
    <Page title={t('login.title')}>
      {vneidMessage && (
        <p role="alert" className="field-error" id="vneid-error">
          {vneidMessage}
        </p>
      )}
      {vneid && (
        <div className="narrow vneid-signin">
          <a className="button primary" id="vneid-login" href={vneidStart}>
            {t('login.vneid')}
          </a>
          <p className="muted">{t('login.vneidHint')}</p>
          <p className="muted">{t('login.orPassword')}</p>
        </div>
      )}
      <form className="narrow" onSubmit={submit} id="login">
        <TextField label={t('login.username')} id="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required autoCapitalize="none" />
        <TextField label={t('login.password')} id="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        <p id="msg" role="alert" className="field-error">
          {error}
        </p>
        <button type="submit" className="primary" disabled={busy}>
          {t('login.submit')}
        </button>
      </form>
      <p>
        {t('login.noAccount')} <Link href={`/dang-ky${query.get('next') ? `?next=${encodeURIComponent(query.get('next')!)}` : ''}`}>{t('login.register')}</Link>
      </p>
    </Page>
  );
}

export function RegisterPage() {
  const t = useT();
  const { query } = useLocation();
  const [v, setV] = useState({ username: '', password: '', fullName: '', idNumber: '', phone: '', email: '', address: '' });
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof v) => (e: { target: { value: string } }) => setV({ ...v, [k]: e.target.value });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const body = Object.fromEntries(Object.entries(v).map(([k, x]) => [k, x.trim()]).filter(([k, x]) => x !== '' || k === 'password'));
    try {
      await api('POST', '/api/auth/register', body);
      await api('POST', '/api/auth/login', { username: body.username, password: v.password });
      location.assign(safeNext(query.get('next')) ?? '/ca-nhan');
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'client', String(err)));
      setBusy(false);
    }
  };
  const f = (k: string) => error?.field(k);
  return (
    <Page title={t('register.title')}>
      <form className="narrow" onSubmit={submit} noValidate>
        {error && !error.fieldErrors.length && (
          <p role="alert" className="field-error">
            {error.message}
          </p>
        )}
        <TextField label={t('register.fullName')} value={v.fullName} onChange={set('fullName')} required error={f('fullName')} autoComplete="name" />
        <TextField label={t('register.idNumber')} value={v.idNumber} onChange={set('idNumber')} inputMode="numeric" maxLength={12} error={f('idNumber')} />
        <TextField label={t('register.phone')} value={v.phone} onChange={set('phone')} inputMode="tel" error={f('phone')} autoComplete="tel" />
        <TextField label={t('register.email')} value={v.email} onChange={set('email')} type="email" error={f('email')} autoComplete="email" />
        <TextField label={t('register.address')} value={v.address} onChange={set('address')} error={f('address')} autoComplete="street-address" />
        <TextField label={t('login.username')} value={v.username} onChange={set('username')} required error={f('username')} autoComplete="username" autoCapitalize="none" />
        <TextField label={t('login.password')} type="password" value={v.password} onChange={set('password')} required error={f('password')} hint={t('register.passwordHint')} autoComplete="new-password" />
        <button type="submit" className="primary" disabled={busy}>
          {t('register.submit')}
        </button>
      </form>
    </Page>
  );
}
