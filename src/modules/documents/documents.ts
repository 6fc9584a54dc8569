/** Official documents of a dossier: which exist, and their PDFs rendered from the action log. */
import { buildForm, formLabel, formTitle, FormNotAvailable, FORM_KINDS, FORM_TITLES, renderPdf, type DossierForForms, type FormKind } from './forms.ts';
import { buildRegister, type RegisterRow } from './register-form.ts';
import { finishedWithResult } from '../dossiers/domain/timeliness.ts';
import { formatVietnamDateTime } from '../calendar/domain/local-time.ts';
import { DURATION_UNIT_LABELS_VI } from '../calendar/domain/deadlines.ts';
import type { RuleVersion } from '../calendar/domain/rule-version.ts';
import { DomainError } from '../../kernel/errors.ts';
import { dayNumberFromYmd, parseIsoDate } from '../calendar/domain/local-time.ts';
import type { ProcessSnapshot } from '../dossiers/domain/types.ts';
import { receivedForProcessingSql } from '../dossiers/received.ts';
import type { AppContext } from '../../context.ts';
import type { Organisation } from '../organisations/directory.ts';

/** Which action makes each form exist. */
const FORM_SOURCE: Record<(typeof FORM_KINDS)[number], string> = {
  receipt: 'accept',
  'supplement-request': 'request_supplement',
  rejection: 'reject',
  apology: 'apologize',
  'stop-notice': 'stop',
  'control-sheet': 'accept',
};

export interface DocumentLink {
  kind: string;
  title: string;
  form: string | null;
  url: string;
  verifyUrl?: string;
  revoked?: boolean;
}

export function documentsOf(
  dossier: { code: string; rule_version: string },
  actions: string[],
  signed: Array<{ id: string; kind: string; upload_id: string; revoked_at: string | Date | null }>,
): DocumentLink[] {
  const version = dossier.rule_version as RuleVersion;
  const base = `/api/dossiers/${encodeURIComponent(dossier.code)}/documents`;
  const forms: DocumentLink[] = FORM_KINDS.filter((k) => actions.includes(FORM_SOURCE[k])).map((k) => ({ kind: k, title: formTitle(k, version), form: formLabel(k, version), url: `${base}/${k}` }));
  return [
    ...forms,
    ...signed.map((s) => ({ kind: s.kind, title: 'KẾT QUẢ GIẢI QUYẾT (BẢN ĐIỆN TỬ ĐÃ KÝ SỐ)', form: null, url: `/api/uploads/${s.upload_id}`, verifyUrl: `/verify/${s.id}`, revoked: s.revoked_at !== null })),
  ];
}

function orgInfo(org: Organisation, parent: Organisation | undefined) {
  return { name: org.name, parentName: parent?.name ?? null, phone: org.phone, address: org.address };
}

export async function renderDossierForm(ctx: AppContext, code: string, kind: string): Promise<Buffer> {
  if (!(FORM_KINDS as readonly string[]).includes(kind)) {
    throw new DomainError('unknown-document', 404, { vi: `Không có loại văn bản "${kind}".`, en: `No document kind "${kind}".` });
  }
  const row = await ctx.db
    .selectFrom('dossiers')
    .innerJoin('procedures', 'procedures.code', 'dossiers.procedure_code')
    .selectAll('dossiers')
    .select(['procedures.name as procedure_name', 'procedures.components', 'procedures.duration_value', 'procedures.duration_unit'])
    .where('dossiers.code', '=', code)
    .executeTakeFirstOrThrow();
  const [actions, attachments] = await Promise.all([
    ctx.db
      .selectFrom('dossier_actions')
      .leftJoin('users', 'users.id', 'dossier_actions.actor_id')
      .leftJoin('organisations', 'organisations.id', 'dossier_actions.actor_org_id')
      .select(['dossier_actions.seq', 'dossier_actions.action', 'dossier_actions.at', 'dossier_actions.payload', 'users.full_name', 'organisations.name as org_name'])
      .where('dossier_actions.dossier_id', '=', row.id)
      .orderBy('dossier_actions.seq')
      .execute(),
    ctx.db.selectFrom('dossier_attachments').select(['component_code', 'action_seq']).where('dossier_id', '=', row.id).execute(),
  ]);
  const snapshot = await ctx.orgs.snapshot();
  const receiving = snapshot.find(row.receiving_org_id)!;
  const process = row.process as ProcessSnapshot;
  const orgNames: Record<string, string> = {};
  for (const s of process.steps) orgNames[s.orgId] = snapshot.find(s.orgId)?.name ?? s.orgId;
  for (const a of actions) {
    for (const id of [a.payload.toOrgId, a.payload.fromOrgId]) if (typeof id === 'string') orgNames[id] = snapshot.find(id)?.name ?? id;
  }
  const submitted = actions[0]?.payload.attachments;
  const paperKept = Array.isArray(submitted) ? (submitted as Array<{ componentCode?: unknown; paperKept?: unknown }>).flatMap((a) => (a.paperKept === true && typeof a.componentCode === 'string' ? [a.componentCode] : [])) : [];
  const input: DossierForForms = {
    code: row.code,
    ruleVersion: row.rule_version as RuleVersion,
    procedureName: row.procedure_name,
    durationLabel: `${row.duration_value} ${DURATION_UNIT_LABELS_VI[row.duration_unit]}`,
    applicant: row.applicant,
    components: row.components.map((c) => ({ code: c.code, name: c.name, originals: c.originals, copies: c.copies })),
    attachments: attachments.map((a) => ({ componentCode: a.component_code, actionSeq: a.action_seq })),
    paperKept,
    receivingOrg: orgInfo(receiving, receiving.parent_id ? snapshot.find(receiving.parent_id) : undefined),
    lookupSecret: row.lookup_secret,
    lookupUrl: publicLookupUrl(ctx.config.publicUrl, row.code, row.lookup_secret),
    actions: actions.map((a) => ({ seq: a.seq, action: a.action, at: a.at, actorName: a.full_name, actorOrgName: a.org_name, payload: a.payload })),
    orgNames,
    stepNames: process.steps.map((s) => s.name),
  };
  try {
    return await renderPdf(buildForm(kind as (typeof FORM_KINDS)[number], input));
  } catch (e) {
    if (e instanceof FormNotAvailable) throw notAvailable(kind);
    throw e;
  }
}

