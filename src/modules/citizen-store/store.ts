/**
 * The citizen's document store (kho dữ liệu điện tử của tổ chức, cá nhân; docs/citizen-store.md): documents
 * that belong to a person — the signed results of their dossiers and the digitised components they handed
 * in — kept as references to files already stored (upload id + checksum), never copies of the bytes.
 *
 * Saved automatically by the outbox handlers (./handlers.ts): the components when a dossier is accepted,
 * the signed result when it is returned. Reused in a later online dossier instead of a new upload
 * (resolveReuses, called by the dossiers module's submission), the reuse recorded on that dossier.
 */
import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import { DomainError, type FieldIssue } from '../../kernel/errors.ts';
import { dayNumberOf, isoDate } from '../calendar/domain/local-time.ts';
import { readUpload } from '../uploads/uploads.ts';
import { markDossiers } from '../measurement/dossier-marks.ts';
import type { AppContext } from '../../context.ts';
import type { SessionUser } from '../identity/auth.ts';

const newId = () => `cdoc_${randomBytes(12).toString('base64url')}`;

/**
 * Saves documents and marks the dossier linked to its owner's store (766 criterion 4.5) together: a save
 * whose mark were lost would never be marked again, since saving a second time inserts nothing.
 */
async function saveAndMark(db: Kysely<DB>, dossierId: string, now: Date, save: (trx: Kysely<DB>) => Promise<number>): Promise<SavedCount> {
  const run = async (trx: Kysely<DB>) => {
    const saved = await save(trx);
    if (saved > 0) await markDossiers(trx, [{ dossierId, mark: 'linked', at: now }]);
    return { saved };
  };
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}
const vnDay = (d: Date) => isoDate(dayNumberOf(d));

/** The owner of a dossier's documents: its applicant's account, unless the dossier was received for someone without one (the shared walk-in account is inactive). */
async function ownerOf(db: Kysely<DB>, dossierId: string) {
  return db
    .selectFrom('dossiers')
    .innerJoin('users', 'users.id', 'dossiers.applicant_id')
    .innerJoin('procedures', 'procedures.code', 'dossiers.procedure_code')
    .select(['dossiers.id', 'dossiers.code', 'dossiers.applicant_id', 'dossiers.applicant', 'dossiers.procedure_code', 'dossiers.receiving_org_id', 'dossiers.current_org_id', 'dossiers.result_upload_id', 'dossiers.status', 'users.active', 'users.role', 'users.id_number', 'procedures.name as procedure_name', 'procedures.components'])
    .where('dossiers.id', '=', dossierId)
    .executeTakeFirst();
}

export interface SavedCount {
  saved: number;
}

/**
 * Saves the dossier's digitised components (every attached file but the result, and but files that came
 * from the store itself) to the applicant's store. Idempotent: the unique key (owner, dossier, file, kind)
 * makes a second run — a message delivered twice — insert nothing.
 */
export async function saveComponents(db: Kysely<DB>, dossierId: string, now: Date): Promise<SavedCount> {
  const d = await ownerOf(db, dossierId);
  if (!d || !d.active || d.role !== 'citizen') return { saved: 0 };
  const files = await db
    .selectFrom('dossier_attachments as da')
    .innerJoin('uploads as u', 'u.id', 'da.upload_id')
    .select(['da.upload_id', 'da.component_code', 'u.sha256', 'u.signature', 'u.filename', 'u.created_at'])
    .where('da.dossier_id', '=', dossierId)
    .where('da.component_code', '<>', 'result')
    // A file reused from the store is already there.
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('citizen_document_reuses as r').select(sql`1`.as('x')).whereRef('r.dossier_id', '=', 'da.dossier_id').whereRef('r.upload_id', '=', 'da.upload_id'))))
    .execute();
  if (files.length === 0) return { saved: 0 };
  const idNumber = d.id_number ?? (d.applicant as { idNumber?: string }).idNumber ?? null;
  const rows = files.map((f) => {
    const component = d.components.find((c) => c.code === f.component_code);
    return {
      id: newId(),
      owner_id: d.applicant_id,
      owner_id_number: idNumber,
      kind: 'component' as const,
      name: component?.name ?? f.filename,
      component_code: f.component_code,
      component_name: component?.name ?? null,
      procedure_code: d.procedure_code,
      upload_id: f.upload_id,
      sha256: f.sha256,
      dossier_id: d.id,
      org_id: d.receiving_org_id,
      issued_on: vnDay(new Date(f.created_at)),
      valid_until: null,
      signed: f.signature !== null && (f.signature as { valid?: boolean }).valid === true,
      signed_document_id: null,
      created_at: now,
    };
  });
  return saveAndMark(db, d.id, now, async (trx) => {
    const r = await trx.insertInto('citizen_documents').values(rows).onConflict((oc) => oc.columns(['owner_id', 'dossier_id', 'upload_id', 'kind']).doNothing()).executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0);
  });
}

