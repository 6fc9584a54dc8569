/**
 * `population-sandbox`: a local HTTP server speaking the population data service's protocol as the adapter
 * models it (./client.ts, docs/integrations.md), for TESTS AND THE DEMO ONLY — never started in place of a
 * configured service. An OAuth2 token endpoint (client credentials, client_secret_basic) and the lookup by
 * identity number, over fixture citizens (fictitious people: the demo's citizens and the VNeID sandbox's).
 * It can be told to fail (`down`: every call answers 503) or to answer slowly (`delayMs`), and counts lookups.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';

export interface SandboxPerson {
  identityNumber: string;
  fullName: string;
  /** yyyyMMdd, or yyyy where only the year is known (as the registry stores some older records). */
  birthDate: string;
  sex: 'male' | 'female';
  permanentAddress: string;
  currentAddress: string | null;
}

/** Fixture citizens: the demo accounts (src/demo/seed.ts) and the vneid-sandbox's (../vneid/sandbox.ts), same numbers. */
export const POPULATION_FIXTURES: SandboxPerson[] = [
  { identityNumber: '079090001234', fullName: 'Nguyễn Văn An', birthDate: '19900514', sex: 'male', permanentAddress: '12 Lê Lợi, Phường Sài Gòn, Thành phố Hồ Chí Minh', currentAddress: null },
  // Lives (current address) where the demo account says; registered permanently where VNeID's fixture says.
  { identityNumber: '079195004321', fullName: 'Trần Thị Bích Ngọc', birthDate: '19950902', sex: 'female', permanentAddress: '45 Nguyễn Trãi, Phường Bến Thành, Thành phố Hồ Chí Minh', currentAddress: '25 Nguyễn Trãi, Phường Bến Thành, Thành phố Hồ Chí Minh' },
  { identityNumber: '079090005678', fullName: 'Nguyễn Văn An', birthDate: '19900514', sex: 'male', permanentAddress: '12 Lê Lợi, Phường Sài Gòn, Thành phố Hồ Chí Minh', currentAddress: null },
  { identityNumber: '001088007777', fullName: 'Lê Hoàng Minh', birthDate: '19881230', sex: 'male', permanentAddress: '8 Hàng Bài, Phường Hoàn Kiếm, Thành phố Hà Nội', currentAddress: null },
  { identityNumber: '079155000011', fullName: 'Phạm Thị Hoa', birthDate: '1955', sex: 'female', permanentAddress: '7 Pasteur, Phường Sài Gòn, Thành phố Hồ Chí Minh', currentAddress: null },
];

export interface PopulationSandboxOptions {
  clientId: string;
  clientSecret: string;
  people?: SandboxPerson[];
  /** Seconds a token lives (the platform's expires_in). */
  tokenSeconds?: number;
}

export class PopulationSandbox {
  /** Every call answers 503 while true (the platform is down). */
  down = false;
  /** Each answer waits this long (a slow platform; the adapter's timeout turns it into "could not check"). */
  delayMs = 0;
  /** Lookups answered (found or not). */
  lookups = 0;
  /** The last lookup's request body, as received (what the adapter sends). */
  lastRequest: Record<string, unknown> | null = null;
  private readonly tokens = new Map<string, number>();
  private readonly people: Map<string, SandboxPerson>;
  private server: Server | null = null;
  url = '';

  constructor(private readonly options: PopulationSandboxOptions) {
    this.people = new Map((options.people ?? POPULATION_FIXTURES).map((p) => [p.identityNumber, p]));
  }

  /** Forgets every token it issued (the platform revoked them): the adapter must get a new one. */
  revokeTokens(): void {
    this.tokens.clear();
  }

  async start(port = 0, host = '127.0.0.1'): Promise<string> {
    this.server = createServer((req, res) => {
      void this.handle(req).then(async ({ status, body }) => {
        if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
        if (res.destroyed) return;
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
        res.end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(port, host, resolve));
    this.url = `http://${host}:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = null;
  }

  private async handle(req: IncomingMessage): Promise<{ status: number; body: Record<string, unknown> }> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    if (this.down) return { status: 503, body: { MaLoi: '503', MoTaLoi: 'Sandbox: hệ thống đang bảo trì (lỗi giả lập)' } };
    if (req.method === 'POST' && req.url === '/oauth2/token') return this.token(req, new URLSearchParams(text));
    if (req.method === 'POST' && req.url === '/api/v1/congdan/tracuu') return this.lookup(req, text);
    return { status: 404, body: { MaLoi: '404', MoTaLoi: 'Không có dịch vụ này' } };
  }

  private token(req: IncomingMessage, form: URLSearchParams): { status: number; body: Record<string, unknown> } {
    const m = /^Basic (.+)$/.exec(req.headers.authorization ?? '');
    const [id, secret] = m ? Buffer.from(m[1]!, 'base64').toString('utf8').split(':').map(decodeURIComponent) : [];
    if (id !== this.options.clientId || secret !== this.options.clientSecret) return { status: 401, body: { error: 'invalid_client' } };
    if (form.get('grant_type') !== 'client_credentials') return { status: 400, body: { error: 'unsupported_grant_type' } };
    const token = randomBytes(24).toString('hex');
    const seconds = this.options.tokenSeconds ?? 3600;
    this.tokens.set(token, Date.now() + seconds * 1000);
    return { status: 200, body: { access_token: token, token_type: 'Bearer', expires_in: seconds, scope: 'csdldc.tracuu' } };
  }

  private lookup(req: IncomingMessage, text: string): { status: number; body: Record<string, unknown> } {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const until = token ? this.tokens.get(token) : undefined;
    if (!until || until < Date.now()) return { status: 401, body: { MaLoi: '401', MoTaLoi: 'Token không hợp lệ hoặc đã hết hạn' } };
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return { status: 400, body: { MaLoi: '400', MoTaLoi: 'Dữ liệu không phải JSON' } };
    }
    const problems = ['MaYeuCau', 'MaDonVi', 'MucDich', 'SoDinhDanh'].filter((f) => typeof body[f] !== 'string' || body[f] === '');
    if (problems.length > 0 || !/^\d{12}$/.test(String(body.SoDinhDanh))) {
      return { status: 400, body: { MaLoi: '400', MoTaLoi: `Thiếu hoặc sai: ${[...problems, ...(/^\d{12}$/.test(String(body.SoDinhDanh)) ? [] : ['SoDinhDanh'])].join(', ')}` } };
    }
    this.lookups++;
    this.lastRequest = body;
    const p = this.people.get(String(body.SoDinhDanh));
    if (!p) return { status: 200, body: { MaLoi: '01', MoTaLoi: 'Không tìm thấy công dân', MaYeuCau: body.MaYeuCau } };
    return {
      status: 200,
      body: {
        MaLoi: '00',
        MoTaLoi: 'Thành công',
        MaYeuCau: body.MaYeuCau,
        CongDan: {
          SoDinhDanh: p.identityNumber,
          HoVaTen: p.fullName,
          NgayThangNamSinh: p.birthDate,
          GioiTinh: p.sex === 'male' ? '1' : '2',
          ThuongTru: { DiaChiDayDu: p.permanentAddress },
          NoiOHienTai: p.currentAddress ? { DiaChiDayDu: p.currentAddress } : null,
        },
      },
    };
  }
}
