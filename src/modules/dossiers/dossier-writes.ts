/**
 * The one write path for every dossier change (issue 13, item 2). Online and counter submission, every
 * action, the historical import — and later integrations — record through `record`,
 * which in one statement (so one transaction, src/platform/db/write-together.ts):
 *   1. checks each action with the domain (`decide`) on the state the previous one left,
 *   2. appends it to the hash-chained log,
 *   3. writes the projection (the dossiers row) as the last action left it,
 *   4. adds the actions' counter increments (stats_daily, stats_monthly),
 *   5. links the files an action brings and remembers each organisation that holds the dossier,
 *      and marks the dossier digitised when the first component file comes (766 criterion 4.2,
 *      src/modules/measurement/dossier-marks.ts),
 *   6. enqueues the outbox messages.
 * Nothing else in src/ writes those tables (test/write-path.test.ts checks the source), so a rule
 * about what a change writes has one home.
 *
 * Who acts, through which channel and when (`at`) are the caller's: a live action is stamped with the
 * clock, an imported one replays its own timestamps. Replayed histories differ from live ones only
 * where history must: their file links stay in the old system, and they notify nobody (see `Replay`).
 *
 * Concurrency is the caller's choice of `db`: an action on an existing dossier runs on the pool
 * without a transaction and is optimistic — the statement's first write is the log entry
 * (dossier_id, seq), so a concurrent action that took that seq makes the whole statement fail with
 * nothing written, and the caller decides again (performAction in ./dossiers.ts). A new dossier is
 * recorded inside the caller's transaction, which holds the agency's daily code row it numbered with.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import { json } from '../../platform/db/db.ts';
import { precompiled } from '../../platform/db/precompiled.ts';
import { precompiledOutboxWrite } from '../../platform/outbox/write.ts';
import { writeTogether, type Write } from '../../platform/db/write-together.ts';
import { countersWrites, type DatedIncrements } from '../measurement/counters-store.ts';
import { markWrites } from '../measurement/dossier-marks.ts';
import { actionEntryWrite, stateColumns, updateDossierState } from './store.ts';
import { GENESIS_HASH, type ActionLogEntry } from './domain/action-log.ts';
import { decide, openDossier, type Command, type Decision } from './domain/lifecycle.ts';
import { transferDecision, type TransferCommand } from './domain/transfer.ts';
import type { ActorPosition } from './domain/policy.ts';
import type { DossierState, ProcessSnapshot } from './domain/types.ts';
import { incrementsOf } from '../measurement/domain/counters.ts';
import { dayNumberOf, isoDate } from '../calendar/domain/local-time.ts';
import type { WorkingCalendar } from '../calendar/domain/working-calendar.ts';

export type Channel = 'online' | 'counter' | 'post';

/** Who acts, as the log records it: a user (or null for a replayed history), the role and unit. */
export interface Who {
  actorId: string | null;
  actorRole: string;
  actorOrgId: string | null;
}

/** A dossier to create: its first log entry is `submit`, by `by`, at `at`. */
export interface NewDossier {
  id: string;
  code: string;
  legacyCode: string | null;
  procedureCode: string;
  /** The procedure's field now: the dossier's field, under which its counters are filed (migration 020). */
  fieldCode: string;
  applicantId: string;
  /** At the counter: the applicant's ID number, by which the dossier links to their account (migration 022). */
  walkInIdNumber?: string | null;
  applicant: Record<string, unknown>;
  form: Record<string, unknown>;
  channel: Channel;
  lookupSecret: string;
  receivingOrgId: string;
  process: ProcessSnapshot;
  by: Who;
  at: Date;
  /** What the submit entry records (it is counted by its `channel`). */
  payload: Record<string, unknown>;
  /** The files submitted with it (none for a replay). */
  attachments?: Array<{ componentCode: string; uploadId: string }>;
}

/** A dossier as the last recorded action left it. */
export interface ExistingDossier {
  id: string;
  code: string;
  applicantId: string;
  receivingOrgId: string;
  procedureCode: string;
  /** Its channel and field (dossiers.channel, dossiers.field_code): the subject of its counters with the two above. */
  channel: string;
  fieldCode: string;
  state: DossierState;
  /** The log's head: the last entry's seq (the dossier's version) and hash. */
  head: { seq: number; hash: string };
  /** Organisations that have held it (so a hand-over back to one is not remembered twice). */
  heldOrgIds: readonly string[];
}

