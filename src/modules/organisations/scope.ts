import { DomainError, type FieldIssue } from '../../kernel/errors.ts';
import type { AppContext } from '../../context.ts';
import type { SessionUser } from '../identity/auth.ts';

/** Officers act and read only inside their organisation's subtree. */
export async function requireScope(ctx: AppContext, user: SessionUser, orgId: string): Promise<void> {
  if (!(await ctx.orgs.covers(user.orgId, orgId))) {
    throw new DomainError('forbidden', 403, { vi: 'Cơ quan này không thuộc phạm vi của bạn.', en: 'This organisation is outside your scope.' });
  }
}

/**
 * City-wide data — the national holiday calendar, procedures offered by more than one unit, trust
 * anchors (certification authorities) — is changed only by someone placed at a root of the
 * organisation tree (the city). A ward's administrator covers the ward's subtree, not the city's.
 */
export async function isCityLevel(ctx: AppContext, user: SessionUser): Promise<boolean> {
  if (!user.orgId) return false;
  return (await ctx.orgs.snapshot()).isRoot(user.orgId);
}

export async function requireCityLevel(ctx: AppContext, user: SessionUser): Promise<void> {
  if (!(await isCityLevel(ctx, user))) {
    throw new DomainError('city-level-only', 403, {
      vi: 'Chỉ quản trị viên cấp thành phố được thay đổi dữ liệu dùng chung toàn thành phố.',
      en: 'Only a city-level administrator may change data shared by the whole city.',
    });
  }
}

/**
 * Refusal of a change outside the caller's unit: 403 (the data may be fine; the caller may not change
 * it), with the fields that point outside when there are any.
 */
export function outsideScope(issues: FieldIssue[] = []): DomainError {
  return new DomainError('forbidden', 403, { vi: 'Cơ quan này không thuộc phạm vi của bạn.', en: 'This organisation is outside your scope.' }, issues);
}

/** Refusal of a change to data the whole city shares (see isCityLevel), with the fields concerned. */
export function cityLevelOnly(issues: FieldIssue[] = [], message?: { vi: string; en: string }): DomainError {
  return new DomainError(
    'city-level-only',
    403,
    message ?? {
      vi: 'Chỉ quản trị viên cấp thành phố được thay đổi dữ liệu dùng chung toàn thành phố.',
      en: 'Only a city-level administrator may change data shared by the whole city.',
    },
    issues,
  );
}
