/** Configuration of the sign-in with VNeID (OpenID Connect); the client secret is never logged. */

export interface VneidConfig {
  /** The identity platform's issuer; its /.well-known/openid-configuration is read once. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Where the platform sends the browser back: <public URL>/api/auth/vneid/callback (registered with the platform). */
  redirectUri: string;
  scope: string;
  /** The `acr` values of the two levels of electronic identity (Decree 69/2024/NĐ-CP). */
  acrLevel1: string;
  acrLevel2: string;
}

export const DEFAULT_ACR = { level1: 'urn:vneid:loa:1', level2: 'urn:vneid:loa:2' } as const;
export const DEFAULT_SCOPE = 'openid profile address phone';

/**
 * MOTCUA_VNEID_ISSUER, MOTCUA_VNEID_CLIENT_ID, MOTCUA_VNEID_CLIENT_SECRET (and optionally MOTCUA_VNEID_SCOPE,
 * MOTCUA_VNEID_ACR_LEVEL1, MOTCUA_VNEID_ACR_LEVEL2); null when the issuer is not set (the button is then hidden).
 */
export function vneidFromEnv(env: NodeJS.ProcessEnv, publicUrl: string): VneidConfig | null {
  const issuer = env.MOTCUA_VNEID_ISSUER?.trim();
  if (!issuer) return null;
  if (!/^https?:\/\/\S+$/.test(issuer)) throw new Error('MOTCUA_VNEID_ISSUER must be an http(s) URL');
  const clientId = env.MOTCUA_VNEID_CLIENT_ID?.trim();
  const clientSecret = env.MOTCUA_VNEID_CLIENT_SECRET?.trim();
  if (!clientId || !clientSecret) throw new Error('MOTCUA_VNEID_CLIENT_ID and MOTCUA_VNEID_CLIENT_SECRET are required with MOTCUA_VNEID_ISSUER');
  return {
    issuer,
    clientId,
    clientSecret,
    redirectUri: `${publicUrl}/api/auth/vneid/callback`,
    scope: env.MOTCUA_VNEID_SCOPE?.trim() || DEFAULT_SCOPE,
    acrLevel1: env.MOTCUA_VNEID_ACR_LEVEL1?.trim() || DEFAULT_ACR.level1,
    acrLevel2: env.MOTCUA_VNEID_ACR_LEVEL2?.trim() || DEFAULT_ACR.level2,
  };
}