/** One action to record. */
export interface Step {
  /** An action of the lifecycle, or the move of an open dossier to a successor unit (./domain/transfer.ts). */
  command: Command | TransferCommand;
  /** Where the actor stands for the domain's permission check. */
  actor: ActorPosition;
  by: Who;
  at: Date;
  /** What the log entry records besides the decision's facts (the request's fields). */
  payload: Record<string, unknown>;
  /**
   * Runs once the domain has decided and before anything is written, inside the caller's transaction:
   * further checks, or work the decision needs (signing a result); may add facts or adjust the state.
   */
  finish?: (decision: Decision) => Promise<void> | void;
}

/** What decisions need besides the state: calendars (from the cache) and the organisation tree. */
export interface DecisionEnv {
  calendarOf: (orgId: string) => WorkingCalendar;
  isWithin?: (orgId: string, unitId: string) => boolean;
}

/**
 * A history replayed from another system (the import). Its actions notify nobody: they happened
 * long ago and the old system told the applicant then. So no `dossier.<action>` message is enqueued
 * for them — the topics that notification handlers listen to — and the dossier gets one
 * `dossier.imported` message instead, at `enqueuedAt`, for integrations that want to know of it (a
 * search index, a national portal). A separate topic rather than a flag on the usual messages, so a
 * handler that forgets to check cannot text thousands of citizens about their dossiers of 2019.
 */
export interface Replay {
  enqueuedAt: Date;
}

export interface RecordInput {
  /** Either a dossier to create (then `steps` follow its submission) or one to act on. */
  dossier: { create: NewDossier } | { existing: ExistingDossier };
  steps: Step[];
  /** Needed when there are steps to decide. */
  env?: DecisionEnv;
  replay?: Replay;
  /**
   * One more write to run in the same statement (e.g. the submission's idempotency key); with
   * `countRowsOf: true` the rows it returns are counted into the answer's `alsoRows`.
   */
  also?: { write: Write; countRows: boolean };
}

export interface Recorded {
  id: string;
  state: DossierState;
  head: { seq: number; hash: string };
  alsoRows: number;
}

/** Everything one record writes, in the order it goes into the statement. */
interface Plan {
  log: Write[];
  files: Write[];
  outbox: Write[];
  counted: DatedIncrements[];
  /** When the first of this record's component files (not a result) came, if any did. */
  componentFileAt: Date | null;
  heldOrgIds: Set<string>;
  newOrgIds: string[];
}

/**
 * Decides each step on the state the last one left and writes the whole change as one statement.
 * A domain refusal (or a `finish` that throws) writes nothing.
 */
export async function record(db: Kysely<DB>, input: RecordInput): Promise<Recorded> {
  const plan: Plan = { log: [], files: [], outbox: [], counted: [], componentFileAt: null, heldOrgIds: new Set(), newOrgIds: [] };
  const start = 'create' in input.dossier ? startNew(input.dossier.create, plan, input.replay) : startExisting(input.dossier.existing, plan);
  let { state, head } = start;
  for (const step of input.steps) {
    ({ state, head } = await recordStep(start.ref, state, head, step, input.env, plan, input.replay));
  }
  if (input.replay) plan.outbox.push(outboxWrite('dossier.imported', { dossierId: start.ref.id, code: start.ref.code, status: state.status, actions: head.seq }, input.replay.enqueuedAt));
  const lastAt = input.steps.length > 0 ? input.steps[input.steps.length - 1]!.at : 'create' in input.dossier ? input.dossier.create.at : null;

  const writes: Write[] = [];
  if ('create' in input.dossier) {
    // The projection is inserted as the history left it; the log entries may follow it in the same
    // statement, because foreign keys are checked at its end.
    writes.push(insertDossierWrite(db, input.dossier.create, state, head, lastAt!), ...plan.log);
  } else {
    // The first log entry first: it is the race guard (see the header).
    writes.push(...plan.log, updateDossierState({ ...stateColumns(state), id: start.ref.id, last_seq: head.seq, last_hash: head.hash, updated_at: lastAt! }));
  }
  const subject = { orgId: start.ref.receivingOrgId, procedureCode: start.ref.procedureCode, channel: start.ref.channel, fieldCode: start.ref.fieldCode };
  writes.push(...countersWrites(subject, plan.counted), ...plan.files, ...heldOrgWrites(db, start.ref.id, plan.newOrgIds), ...plan.outbox);
  // Digitised (766 criterion 4.2): counted once per dossier, on its day of receipt, whichever action brought the first file.
  if (plan.componentFileAt) writes.push(...markWrites({ dossierId: start.ref.id, mark: 'digitised', subject, receivedDay: dayOf(state.submittedAt), at: plan.componentFileAt }));
  if (input.also) writes.push(input.also.write);
  const alsoRows = await writeTogether(db, writes, input.also?.countRows ? { countRowsOf: writes.length - 1 } : {});
  return { id: start.ref.id, state, head, alsoRows };
}

