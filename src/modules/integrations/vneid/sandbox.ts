/**
 * `vneid-sandbox`: a local OpenID provider (oidc-provider) configured like the national identity platform,
 * with fixture citizens, for TESTS AND THE DEMO ONLY (src/main.ts starts it for the demo city; never in
 * production unless configured so). Authorisation-code flow with PKCE required (S256), `scope=openid` plus
 * profile claims, `acr_values` for the level of assurance, and an ID token carrying the 12-digit identity
 * number, full name, birth date, sex, address and phone. Its sign-in page lists the fixture citizens; a
 * level-1 citizen can only be asserted at level 1 (the platform never raises a level it did not verify).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { DEFAULT_ACR } from './config.ts';

export interface SandboxCitizen {
  identityNumber: string;
  fullName: string;
  /** YYYY-MM-DD */
  birthDate: string;
  sex: 'male' | 'female';
  address: string;
  phone: string;
  /** The highest level of electronic identity this person holds (2: activated with the chip card). */
  level: 1 | 2;
}

/** Fixture citizens (fictitious people; identity numbers consistent with domain §8: province, sex/century, year). */
export const SANDBOX_CITIZENS: SandboxCitizen[] = [
  { identityNumber: '079090005678', fullName: 'Nguyễn Văn An', birthDate: '1990-05-14', sex: 'male', address: '12 Lê Lợi, Phường Sài Gòn, Thành phố Hồ Chí Minh', phone: '0901234567', level: 2 },
  { identityNumber: '079195004321', fullName: 'Trần Thị Bích Ngọc', birthDate: '1995-09-02', sex: 'female', address: '45 Nguyễn Trãi, Phường Bến Thành, Thành phố Hồ Chí Minh', phone: '0912345678', level: 1 },
  { identityNumber: '001088007777', fullName: 'Lê Hoàng Minh', birthDate: '1988-12-30', sex: 'male', address: '8 Hàng Bài, Phường Hoàn Kiếm, Thành phố Hà Nội', phone: '0987654321', level: 2 },
];

export interface SandboxOptions {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  citizens?: SandboxCitizen[];
  acr?: { level1: string; level2: string };
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

export class VneidSandbox {
  private server: Server | null = null;
  private provider: Provider | null = null;
  issuer = '';
  readonly citizens: SandboxCitizen[];
  private readonly acr: { level1: string; level2: string };

  constructor(private readonly options: SandboxOptions) {
    this.citizens = options.citizens ?? SANDBOX_CITIZENS;
    this.acr = options.acr ?? DEFAULT_ACR;
  }

