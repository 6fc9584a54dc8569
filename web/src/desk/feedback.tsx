/**
 * Feedback (PAKN) at the desk (issue 15): the list for the officer's unit subtree with its filters
 * (status, due soon, late) and deadlines; one item with its log and only the actions the server allows
 * this officer now, each with its reason or note; intake at the counter for the person present.
 */
import { useState, type FormEvent } from 'react';
import { api, ApiError, get } from '../lib/api.ts';
import { useI18n } from '../lib/i18n.tsx';
import { Link, navigate, useLocation } from '../lib/router.tsx';
import { useAsync } from '../lib/use-async.ts';
import { formatDateTime } from '../lib/format.ts';
import type { Organisation } from '../lib/types.ts';
import { ErrorBox, Loading, Notice, Page } from '../ui/page.tsx';
import { SelectField, TextArea, TextField } from '../ui/field.tsx';
import { FeedbackFacts, FeedbackLog, FeedbackStatus, secretLink, type Feedback, type FeedbackAssignee, type FeedbackListItem } from '../feedback/parts.tsx';
import { useSession } from '../lib/session.tsx';

// A copy of the server's list (types only come from the server: importing its values would bundle zod); the type keeps them in step.
const FEEDBACK_STATUSES: readonly Feedback['status'][] = ['waiting', 'processing', 'waiting_for_info', 'processed', 'waiting_to_publish', 'published', 'returned', 'rejected'];

