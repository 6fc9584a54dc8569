/**
 * The applicant's choice to receive the result by public post (Decision 45/2016/QĐ-TTg): made at
 * submission or later, changed or withdrawn until the result is ready and no order exists. The charge
 * is quoted by the carrier when the choice is made and kept with it.
 */
import { DomainError } from '../../kernel/errors.ts';
import type { AppContext } from '../../context.ts';
import type { SessionUser } from '../identity/auth.ts';
import { PostalClient } from './postal/client.ts';
import { mayChooseInStatus } from './domain/shipment-status.ts';
import { receiverIssues } from './domain/receiver.ts';
import { isProvinceCode } from '../identity/domain/provinces.ts';
import { carrierFailed, dossierForDelivery, postalConfigOf, type DossierForDelivery } from './dossier-access.ts';
import type { ChooseDeliveryRequest } from './contracts.ts';

/** The carrier's charge for posting a result from the unit's province to `provinceCode`. */
export async function quoteFor(ctx: AppContext, provinceCode: string): Promise<{ fee: number; hours: number | null; carrier: string }> {
  const config = postalConfigOf(ctx);
  if (!isProvinceCode(provinceCode)) {
    throw new DomainError('validation-failed', 422, { vi: 'Không có tỉnh, thành phố này.', en: 'No such province.' }, [{ path: 'provinceCode', message: { vi: 'Chọn tỉnh, thành phố trong danh sách', en: 'Choose a province or city from the list' } }]);
  }
  try {
    const quote = await new PostalClient(config).quote({ provinceCode: config.senderProvinceCode }, { provinceCode }, config.weightGrams);
    return { fee: quote.total, hours: quote.hours, carrier: config.carrier };
  } catch (e) {
    throw carrierFailed(e);
  }
}

const resultReady = (status: string) =>
  new DomainError('delivery-choice-closed', 409, {
    vi: `Không thể chọn hoặc thay đổi hình thức nhận kết quả qua bưu chính khi hồ sơ đã ở trạng thái "${status}" (chỉ trước khi có kết quả).`,
    en: `Receiving the result by post can no longer be chosen or changed: the dossier is ${status} (only before the result is ready).`,
  });

const orderExists = () =>
  new DomainError('delivery-order-created', 409, {
    vi: 'Bưu điện đã nhận đơn gửi kết quả; không thể thay đổi địa chỉ nữa.',
    en: 'The shipping order has been placed; the address can no longer be changed.',
  });

/** The applicant (or the desk, for them) may change the choice now; else the 403/409 to raise. */
async function mayChange(ctx: AppContext, d: DossierForDelivery): Promise<void> {
  if (!d.isApplicant && !d.isDeskOfficer) throw new DomainError('forbidden', 403, { vi: 'Chỉ người nộp hồ sơ hoặc cán bộ một cửa mới chọn được hình thức nhận kết quả.', en: 'Only the applicant or the one-stop desk may choose how the result is received.' });
  if (!mayChooseInStatus(d.status)) throw resultReady(d.status);
  const shipment = await ctx.db.selectFrom('postal_shipments').select('id').where('dossier_id', '=', d.id).executeTakeFirst();
  if (shipment) throw orderExists();
}

export async function chooseDelivery(ctx: AppContext, user: SessionUser, code: string, body: ChooseDeliveryRequest): Promise<void> {
  const d = await dossierForDelivery(ctx, user, code);
  const config = postalConfigOf(ctx);
  await mayChange(ctx, d);
  const issues = receiverIssues(body.receiver);
  if (issues.length > 0) throw new DomainError('validation-failed', 422, { vi: 'Địa chỉ nhận kết quả chưa đúng.', en: 'The delivery address is not valid.' }, issues);
  const quote = await quoteFor(ctx, body.receiver.provinceCode);
  const row = {
    receiver_name: body.receiver.fullName.normalize('NFC'),
    receiver_phone: body.receiver.phone,
    receiver_address: body.receiver.address.normalize('NFC'),
    province_code: body.receiver.provinceCode,
    weight_grams: config.weightGrams,
    quoted_fee: quote.fee,
    chosen_by: user.id,
    chosen_at: ctx.clock(),
  };
  await ctx.db.insertInto('delivery_choices').values({ dossier_id: d.id, ...row }).onConflict((oc) => oc.column('dossier_id').doUpdateSet(row)).execute();
}

export async function withdrawChoice(ctx: AppContext, user: SessionUser, code: string): Promise<void> {
  const d = await dossierForDelivery(ctx, user, code);
  await mayChange(ctx, d);
  await ctx.db.deleteFrom('delivery_choices').where('dossier_id', '=', d.id).execute();
}
