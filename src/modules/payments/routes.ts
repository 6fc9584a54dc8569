/** Routes of the payments module: fees owed and paid, online and counter payments, the gateway's IPN and return, receipts, refunds. */
import { defineRoute } from '../../platform/http/route.ts';
import {
  DossierCodeParams, DossierPayments, GatewayParams, GatewayQuery, IpnAnswer, Payment, PaymentParams, PaymentStarted, ProcedureCodeParams, ProcedureFees,
  RefundRequest, ReturnResult, StartPaymentRequest,
} from './contracts.ts';
import { dossierPayments, startPayment } from './payments.ts';
import { handleIpn, returnResult } from './ipn.ts';
import { receiptPdf } from './receipt.ts';
import { refundPayment } from './refunds.ts';
import { procedureFees } from './store.ts';
import { registerPaymentOutboxHandlers } from './due-notices.ts';

registerPaymentOutboxHandlers();

const IPN_SUMMARY = 'the only thing that marks an online payment paid (parameters in the query string, as VNPAY sends them). Answers {"RspCode","Message"}: 00 confirmed, 01 order not found, 02 already confirmed, 04 invalid amount, 97 invalid signature, 99 unknown error — always with status 200, as gateways expect.';

export const paymentRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/procedures/:code/fees',
    summary: "A procedure's fee items (phí, lệ phí): amount in đồng, collector, when due, exemptions by applicant type or category, in force from–to",
    tag: 'payments',
    access: 'public',
    params: ProcedureCodeParams,
    response: ProcedureFees,
    handler: async ({ params, ctx }) => procedureFees(ctx, params.code),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/dossiers/:code/payments',
    summary: 'What the dossier owes and when (computed from the fee items in force when it was submitted and the applicant type), and its payments: the applicant, or officers whose subtree holds it',
    tag: 'payments',
    access: 'user',
    params: DossierCodeParams,
    response: DossierPayments,
    handler: async ({ params, user, ctx }) => dossierPayments(ctx, user!, params.code),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/dossiers/:code/payments',
    summary: 'Pay the outstanding fees: method "online" (the applicant) starts an attempt and returns the signed gateway URL; "cash" or "card" (reception or a leader of the receiving unit) records a payment at the counter, paid at once with its e-receipt',
    tag: 'payments',
    access: ['citizen', 'reception', 'leader'],
    params: DossierCodeParams,
    body: StartPaymentRequest,
    response: PaymentStarted,
    success: { status: 201, description: 'Attempt started (online) or payment recorded (counter)' },
    handler: async ({ params, body, user, ctx, request, reply }) => {
      const started = await startPayment(ctx, user!, params.code, body, request.ip);
      reply.code(201);
      return started;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/payments/ipn/:gateway',
    summary: `The gateway's server-to-server payment notification (IPN): ${IPN_SUMMARY}`,
    tag: 'payments',
    access: 'public',
    operationId: 'getPaymentIpn',
    params: GatewayParams,
    query: GatewayQuery,
    response: IpnAnswer,
    handler: async ({ params, query, ctx }) => handleIpn(ctx, params.gateway, query),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/payments/ipn/:gateway',
    summary: `The IPN sent with POST: ${IPN_SUMMARY}`,
    tag: 'payments',
    access: 'public',
    operationId: 'postPaymentIpn',
    params: GatewayParams,
    query: GatewayQuery,
    response: IpnAnswer,
    handler: async ({ params, query, ctx }) => handleIpn(ctx, params.gateway, query),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/payments/return/:gateway',
    summary: "The browser's return from the gateway (its signed parameters passed on by the portal's result page): verified and shown, nothing changed — the IPN alone records payment",
    tag: 'payments',
    access: 'user',
    params: GatewayParams,
    query: GatewayQuery,
    response: ReturnResult,
    handler: async ({ params, query, user, ctx }) => returnResult(ctx, user!, params.gateway, query),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/dossiers/:code/payments/:id/receipt.pdf',
    summary: 'The e-receipt (biên lai điện tử) of a paid payment, online or at the counter, as PDF: the applicant, or officers whose subtree holds the dossier',
    tag: 'payments',
    access: 'user',
    params: PaymentParams,
    success: { status: 200, description: 'PDF', contentType: 'application/pdf' },
    handler: async ({ params, user, ctx, reply }) => {
      const { pdf, receiptNo } = await receiptPdf(ctx, user!, params.code, params.id);
      reply.header('content-type', 'application/pdf');
      reply.header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(`bien-lai-${receiptNo}.pdf`)}`);
      return reply.send(pdf);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/dossiers/:code/payments/:id/refund',
    summary: "Refund a payment (whole or part) with a reason: through the gateway's refund command for online payments; recorded with who and why, refused ones too. A leader of the receiving unit or an administrator in scope.",
    tag: 'payments',
    access: ['leader', 'admin'],
    params: PaymentParams,
    body: RefundRequest,
    response: Payment,
    handler: async ({ params, body, user, ctx, request }) => refundPayment(ctx, user!, params.code, params.id, body, request.ip),
  }),
];