/** Saves the dossier's signed electronic result to the applicant's store (once; see saveComponents). */
export async function saveResult(db: Kysely<DB>, dossierId: string, now: Date, validUntil: string | null = null): Promise<SavedCount> {
  const d = await ownerOf(db, dossierId);
  if (!d || !d.active || d.role !== 'citizen' || !d.result_upload_id) return { saved: 0 };
  const signed = await db
    .selectFrom('signed_documents')
    .select(['id', 'sha256', 'issued_at', 'org_id', 'revoked_at'])
    .where('dossier_id', '=', dossierId)
    .where('upload_id', '=', d.result_upload_id)
    .executeTakeFirst();
  // A revoked result is no longer a valid document: it does not go to the store.
  if (signed?.revoked_at) return { saved: 0 };
  const upload = await db.selectFrom('uploads').select(['sha256', 'created_at']).where('id', '=', d.result_upload_id).executeTakeFirstOrThrow();
  return insertResult(db, d, {
    uploadId: d.result_upload_id,
    sha256: signed?.sha256 ?? upload.sha256,
    orgId: signed?.org_id ?? d.current_org_id,
    issuedAt: new Date(signed?.issued_at ?? upload.created_at),
    validUntil,
    signedDocumentId: signed?.id ?? null,
    now,
  });
}

/**
 * Saves a result issued without this system's `complete` — an imported dossier's result (its file came
 * from the old system), or one a national-store adapter brings back — to the dossier applicant's store.
 * The file must already be kept (an upload); idempotent like the others.
 */
export async function saveIssuedResult(
  db: Kysely<DB>,
  input: { dossierId: string; uploadId: string; signedDocumentId: string | null; issuedAt: Date; validUntil: string | null; now: Date },
): Promise<SavedCount> {
  const d = await ownerOf(db, input.dossierId);
  if (!d || !d.active || d.role !== 'citizen') return { saved: 0 };
  const upload = await db.selectFrom('uploads').select('sha256').where('id', '=', input.uploadId).executeTakeFirstOrThrow();
  return insertResult(db, d, { uploadId: input.uploadId, sha256: upload.sha256, orgId: d.current_org_id, issuedAt: input.issuedAt, validUntil: input.validUntil, signedDocumentId: input.signedDocumentId, now: input.now });
}

/** One result in its owner's store (the row both ways of saving a result write; once per owner, dossier and file). */
async function insertResult(
  db: Kysely<DB>,
  d: NonNullable<Awaited<ReturnType<typeof ownerOf>>>,
  r: { uploadId: string; sha256: string; orgId: string; issuedAt: Date; validUntil: string | null; signedDocumentId: string | null; now: Date },
): Promise<SavedCount> {
  return saveAndMark(db, d.id, r.now, async (trx) => {
    const inserted = await trx
      .insertInto('citizen_documents')
      .values({
        id: newId(),
        owner_id: d.applicant_id,
        owner_id_number: d.id_number ?? (d.applicant as { idNumber?: string }).idNumber ?? null,
        kind: 'result',
        name: `Kết quả: ${d.procedure_name}`,
        component_code: null,
        component_name: null,
        procedure_code: d.procedure_code,
        upload_id: r.uploadId,
        sha256: r.sha256,
        dossier_id: d.id,
        org_id: r.orgId,
        issued_on: vnDay(r.issuedAt),
        valid_until: r.validUntil,
        signed: r.signedDocumentId !== null,
        signed_document_id: r.signedDocumentId,
        created_at: r.now,
      })
      .onConflict((oc) => oc.columns(['owner_id', 'dossier_id', 'upload_id', 'kind']).doNothing())
      .executeTakeFirst();
    return Number(inserted.numInsertedOrUpdatedRows ?? 0);
  });
}

