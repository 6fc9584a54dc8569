/** What the portal's and the desk's feedback pages both show: the facts of one item and its log. */
import type { z } from 'zod';
import { registerMessages, useI18n } from '../lib/i18n.tsx';
import { formatDateTime } from '../lib/format.ts';
import type { FeedbackAssignees, FeedbackListItem as ListItemSchema, FeedbackView, PublicFeedbackItem as PublicItemSchema } from '../../../src/modules/feedback/contracts.ts';
import { en, vi } from './messages.ts';

registerMessages(vi, en);

export type Feedback = z.infer<typeof FeedbackView>;
export type FeedbackListItem = z.infer<typeof ListItemSchema>;
export type PublicFeedbackItem = z.infer<typeof PublicItemSchema>;
export type FeedbackAssignee = z.infer<typeof FeedbackAssignees>['items'][number];

/** The secret link a sender without an account follows their feedback with (the secret in the fragment: never sent in a Referer). */
export const secretLink = (code: string, secret: string) => `${location.origin}/phan-anh/${encodeURIComponent(code)}#bi-mat=${encodeURIComponent(secret)}`;

export function FeedbackStatus({ status, late }: { status: Feedback['status']; late?: boolean }) {
  const { t } = useI18n();
  return (
    <>
      <span className={`status fb-${status}`}>{t(`fb.status.${status}`)}</span>
      {late ? <span className="late"> ⚠ {t('fb.late')}</span> : null}
    </>
  );
}

/** Status, dates, the question and the answer; `staff` adds who sent it and the channel. */
export function FeedbackFacts({ f, staff = false }: { f: Feedback; staff?: boolean }) {
  const { t } = useI18n();
  return (
    <>
      <dl className="facts">
        <dt>{t('fb.status')}</dt>
        <dd>
          <FeedbackStatus status={f.status} late={f.late} />
        </dd>
        <dt>{t('fb.org')}</dt>
        <dd>{f.org.name}</dd>
        <dt>{t('fb.receivedAt')}</dt>
        <dd>{formatDateTime(f.receivedAt)}</dd>
        <dt>{t('fb.handleDue')}</dt>
        <dd>{formatDateTime(f.dues.handleDueAt)}</dd>
        {staff && f.dues.publishDueAt && (
          <>
            <dt>{t('fb.publishDue')}</dt>
            <dd>{formatDateTime(f.dues.publishDueAt)}</dd>
          </>
        )}
        {staff && (
          <>
            <dt>{t('fb.sender')}</dt>
            <dd>{[f.sender.fullName, f.sender.phone, f.sender.email, f.sender.idNumber, f.sender.address].filter(Boolean).join(' · ')}</dd>
            <dt>{t('fb.channel')}</dt>
            <dd>{t(`fb.channel.${f.channel}`)}</dd>
            <dt>{t('fb.assignee')}</dt>
            <dd>{f.assigneeId ?? '—'}</dd>
          </>
        )}
        {f.dossierCode && (
          <>
            <dt>{t('fb.dossier')}</dt>
            <dd>{f.dossierCode}</dd>
          </>
        )}
        {f.procedureCode && (
          <>
            <dt>{t('fb.procedure')}</dt>
            <dd>{f.procedureCode}</dd>
          </>
        )}
        {f.rating && (
          <>
            <dt>{t('fb.rating')}</dt>
            <dd>{t(`fb.rating.${f.rating}`)}</dd>
          </>
        )}
      </dl>
      <h2>{t('fb.content')}</h2>
      <p>
        <strong>{f.subject}</strong>
      </p>
      <p className="pre-wrap">{f.content}</p>
      <h2>{t('fb.answer')}</h2>
      {f.answer ? <p className="pre-wrap fb-answer">{f.answer}</p> : <p className="muted">{t('fb.noAnswer')}</p>}
    </>
  );
}

export function FeedbackLog({ f }: { f: Feedback }) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="fb-log-h">
      <h2 id="fb-log-h">{t('fb.history')}</h2>
      <ol className="timeline">
        {f.history.map((h) => (
          <li key={h.seq}>
            <time dateTime={h.at}>{formatDateTime(h.at)}</time> <strong>{t(`fb.act.${h.action}`)}</strong>
            <span className="muted">
              {' '}
              — {h.actorRole === 'sender' ? t('fb.by.sender') : h.actorRole === 'officer' ? t('fb.by.staff') : t(`role.${h.actorRole}`)} → {t(`fb.status.${h.toStatus}`)}
            </span>
            {h.note ? <p className="tl-detail pre-wrap">{h.note}</p> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
