/**
 * The templates shipped with the code ("version 0"): per event and language a subject, a plain text
 * (e-mail body and in-app text; the HTML part is built from it, paragraph by paragraph) and an SMS.
 * SMS are written here without diacritics already; rendering strips them anyway (domain/render.ts).
 * An administrator's edit is stored as a new version and wins (templates.ts).
 */
import type { Lang, NotificationEvent } from './events.ts';

export interface DefaultTemplate {
  subject: string;
  text: string;
  sms: string;
}

type Defaults = Record<NotificationEvent, Record<Lang, DefaultTemplate>>;

export const DEFAULT_TEMPLATES: Defaults = {
  'dossier.received': {
    vi: {
      subject: 'Hồ sơ {{code}} đã được tiếp nhận',
      text: 'Kính gửi {{name}},\n\nHồ sơ {{code}} ({{procedure}}) đã được tiếp nhận. Ngày hẹn trả kết quả: {{appointment}}.\n\nTra cứu tình trạng hồ sơ: {{link}}',
      sms: 'Ho so {{code}} da duoc tiep nhan. Hen tra ket qua: {{appointment}}. Tra cuu tren Cong dich vu cong.',
    },
    en: {
      subject: 'Dossier {{code}} received',
      text: 'Dear {{name}},\n\nYour dossier {{code}} ({{procedure}}) has been received. Result expected by {{appointment}}.\n\nFollow it here: {{link}}',
      sms: 'Dossier {{code}} received. Result expected by {{appointment}}. Follow it on the public service portal.',
    },
  },
  'dossier.supplement_requested': {
    vi: {
      subject: 'Hồ sơ {{code}} cần bổ sung',
      text: 'Kính gửi {{name}},\n\nHồ sơ {{code}} ({{procedure}}) cần được bổ sung, hoàn thiện: {{reason}}.\n\nBổ sung hồ sơ tại: {{link}}',
      sms: 'Ho so {{code}} can bo sung, hoan thien. Xem noi dung yeu cau tren Cong dich vu cong hoac tai bo phan mot cua.',
    },
    en: {
      subject: 'Dossier {{code}} needs a supplement',
      text: 'Dear {{name}},\n\nYour dossier {{code}} ({{procedure}}) needs to be supplemented: {{reason}}.\n\nSupplement it here: {{link}}',
      sms: 'Dossier {{code}} needs a supplement. See the request on the public service portal or at the one-stop desk.',
    },
  },
  'dossier.rejected': {
    vi: {
      subject: 'Hồ sơ {{code}} không được tiếp nhận',
      text: 'Kính gửi {{name}},\n\nHồ sơ {{code}} ({{procedure}}) không được tiếp nhận. Lý do: {{reason}}.\n\nChi tiết: {{link}}',
      sms: 'Ho so {{code}} khong duoc tiep nhan. Xem ly do tren Cong dich vu cong hoac tai bo phan mot cua.',
    },
    en: {
      subject: 'Dossier {{code}} not accepted',
      text: 'Dear {{name}},\n\nYour dossier {{code}} ({{procedure}}) was not accepted. Reason: {{reason}}.\n\nDetails: {{link}}',
      sms: 'Dossier {{code}} was not accepted. See the reason on the public service portal or at the one-stop desk.',
    },
  },
  'dossier.result_ready': {
    vi: {
      subject: 'Hồ sơ {{code}} đã có kết quả',
      text: 'Kính gửi {{name}},\n\nHồ sơ {{code}} ({{procedure}}) đã có kết quả.\n\nXem và nhận kết quả: {{link}}',
      sms: 'Ho so {{code}} da co ket qua. Moi ong/ba nhan ket qua theo hinh thuc da dang ky.',
    },
    en: {
      subject: 'The result of dossier {{code}} is ready',
      text: 'Dear {{name}},\n\nThe result of your dossier {{code}} ({{procedure}}) is ready.\n\nSee it here: {{link}}',
      sms: 'The result of dossier {{code}} is ready. Collect it the way you chose.',
    },
  },
  'dossier.apology': {
    vi: {
      subject: 'Thư xin lỗi và hẹn lại ngày trả kết quả hồ sơ {{code}}',
      text: 'Kính gửi {{name}},\n\nCơ quan giải quyết xin lỗi vì hồ sơ {{code}} ({{procedure}}) chưa có kết quả đúng hẹn. Lý do: {{reason}}.\n\nNgày hẹn mới: {{appointment}}.\n\nTra cứu: {{link}}',
      sms: 'Xin loi ong/ba: ho so {{code}} chua co ket qua dung hen. Ngay hen moi: {{appointment}}.',
    },
    en: {
      subject: 'Apology and new date for dossier {{code}}',
      text: 'Dear {{name}},\n\nWe apologise: your dossier {{code}} ({{procedure}}) was not finished on time. Reason: {{reason}}.\n\nNew date: {{appointment}}.\n\nFollow it here: {{link}}',
      sms: 'We apologise: dossier {{code}} is late. New date: {{appointment}}.',
    },
  },
  'dossier.transferred': {
    vi: {
      subject: 'Hồ sơ {{code}} được chuyển cho {{unit}}',
      text: 'Kính gửi {{name}},\n\nDo sắp xếp đơn vị hành chính, hồ sơ {{code}} ({{procedure}}) được chuyển cho {{unit}} tiếp tục giải quyết. Ông/bà không phải nộp lại hồ sơ; ngày hẹn trả kết quả không thay đổi: {{appointment}}.\n\nTra cứu: {{link}}',
      sms: 'Ho so {{code}} chuyen cho don vi moi do sap xep don vi hanh chinh. Hen tra khong doi: {{appointment}}.',
    },
    en: {
      subject: 'Dossier {{code}} moved to {{unit}}',
      text: 'Dear {{name}},\n\nAfter a reorganisation of administrative units, your dossier {{code}} ({{procedure}}) is now handled by {{unit}}. You need not apply again; the date for your result is unchanged: {{appointment}}.\n\nFollow it here: {{link}}',
      sms: 'Dossier {{code}} moved to a new unit after a reorganisation. Result date unchanged: {{appointment}}.',
    },
  },
  'payment.due': {
    vi: {
      subject: 'Phí, lệ phí cần nộp cho hồ sơ {{code}}',
      text: 'Kính gửi {{name}},\n\nHồ sơ {{code}} có khoản phí, lệ phí cần nộp: {{amount}}.\n\nThanh toán trực tuyến: {{link}}',
      sms: 'Ho so {{code}} can nop phi, le phi {{amount}}. Thanh toan truc tuyen tren Cong dich vu cong.',
    },
    en: {
      subject: 'Fee due for dossier {{code}}',
      text: 'Dear {{name}},\n\nA fee of {{amount}} is due for your dossier {{code}}.\n\nPay online: {{link}}',
      sms: 'A fee of {{amount}} is due for dossier {{code}}. Pay online on the public service portal.',
    },
  },
  'payment.paid': {
    vi: {
      subject: 'Đã nhận thanh toán cho hồ sơ {{code}}',
      text: 'Kính gửi {{name}},\n\nĐã nhận khoản thanh toán {{amount}} cho hồ sơ {{code}}.\n\nBiên lai điện tử: {{link}}',
      sms: 'Da nhan thanh toan {{amount}} cho ho so {{code}}. Bien lai dien tu tren Cong dich vu cong.',
    },
    en: {
      subject: 'Payment received for dossier {{code}}',
      text: 'Dear {{name}},\n\nWe received your payment of {{amount}} for dossier {{code}}.\n\nE-receipt: {{link}}',
      sms: 'Payment of {{amount}} received for dossier {{code}}. E-receipt on the public service portal.',
    },
  },
  'delivery.shipped': {
    vi: {
      subject: 'Kết quả hồ sơ {{code}} đã được gửi qua bưu chính',
      text: 'Kính gửi {{name}},\n\nKết quả hồ sơ {{code}} đã được gửi qua dịch vụ bưu chính công ích, mã bưu gửi {{tracking}}.\n\nTra cứu: {{link}}',
      sms: 'Ket qua ho so {{code}} da gui qua buu chinh, ma buu gui {{tracking}}.',
    },
    en: {
      subject: 'The result of dossier {{code}} has been posted',
      text: 'Dear {{name}},\n\nThe result of dossier {{code}} has been posted, tracking number {{tracking}}.\n\nFollow it here: {{link}}',
      sms: 'The result of dossier {{code}} has been posted, tracking number {{tracking}}.',
    },
  },
  'delivery.delivered': {
    vi: {
      subject: 'Kết quả hồ sơ {{code}} đã được phát',
      text: 'Kính gửi {{name}},\n\nBưu chính đã phát kết quả hồ sơ {{code}} (mã bưu gửi {{tracking}}).\n\nTra cứu: {{link}}',
      sms: 'Buu chinh da phat ket qua ho so {{code}} (ma buu gui {{tracking}}).',
    },
    en: {
      subject: 'The result of dossier {{code}} was delivered',
      text: 'Dear {{name}},\n\nThe post delivered the result of dossier {{code}} (tracking number {{tracking}}).\n\nDetails: {{link}}',
      sms: 'The post delivered the result of dossier {{code}} (tracking {{tracking}}).',
    },
  },
  'delivery.returned': {
    vi: {
      subject: 'Bưu chính không phát được kết quả hồ sơ {{code}}',
      text: 'Kính gửi {{name}},\n\nBưu chính không phát được kết quả hồ sơ {{code}} (mã bưu gửi {{tracking}}) và đã hoàn về cơ quan. Vui lòng liên hệ bộ phận một cửa.\n\nTra cứu: {{link}}',
      sms: 'Buu chinh khong phat duoc ket qua ho so {{code}}, da hoan ve co quan. Vui long lien he bo phan mot cua.',
    },
    en: {
      subject: 'The post could not deliver the result of dossier {{code}}',
      text: 'Dear {{name}},\n\nThe post could not deliver the result of dossier {{code}} (tracking number {{tracking}}); it went back to the office. Please contact the one-stop desk.\n\nDetails: {{link}}',
      sms: 'The post could not deliver the result of dossier {{code}}; it went back. Please contact the one-stop desk.',
    },
  },
  'feedback.answered': {
    vi: {
      subject: 'Phản ánh, kiến nghị {{feedbackCode}} đã được trả lời',
      text: 'Kính gửi {{name}},\n\nPhản ánh, kiến nghị {{feedbackCode}} của ông/bà đã được trả lời.\n\nXem câu trả lời: {{link}}',
      sms: 'Phan anh, kien nghi {{feedbackCode}} cua ong/ba da duoc tra loi. Xem tren Cong dich vu cong.',
    },
    en: {
      subject: 'Your feedback {{feedbackCode}} has been answered',
      text: 'Dear {{name}},\n\nYour feedback {{feedbackCode}} has been answered.\n\nRead the answer: {{link}}',
      sms: 'Your feedback {{feedbackCode}} has been answered. Read it on the public service portal.',
    },
  },
  'feedback.otp': {
    vi: {
      subject: 'Mã xác thực phản ánh, kiến nghị',
      text: 'Mã xác thực phản ánh, kiến nghị của ông/bà là {{otp}} (hiệu lực 10 phút). Không chia sẻ mã này cho người khác.',
      sms: 'Ma xac thuc phan anh, kien nghi cua ban la {{otp}} (hieu luc 10 phut). Khong chia se ma nay.',
    },
    en: {
      subject: 'Your feedback code',
      text: 'Your feedback code is {{otp}} (valid for 10 minutes). Do not share it.',
      sms: 'Your feedback code is {{otp}} (valid for 10 minutes). Do not share it.',
    },
  },
  'account.password_reset': {
    vi: {
      subject: 'Đặt lại mật khẩu tài khoản dịch vụ công',
      text: 'Kính gửi {{name}},\n\nĐể đặt lại mật khẩu, mở liên kết sau (dùng được một lần, hết hạn lúc {{expires}}):\n{{link}}\n\nNếu ông/bà không yêu cầu, hãy bỏ qua thư này.',
      sms: 'Dat lai mat khau (dung 1 lan, het han {{expires}}): {{link}}',
    },
    en: {
      subject: 'Reset the password of your public service account',
      text: 'Dear {{name}},\n\nTo reset your password, open this link (works once, expires {{expires}}):\n{{link}}\n\nIf you did not ask for it, ignore this message.',
      sms: 'Reset your password (works once, expires {{expires}}): {{link}}',
    },
  },
  'survey.invite': {
    vi: {
      subject: 'Mời tham gia khảo sát sự hài lòng',
      text: 'Ông/bà được chọn ngẫu nhiên để đánh giá sự hài lòng về dịch vụ hành chính công. Câu trả lời được giữ ẩn danh.\n\nTham gia khảo sát: {{link}}',
      sms: 'Moi danh gia su hai long ve dich vu hanh chinh cong (an danh): {{link}}',
    },
    en: {
      subject: 'Invitation to a satisfaction survey',
      text: 'You were chosen at random to rate public administrative services. Your answers stay anonymous.\n\nTake the survey: {{link}}',
      sms: 'Please rate public administrative services (anonymous): {{link}}',
    },
  },
  'reminder.share_left': {
    vi: {
      subject: 'Nhắc việc: hồ sơ {{code}} sắp đến hạn',
      text: 'Kính gửi {{name}},\n\nHồ sơ {{code}} ({{procedure}}) còn {{left}} làm việc, hạn xử lý {{due}}.\n\nMở hồ sơ: {{link}}',
      sms: 'Nhac viec: ho so {{code}} con {{left}} lam viec, han {{due}}.',
    },
    en: {
      subject: 'Reminder: dossier {{code}} is coming due',
      text: 'Dear {{name}},\n\nDossier {{code}} ({{procedure}}) has {{left}} of working time left, due {{due}}.\n\nOpen it: {{link}}',
      sms: 'Reminder: dossier {{code}} has {{left}} of working time left, due {{due}}.',
    },
  },
  'reminder.due_soon': {
    vi: {
      subject: 'Nhắc việc: hồ sơ {{code}} đến hạn trong một ngày làm việc',
      text: 'Kính gửi {{name}},\n\nHồ sơ {{code}} ({{procedure}}) của đơn vị đến hạn trong vòng một ngày làm việc (còn {{left}}, hạn {{due}}).\n\nMở hồ sơ: {{link}}',
      sms: 'Nhac viec: ho so {{code}} den han trong 1 ngay lam viec (han {{due}}).',
    },
    en: {
      subject: 'Reminder: dossier {{code}} is due within one working day',
      text: 'Dear {{name}},\n\nYour unit’s dossier {{code}} ({{procedure}}) is due within one working day ({{left}} left, due {{due}}).\n\nOpen it: {{link}}',
      sms: 'Reminder: dossier {{code}} is due within 1 working day (due {{due}}).',
    },
  },
  'reminder.late': {
    vi: {
      subject: 'Cảnh báo: hồ sơ {{code}} đã quá hạn',
      text: 'Kính gửi {{name}},\n\nHồ sơ {{code}} ({{procedure}}) đã quá hạn xử lý ({{due}}). Đề nghị xử lý ngay và, nếu cần, gửi thư xin lỗi và hẹn lại.\n\nMở hồ sơ: {{link}}',
      sms: 'Canh bao: ho so {{code}} da qua han xu ly ({{due}}).',
    },
    en: {
      subject: 'Warning: dossier {{code}} is overdue',
      text: 'Dear {{name}},\n\nDossier {{code}} ({{procedure}}) is overdue (due {{due}}). Please handle it now and, if needed, send an apology with a new date.\n\nOpen it: {{link}}',
      sms: 'Warning: dossier {{code}} is overdue (due {{due}}).',
    },
  },
};