const documentColumns = [
  'd.id',
  'd.kind',
  'd.name',
  'd.component_code',
  'd.component_name',
  'd.procedure_code',
  'd.upload_id',
  'd.sha256',
  'd.signed',
  'd.signed_document_id',
  'd.created_at',
  'u.filename',
  'u.media_type',
  'u.size',
  'x.code as dossier_code',
  'o.name as org_name',
  'p.name as procedure_name',
] as const;

function documentsQuery(db: Kysely<DB>) {
  return db
    .selectFrom('citizen_documents as d')
    .innerJoin('uploads as u', 'u.id', 'd.upload_id')
    .innerJoin('dossiers as x', 'x.id', 'd.dossier_id')
    .innerJoin('organisations as o', 'o.id', 'd.org_id')
    .innerJoin('procedures as p', 'p.code', 'd.procedure_code')
    .select(documentColumns)
    // Dates as text: the drivers turn a date column into a Date at midnight of the server's zone.
    .select([sql<string>`to_char(d.issued_on, 'YYYY-MM-DD')`.as('issued_on'), sql<string | null>`to_char(d.valid_until, 'YYYY-MM-DD')`.as('valid_until')]);
}

type DocumentRow = Awaited<ReturnType<ReturnType<typeof documentsQuery>['execute']>>[number];

function view(r: DocumentRow, today: string) {
  return {
    id: r.id,
    kind: r.kind,
    name: r.name,
    component: r.component_code ? { code: r.component_code, name: r.component_name } : null,
    procedure: { code: r.procedure_code, name: r.procedure_name },
    file: { uploadId: r.upload_id, sha256: r.sha256, filename: r.filename, mediaType: r.media_type, size: r.size },
    dossierCode: r.dossier_code,
    orgName: r.org_name,
    issuedOn: r.issued_on,
    validUntil: r.valid_until,
    valid: r.valid_until === null || r.valid_until >= today,
    signed: r.signed,
    verifyId: r.signed_document_id,
    url: `/api/citizen-store/documents/${r.id}/file`,
  };
}
export type StoreDocumentView = ReturnType<typeof view>;

/** The account's documents, newest first; with `component`, the ones that fit it first (same code, then same name). */
export async function listDocuments(ctx: AppContext, user: SessionUser, fit?: { procedureCode?: string; componentCode?: string }) {
  const today = vnDay(ctx.clock());
  const rows = await documentsQuery(ctx.db).where('d.owner_id', '=', user.id).where('d.removed_at', 'is', null).orderBy('d.created_at', 'desc').orderBy('d.id').execute();
  const docs = rows.map((r) => view(r, today));
  if (!fit?.componentCode) return { documents: docs };
  let name: string | null = null;
  if (fit.procedureCode) {
    const p = await ctx.db.selectFrom('procedures').select('components').where('code', '=', fit.procedureCode).executeTakeFirst();
    name = p?.components.find((c) => c.code === fit.componentCode)?.name ?? null;
  }
  const rank = (d: StoreDocumentView) => (d.component?.code === fit.componentCode ? 0 : name && (d.component?.name === name || d.name === name) ? 1 : 2);
  return { documents: docs.map((d, i) => ({ d, i })).sort((a, b) => rank(a.d) - rank(b.d) || a.i - b.i).map((x) => ({ ...x.d, fits: rank(x.d) < 2 })) };
}

