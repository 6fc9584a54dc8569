/**
 * The adapter that speaks the population data service (CSDL quốc gia về dân cư) as reached through the national
 * data-sharing platform (NDXP/LGSP). The shape is MODELLED (no published specification was found; see
 * docs/integrations.md "Population-data check"): an OAuth2 client-credentials token (RFC 6749 §4.4,
 * client_secret_basic), then one lookup by the 12-digit identity number:
 *
 *   POST <url>/api/v1/congdan/tracuu   Authorization: Bearer <token>
 *   {"MaYeuCau", "MaDonVi", "MaHoSo", "MucDich", "SoDinhDanh"}
 *   → {"MaLoi": "00", "CongDan": {"SoDinhDanh", "HoVaTen", "NgayThangNamSinh": "yyyyMMdd" | "yyyy",
 *       "GioiTinh": "1" | "2", "ThuongTru": {"DiaChiDayDu"}, "NoiOHienTai": {"DiaChiDayDu"}}}
 *   → {"MaLoi": "01"}: no citizen with that number.
 *
 * It never throws: every timeout, refusal or malformed answer is `unavailable` with a reason naming the
 * step and the HTTP status, never the identity number, a token or the credentials.
 */
import { randomUUID } from 'node:crypto';
import type { PopulationConfig } from './config.ts';

export interface RegistryPerson {
  fullName: string;
  /** YYYY-MM-DD, or YYYY where the registry knows only the year. */
  birthDate: string | null;
  sex: 'male' | 'female' | null;
  permanentAddress: string | null;
  currentAddress: string | null;
}

export type LookupResult = { kind: 'found'; person: RegistryPerson } | { kind: 'not_found' } | { kind: 'unavailable'; reason: string };

/** Why the lookup is made, sent with it: the registry logs each use of personal data with its purpose (Decree 13/2023/NĐ-CP). */
export const PURPOSE = 'Kiểm tra thông tin người nộp hồ sơ thủ tục hành chính trước khi tiếp nhận';

async function readJson(res: Response): Promise<Record<string, unknown> | null> {
  try {
    const v: unknown = JSON.parse(await res.text());
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const str = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v : null);
const address = (v: unknown) => (v && typeof v === 'object' ? str((v as Record<string, unknown>).DiaChiDayDu) : null);

/** The registry's yyyyMMdd (or yyyy) as YYYY-MM-DD (or YYYY); anything else: null. */
export function registryDate(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  let m = /^(\d{4})(\d{2})(\d{2})$/.exec(v);
  if (m) return m[2] === '00' ? m[1]! : `${m[1]}-${m[2]}-${m[3]}`;
  m = /^(\d{4})$/.exec(v);
  return m ? m[1]! : null;
}

/** Tokens are kept until shortly before they expire, and obtained again when the service refuses one. */
const TOKEN_MARGIN_MS = 30_000;

export class PopulationClient {
  private token: { value: string; until: number } | null = null;

  constructor(private readonly config: PopulationConfig) {}

  private async fetchToken(): Promise<string | { unavailable: string }> {
    const basic = Buffer.from(`${encodeURIComponent(this.config.clientId)}:${encodeURIComponent(this.config.clientSecret)}`).toString('base64');
    let res: Response;
    try {
      res = await fetch(this.config.tokenUrl, {
        method: 'POST',
        headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'csdldc.tracuu' }).toString(),
        signal: AbortSignal.timeout(this.config.timeoutMs),
      });
    } catch (e) {
      return { unavailable: `token: ${failure(e)}` };
    }
    const body = await readJson(res);
    const token = str(body?.access_token);
    if (res.status !== 200 || !token || String(body?.token_type).toLowerCase() !== 'bearer') {
      return { unavailable: `token: HTTP ${res.status}${typeof body?.error === 'string' ? ` ${body.error.slice(0, 60)}` : ''}` };
    }
    const expiresIn = typeof body?.expires_in === 'number' ? body.expires_in : 300;
    this.token = { value: token, until: Date.now() + expiresIn * 1000 - TOKEN_MARGIN_MS };
    return token;
  }

  /** Looks the person up; `dossierCode` goes along as the case the lookup is made for. */
  async lookup(identityNumber: string, dossierCode: string): Promise<LookupResult> {
    for (const fresh of [false, true]) {
      let token = !fresh && this.token && this.token.until > Date.now() ? this.token.value : null;
      if (!token) {
        const got = await this.fetchToken();
        if (typeof got !== 'string') return { kind: 'unavailable', reason: got.unavailable };
        token = got;
      }
      let res: Response;
      try {
        res = await fetch(`${this.config.url}/api/v1/congdan/tracuu`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify({ MaYeuCau: randomUUID(), MaDonVi: this.config.unitCode, MaHoSo: dossierCode, MucDich: PURPOSE, SoDinhDanh: identityNumber }),
          signal: AbortSignal.timeout(this.config.timeoutMs),
        });
      } catch (e) {
        return { kind: 'unavailable', reason: `lookup: ${failure(e)}` };
      }
      if (res.status === 401 && !fresh) {
        this.token = null; // expired or revoked at the platform: one new token, once
        continue;
      }
      const body = await readJson(res);
      if (res.status !== 200 || !body) return { kind: 'unavailable', reason: `lookup: HTTP ${res.status}` };
      if (body.MaLoi === '01') return { kind: 'not_found' };
      const c = body.CongDan as Record<string, unknown> | undefined;
      if (body.MaLoi !== '00' || !c || !str(c.HoVaTen) || c.SoDinhDanh !== identityNumber) {
        return { kind: 'unavailable', reason: `lookup: unexpected answer (MaLoi ${JSON.stringify(body.MaLoi ?? null).slice(0, 12)})` };
      }
      return {
        kind: 'found',
        person: {
          fullName: String(c.HoVaTen),
          birthDate: registryDate(c.NgayThangNamSinh),
          sex: c.GioiTinh === '1' ? 'male' : c.GioiTinh === '2' ? 'female' : null,
          permanentAddress: address(c.ThuongTru),
          currentAddress: address(c.NoiOHienTai),
        },
      };
    }
    return { kind: 'unavailable', reason: 'lookup: token refused twice' };
  }
}

function failure(e: unknown): string {
  if (e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError')) return 'timed out';
  const code = (e as { cause?: { code?: unknown } })?.cause?.code;
  return typeof code === 'string' ? `no connection (${code})` : 'no connection';
}
