/**
 * The store's outbox handlers: documents are saved to the applicant's store automatically, from the
 * messages the dossiers module's write path (record()) writes in the action's own transaction:
 * - `dossier.accept`: the dossier's digitised components (files uploaded online, scans made at the desk);
 * - `dossier.return_result`: the signed electronic result, and any components supplemented since.
 * Both are idempotent (the store's unique key), so a message delivered twice saves once.
 */
import { registerOutboxHandler, type OutboxHandler } from '../../platform/outbox/index.ts';
import { saveComponents, saveResult } from './store.ts';

export const saveOnAccept: OutboxHandler = async (message, ctx) => {
  const p = message.payload as { dossierId: string };
  await saveComponents(ctx.db, p.dossierId, ctx.clock());
};

export const saveOnReturn: OutboxHandler = async (message, ctx) => {
  const p = message.payload as { dossierId: string };
  await saveComponents(ctx.db, p.dossierId, ctx.clock());
  await saveResult(ctx.db, p.dossierId, ctx.clock());
};

let registered = false;
/** Registers the handlers once per process (routes.ts calls it when the module's routes are loaded). */
export function registerCitizenStoreHandlers(): void {
  if (registered) return;
  registered = true;
  registerOutboxHandler('dossier.accept', 'citizen-store.components', saveOnAccept);
  registerOutboxHandler('dossier.return_result', 'citizen-store.result', saveOnReturn);
}
