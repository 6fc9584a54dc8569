/**
 * SANDBOX of the national portal's synchronisation interface, for tests and the demo only: it speaks the
 * shape the adapter speaks (./client.ts, docs/integrations.md), checks each record's fields, dates and status
 * codes, keeps what it was sent, and can be told to fail the next N calls. It is never started in
 * production unless configured so (src/main.ts starts it for the demo).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { PortalCredentials } from './config.ts';
import { PORTAL_STATUS, ACCEPT_STEP_STATUS } from './domain/mapping.ts';

export interface SandboxCall {
  service: string;
  madonvi: string;
  isUpdating: boolean;
  data: Array<Record<string, unknown>>;
  idempotencyKey: string | null;
}

const DATE = /^(\d{14})?$/;
const CODES = new Set([...Object.values(PORTAL_STATUS), ACCEPT_STEP_STATUS]);
const REQUIRED: Record<string, string[]> = {
  DongBoHoSoMC: ['MaHoSo', 'MaTTHC', 'ChuHoSo', 'LoaiDoiTuong', 'NgayTiepNhan', 'NgayHenTra', 'TrangThaiHoSo', 'NgayTra', 'HinhThuc', 'DonViXuLy'],
  CapNhatTienDoHoSoMC: ['MaHoSo', 'NguoiXuLy', 'PhongBanXuLy', 'NoiDungXuLy', 'ThoiDiemXuLy', 'TrangThai'],
};

/** The keys each entry of a list field must carry (strings), as the portal's dossier record defines them. */
const LIST_KEYS: Record<string, string[]> = {
  TaiLieuNop: ['TepDinhKemId', 'TenTepDinhKem', 'IsDeleted', 'MaThanhPhanHoSo', 'DuongDanTaiTepTin'],
  DanhSachLePhi: ['TenPhiLePhi', 'MaPhiLePhi', 'HinhThucThu', 'Gia', 'LoaiPhiLePhi'],
  DanhSachHoSoBoSung: ['HoSoBoSungId', 'NguoiYeuCauBoSung', 'NoiDungBoSung', 'NgayBoSung', 'TrangThaiBoSung', 'NgayHenTraTruoc', 'NgayHenTraMoi'],
  DanhSachGiayToKetQua: ['TenGiayTo', 'MaThanhPhanHoSo', 'GiayToId', 'DuongDanTepTinKetQua'],
};

function listProblems(r: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const [list, keys] of Object.entries(LIST_KEYS)) {
    if (!(list in r)) continue;
    const entries = r[list];
    if (!Array.isArray(entries)) { out.push(`${list}: phải là danh sách`); continue; }
    entries.forEach((e, i) => {
      for (const k of keys) if (typeof (e as Record<string, unknown>)?.[k] !== 'string') out.push(`${list}[${i}].${k}: thiếu`);
    });
  }
  for (const f of ['NgayTuChoi']) if (f in r && !DATE.test(String(r[f]))) out.push(`${f}: phải có dạng yyyyMMddHHmmss`);
  for (const f of ['HoSoCoThanhPhanSoHoa', 'TaiKhoanDuocXacThucVoiVNeID', 'DuocThanhToanTrucTuyen']) if (f in r && !['0', '1'].includes(String(r[f]))) out.push(`${f}: phải là 0 hoặc 1`);
  return out;
}

/** What is wrong with one record, in the portal's words (empty: nothing). */
function recordProblems(service: string, r: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const f of REQUIRED[service] ?? []) if (typeof r[f] !== 'string') out.push(`${f}: thiếu`);
  for (const f of ['NgayTiepNhan', 'NgayHenTra', 'NgayTra', 'ThoiDiemXuLy']) if (f in r && !DATE.test(String(r[f]))) out.push(`${f}: phải có dạng yyyyMMddHHmmss`);
  for (const f of ['TrangThaiHoSo', 'TrangThai']) if (f in r && !CODES.has(String(r[f]))) out.push(`${f}: mã trạng thái không hợp lệ`);
  if (service === 'DongBoHoSoMC') out.push(...listProblems(r));
  return out;
}

