/**
 * The outbox handlers that send each dossier's reception and every change of it to the national portal
 * (issue 18). Each `dossier.<action>` message makes up to two calls: `DongBoHoSoMC` with the dossier as it
 * is NOW (so a late retry never sends an older status over a newer one) and, for an action,
 * `CapNhatTienDoHoSoMC` with the step the message names (payload `seq`). Each successful call is recorded
 * in `national_portal_syncs` under the message's delivery key: a message delivered again (a retry after the
 * second call failed, or after a crash) skips the calls already made. Failures throw, so the outbox retries
 * with backoff and shows the error in the operations list (GET /api/admin/outbox).
 */
import type { AppContext } from '../../../context.ts';
import { outboxHandlers, registerOutboxHandler, type OutboxMessage, type OutboxRegistry } from '../../../platform/outbox/index.ts';
import { ACTION_LABELS, ACTIONS, NOTE_FIELDS, TERMINAL_STATUSES, noteVisibilityOf, type LoggedAction } from '../../dossiers/domain/types.ts';
import { NationalPortalClient, type PortalService } from './client.ts';
import type { NationalPortalConfig, PortalCredentials } from './config.ts';
import { callsFor, portalDossier, portalProgress, type DossierSnapshot, type StepSnapshot } from './domain/mapping.ts';
import { portalLists, type ListInput } from './domain/lists.ts';
import { collectedFees } from '../../payments/collected-fees.ts';

/**
 * Every action that changes a dossier, its reception, and its transfer to a successor unit by a
 * reorganisation (the portal's DonViXuLy changes, and the step is shown). Rating changes nothing the portal tracks.
 */
export const SYNCED_TOPICS = ['dossier.submitted', ...ACTIONS.filter((a) => a !== 'rate').map((a) => `dossier.${a}`), 'dossier.transferred_by_reorganisation'];
export const HANDLER_NAME = 'national-portal.sync';

const clients = new WeakMap<NationalPortalConfig, NationalPortalClient>();
const clientFor = (config: NationalPortalConfig) => {
  let c = clients.get(config);
  if (!c) clients.set(config, (c = new NationalPortalClient(config)));
  return c;
};

/** The credentials of the receiving unit, or of the nearest unit above it that has some. */
async function credentialsFor(ctx: AppContext, config: NationalPortalConfig, orgId: string): Promise<PortalCredentials> {
  const lineage = await ctx.orgs.lineage(orgId);
  for (const org of [...lineage].reverse()) {
    const c = config.credentials[org.id];
    if (c) return c;
  }
  throw new Error(`national portal: no credentials configured for unit ${orgId} or any unit above it (MOTCUA_NATIONAL_PORTAL_CREDENTIALS)`);
}

async function dossierSnapshot(ctx: AppContext, dossierId: string) {
  const d = await ctx.db.selectFrom('dossiers')
    .select(['id', 'code', 'procedure_code', 'applicant', 'applicant_id', 'channel', 'submitted_at', 'due_at', 'status', 'current_org_id', 'receiving_org_id', 'result_upload_id'])
    .where('id', '=', dossierId).executeTakeFirst();
  if (!d) throw new Error(`national portal: no dossier ${dossierId}`);
  let endedAt: Date | null = null;
  if ((TERMINAL_STATUSES as readonly string[]).includes(d.status)) {
    const last = await ctx.db.selectFrom('dossier_actions').select('at').where('dossier_id', '=', dossierId).where('to_status', '=', d.status)
      .orderBy('seq', 'desc').limit(1).executeTakeFirst();
    endedAt = last?.at ?? null;
  }
  const current = await ctx.orgs.find(d.current_org_id);
  const snapshot: DossierSnapshot = {
    code: d.code,
    procedureCode: d.procedure_code,
    applicantName: d.applicant.fullName,
    applicantType: d.applicant.type,
    channel: d.channel,
    submittedAt: d.submitted_at,
    dueAt: d.due_at,
    status: d.status,
    endedAt,
    currentUnitName: current?.name ?? d.current_org_id,
  };
  return { snapshot, receivingOrgId: d.receiving_org_id, lists: () => listInput(ctx, d) };
}

/** What the record's lists are made of (./domain/lists.ts): files, fees, the log, the result, the account's VNeID level. */
async function listInput(ctx: AppContext, d: { id: string; applicant_id: string; status: string; result_upload_id: string | null }): Promise<ListInput> {
  const [files, fees, log, result, account] = await Promise.all([
    ctx.db.selectFrom('dossier_attachments as da').innerJoin('uploads as u', 'u.id', 'da.upload_id')
      .select(['u.id', 'u.filename', 'da.component_code']).where('da.dossier_id', '=', d.id)
      // The result is attached too (component "result"): it goes in DanhSachGiayToKetQua, not among the files submitted.
      .where('da.component_code', '<>', 'result').orderBy('da.action_seq').orderBy('da.component_code').orderBy('u.id').execute(),
    collectedFees(ctx.db, d.id),
    ctx.db.selectFrom('dossier_actions as a').leftJoin('users as u', 'u.id', 'a.actor_id')
      .select(['a.seq', 'a.action', 'a.at', 'a.payload', 'u.full_name']).where('a.dossier_id', '=', d.id).orderBy('a.seq').execute(),
    d.result_upload_id ? ctx.db.selectFrom('uploads').select(['id', 'filename']).where('id', '=', d.result_upload_id).executeTakeFirst() : undefined,
    ctx.db.selectFrom('users').select('identity_level').where('id', '=', d.applicant_id).executeTakeFirst(),
  ]);
  return {
    files: files.map((f) => ({ uploadId: f.id, filename: f.filename, componentCode: f.component_code })),
    fees,
    log: log.map((e) => ({ seq: e.seq, action: e.action, at: e.at, actorName: e.full_name, payload: e.payload })),
    result: result ? { uploadId: result.id, filename: result.filename } : null,
    vneidVerified: (account?.identity_level ?? 0) >= 1,
    status: d.status,
  };
}