/** Who the dossier is: the same for a new one and an existing one. */
type Ref = Pick<ExistingDossier, 'id' | 'code' | 'applicantId' | 'receivingOrgId' | 'procedureCode' | 'channel' | 'fieldCode'>;

function startNew(d: NewDossier, plan: Plan, replay: Replay | undefined) {
  const state = openDossier({ receivingOrgId: d.receivingOrgId, process: d.process, submittedAt: d.at });
  const entry = logEntry(d.id, 'submit', null, state.status, d.by, d.at, d.payload);
  const head = appendTo(plan, { seq: 0, hash: GENESIS_HASH }, entry);
  plan.counted.push({ day: dayOf(d.at), increments: incrementsOf({ action: 'submit', payload: d.payload }) });
  rememberOrg(plan, d.receivingOrgId);
  if (!replay) {
    for (const a of d.attachments ?? []) addFile(plan, attachmentWrite(d.id, a, head.seq), a.componentCode, d.at);
    plan.outbox.push(outboxWrite('dossier.submitted', { dossierId: d.id, code: d.code, applicantId: d.applicantId, seq: head.seq }, d.at));
  }
  const ref: Ref = { id: d.id, code: d.code, applicantId: d.applicantId, receivingOrgId: d.receivingOrgId, procedureCode: d.procedureCode, channel: d.channel, fieldCode: d.fieldCode };
  return { ref, state, head };
}

function startExisting(d: ExistingDossier, plan: Plan) {
  for (const o of d.heldOrgIds) plan.heldOrgIds.add(o);
  plan.heldOrgIds.add(d.state.currentOrgId);
  return { ref: d as Ref, state: d.state, head: d.head };
}

async function recordStep(ref: Ref, state: DossierState, head: { seq: number; hash: string }, step: Step, env: DecisionEnv | undefined, plan: Plan, replay: Replay | undefined) {
  if (!env) throw new Error('record: steps to decide need calendars (env)');
  // A reorganisation's transfer is the administration's, not a lifecycle action: no actor's permission
  // to check and no clock to move (./domain/transfer.ts); everything else is written like any action.
  const decision: Decision =
    step.command.action === 'transferred_by_reorganisation'
      ? transferDecision(state, step.command)
      : decide(state, step.command, { now: step.at, actor: step.actor, calendarOf: env.calendarOf, isWithin: env.isWithin });
  await step.finish?.(decision);
  const action = step.command.action;
  const payload = { ...step.payload, ...decision.facts };
  const next = appendTo(plan, head, logEntry(ref.id, action, decision.fromStatus, decision.state.status, step.by, step.at, payload));
  plan.counted.push({ day: dayOf(step.at), increments: incrementsOf({ action, payload }) });
  rememberOrg(plan, decision.state.currentOrgId);
  if (!replay) {
    // The files an action brings; a replayed history's files stay in the old system.
    const files = step.command.action === 'supplement' ? step.command.attachments : step.command.action === 'complete' && decision.state.resultUploadId ? [{ componentCode: 'result', uploadId: decision.state.resultUploadId }] : [];
    for (const a of files) addFile(plan, attachmentWrite(ref.id, a, next.seq), a.componentCode, step.at);
    // seq names the log entry, so a handler (the national portal's progress) reports this step, not a later one.
    plan.outbox.push(outboxWrite(`dossier.${action}`, { dossierId: ref.id, code: ref.code, applicantId: ref.applicantId, status: decision.state.status, seq: next.seq }, step.at));
  }
  return { state: decision.state, head: next };
}

