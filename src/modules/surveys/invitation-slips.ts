/**
 * Printed invitations (issue 15: "each sampled person gets a one-time link or QR code … or printed for a
 * paper interview that an officer keys in"): one A5 slip per sampled person who has not answered yet,
 * with the unit, the round, the link as a QR code and as text, and how to answer, in Vietnamese.
 *
 * The token is derived from the secret key and the invitation id, never stored (tokens.ts), so the slips
 * can be printed again at any time and carry the same links as the outbox messages and the sample export.
 * They name the person: like the sample export, the caller's scope is checked and every print is audited.
 * Rendered with the documents module's pdfmake set-up (DejaVu embedded, its `qr` node as on the receipt).
 */
import { DomainError } from '../../kernel/errors.ts';
import { recordAudit } from '../audit/audit.ts';
import { docDefinition, renderPdf, type Content } from '../documents/forms.ts';
import type { AppContext } from '../../context.ts';
import type { SessionUser } from '../identity/auth.ts';
import { roundInScope } from './rounds.ts';
import { surveyLink, surveyToken } from './tokens.ts';

const vnDay = (day: string) => day.split('-').reverse().join('/');
const text = (t: string, style: Record<string, unknown> = {}): Content => ({ text: t, ...style });

export interface SlipInput {
  unitName: string;
  parentName: string | null;
  roundName: string;
  from: string;
  to: string;
  fullName: string;
  link: string;
}

/** One slip: a page of its own, so a print shop or an office printer can cut or hand them out one by one. */
export function slip(s: SlipInput, first: boolean): Content[] {
  return [
    {
      stack: [
        ...(s.parentName ? [text(s.parentName.toUpperCase(), { fontSize: 8 })] : []),
        text(s.unitName.toUpperCase(), { bold: true, fontSize: 9 }),
      ],
      alignment: 'center',
      ...(first ? {} : { pageBreak: 'before' }),
    },
    text('PHIẾU MỜI THAM GIA KHẢO SÁT', { bold: true, alignment: 'center', fontSize: 12, margin: [0, 14, 0, 0] }),
    text('SỰ HÀI LÒNG VỀ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH', { bold: true, alignment: 'center', fontSize: 10, margin: [0, 0, 0, 10] }),
    text(`Kính gửi: Ông/Bà ${s.fullName}`, { bold: true, margin: [0, 0, 0, 6] }),
    text(`Đợt khảo sát: ${s.roundName} (hồ sơ có kết quả từ ngày ${vnDay(s.from)} đến ngày ${vnDay(s.to)}).`),
    text(
      `Ông/Bà đã được chọn ngẫu nhiên trong số người dân, tổ chức có hồ sơ thủ tục hành chính được ${s.unitName} giải quyết. ` +
        'Ý kiến của Ông/Bà giúp cơ quan phục vụ tốt hơn.',
      { margin: [0, 4, 0, 8] },
    ),
    {
      columns: [
        { width: 120, qr: s.link, fit: 116 },
        {
          width: '*',
          stack: [
            text('Cách trả lời:', { bold: true }),
            text('1. Quét mã QR bằng camera điện thoại, hoặc gõ đường liên kết bên dưới vào trình duyệt.'),
            text('2. Chấm điểm từ 1 (rất không hài lòng) đến 5 (rất hài lòng) cho từng câu hỏi; có thể lưu và trả lời tiếp sau.'),
            text('3. Bấm “Gửi”. Liên kết chỉ dùng một lần.'),
            text('Không dùng được điện thoại? Ông/Bà có thể trả lời trực tiếp với cán bộ; cán bộ sẽ nhập phiếu giúp.', { italics: true, margin: [0, 4, 0, 0] }),
          ],
          margin: [10, 0, 0, 0],
          fontSize: 8.5,
        },
      ],
      margin: [0, 0, 0, 8],
    },
    text('Đường liên kết:', { fontSize: 8 }),
    // One line, never broken at a slash: a person may have to type it.
    text(s.link, { fontSize: 7, noWrap: true }),
    text(
      'Câu trả lời được lưu tách khỏi tên và hồ sơ của Ông/Bà: không ai, kể cả cán bộ, biết Ông/Bà đã trả lời thế nào. ' +
        'Phiếu mời này mang liên kết riêng của Ông/Bà, xin không chuyển cho người khác.',
      { fontSize: 7.5, italics: true, margin: [0, 10, 0, 0] },
    ),
  ];
}

/**
 * The slips of a round as one PDF: the people not yet answered (a burned link is no use on paper), in the
 * order of the sample export. Only an open round has working links; the print is audited with its count.
 */
export async function invitationSlips(ctx: AppContext, user: SessionUser, id: string): Promise<{ pdf: Buffer; slips: number }> {
  const round = await roundInScope(ctx, user, id);
  if (round.status !== 'open') throw new DomainError('round-not-open', 409, { vi: 'Chỉ in được phiếu mời của đợt khảo sát đang mở.', en: 'Invitations can be printed only for an open round.' });
  const rows = await ctx.db
    .selectFrom('survey_invitations')
    .select(['id', 'stratum_org_id', 'full_name'])
    .where('round_id', '=', id)
    .where('state', '=', 'invited')
    .orderBy('stratum_org_id')
    .orderBy('stratum_field')
    .orderBy('full_name')
    .orderBy('id')
    .execute();
  const orgs = new Map((await ctx.orgs.all()).map((o) => [o.id, o]));
  const content = rows.flatMap((r, i) => {
    const unit = orgs.get(r.stratum_org_id);
    const parent = unit?.parent_id ? orgs.get(unit.parent_id) : undefined;
    return slip({ unitName: unit?.name ?? r.stratum_org_id, parentName: parent?.name ?? null, roundName: round.name, from: round.period_from, to: round.period_to, fullName: r.full_name, link: surveyLink(ctx, surveyToken(ctx, r.id)) }, i === 0);
  });
  const pdf = await renderPdf(docDefinition(content.length ? content : [text('Mọi người trong mẫu đã trả lời: không còn phiếu mời nào để in.')]));
  await recordAudit(ctx.db, ctx, user, { action: 'survey.invitations_print', subjectType: 'survey_round', subjectId: id, orgId: round.org_id, details: { slips: rows.length } });
  return { pdf, slips: rows.length };
}
