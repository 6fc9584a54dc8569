/**
 * The sampling frame of a satisfaction survey (src/modules/surveys): the applicants of dossiers that
 * got their result (completed or returned) in a period, at the receiving units of a subtree, optionally
 * narrowed to fields and channels. A read, for the surveys module; personal data leaves through here
 * only into the survey's invitations (whose export is permission-checked and audited there).
 */
import type { AppContext } from '../../context.ts';

export interface SurveyFrameQuery {
  /** Receiving units (a subtree, expanded by the caller). */
  orgIds: string[];
  /** Inclusive days, Vietnam time (YYYY-MM-DD). */
  from: string;
  to: string;
  fieldCodes: string[];
  channels: string[];
}

export interface SurveyFrameRow {
  /** Who the person is, for "never twice": the ID number, else the tax code, else the account. */
  personKey: string;
  fullName: string;
  phone: string | null;
  email: string | null;
  address: string | null;
  dossierCode: string;
  orgId: string;
  fieldCode: string;
  channel: string;
  finishedAt: string;
}

const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

export async function surveyFrame(ctx: AppContext, q: SurveyFrameQuery): Promise<SurveyFrameRow[]> {
  if (q.orgIds.length === 0) return [];
  let query = ctx.db
    .selectFrom('dossiers')
    .select(['code', 'applicant', 'applicant_id', 'walk_in_id_number', 'receiving_org_id', 'field_code', 'channel', 'finished_at'])
    .where('status', 'in', ['completed', 'returned'])
    .where('receiving_org_id', 'in', q.orgIds)
    .where('finished_at', '>=', new Date(`${q.from}T00:00:00+07:00`))
    .where('finished_at', '<', new Date(`${nextDay(q.to)}T00:00:00+07:00`));
  if (q.fieldCodes.length) query = query.where('field_code', 'in', q.fieldCodes);
  if (q.channels.length) query = query.where('channel', 'in', q.channels as Array<'online' | 'counter' | 'post'>);
  const rows = await query.execute();
  return rows.map((r) => {
    const a = r.applicant;
    const id = a.idNumber ?? r.walk_in_id_number ?? null;
    return {
      personKey: id ? `id:${id}` : a.taxCode ? `tax:${a.taxCode}` : `user:${r.applicant_id}`,
      fullName: a.fullName,
      phone: a.phone || null,
      email: a.email ?? null,
      address: a.address || null,
      dossierCode: r.code,
      orgId: r.receiving_org_id,
      fieldCode: r.field_code,
      channel: r.channel,
      finishedAt: r.finished_at!.toISOString(),
    };
  });
}
