/**
 * Results by public post in the web app (issue 17), loaded as a chunk of its own: the receiver form
 * with the quoted charge (on the application's review step and on the dossier page), the applicant's
 * view of the choice and the tracking, and the desk's view of the shipments with their events.
 */
import { useEffect, useState, type FormEvent } from 'react';
import type { z } from 'zod';
import { api, get } from '../lib/api.ts';
import { registerMessages, useI18n } from '../lib/i18n.tsx';
import { useAsync } from '../lib/use-async.ts';
import { useSave } from '../lib/use-save.ts';
import { formatDateTime, formatMoney } from '../lib/format.ts';
import { ErrorBox, Notice } from '../ui/page.tsx';
import { SelectField, TextField } from '../ui/field.tsx';
import type { DeliveryView, QuoteAnswer, Receiver } from '../../../src/modules/delivery/contracts.ts';
import { PROVINCE_CODES } from '../../../src/modules/delivery/province-contracts.ts';
import { en, vi } from './messages.ts';

registerMessages(vi, en);

type Quote = z.infer<typeof QuoteAnswer>;
const PROVINCES = Object.entries(PROVINCE_CODES).sort((a, b) => a[1].localeCompare(b[1], 'vi'));
const url = (code: string) => `/api/dossiers/${encodeURIComponent(code)}/delivery`;

/** The receiver's fields and the charge the post quotes for the chosen province. */
export function ReceiverFields({ value, onChange, fieldError }: { value: Receiver; onChange: (r: Receiver) => void; fieldError?: (path: string) => string | undefined }) {
  const { t, lang } = useI18n();
  const [quote, setQuote] = useState<Quote | null>(null);
  useEffect(() => {
    setQuote(null);
    if (!/^\d{3}$/.test(value.provinceCode)) return;
    let live = true;
    api<Quote>('POST', '/api/delivery/quote', { provinceCode: value.provinceCode }).then((q) => live && setQuote(q), () => undefined);
    return () => {
      live = false;
    };
  }, [value.provinceCode]);
  const set = (k: keyof Receiver) => (e: { target: { value: string } }) => onChange({ ...value, [k]: e.target.value });
  const fe = (k: string) => fieldError?.(`receiver.${k}`);
  return (
    <div className="dl-fields">
      <TextField label={t('dl.fullName')} value={value.fullName} onChange={set('fullName')} error={fe('fullName')} required autoComplete="name" />
      <TextField label={t('dl.phone')} value={value.phone} onChange={set('phone')} error={fe('phone')} required inputMode="tel" autoComplete="tel" />
      <TextField label={t('dl.address')} value={value.address} onChange={set('address')} error={fe('address')} required autoComplete="street-address" />
      <SelectField label={t('dl.province')} value={value.provinceCode} onChange={set('provinceCode')} error={fe('provinceCode')} required>
        <option value="">{t('dl.pickProvince')}</option>
        {PROVINCES.map(([code, name]) => (
          <option key={code} value={code}>
            {name}
          </option>
        ))}
      </SelectField>
      {quote && (
        <p className="dl-quote" data-testid="postal-fee">
          {t('dl.fee')}: <strong>{formatMoney(quote.fee, lang)}</strong>
          {quote.hours ? ` (${t('dl.days', { n: quote.hours })})` : ''}
          <br />
          <span className="hint">{t('dl.feeHint')}</span>
        </p>
      )}
    </div>
  );
}

/** The application's review step: choose post now; the page saves it right after the dossier is submitted. */
export function PostChoiceOnApply({ chosen, onChosen, receiver, onReceiver }: { chosen: boolean; onChosen: (b: boolean) => void; receiver: Receiver; onReceiver: (r: Receiver) => void }) {
  const { t } = useI18n();
  // Offered only where a carrier is connected (asked without an error answer: the browser logs every 4xx).
  const available = useAsync(() => get<{ available: boolean }>('/api/delivery/availability').then((r) => r.available), []);
  if (!available.data) return null;
  return (
    <fieldset className="dl-choice">
      <legend>{t('dl.title')}</legend>
      <label className="check">
        <input type="checkbox" checked={chosen} onChange={(e) => onChosen(e.target.checked)} /> {t('dl.choose')}
      </label>
      {chosen && <ReceiverFields value={receiver} onChange={onReceiver} />}
    </fieldset>
  );
}

