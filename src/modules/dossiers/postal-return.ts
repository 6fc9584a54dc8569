/**
 * "Returned to the applicant" for a result sent by public post (issue 17): recorded when the post
 * reports delivery, by the system actor `system:delivery` (./domain/policy.ts), through the one write
 * path like every other action, so the hash-chained log shows who recorded it, the channel and the
 * carrier's tracking code. Called by the delivery module's outbox handler; safe to call again.
 */
import { errors } from '../../kernel/errors.ts';
import type { AppContext } from '../../context.ts';
import { calendarLookup } from '../calendar/calendars.ts';
import { record } from './dossier-writes.ts';
import { rowToState } from './store.ts';
import { SYSTEM_ACTOR_ROLE, type ActorPosition } from './domain/policy.ts';
import { lostRace } from './actions.ts';

export interface PostalDelivery {
  code: string;
  trackingNumber: string;
  /** When the post delivered it (the carrier's report): the action's time. */
  deliveredAt: Date;
  /** The delivery module's shipment id, kept in the log entry. */
  shipmentId: string;
}

/** 'returned' when recorded now, 'already' when there is nothing to record (returned before, or no result ready). */
export async function recordPostalReturn(ctx: AppContext, d: PostalDelivery): Promise<'returned' | 'already'> {
  const actor: ActorPosition = { userId: SYSTEM_ACTOR_ROLE.delivery, role: 'reception', system: 'delivery', isApplicant: false, coversReceivingOrg: false, coversCurrentOrg: false };
  for (let attempt = 1; ; attempt++) {
    const row = await ctx.db.selectFrom('dossiers').selectAll().where('code', '=', d.code).executeTakeFirst();
    if (!row) throw errors.notFound('dossier', d.code);
    // Returned already (a replayed report, or handed over at the counter meanwhile): nothing to record.
    // Any other state has no result to return; retrying would not change that.
    if (row.status !== 'completed') return 'already';
    const held = await ctx.db.selectFrom('dossier_orgs').select('org_id').where('dossier_id', '=', row.id).execute();
    const calendars = await ctx.calendars.preload(new Set([row.receiving_org_id]));
    // The action's time is the delivery's, but never before the dossier's last change (a late report).
    const at = d.deliveredAt.getTime() < row.updated_at.getTime() ? row.updated_at : d.deliveredAt;
    try {
      await record(ctx.db, {
        dossier: { existing: { id: row.id, code: row.code, applicantId: row.applicant_id, receivingOrgId: row.receiving_org_id, procedureCode: row.procedure_code, channel: row.channel, fieldCode: row.field_code, state: rowToState(row), head: { seq: row.last_seq, hash: row.last_hash }, heldOrgIds: held.map((h) => h.org_id) } },
        steps: [{
          command: { action: 'return_result', channel: 'post', postalTrackingCode: d.trackingNumber },
          actor,
          by: { actorId: null, actorRole: SYSTEM_ACTOR_ROLE.delivery, actorOrgId: row.receiving_org_id },
          at,
          payload: { channel: 'post', postalTrackingCode: d.trackingNumber, shipmentId: d.shipmentId, noteVisibility: 'applicant' },
        }],
        env: { calendarOf: calendarLookup(calendars, ctx.calendars) },
      });
      return 'returned';
    } catch (e) {
      if (lostRace(e) && attempt < 10) continue;
      throw e;
    }
  }
}
