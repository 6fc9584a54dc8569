/**
 * The public status lookup: a dossier's code and the secret printed on its receipt show its status,
 * with the applicant's name masked.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { DomainError } from '../../kernel/errors.ts';
import { ACTION_LABELS, STATUS_LABELS } from './domain/types.ts';
import type { AppContext } from '../../context.ts';
import { vnIso, applicantNote } from './view.ts';

export function maskName(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .map((w, i, all) => (i === all.length - 1 ? w : `${w.charAt(0)}.`))
    .join(' ');
}

export async function publicLookup(ctx: AppContext, code: string, secret: string) {
  const row = await ctx.db.selectFrom('dossiers').innerJoin('procedures', 'procedures.code', 'dossiers.procedure_code').selectAll('dossiers').select('procedures.name as procedure_name').where('dossiers.code', '=', code).executeTakeFirst();
  // Compared as digests: equal lengths whatever was typed (a multibyte secret made timingSafeEqual
  // throw), in constant time, and compared even when the code is unknown.
  const a = createHash('sha256').update(secret.toUpperCase()).digest();
  const b = createHash('sha256').update(row?.lookup_secret ?? '\u0000no-dossier').digest();
  if (!timingSafeEqual(a, b) || !row) {
    // One answer for "no such code" and "wrong secret", so codes cannot be probed.
    throw new DomainError('lookup-failed', 404, {
      vi: 'Không tìm thấy hồ sơ với mã và mã tra cứu đã nhập.',
      en: 'No dossier matches that code and lookup secret.',
    });
  }
  const actions = await ctx.db
    .selectFrom('dossier_actions')
    .leftJoin('organisations', 'organisations.id', 'dossier_actions.actor_org_id')
    .select(['dossier_actions.action', 'dossier_actions.at', 'dossier_actions.to_status', 'dossier_actions.actor_role', 'dossier_actions.payload', 'organisations.name as unit'])
    .where('dossier_actions.dossier_id', '=', row.id)
    .orderBy('dossier_actions.seq')
    .execute();
  const receiving = await ctx.orgs.get(row.receiving_org_id);
  return {
    code: row.code,
    procedure: { code: row.procedure_code, name: row.procedure_name },
    status: row.status,
    statusLabel: STATUS_LABELS[row.status as keyof typeof STATUS_LABELS],
    applicantName: maskName(row.applicant.fullName),
    receivingOrg: receiving.name,
    submittedAt: vnIso(row.submitted_at),
    acceptedAt: vnIso(row.accepted_at),
    appointmentAt: vnIso(row.appointment_at),
    finishedAt: vnIso(row.finished_at),
    // The unit that acted (never an officer's name) and only notes meant for the applicant.
    history: actions.map((x) => ({
      action: x.action,
      label: ACTION_LABELS[x.action as keyof typeof ACTION_LABELS],
      status: x.to_status,
      at: vnIso(x.at),
      unit: x.unit,
      note: applicantNote(x.action, x.actor_role, x.payload as Record<string, unknown>),
    })),
  };
}
