/**
 * DEMO DATA. The demo city's feedback (PAKN) of the past year, entered through the feedback module's own
 * write path (intake at the counter or by a demo citizen, then each officer's, leader's and sender's
 * action) with the clock set to the moment of each step, so the log, the deadlines, the published masked
 * answers (/hoi-dap), the KPIs and 766 criteria 5.1 / 5.2 show figures. Deterministic: the same seed and
 * anchor give the same items, times and texts. Resumable: an item whose intake moment is already there
 * is skipped.
 */
import type { AppContext } from '../context.ts';
import { toSessionUser, type SessionUser } from '../modules/identity/auth.ts';
import { submitFeedback } from '../modules/feedback/intake.ts';
import { performFeedbackAction } from '../modules/feedback/actions.ts';
import type { FeedbackCommand } from '../modules/feedback/domain/types.ts';
import { hashText, Random } from './demo-random.ts';

/** What happens to an item: the steps after intake, in order. */
type Scenario = 'published' | 'published_late' | 'private' | 'reopened' | 'to_publish' | 'processed' | 'info' | 'processing' | 'waiting' | 'open_late' | 'rejected' | 'returned';

/** The demo units with a leader (who approves), their officers, and the scenarios they see. */
const UNITS = [
  { orgId: 'phuong-sai-gon', intake: 'reception', officer: 'specialist', leader: 'leader', items: 20 },
  { orgId: 'vpdkdd', intake: 'vpdk.specialist', officer: 'vpdk.specialist', leader: 'vpdk.leader', items: 14 },
] as const;

/** Items far in the past are closed; the open ones are recent (or late on purpose). */
const CLOSED: readonly Scenario[] = ['published', 'published', 'published_late', 'private', 'rejected', 'returned', 'published'];
const OPEN: readonly Scenario[] = ['to_publish', 'processed', 'info', 'processing', 'waiting', 'open_late'];

/** How many working days ago the open items came in: enough for their steps, and one past its deadline. */
const OPEN_DAYS_BACK: Partial<Record<Scenario, number>> = { to_publish: 9, processed: 6, info: 4, processing: 3, waiting: 1, open_late: 25 };

const NAMES = ['Nguyễn Thị Hạnh', 'Trần Văn Phúc', 'Lê Minh Châu', 'Phạm Thu Trang', 'Hoàng Đức Long', 'Vũ Thị Kim Oanh', 'Đặng Quốc Bảo', 'Bùi Thanh Tâm'];
const TOPICS = [
  { subject: 'Chậm trả kết quả hồ sơ', content: 'Hồ sơ của tôi đã quá hẹn mà chưa nhận được kết quả, cũng không có thông báo lý do.', answer: 'Hồ sơ chậm do phải xác minh thêm với cơ quan liên quan; đơn vị đã gửi văn bản xin lỗi và trả kết quả.' },
  { subject: 'Thái độ cán bộ tiếp nhận', content: 'Cán bộ tại quầy hướng dẫn chưa rõ ràng, tôi phải đi lại nhiều lần để bổ sung giấy tờ.', answer: 'Đơn vị đã nhắc nhở cán bộ và niêm yết danh mục giấy tờ tại quầy để người dân tiện theo dõi.' },
  { subject: 'Lệ phí không được niêm yết', content: 'Tôi không thấy bảng niêm yết mức lệ phí khi nộp hồ sơ, đề nghị công khai.', answer: 'Mức lệ phí đã được niêm yết tại bộ phận một cửa và trên Cổng dịch vụ công.' },
  { subject: 'Đề nghị bổ sung chỗ ngồi chờ', content: 'Khu vực chờ tại bộ phận một cửa thiếu ghế, người cao tuổi phải đứng lâu.', answer: 'Đơn vị đã bổ sung 20 ghế chờ và ưu tiên người cao tuổi, phụ nữ mang thai.' },
  { subject: 'Hướng dẫn nộp hồ sơ trực tuyến', content: 'Tôi không nộp được hồ sơ trực tuyến vì không biết cách ký số, đề nghị hướng dẫn.', answer: 'Đơn vị đã đăng hướng dẫn từng bước và bố trí cán bộ hỗ trợ tại quầy vào giờ hành chính.' },
];

async function demoUser(ctx: AppContext, username: string): Promise<SessionUser | null> {
  const row = await ctx.db.selectFrom('users').select(['id', 'username', 'full_name', 'role', 'org_id', 'id_number', 'phone', 'email', 'address'])
    .where('username', '=', username).where('is_demo', '=', true).executeTakeFirst();
  return row ? toSessionUser(row) : null;
}

const WD = 480; // working minutes in a working day

