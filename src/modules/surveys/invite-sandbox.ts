/**
 * SANDBOX delivery of survey invitations (topic `survey.invite`): there is no e-mail or SMS adapter yet
 * (issue 17 builds notifications). This handler sends nothing; it keeps the last invitations in memory
 * (the link and which channel would have carried it) so a developer or a test can see what would go out,
 * and marks the message delivered. Replace it by registering the real channel's handler for the topic.
 */
import { registerOutboxHandler, type OutboxMessage } from '../../platform/outbox/index.ts';
import { INVITE_TOPIC } from './tokens.ts';

export interface SandboxInvite {
  invitationId: string;
  link: string;
  channel: 'sms' | 'email' | 'none';
}

const KEEP = 1000;
export const sandboxInvites: SandboxInvite[] = [];

export async function sandboxInvite(message: OutboxMessage): Promise<void> {
  const p = message.payload as { invitationId: string; link: string; phone?: string | null; email?: string | null };
  sandboxInvites.push({ invitationId: p.invitationId, link: p.link, channel: p.phone ? 'sms' : p.email ? 'email' : 'none' });
  if (sandboxInvites.length > KEEP) sandboxInvites.splice(0, sandboxInvites.length - KEEP);
}

let registered = false;
/** Registers the sandbox once per process (the registry refuses a second handler of the same name). */
export function registerSurveyInviteSandbox(): void {
  if (registered) return;
  registered = true;
  registerOutboxHandler(INVITE_TOPIC, 'survey-invite-sandbox', sandboxInvite);
}
