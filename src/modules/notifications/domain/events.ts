/**
 * The events people are told about, the variables each template may use, and a sample value per
 * variable at a realistic LONGEST length: previews render with them, and an SMS template must fit in
 * 160 characters with them (so a real message fits too).
 */
export const EVENTS = [
  'dossier.received',
  'dossier.supplement_requested',
  'dossier.rejected',
  'dossier.result_ready',
  'dossier.apology',
  'dossier.transferred',
  'payment.due',
  'payment.paid',
  'delivery.shipped',
  'delivery.delivered',
  'delivery.returned',
  'feedback.answered',
  'feedback.otp',
  'account.password_reset',
  'survey.invite',
  'reminder.share_left',
  'reminder.due_soon',
  'reminder.late',
] as const;
export type NotificationEvent = (typeof EVENTS)[number];

export const CHANNELS = ['email', 'sms', 'inapp'] as const;
export type Channel = (typeof CHANNELS)[number];
export type Lang = 'vi' | 'en';

/** Sample values, each as long as real values get (a person's name 40, a dossier code 27, a link 92 …). */
export const SAMPLES: Record<string, string> = {
  name: 'Nguyễn Thị Phương Thảo Hoàng Lê Minh Anh',
  code: 'H29.10.001-261123-0001-0001',
  procedure: 'Đăng ký thành lập hộ kinh doanh và cấp Giấy chứng nhận đăng ký hộ kinh doanh theo quy định',
  appointment: '31/12/2026 17:00',
  reason: 'Thiếu bản sao giấy tờ chứng minh quyền sử dụng địa điểm kinh doanh có chứng thực',
  amount: '12.500.000 đ',
  tracking: 'EB123456789VN',
  // A survey or reset link: a city portal's host and a 43-character token (92 characters).
  link: 'https://dichvucong.hochiminhcity.gov.vn/khao-sat/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-AbCdE',
  otp: '123456',
  expires: '31/12/2026 17:00',
  left: '1 ngày 4 giờ',
  due: '31/12/2026 17:00',
  feedbackCode: 'PAKN-2026-000123',
  // The longest unit names of the city: a ward's people's committee (about 60 characters).
  unit: 'Ủy ban nhân dân Phường Bình Hưng Hòa, Thành phố Hồ Chí Minh',
};

/** Which variables each event offers (its templates may use these and nothing else). */
export const EVENT_VARIABLES: Record<NotificationEvent, readonly string[]> = {
  'dossier.received': ['name', 'code', 'procedure', 'appointment', 'link'],
  'dossier.supplement_requested': ['name', 'code', 'procedure', 'reason', 'link'],
  'dossier.rejected': ['name', 'code', 'procedure', 'reason', 'link'],
  'dossier.result_ready': ['name', 'code', 'procedure', 'link'],
  'dossier.apology': ['name', 'code', 'procedure', 'appointment', 'reason', 'link'],
  'dossier.transferred': ['name', 'code', 'procedure', 'unit', 'appointment', 'link'],
  'payment.due': ['name', 'code', 'amount', 'link'],
  'payment.paid': ['name', 'code', 'amount', 'link'],
  'delivery.shipped': ['name', 'code', 'tracking', 'link'],
  'delivery.delivered': ['name', 'code', 'tracking', 'link'],
  'delivery.returned': ['name', 'code', 'tracking', 'link'],
  'feedback.answered': ['name', 'feedbackCode', 'link'],
  'feedback.otp': ['otp'],
  'account.password_reset': ['name', 'link', 'expires'],
  'survey.invite': ['link'],
  'reminder.share_left': ['name', 'code', 'procedure', 'due', 'left', 'link'],
  'reminder.due_soon': ['name', 'code', 'procedure', 'due', 'left', 'link'],
  'reminder.late': ['name', 'code', 'procedure', 'due', 'link'],
};

/**
 * Sent whatever the person's preferences say: a one-time code or a reset link the person asked for,
 * and a survey invitation (sent to a contact, not an account).
 */
export const MANDATORY_EVENTS: ReadonlySet<NotificationEvent> = new Set(['feedback.otp', 'account.password_reset', 'survey.invite']);

export const EVENT_LABELS: Record<NotificationEvent, { vi: string; en: string }> = {
  'dossier.received': { vi: 'Tiếp nhận hồ sơ', en: 'Dossier received' },
  'dossier.supplement_requested': { vi: 'Yêu cầu bổ sung hồ sơ', en: 'Supplement requested' },
  'dossier.rejected': { vi: 'Từ chối tiếp nhận', en: 'Dossier rejected' },
  'dossier.result_ready': { vi: 'Có kết quả', en: 'Result ready' },
  'dossier.apology': { vi: 'Xin lỗi và hẹn lại', en: 'Apology and new date' },
  'dossier.transferred': { vi: 'Hồ sơ chuyển cho đơn vị mới (sắp xếp đơn vị hành chính)', en: 'Dossier moved to a new unit (reorganisation)' },
  'payment.due': { vi: 'Phí, lệ phí cần nộp', en: 'Payment due' },
  'payment.paid': { vi: 'Đã thanh toán', en: 'Payment received' },
  'delivery.shipped': { vi: 'Đã gửi kết quả qua bưu chính', en: 'Result posted' },
  'delivery.delivered': { vi: 'Bưu chính đã phát kết quả', en: 'Result delivered by post' },
  'delivery.returned': { vi: 'Bưu chính hoàn kết quả', en: 'Posted result returned' },
  'feedback.answered': { vi: 'Phản ánh, kiến nghị đã được trả lời', en: 'Feedback answered' },
  'feedback.otp': { vi: 'Mã xác thực phản ánh, kiến nghị', en: 'Feedback one-time code' },
  'account.password_reset': { vi: 'Đặt lại mật khẩu', en: 'Password reset' },
  'survey.invite': { vi: 'Mời khảo sát sự hài lòng', en: 'Survey invitation' },
  'reminder.share_left': { vi: 'Nhắc việc: sắp đến hạn', en: 'Reminder: time running out' },
  'reminder.due_soon': { vi: 'Nhắc việc: đến hạn trong một ngày làm việc', en: 'Reminder: due within one working day' },
  'reminder.late': { vi: 'Nhắc việc: hồ sơ quá hạn', en: 'Reminder: dossier overdue' },
};