async function stepSnapshot(ctx: AppContext, dossierCode: string, dossierId: string, message: OutboxMessage): Promise<StepSnapshot> {
  const seq = message.payload.seq;
  const action = message.topic.slice('dossier.'.length);
  let q = ctx.db.selectFrom('dossier_actions').select(['seq', 'action', 'to_status', 'actor_id', 'actor_org_id', 'at', 'payload']).where('dossier_id', '=', dossierId);
  // Messages written before the payload carried seq: the last entry of that action up to the message's time.
  q = typeof seq === 'number' ? q.where('seq', '=', seq) : q.where('action', '=', action).where('at', '<=', message.createdAt).orderBy('seq', 'desc').limit(1);
  const e = await q.executeTakeFirst();
  if (!e) throw new Error(`national portal: no log entry for ${message.topic} of dossier ${dossierCode}`);
  const actor = e.actor_id ? await ctx.db.selectFrom('users').select('full_name').where('id', '=', e.actor_id).executeTakeFirst() : undefined;
  const unit = e.actor_org_id ? await ctx.orgs.find(e.actor_org_id) : undefined;
  const note = noteVisibilityOf(e.action, e.payload) === 'applicant'
    ? NOTE_FIELDS.map((f) => e.payload[f]).find((v): v is string => typeof v === 'string' && v.trim() !== '') ?? null
    : null;
  return {
    dossierCode,
    action: e.action,
    actionLabel: ACTION_LABELS[e.action as LoggedAction]?.vi ?? e.action,
    toStatus: e.to_status,
    actorName: actor?.full_name ?? null,
    actorUnitName: unit?.name ?? null,
    at: e.at,
    publicNote: note,
  };
}

/** Delivers one dossier message to the portal: the calls not yet made for this delivery, each recorded once made. */
export async function syncDossierMessage(message: OutboxMessage, ctx: AppContext): Promise<void> {
  const config = ctx.config.nationalPortal;
  if (!config) throw new Error('national portal: not configured (MOTCUA_NATIONAL_PORTAL_URL)');
  const dossierId = String(message.payload.dossierId);
  const done = new Set((await ctx.db.selectFrom('national_portal_syncs').select('service').where('delivery_key', '=', message.deliveryKey).execute()).map((r) => r.service));
  const { snapshot, receivingOrgId, lists } = await dossierSnapshot(ctx, dossierId);
  const credentials = await credentialsFor(ctx, config, receivingOrgId);
  const client = clientFor(config);
  for (const service of callsFor(message.topic)) {
    if (done.has(service)) continue;
    let data: unknown[];
    let isUpdating = false;
    let status: string;
    if (service === 'DongBoHoSoMC') {
      const known = await ctx.db.selectFrom('national_portal_syncs').select('dossier_id').where('dossier_id', '=', dossierId).where('service', '=', 'DongBoHoSoMC').limit(1).executeTakeFirst();
      isUpdating = !!known;
      const record = portalDossier(snapshot);
      data = [{ ...record, ...portalLists(await lists()) }];
      status = record.TrangThaiHoSo;
    } else {
      const record = portalProgress(await stepSnapshot(ctx, snapshot.code, dossierId, message));
      data = [record];
      status = record.TrangThai;
    }
    await client.call(credentials, service as PortalService, isUpdating, data, `${message.deliveryKey}:${service}`);
    await ctx.db.insertInto('national_portal_syncs').values({
      delivery_key: message.deliveryKey,
      service,
      dossier_id: dossierId,
      dossier_code: snapshot.code,
      receiving_org_id: receivingOrgId,
      received_at: snapshot.submittedAt,
      portal_status: status,
      synced_at: ctx.clock(),
    }).onConflict((oc) => oc.columns(['delivery_key', 'service']).doNothing()).execute();
  }
}

/** Registers the sync on every dossier topic (src/main.ts, when the portal is configured; tests with their own registry). */
export function registerNationalPortalSync(registry: OutboxRegistry = outboxHandlers, options: { syncImported?: boolean } = {}): void {
  for (const topic of [...SYNCED_TOPICS, ...(options.syncImported === false ? [] : ['dossier.imported'])]) {
    if (registry.handlers(topic).some(([name]) => name === HANDLER_NAME)) continue;
    registerOutboxHandler(topic, HANDLER_NAME, syncDossierMessage, registry);
  }
}

