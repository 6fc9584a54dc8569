/**
 * /phan-anh/:code: the sender follows one feedback item — signed in with the account that sent it, or
 * with the secret given at intake (in the link's fragment, #bi-mat=…, so it never reaches a server log
 * or a Referer) — and, when the item allows it now, adds the information asked for, rates the answer
 * or reopens it (once, within the period).
 */
import { useState, type FormEvent } from 'react';
import { api, ApiError, get } from '../lib/api.ts';
import { useI18n } from '../lib/i18n.tsx';
import { Link } from '../lib/router.tsx';
import { useSession } from '../lib/session.tsx';
import { useAsync } from '../lib/use-async.ts';
import { ErrorBox, Loading, Notice, Page } from '../ui/page.tsx';
import { TextArea, TextField } from '../ui/field.tsx';
import { FeedbackFacts, FeedbackLog, type Feedback } from './parts.tsx';

const secretFromFragment = () => new URLSearchParams(location.hash.slice(1)).get('bi-mat') ?? '';

export function FollowFeedbackPage({ code }: { code: string }) {
  const { t } = useI18n();
  const { me } = useSession();
  const [secret, setSecret] = useState(secretFromFragment);
  const [typed, setTyped] = useState('');
  const viaSecret = secret !== '' || !me;
  const load = useAsync(
    () => (viaSecret ? (secret ? get<Feedback>(`/api/public/feedback/${encodeURIComponent(code)}?secret=${encodeURIComponent(secret)}`) : Promise.resolve(null)) : get<Feedback>(`/api/feedback/${encodeURIComponent(code)}`)),
    [code, secret, viaSecret],
  );
  const [done, setDone] = useState(false);
  const act = async (action: 'rate' | 'reopen' | 'provide_info', fields: Record<string, string>) => {
    const f = load.data!;
    if (viaSecret) await api<Feedback>('POST', `/api/public/feedback/${encodeURIComponent(code)}/sender-actions`, { secret, action, ...fields });
    else await api<Feedback>('POST', `/api/feedback/${encodeURIComponent(code)}/actions/${action}`, { ...fields, expectedVersion: f.version });
    setDone(true);
    await load.reload();
  };
  const open = (e: FormEvent) => {
    e.preventDefault();
    setSecret(typed.trim());
  };
  return (
    <Page title={t('fb.follow.title', { code })} actions={<Link href="/hoi-dap">{t('fb.qa.title')}</Link>}>
      {viaSecret && !secret && (
        <>
          <Notice>{t('fb.follow.needSecret')}</Notice>
          <form className="narrow" onSubmit={open}>
            <TextField label={t('fb.follow.secret')} value={typed} onChange={(e) => setTyped(e.target.value)} required minLength={10} maxLength={100} autoComplete="off" />
            <button type="submit" className="primary">
              {t('fb.follow.open')}
            </button>
          </form>
          {!me && (
            <p>
              <Link href={`/dang-nhap?next=${encodeURIComponent(`/phan-anh/${code}`)}`}>{t('fb.send.login')}</Link>
            </p>
          )}
        </>
      )}
      <ErrorBox error={load.error} />
      {load.loading && !load.data && (secret || !viaSecret) && <Loading />}
      {load.data && (
        <>
          {done && <Notice kind="success">{t('fb.follow.thanks')}</Notice>}
          <FeedbackFacts f={load.data} />
          <SenderActions f={load.data} act={act} />
          <FeedbackLog f={load.data} />
        </>
      )}
    </Page>
  );
}

type Act = (action: 'rate' | 'reopen' | 'provide_info', fields: Record<string, string>) => Promise<void>;

function SenderActions({ f, act }: { f: Feedback; act: Act }) {
  const { t } = useI18n();
  const [text, setText] = useState({ reason: '', content: '' });
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const can = (a: Feedback['availableActions'][number]) => f.availableActions.includes(a);
  if (!can('rate') && !can('reopen') && !can('provide_info')) return null;
  const run = (action: 'rate' | 'reopen' | 'provide_info', fields: Record<string, string>) => async (e?: FormEvent) => {
    e?.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await act(action, fields);
      setText({ reason: '', content: '' });
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'client', String(err)));
    } finally {
      setBusy(false);
    }
  };
  const asked = [...f.history].reverse().find((h) => h.action === 'request_info');
  return (
    <section className="panel attention" aria-labelledby="fb-act-h">
      <h2 id="fb-act-h">{t('fb.desk.actions')}</h2>
      {can('provide_info') && (
        <form onSubmit={(e) => void run('provide_info', { content: text.content })(e)}>
          {asked?.note && (
            <p>
              {t('fb.follow.infoAsked')} <q>{asked.note}</q>
            </p>
          )}
          <TextArea label={t('fb.follow.infoContent')} value={text.content} onChange={(e) => setText({ ...text, content: e.target.value })} required maxLength={4000} error={error?.field('content')} />
          <button type="submit" className="primary" disabled={busy}>
            {t('fb.act.provide_info')}
          </button>
        </form>
      )}
      {can('rate') && (
        <fieldset>
          <legend>{t('fb.follow.rateQuestion')}</legend>
          <button type="button" className="primary" disabled={busy} onClick={() => void run('rate', { rating: 'satisfied' })()}>
            {t('fb.rating.satisfied')}
          </button>{' '}
          <button type="button" disabled={busy} onClick={() => void run('rate', { rating: 'dissatisfied' })()}>
            {t('fb.rating.dissatisfied')}
          </button>
        </fieldset>
      )}
      {can('reopen') && (
        <form onSubmit={(e) => void run('reopen', { reason: text.reason })(e)}>
          <TextArea label={t('fb.follow.reopenReason')} hint={t('fb.follow.reopenHint')} value={text.reason} onChange={(e) => setText({ ...text, reason: e.target.value })} required maxLength={4000} error={error?.field('reason')} />
          <button type="submit" disabled={busy}>
            {t('fb.act.reopen')}
          </button>
        </form>
      )}
      <ErrorBox error={error} />
    </section>
  );
}
