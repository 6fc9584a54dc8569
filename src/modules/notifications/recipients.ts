/**
 * Who a notice goes to and the values its templates need, read from the dossier, the account, the
 * feedback item. Reads only: notifications never write another module's tables.
 */
import type { AppContext } from '../../context.ts';
import { formatVietnamDateTime } from '../calendar/domain/local-time.ts';
import type { Recipient } from './dispatch.ts';

export interface DossierFacts {
  id: string;
  code: string;
  status: string;
  procedureName: string;
  applicant: Recipient | null;
  appointment: string;
  dueAt: Date | null;
  acceptedAt: Date | null;
  pausedAt: Date | null;
  currentOrgId: string;
  step: { orgId: string; role: string } | null;
  /** The reason or note of the latest action of this name (what to supplement, why rejected, why late). */
  reason: string;
}

const ACTION_OF_EVENT: Record<string, string> = { 'dossier.supplement_requested': 'request_supplement', 'dossier.rejected': 'reject', 'dossier.apology': 'apologize' };

export async function dossierFacts(ctx: AppContext, ref: { id?: string; code?: string }, event?: string): Promise<DossierFacts | null> {
  let q = ctx.db
    .selectFrom('dossiers')
    .innerJoin('procedures', 'procedures.code', 'dossiers.procedure_code')
    .leftJoin('users', 'users.id', 'dossiers.applicant_id')
    .select([
      'dossiers.id', 'dossiers.code', 'dossiers.status', 'dossiers.applicant', 'dossiers.applicant_id', 'dossiers.appointment_at', 'dossiers.due_at', 'dossiers.accepted_at', 'dossiers.paused_at',
      'dossiers.current_org_id', 'dossiers.current_step', 'dossiers.process', 'procedures.name as procedure_name',
      'users.role as user_role', 'users.email as user_email', 'users.phone as user_phone', 'users.active as user_active',
    ]);
  if (ref.id) q = q.where('dossiers.id', '=', ref.id);
  else if (ref.code) q = q.where('dossiers.code', '=', ref.code);
  else return null;
  const d = await q.executeTakeFirst();
  if (!d) return null;
  let reason = '';
  const action = event ? ACTION_OF_EVENT[event] : undefined;
  if (action) {
    const a = await ctx.db.selectFrom('dossier_actions').select('payload').where('dossier_id', '=', d.id).where('action', '=', action).orderBy('seq', 'desc').limit(1).executeTakeFirst();
    const p = (a?.payload ?? {}) as Record<string, unknown>;
    reason = String(p.reason ?? p.note ?? '');
  }
  const process = d.process as { steps?: Array<{ orgId: string; role: string }> };
  const applicant = d.applicant;
  // The contact given on this dossier first; the account's when the dossier has none. Only a citizen's
  // account gets in-app notices (never an officer's account that happened to be recorded).
  const isCitizen = d.user_role === 'citizen' && d.user_active === true;
  return {
    id: d.id,
    code: d.code,
    status: d.status,
    procedureName: d.procedure_name,
    applicant: {
      userId: isCitizen ? d.applicant_id : null,
      name: applicant.fullName,
      email: applicant.email || (isCitizen ? d.user_email : null) || null,
      phone: applicant.phone || (isCitizen ? d.user_phone : null) || null,
    },
    appointment: d.appointment_at ? formatVietnamDateTime(d.appointment_at) : d.due_at ? formatVietnamDateTime(d.due_at) : '',
    dueAt: d.due_at,
    acceptedAt: d.accepted_at,
    pausedAt: d.paused_at,
    currentOrgId: d.current_org_id,
    step: d.current_step >= 0 ? (process.steps?.[d.current_step] ?? null) : null,
    reason,
  };
}

export async function accountRecipient(ctx: AppContext, userId: string): Promise<Recipient | null> {
  const u = await ctx.db.selectFrom('users').select(['id', 'full_name', 'email', 'phone', 'active']).where('id', '=', userId).executeTakeFirst();
  if (!u || !u.active) return null;
  return { userId: u.id, name: u.full_name, email: u.email, phone: u.phone };
}

/** Active officers of a unit with a role (the handling officers of a step, or its leaders). */
export async function officersOf(ctx: AppContext, orgId: string, role: string): Promise<Recipient[]> {
  const rows = await ctx.db
    .selectFrom('users')
    .select(['id', 'full_name', 'email', 'phone'])
    .where('org_id', '=', orgId)
    .where('role', '=', role as 'leader')
    .where('active', '=', true)
    .orderBy('id')
    .execute();
  return rows.map((u) => ({ userId: u.id, name: u.full_name, email: u.email, phone: u.phone }));
}

export async function feedbackSender(ctx: AppContext, feedbackId: string): Promise<{ code: string; recipient: Recipient } | null> {
  const f = await ctx.db.selectFrom('feedback').select(['code', 'sender_name', 'sender_user_id', 'sender_phone', 'sender_email']).where('id', '=', feedbackId).executeTakeFirst();
  if (!f) return null;
  return { code: f.code, recipient: { userId: f.sender_user_id, name: f.sender_name, email: f.sender_email, phone: f.sender_phone } };
}
