import { z } from 'zod';
import { LoginRequest, RegisterRequest } from '../../contracts/auth.ts';
import { login, logout, registerCitizen, type SessionUser } from '../../services/auth.ts';
import type { AppContext } from '../../services/context.ts';
import { defineRoute } from '../route.ts';
import { SESSION_COOKIE, sessionCookie, clearedSessionCookie, bearerOrCookieToken } from '../session.ts';
import { loginThrottle } from '../throttle.ts';
import { DomainError } from '../../domain/errors.ts';

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
    body: LoginRequest,
    handler: async ({ body, ctx, request, reply }) => {
      const key = `${request.ip}|${body.username.toLowerCase()}`;
      const wait = loginThrottle.retryAfterSeconds(key, ctx.clock());
      if (wait > 0) {
        reply.header('retry-after', String(wait));
        throw new DomainError('too-many-attempts', 429, {
          vi: `Đăng nhập sai quá nhiều lần. Thử lại sau ${Math.ceil(wait / 60)} phút.`,
          en: `Too many failed logins. Try again in ${Math.ceil(wait / 60)} minutes.`,
        });
      }
      try {
        const session = await login(ctx, body.username, body.password);
        loginThrottle.succeeded(key);
        reply.header('set-cookie', sessionCookie(session.token, session.expiresAt, ctx.config.secureCookies));
        return sessionBody(session);
      } catch (e) {
        loginThrottle.failed(key, ctx.clock());
        throw e;
      }
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/auth/register',
    summary: 'Register a citizen account',
    tag: 'auth',
    access: 'public',
    body: RegisterRequest,
    success: { status: 201, description: 'Account created and logged in' },
    handler: async ({ body, ctx, reply }) => {
      const session = await registerCitizen(ctx, body);
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
    body: z.strictObject({}).optional(),
    handler: async ({ ctx, request, reply }) => {
      const token = bearerOrCookieToken(request);
      if (token) await logout(ctx, token);
      reply.header('set-cookie', clearedSessionCookie(ctx.config.secureCookies));
      return { ok: true };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/auth/me',
    summary: 'The logged-in user',
    tag: 'auth',
    access: 'user',
    handler: async ({ user, ctx }) => describeUser(ctx, user!),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/auth/session',
    summary: 'Who is logged in, if anyone ({ user: null } rather than a 401, so a page can ask without an error), and the limits a client checks before sending',
    tag: 'auth',
    access: 'public',
    handler: async ({ user, ctx }) => ({ user: user ? await describeUser(ctx, user) : null, limits: { maxUploadBytes: ctx.config.maxUploadBytes } }),
  }),
];

async function describeUser(ctx: AppContext, user: SessionUser) {
  const org = user.orgId ? await ctx.orgs.find(user.orgId) : undefined;
  return { ...user, org: org ? { id: org.id, name: org.name, agencyEid: org.agency_eid } : null };
}

export { SESSION_COOKIE };
