/**
 * Delivers one-time codes (outbox topic feedback.otp). There is no SMS or e-mail adapter yet (issue 17
 * builds notifications): the code is written to the SANDBOX table feedback_sandbox_messages, which
 * tests and the demo read. Idempotent by the outbox's delivery key.
 */
import { registerOutboxHandler, type OutboxHandler } from '../../platform/outbox/index.ts';

export const deliverOtpToSandbox: OutboxHandler = async (message, ctx) => {
  const p = message.payload as { channel: string; contact: string; code: string; expiresAt: string };
  const body = `motcua: mã xác thực phản ánh, kiến nghị của bạn là ${p.code} (hiệu lực 10 phút). Your feedback code is ${p.code}.`;
  await ctx.db.insertInto('feedback_sandbox_messages').values({ channel: p.channel, recipient: p.contact, body, delivery_key: message.deliveryKey, sent_at: ctx.clock() })
    .onConflict((oc) => oc.column('delivery_key').doNothing()).execute();
};

let registered = false;
/** Registers the handler once per process (routes.ts calls it when the module's routes are loaded). */
export function registerFeedbackOutboxHandlers(): void {
  if (registered) return;
  registered = true;
  registerOutboxHandler('feedback.otp', 'feedback.otp-sandbox', deliverOtpToSandbox);
}
