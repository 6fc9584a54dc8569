/** The survey links' tokens. */
import { createHash, createHmac } from 'node:crypto';
import type { AppContext } from '../../context.ts';

export const INVITE_TOPIC = 'survey.invite';

/**
 * The link's token is derived, not stored: HMAC(secret key, invitation id). The database keeps only
 * its SHA-256, so reading the tables does not give anyone a working link; the export can still print
 * each person's link for a paper interview.
 */
export const surveyToken = (ctx: AppContext, invitationId: string) => createHmac('sha256', ctx.config.secretKey).update(`survey-invitation:${invitationId}`).digest('base64url');
export const tokenHash = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');
export const surveyLink = (ctx: AppContext, token: string) => `${ctx.config.publicUrl}/khao-sat/${token}`;