export function FeedbackQueue() {
  const { t } = useI18n();
  const { me } = useSession();
  // Administrators read the list; recording at the counter is for the unit's reception, specialists and leaders.
  const receives = me?.role === 'reception' || me?.role === 'specialist' || me?.role === 'leader';
  const { query } = useLocation();
  const status = query.get('trang-thai') ?? '';
  const due = query.get('han') ?? '';
  const [filter, setFilter] = useState({ status, due });
  const list = useAsync(() => {
    const p = new URLSearchParams({ limit: '100' });
    if (status) p.set('status', status);
    if (due) p.set('due', due);
    return get<{ items: FeedbackListItem[]; total: number }>(`/api/feedback?${p}`);
  }, [status, due]);
  const apply = (e: FormEvent) => {
    e.preventDefault();
    const p = new URLSearchParams();
    if (filter.status) p.set('trang-thai', filter.status);
    if (filter.due) p.set('han', filter.due);
    navigate(`/mot-cua/phan-anh${p.size ? `?${p}` : ''}`);
  };
  return (
    <Page
      title={t('fb.desk.title')}
      actions={
        <>
          {receives && (
            <>
              <Link className="button primary" href="/mot-cua/phan-anh/tiep-nhan">
                {t('fb.desk.intake')}
              </Link>{' '}
            </>
          )}
          <Link href="/mot-cua">{t('desk.back')}</Link>
        </>
      }
    >
      <form className="row-form" onSubmit={apply} aria-label={t('fb.desk.filters')}>
        <SelectField label={t('fb.status')} value={filter.status} onChange={(e) => setFilter({ ...filter, status: e.target.value })}>
          <option value="">{t('fb.desk.allStatuses')}</option>
          {FEEDBACK_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`fb.status.${s}`)}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('fb.desk.due')} value={filter.due} onChange={(e) => setFilter({ ...filter, due: e.target.value })}>
          <option value="">{t('fb.desk.dueAll')}</option>
          <option value="soon">{t('fb.desk.dueSoon')}</option>
          <option value="late">{t('fb.desk.dueLate')}</option>
        </SelectField>
        <button type="submit">{t('fb.desk.apply')}</button>
      </form>
      <ErrorBox error={list.error} />
      {list.loading && !list.data && <Loading />}
      {list.data && (
        <>
          <p className="muted" aria-live="polite">
            {t('fb.desk.total', { n: list.data.total })}
          </p>
          {list.data.items.length === 0 ? (
            <p>{t('fb.desk.empty')}</p>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('fb.code')}</th>
                    <th scope="col">{t('fb.subject')}</th>
                    <th scope="col">{t('fb.receivedAt')}</th>
                    <th scope="col">{t('fb.handleDue')}</th>
                    <th scope="col">{t('fb.status')}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.data.items.map((i) => (
                    <tr key={i.id}>
                      <td>
                        <Link href={`/mot-cua/phan-anh/${encodeURIComponent(i.code)}`}>{i.code}</Link>
                      </td>
                      <td>{i.subject}</td>
                      <td>{formatDateTime(i.receivedAt)}</td>
                      <td>{formatDateTime(i.handleDueAt)}</td>
                      <td>
                        <FeedbackStatus status={i.status} late={i.late} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </Page>
  );
}

type StaffAction = Exclude<Feedback['availableActions'][number], 'rate' | 'reopen' | 'provide_info'>;
/** The text each action needs (the API's body field), and its label; publish needs none. */
const FIELDS: Record<StaffAction, { field: string; label: string; required: boolean } | null> = {
  accept: { field: 'note', label: 'fb.desk.note', required: false },
  assign: { field: 'note', label: 'fb.desk.note', required: false },
  transfer: { field: 'note', label: 'fb.desk.note', required: true },
  request_info: { field: 'note', label: 'fb.desk.requestNote', required: true },
  answer: { field: 'answer', label: 'fb.desk.answerText', required: true },
  send_back: { field: 'note', label: 'fb.desk.sendBackNote', required: true },
  approve: { field: 'note', label: 'fb.desk.note', required: false },
  publish: null,
  reject: { field: 'reason', label: 'fb.desk.reason', required: true },
  return: { field: 'reason', label: 'fb.desk.reason', required: true },
};
const isStaffAction = (a: string): a is StaffAction => a in FIELDS;

export function FeedbackItem({ code }: { code: string }) {
  const { t } = useI18n();
  const load = useAsync(() => get<Feedback>(`/api/feedback/${encodeURIComponent(code)}`), [code]);
  const [action, setAction] = useState<StaffAction | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [stale, setStale] = useState(false);
  if (load.loading && !load.data) return <Loading />;
  if (!load.data)
    return (
      <Page title={t('fb.desk.title')}>
        <p>
          <Link href="/mot-cua/phan-anh">{t('fb.desk.back')}</Link>
        </p>
        <ErrorBox error={load.error} />
      </Page>
    );
  const f = load.data;
  const actions = f.availableActions.filter(isStaffAction);
  const finished = async (a: StaffAction, outcome: 'done' | 'stale') => {
    setAction(null);
    setStale(outcome === 'stale');
    setDone(outcome === 'done' ? t('fb.desk.done', { action: t(`fb.act.${a}`) }) : null);
    await load.reload();
  };
  return (
    <Page title={f.code} actions={<Link href="/mot-cua/phan-anh">{t('fb.desk.back')}</Link>}>
      {done && <Notice kind="success">{done}</Notice>}
      {stale && <Notice kind="warning">{t('fb.desk.changed')}</Notice>}
      <section className="panel" aria-labelledby="fb-actions-h">
        <h2 id="fb-actions-h">{t('fb.desk.actions')}</h2>
        {actions.length === 0 && <p className="muted">{t('fb.desk.noActions')}</p>}
        <div className="actions">
          {actions.map((a) => (
            <button key={a} type="button" className={a === action ? 'primary' : undefined} aria-expanded={a === action} onClick={() => setAction(a === action ? null : a)}>
              {t(`fb.act.${a}`)}
            </button>
          ))}
        </div>
        {action && <StaffActionForm key={action} f={f} action={action} onDone={(o) => void finished(action, o)} onCancel={() => setAction(null)} />}
      </section>
      <FeedbackFacts f={f} staff />
      <FeedbackLog f={f} />
    </Page>
  );
}

function StaffActionForm({ f, action, onDone, onCancel }: { f: Feedback; action: StaffAction; onDone: (o: 'done' | 'stale') => void; onCancel: () => void }) {
  const { t } = useI18n();
  const spec = FIELDS[action];
  const [text, setText] = useState('');
  const [assigneeId, setAssigneeId] = useState('');
  const [toOrgId, setToOrgId] = useState('');
  const orgs = useAsync(() => (action === 'transfer' ? get<{ items: Organisation[] }>('/api/organisations') : Promise.resolve({ items: [] as Organisation[] })), [action]);
  // The leader picks among the officers of the item's unit subtree (the rule the server checks on assign).
  const assignees = useAsync(() => (action === 'assign' ? get<{ items: FeedbackAssignee[] }>(`/api/feedback/${encodeURIComponent(f.id)}/assignees`) : Promise.resolve({ items: [] as FeedbackAssignee[] })), [action, f.id]);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const body: Record<string, string> = {};
    if (spec && text.trim()) body[spec.field] = text;
    if (action === 'assign') body.assigneeId = assigneeId;
    if (action === 'transfer') body.toOrgId = toOrgId;
    try {
      // If-Match: acting on the version this officer saw; a change by someone else meanwhile is a 409.
      await api<Feedback>('POST', `/api/feedback/${encodeURIComponent(f.id)}/actions/${action}`, body, { 'if-match': `"${f.version}"` });
      onDone('done');
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) onDone('stale');
      else setError(err instanceof ApiError ? err : new ApiError(0, 'client', String(err)));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} aria-label={t(`fb.act.${action}`)}>
      {action === 'assign' && (
        <>
          <SelectField label={t('fb.desk.assignee')} value={assigneeId} onChange={(e) => setAssigneeId(e.target.value)} required error={error?.field('assigneeId')}>
            <option value="">{t('fb.desk.chooseAssignee')}</option>
            {(assignees.data?.items ?? []).map((o) => (
              <option key={o.id} value={o.id} disabled={o.id === f.assigneeId}>
                {o.fullName} — {t(`role.${o.role}`)}
              </option>
            ))}
          </SelectField>
          <ErrorBox error={assignees.error} />
          {assignees.data && assignees.data.items.length === 0 && <p className="muted">{t('fb.desk.noAssignees')}</p>}
        </>
      )}
      {action === 'transfer' && (
        <SelectField label={t('fb.desk.toOrg')} value={toOrgId} onChange={(e) => setToOrgId(e.target.value)} required error={error?.field('toOrgId')}>
          <option value="">{t('fb.send.chooseOrg')}</option>
          {(orgs.data?.items ?? [])
            .filter((o) => o.id !== f.org.id)
            .map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
        </SelectField>
      )}
      {spec && <TextArea label={t(spec.label)} value={text} onChange={(e) => setText(e.target.value)} required={spec.required} maxLength={spec.field === 'answer' ? 10000 : 4000} rows={spec.field === 'answer' ? 6 : 3} error={error?.field(spec.field)} />}
      <ErrorBox error={error} />
      <button type="submit" className="primary" disabled={busy}>
        {t('fb.desk.confirm')}: {t(`fb.act.${action}`)}
      </button>{' '}
      <button type="button" onClick={onCancel}>
        {t('fb.desk.cancel')}
      </button>
    </form>
  );
}

/** Intake at the counter: the officer records the feedback of the person present, for their own unit. */
export function FeedbackIntake({ orgId }: { orgId: string }) {
  const { t } = useI18n();
  const [v, setV] = useState({ fullName: '', phone: '', email: '', idNumber: '', address: '', dossierCode: '', subject: '', content: '', consentPublish: true });
  const [created, setCreated] = useState<(Feedback & { senderSecret: string | null }) | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof v) => (e: { target: { value: string } }) => setV({ ...v, [k]: e.target.value });
  const fe = (p: string) => error?.field(p);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const opt = (s: string) => (s.trim() ? s.trim() : undefined);
    try {
      setCreated(
        await api('POST', '/api/feedback', {
          orgId,
          subject: v.subject,
          content: v.content,
          consentPublish: v.consentPublish,
          dossierCode: opt(v.dossierCode),
          sender: { fullName: v.fullName, phone: opt(v.phone), email: opt(v.email), idNumber: opt(v.idNumber), address: opt(v.address) },
        }),
      );
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'client', String(err)));
    } finally {
      setBusy(false);
    }
  };
  if (created) {
    const link = created.senderSecret ? secretLink(created.code, created.senderSecret) : null;
    return (
      <Page title={t('fb.desk.intakeTitle')} actions={<Link href="/mot-cua/phan-anh">{t('fb.desk.back')}</Link>}>
        <Notice kind="success">{t('fb.send.done', { code: created.code })}</Notice>
        <p>{t('fb.send.dueBy', { at: formatDateTime(created.dues.handleDueAt) })}</p>
        {link && (
          <p>
            {t('fb.desk.printLink')} <span className="secret-link">{link}</span>
          </p>
        )}
        <p>
          <Link href={`/mot-cua/phan-anh/${encodeURIComponent(created.code)}`}>{created.code}</Link>
        </p>
      </Page>
    );
  }
  return (
    <Page title={t('fb.desk.intakeTitle')} actions={<Link href="/mot-cua/phan-anh">{t('fb.desk.back')}</Link>}>
      <p className="hint">{t('fb.desk.intakeLead')}</p>
      <form className="narrow" onSubmit={(e) => void submit(e)} noValidate>
        <fieldset>
          <legend>{t('fb.sender')}</legend>
          <TextField label={t('fb.send.fullName')} value={v.fullName} onChange={set('fullName')} required maxLength={100} error={fe('sender.fullName') ?? fe('sender')} />
          <TextField label={t('fb.desk.phone')} type="tel" value={v.phone} onChange={set('phone')} maxLength={20} error={fe('sender.phone')} />
          <TextField label={t('fb.desk.email')} type="email" value={v.email} onChange={set('email')} maxLength={200} error={fe('sender.email')} />
          <TextField label={t('fb.desk.idNumber')} value={v.idNumber} onChange={set('idNumber')} inputMode="numeric" maxLength={12} error={fe('sender.idNumber')} />
          <TextField label={t('fb.desk.address')} value={v.address} onChange={set('address')} maxLength={500} error={fe('sender.address')} />
        </fieldset>
        <TextField label={t('fb.desk.dossierCode')} value={v.dossierCode} onChange={set('dossierCode')} maxLength={100} error={fe('dossierCode')} />
        <TextField label={t('fb.send.subject')} value={v.subject} onChange={set('subject')} required maxLength={300} error={fe('subject')} />
        <TextArea label={t('fb.send.content')} value={v.content} onChange={set('content')} required maxLength={10000} rows={6} error={fe('content')} />
        <label className="choice">
          <input type="checkbox" checked={v.consentPublish} onChange={(e) => setV({ ...v, consentPublish: e.target.checked })} /> {t('fb.send.consent')}
        </label>
        <ErrorBox error={error} />
        <button type="submit" className="primary" disabled={busy}>
          {t('fb.send.submit')}
        </button>
      </form>
    </Page>
  );
}