  private configuration(): Configuration {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'vneid-sandbox', use: 'sig', alg: 'RS256' };
    const citizens = this.citizens;
    return {
      clients: [{
        client_id: this.options.clientId,
        client_secret: this.options.clientSecret,
        redirect_uris: this.options.redirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      }],
      jwks: { keys: [jwk as never] },
      cookies: { keys: [randomBytes(32).toString('hex')] },
      pkce: { required: () => true },
      acrValues: [this.acr.level1, this.acr.level2],
      scopes: ['openid', 'profile', 'address', 'phone'],
      claims: {
        openid: ['sub'],
        acr: null,
        profile: ['name', 'birthdate', 'gender', 'identity_number'],
        address: ['address'],
        phone: ['phone_number'],
      },
      // The ID token itself carries the claims the scopes grant (the national platform's tokens do).
      conformIdTokenClaims: false,
      features: { devInteractions: { enabled: false }, userinfo: { enabled: true } },
      findAccount: async (_ctx: KoaContextWithOIDC, sub: string) => {
        const c = citizens.find((x) => x.identityNumber === sub);
        if (!c) return undefined;
        return {
          accountId: sub,
          claims: async () => ({
            sub,
            identity_number: c.identityNumber,
            name: c.fullName,
            birthdate: c.birthDate,
            gender: c.sex,
            address: { formatted: c.address },
            phone_number: c.phone,
          }),
        };
      },
      // motcua is a registered relying party of the platform: no consent screen, the requested scopes are granted.
      loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
        const accountId = ctx.oidc.session?.accountId;
        if (!accountId || !ctx.oidc.client) return undefined;
        const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId });
        grant.addOIDCScope('openid profile address phone');
        await grant.save();
        return grant;
      },
      interactions: { url: (_ctx: KoaContextWithOIDC, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
      ttl: { Session: 60, Interaction: 600, AuthorizationCode: 60, AccessToken: 600, IdToken: 600, Grant: 600 },
      renderError: async (ctx: KoaContextWithOIDC, out: object) => {
        ctx.type = 'html';
        ctx.body = `<!doctype html><meta charset="utf-8"><title>vneid-sandbox</title><h1>Lỗi / Error</h1><pre>${esc(JSON.stringify(out, null, 2))}</pre>`;
      },
    };
  }

  async start(port = 0, host = '127.0.0.1'): Promise<string> {
    this.server = createServer();
    await new Promise<void>((resolve) => this.server!.listen(port, host, resolve));
    this.issuer = `http://${host}:${(this.server.address() as AddressInfo).port}`;
    const provider = new Provider(this.issuer, this.configuration());
    this.provider = provider;
    const callback = provider.callback();
    this.server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      const m = /^\/interaction\/([\w-]+)(\/login|\/abort)?$/.exec((req.url ?? '').split('?')[0]!);
      if (!m) return void callback(req, res);
      this.interaction(req, res, m[2] ?? '').catch((e: unknown) => {
        res.statusCode = 400;
        res.setHeader('content-type', 'text/plain; charset=utf-8');
        res.end(`vneid-sandbox: ${e instanceof Error ? e.message : String(e)}`);
      });
    });
    return this.issuer;
  }

  /** The sandbox's sign-in page: pick a fixture citizen (or cancel); the level asserted is what they hold, at most what was asked. */
  private async interaction(req: IncomingMessage, res: ServerResponse, step: string): Promise<void> {
    const provider = this.provider!;
    const details = await provider.interactionDetails(req, res);
    if (step === '/abort' && req.method === 'POST') {
      await provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'Người dùng đã hủy đăng nhập / the user cancelled' }, { mergeWithLastSubmission: false });
      return;
    }
    if (step === '/login' && req.method === 'POST') {
      const form = await readForm(req);
      const citizen = this.citizens.find((c) => c.identityNumber === form.get('identity_number'));
      if (!citizen) throw new Error('no such sandbox citizen');
      const requested = String(details.params.acr_values ?? '').split(' ').filter(Boolean);
      const acr = citizen.level === 2 && (requested.length === 0 || requested.includes(this.acr.level2)) ? this.acr.level2 : this.acr.level1;
      await provider.interactionFinished(req, res, { login: { accountId: citizen.identityNumber, acr } }, { mergeWithLastSubmission: false });
      return;
    }
    const uid = esc(details.uid);
    const rows = this.citizens.map((c) => `<li><form method="post" action="/interaction/${uid}/login"><input type="hidden" name="identity_number" value="${esc(c.identityNumber)}"><button type="submit">${esc(c.fullName)} — ${esc(c.identityNumber)} — mức ${c.level}</button></form></li>`).join('');
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(`<!doctype html><html lang="vi"><meta charset="utf-8"><link rel="icon" href="data:,"><title>vneid-sandbox</title>
<h1>vneid-sandbox — môi trường thử nghiệm / sandbox</h1>
<p>Không phải VNeID thật. Chọn công dân mẫu để đăng nhập. / Not the real VNeID: choose a fixture citizen.</p>
<ul>${rows}</ul>
<form method="post" action="/interaction/${uid}/abort"><button type="submit">Hủy / Cancel</button></form></html>`);
  }

  async stop(): Promise<void> {
    if (this.server) await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = null;
  }
}
