import { defineRoute } from '../../platform/http/route.ts';
import { requireCityLevel } from '../organisations/scope.ts';
import { DossierCodeParams } from '../dossiers/contracts.ts';
import { ChooseDeliveryRequest, DeliveryAvailability, DeliveryView, PollAnswer, QuoteAnswer, QuoteRequest, ShipmentParams, WebhookAnswer, WebhookBody } from './contracts.ts';
import { chooseDelivery, quoteFor, withdrawChoice } from './choice.ts';
import { cancelShipment, dispatchAgain } from './shipments.ts';
import { applyReport, badWebhookToken, pollShipments, webhookTokenValid } from './tracking.ts';
import { deliveryView } from './queries.ts';
import { registerDeliveryOutboxHandlers } from './handlers.ts';

registerDeliveryOutboxHandlers();

const DESK = ['reception', 'leader'] as const;

export const deliveryRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/delivery/availability',
    summary: 'Whether results by public post are offered here (a postal carrier is connected): the application form asks before offering the choice',
    tag: 'delivery',
    access: 'user',
    response: DeliveryAvailability,
    handler: async ({ ctx }) => ({ available: ctx.config.postal !== null }),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/delivery/quote',
    summary: 'The charge for receiving a result by public post (bưu chính công ích) at an address in the given province, quoted by the postal carrier',
    tag: 'delivery',
    access: 'user',
    body: QuoteRequest,
    response: QuoteAnswer,
    problems: [409, 502],
    handler: async ({ body, ctx }) => quoteFor(ctx, body.provinceCode),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/dossiers/:code/delivery',
    summary: 'How the result of a dossier is received by post: the applicant\'s choice and quoted charge, the shipping orders and their tracking events',
    tag: 'delivery',
    access: 'user',
    params: DossierCodeParams,
    response: DeliveryView,
    handler: async ({ params, ctx, user }) => deliveryView(ctx, user!, params.code),
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/dossiers/:code/delivery',
    summary: 'Choose (or change) to receive the result by public post, with the receiver\'s address; the charge is quoted now. Allowed to the applicant (or the desk for them) until the result is ready and no order exists (409 after)',
    tag: 'delivery',
    access: 'user',
    params: DossierCodeParams,
    body: ChooseDeliveryRequest,
    response: DeliveryView,
    problems: [409, 502],
    handler: async ({ params, body, ctx, user }) => {
      await chooseDelivery(ctx, user!, params.code, body);
      return deliveryView(ctx, user!, params.code);
    },
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/dossiers/:code/delivery',
    summary: 'Withdraw the choice of receiving the result by post (until the result is ready and no order exists)',
    tag: 'delivery',
    access: 'user',
    params: DossierCodeParams,
    response: DeliveryView,
    problems: [409],
    handler: async ({ params, ctx, user }) => {
      await withdrawChoice(ctx, user!, params.code);
      return deliveryView(ctx, user!, params.code);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/dossiers/:code/delivery/shipments',
    summary: 'The desk places a new shipping order for a result ready to return (after the post returned the letter to the sender, or after a cancellation)',
    tag: 'delivery',
    access: DESK,
    params: DossierCodeParams,
    response: DeliveryView,
    success: { status: 201, description: 'Order placed' },
    problems: [409, 502],
    handler: async ({ params, ctx, user, reply }) => {
      await dispatchAgain(ctx, user!, params.code);
      reply.code(201);
      return deliveryView(ctx, user!, params.code);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/dossiers/:code/delivery/shipments/:id/cancel',
    summary: 'The desk cancels a shipping order the post has not picked up yet',
    tag: 'delivery',
    access: DESK,
    params: ShipmentParams,
    response: DeliveryView,
    problems: [409, 502],
    handler: async ({ params, ctx, user }) => {
      await cancelShipment(ctx, user!, params.code, params.id);
      return deliveryView(ctx, user!, params.code);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/postal/webhook',
    summary: 'Status reports pushed by the postal carrier (Viettel Post style: the report in DATA, the shared secret in TOKEN; 401 when it does not match). Replayed and out-of-order reports are harmless',
    tag: 'delivery',
    access: 'public',
    body: WebhookBody,
    response: WebhookAnswer,
    problems: [401, 422],
    handler: async ({ body, ctx }) => {
      if (!webhookTokenValid(ctx, body.TOKEN)) throw badWebhookToken();
      const d = body.DATA;
      const outcome = await applyReport(ctx, { trackingNumber: d.ORDER_NUMBER, carrierStatus: String(d.ORDER_STATUS), description: d.STATUS_NAME ?? null, statusDate: d.ORDER_STATUSDATE }, 'webhook');
      // The carrier retries anything but 200: an order we do not know is answered 200 too, and said so.
      return { status: 200, error: false, message: outcome === 'unknown-order' ? 'Unknown order: ignored' : `OK (${outcome})` };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/admin/delivery/poll',
    summary: 'Fetch the tracking of every shipment under way from the carrier and apply it (the fallback when webhook calls were lost); city-level administrators',
    tag: 'delivery',
    access: ['admin'],
    response: PollAnswer,
    handler: async ({ ctx, user }) => {
      await requireCityLevel(ctx, user!);
      return pollShipments(ctx);
    },
  }),
];
