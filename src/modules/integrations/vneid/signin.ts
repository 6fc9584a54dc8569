/**
 * Sign-in with VNeID: OpenID Connect authorisation-code flow with PKCE (S256) through openid-client v6.
 * The state, nonce and PKCE verifier stay on the server (`vneid_logins`, used once, 10 minutes); the
 * browser holds only the state in a cookie, so a callback that did not start in this browser is refused
 * (login CSRF). The identity number from the ID token binds to the citizen account holding it, or a new
 * citizen account is made; the level of electronic identity (the token's `acr`) is kept on the session
 * and, the highest seen, on the account; the claims are kept for prefilling the applicant (`vneid_identities`).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import * as oidc from 'openid-client';
import type { AppContext } from '../../../context.ts';
import { DomainError } from '../../../kernel/errors.ts';
import { createSession, toSessionUser, type ClientInfo } from '../../identity/auth.ts';
import { idNumberIssues } from '../../identity/domain/id-number.ts';
import type { VneidConfig } from './config.ts';

const LOGIN_TTL_MS = 10 * 60_000;

const discovered = new WeakMap<VneidConfig, Promise<oidc.Configuration>>();

/** The platform's metadata, read once per configuration (again after a failure). Plain http only for a local sandbox. */
function clientConfig(cfg: VneidConfig): Promise<oidc.Configuration> {
  let p = discovered.get(cfg);
  if (!p) {
    const local = /^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?(\/|$)/.test(cfg.issuer);
    p = oidc.discovery(new URL(cfg.issuer), cfg.clientId, cfg.clientSecret, undefined, local ? { execute: [oidc.allowInsecureRequests] } : undefined);
    p.catch(() => discovered.delete(cfg));
    discovered.set(cfg, p);
  }
  return p;
}

export const vneidOff = () => new DomainError('not-found', 404, { vi: 'Đăng nhập bằng VNeID chưa được cấu hình trên hệ thống này.', en: 'Sign-in with VNeID is not configured on this system.' });

/** What went wrong, said to the person on the sign-in page (the route redirects there with `code`). */
export class VneidSignInError extends Error {
  constructor(readonly code: string, readonly detail: string) {
    super(`${code}: ${detail}`);
  }
}

/** A path of this site to go to afterwards; anything else falls back to the citizen's page. */
export function safeReturnTo(returnTo: string | undefined, publicUrl: string): string {
  const fallback = '/ca-nhan';
  if (!returnTo || !returnTo.startsWith('/') || returnTo.startsWith('//') || /[\\\s]/.test(returnTo)) return fallback;
  try {
    const url = new URL(returnTo, publicUrl);
    if (url.origin !== new URL(publicUrl).origin) return fallback;
    const path = `${url.pathname}${url.search}${url.hash}`;
    return url.pathname === '/dang-nhap' || url.pathname === '/dang-ky' ? fallback : path;
  } catch {
    return fallback;
  }
}

/** Starts a sign-in: the platform's authorisation URL, and the state the browser keeps in a cookie. */
export async function startVneidSignIn(ctx: AppContext, input: { returnTo?: string; level?: 1 | 2 }): Promise<{ url: string; state: string }> {
  const cfg = ctx.config.vneid;
  if (!cfg) throw vneidOff();
  const config = await clientConfig(cfg);
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const verifier = oidc.randomPKCECodeVerifier();
  const now = ctx.clock();
  await ctx.db.deleteFrom('vneid_logins').where('expires_at', '<', now).execute();
  await ctx.db.insertInto('vneid_logins').values({
    state, nonce, code_verifier: verifier, return_to: safeReturnTo(input.returnTo, ctx.config.publicUrl), created_at: now, expires_at: new Date(now.getTime() + LOGIN_TTL_MS),
  }).execute();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: cfg.redirectUri,
    scope: cfg.scope,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    // Level 2 when the procedure needs it; otherwise level 2 preferred, level 1 accepted.
    acr_values: input.level === 2 ? cfg.acrLevel2 : `${cfg.acrLevel2} ${cfg.acrLevel1}`,
  });
  return { url: url.href, state };
}

export interface VneidClaims {
  identityNumber: string;
  fullName: string;
  birthDate: string | null;
  sex: 'male' | 'female' | null;
  address: string | null;
  phone: string | null;
  level: 1 | 2;
}

function claimsOf(cfg: VneidConfig, c: Record<string, unknown>, today: Date): VneidClaims {
  const id = typeof c.identity_number === 'string' ? c.identity_number.trim() : '';
  if (!/^\d{12}$/.test(id) || idNumberIssues(id, { today }).length > 0) throw new VneidSignInError('bad-claims', 'the ID token carries no valid 12-digit identity number');
  const name = typeof c.name === 'string' ? c.name.normalize('NFC').trim() : '';
  if (!name) throw new VneidSignInError('bad-claims', 'the ID token carries no name');
  const level = c.acr === cfg.acrLevel2 ? 2 : c.acr === cfg.acrLevel1 ? 1 : null;
  if (!level) throw new VneidSignInError('bad-claims', `unknown level of assurance ${JSON.stringify(c.acr ?? null)}`);
  const address = c.address && typeof (c.address as { formatted?: unknown }).formatted === 'string' ? (c.address as { formatted: string }).formatted.normalize('NFC') : null;
  return {
    identityNumber: id,
    fullName: name,
    birthDate: typeof c.birthdate === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(c.birthdate) ? c.birthdate : null,
    sex: c.gender === 'male' || c.gender === 'female' ? c.gender : null,
    address,
    phone: typeof c.phone_number === 'string' ? c.phone_number : null,
    level,
  };
}

