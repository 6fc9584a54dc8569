import { useEffect, type ReactNode } from 'react';
import { useFocusHeading } from '../lib/router.tsx';
import { ApiError } from '../lib/api.ts';
import { useT } from '../lib/i18n.tsx';

/** A screen: its heading (focused after navigation) and the document title. */
export function Page({ title, children, actions }: { title: string; children: ReactNode; actions?: ReactNode }) {
  useEffect(() => {
    document.title = `${title} — motcua`;
  }, [title]);
  useFocusHeading(title);
  return (
    <>
      <div className="page-head">
        <h1>{title}</h1>
        {actions}
      </div>
      {children}
    </>
  );
}

/** An error from the server, announced to screen readers. */
export function ErrorBox({ error }: { error: ApiError | Error | null | undefined }) {
  const t = useT();
  if (!error) return null;
  const fields = error instanceof ApiError ? error.fieldErrors : [];
  return (
    <div className="alert error" role="alert">
      <p>{error.message}</p>
      {fields.length > 0 && (
        <ul>
          {fields.map((f) => (
            <li key={f.path}>
              <code>{f.path}</code>: {f.message}
            </li>
          ))}
        </ul>
      )}
      {error instanceof ApiError && error.status === 401 && <p>{t('auth.loginAgain')}</p>}
    </div>
  );
}

export function Loading() {
  const t = useT();
  return (
    <p className="muted" role="status">
      {t('common.loading')}
    </p>
  );
}

export function Notice({ children, kind = 'info' }: { children: ReactNode; kind?: 'info' | 'success' | 'warning' }) {
  return (
    <div className={`alert ${kind}`} role="status">
      {children}
    </div>
  );
}