/** The applicant's dossier page: the choice (made, changed, withdrawn while allowed) and the tracking. */
export function CitizenDelivery({ code, defaults, saveFailed }: { code: string; defaults: Receiver; saveFailed?: boolean }) {
  const { t, lang } = useI18n();
  const load = useAsync(() => get<DeliveryView>(url(code)), [code]);
  const [editing, setEditing] = useState(false);
  const [receiver, setReceiver] = useState<Receiver>(defaults);
  const { error, busy, run, fe } = useSave();
  const v = load.data;
  if (!v || !v.available) return null;
  const save = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await api('PUT', url(code), { receiver });
      setEditing(false);
      await load.reload();
    });
  };
  const withdraw = () => void run(async () => {
    await api('DELETE', url(code));
    await load.reload();
  });
  return (
    <section className="panel dl-panel" aria-labelledby="dl-h">
      <h2 id="dl-h">{t('dl.title')}</h2>
      {saveFailed && !v.choice && <Notice kind="warning">{t('dl.afterSubmitFailed')}</Notice>}
      {v.choice ? (
        <>
          <p>{t('dl.chosen')}</p>
          <p className="dl-address">
            {v.choice.receiver.fullName}, {v.choice.receiver.phone}
            <br />
            {v.choice.receiver.address}, {v.choice.receiver.provinceName}
          </p>
          <p>
            {t('dl.fee')}: <strong>{formatMoney(v.choice.fee, lang)}</strong>
          </p>
        </>
      ) : (
        !editing && <p>{v.mayChange ? t('dl.intro') : t('dl.notChosen')}</p>
      )}
      <ErrorBox error={error} />
      {editing ? (
        <form onSubmit={save}>
          <ReceiverFields value={receiver} onChange={setReceiver} fieldError={fe} />
          <div className="actions">
            <button type="button" onClick={() => setEditing(false)}>
              {t('common.back')}
            </button>
            <button type="submit" className="primary" disabled={busy}>
              {t('dl.save')}
            </button>
          </div>
        </form>
      ) : v.mayChange ? (
        <div className="actions">
          <button type="button" className="primary" onClick={() => { setReceiver(v.choice ? { fullName: v.choice.receiver.fullName, phone: v.choice.receiver.phone, address: v.choice.receiver.address, provinceCode: v.choice.receiver.provinceCode } : defaults); setEditing(true); }}>
            {t('dl.choose')}
          </button>
          {v.choice && (
            <button type="button" onClick={withdraw} disabled={busy}>
              {t('dl.withdraw')}
            </button>
          )}
        </div>
      ) : (
        v.choice && v.shipments.length === 0 && <p className="hint">{t('dl.closed')}</p>
      )}
      <Shipments shipments={v.shipments} />
    </section>
  );
}

