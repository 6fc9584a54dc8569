/**
 * One dossier as its reader may see it: where the reader stands (positionOf, also used to act),
 * officers see the whole history, the applicant sees notes meant for them. The clock (on time, due
 * soon, paused, late) comes from the one timeliness rule.
 */
import { sql } from 'kysely';
import { precompiled } from '../../platform/db/precompiled.ts';
import { rowToState, type DossierRow } from './store.ts';
import { errors } from '../../kernel/errors.ts';
import { apologyChoices, availableActions } from './domain/lifecycle.ts';
import { canView, type ActorPosition } from './domain/policy.ts';
import { ACTION_LABELS, NOTE_FIELDS, RATING_LABELS, STATUS_LABELS, noteVisibilityOf, type NoteVisibility } from './domain/types.ts';
import { formatVietnamIso } from '../calendar/domain/local-time.ts';
import { minutesUntil } from '../calendar/domain/deadlines.ts';
import { openClock, openTimelinessOf, standingAt, type Standing } from './domain/timeliness.ts';
import { documentsOf } from '../documents/documents.ts';
import type { AppContext } from '../../context.ts';
import type { OrgSnapshot } from '../organisations/directory.ts';
import type { SessionUser } from '../identity/auth.ts';

export const vnIso = (d: Date | null) => (d ? formatVietnamIso(d) : null);
const isOfficer = (u: SessionUser) => u.role !== 'citizen';

/** Where the user stands relative to the dossier; pure, so it is safe inside a transaction. */
export function positionOf(orgs: OrgSnapshot, user: SessionUser, row: Pick<DossierRow, 'applicant_id' | 'walk_in_id_number' | 'receiving_org_id' | 'current_org_id'>, heldBy: string[]): ActorPosition {
  const officer = isOfficer(user);
  return {
    userId: user.id,
    role: user.role,
    isApplicant: row.applicant_id === user.id || isWalkInApplicant(user, row.walk_in_id_number),
    coversReceivingOrg: officer && orgs.covers(user.orgId, row.receiving_org_id),
    coversCurrentOrg: officer && orgs.covers(user.orgId, row.current_org_id),
    coversParticipantOrg: officer && heldBy.some((o) => orgs.covers(user.orgId, o)),
  };
}

/**
 * A dossier received at the counter belongs to the citizen account holding the applicant's ID number,
 * whenever they registered or bound it (migration 022): the link follows the ID number.
 */
export function isWalkInApplicant(user: SessionUser, walkInIdNumber: string | null): boolean {
  return user.role === 'citizen' && walkInIdNumber !== null && user.idNumber !== null && walkInIdNumber === user.idNumber;
}

/** The components handed in on paper and kept at the office (counter reception), from the submit entry. */
function paperKeptOf(submitPayload: Record<string, unknown> | undefined): string[] {
  const given = Array.isArray(submitPayload?.attachments) ? (submitPayload.attachments as Array<{ componentCode?: unknown; paperKept?: unknown }>) : [];
  return given.flatMap((a) => (a.paperKept === true && typeof a.componentCode === 'string' ? [a.componentCode] : []));
}

interface HistoryRow {
  seq: number;
  action: string;
  from_status: string | null;
  to_status: string;
  at: string;
  payload: Record<string, unknown>;
  hash: string;
  actor_role: string | null;
  actor_id: string | null;
  full_name: string | null;
  org_name: string | null;
}
interface AttachmentRow {
  id: string;
  filename: string;
  media_type: string;
  size: number;
  sha256: string;
  signature: unknown;
  component_code: string;
  action_seq: number;
  /** Reused from the applicant's data store (issue 18, table of the citizen-store module). */
  store_document_id: string | null;
}
interface SignedRow {
  id: string;
  kind: string;
  upload_id: string;
  revoked_at: string | null;
}

/** The dossier with everything its view needs, in one round trip (aggregated subqueries). */
async function loadDossierForView(ctx: AppContext, code: string) {
  return (await ctx.db.executeQuery(dossierForView({ code }))).rows[0];
}

