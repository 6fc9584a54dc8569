/**
 * The e-receipt (biên lai điện tử) of a paid payment, online or at the counter, as a PDF (the documents
 * module's pdfmake set-up: DejaVu embedded, so the Vietnamese text is exact and extractable). It shows
 * who collected, the receipt number, the dossier, the payer, each item and the total, how it was paid.
 * It is the system's receipt; an e-invoice/receipt under the tax rules (Decree 123/2020/NĐ-CP, Decree
 * 11/2020/NĐ-CP on budget collection) is not claimed: docs/payments.md.
 */
import type { AppContext } from '../../context.ts';
import type { SessionUser } from '../identity/auth.ts';
import { DomainError, errors } from '../../kernel/errors.ts';
import { formatVietnamDateTime } from '../calendar/domain/local-time.ts';
import { docDefinition, renderPdf, type Content } from '../documents/forms.ts';
import { dossierFor } from './store.ts';

export const formatVnd = (n: number) => `${String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, '.')} đồng`;

const METHOD_VI = { online: 'Thanh toán trực tuyến qua cổng thanh toán', cash: 'Tiền mặt tại quầy', card: 'Thẻ tại quầy' } as const;

export async function receiptPdf(ctx: AppContext, user: SessionUser, code: string, paymentId: string): Promise<{ pdf: Buffer; receiptNo: string }> {
  const p = await ctx.db.selectFrom('payments').selectAll().where('id', '=', paymentId).where('dossier_code', '=', code).executeTakeFirst();
  if (!p) throw errors.notFound('payment', paymentId);
  const { dossier } = await dossierFor(ctx, user, p.dossier_code).catch(() => { throw errors.notFound('payment', paymentId); });
  if (!p.receipt_no || !p.paid_at) throw new DomainError('not-paid', 409, { vi: 'Khoản này chưa được thanh toán: chưa có biên lai.', en: 'Not paid: there is no receipt.' });
  const org = await ctx.orgs.find(p.collector_org_id);
  const parent = org?.parent_id ? await ctx.orgs.find(org.parent_id) : undefined;
  const row = (label: string, value: string): Content => ({ columns: [{ text: label, width: 130 }, { text: value, bold: true }], margin: [0, 2, 0, 2] });
  const content: Content[] = [
    { columns: [{ stack: [{ text: (parent?.name ?? '').toUpperCase(), fontSize: 8 }, { text: (org?.name ?? p.collector_org_id).toUpperCase(), bold: true, fontSize: 8.5 }], width: '*' }, { text: `Số: ${p.receipt_no}`, alignment: 'right', width: 120 }] },
    { text: 'BIÊN LAI THU PHÍ, LỆ PHÍ', bold: true, fontSize: 13, alignment: 'center', margin: [0, 14, 0, 0] },
    { text: '(Biên lai điện tử)', italics: true, alignment: 'center', margin: [0, 0, 0, 12] },
    row('Mã hồ sơ:', dossier.code),
    row('Thủ tục:', dossier.procedureName),
    row('Người nộp:', dossier.applicant.fullName),
    row('Hình thức thanh toán:', METHOD_VI[p.method]),
    ...(p.gateway_txn_no ? [row('Mã giao dịch cổng thanh toán:', `${p.gateway_txn_no} (${p.txn_ref})`)] : []),
    ...(p.counter_reference ? [row('Số chứng từ tại quầy:', p.counter_reference)] : []),
    row('Thời điểm thanh toán:', formatVietnamDateTime(p.paid_at)),
    {
      table: {
        headerRows: 1,
        widths: [20, '*', 100],
        body: [
          [{ text: 'STT', bold: true }, { text: 'Khoản thu', bold: true }, { text: 'Số tiền', bold: true, alignment: 'right' }],
          ...p.items.map((i, n) => [String(n + 1), i.name, { text: formatVnd(i.amountVnd), alignment: 'right' }]),
          [{ text: '' }, { text: 'Tổng cộng', bold: true }, { text: formatVnd(Number(p.amount_vnd)), bold: true, alignment: 'right' }],
        ],
      },
      margin: [0, 10, 0, 10],
    },
    ...(Number(p.refunded_vnd) > 0 ? [{ text: `Đã hoàn trả: ${formatVnd(Number(p.refunded_vnd))}`, italics: true } as Content] : []),
    { text: `Lập lúc ${formatVietnamDateTime(ctx.clock())} bởi hệ thống một cửa điện tử. Biên lai của hệ thống, không thay thế hóa đơn, chứng từ theo quy định về thuế.`, fontSize: 7.5, italics: true, margin: [0, 16, 0, 0] },
  ];
  return { pdf: await renderPdf(docDefinition(content)), receiptNo: p.receipt_no };
}
