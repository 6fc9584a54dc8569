/**
 * The words of the one-stop forms, one table per rule version (domain §0–§1): Decree 61/2018 with the
 * forms of Circular 01/2018/TT-VPCP, and Decree 118/2025 with those of Circular 03/2025/TT-VPCP.
 * Layouts live in ./forms.ts; only wording lives here, so a corrected template is a data change.
 * Where each text comes from, and what could not be checked against the official template, is in
 * docs/forms.md — keep the two in step.
 */
import type { RuleVersion } from '../calendar/domain/rule-version.ts';

export const FORM_KINDS = ['receipt', 'supplement-request', 'rejection', 'apology', 'stop-notice', 'control-sheet'] as const;
export type FormKind = (typeof FORM_KINDS)[number] | 'register';

/** A signature column: its title, the instruction under it, and whose name is printed. */
export interface SignatureColumn {
  title: string;
  hint: string;
}

export interface FormTexts {
  circular: string;
  numbers: Partial<Record<FormKind, string>>;
  titles: Record<FormKind, string>;
  /** The suffix of each form's number line ("Số: <mã hồ sơ>/<suffix>"). */
  numberSuffix: Partial<Record<FormKind, string>>;
  /** Left and right signature columns of each form that is signed. */
  signatures: Partial<Record<FormKind, [SignatureColumn, SignatureColumn]>>;
  /** Form 02's sentence on the waiting time: it follows the rule version's supplement rule (domain §2). */
  supplementWaiting: string;
  /** The words of Form 04 before the new appointment. */
  apologyPromise: (orgName: string) => string;
}

const SIGN = '(Ký và ghi rõ họ tên)';
const SIGN_SEAL = '(Ký, ghi rõ họ tên và đóng dấu)';
const applicant: SignatureColumn = { title: 'NGƯỜI NỘP HỒ SƠ', hint: SIGN };
const receiver: SignatureColumn = { title: 'NGƯỜI TIẾP NHẬN HỒ SƠ', hint: SIGN };
const guide: SignatureColumn = { title: 'NGƯỜI HƯỚNG DẪN', hint: SIGN };
/** The left column of a letter the office sends (Form 04, the stop notice): the addressees. */
export const RECIPIENTS_TITLE = 'Nơi nhận:';
const recipients: SignatureColumn = { title: RECIPIENTS_TITLE, hint: '' };
const office: SignatureColumn = { title: 'ĐẠI DIỆN CƠ QUAN, ĐƠN VỊ', hint: SIGN_SEAL };

const COMMON_TITLES: Record<FormKind, string> = {
  receipt: 'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ',
  'supplement-request': 'PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ',
  rejection: 'PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ',
  apology: 'PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ',
  'stop-notice': 'THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ',
  'control-sheet': 'PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ',
  register: 'SỔ THEO DÕI HỒ SƠ',
};

const NUMBER_SUFFIX: Partial<Record<FormKind, string>> = { receipt: 'TN', 'supplement-request': 'BS', rejection: 'TC', apology: 'XL', 'stop-notice': 'DG' };

const SIGNATURES: FormTexts['signatures'] = {
  receipt: [applicant, receiver],
  'supplement-request': [applicant, guide],
  rejection: [applicant, receiver],
  apology: [recipients, office],
  'stop-notice': [recipients, office],
};

export const FORM_TEXTS: Record<RuleVersion, FormTexts> = {
  'nd61-2018': {
    circular: 'Thông tư số 01/2018/TT-VPCP',
    numbers: { receipt: '01', 'supplement-request': '02', rejection: '03', apology: '04', 'control-sheet': '05', register: '06' },
    titles: COMMON_TITLES,
    numberSuffix: NUMBER_SUFFIX,
    signatures: SIGNATURES,
    // Decree 61/2018: the waiting time is not counted (the clock pauses).
    supplementWaiting: 'Thời gian chờ bổ sung, hoàn thiện hồ sơ không tính vào thời hạn giải quyết hồ sơ.',
    apologyPromise: (org) => `Sự chậm trễ này đã gây phiền hà cho ông/bà. ${org} xin lỗi ông/bà và hẹn lại thời gian trả kết quả:`,
  },
  'nd118-2025': {
    circular: 'Thông tư số 03/2025/TT-VPCP',
    numbers: { receipt: '01', 'supplement-request': '02', rejection: '03', apology: '04', 'stop-notice': '05', 'control-sheet': '06', register: '07' },
    // Form 04 of Circular 03/2025 is named "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết".
    titles: { ...COMMON_TITLES, apology: 'VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT' },
    numberSuffix: NUMBER_SUFFIX,
    signatures: SIGNATURES,
    // Decree 118/2025, Art. 19 as read once (domain §2): the time limit restarts once the dossier is complete.
    supplementWaiting: 'Thời hạn giải quyết hồ sơ được tính lại từ đầu kể từ khi nhận đủ hồ sơ đã bổ sung, hoàn thiện.',
    apologyPromise: (org) => `Sự chậm trễ này đã gây phiền hà cho ông/bà. ${org} xin lỗi ông/bà và đề nghị gia hạn thời gian trả kết quả đến:`,
  },
};

/** Vietnamese names of the channels a result is returned by (the codes never reach a printed form). */
export const CHANNEL_NAMES_VI: Record<string, string> = { online: 'Trực tuyến', counter: 'Trực tiếp', post: 'Bưu chính' };

/** The control sheet's words for the step results (trước / đúng / quá hạn). */
export const TIMELINESS_VI: Record<string, string> = { early: 'Trước hạn', on_time: 'Đúng hạn', late: 'Quá hạn' };

/** A sentence from free text ending where the form adds its own full stop: no ". ." or "..". */
export function sentence(s: string): string {
  return s.trim().replace(/[.。\s]+$/u, '');
}