/** The desk's dossier page: the choice, the shipments and their events; dispatch again, cancel. */
export function DeskDelivery({ code, onChanged }: { code: string; onChanged?: () => void }) {
  const { t, lang } = useI18n();
  const load = useAsync(() => get<DeliveryView>(url(code)), [code]);
  const { error, busy, run } = useSave();
  const v = load.data;
  if (!v || (!v.choice && v.shipments.length === 0)) return null;
  const act = (path: string) => void run(async () => {
    await api('POST', `${url(code)}/${path}`);
    await load.reload();
    onChanged?.();
  });
  return (
    <section className="panel dl-panel" aria-labelledby="dl-desk-h">
      <h2 id="dl-desk-h">{t('dl.title')}</h2>
      {v.choice && (
        <dl className="facts">
          <dt>{t('dl.receiver')}</dt>
          <dd>
            {v.choice.receiver.fullName}, {v.choice.receiver.phone}, {v.choice.receiver.address}, {v.choice.receiver.provinceName}
          </dd>
          <dt>{t('dl.fee')}</dt>
          <dd>{formatMoney(v.choice.fee, lang)}</dd>
        </dl>
      )}
      <ErrorBox error={error} />
      {v.shipments[0]?.status === 'returned' && <Notice kind="warning">{t('dl.returnedNote')}</Notice>}
      <Shipments shipments={v.shipments} onCancel={(id) => act(`shipments/${encodeURIComponent(id)}/cancel`)} busy={busy} />
      {v.mayDispatch && (
        <div className="actions">
          <button type="button" className="primary" onClick={() => act('shipments')} disabled={busy}>
            {t('dl.dispatch')}
          </button>
        </div>
      )}
    </section>
  );
}

function Shipments({ shipments, onCancel, busy }: { shipments: DeliveryView['shipments']; onCancel?: (id: string) => void; busy?: boolean }) {
  const { t } = useI18n();
  if (shipments.length === 0) return null;
  return (
    <div className="dl-shipments">
      <h3>{t('dl.shipments')}</h3>
      {shipments.map((s) => (
        <article key={s.id} className="dl-shipment">
          <dl className="facts">
            <dt>{t('dl.tracking')}</dt>
            <dd data-testid="tracking-number">{s.trackingNumber}</dd>
            <dt>{t('dl.status')}</dt>
            <dd>
              <span className={`status dl-${s.status}`}>{t(`dl.status.${s.status}`)}</span> <span className="muted">{formatDateTime(s.statusAt)}</span>
            </dd>
          </dl>
          <h4>{t('dl.events')}</h4>
          {s.events.length === 0 ? (
            <p className="hint">{t('dl.noEvents')}</p>
          ) : (
            <ol className="dl-events">
              {s.events.map((e, i) => (
                <li key={i}>
                  <time>{formatDateTime(e.occurredAt)}</time> — {e.status ? t(`dl.status.${e.status}`) : (e.description ?? e.carrierStatus)} <span className="muted">({t(`dl.source.${e.source}`)})</span>
                </li>
              ))}
            </ol>
          )}
          {onCancel && s.status === 'ordered' && (
            <button type="button" onClick={() => onCancel(s.id)} disabled={busy}>
              {t('dl.cancel')}
            </button>
          )}
        </article>
      ))}
    </div>
  );
}

/** Counter reception: the dossier arrived by post (channel "post"), with the tracking code on the envelope. */
export interface InboundPost {
  byPost: boolean;
  senderTrackingCode: string;
  postmarkedOn: string;
}

export function InboundPostFields({ value, onChange, fieldError }: { value: InboundPost; onChange: (v: InboundPost) => void; fieldError?: (path: string) => string | undefined }) {
  const { t } = useI18n();
  return (
    <fieldset className="dl-inbound">
      <legend>{t('dl.inbound')}</legend>
      <label className="check">
        <input type="checkbox" checked={value.byPost} onChange={(e) => onChange({ ...value, byPost: e.target.checked })} /> {t('dl.inbound')}
      </label>
      <p className="hint">{t('dl.inboundHint')}</p>
      {value.byPost && (
        <>
          <TextField label={t('dl.inboundCode')} value={value.senderTrackingCode} onChange={(e) => onChange({ ...value, senderTrackingCode: e.target.value })} required maxLength={40} error={fieldError?.('postal.senderTrackingCode')} />
          <TextField label={t('dl.inboundPostmark')} type="date" value={value.postmarkedOn} onChange={(e) => onChange({ ...value, postmarkedOn: e.target.value })} error={fieldError?.('postal.postmarkedOn')} />
        </>
      )}
    </fieldset>
  );
}
