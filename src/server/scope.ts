import { DomainError } from '../domain/errors.ts';
import type { AppContext } from '../services/context.ts';
import type { SessionUser } from '../services/auth.ts';

/** Officers act and read only inside their organisation's subtree. */
export async function requireScope(ctx: AppContext, user: SessionUser, orgId: string): Promise<void> {
  if (!(await ctx.orgs.covers(user.orgId, orgId))) {
    throw new DomainError('forbidden', 403, { vi: 'Cơ quan này không thuộc phạm vi của bạn.', en: 'This organisation is outside your scope.' });
  }
}