function logEntry(dossierId: string, action: string, fromStatus: string | null, toStatus: string, by: Who, at: Date, payload: Record<string, unknown>): Omit<ActionLogEntry, 'seq'> {
  return { dossierId, action, fromStatus, toStatus, actorId: by.actorId, actorRole: by.actorRole, actorOrgId: by.actorOrgId, at: at.toISOString(), payload };
}

function appendTo(plan: Plan, prev: { seq: number; hash: string }, entry: Omit<ActionLogEntry, 'seq'>) {
  const { seq, hash, write } = actionEntryWrite(prev, entry);
  plan.log.push(write);
  return { seq, hash };
}

/** A file an action brings; a component's (not the result) makes the dossier digitised. */
function addFile(plan: Plan, write: Write, componentCode: string, at: Date) {
  plan.files.push(write);
  if (componentCode !== 'result' && !plan.componentFileAt) plan.componentFileAt = at;
}

/** The organisation now holding the dossier, remembered once among those that have held it. */
function rememberOrg(plan: Plan, orgId: string) {
  if (plan.heldOrgIds.has(orgId)) return;
  plan.heldOrgIds.add(orgId);
  plan.newOrgIds.push(orgId);
}

/** The organisations newly holding the dossier (one row each, kept once however often it comes back). */
function heldOrgWrites(db: Kysely<DB>, dossierId: string, orgIds: string[]): Write[] {
  if (orgIds.length === 0) return [];
  // One new holder is the live case (a hand-over): precompiled; a replayed history may bring several.
  if (orgIds.length === 1) return [insertDossierOrg({ dossier_id: dossierId, org_id: orgIds[0]! })];
  return [db.insertInto('dossier_orgs').values(orgIds.map((org_id) => ({ dossier_id: dossierId, org_id }))).onConflict((oc) => oc.doNothing())];
}

const insertDossierOrg = precompiled((q, p: { dossier_id: string; org_id: string }) =>
  q.insertInto('dossier_orgs').values({ dossier_id: p.dossier_id, org_id: p.org_id }).onConflict((oc) => oc.doNothing()),
);

const dayOf = (at: Date) => isoDate(dayNumberOf(at));

function insertDossierWrite(db: Kysely<DB>, d: NewDossier, state: DossierState, head: { seq: number; hash: string }, updatedAt: Date) {
  return db.insertInto('dossiers').values({
    id: d.id,
    code: d.code,
    legacy_code: d.legacyCode,
    procedure_code: d.procedureCode,
    field_code: d.fieldCode,
    applicant_id: d.applicantId,
    walk_in_id_number: d.walkInIdNumber ?? null,
    applicant: json(d.applicant),
    form: json(d.form),
    channel: d.channel,
    lookup_secret: d.lookupSecret,
    ...stateColumns(state),
    last_seq: head.seq,
    last_hash: head.hash,
    updated_at: updatedAt,
  });
}

const insertAttachment = precompiled((q, p: { dossier_id: string; upload_id: string; component_code: string; action_seq: number }) =>
  q.insertInto('dossier_attachments').values({ dossier_id: p.dossier_id, upload_id: p.upload_id, component_code: p.component_code, action_seq: p.action_seq }).onConflict((oc) => oc.doNothing()),
);

function attachmentWrite(dossierId: string, a: { componentCode: string; uploadId: string }, seq: number) {
  return insertAttachment({ dossier_id: dossierId, upload_id: a.uploadId, component_code: a.componentCode, action_seq: seq });
}

/** The outbox's one insert (src/platform/outbox/write.ts), precompiled; the message carries the request that wrote it. */
function outboxWrite(topic: string, payload: Record<string, unknown>, at: Date) {
  return precompiledOutboxWrite({ topic, payload, at });
}
