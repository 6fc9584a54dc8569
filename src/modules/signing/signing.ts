/**
 * Organisations' signing identities, trusted CAs, signed results, verification and revocation.
 */
import { randomBytes, randomUUID, createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import forge from 'node-forge';
import type { DB } from '../../platform/db/schema.ts';
import { json } from '../../platform/db/db.ts';
import { DomainError } from '../../kernel/errors.ts';
import { formatVietnamDateTime } from '../calendar/domain/local-time.ts';
import { createCertificateAuthority, decryptSecret, encryptSecret, issueSigningCertificate, issueSigningCertificateAsync, readPkcs12, subjectOf, type IssuedIdentity } from './pki.ts';
import { signPdf, signedDigestOf, signedDigestsOf, verifyPdfSignature, type SignatureReport } from './pdf-signature.ts';
import { stampVerification } from '../documents/stamp.ts';
import type { SignerMaterial } from './cms.ts';
import type { AppContext } from '../../context.ts';
import type { SessionUser } from '../identity/auth.ts';
import { recordAudit } from '../audit/audit.ts';

type Executor = Kysely<DB> | Transaction<DB>;

const DEMO_CA_SETTING = 'demo_ca';
const DEMO_CA_NAME = 'motcua DEMO CA — chỉ dùng thử, không có giá trị pháp lý';

/** Creates the demo CA once (demo mode): its certificate becomes a trusted CA. */
export async function ensureDemoCa(db: Executor, ctx: AppContext, now: Date): Promise<IssuedIdentity> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', DEMO_CA_SETTING).executeTakeFirst();
  if (row) {
    const v = row.value as { certPem: string; keySealed: string };
    return { certPem: v.certPem, keyPem: decryptSecret(v.keySealed, ctx.config.secretKey) };
  }
  const ca = createCertificateAuthority({ commonName: DEMO_CA_NAME, organisation: 'motcua (DEMO)' }, new Date(now.getTime() - 86_400_000), 20);
  // Two first signings at once: the first CA stored wins, the other is discarded.
  const stored = await db
    .insertInto('settings')
    .values({ key: DEMO_CA_SETTING, value: json({ certPem: ca.certPem, keySealed: encryptSecret(ca.keyPem, ctx.config.secretKey) }) })
    .onConflict((oc) => oc.column('key').doNothing())
    .returning('key')
    .executeTakeFirst();
  if (!stored) return ensureDemoCa(db, ctx, now);
  await db.insertInto('trusted_cas').values({ id: 'demo-ca', name: DEMO_CA_NAME, cert_pem: ca.certPem, is_demo: true, created_at: now }).onConflict((oc) => oc.column('id').doNothing()).execute();
  return ca;
}

/** Stores an organisation's key (sealed) and chain; when it was written, audits it as by `actor` (null: the system, demo keys). */
async function storeIdentity(db: Executor, ctx: AppContext, orgId: string, keyPem: string, chainPem: string[], isDemo: boolean, actor: SessionUser | null, now: Date, replace = true) {
  const cert = forge.pki.certificateFromPem(chainPem[0]!);
  const values = {
    key_sealed: encryptSecret(keyPem, ctx.config.secretKey),
    chain_pem: json(chainPem),
    subject: subjectOf(chainPem[0]!).text,
    not_after: cert.validity.notAfter,
    is_demo: isDemo,
    imported_by: actor?.id ?? null,
    created_at: now,
  };
  const written = await db
    .insertInto('org_signing_keys')
    .values({ org_id: orgId, ...values })
    .onConflict((oc) => (replace ? oc.column('org_id').doUpdateSet(values) : oc.column('org_id').doNothing()))
    .returning('org_id')
    .executeTakeFirst();
  if (written) {
    await recordAudit(db, ctx, actor, {
      action: isDemo ? 'signing_key.create' : 'signing_key.import',
      subjectType: 'signing_key',
      subjectId: orgId,
      orgId,
      details: { subject: values.subject, notAfter: values.not_after.toISOString(), chainLength: chainPem.length, demo: isDemo },
    });
  }
}

/**
 * Demo seed: the demo CA issues every organisation without one a certificate, keys generated in
 * parallel (RSA key generation is the slow part, ~0.2 s each).
 */
