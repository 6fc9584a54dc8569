/**
 * Who may see and change a dossier's postal delivery: the applicant (their own dossier only), and
 * officers whose subtree holds the dossier (the dossiers module's rule, ../dossiers/domain/policy.ts).
 * Someone who may not see the dossier hears what they would for a missing one.
 */
import { DomainError, errors } from '../../kernel/errors.ts';
import type { AppContext } from '../../context.ts';
import type { SessionUser } from '../identity/auth.ts';
import { positionOf } from '../dossiers/view.ts';
import { canView } from '../dossiers/domain/policy.ts';
import type { PostalConfig } from '../../context.ts';

export interface DossierForDelivery {
  id: string;
  code: string;
  status: string;
  receivingOrgId: string;
  applicantId: string;
  /** The user is the applicant (else an officer covering the dossier). */
  isApplicant: boolean;
  /** The user is an officer of the receiving side (reception or leader) who may dispatch and cancel. */
  isDeskOfficer: boolean;
}

export async function dossierForDelivery(ctx: AppContext, user: SessionUser, code: string): Promise<DossierForDelivery> {
  const row = await ctx.db
    .selectFrom('dossiers')
    .select(['id', 'code', 'status', 'receiving_org_id', 'current_org_id', 'applicant_id', 'walk_in_id_number'])
    .where('code', '=', code)
    .executeTakeFirst();
  if (!row) throw errors.notFound('dossier', code);
  const held = await ctx.db.selectFrom('dossier_orgs').select('org_id').where('dossier_id', '=', row.id).execute();
  const position = positionOf(await ctx.orgs.snapshot(), user, row, held.map((h) => h.org_id));
  if (!canView(position)) throw errors.notFound('dossier', code);
  return {
    id: row.id,
    code: row.code,
    status: row.status,
    receivingOrgId: row.receiving_org_id,
    applicantId: row.applicant_id,
    isApplicant: position.isApplicant,
    isDeskOfficer: (user.role === 'reception' || user.role === 'leader') && position.coversReceivingOrg,
  };
}

/** The carrier configured, or 409: results by post are not offered by this installation. */
export function postalConfigOf(ctx: AppContext): PostalConfig {
  if (!ctx.config.postal) {
    throw new DomainError('postal-not-configured', 409, { vi: 'Đơn vị chưa kết nối dịch vụ bưu chính công ích; vui lòng nhận kết quả tại bộ phận một cửa.', en: 'No public postal service is connected here; please collect the result at the one-stop desk.' });
  }
  return ctx.config.postal;
}

export const deskOnly = () =>
  new DomainError('forbidden', 403, { vi: 'Chỉ cán bộ bộ phận một cửa của đơn vị tiếp nhận mới được làm việc này.', en: 'Only an officer of the receiving one-stop desk may do this.' });

/** The carrier failed or refused: 502, the reason kept short (it may quote the carrier). */
export const carrierFailed = (e: unknown) =>
  new DomainError('postal-carrier-failed', 502, {
    vi: 'Dịch vụ bưu chính chưa trả lời được; vui lòng thử lại sau.',
    en: `The postal service did not answer; please try again later (${String((e as Error)?.message ?? e).slice(0, 200)}).`,
  });
