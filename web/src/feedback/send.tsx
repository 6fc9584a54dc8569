/**
 * /phan-anh: send feedback (PAKN). A signed-in citizen sends with their account (may link one of their
 * dossiers and attach files); anyone else confirms a phone number or e-mail with a one-time code first
 * (request the code → type it → send). Afterwards the code, and for a sender without an account the
 * secret link to follow it, shown once.
 */
import { useState, type FormEvent } from 'react';
import { api, ApiError, get } from '../lib/api.ts';
import { useI18n } from '../lib/i18n.tsx';
import { Link } from '../lib/router.tsx';
import { useSession } from '../lib/session.tsx';
import { useAsync } from '../lib/use-async.ts';
import { formatDateTime } from '../lib/format.ts';
import type { DossierItem, Organisation } from '../lib/types.ts';
import { ErrorBox, Loading, Notice, Page } from '../ui/page.tsx';
import { SelectField, TextArea, TextField } from '../ui/field.tsx';
import { UploadField, type UploadedFile } from '../portal/upload-field.tsx';
import { FeedbackStatus, secretLink, type Feedback, type FeedbackListItem } from './parts.tsx';

type Created = Feedback & { senderSecret: string | null };

export function SendFeedbackPage() {
  const { t } = useI18n();
  const { me } = useSession();
  const citizen = me?.role === 'citizen';
  const [created, setCreated] = useState<Created | null>(null);
  if (me && !citizen) {
    // Officers record feedback for a person at the desk, where the unit's items are.
    return (
      <Page title={t('fb.send.title')}>
        <Link className="button primary" href="/mot-cua/phan-anh/tiep-nhan">
          {t('fb.desk.intakeTitle')}
        </Link>
      </Page>
    );
  }
  return (
    <Page title={t('fb.send.title')} actions={<Link href="/hoi-dap">{t('fb.qa.title')}</Link>}>
      {created ? (
        <Sent f={created} onAnother={() => setCreated(null)} />
      ) : (
        <>
          <p className="lead">{t('fb.send.lead')}</p>
          {citizen ? <p className="muted">{t('fb.send.signedInAs', { name: me.fullName })}</p> : (
            <p className="muted">
              {t('fb.send.anonymousLead')} <Link href={`/dang-nhap?next=${encodeURIComponent('/phan-anh')}`}>{t('fb.send.login')}</Link>
            </p>
          )}
          <SendForm citizen={citizen} onSent={setCreated} />
        </>
      )}
      {citizen && <MyFeedback key={created?.id ?? ''} />}
    </Page>
  );
}

function Sent({ f, onAnother }: { f: Created; onAnother: () => void }) {
  const { t } = useI18n();
  const link = f.senderSecret ? secretLink(f.code, f.senderSecret) : null;
  return (
    <section className="panel" aria-labelledby="fb-sent-h">
      <h2 id="fb-sent-h">{t('fb.send.done', { code: f.code })}</h2>
      <p>{t('fb.send.dueBy', { at: formatDateTime(f.dues.handleDueAt) })}</p>
      {link && (
        <Notice kind="warning">
          <p>{t('fb.send.keepLink')}</p>
          <p>
            <strong>{t('fb.send.secretLink')}:</strong>
            <a className="secret-link" href={link} data-testid="secret-link">
              {link}
            </a>
          </p>
        </Notice>
      )}
      <p>
        {link ? <a href={link}>{t('fb.send.follow')}</a> : <Link href={`/phan-anh/${encodeURIComponent(f.code)}`}>{t('fb.send.follow')}</Link>} ·{' '}
        <button type="button" className="link" onClick={onAnother}>
          {t('fb.send.another')}
        </button>
      </p>
    </section>
  );
}