const dossierForView = precompiled((q, p: { code: string }) =>
  q
    .selectFrom('dossiers')
    .innerJoin('procedures', 'procedures.code', 'dossiers.procedure_code')
    .selectAll('dossiers')
    .select(['procedures.name as procedure_name', 'procedures.components as procedure_components'])
    .select([
      sql<string[]>`coalesce((select array_agg(o.org_id) from dossier_orgs o where o.dossier_id = dossiers.id), '{}')`.as('held_org_ids'),
      sql<HistoryRow[]>`coalesce((select json_agg(h order by h.seq) from (
        select a.seq, a.action, a.from_status, a.to_status, a.at, a.payload, a.hash, a.actor_role, a.actor_id, u.full_name, g.name as org_name
        from dossier_actions a left join users u on u.id = a.actor_id left join organisations g on g.id = a.actor_org_id
        where a.dossier_id = dossiers.id) h), '[]'::json)`.as('history'),
      sql<AttachmentRow[]>`coalesce((select json_agg(x order by x.action_seq) from (
        select up.id, up.filename, up.media_type, up.size, up.sha256, up.signature, da.component_code, da.action_seq,
               (select min(r.document_id) from citizen_document_reuses r where r.dossier_id = da.dossier_id and r.upload_id = da.upload_id) as store_document_id
        from dossier_attachments da join uploads up on up.id = da.upload_id where da.dossier_id = dossiers.id) x), '[]'::json)`.as('attachments'),
      sql<SignedRow[]>`coalesce((select json_agg(s order by s.issued_at) from (
        select id, kind, upload_id, revoked_at, issued_at from signed_documents where dossier_id = dossiers.id) s), '[]'::json)`.as('signed'),
    ])
    .where('dossiers.code', '=', p.code),
);

type ViewRow = NonNullable<Awaited<ReturnType<typeof loadDossierForView>>>;

/** An imported dossier found by the code it had in the old system (looked up only when no code matches). */
async function loadDossierByLegacyCode(ctx: AppContext, legacyCode: string) {
  const found = await ctx.db.selectFrom('dossiers').select('code').where('legacy_code', '=', legacyCode).executeTakeFirst();
  return found ? loadDossierForView(ctx, found.code) : undefined;
}

export async function getDossier(ctx: AppContext, user: SessionUser, code: string) {
  const row = (await loadDossierForView(ctx, code)) ?? (await loadDossierByLegacyCode(ctx, code));
  if (!row) throw errors.notFound('dossier', code);
  const actor = positionOf(await ctx.orgs.snapshot(), user, row, row.held_org_ids);
  // The same answer as for a missing code, so codes of others' dossiers cannot be probed (issue 12, low).
  if (!canView(actor)) throw errors.notFound('dossier', code);
  return dossierView(ctx, row, actor);
}

