/** Requests and answers of the payments module; the web app's types come from here. */
import { z } from 'zod';
import { Day, Instant, Label, NonEmptyText } from '../../kernel/contracts.ts';

export const DossierCodeParams = z.strictObject({ code: z.string().trim().min(5).max(100) });
export const PaymentParams = z.strictObject({ code: z.string().trim().min(5).max(100), id: z.string().regex(/^pay_[A-Za-z0-9-]{10,60}$/, 'Mã thanh toán không hợp lệ / invalid payment id') });
export const GatewayParams = z.strictObject({ gateway: z.enum(['vnpay']) });
export const ProcedureCodeParams = z.strictObject({ code: z.string().trim().min(1).max(64) });

export const StartPaymentRequest = z.discriminatedUnion('method', [
  z.strictObject({
    method: z.literal('online'),
    locale: z.enum(['vn', 'en']).default('vn').describe("The gateway page's language"),
  }),
  z.strictObject({
    method: z.enum(['cash', 'card']),
    counterReference: z.string().trim().min(1).max(60).optional().describe('The paper receipt or card slip number, if any'),
  }),
]);

export const RefundRequest = z.strictObject({
  reason: NonEmptyText(500),
  amountVnd: z.number().int().positive().max(1_000_000_000).optional().describe('Part of the amount; the whole amount by default'),
});

/** Gateway parameters as the browser or the gateway sends them: vnp_* strings. */
export const GatewayQuery = z.record(z.string().regex(/^vnp_[A-Za-z]{1,40}$/), z.string().max(1000));
export const IpnAnswer = z.object({ RspCode: z.enum(['00', '01', '02', '04', '97', '99']), Message: z.string() });

export const FeeLine = z.object({
  feeId: z.string(),
  kind: z.enum(['phi', 'le_phi']),
  name: z.string(),
  amountVnd: z.number(),
  collectorOrgId: z.string(),
  collectorName: z.string(),
  due: z.enum(['at_submission', 'before_result']),
  exempt: z.boolean(),
  exemptBecause: z.string().nullable(),
  paid: z.boolean(),
});

export const Payment = z.object({
  id: z.string(),
  method: z.enum(['online', 'cash', 'card']),
  gateway: z.string().nullable(),
  txnRef: z.string().nullable(),
  amountVnd: z.number(),
  items: z.array(z.object({ id: z.string(), name: z.string(), amountVnd: z.number() })),
  status: z.enum(['pending', 'paid', 'failed', 'duplicate', 'refunded']),
  createdAt: Instant,
  paidAt: Instant.nullable(),
  receiptNo: z.string().nullable(),
  receiptUrl: z.string().nullable(),
  counterReference: z.string().nullable(),
  gatewayTransactionNo: z.string().nullable(),
  refundedVnd: z.number(),
  refunds: z.array(z.object({ amountVnd: z.number(), reason: z.string(), at: Instant, status: z.enum(['done', 'refused']), responseCode: z.string(), byName: z.string().nullable().describe('Who asked for the refund; shown to officers, null for the applicant') })),
});

export const DossierPayments = z.object({
  dossierCode: z.string(),
  procedureName: z.string(),
  lines: z.array(FeeLine),
  outstandingVnd: z.number(),
  outstandingAtSubmissionVnd: z.number(),
  outstandingBeforeResultVnd: z.number(),
  hasFee: z.boolean(),
  payments: z.array(Payment),
  onlinePayment: z.object({ available: z.boolean(), sandbox: z.boolean() }),
  /** What the caller may do here. */
  may: z.object({ payOnline: z.boolean(), recordCounter: z.boolean(), refund: z.boolean() }),
});

export const PaymentStarted = z.object({
  payment: Payment,
  /** Online: the signed gateway URL to send the browser to. */
  redirectUrl: z.string().nullable(),
});

export const ReturnResult = z.object({
  verified: z.boolean(),
  success: z.boolean(),
  responseCode: z.string().nullable(),
  message: Label,
  txnRef: z.string().nullable(),
  amountVnd: z.number().nullable(),
  dossierCode: z.string().nullable(),
  /** As recorded by the IPN (the return URL changes nothing): may still be "pending" for a moment. */
  paymentStatus: z.string().nullable(),
  receiptUrl: z.string().nullable(),
});

export const ProcedureFees = z.object({
  procedureCode: z.string(),
  items: z.array(z.object({
    id: z.string(), kind: z.enum(['phi', 'le_phi']), name: z.string(), amountVnd: z.number(), collectorOrgId: z.string().nullable(),
    due: z.enum(['at_submission', 'before_result']), exemptApplicantTypes: z.array(z.string()), exemptCategories: z.array(z.string()),
    legalBasis: z.string().nullable(), effectiveFrom: Day, effectiveTo: Day.nullable(),
  })),
});

export type DossierPayments = z.infer<typeof DossierPayments>;
export type PaymentView = z.infer<typeof Payment>;
export type ReturnResult = z.infer<typeof ReturnResult>;
