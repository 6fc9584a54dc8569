/**
 * Fees and payments of a dossier (issue 17), as parts of the portal's and the desk's dossier pages, and
 * the page the payment gateway sends the browser back to (/thanh-toan/ket-qua). A lazy chunk: the pages
 * import it with React.lazy. The gateway's return is shown, never trusted: the page asks the server,
 * which verifies the signature and reads the payment as the gateway's IPN recorded it.
 */
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { api, get } from '../lib/api.ts';
import { pick, registerMessages, useI18n } from '../lib/i18n.tsx';
import { Link, useLocation } from '../lib/router.tsx';
import { useAsync } from '../lib/use-async.ts';
import { useSave } from '../lib/use-save.ts';
import { formatDateTime, formatMoney } from '../lib/format.ts';
import { ErrorBox, Loading, Notice, Page } from '../ui/page.tsx';
import { SelectField, TextArea, TextField } from '../ui/field.tsx';
import type { DossierPayments, PaymentView, ReturnResult } from '../../../src/modules/payments/contracts.ts';
import { en, vi } from './messages.ts';

registerMessages(vi, en);

const url = (code: string) => `/api/dossiers/${encodeURIComponent(code)}/payments`;

function FeeTable({ p }: { p: DossierPayments }) {
  const { t, lang } = useI18n();
  if (!p.hasFee) return <p className="muted">{t('pay.none')}</p>;
  return (
    // "stack": one block per line on a phone, each cell labelled by its column (no sideways scrolling at 360 px).
    <table className="pay-lines stack">
      <thead>
        <tr>
          <th>{t('pay.item')}</th>
          <th>{t('pay.amount')}</th>
          <th>{t('pay.due')}</th>
          <th>{t('pay.collector')}</th>
          <th>{t('pay.state')}</th>
        </tr>
      </thead>
      <tbody>
        {p.lines.map((l) => (
          <tr key={l.feeId}>
            <td data-label={t('pay.item')}>{l.name}</td>
            <td data-label={t('pay.amount')} className="num">{formatMoney(l.amountVnd, lang)}</td>
            <td data-label={t('pay.due')}>{t(`pay.due.${l.due}`)}</td>
            <td data-label={t('pay.collector')}>{l.collectorName}</td>
            <td data-label={t('pay.state')}>{t(l.paid ? 'pay.state.paid' : l.exempt ? 'pay.state.exempt' : 'pay.state.owed')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const REFUNDABLE = new Set<PaymentView['status']>(['paid', 'duplicate']);

/** The payments made, each with its refunds (what, when, why; who for officers); `refund` draws the desk's refund control. */
function PaymentList({ payments, refund }: { payments: PaymentView[]; refund?: (p: PaymentView) => ReactNode }) {
  const { t, lang } = useI18n();
  if (payments.length === 0) return null;
  return (
    <>
      <h3>{t('pay.history')}</h3>
      <ul className="pay-history">
        {payments.map((p) => (
          <li key={p.id} data-testid="payment">
            {formatDateTime(p.paidAt ?? p.createdAt)} — {t(`pay.method.${p.method}`)} — {formatMoney(p.amountVnd, lang)} — <strong>{t(`pay.status.${p.status}`)}</strong>
            {p.receiptUrl && p.receiptNo && (
              <>
                {' '}— <a href={p.receiptUrl} target="_blank" rel="noreferrer">{t('pay.receipt', { no: p.receiptNo })}</a>
              </>
            )}
            {p.refunds.length > 0 && (
              <ul className="pay-refunds">
                {p.refunds.map((r, i) => (
                  <li key={i} data-testid="refund">
                    {t('pay.refund.entry', { amount: formatMoney(r.amountVnd, lang), at: formatDateTime(r.at) })}
                    {r.status === 'refused' && <> — <strong>{t('pay.refund.refused', { code: r.responseCode })}</strong></>}
                    {r.byName && <> — {t('pay.refund.by', { name: r.byName })}</>} — {t('pay.refund.why', { reason: r.reason })}
                  </li>
                ))}
              </ul>
            )}
            {refund?.(p)}
          </li>
        ))}
      </ul>
    </>
  );
}

/**
 * The desk's refund of one payment: "Hoàn tiền", then the reason (required) and a confirmation. A refused
 * refund is recorded by the server too, so the list is reloaded whatever the answer.
 */
function RefundControl({ code, payment, onDone }: { code: string; payment: PaymentView; onDone: (amountVnd: number) => Promise<void> }) {
  const { t, lang } = useI18n();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const save = useSave();
  const left = payment.amountVnd - payment.refundedVnd;
  if (!open) {
    return (
      <div className="pay-refund-open">
        <button type="button" onClick={() => setOpen(true)}>
          {t('pay.refund')}
        </button>
      </div>
    );
  }
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!reason.trim()) {
      setMissing(true);
      return;
    }
    setMissing(false);
    void save
      .run(() => api<PaymentView>('POST', `${url(code)}/${encodeURIComponent(payment.id)}/refund`, { reason: reason.trim() }))
      .then(async (ok) => {
        if (ok) setOpen(false);
        await onDone(ok ? left : 0);
      });
  };
  return (
    <form onSubmit={submit} className="pay-refund" noValidate aria-label={t('pay.refund.title', { amount: formatMoney(left, lang) })}>
      <h4>{t('pay.refund.title', { amount: formatMoney(left, lang) })}</h4>
      <p className="hint">{t(payment.method === 'online' ? 'pay.refund.online' : 'pay.refund.counter')}</p>
      <TextArea
        label={t('pay.refund.reason')}
        hint={t('pay.refund.reasonHint')}
        value={reason}
        maxLength={500}
        rows={2}
        required
        onChange={(e) => setReason(e.target.value)}
        error={missing ? t('pay.refund.reasonMissing') : save.fe('reason')}
      />
      <ErrorBox error={save.error} />
      <div className="actions">
        <button type="button" onClick={() => setOpen(false)} disabled={save.busy}>
          {t('pay.refund.cancel')}
        </button>
        <button type="submit" className="danger" disabled={save.busy}>
          {t('pay.refund.confirm', { amount: formatMoney(left, lang) })}
        </button>
      </div>
    </form>
  );
}

/** The portal's part: what is owed and when, the "pay online" button, the receipts. */
export function PortalPayments({ code }: { code: string }) {
  const { t, lang } = useI18n();
  const { data: p, error } = useAsync(() => get<DossierPayments>(url(code)), [code]);
  const save = useSave();
  if (!p) return error ? <ErrorBox error={error} /> : null;
  const pay = () =>
    save.run(async () => {
      const started = await api<{ redirectUrl: string | null }>('POST', url(code), { method: 'online', locale: lang === 'vi' ? 'vn' : 'en' });
      if (started.redirectUrl) window.location.assign(started.redirectUrl);
    });
  return (
    <section aria-labelledby="pay-h" className="payments">
      <h2 id="pay-h">{t('pay.title')}</h2>
      <FeeTable p={p} />
      {p.hasFee && (p.outstandingVnd > 0 ? <p><strong>{t('pay.outstanding', { amount: formatMoney(p.outstandingVnd, lang) })}</strong></p> : <Notice kind="success">{t('pay.allPaid')}</Notice>)}
      {p.may.payOnline && (
        <>
          {p.onlinePayment.sandbox && <p className="muted">{t('pay.sandbox')}</p>}
          <button type="button" onClick={() => void pay()} disabled={save.busy}>
            {save.busy ? t('pay.redirecting') : t('pay.payOnline')}
          </button>
        </>
      )}
      {p.outstandingVnd > 0 && !p.onlinePayment.available && <p className="muted">{t('pay.offline')}</p>}
      <ErrorBox error={save.error} />
      <PaymentList payments={p.payments} />
    </section>
  );
}

/** The desk's part: lines, payments, and recording a payment at the counter. */
export function DeskPayments({ code }: { code: string }) {
  const { t, lang } = useI18n();
  const { data: p, error, reload } = useAsync(() => get<DossierPayments>(url(code)), [code]);
  const [method, setMethod] = useState<'cash' | 'card'>('cash');
  const [reference, setReference] = useState('');
  const [receipt, setReceipt] = useState<string | null>(null);
  const [refunded, setRefunded] = useState<number | null>(null);
  const save = useSave();
  if (!p) return error ? <ErrorBox error={error} /> : null;
  const record = (e: FormEvent) => {
    e.preventDefault();
    void save.run(async () => {
      const done = await api<{ payment: PaymentView }>('POST', url(code), { method, ...(reference.trim() ? { counterReference: reference.trim() } : {}) });
      setReceipt(done.payment.receiptNo);
      setReference('');
      await reload();
    });
  };
  return (
    <section aria-labelledby="pay-desk-h" className="payments">
      <h2 id="pay-desk-h">{t('pay.title')}</h2>
      <FeeTable p={p} />
      {p.hasFee && p.outstandingVnd > 0 && <p><strong>{t('pay.outstanding', { amount: formatMoney(p.outstandingVnd, lang) })}</strong></p>}
      {receipt && <Notice kind="success">{t('pay.counter.done', { no: receipt })}</Notice>}
      {refunded !== null && refunded > 0 && <Notice kind="success">{t('pay.refund.done', { amount: formatMoney(refunded, lang) })}</Notice>}
      {p.may.recordCounter && (
        <form onSubmit={record} className="pay-counter">
          <h3>{t('pay.counter.title')}</h3>
          <SelectField label={t('pay.counter.method')} value={method} onChange={(e) => setMethod(e.target.value as 'cash' | 'card')}>
            <option value="cash">{t('pay.method.cash')}</option>
            <option value="card">{t('pay.method.card')}</option>
          </SelectField>
          <TextField label={t('pay.counter.reference')} value={reference} maxLength={60} onChange={(e) => setReference(e.target.value)} />
          <button type="submit" disabled={save.busy}>{t('pay.counter.record', { amount: formatMoney(p.outstandingVnd, lang) })}</button>
        </form>
      )}
      <ErrorBox error={save.error} />
      <PaymentList
        payments={p.payments}
        refund={(pay) =>
          p.may.refund && REFUNDABLE.has(pay.status) && pay.amountVnd > pay.refundedVnd ? (
            <RefundControl
              code={code}
              payment={pay}
              onDone={async (amount) => {
                setRefunded(amount);
                await reload();
              }}
            />
          ) : null
        }
      />
    </section>
  );
}

/** /thanh-toan/ket-qua: where the gateway sends the browser back; asks again a few times while the IPN is on its way. */
export function PaymentResultPage() {
  const { t, lang } = useI18n();
  const { query } = useLocation();
  const search = query.toString();
  const [tries, setTries] = useState(0);
  const { data: r, error } = useAsync(() => get<ReturnResult>(`/api/payments/return/vnpay?${search}`), [search, tries]);
  const waiting = !!r && r.verified && r.success && r.paymentStatus === 'pending';
  useEffect(() => {
    if (!waiting || tries >= 10) return;
    const timer = setTimeout(() => setTries((n) => n + 1), 1500);
    return () => clearTimeout(timer);
  }, [waiting, tries]);
  if (!r) return <Page title={t('pay.result.title')}>{error ? <ErrorBox error={error} /> : <Loading />}</Page>;
  return (
    <Page title={t('pay.result.title')}>
      {!r.verified ? (
        <Notice kind="warning">{t('pay.result.invalid')}</Notice>
      ) : r.success && r.paymentStatus !== 'pending' ? (
        <Notice kind="success">{t('pay.result.paid')}</Notice>
      ) : waiting ? (
        <Notice>{t('pay.result.checking')}</Notice>
      ) : (
        <Notice kind="warning">
          {pick(r.message, lang)}. {t('pay.result.notPaid')}
        </Notice>
      )}
      {r.verified && (
        <dl className="facts">
          <dt>{t('pay.result.amount')}</dt>
          <dd>{formatMoney(r.amountVnd, lang)}</dd>
          <dt>{t('pay.result.ref')}</dt>
          <dd>{r.txnRef}</dd>
        </dl>
      )}
      {r.receiptUrl && (
        <p>
          <a href={r.receiptUrl} target="_blank" rel="noreferrer" data-testid="receipt-link">{t('pay.receipt', { no: '' }).trim()}</a>
        </p>
      )}
      {r.dossierCode && (
        <p>
          <Link href={`/ca-nhan/ho-so/${encodeURIComponent(r.dossierCode)}`}>{t('pay.result.back')}</Link>
        </p>
      )}
    </Page>
  );
}
