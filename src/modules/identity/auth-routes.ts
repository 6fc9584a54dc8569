import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LoggedOut, LoginRequest, Me, PasswordChangeRequest, PasswordChanged, PasswordResetDone, PasswordResetRequest, RegisterRequest, SessionAnswer, SessionEnded, SessionList, SessionParams, SessionState } from './contracts.ts';
import { login, logout, registerCitizen, type ClientInfo, type SessionUser } from './auth.ts';
import { changePassword, consumePasswordReset, endSession, listSessions } from './accounts.ts';
import { LoginThrottled } from './login-throttle.ts';
import type { AppContext } from '../../context.ts';
import { defineRoute } from '../../platform/http/route.ts';
import { SESSION_COOKIE, sessionCookie, clearedSessionCookie, bearerOrCookieToken } from '../../platform/http/session.ts';

const clientInfo = (request: FastifyRequest): ClientInfo => ({ userAgent: request.headers['user-agent'], address: request.ip });

/** A throttled sign-in says when to come back (Retry-After), then fails as usual. */
async function withRetryAfter<T>(reply: FastifyReply, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof LoginThrottled) reply.header('retry-after', String(e.retryAfterSeconds));
    throw e;
  }
}

const sessionBody = (s: { token: string; expiresAt: Date; user: { id: string; username: string; fullName: string; role: string; orgId: string | null } }) => ({
  token: s.token,
  expiresAt: s.expiresAt.toISOString(),
  user: { id: s.user.id, username: s.user.username, fullName: s.user.fullName, role: s.user.role, orgId: s.user.orgId },
});

export const authRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/auth/login',
    summary: 'Log in: sets a session cookie and returns a bearer token',
    tag: 'auth',
    access: 'public',
    response: SessionAnswer,
    body: LoginRequest,
    problems: [423, 429],
    handler: async ({ body, ctx, request, reply }) => {
      // Failures count per account, across addresses, in the database (services/login-throttle.ts).
      const session = await withRetryAfter(reply, () => login(ctx, body.username, body.password, clientInfo(request)));
      reply.header('set-cookie', sessionCookie(session.token, session.expiresAt, ctx.config.secureCookies));
      return sessionBody(session);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/auth/register',
    summary: 'Register a citizen account',
    tag: 'auth',
    access: 'public',
    response: SessionAnswer,
    body: RegisterRequest,
    success: { status: 201, description: 'Account created and logged in' },
    handler: async ({ body, ctx, request, reply }) => {
      const session = await registerCitizen(ctx, body, clientInfo(request));
      reply.header('set-cookie', sessionCookie(session.token, session.expiresAt, ctx.config.secureCookies));
      reply.code(201);
      return sessionBody(session);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/auth/logout',
    summary: 'End the session',
    tag: 'auth',
    access: 'user',
    response: LoggedOut,
    body: z.strictObject({}).optional(),
    handler: async ({ ctx, request, reply }) => {
      const token = bearerOrCookieToken(request);
      if (token) await logout(ctx, token);
      reply.header('set-cookie', clearedSessionCookie(ctx.config.secureCookies));
      return { ok: true };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/auth/password',
    summary: 'Change one’s password: needs the current one; ends every other session, this one stays signed in',
    tag: 'auth',
    access: 'user',
    response: PasswordChanged,
    body: PasswordChangeRequest,
    handler: async ({ body, user, ctx, request, reply }) => withRetryAfter(reply, () => changePassword(ctx, user!, bearerOrCookieToken(request) ?? '', body)),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/auth/password-reset',
    summary: 'Set a new password with a reset link’s token (single use, expires); ends every session of the account',
    tag: 'auth',
    access: 'public',
    response: PasswordResetDone,
    body: PasswordResetRequest,
    handler: async ({ body, ctx }) => consumePasswordReset(ctx, body),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/auth/sessions',
    summary: 'One’s sessions: created, last seen, browser, address, and which is this one (never the token)',
    tag: 'auth',
    access: 'user',
    response: SessionList,
    handler: async ({ user, ctx, request }) => listSessions(ctx, user!, bearerOrCookieToken(request)),
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/auth/sessions/:id',
    summary: 'Sign out one of one’s sessions (by its id)',
    tag: 'auth',
    access: 'user',
    response: SessionEnded,
    params: SessionParams,
    handler: async ({ params, user, ctx, request, reply }) => {
      const result = await endSession(ctx, user!, params.id, bearerOrCookieToken(request));
      if (result.current) reply.header('set-cookie', clearedSessionCookie(ctx.config.secureCookies));
      return result;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/auth/me',
    summary: 'The logged-in user',
    tag: 'auth',
    access: 'user',
    response: Me,
    handler: async ({ user, ctx }) => describeUser(ctx, user!),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/auth/session',
    summary: 'Who is logged in, if anyone ({ user: null } rather than a 401, so a page can ask without an error), and the limits a client checks before sending',
    tag: 'auth',
    access: 'public',
    response: SessionState,
    handler: async ({ user, ctx }) => ({ user: user ? await describeUser(ctx, user) : null, vneid: ctx.config.vneid !== null, limits: { maxUploadBytes: ctx.config.maxUploadBytes } }),
  }),
];

async function describeUser(ctx: AppContext, user: SessionUser) {
  const org = user.orgId ? await ctx.orgs.find(user.orgId) : undefined;
  return { ...user, identityLevel: user.identityLevel ?? null, org: org ? { id: org.id, name: org.name, agencyEid: org.agency_eid } : null };
}

export { SESSION_COOKIE };