export async function issueDemoIdentitiesForAll(ctx: AppContext): Promise<number> {
  const now = ctx.clock();
  const ca = await ensureDemoCa(ctx.db, ctx, now);
  const missing = await ctx.db
    .selectFrom('organisations')
    .select(['id', 'name'])
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('org_signing_keys').select('org_id').whereRef('org_signing_keys.org_id', '=', 'organisations.id'))))
    .execute();
  const issued = await Promise.all(
    missing.map(async (org) => ({
      org,
      id: await issueSigningCertificateAsync(ca, { commonName: org.name, organisation: 'Thành phố Hồ Chí Minh (DEMO)', locality: 'Hồ Chí Minh' }, new Date(now.getTime() - 86_400_000), 5),
    })),
  );
  for (const { org, id } of issued) await ctx.db.transaction().execute((trx) => storeIdentity(trx, ctx, org.id, id.keyPem, [id.certPem, ca.certPem], true, null, now, false));
  return issued.length;
}

/** Demo mode: issue the organisation a certificate from the demo CA. */
export async function issueDemoIdentity(db: Executor, ctx: AppContext, orgId: string, now: Date): Promise<SignerMaterial> {
  const org = await db.selectFrom('organisations').select(['name', 'id']).where('id', '=', orgId).executeTakeFirstOrThrow();
  const ca = await ensureDemoCa(db, ctx, now);
  const id = issueSigningCertificate(ca, { commonName: org.name, organisation: 'Thành phố Hồ Chí Minh (DEMO)', locality: 'Hồ Chí Minh' }, new Date(now.getTime() - 86_400_000), 5);
  // Never replace an identity that appeared meanwhile (a concurrent first signing or an import).
  await storeIdentity(db, ctx, orgId, id.keyPem, [id.certPem, ca.certPem], true, null, now, false);
  return signerFor(db, ctx, orgId, now);
}

export async function signerFor(db: Executor, ctx: AppContext, orgId: string, now: Date): Promise<SignerMaterial> {
  const row = await db.selectFrom('org_signing_keys').selectAll().where('org_id', '=', orgId).executeTakeFirst();
  if (row) return { keyPem: decryptSecret(row.key_sealed, ctx.config.secretKey), chainPem: row.chain_pem };
  if (ctx.config.demoPki) return issueDemoIdentity(db, ctx, orgId, now);
  throw new DomainError('no-signing-key', 409, {
    vi: 'Cơ quan chưa có chứng thư số để ký kết quả. Quản trị viên cần nhập tệp PKCS#12 của cơ quan.',
    en: 'The organisation has no signing certificate. An administrator must import its PKCS#12 file.',
  });
}

/** An administrator imports an organisation's PKCS#12 (key + chain); the key is stored sealed. */
export async function importPkcs12(ctx: AppContext, orgId: string, p12: Buffer, password: string, importedBy: SessionUser) {
  let parsed;
  try {
    parsed = readPkcs12(p12, password);
  } catch (e) {
    throw new DomainError('invalid-pkcs12', 422, {
      vi: 'Không đọc được tệp PKCS#12 (sai mật khẩu hoặc tệp hỏng).',
      en: `Cannot read the PKCS#12 file (wrong password or damaged): ${(e as Error).message}`,
    });
  }
  const now = ctx.clock();
  await ctx.db.transaction().execute((trx) => storeIdentity(trx, ctx, orgId, parsed.keyPem, parsed.chainPem, false, importedBy, now));
  return { orgId, subject: subjectOf(parsed.chainPem[0]!).text, chainLength: parsed.chainPem.length };
}

/** The certificates of the CAs currently trusted: a disabled CA anchors nothing. */
export async function trustedCaPems(db: Executor): Promise<string[]> {
  return (await db.selectFrom('trusted_cas').select('cert_pem').where('disabled_at', 'is', null).execute()).map((r) => r.cert_pem);
}

export function summarise(report: SignatureReport) {
  return {
    integrity: report.integrity,
    valid: report.valid,
    chain: report.chain,
    validAtSigningTime: report.validAtSigningTime,
    signingTime: report.signingTime,
    signer: report.signer?.text ?? null,
    issuer: report.issuer?.text ?? null,
    problems: report.problems,
  };
}

const shortId = () => {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  return Array.from(randomBytes(10), (b) => alphabet[b % alphabet.length]).join('');
};

/**
 * Stamps the draft result with its verification QR, signs it with the organisation's certificate and
 * stores it as the dossier's electronic result. Runs inside the `complete` transaction.
 */
