/**
 * Guards other modules put on a dossier action, without the dossiers module importing them (which
 * would make a cycle: payments uses dossiers). The composition root (src/app.ts) registers them, e.g.
 * payments' "a fee due before the result must be paid before the result is returned". A guard throws a
 * DomainError (409) to refuse; it runs before the action is decided (performAction), so a state the
 * guard did not see (a refund racing with the return) is possible and accepted: see docs/payments.md.
 */
import type { AppContext } from '../../context.ts';
import type { ActionName } from './domain/types.ts';

export interface GuardedDossier {
  id: string;
  code: string;
  status: string;
}

export type ActionGuard = (ctx: AppContext, dossier: GuardedDossier) => Promise<void>;

const guards = new Map<string, { action: ActionName; guard: ActionGuard }>();

/** Registers a guard under a unique name (registering the same name again replaces it: apps are built many times in tests). */
export function registerActionGuard(name: string, action: ActionName, guard: ActionGuard): void {
  guards.set(name, { action, guard });
}

export async function runActionGuards(ctx: AppContext, action: ActionName, dossier: GuardedDossier): Promise<void> {
  for (const g of guards.values()) if (g.action === action) await g.guard(ctx, dossier);
}
