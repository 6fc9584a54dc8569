/**
 * The list fields of a `DongBoHoSoMC` record: the files submitted (`TaiLieuNop`), the fees collected
 * (`DanhSachLePhi`), the supplement rounds (`DanhSachHoSoBoSung`), the result documents
 * (`DanhSachGiayToKetQua`), and the yes/no flags the portal counts for Decision 766 (digitised components,
 * an account verified with VNeID, paid online) with the day of refusal. Field names as provincial one-stop
 * systems send them (docs/integrations.md). Pure: the service (../sync.ts) loads the rows.
 */
import { portalDate } from './mapping.ts';

export interface SubmittedFile {
  uploadId: string;
  filename: string;
  componentCode: string;
}

export interface CollectedFee {
  feeId: string;
  name: string;
  amountVnd: number;
  method: 'online' | 'cash' | 'card';
}

/** A dossier's log entry, as much as the supplement rounds need. */
export interface LogEntry {
  seq: number;
  action: string;
  at: Date;
  actorName: string | null;
  payload: Record<string, unknown>;
}

export interface ResultDocument {
  uploadId: string;
  filename: string;
}

export interface ListInput {
  files: SubmittedFile[];
  fees: CollectedFee[];
  log: LogEntry[];
  result: ResultDocument | null;
  /** The applicant's account carries a level of electronic identity asserted by VNeID. */
  vneidVerified: boolean;
  status: string;
}

export interface PortalFile {
  TepDinhKemId: string;
  TenTepDinhKem: string;
  IsDeleted: '0' | '1';
  MaThanhPhanHoSo: string;
  DuongDanTaiTepTin: string;
}

export interface PortalFee {
  TenPhiLePhi: string;
  MaPhiLePhi: string;
  /** 1 trực tuyến (online), 2 trực tiếp (cash or card at the counter): modelled codes. */
  HinhThucThu: string;
  Gia: string;
  /** 1 phí, lệ phí thông thường (from the national catalogue's fee list). */
  LoaiPhiLePhi: string;
}

export interface PortalSupplement {
  HoSoBoSungId: string;
  NguoiYeuCauBoSung: string;
  NoiDungBoSung: string;
  NgayBoSung: string;
  NguoiTiepNhanBoSung: string;
  ThongTinTiepNhan: string;
  NgayTiepNhanBoSung: string;
  /** 0 chờ bổ sung (waiting for the applicant), 1 đã bổ sung (supplemented). */
  TrangThaiBoSung: string;
  NgayHenTraTruoc: string;
  NgayHenTraMoi: string;
}

export interface PortalResult {
  TenGiayTo: string;
  MaThanhPhanHoSo: string;
  GiayToId: string;
  DuongDanTepTinKetQua: string;
}

export interface PortalLists {
  TaiLieuNop: PortalFile[];
  DanhSachLePhi: PortalFee[];
  DanhSachHoSoBoSung: PortalSupplement[];
  DanhSachGiayToKetQua: PortalResult[];
  HoSoCoThanhPhanSoHoa: '0' | '1';
  TaiKhoanDuocXacThucVoiVNeID: '0' | '1';
  DuocThanhToanTrucTuyen: '0' | '1';
  NgayTuChoi: string;
}

export const FEE_METHOD: Record<CollectedFee['method'], string> = { online: '1', cash: '2', card: '2' };

const text = (v: unknown): string => (typeof v === 'string' ? v : '');
const instant = (v: unknown): Date | null => (typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? new Date(v) : null);

/**
 * Supplement rounds from the log: each request (its reason and items) paired with the supplement that
 * answered it. The appointment before a round is the last one the log announced before the request
 * (acceptance, an apology or an earlier round); the new one is what the supplement announced.
 */
export function supplementRounds(log: LogEntry[]): PortalSupplement[] {
  const rounds: PortalSupplement[] = [];
  let appointment: Date | null = null;
  let open: PortalSupplement | null = null;
  for (const e of [...log].sort((a, b) => a.seq - b.seq)) {
    if (e.action === 'request_supplement') {
      const items = Array.isArray(e.payload.items)
        ? e.payload.items.map((raw) => {
          const i = (raw ?? {}) as Record<string, unknown>;
          const name = text(i.name) || text(i.componentCode);
          return name && text(i.reason) ? `${name} (${text(i.reason)})` : name;
        }).filter(Boolean)
        : [];
      open = {
        HoSoBoSungId: String(e.seq),
        NguoiYeuCauBoSung: e.actorName ?? '',
        NoiDungBoSung: [text(e.payload.reason), ...items].filter(Boolean).join('; '),
        NgayBoSung: portalDate(e.at),
        NguoiTiepNhanBoSung: '',
        ThongTinTiepNhan: '',
        NgayTiepNhanBoSung: '',
        TrangThaiBoSung: '0',
        NgayHenTraTruoc: portalDate(appointment),
        NgayHenTraMoi: '',
      };
      rounds.push(open);
    } else if (e.action === 'supplement' && open) {
      const next = instant(e.payload.appointmentAt);
      open.NguoiTiepNhanBoSung = e.actorName ?? '';
      open.ThongTinTiepNhan = text(e.payload.note);
      open.NgayTiepNhanBoSung = portalDate(e.at);
      open.TrangThaiBoSung = '1';
      open.NgayHenTraMoi = portalDate(next ?? appointment);
      open = null;
    }
    const announced = instant(e.payload.appointmentAt);
    if (announced && e.action !== 'request_supplement') appointment = announced;
  }
  return rounds;
}

export function portalLists(input: ListInput): PortalLists {
  const refusal = input.status === 'rejected' ? [...input.log].sort((a, b) => b.seq - a.seq).find((e) => e.action === 'reject') : undefined;
  return {
    // The portal fetches no file from motcua (files need the applicant's or an officer's session): names and ids only.
    TaiLieuNop: input.files.map((f) => ({ TepDinhKemId: f.uploadId, TenTepDinhKem: f.filename, IsDeleted: '0', MaThanhPhanHoSo: f.componentCode, DuongDanTaiTepTin: '' })),
    DanhSachLePhi: input.fees.map((f) => ({ TenPhiLePhi: f.name, MaPhiLePhi: f.feeId, HinhThucThu: FEE_METHOD[f.method], Gia: String(f.amountVnd), LoaiPhiLePhi: '1' })),
    DanhSachHoSoBoSung: supplementRounds(input.log),
    DanhSachGiayToKetQua: input.result ? [{ TenGiayTo: input.result.filename, MaThanhPhanHoSo: '', GiayToId: input.result.uploadId, DuongDanTepTinKetQua: '' }] : [],
    HoSoCoThanhPhanSoHoa: input.files.length > 0 ? '1' : '0',
    TaiKhoanDuocXacThucVoiVNeID: input.vneidVerified ? '1' : '0',
    DuocThanhToanTrucTuyen: input.fees.some((f) => f.method === 'online') ? '1' : '0',
    NgayTuChoi: portalDate(refusal?.at ?? null),
  };
}