async function dossierView(ctx: AppContext, row: ViewRow, actor: ActorPosition) {
  const state = rowToState(row);
  const procedure = { code: row.procedure_code, name: row.procedure_name, components: row.procedure_components };
  const actions = row.history.map((a) => ({ ...a, at: new Date(a.at) }));
  const attachments = row.attachments;
  const receiving = await ctx.orgs.get(row.receiving_org_id);
  const current = await ctx.orgs.get(row.current_org_id);
  const now = ctx.clock();
  // One rule (src/modules/dossiers/domain/timeliness.ts) for the view, the desk list, the summary and every figure.
  const standing = standingAt(state, now);
  const calendar = await ctx.calendars.forOrg(row.receiving_org_id);
  const step = state.process.steps[state.currentStep];
  const minutesLeftNow = clockRunning(standing, state.status) ? minutesUntil(calendar, now, state.dueAt!) : null;
  const clock = openClock(standing, minutesLeftNow);
  const offered = availableActions(state, actor);
  return {
    id: row.id,
    code: row.code,
    /** The number of the last log entry: send it back as If-Match or expectedVersion with an action. */
    version: row.last_seq,
    legacyCode: row.legacy_code,
    procedure: { code: procedure.code, name: procedure.name },
    status: state.status,
    statusLabel: STATUS_LABELS[state.status],
    channel: row.channel,
    ruleVersion: state.ruleVersion,
    applicant: row.applicant,
    form: row.form,
    lookupSecret: row.lookup_secret,
    receivingOrg: { id: receiving.id, name: receiving.name, agencyEid: receiving.agency_eid },
    currentOrg: { id: current.id, name: current.name },
    currentStep: step ? { index: state.currentStep, name: step.name, role: step.role, orgId: state.currentOrgId, startedAt: vnIso(state.stepStartedAt), dueAt: vnIso(state.stepDueAt) } : null,
    process: state.process,
    submittedAt: vnIso(state.submittedAt),
    acceptedAt: vnIso(state.acceptedAt),
    dueAt: vnIso(state.dueAt),
    appointmentAt: vnIso(state.appointmentAt),
    pausedAt: vnIso(state.pausedAt),
    finishedAt: vnIso(state.finishedAt),
    timeliness: state.timeliness,
    openTimeliness: openTimelinessOf(standing),
    /** Where the open dossier stands now: on_time, due_soon, paused (not late), late; null when not open. */
    clock,
    workingMinutesLeft: minutesLeftNow,
    dueSoon: clock === 'due_soon',
    supplementRequests: state.supplementRequests,
    countsAsOverdue: state.forcedOverdue,
    apologies: state.apologies,
    resultUploadId: state.resultUploadId,
    returnChannel: state.returnChannel,
    rating: state.ratingLevel ? { level: state.ratingLevel, label: RATING_LABELS[state.ratingLevel] } : null,
    attachments: attachments.map((a) => ({
      uploadId: a.id,
      componentCode: a.component_code,
      componentName: a.component_code === 'result' ? 'Kết quả giải quyết' : (procedure.components.find((c) => c.code === a.component_code)?.name ?? a.component_code),
      filename: a.filename,
      mediaType: a.media_type,
      size: a.size,
      sha256: a.sha256,
      /** Verification of the applicant's digital signature, when the file is signed. */
      signature: a.signature,
      url: `/api/uploads/${a.id}`,
      storeDocumentId: a.store_document_id,
    })),
    paperKept: paperKeptOf(actions[0]?.payload),
    history: actions.map((a) => historyEntry(a, actor.role === 'citizen')),
    availableActions: offered,
    /** What the apology form may offer: whole minutes the one apology rule accepts now (null unless offered). */
    apology: offered.includes('apologize') ? apologyView(apologyChoices(state, now, calendar)) : null,
    /** Official documents: the forms this dossier has reached, and its signed electronic result. */
    documents: documentsOf(row, actions.map((a) => a.action), row.signed),
  };
}

function apologyView(c: ReturnType<typeof apologyChoices>) {
  return c ? { earliestAt: vnIso(c.earliestAt)!, suggestedAt: vnIso(c.suggestedAt)!, latestAt: vnIso(c.latestAt)! } : null;
}

/**
 * One entry of the history. The applicant sees officers by their unit, not their name, and internal
 * notes not at all (docs/lifecycle.md, "Notes and who sees them"); officers see everything.
 */
function historyEntry(a: Omit<HistoryRow, 'at'> & { at: Date }, forApplicant: boolean) {
  const noteVisibility = noteVisibilityOf(a.action, a.payload);
  const staff = a.actor_role !== 'citizen';
  return {
    seq: a.seq,
    action: a.action,
    label: ACTION_LABELS[a.action as keyof typeof ACTION_LABELS] ?? { vi: a.action, en: a.action },
    fromStatus: a.from_status,
    toStatus: a.to_status,
    at: vnIso(a.at),
    actor: forApplicant && staff ? { id: null, name: null, role: a.actor_role, orgName: a.org_name } : { id: a.actor_id, name: a.full_name, role: a.actor_role, orgName: a.org_name },
    payload: forApplicant ? forTheApplicant(a.payload, noteVisibility) : a.payload,
    noteVisibility,
    hash: a.hash,
  };
}

/** The payload without internal notes and without staff names an imported history may carry. */
function forTheApplicant(payload: Record<string, unknown>, visibility: NoteVisibility): Record<string, unknown> {
  const kept = { ...payload };
  delete kept.actorName;
  if (visibility === 'internal') for (const f of NOTE_FIELDS) delete kept[f];
  return kept;
}

/** The applicant-visible note of an officer's entry, for the public lookup. */
export function applicantNote(action: string, actorRole: string | null, payload: Record<string, unknown>): string | null {
  if (actorRole === 'citizen' || noteVisibilityOf(action, payload) !== 'applicant') return null;
  const text = NOTE_FIELDS.map((f) => payload[f]).find((v) => typeof v === 'string' && v.trim() !== '');
  return typeof text === 'string' ? text : null;
}

/** The clock runs for an open dossier not waiting for a supplement: only then do working minutes left mean something. */
export const clockRunning = (standing: Standing | null, status: string) => standing !== null && status !== 'awaiting_supplement';
