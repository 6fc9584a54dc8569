/**
 * Historical import (issue 5): a city migrating from its old system brings its dossiers with their full
 * histories, one dossier per NDJSON line, actions in the vocabulary of the action API with their own
 * timestamps. Each line is validated, then replayed through the one write path of live actions
 * (./dossier-writes.ts): the same domain rules (deadlines, pauses, timeliness), the hash-chained log,
 * the projection and the counters — in one transaction per line, so a bad line writes nothing. A replay
 * notifies nobody (one `dossier.imported` outbox message, no `dossier.<action>`). Idempotent: a line
 * whose dossier code exists is skipped.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';

import { type Command } from './domain/lifecycle.ts';
import { ACTIONS, type ProcessSnapshot, type Role } from './domain/types.ts';
import { DomainError } from '../../kernel/errors.ts';
import { dayNumberOf, isoDate, type DayNumber } from '../calendar/domain/local-time.ts';
import { formatDossierCode, isSystemShapedCode, lookupSecretFrom, sequenceOfCode } from './domain/code.ts';
import { nextCodeSequence, raiseCodeSequence } from './code-sequences.ts';
import { Applicant } from './contracts.ts';
import { IsoInstant } from '../../kernel/contracts.ts';
import { calendarLookup, CalendarNotLoaded } from '../calendar/calendars.ts';
import type { AppContext } from '../../context.ts';
import type { SessionUser } from '../identity/auth.ts';
import { recordAudit } from '../audit/audit.ts';
import { record, type Step } from './dossier-writes.ts';

const ImportedAction = z.object({
  action: z.enum(['submit', ...ACTIONS]),
  at: IsoInstant,
  actorName: z.string().max(200).optional(),
}).catchall(z.unknown());

export const ImportLine = z.strictObject({
  code: z.string().min(3).max(80),
  procedureCode: z.string().min(1).max(64),
  receivingOrgId: z.string().min(1).max(64),
  channel: z.enum(['online', 'counter', 'post']).default('counter'),
  applicant: Applicant,
  form: z.record(z.string().max(64), z.unknown()).default({}),
  actions: z.array(ImportedAction).min(1).max(200),
});
export type ImportLine = z.infer<typeof ImportLine>;

/** The role that performs each action in a replay (the import is done on the organisation's behalf). */
const ROLE_OF: Record<string, Role> = {
  accept: 'reception',
  reject: 'reception',
  request_supplement: 'leader', // a leader may also override the once-only rule, as the record says
  supplement: 'citizen',
  hand_over: 'leader',
  return_to_step: 'leader',
  apologize: 'leader',
  stop: 'leader',
  complete: 'leader',
  return_result: 'reception',
  withdraw: 'citizen',
  rate: 'citizen',
};

export interface ImportReport {
  lines: number;
  imported: number;
  skipped: number;
  errors: Array<{ line: number; code?: string; message: string }>;
}

const IMPORT_USER = 'import:historical';
/** Imported dossiers are told apart from those submitted here by their id. */
const IMPORTED_ID_PREFIX = 'dos_imp_';

async function importUserId(ctx: AppContext): Promise<string> {
  const existing = await ctx.db.selectFrom('users').select('id').where('username', '=', IMPORT_USER).executeTakeFirst();
  if (existing) return existing.id;
  const id = 'usr_import_historical';
  await ctx.db
    .insertInto('users')
    .values({ id, username: IMPORT_USER, password_hash: '!', full_name: 'Người nộp hồ sơ nhập từ hệ thống cũ', role: 'citizen', org_id: null, active: false, id_number: null, phone: null, email: null, address: null })
    .onConflict((oc) => oc.column('username').doNothing())
    .execute();
  return id;
}

