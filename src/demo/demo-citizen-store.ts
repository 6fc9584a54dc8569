/**
 * DEMO DATA. The digitised components of the demo year's dossiers and the demo citizens' data stores
 * (issue 18, docs/citizen-store.md), so that the dossier pages show files and 766 criteria 4.2, 4.4 and 4.5
 * are measured for the demo city:
 * - every online dossier came with its first component as a file, and about 7 in 10 counter dossiers had it
 *   scanned at the desk (one shared demo PDF; an upload row per dossier, as the submission would have made);
 * - the demo citizens' dossiers (`citizen`, `citizen2`): their components go to their stores through the
 *   store's own command (saveComponents), the returned dossier's result is signed with the unit's demo
 *   certificate and saved (saveIssuedResult), and the dossier in progress reused a stored document
 *   instead of a new upload (recordReuses).
 * The demo year's other applicants have no account (the import's inactive applicant), so they have no
 * store: 4.4 and 4.5 stay small for the city, as they would before citizens sign in.
 * Deterministic (hash of the code and the seed); resumable (a dossier with files is skipped).
 */
import { createHash, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { PDFDocument } from 'pdf-lib';
import fontkit from '@pdf-lib/fontkit';
import type { AppContext } from '../context.ts';
import { regularFontBytes } from '../modules/documents/fonts.ts';
import { signResult } from '../modules/signing/signing.ts';
import { recordReuses, saveComponents, saveIssuedResult } from '../modules/citizen-store/store.ts';
import { markDossiers } from '../modules/measurement/dossier-marks.ts';
import { hashText } from './demo-random.ts';


async function demoPdf(lines: string[]): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(regularFontBytes(), { subset: true });
  const page = doc.addPage([595.28, 841.89]);
  lines.forEach((line, i) => page.drawText(line, { x: 60, y: 760 - i * 24, size: 14, font }));
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

async function storeBlob(ctx: AppContext, bytes: Buffer): Promise<string> {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  await ctx.db.insertInto('blobs').values({ sha256, size: bytes.length, content: bytes }).onConflict((oc) => oc.column('sha256').doNothing()).execute();
  return sha256;
}

interface Row {
  id: string;
  code: string;
  channel: string;
  status: string;
  applicant_id: string;
  submitted_at: Date;
  finished_at: Date | null;
  accepted_at: Date | null;
  current_org_id: string;
  procedure_name: string;
  components: Array<{ code: string; name: string; required: boolean }>;
  own: boolean;
}

export async function seedDemoCitizenStore(ctx: AppContext, seed: number): Promise<{ attached: number; stored: number }> {
  const rows = (
    await sql<Row>`
      SELECT d.id, d.code, d.channel, d.status, d.applicant_id, d.submitted_at, d.finished_at, d.accepted_at, d.current_org_id,
             p.name AS procedure_name, p.components, (u.active AND u.is_demo) AS own
      FROM dossiers d JOIN procedures p ON p.code = d.procedure_code JOIN users u ON u.id = d.applicant_id
      WHERE d.legacy_code LIKE 'DEMO-%' AND NOT EXISTS (SELECT 1 FROM dossier_attachments a WHERE a.dossier_id = d.id)
      ORDER BY d.submitted_at, d.id`.execute(ctx.db)
  ).rows;
  if (rows.length === 0) return { attached: 0, stored: 0 };
  const scan = await storeBlob(ctx, await demoPdf(['BẢN SỐ HÓA THÀNH PHẦN HỒ SƠ', '(dữ liệu minh họa — DEMO)']));
  const size = (await ctx.db.selectFrom('blobs').select('size').where('sha256', '=', scan).executeTakeFirstOrThrow()).size;
  const componentOf = (r: Row) => r.components.find((c) => c.required) ?? r.components[0];
  const reuser = (r: Row) => r.own && r.status === 'processing';

  // 1. Files: online always, at the counter about 7 in 10; the citizens' dossier in progress reuses instead (3.).
  const attach = rows.filter((r) => componentOf(r) && !reuser(r) && (r.channel === 'online' || hashText(r.code, seed) % 10 < 7));
  for (let i = 0; i < attach.length; i += 500) {
    const chunk = attach.slice(i, i + 500).map((r) => ({ r, uploadId: `upl_demo${randomUUID().replace(/-/g, '').slice(0, 24)}`, component: componentOf(r)! }));
    await ctx.db.transaction().execute(async (trx) => {
      await trx.insertInto('uploads').values(chunk.map((c) => ({ id: c.uploadId, owner_id: c.r.applicant_id, sha256: scan, filename: `${c.component.code}.pdf`, media_type: 'application/pdf', size, created_at: new Date(c.r.submitted_at) }))).execute();
      await trx.insertInto('dossier_attachments').values(chunk.map((c) => ({ dossier_id: c.r.id, upload_id: c.uploadId, component_code: c.component.code, action_seq: 1 }))).execute();
      // As the submission's write path would have: digitised (766 criterion 4.2), counted on the day of receipt.
      await markDossiers(trx, chunk.map((c) => ({ dossierId: c.r.id, mark: 'digitised' as const, at: new Date(c.r.submitted_at) })));
    });
  }

  // 2. The demo citizens' stores: components of their accepted dossiers, the signed result of the returned one.
  let stored = 0;
  const own = rows.filter((r) => r.own);
  const leader = await ctx.db.selectFrom('users').select('id').where('username', '=', 'leader').executeTakeFirst();
  for (const r of own.filter((x) => x.accepted_at && !reuser(x))) stored += (await saveComponents(ctx.db, r.id, new Date(r.accepted_at!))).saved;
  for (const r of own.filter((x) => x.status === 'returned' && x.finished_at)) {
    const at = new Date(r.finished_at!);
    const draft = await storeBlob(ctx, await demoPdf(['KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH', r.procedure_name.slice(0, 60), `Hồ sơ ${r.code} (DEMO)`]));
    const draftId = `upl_demo${randomUUID().replace(/-/g, '').slice(0, 24)}`;
    const actorId = leader?.id ?? r.applicant_id;
    const signed = await ctx.db.transaction().execute(async (trx) => {
      const blob = await trx.selectFrom('blobs').select('size').where('sha256', '=', draft).executeTakeFirstOrThrow();
      await trx.insertInto('uploads').values({ id: draftId, owner_id: actorId, sha256: draft, filename: `ket-qua-${r.code}.pdf`, media_type: 'application/pdf', size: blob.size, created_at: at }).execute();
      const org = await trx.selectFrom('organisations').select('name').where('id', '=', r.current_org_id).executeTakeFirstOrThrow();
      return signResult(trx, ctx, { dossierId: r.id, dossierCode: r.code, orgId: r.current_org_id, orgName: org.name, draftUploadId: draftId, actorId, now: at });
    });
    // A certificate-type result: valid five years from issue (shown on the store page).
    const until = new Date(at.getTime() + 5 * 365 * 86_400_000).toISOString().slice(0, 10);
    stored += (await saveIssuedResult(ctx.db, { dossierId: r.id, uploadId: signed.uploadId, signedDocumentId: signed.documentId, issuedAt: at, validUntil: until, now: at })).saved;
  }

  // 3. The dossier in progress reused a document of its applicant's store (the newest valid one).
  for (const r of own.filter(reuser)) {
    const component = componentOf(r);
    const doc = await ctx.db.selectFrom('citizen_documents').select(['id', 'upload_id']).where('owner_id', '=', r.applicant_id).where('removed_at', 'is', null).orderBy('created_at', 'desc').executeTakeFirst();
    if (!component || !doc) continue;
    await ctx.db.transaction().execute(async (trx) => {
      await trx.insertInto('dossier_attachments').values({ dossier_id: r.id, upload_id: doc.upload_id, component_code: component.code, action_seq: 1 }).execute();
      await markDossiers(trx, [{ dossierId: r.id, mark: 'digitised', at: new Date(r.submitted_at) }]);
      await recordReuses(trx, r.id, [{ componentCode: component.code, documentId: doc.id, uploadId: doc.upload_id }], new Date(r.submitted_at));
    });
  }
  return { attached: attach.length, stored };
}