/** Seeds the feedback of the year ending at `anchor`; returns how many items it entered. */
export async function seedDemoFeedback(ctx: AppContext, anchor: Date, seed: number): Promise<number> {
  const citizen = await demoUser(ctx, 'citizen');
  const existing = new Set((await ctx.db.selectFrom('feedback').select('received_at').where('received_at', '<', anchor).execute()).map((r) => r.received_at.getTime()));
  let entered = 0;
  let reopenedOne = false;
  for (const unit of UNITS) {
    const [intake, officer, leader] = await Promise.all([demoUser(ctx, unit.intake), demoUser(ctx, unit.officer), demoUser(ctx, unit.leader)]);
    if (!intake || !officer || !leader || !(await ctx.orgs.find(unit.orgId))) continue;
    const cal = await ctx.calendars.forOrg(unit.orgId);
    for (let i = 0; i < unit.items; i++) {
      // One generator per item: a resumed run draws the same times and texts for the items it still enters.
      const r = new Random(hashText(`feedback:${unit.orgId}:${i}`, seed));
      const open = i < OPEN.length;
      let scenario: Scenario = open ? OPEN[i]! : CLOSED[i % CLOSED.length]!;
      if (!open && !reopenedOne && unit.orgId === 'phuong-sai-gon' && scenario === 'published') {
        scenario = 'reopened';
        reopenedOne = true;
      }
      // Intake moment: working days before the anchor (recent for the open items, up to a year for the closed).
      const daysBack = open ? OPEN_DAYS_BACK[scenario]! : 25 + Math.round(((i - OPEN.length + 1) / (unit.items - OPEN.length)) * 215) + r.int(0, 5);
      const minutes = r.int(30, 420);
      let back = (daysBack * 7) / 5;
      let start = cal.addWorkingMinutes(new Date(anchor.getTime() - back * 86_400_000), minutes);
      // A weekend or holiday in between can carry the moment to the anchor: go back a day at a time.
      while (start.getTime() > anchor.getTime() - 2 * 3_600_000) start = cal.addWorkingMinutes(new Date(anchor.getTime() - ++back * 86_400_000), minutes);
      if (existing.has(start.getTime())) continue;
      let t = start;
      /** The next step, `days` working days (and a few minutes) later, never at or after the anchor. */
      const later = (days: number) => {
        const next = cal.addWorkingMinutes(t, Math.round(days * WD) + r.int(5, 90));
        t = next.getTime() < anchor.getTime() ? next : new Date(Math.max(t.getTime() + 60_000, anchor.getTime() - 60_000));
        return t;
      };
      const at = (when: Date) => ({ ...ctx, clock: () => when });
      const topic = r.pick(TOPICS);
      const name = r.pick(NAMES);
      const phone = `0900${String(r.int(0, 999_999)).padStart(6, '0')}`;
      const online = citizen !== null && i % 5 === 4;
      const created = await submitFeedback(at(start), online ? citizen : intake, {
        orgId: unit.orgId,
        subject: topic.subject,
        // Personal data in the text, as people write it: masked when the answer is published.
        content: online ? topic.content : `Tôi là ${name}, điện thoại ${phone}. ${topic.content}`,
        consentPublish: scenario !== 'private',
        attachments: [],
        ...(online ? {} : { sender: { fullName: name, phone } }),
      });
      entered++;
      const id = created.id;
      const staff = (who: SessionUser, command: FeedbackCommand, days: number) => performFeedbackAction(at(later(days)), who, id, command, undefined);
      const sender = (command: FeedbackCommand, days: number) =>
        online ? performFeedbackAction(at(later(days)), citizen, id, command, undefined) : performFeedbackAction(at(later(days)), null, created.code, command, undefined, created.senderSecret!);
      if (scenario === 'waiting' || scenario === 'open_late') continue;
      if (scenario === 'rejected' || scenario === 'returned') {
        await staff(officer, scenario === 'rejected' ? { action: 'reject', reason: 'Nội dung không thuộc thẩm quyền giải quyết của đơn vị; đề nghị gửi Sở Tài nguyên và Môi trường.' } : { action: 'return', reason: 'Phản ánh chưa nêu rõ hồ sơ, thời gian và địa điểm; đề nghị bổ sung rồi gửi lại.' }, r.between(0.3, 1.5));
        continue;
      }
      await staff(officer, { action: 'accept' }, r.between(0.1, 1));
      if (scenario === 'processing') continue;
      if (scenario === 'info') {
        await staff(officer, { action: 'request_info', note: 'Đề nghị cho biết mã hồ sơ và ngày nộp.' }, 0.5);
        continue;
      }
      await staff(officer, { action: 'answer', answer: topic.answer }, scenario === 'published_late' ? 15 : r.between(1, 4));
      if (scenario === 'processed') continue;
      await staff(leader, { action: 'approve' }, scenario === 'published_late' ? 3 : r.between(0.5, 2));
      if (scenario === 'to_publish') continue;
      await staff(officer, { action: 'publish' }, r.between(0.1, 1.5));
      if (scenario === 'private') continue;
      // Answered late: the sender is not satisfied; otherwise mostly satisfied.
      const satisfied = scenario !== 'published_late' && r.chance(0.8);
      if (scenario === 'reopened') {
        await sender({ action: 'rate', rating: 'dissatisfied' }, 0.5);
        await sender({ action: 'reopen', reason: 'Câu trả lời chưa nêu thời hạn khắc phục.' }, 0.5);
        await staff(officer, { action: 'answer', answer: `${topic.answer} Việc khắc phục hoàn thành trong tháng này.` }, 2);
        await staff(leader, { action: 'approve' }, 0.5);
        await staff(officer, { action: 'publish' }, 0.5);
        await sender({ action: 'rate', rating: 'satisfied' }, 1);
      } else if (scenario === 'published_late' || r.chance(0.75)) {
        await sender({ action: 'rate', rating: satisfied ? 'satisfied' : 'dissatisfied' }, r.between(0.2, 3));
      }
    }
  }
  return entered;
}