export async function importDossiers(
  ctx: AppContext,
  ndjson: string,
  options: {
    lang?: 'vi' | 'en';
    mayImportFor?: (orgId: string) => boolean;
    actor?: SessionUser | null;
    /** The account a line's dossier belongs to, when it is a user's here (the demo citizens'); else the import's placeholder. */
    applicantIdFor?: (line: ImportLine) => string | null;
  } = {},
): Promise<ImportReport> {
  const lang = options.lang ?? 'vi';
  const report: ImportReport = { lines: 0, imported: 0, skipped: 0, errors: [] };
  const applicantId = await importUserId(ctx);
  const lines = ndjson.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]!.trim();
    if (text === '') continue;
    report.lines++;
    const lineNo = i + 1;
    let parsed: ImportLine;
    try {
      const r = ImportLine.safeParse(JSON.parse(text));
      if (!r.success) {
        report.errors.push({ line: lineNo, message: r.error.issues.map((x) => `${x.path.join('.') || '(line)'}: ${x.message}`).join('; ') });
        continue;
      }
      parsed = r.data;
    } catch (e) {
      report.errors.push({ line: lineNo, message: `JSON: ${(e as Error).message}` });
      continue;
    }
    if (options.mayImportFor && !options.mayImportFor(parsed.receivingOrgId)) {
      report.errors.push({ line: lineNo, code: parsed.code, message: `receivingOrgId: ${parsed.receivingOrgId} is outside your organisation` });
      continue;
    }
    try {
      const outcome = await importOne(ctx, parsed, options.applicantIdFor?.(parsed) ?? applicantId);
      if (outcome === 'skipped') report.skipped++;
      else report.imported++;
    } catch (e) {
      const message = e instanceof DomainError ? `${e.code}: ${e.detail[lang]}` : (e as Error).message;
      report.errors.push({ line: lineNo, code: parsed.code, message });
    }
  }
  // One audit entry per import with its counts (each dossier has its own log); null actor: the CLI.
  const actor = options.actor ?? null;
  await recordAudit(ctx.db, ctx, actor, {
    action: 'import.dossiers',
    subjectType: 'import',
    subjectId: ctx.requestId ?? `cli-${ctx.clock().toISOString()}`,
    orgId: actor?.orgId ?? null,
    details: { lines: report.lines, imported: report.imported, skipped: report.skipped, errors: report.errors.length, via: actor ? 'api' : 'cli' },
  });
  return report;
}

/**
 * How an imported dossier is numbered. A code of this system's shape is kept only when it is the
 * receiving unit's (its agency e-ID) on the day of submission, and then raises that day's sequence
 * past it; a code of another shape is the old system's: kept as the legacy code, and the dossier gets
 * the next code of the receiving unit's sequence for that day. Either way no live code is ever taken.
 */
type Numbering = { kind: 'own'; seq: number } | { kind: 'assigned' };

function numberingOf(ctx: AppContext, line: ImportLine, agencyEid: string | null, day: DayNumber): Numbering {
  const pattern = ctx.config.codePattern;
  if (!agencyEid) throw new Error(`receivingOrgId: ${line.receivingOrgId} has no agency e-ID, so its dossiers cannot be numbered`);
  if (!isSystemShapedCode(pattern, line.code)) return { kind: 'assigned' };
  const seq = sequenceOfCode(pattern, line.code, agencyEid, day);
  if (seq === null) {
    const example = formatDossierCode(pattern, agencyEid, day, 1);
    throw new Error(`code: ${line.code} has this system's shape but is not a code of ${line.receivingOrgId} (${agencyEid}) on the day of submission ${isoDate(day)} (e.g. ${example})`);
  }
  return { kind: 'own', seq };
}

/**
 * The actions after `submit` as steps of the write path, performed on the organisation's behalf in
 * the role that performs each (ROLE_OF), at their own times, which must not go backwards.
 */
function replayedSteps(actions: ImportLine['actions'], submittedAt: Date): Step[] {
  let previous = submittedAt.getTime();
  return actions.map((a, k) => {
    const at = new Date(a.at);
    if (at.getTime() < previous) throw new Error(`actions.${k + 1}.at: earlier than the action before it`);
    previous = at.getTime();
    if (a.action === 'submit') throw new Error(`actions.${k + 1}: only the first action may be "submit"`);
    const { action, at: _at, actorName, ...fields } = a;
    const command = { action, ...fields } as Command;
    if (command.action === 'apologize') command.newAppointmentAt = new Date(String(fields.newAppointmentAt));
    if (command.action === 'complete' && !command.resultUploadId) command.resultUploadId = 'imported';
    if (command.action === 'supplement' && !command.attachments) command.attachments = [];
    const role = ROLE_OF[action]!;
    return {
      command,
      actor: { userId: 'import', role, isApplicant: role === 'citizen', coversReceivingOrg: true, coversCurrentOrg: true },
      by: { actorId: null, actorRole: `import:${role}`, actorOrgId: null },
      at,
      payload: { ...fields, ...(actorName ? { actorName } : {}), imported: true },
      // An imported result has no file here; the old system keeps it.
      finish: command.action === 'complete' ? (decision) => void (decision.state.resultUploadId = null) : undefined,
    };
  });
}