const notFound = (id: string) =>
  new DomainError('not-found', 404, { vi: `Không có tài liệu "${id}" trong kho dữ liệu của bạn.`, en: `No document "${id}" in your data store.` });

async function ownDocument(ctx: AppContext, user: SessionUser, id: string) {
  const row = await ctx.db.selectFrom('citizen_documents').select(['id', 'owner_id', 'upload_id', 'removed_at']).where('id', '=', id).executeTakeFirst();
  // Another person's document answers like a missing one: ids cannot be probed.
  if (!row || row.owner_id !== user.id || row.removed_at) throw notFound(id);
  return row;
}

/** The file of one of the account's documents. */
export async function documentFile(ctx: AppContext, user: SessionUser, id: string) {
  const doc = await ownDocument(ctx, user, id);
  const file = await readUpload(ctx, doc.upload_id);
  if (!file) throw notFound(id);
  return file;
}

/** Removes a document from the store: no longer listed nor reusable; the dossiers that hold its file keep it. */
export async function removeDocument(ctx: AppContext, user: SessionUser, id: string) {
  await ownDocument(ctx, user, id);
  await ctx.db.updateTable('citizen_documents').set({ removed_at: ctx.clock() }).where('id', '=', id).where('removed_at', 'is', null).execute();
  return { id, removed: true };
}

export interface StoreReuse {
  componentCode: string;
  documentId: string;
  uploadId: string;
}

/**
 * The store documents an online application reuses, checked: each must belong to the applicant's account
 * (another person's, or one removed: 404, as if missing) and still be valid (expired: 422 at the
 * attachment's path). Returns the file each reuse attaches.
 */
export async function resolveReuses(db: Kysely<DB>, ownerId: string, refs: Array<{ index: number; componentCode: string; storeDocumentId: string }>, now: Date, path = 'attachments'): Promise<StoreReuse[]> {
  if (refs.length === 0) return [];
  const rows = await db
    .selectFrom('citizen_documents')
    .select(['id', 'owner_id', 'upload_id', 'removed_at', sql<string | null>`to_char(valid_until, 'YYYY-MM-DD')`.as('valid_until')])
    .where('id', 'in', refs.map((r) => r.storeDocumentId))
    .execute();
  const today = vnDay(now);
  const issues: FieldIssue[] = [];
  const out: StoreReuse[] = [];
  for (const ref of refs) {
    const row = rows.find((r) => r.id === ref.storeDocumentId);
    if (!row || row.owner_id !== ownerId || row.removed_at) throw notFound(ref.storeDocumentId);
    if (row.valid_until !== null && row.valid_until < today) {
      issues.push({
        path: `${path}.${ref.index}.storeDocumentId`,
        message: { vi: `Tài liệu trong kho đã hết hiệu lực từ ngày ${row.valid_until.split('-').reverse().join('/')}; hãy tải lên bản còn hiệu lực`, en: `The stored document expired on ${row.valid_until}; upload a valid one` },
      });
      continue;
    }
    out.push({ componentCode: ref.componentCode, documentId: row.id, uploadId: row.upload_id });
  }
  if (issues.length > 0) throw new DomainError('validation-failed', 422, { vi: 'Dữ liệu gửi lên không hợp lệ.', en: 'The request data is not valid.' }, issues);
  return out;
}

/** Records the reuses on the new dossier (in the submission's transaction, after the dossier is written). */
export async function recordReuses(db: Kysely<DB>, dossierId: string, reuses: StoreReuse[], at: Date): Promise<void> {
  if (reuses.length === 0) return;
  await db
    .insertInto('citizen_document_reuses')
    .values(reuses.map((r) => ({ dossier_id: dossierId, component_code: r.componentCode, document_id: r.documentId, upload_id: r.uploadId, reused_at: at })))
    .onConflict((oc) => oc.doNothing())
    .execute();
  // 766 criteria 4.4 (reusing digitised data) and 4.5 (linked to the citizen's store), once per dossier.
  await markDossiers(db, [{ dossierId, mark: 'reusing', at }, { dossierId, mark: 'linked', at }]);
}
