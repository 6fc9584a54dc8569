/** Sign-in with VNeID: start (redirect to the platform), callback (back from it), and the asserted profile. */
import type { FastifyRequest } from 'fastify';
import { defineRoute } from '../../../platform/http/route.ts';
import { sessionCookie } from '../../../platform/http/session.ts';
import { VneidCallbackQuery, VneidProfile, VneidStartQuery } from '../contracts.ts';
import { finishVneidSignIn, startVneidSignIn, VneidSignInError, vneidProfile } from './signin.ts';

/** The browser's half of a sign-in under way: only the state, SameSite=Lax so the platform's redirect back carries it. */
const STATE_COOKIE = 'motcua_vneid';
const CALLBACK_PATH = '/api/auth/vneid/callback';
const stateCookie = (state: string, secure: boolean) => `${STATE_COOKIE}=${state}; Path=${CALLBACK_PATH}; HttpOnly; SameSite=Lax; Max-Age=600${secure ? '; Secure' : ''}`;
const clearedStateCookie = (secure: boolean) => `${STATE_COOKIE}=; Path=${CALLBACK_PATH}; HttpOnly; SameSite=Lax; Max-Age=0${secure ? '; Secure' : ''}`;

function stateFromCookie(request: FastifyRequest): string | null {
  const m = new RegExp(`(?:^|;\\s*)${STATE_COOKIE}=([^;]+)`).exec(request.headers.cookie ?? '');
  return m ? m[1]! : null;
}

export const vneidRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/auth/vneid/start',
    summary: 'Sign in with VNeID: redirects to the national identity platform (OpenID Connect, authorisation code with PKCE, acr_values for the level of electronic identity)',
    tag: 'auth',
    access: 'public',
    query: VneidStartQuery,
    success: { status: 302, description: 'Redirect to the identity platform', contentType: 'text/html' },
    handler: async ({ query, ctx, reply }) => {
      const { url, state } = await startVneidSignIn(ctx, { returnTo: query.returnTo, level: query.level === '2' ? 2 : undefined });
      reply.header('set-cookie', stateCookie(state, ctx.config.secureCookies)).header('cache-control', 'no-store');
      return reply.redirect(url, 302);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/auth/vneid/callback',
    summary: 'The identity platform’s answer: signs the person in (binding the identity number to their citizen account, or making one) and redirects to where they were going; a refusal redirects to the sign-in page with its reason',
    tag: 'auth',
    access: 'public',
    query: VneidCallbackQuery,
    success: { status: 302, description: 'Redirect to the page the sign-in started from, or to the sign-in page with ?vneidError=<code>', contentType: 'text/html' },
    handler: async ({ ctx, request, reply }) => {
      const callbackUrl = new URL(request.url, ctx.config.publicUrl);
      const cookies = [clearedStateCookie(ctx.config.secureCookies)];
      reply.header('cache-control', 'no-store');
      try {
        const { session, returnTo } = await finishVneidSignIn(ctx, callbackUrl, stateFromCookie(request), { userAgent: request.headers['user-agent'], address: request.ip });
        cookies.push(sessionCookie(session.token, session.expiresAt, ctx.config.secureCookies));
        reply.header('set-cookie', cookies);
        return reply.redirect(returnTo, 302);
      } catch (e) {
        if (!(e instanceof VneidSignInError)) throw e;
        // The platform's own words go to the log; the page shows its message for the code (never text from the URL).
        request.log.warn({ vneid: e.code, detail: e.detail }, 'VNeID sign-in refused');
        const code = /^[a-z0-9_.-]{1,64}$/i.test(e.code) ? e.code : 'error';
        reply.header('set-cookie', cookies);
        return reply.redirect(`/dang-nhap?vneidError=${encodeURIComponent(code)}`, 302);
      }
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/auth/vneid/profile',
    summary: 'What VNeID asserted about the signed-in person (identity number, name, birth date, sex, address, phone, level), for prefilling the applicant',
    tag: 'auth',
    access: 'user',
    response: VneidProfile,
    handler: async ({ user, ctx }) => ({ profile: await vneidProfile(ctx, user!.id) }),
  }),
];