export async function signResult(
  trx: Transaction<DB>,
  ctx: AppContext,
  input: { dossierId: string; dossierCode: string; orgId: string; orgName: string; draftUploadId: string; actorId: string; now: Date },
) {
  const draft = await trx
    .selectFrom('uploads')
    .innerJoin('blobs', 'blobs.sha256', 'uploads.sha256')
    .select(['uploads.media_type', 'uploads.filename', 'blobs.content'])
    .where('uploads.id', '=', input.draftUploadId)
    .executeTakeFirstOrThrow();
  const notPdf = () =>
    new DomainError('result-must-be-pdf', 422, { vi: 'Kết quả điện tử phải là tệp PDF hợp lệ để ký số.', en: 'The electronic result must be a valid PDF to be signed.' }, [
      { path: 'resultUploadId', message: { vi: 'Cần tệp PDF', en: 'A PDF is required' } },
    ]);
  if (draft.media_type !== 'application/pdf') throw notPdf();
  const id = shortId();
  const url = `${ctx.config.publicUrl}/verify/${id}`;
  let stamped: Buffer;
  try {
    stamped = await stampVerification(
      Buffer.from(draft.content),
      [`Bản điện tử đã được ký số bởi ${input.orgName}.`, `Mã hồ sơ: ${input.dossierCode} — ký lúc ${formatVietnamDateTime(input.now)}`, `Kiểm tra tính xác thực: ${url}`],
      url,
    );
  } catch {
    // pdf-lib accepts many broken files at load and fails later (a page without MediaBox, no
    // catalog: NotAPdfError or a plain Error): stamping reads only the leader's file, so whatever it
    // throws means the file is not a PDF we can sign — a 422, never a 500.
    throw notPdf();
  }
  const signer = await signerFor(trx, ctx, input.orgId, input.now);
  const signed = await signPdf(stamped, signer, {
    reason: `Kết quả giải quyết hồ sơ ${input.dossierCode}`,
    location: 'Thành phố Hồ Chí Minh',
    signerName: input.orgName,
    signingTime: input.now,
  });
  const sha256 = createHash('sha256').update(signed).digest('hex');
  const signedDigest = signedDigestOf(signed);
  if (!signedDigest) throw new Error('the signed result has no readable ByteRange');
  const uploadId = `upl_${randomBytes(16).toString('base64url')}`;
  await trx.insertInto('blobs').values({ sha256, size: signed.length, content: signed }).onConflict((oc) => oc.column('sha256').doNothing()).execute();
  await trx
    .insertInto('uploads')
    .values({ id: uploadId, owner_id: input.actorId, sha256, filename: `ket-qua-${input.dossierCode.replace(/[^A-Za-z0-9.-]/g, '_')}.pdf`, media_type: 'application/pdf', size: signed.length, created_at: input.now })
    .execute();
  await trx
    .insertInto('signed_documents')
    .values({ id, dossier_id: input.dossierId, org_id: input.orgId, kind: 'result', upload_id: uploadId, sha256, signed_digest: signedDigest, signer: subjectOf(signer.chainPem[0]!).text, issued_at: input.now })
    .execute();
  return { documentId: id, uploadId, sha256, verifyUrl: url };
}

export type VerificationStatus = 'valid' | 'invalid' | 'revoked' | 'unknown';

/** The public view of an issued document: no personal data beyond the dossier code. */
export async function publicDocument(ctx: AppContext, id: string) {
  const row = await ctx.db
    .selectFrom('signed_documents')
    .innerJoin('dossiers', 'dossiers.id', 'signed_documents.dossier_id')
    .innerJoin('organisations', 'organisations.id', 'signed_documents.org_id')
    .innerJoin('blobs', 'blobs.sha256', 'signed_documents.sha256')
    .select(['signed_documents.id', 'signed_documents.kind', 'signed_documents.sha256', 'signed_documents.signer', 'signed_documents.issued_at', 'signed_documents.revoked_at', 'signed_documents.revoked_reason', 'dossiers.code', 'organisations.name as org_name', 'blobs.content'])
    .where('signed_documents.id', '=', id)
    .executeTakeFirst();
  if (!row) {
    throw new DomainError('not-found', 404, { vi: `Không có văn bản điện tử mã "${id}".`, en: `No electronic document "${id}".` });
  }
  const report = verifyPdfSignature(Buffer.from(row.content), await trustedCaPems(ctx.db), ctx.clock());
  const status: VerificationStatus = row.revoked_at ? 'revoked' : report.valid && report.chain === 'trusted' ? 'valid' : 'invalid';
  return {
    id: row.id,
    kind: row.kind,
    status,
    issuer: row.org_name,
    signer: row.signer,
    dossierCode: row.code,
    issuedAt: row.issued_at.toISOString(),
    sha256: row.sha256,
    revokedAt: row.revoked_at?.toISOString() ?? null,
    revokedReason: row.revoked_reason,
    signature: summarise(report),
  };
}