/**
 * Finishes a sign-in at the callback: checks the state against the cookie and the stored one (used once),
 * exchanges the code with the PKCE verifier, checks the ID token (issuer, audience, signature, nonce) and
 * signs the person in. Everything refused is a VneidSignInError the route shows on the sign-in page.
 */
export async function finishVneidSignIn(ctx: AppContext, callbackUrl: URL, cookieState: string | null, client: ClientInfo) {
  const cfg = ctx.config.vneid;
  if (!cfg) throw vneidOff();
  const q = callbackUrl.searchParams;
  const state = q.get('state');
  // Consume the stored sign-in first, whatever happens next: a state is good for one answer only.
  const row = state ? await ctx.db.deleteFrom('vneid_logins').where('state', '=', state).returningAll().executeTakeFirst() : undefined;
  if (q.get('error')) throw new VneidSignInError(q.get('error')!.slice(0, 64), (q.get('error_description') ?? '').slice(0, 300));
  if (!state || !cookieState || state !== cookieState) throw new VneidSignInError('state-mismatch', 'the answer does not belong to a sign-in started in this browser');
  if (!row || row.expires_at.getTime() < ctx.clock().getTime()) throw new VneidSignInError('state-unknown', 'the sign-in expired or was already used');
  let claims: VneidClaims;
  try {
    const tokens = await oidc.authorizationCodeGrant(await clientConfig(cfg), callbackUrl, { pkceCodeVerifier: row.code_verifier, expectedState: state, expectedNonce: row.nonce, idTokenExpected: true });
    claims = claimsOf(cfg, (tokens.claims() ?? {}) as Record<string, unknown>, ctx.clock());
  } catch (e) {
    if (e instanceof VneidSignInError) throw e;
    const err = e as { code?: string; error?: string; message?: string };
    throw new VneidSignInError(err.error ?? 'token-refused', (err.message ?? String(e)).slice(0, 300));
  }
  const user = await bindAccount(ctx, claims);
  const session = await createSession(ctx, user, client, { identityLevel: claims.level });
  return { session, returnTo: row.return_to };
}

/** The citizen account holding the identity number, or a new one; a staff account is never signed in this way. */
async function bindAccount(ctx: AppContext, c: VneidClaims) {
  const now = ctx.clock();
  let row = await ctx.db.selectFrom('users').selectAll().where('id_number', '=', c.identityNumber).executeTakeFirst();
  if (row && row.role !== 'citizen') throw new VneidSignInError('staff-account', 'this identity number belongs to a staff account: sign in with its username and password');
  if (row && !row.active) throw new VneidSignInError('account-deactivated', 'this account has been deactivated');
  if (!row) {
    const id = `usr_${randomUUID()}`;
    row = await ctx.db.insertInto('users').values({
      id,
      // Not the identity number: a username is shown in lists and logs, the number is personal data (Decree 13/2023).
      username: `vneid-${randomBytes(6).toString('hex')}`,
      password_hash: '!', // no password: this account signs in with VNeID (or sets a password through a reset)
      full_name: c.fullName,
      role: 'citizen',
      org_id: null,
      id_number: c.identityNumber,
      phone: c.phone,
      email: null,
      address: c.address,
      created_at: now,
    }).returningAll().executeTakeFirst().catch((e: unknown) => {
      // Two first sign-ins at once: the unique ID number (migration 014) lets one make the account; the other uses it.
      if ((e as { code?: string }).code === '23505') return undefined;
      throw e;
    });
    row ??= await ctx.db.selectFrom('users').selectAll().where('id_number', '=', c.identityNumber).executeTakeFirstOrThrow();
  }
  await ctx.db.updateTable('users').set({ identity_level: Math.max(row.identity_level ?? 0, c.level) }).where('id', '=', row.id).execute();
  const identity = { identity_number: c.identityNumber, full_name: c.fullName, birth_date: c.birthDate, sex: c.sex, address: c.address, phone: c.phone, level: c.level, verified_at: now };
  await ctx.db.insertInto('vneid_identities').values({ user_id: row.id, ...identity })
    .onConflict((oc) => oc.column('user_id').doUpdateSet(identity)).execute();
  return toSessionUser(row);
}

/** What VNeID asserted about the signed-in person, for prefilling the applicant; null when never signed in with VNeID. */
export async function vneidProfile(ctx: AppContext, userId: string) {
  const r = await ctx.db.selectFrom('vneid_identities').selectAll().where('user_id', '=', userId).executeTakeFirst();
  if (!r) return null;
  return { idNumber: r.identity_number, fullName: r.full_name, birthDate: r.birth_date, sex: r.sex, address: r.address, phone: r.phone, level: r.level, verifiedAt: r.verified_at.toISOString() };
}