const notAvailable = (kind: string) =>
  new DomainError('document-not-available', 409, {
    vi: `Hồ sơ chưa có văn bản "${FORM_TITLES[kind as FormKind] ?? kind}" ở trạng thái hiện tại.`,
    en: `The dossier has no "${kind}" document in its current state.`,
  });

/**
 * The desk's register (sổ theo dõi hồ sơ, Form 07) of one organisation for a period: the dossiers it received
 * on the period's days, refusals at intake apart (src/modules/dossiers/received.ts) — the same rows the
 * dashboard counts as "received".
 */
export async function renderRegister(ctx: AppContext, orgId: string, from: string, to: string): Promise<Buffer> {
  const fromDay = parseIsoDate(from);
  const toDay = parseIsoDate(to);
  if (fromDay === null || toDay === null || toDay < fromDay || toDay - fromDay > 366) {
    throw new DomainError('validation-failed', 422, { vi: 'Khoảng thời gian không hợp lệ (tối đa 1 năm).', en: 'Invalid period (one year at most).' }, [{ path: 'query.to', message: { vi: 'Sau ngày bắt đầu, tối đa 1 năm', en: 'After from, one year at most' } }]);
  }
  const snapshot = await ctx.orgs.snapshot();
  const org = snapshot.find(orgId)!;
  const rows = await ctx.db
    .selectFrom('dossiers')
    .innerJoin('procedures', 'procedures.code', 'dossiers.procedure_code')
    .select(['dossiers.id', 'dossiers.code', 'procedures.name as procedure_name', 'dossiers.applicant', 'dossiers.current_org_id', 'dossiers.submitted_at', 'dossiers.appointment_at', 'dossiers.finished_at', 'dossiers.status', 'dossiers.timeliness', 'dossiers.rule_version'])
    .where('dossiers.receiving_org_id', '=', orgId)
    // Received in the period, refusals at intake apart: the one rule the dashboard's "received" shares (issue 14).
    .where(receivedForProcessingSql('dossiers', { fromDay, toDay }))
    .orderBy('dossiers.submitted_at')
    .orderBy('dossiers.code')
    .execute();
  const returned = rows.length
    ? await ctx.db.selectFrom('dossier_actions').select(['dossier_id', 'at']).where('action', '=', 'return_result').where('dossier_id', 'in', rows.map((r) => r.id)).execute()
    : [];
  const note: Record<string, string> = { late: 'Quá hạn', early: 'Trước hạn', on_time: 'Đúng hạn' };
  // Without a result (stopped, withdrawn, refused) a row shows what ended it, not a result date or a timeliness.
  const ended: Record<string, string> = { stopped: 'Dừng giải quyết', withdrawn: 'Rút hồ sơ', rejected: 'Từ chối tiếp nhận' };
  const noteOf = (r: (typeof rows)[number]): string => {
    if (finishedWithResult(r)) return r.timeliness ? note[r.timeliness] ?? '' : '';
    const end = ended[r.status];
    if (!end) return '';
    return r.finished_at ? `${end} (${formatVietnamDateTime(r.finished_at).slice(0, 10)})` : end;
  };
  const registerRows: RegisterRow[] = rows.map((r) => ({
    code: r.code,
    procedureName: r.procedure_name,
    applicantName: r.applicant.fullName,
    applicantContact: `${r.applicant.address}; ${r.applicant.phone}`,
    handlingOrg: snapshot.find(r.current_org_id)?.name ?? r.current_org_id,
    receivedAt: r.submitted_at,
    appointmentAt: r.appointment_at,
    finishedAt: finishedWithResult(r) ? r.finished_at : null,
    returnedAt: returned.find((x) => x.dossier_id === r.id)?.at ?? null,
    note: noteOf(r),
  }));
  // The register follows the rule version in force at the end of the period.
  const version: RuleVersion = toDay >= dayNumberFromYmd(2025, 7, 1) ? 'nd118-2025' : 'nd61-2018';
  return renderPdf(buildRegister(orgInfo(org, org.parent_id ? snapshot.find(org.parent_id) : undefined), version, from, to, registerRows, ctx.clock()));
}

/**
 * Where the receipt's QR code leads: the web app's public lookup page (/tra-cuu), which fills in the
 * code and the secret and shows the status. The secret rides in the fragment, which a browser never
 * sends to a server, so it stays out of access logs (the page reads it in the browser).
 */
export function publicLookupUrl(publicUrl: string, code: string, secret: string): string {
  return `${publicUrl}/tra-cuu?ma=${encodeURIComponent(code)}#ma-tra-cuu=${encodeURIComponent(secret)}`;
}