/**
 * Anyone uploads a PDF: its signature is checked, and if we issued what it signs, its revocation
 * status too. The issued document is found by the digest of the signed ranges — of any signature in
 * the file, so that signing our document again does not hide it — and a copy whose unsigned bytes
 * were re-encoded is still recognised: `revoked` if it was revoked, and otherwise `invalid`
 * (modified) unless it is byte for byte the file we issued.
 */
export async function verifyUploadedPdf(ctx: AppContext, pdf: Buffer) {
  const report = verifyPdfSignature(pdf, await trustedCaPems(ctx.db), ctx.clock());
  const digests = report.integrity === 'unsigned' ? [] : signedDigestsOf(pdf);
  const matches = digests.length
    ? await ctx.db.selectFrom('signed_documents').select(['id', 'sha256', 'revoked_at', 'issued_at']).where('signed_digest', 'in', digests).orderBy('issued_at').execute()
    : [];
  // Should several match (an issued document inside another), a revoked one decides.
  const issued = matches.find((m) => m.revoked_at) ?? matches[0];
  if (issued && issued.sha256 !== report.sha256) {
    // Same signed content, other bytes: the file is not the one we issued.
    report.valid = false;
    if (report.integrity === 'intact') report.integrity = 'modified';
    report.problems.push('the file differs from the issued document outside the signed bytes');
  }
  const status: VerificationStatus = issued?.revoked_at ? 'revoked' : report.valid && report.chain === 'trusted' ? 'valid' : report.integrity === 'unsigned' ? 'unknown' : 'invalid';
  return { status, issuedHere: issued ? { id: issued.id, url: `/verify/${issued.id}` } : null, signature: summarise(report), sha256: report.sha256 };
}

/**
 * Issued documents stored before migration 009 have no signed digest: compute it from the stored
 * file (SQL cannot parse a PDF). Run at server start, after migrations; idempotent, and cheap when
 * there is nothing to do. Returns how many rows were filled.
 */
export async function backfillSignedDigests(db: Kysely<DB>, batch = 50): Promise<number> {
  let filled = 0;
  let after = '';
  for (;;) {
    const rows = await db
      .selectFrom('signed_documents')
      .innerJoin('blobs', 'blobs.sha256', 'signed_documents.sha256')
      .select(['signed_documents.id', 'blobs.content'])
      .where('signed_documents.signed_digest', 'is', null)
      .where('signed_documents.id', '>', after)
      .orderBy('signed_documents.id')
      .limit(batch)
      .execute();
    if (rows.length === 0) return filled;
    for (const row of rows) {
      const digest = signedDigestOf(Buffer.from(row.content));
      // A stored file without a readable signature stays null (it is then never matched).
      if (digest) {
        await db.updateTable('signed_documents').set({ signed_digest: digest }).where('id', '=', row.id).where('signed_digest', 'is', null).execute();
        filled++;
      }
    }
    after = rows[rows.length - 1]!.id;
  }
}

export async function revokeDocument(ctx: AppContext, id: string, reason: string, user: SessionUser) {
  const row = await ctx.db.selectFrom('signed_documents').select(['org_id', 'revoked_at']).where('id', '=', id).executeTakeFirst();
  if (!row) throw new DomainError('not-found', 404, { vi: `Không có văn bản điện tử mã "${id}".`, en: `No electronic document "${id}".` });
  const allowed = (user.role === 'leader' || user.role === 'admin') && (await ctx.orgs.covers(user.orgId, row.org_id));
  if (!allowed) throw new DomainError('forbidden', 403, { vi: 'Chỉ lãnh đạo hoặc quản trị của cơ quan ban hành được thu hồi văn bản.', en: 'Only a leader or administrator of the issuing organisation may revoke.' });
  if (row.revoked_at) throw new DomainError('already-revoked', 409, { vi: 'Văn bản đã bị thu hồi.', en: 'The document is already revoked.' });
  await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable('signed_documents').set({ revoked_at: ctx.clock(), revoked_reason: reason, revoked_by: user.id }).where('id', '=', id).execute();
    await recordAudit(trx, ctx, user, { action: 'document.revoke', subjectType: 'signed_document', subjectId: id, orgId: row.org_id, details: { reason } });
  });
  return publicDocument(ctx, id);
}