async function importOne(ctx: AppContext, line: ImportLine, applicantId: string, again = false): Promise<'imported' | 'skipped'> {
  const exists = await ctx.db.selectFrom('dossiers').select('id').where((eb) => eb.or([eb('code', '=', line.code), eb('legacy_code', '=', line.code)])).executeTakeFirst();
  if (exists) {
    // The same line imported before: idempotent. A live dossier's code is not the import's to take.
    if (exists.id.startsWith(IMPORTED_ID_PREFIX)) return 'skipped';
    throw new Error(`code: ${line.code} is already the code of a dossier submitted in this system`);
  }
  const procedure = await ctx.db.selectFrom('procedures').selectAll().where('code', '=', line.procedureCode).executeTakeFirst();
  if (!procedure) throw new Error(`procedureCode: unknown procedure ${line.procedureCode}`);
  const receivingOk = await ctx.db.selectFrom('procedure_orgs').select('org_id').where('procedure_code', '=', line.procedureCode).where('org_id', '=', line.receivingOrgId).executeTakeFirst();
  if (!receivingOk) throw new Error(`receivingOrgId: ${line.receivingOrgId} does not receive ${line.procedureCode}`);
  const [first, ...rest] = line.actions;
  if (first!.action !== 'submit') throw new Error('actions.0: the history must start with "submit"');
  const process: ProcessSnapshot = {
    duration: { value: procedure.duration_value, unit: procedure.duration_unit },
    steps: procedure.process.map((s) => ({ name: s.name, orgId: s.orgId ?? line.receivingOrgId, role: s.role, durationHours: s.durationHours })),
  };
  const submittedAt = new Date(first!.at);
  const orgIds = new Set([line.receivingOrgId, ...process.steps.map((s) => s.orgId)]);
  for (const a of rest) if (typeof a.toOrgId === 'string') orgIds.add(a.toOrgId);
  const calendars = calendarLookup(await ctx.calendars.preload(orgIds), ctx.calendars);
  const orgs = await ctx.orgs.snapshot();
  for (const id of orgIds) if (!orgs.find(id)) throw new Error(`unknown organisation ${id}`);
  const agencyEid = orgs.find(line.receivingOrgId)!.agency_eid;
  const submittedDay = dayNumberOf(submittedAt);
  const numbering = numberingOf(ctx, line, agencyEid, submittedDay);

  const steps = replayedSteps(rest, submittedAt);
  const id = `${IMPORTED_ID_PREFIX}${randomBytes(12).toString('hex')}`;
  try {
    await ctx.db.transaction().execute(async (trx) => {
      // Numbered first: the sequence row stays locked until this dossier is written or rolled back.
      let code = line.code;
      if (numbering.kind === 'own') await raiseCodeSequence(trx, agencyEid!, submittedDay, numbering.seq);
      else code = formatDossierCode(ctx.config.codePattern, agencyEid!, submittedDay, await nextCodeSequence(trx, agencyEid!, submittedDay));
      // The whole history through the one write path (./dossier-writes.ts): each action decided by
      // the domain on the state the last one left, then the dossier, its log, holders and counters
      // written as one statement. A replay notifies nobody (see Replay there).
      await record(trx, {
        dossier: {
          create: {
            id,
            code,
            legacyCode: numbering.kind === 'assigned' ? line.code : null,
            procedureCode: line.procedureCode,
            fieldCode: procedure.field_code,
            applicantId,
            applicant: line.applicant,
            form: line.form,
            channel: line.channel,
            lookupSecret: lookupSecretFrom(randomBytes(8)),
            receivingOrgId: line.receivingOrgId,
            process,
            by: { actorId: null, actorRole: 'import', actorOrgId: null },
            at: submittedAt,
            payload: { procedureCode: line.procedureCode, applicant: line.applicant, form: line.form, channel: line.channel, imported: true },
          },
        },
        steps,
        env: { calendarOf: calendars },
        replay: { enqueuedAt: ctx.clock() },
      });
    });
  } catch (e) {
    if (e instanceof CalendarNotLoaded) throw new Error(`unknown organisation ${e.orgId}`);
    // Two imports of the same line at once, or a submission that drew the code meanwhile: look again
    // (skipped when it is this line imported by the other run, refused when a live dossier has it).
    if ((e as { code?: string }).code === '23505' && !again) return importOne(ctx, line, applicantId, true);
    throw e;
  }
  return 'imported';
}

