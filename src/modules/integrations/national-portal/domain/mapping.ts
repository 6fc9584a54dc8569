/**
 * The national public-service portal's dossier sync, as pure data: what motcua sends in `DongBoHoSoMC`
 * (the dossier) and `CapNhatTienDoHoSoMC` (a step of its progress). No I/O, no clock: the service
 * (../sync.ts) loads the dossier and the log entry and hands them here. docs/integrations.md has the tables.
 */

/**
 * Local status → the portal's `TrangThaiHoSo` code. The portal's published list (modelled on the codes
 * provincial systems send; confirm with the portal's integration guide before going live):
 * 1 mới đăng ký, 2 được tiếp nhận, 3 không được tiếp nhận, 4 đang xử lý, 5 yêu cầu bổ sung giấy tờ,
 * 6 yêu cầu thực hiện nghĩa vụ tài chính, 7 công dân yêu cầu rút hồ sơ, 8 dừng xử lý, 9 đã xử lý xong,
 * 10 đã trả kết quả. motcua has no state for 6 (fees are not modelled as a pause).
 */
export const PORTAL_STATUS: Record<string, string> = {
  submitted: '1',
  rejected: '3',
  processing: '4',
  awaiting_supplement: '5',
  withdrawn: '7',
  stopped: '8',
  completed: '9',
  returned: '10',
};

/** The action that receives a dossier reports "2 được tiếp nhận" as its step, whatever state follows. */
export const ACCEPT_STEP_STATUS = '2';

export function portalStatus(local: string): string {
  const code = PORTAL_STATUS[local];
  if (!code) throw new Error(`national portal: no portal status for the local status "${local}"`);
  return code;
}

/** `HinhThuc`: how the dossier reached the unit. 0 trực tiếp (counter), 1 trực tuyến (online), 2 bưu chính (post). */
export const PORTAL_CHANNEL: Record<string, string> = { counter: '0', online: '1', post: '2' };

/** `LoaiDoiTuong`: 1 công dân (a person), 2 doanh nghiệp / tổ chức (an organisation). */
export const PORTAL_APPLICANT_TYPE: Record<string, string> = { individual: '1', organisation: '2' };

const VIETNAM_OFFSET_MS = 7 * 3_600_000; // UTC+7, no daylight saving

/** `yyyyMMddHHmmss` in Vietnam time; an absent date is the empty string, as the portal expects. */
export function portalDate(at: Date | null | undefined): string {
  if (!at) return '';
  const iso = new Date(at.getTime() + VIETNAM_OFFSET_MS).toISOString(); // 2026-11-23T08:05:09.000Z
  return iso.slice(0, 19).replace(/[-T:]/g, '');
}

/** What the sync needs of a dossier (its current projection: a late retry never sends an older state). */
export interface DossierSnapshot {
  code: string;
  /** The procedure's code in the national database (the catalogue keeps the national code). */
  procedureCode: string;
  applicantName: string;
  applicantType: 'individual' | 'organisation';
  channel: 'online' | 'counter' | 'post';
  submittedAt: Date;
  dueAt: Date | null;
  status: string;
  /** When the dossier reached its final status (result returned, rejected, stopped, withdrawn): `NgayTra`; null while open. */
  endedAt: Date | null;
  /** The unit handling it now: `DonViXuLy`. */
  currentUnitName: string;
}

/** One record of `DongBoHoSoMC`'s `data` list. */
export interface PortalDossier {
  MaHoSo: string;
  MaTTHC: string;
  ChuHoSo: string;
  LoaiDoiTuong: string;
  NgayTiepNhan: string;
  NgayHenTra: string;
  TrangThaiHoSo: string;
  NgayTra: string;
  HinhThuc: string;
  DonViXuLy: string;
}

export function portalDossier(d: DossierSnapshot): PortalDossier {
  return {
    MaHoSo: d.code,
    MaTTHC: d.procedureCode,
    ChuHoSo: d.applicantName,
    LoaiDoiTuong: PORTAL_APPLICANT_TYPE[d.applicantType] ?? '1',
    NgayTiepNhan: portalDate(d.submittedAt),
    NgayHenTra: portalDate(d.dueAt),
    TrangThaiHoSo: portalStatus(d.status),
    NgayTra: portalDate(d.endedAt),
    HinhThuc: PORTAL_CHANNEL[d.channel] ?? '1',
    DonViXuLy: d.currentUnitName,
  };
}

/** A logged step as the sync sees it. */
export interface StepSnapshot {
  dossierCode: string;
  action: string;
  /** The action's label in Vietnamese (the portal shows it to the applicant). */
  actionLabel: string;
  toStatus: string;
  actorName: string | null;
  actorUnitName: string | null;
  at: Date;
  /** The step's note, only when the officer chose to show it to the applicant; internal notes never leave. */
  publicNote: string | null;
}

/** One record of `CapNhatTienDoHoSoMC`'s `data` list. */
export interface PortalProgress {
  MaHoSo: string;
  NguoiXuLy: string;
  PhongBanXuLy: string;
  NoiDungXuLy: string;
  ThoiDiemXuLy: string;
  TrangThai: string;
}

export function portalProgress(s: StepSnapshot): PortalProgress {
  return {
    MaHoSo: s.dossierCode,
    NguoiXuLy: s.actorName ?? '',
    PhongBanXuLy: s.actorUnitName ?? '',
    NoiDungXuLy: s.publicNote ? `${s.actionLabel}: ${s.publicNote}` : s.actionLabel,
    ThoiDiemXuLy: portalDate(s.at),
    TrangThai: s.action === 'accept' ? ACCEPT_STEP_STATUS : portalStatus(s.toStatus),
  };
}

/**
 * Which calls a dossier message makes: the dossier always (its current state), and the step when it is one.
 * Reception (`dossier.submitted`) and an imported history (`dossier.imported`, one message per dossier) send the dossier only.
 */
export function callsFor(topic: string): Array<'DongBoHoSoMC' | 'CapNhatTienDoHoSoMC'> {
  if (topic === 'dossier.submitted' || topic === 'dossier.imported') return ['DongBoHoSoMC'];
  return ['DongBoHoSoMC', 'CapNhatTienDoHoSoMC'];
}