const caNotFound = (id: string) => new DomainError('not-found', 404, { vi: `Không có tổ chức chứng thực mã "${id}".`, en: `No certification authority "${id}".` });

function describeCa(row: { id: string; name: string; cert_pem: string; is_demo: boolean; created_at: Date; disabled_at: Date | null; disabled_reason: string | null; disabled_by: string | null }) {
  let subject: string | null = null;
  let notAfter: string | null = null;
  try {
    subject = subjectOf(row.cert_pem).text;
    notAfter = forge.pki.certificateFromPem(row.cert_pem).validity.notAfter.toISOString();
  } catch {
    /* stored before certificates were checked: shown without subject */
  }
  return {
    id: row.id,
    name: row.name,
    subject,
    notAfter,
    isDemo: row.is_demo,
    createdAt: row.created_at.toISOString(),
    status: row.disabled_at ? ('disabled' as const) : ('active' as const),
    disabledAt: row.disabled_at?.toISOString() ?? null,
    disabledBy: row.disabled_by,
    disabledReason: row.disabled_reason,
  };
}

/** Every CA ever trusted, with its status: disabled ones stay listed (why and when). */
export async function listTrustedCas(ctx: AppContext) {
  const rows = await ctx.db
    .selectFrom('trusted_cas')
    .select(['id', 'name', 'cert_pem', 'is_demo', 'created_at', 'disabled_at', 'disabled_reason', 'disabled_by'])
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return { items: rows.map(describeCa) };
}

export async function addTrustedCa(ctx: AppContext, name: string, certPem: string, actor: SessionUser) {
  let cert;
  try {
    cert = forge.pki.certificateFromPem(certPem);
  } catch {
    throw new DomainError('invalid-certificate', 422, { vi: 'Chứng thư không đọc được (cần PEM, khóa RSA).', en: 'Unreadable certificate (PEM, RSA key expected).' }, [{ path: 'certPem', message: { vi: 'PEM không hợp lệ', en: 'Invalid PEM' } }]);
  }
  const id = `ca_${randomUUID()}`;
  const result = { id, name, subject: subjectOf(certPem).text, notAfter: cert.validity.notAfter.toISOString() };
  await ctx.db.transaction().execute(async (trx) => {
    await trx.insertInto('trusted_cas').values({ id, name, cert_pem: forge.pki.certificateToPem(cert), created_at: ctx.clock() }).execute();
    // A trust anchor is city-wide: no organisation.
    await recordAudit(trx, ctx, actor, { action: 'trusted_ca.add', subjectType: 'trusted_ca', subjectId: id, orgId: null, details: { name, subject: result.subject, notAfter: result.notAfter } });
  });
  return result;
}

/**
 * Stops trusting a CA, with a reason: from now on no verification (public verifier, signed uploads,
 * issued results) chains to it. Kept, not deleted, so the list says what was trusted and why not now.
 */
export async function disableTrustedCa(ctx: AppContext, id: string, reason: string, actor: SessionUser) {
  const now = ctx.clock();
  const updated = await ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('trusted_cas')
      .set({ disabled_at: now, disabled_by: actor.id, disabled_reason: reason })
      .where('id', '=', id)
      .where('disabled_at', 'is', null)
      .returning('id')
      .executeTakeFirst();
    if (row) await recordAudit(trx, ctx, actor, { action: 'trusted_ca.disable', subjectType: 'trusted_ca', subjectId: id, orgId: null, details: { reason } });
    return row;
  });
  if (!updated) {
    const exists = await ctx.db.selectFrom('trusted_cas').select('id').where('id', '=', id).executeTakeFirst();
    if (!exists) throw caNotFound(id);
    throw new DomainError('already-disabled', 409, { vi: 'Tổ chức chứng thực này đã bị vô hiệu hóa.', en: 'This certification authority is already disabled.' });
  }
  const row = await ctx.db
    .selectFrom('trusted_cas')
    .select(['id', 'name', 'cert_pem', 'is_demo', 'created_at', 'disabled_at', 'disabled_reason', 'disabled_by'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return describeCa(row);
}
