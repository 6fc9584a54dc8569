/**
 * The IPN decision (pure): given the verified notification and the attempt as stored, what to answer
 * and what to change. Notifications may come twice and out of order:
 *   - success after failure for the same reference pays (a failure is not final: the payer may retry
 *     on the gateway's page and the gateway reports again);
 *   - anything after success answers 02 (already confirmed) and changes nothing.
 */
export type IpnAnswer = { rspCode: '00' | '01' | '02' | '04' | '97' | '99'; message: string };

export interface StoredAttempt {
  status: 'pending' | 'paid' | 'failed' | 'duplicate' | 'refunded';
  amountVnd: number;
}

export interface Notification {
  /** vnp_Amount as sent: đồng × 100. */
  amount: string;
  responseCode: string;
  transactionStatus: string;
}

export type IpnOutcome =
  | { kind: 'answer'; answer: IpnAnswer }
  | { kind: 'pay'; answer: IpnAnswer }
  | { kind: 'fail'; answer: IpnAnswer };

export const ANSWERS = {
  confirmed: { rspCode: '00', message: 'Confirm Success' },
  notFound: { rspCode: '01', message: 'Order not found' },
  already: { rspCode: '02', message: 'Order already confirmed' },
  amount: { rspCode: '04', message: 'Invalid amount' },
  signature: { rspCode: '97', message: 'Invalid signature' },
  unknown: { rspCode: '99', message: 'Unknown error' },
} as const satisfies Record<string, IpnAnswer>;

export function decideIpn(attempt: StoredAttempt | null, n: Notification): IpnOutcome {
  if (!attempt) return { kind: 'answer', answer: ANSWERS.notFound };
  if (!/^\d{1,15}$/.test(n.amount) || Number(n.amount) !== attempt.amountVnd * 100) return { kind: 'answer', answer: ANSWERS.amount };
  if (attempt.status === 'paid' || attempt.status === 'duplicate' || attempt.status === 'refunded') return { kind: 'answer', answer: ANSWERS.already };
  const success = n.responseCode === '00' && n.transactionStatus === '00';
  // The merchant confirms receipt of a failure too (00): the gateway must not resend it.
  return success ? { kind: 'pay', answer: ANSWERS.confirmed } : { kind: 'fail', answer: ANSWERS.confirmed };
}