function SendForm({ citizen, onSent }: { citizen: boolean; onSent: (f: Created) => void }) {
  const { t } = useI18n();
  const orgs = useAsync(() => get<{ items: Organisation[] }>('/api/organisations'), []);
  const dossiers = useAsync(() => (citizen ? get<{ items: DossierItem[] }>('/api/dossiers?limit=100') : Promise.resolve({ items: [] as DossierItem[] })), [citizen]);
  const [v, setV] = useState({ orgId: '', dossierCode: '', procedureCode: '', subject: '', content: '', consentPublish: true, fullName: '', channel: 'phone' as 'phone' | 'email', contact: '', code: '' });
  const [files, setFiles] = useState<UploadedFile[]>([]);
  const [otp, setOtp] = useState<{ otpId: string; sentTo: string; expiresAt: string } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof v) => (e: { target: { value: string } }) => setV({ ...v, [k]: e.target.value });
  const fe = (path: string) => error?.field(path);
  const attempt = async (fn: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'client', String(e)));
    } finally {
      setBusy(false);
    }
  };
  const requestCode = () =>
    attempt(async () => {
      setOtp(await api('POST', '/api/feedback/otp', { channel: v.channel, contact: v.contact }));
    });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void attempt(async () => {
      const optional = (s: string) => (s.trim() ? s.trim() : undefined);
      const body = {
        orgId: optional(v.orgId),
        dossierCode: optional(v.dossierCode),
        procedureCode: optional(v.procedureCode),
        subject: v.subject,
        content: v.content,
        consentPublish: v.consentPublish,
        attachments: files.map((f) => f.uploadId),
        ...(citizen ? {} : { sender: { fullName: v.fullName, [v.channel]: v.contact.trim() }, otp: otp ? { id: otp.otpId, code: v.code.trim() } : undefined }),
      };
      onSent(await api<Created>('POST', '/api/feedback', body));
    });
  };
  return (
    <form className="narrow" onSubmit={submit} noValidate>
      {orgs.data && (
        <SelectField label={t('fb.send.org')} value={v.orgId} onChange={set('orgId')} hint={t('fb.send.orgHint')} error={fe('orgId')}>
          <option value="">{t('fb.send.chooseOrg')}</option>
          {orgs.data.items.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </SelectField>
      )}
      {citizen && dossiers.data && dossiers.data.items.length > 0 && (
        <SelectField label={t('fb.send.dossier')} value={v.dossierCode} onChange={set('dossierCode')} error={fe('dossierCode')}>
          <option value="">{t('fb.send.noDossier')}</option>
          {dossiers.data.items.map((d) => (
            <option key={d.code} value={d.code}>
              {d.code} — {d.procedure.name}
            </option>
          ))}
        </SelectField>
      )}
      <TextField label={t('fb.send.procedure')} value={v.procedureCode} onChange={set('procedureCode')} hint={t('fb.send.procedureHint')} error={fe('procedureCode')} maxLength={64} />
      <TextField label={t('fb.send.subject')} value={v.subject} onChange={set('subject')} error={fe('subject')} required maxLength={300} />
      <TextArea label={t('fb.send.content')} value={v.content} onChange={set('content')} error={fe('content')} required maxLength={10000} rows={6} />
      {citizen && <UploadField label={t('fb.send.attachments')} files={files} onChange={setFiles} error={fe('attachments')} />}
      <label className="choice">
        <input type="checkbox" checked={v.consentPublish} onChange={(e) => setV({ ...v, consentPublish: e.target.checked })} /> {t('fb.send.consent')}
      </label>
      {!citizen && (
        <fieldset>
          <TextField label={t('fb.send.fullName')} value={v.fullName} onChange={set('fullName')} error={fe('sender.fullName') ?? fe('sender')} required maxLength={100} autoComplete="name" />
          <SelectField label={t('fb.send.channel')} value={v.channel} onChange={(e) => setV({ ...v, channel: e.target.value as 'phone' | 'email' })}>
            <option value="phone">{t('fb.send.byPhone')}</option>
            <option value="email">{t('fb.send.byEmail')}</option>
          </SelectField>
          <TextField
            label={t('fb.send.contact')}
            value={v.contact}
            onChange={set('contact')}
            error={fe('contact') ?? fe(`sender.${v.channel}`)}
            required
            maxLength={200}
            type={v.channel === 'email' ? 'email' : 'tel'}
            autoComplete={v.channel === 'email' ? 'email' : 'tel'}
          />
          <button type="button" onClick={() => void requestCode()} disabled={busy || !v.contact.trim()}>
            {t('fb.send.getCode')}
          </button>
          {otp && <Notice>{t('fb.send.codeSent', { to: otp.sentTo, at: formatDateTime(otp.expiresAt) })}</Notice>}
          {otp && <TextField label={t('fb.send.code')} value={v.code} onChange={set('code')} error={fe('otp.code') ?? fe('otp')} required inputMode="numeric" autoComplete="one-time-code" maxLength={6} />}
        </fieldset>
      )}
      <ErrorBox error={error} />
      <button type="submit" className="primary" disabled={busy || (!citizen && !otp)}>
        {t('fb.send.submit')}
      </button>
    </form>
  );
}

/** The signed-in citizen's own feedback, newest first. */
function MyFeedback() {
  const { t } = useI18n();
  const list = useAsync(() => get<{ items: FeedbackListItem[]; total: number }>('/api/feedback?limit=50'), []);
  return (
    <section aria-labelledby="fb-mine-h">
      <h2 id="fb-mine-h">{t('fb.mine.title')}</h2>
      <ErrorBox error={list.error} />
      {list.loading && !list.data && <Loading />}
      {list.data && list.data.items.length === 0 && <p className="muted">{t('fb.mine.empty')}</p>}
      {list.data && list.data.items.length > 0 && (
        <ul className="qa-list">
          {list.data.items.map((i) => (
            <li key={i.id}>
              <Link href={`/phan-anh/${encodeURIComponent(i.code)}`}>{i.code}</Link> — {i.subject}
              <br />
              <FeedbackStatus status={i.status} late={i.late} /> <span className="muted">· {formatDateTime(i.receivedAt)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
