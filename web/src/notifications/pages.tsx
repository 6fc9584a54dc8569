/**
 * /thong-bao: the person's in-app notifications (mark read, all read) and their preferences;
 * /quan-tri/mau-thong-bao: the administrators' template editor with a preview. One lazy chunk.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiError, get } from '../lib/api.ts';
import { pick, registerMessages, useI18n } from '../lib/i18n.tsx';
import { Link } from '../lib/router.tsx';
import { useSession } from '../lib/session.tsx';
import { useAsync } from '../lib/use-async.ts';
import { formatDateTime } from '../lib/format.ts';
import { ErrorBox, Loading, Notice, Page } from '../ui/page.tsx';
import { SelectField, TextArea, TextField } from '../ui/field.tsx';
import type { NotificationList, PreferencesView, TemplateList, TemplatePreview, TemplateView } from '../../../src/modules/notifications/contracts.ts';
import { en, vi } from './messages.ts';

registerMessages(vi, en);

const announce = () => window.dispatchEvent(new Event('motcua:notifications'));

export function NotificationsPage() {
  const { t } = useI18n();
  const { me } = useSession();
  const list = useAsync(() => get<NotificationList>('/api/notifications'), []);
  if (!me) return <Page title={t('nt.title')}><p><Link href="/dang-nhap?next=/thong-bao">{t('nav.login')}</Link></p></Page>;
  const read = async (id: string | null) => {
    await api('POST', id ? `/api/notifications/${id}/read` : '/api/notifications/read-all');
    announce();
    await list.reload();
  };
  const dossierHref = (code: string) => (me.role === 'citizen' ? `/ca-nhan/ho-so/${encodeURIComponent(code)}` : `/mot-cua/ho-so/${encodeURIComponent(code)}`);
  return (
    <Page title={t('nt.title')} actions={list.data && list.data.unread > 0 ? <button type="button" onClick={() => void read(null)}>{t('nt.markAll')}</button> : undefined}>
      <ErrorBox error={list.error} />
      {!list.data ? (
        <Loading />
      ) : list.data.items.length === 0 ? (
        <p>{t('nt.empty')}</p>
      ) : (
        <ul className="nt-list">
          {list.data.items.map((n) => (
            <li key={n.id} className={n.read ? 'card' : 'card nt-unread'}>
              <h3>
                {!n.read && <span className="badge">{t('nt.unread')}</span>} {n.title}
              </h3>
              <p className="nt-body">{n.body}</p>
              <p className="muted">
                {formatDateTime(n.createdAt)}
                {n.dossierCode && (
                  <>
                    {' · '}
                    <Link href={dossierHref(n.dossierCode)}>{t('nt.openDossier', { code: n.dossierCode })}</Link>
                  </>
                )}
                {!n.read && (
                  <>
                    {' · '}
                    <button type="button" className="link" onClick={() => void read(n.id)}>
                      {t('nt.markRead')}
                    </button>
                  </>
                )}
              </p>
            </li>
          ))}
        </ul>
      )}
      <Preferences />
    </Page>
  );
}

function Preferences() {
  const { t } = useI18n();
  const load = useAsync(() => get<PreferencesView>('/api/notifications/preferences'), []);
  const [form, setForm] = useState<PreferencesView | null>(null);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => setForm(load.data), [load.data]);
  if (!form) return <ErrorBox error={load.error} />;
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    setError(null);
    try {
      setForm(await api<PreferencesView>('PUT', '/api/notifications/preferences', { email: form.email, sms: form.sms, inapp: form.inapp, lang: form.lang }));
      setSaved(true);
    } catch (err) {
      setError(err instanceof ApiError ? err : null);
    }
  };
  const box = (key: 'inapp' | 'email' | 'sms', hint?: string) => (
    <label className="check">
      <input type="checkbox" checked={form[key]} onChange={(e) => setForm({ ...form, [key]: e.target.checked })} /> {t(`nt.prefs.${key}`)}
      {hint && <span className="muted"> — {hint}</span>}
    </label>
  );
  return (
    <section aria-labelledby="nt-prefs">
      <h2 id="nt-prefs">{t('nt.prefs.title')}</h2>
      <p>{t('nt.prefs.lead')}</p>
      <form onSubmit={(e) => void save(e)}>
        <fieldset>
          {box('inapp')}
          {box('email', form.hasEmail ? undefined : t('nt.prefs.noEmail'))}
          {box('sms', form.hasPhone ? undefined : t('nt.prefs.noPhone'))}
        </fieldset>
        <SelectField label={t('nt.prefs.lang')} value={form.lang} onChange={(e) => setForm({ ...form, lang: e.target.value as 'vi' | 'en' })}>
          <option value="vi">{t('nt.prefs.vi')}</option>
          <option value="en">{t('nt.prefs.en')}</option>
        </SelectField>
        <ErrorBox error={error} />
        {saved && <Notice kind="success">{t('nt.prefs.saved')}</Notice>}
        <button type="submit">{t('nt.prefs.save')}</button>
      </form>
    </section>
  );
}

export function TemplatesPage() {
  const { t, lang } = useI18n();
  const list = useAsync(() => get<TemplateList>('/api/admin/notification-templates'), []);
  const [event, setEvent] = useState('dossier.received');
  const [channel, setChannel] = useState<TemplateView['channel']>('email');
  const [tplLang, setTplLang] = useState<'vi' | 'en'>('vi');
  const item = list.data?.items.find((i) => i.event === event);
  const current = item?.templates.find((x) => x.channel === channel && x.lang === tplLang);
  const [draft, setDraft] = useState({ subject: '', body: '', html: '' });
  const [preview, setPreview] = useState<TemplatePreview | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState<number | null>(null);
  useEffect(() => {
    if (current) setDraft({ subject: current.subject ?? '', body: current.body, html: current.html ?? '' });
    setPreview(null);
    setError(null);
    setSaved(null);
  }, [current]);
  if (!list.data) return <Page title={t('nt.tpl.title')}><ErrorBox error={list.error} />{!list.error && <Loading />}</Page>;
  const body = () => ({ subject: channel === 'sms' ? null : draft.subject, body: draft.body, html: channel === 'email' && draft.html.trim() ? draft.html : null });
  const run = async (what: 'preview' | 'save') => {
    setError(null);
    setSaved(null);
    try {
      if (what === 'preview') setPreview(await api<TemplatePreview>('POST', `/api/admin/notification-templates/${event}/${channel}/preview`, body()));
      else {
        const r = await api<TemplateView>('PUT', `/api/admin/notification-templates/${event}/${channel}/${tplLang}`, body());
        setSaved(r.version);
        await list.reload();
      }
    } catch (err) {
      setError(err instanceof ApiError ? err : null);
    }
  };
  return (
    <Page title={t('nt.tpl.title')} actions={<Link href="/quan-tri">{t('nt.tpl.back')}</Link>}>
      <p>{t('nt.tpl.lead')}</p>
      <div className="nt-pickers">
        <SelectField label={t('nt.tpl.event')} value={event} onChange={(e) => setEvent(e.target.value)}>
          {list.data.items.map((i) => (
            <option key={i.event} value={i.event}>
              {pick(i.label, lang)}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('nt.tpl.channel')} value={channel} onChange={(e) => setChannel(e.target.value as TemplateView['channel'])}>
          {(['email', 'sms', 'inapp'] as const).map((c) => (
            <option key={c} value={c}>
              {t(`nt.channel.${c}`)}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('nt.tpl.lang')} value={tplLang} onChange={(e) => setTplLang(e.target.value as 'vi' | 'en')}>
          <option value="vi">{t('nt.prefs.vi')}</option>
          <option value="en">{t('nt.prefs.en')}</option>
        </SelectField>
      </div>
      {item && <p className="muted">{t('nt.tpl.variables', { list: item.variables.map((v) => `{{${v}}}`).join(', ') })}</p>}
      {current && <p className="muted">{current.version === 0 ? t('nt.tpl.builtIn') : `${t('nt.tpl.version', { v: current.version })} · ${formatDateTime(current.updatedAt)}`}</p>}
      <form onSubmit={(e) => { e.preventDefault(); void run('save'); }}>
        {channel !== 'sms' && <TextField label={t('nt.tpl.subject')} value={draft.subject} error={error?.field('subject')} onChange={(e) => setDraft({ ...draft, subject: e.target.value })} />}
        <TextArea label={t('nt.tpl.body')} value={draft.body} rows={channel === 'sms' ? 3 : 8} error={error?.field('body')} onChange={(e) => setDraft({ ...draft, body: e.target.value })} />
        {channel === 'email' && <TextArea label={t('nt.tpl.html')} value={draft.html} rows={4} error={error?.field('html')} onChange={(e) => setDraft({ ...draft, html: e.target.value })} />}
        <ErrorBox error={error} />
        {saved !== null && <Notice kind="success">{t('nt.tpl.saved', { v: saved })}</Notice>}
        <p className="buttons">
          <button type="button" onClick={() => void run('preview')}>{t('nt.tpl.preview')}</button> <button type="submit">{t('nt.tpl.save')}</button>
        </p>
      </form>
      {preview && (
        <section aria-labelledby="nt-preview" className="card">
          <h2 id="nt-preview">{t('nt.tpl.previewTitle')}</h2>
          {preview.subject && <p><strong>{preview.subject}</strong></p>}
          <pre className="nt-body">{preview.text}</pre>
          <p className="muted">{t('nt.tpl.length', { n: preview.length })}</p>
          {preview.html && <iframe title={t('nt.tpl.previewTitle')} sandbox="" srcDoc={preview.html} className="nt-html" />}
        </section>
      )}
    </Page>
  );
}