export class NationalPortalSandbox {
  /** Every accepted call, in order (a call replayed with a known idempotency key is not added again). */
  readonly calls: SandboxCall[] = [];
  /** The portal's view: each dossier's last record, and each dossier's progress steps. */
  readonly dossiers = new Map<string, Record<string, unknown>>();
  readonly progress = new Map<string, Array<Record<string, unknown>>>();
  /** Every call that reached the sandbox, failed or not (the number of attempts). */
  attempts = 0;
  private failures = 0;
  private readonly sessions = new Map<string, string>();
  private readonly seenKeys = new Set<string>();
  private server: Server | null = null;
  url = '';

  constructor(private readonly accounts: PortalCredentials[]) {}

  /** The next `n` service calls answer 503 (after the session was granted). */
  failNext(n: number): void {
    this.failures = n;
  }

  async start(port = 0, host = '127.0.0.1'): Promise<string> {
    this.server = createServer((req, res) => {
      void this.handle(req).then(({ status, body }) => {
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(port, host, resolve));
    this.url = `http://${host}:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    if (this.server) await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = null;
  }

  private async handle(req: IncomingMessage): Promise<{ status: number; body: Record<string, unknown> }> {
    let body: Record<string, unknown>;
    try {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
    } catch {
      return { status: 400, body: { error_code: '400', message: 'Dữ liệu không phải JSON' } };
    }
    if (req.method === 'POST' && req.url === '/session') {
      const ok = this.accounts.find((a) => a.username === body.username && a.password === body.password && a.unitCode === body.madonvi);
      if (!ok) return { status: 401, body: { error_code: '401', message: 'Sai tài khoản hoặc mật khẩu' } };
      const session = randomBytes(16).toString('hex');
      this.sessions.set(session, ok.unitCode);
      return { status: 200, body: { error_code: '0', session } };
    }
    if (req.method === 'POST' && req.url === '/service') return this.service(req, body);
    return { status: 404, body: { error_code: '404', message: 'Không có dịch vụ này' } };
  }

  private service(req: IncomingMessage, body: Record<string, unknown>): { status: number; body: Record<string, unknown> } {
    this.attempts++;
    const unit = this.sessions.get(String(body.session));
    if (!unit || unit !== body.madonvi) return { status: 401, body: { error_code: '401', message: 'Phiên làm việc không hợp lệ' } };
    if (this.failures > 0) {
      this.failures--;
      return { status: 503, body: { error_code: '503', message: 'Sandbox: hệ thống đang bận (lỗi giả lập)' } };
    }
    const service = String(body.service);
    if (!(service in REQUIRED)) return { status: 200, body: { error_code: '2', message: `Không có dịch vụ ${service}` } };
    const data = Array.isArray(body.data) ? (body.data as Array<Record<string, unknown>>) : [];
    const problems = data.flatMap((r, i) => recordProblems(service, r).map((p) => `data[${i}].${p}`));
    if (data.length === 0 || problems.length > 0) return { status: 200, body: { error_code: '1', message: problems.join('; ') || 'data: trống' } };
    const key = typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'] : null;
    if (key && this.seenKeys.has(key)) return { status: 200, body: { error_code: '0', message: 'Đã nhận trước đó' } };
    if (key) this.seenKeys.add(key);
    this.calls.push({ service, madonvi: unit, isUpdating: body.isUpdating === true, data, idempotencyKey: key });
    for (const r of data) {
      const code = String(r.MaHoSo);
      if (service === 'DongBoHoSoMC') this.dossiers.set(code, r);
      else this.progress.set(code, [...(this.progress.get(code) ?? []), r]);
    }
    return { status: 200, body: { error_code: '0', message: 'Thành công' } };
  }
}
