/**
 * PAdES signing and verification of PDF files.
 *
 * Signing: an incremental update adds a signature dictionary (SubFilter ETSI.CAdES.detached) with a
 * placeholder; the CMS signature (cms.ts) over the two byte ranges around it fills the placeholder.
 *
 * Verification, as a relying party does it: the byte ranges must cover the whole file except the
 * signature itself (nothing appended after signing), the messageDigest must equal the hash of those
 * bytes, the signature must verify with the signer's key, the certificate must be valid at the signing
 * time, and its chain must end at a trusted CA.
 *
 * The bytes between the two ranges are not signed, so they must be exactly the canonical encoding of
 * the signature: `<`, the DER of the CMS SignedData in hexadecimal of one case, zero padding, `>`.
 * Anything else there (re-cased or mixed-case hex, non-zero padding, whitespace) is a modification:
 * otherwise one signed content could be dressed as many different files. What identifies a signed
 * document is the digest of its signed ranges (`signedDigest`), never the hash of the whole file.
 */
import { createHash, createPublicKey, verify as cryptoVerify } from 'node:crypto';
import forge from 'node-forge';
import { SignPdf, Signer } from '@signpdf/signpdf';
import { plainAddPlaceholder } from '@signpdf/placeholder-plain';
import { parseSignedData, signDetached, OID, type SignerMaterial } from './cms.ts';
import { describeName } from './pki.ts';

const SIGNATURE_BYTES = 12_000;

class CmsSigner extends Signer {
  constructor(
    private readonly material: SignerMaterial,
    private readonly at: Date,
  ) {
    super();
  }
  override async sign(content: Buffer): Promise<Buffer> {
    return signDetached(content, this.material, this.at);
  }
}

export interface SignOptions {
  reason: string;
  location: string;
  signerName: string;
  contactInfo?: string;
  signingTime: Date;
}

export async function signPdf(pdf: Buffer, material: SignerMaterial, options: SignOptions): Promise<Buffer> {
  const withPlaceholder = plainAddPlaceholder({
    pdfBuffer: pdf,
    reason: options.reason,
    location: options.location,
    name: options.signerName,
    contactInfo: options.contactInfo ?? '',
    signingTime: options.signingTime,
    signatureLength: SIGNATURE_BYTES,
    subFilter: 'ETSI.CAdES.detached',
    appName: 'motcua',
  });
  return new SignPdf().sign(withPlaceholder, new CmsSigner(material, options.signingTime));
}

export type IntegrityStatus = 'intact' | 'modified' | 'unsigned' | 'malformed';
export type ChainStatus = 'trusted' | 'untrusted' | 'unknown';

export interface SignatureReport {
  integrity: IntegrityStatus;
  /** The signature verifies and the signed ranges cover the whole file. */
  valid: boolean;
  chain: ChainStatus;
  /** The signer's certificate was within its validity period at the signing time. */
  validAtSigningTime: boolean | null;
  signingTime: string | null;
  signer: { commonName: string; organisation: string | null; text: string } | null;
  issuer: { commonName: string; organisation: string | null; text: string } | null;
  certificateValidity: { notBefore: string; notAfter: string } | null;
  /** SHA-256 of the whole file. */
  sha256: string;
  /** Hex SHA-256 over the /ByteRange bytes: what the signature covers (null: no usable ByteRange). */
  signedDigest: string | null;
  problems: string[];
}

/**
 * The Vietnamese wording of each signature problem (the report keeps the English text, which the API
 * returns and stores). Pages and messages in Vietnamese translate through `problemInVietnamese`.
 */
export const PROBLEMS_VI: Readonly<Record<string, string>> = {
  'the signature field is not a hexadecimal string': 'trường chữ ký không phải là chuỗi thập lục phân',
  'the signature field holds bytes that are not part of the signature (white space)': 'trường chữ ký chứa các byte không thuộc chữ ký (khoảng trắng)',
  'the signature field mixes upper- and lower-case hexadecimal (re-encoded after signing)': 'trường chữ ký lẫn chữ hoa và chữ thường thập lục phân (đã mã hoá lại sau khi ký)',
  'the signature field has an odd number of hexadecimal digits': 'trường chữ ký có số chữ số thập lục phân lẻ',
  'the padding after the signature is not zero (re-encoded after signing)': 'phần đệm sau chữ ký không phải là số 0 (đã mã hoá lại sau khi ký)',
  'ByteRange outside the file': 'vùng ký (ByteRange) nằm ngoài tệp',
  'digest algorithm is not SHA-256': 'thuật toán băm không phải SHA-256',
  'the document was changed after signing': 'văn bản đã bị thay đổi sau khi ký',
  'bytes were added after the signed part': 'có dữ liệu được thêm vào sau phần đã ký',
  'no signer certificate or signed attributes': 'không có chứng thư của người ký hoặc thuộc tính đã ký',
  'the signature does not verify with the signer certificate': 'chữ ký không khớp với chứng thư của người ký',
  'the certificate was not valid at the signing time': 'chứng thư số không còn hiệu lực tại thời điểm ký',
  'the certificate does not chain to a trusted authority': 'chứng thư số không do tổ chức chứng thực được tin cậy cấp',
  'the file differs from the issued document outside the signed bytes': 'tệp khác với văn bản đã cấp ở phần nằm ngoài vùng đã ký',
  'the file carries no digital signature': 'tệp không có chữ ký số',
};
/** Problems whose English text ends with a technical detail (kept as is after the Vietnamese prefix). */
export const PROBLEM_PREFIXES_VI: Readonly<Record<string, string>> = { 'unreadable signature: ': 'không đọc được chữ ký: ' };

/** The Vietnamese text of one problem of a `SignatureReport` (the English text if it is unknown). */
export function problemInVietnamese(problem: string): string {
  const whole = PROBLEMS_VI[problem];
  if (whole) return whole;
  for (const [en, vi] of Object.entries(PROBLEM_PREFIXES_VI)) if (problem.startsWith(en)) return vi + problem.slice(en.length);
  return problem;
}

interface FoundSignature {
  ranges: [number, number, number, number];
  /** The unsigned bytes between the two ranges, as latin1 text (`<hex…>` when canonical). */
  gap: string;
}

/** Every signature's ByteRange, in file order (an incremental update adds a later one). */
function findSignatures(pdf: Buffer): FoundSignature[] {
  const text = pdf.toString('latin1');
  const re = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g;
  const found: FoundSignature[] = [];
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const ranges = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])] as [number, number, number, number];
    found.push({ ranges, gap: text.slice(ranges[0] + ranges[1], ranges[2]) });
  }
  return found;
}

/** The last signature (the one that covers the most): what the report is about. */
function findSignature(pdf: Buffer): FoundSignature | null {
  return findSignatures(pdf).at(-1) ?? null;
}

const rangesInsideFile = ([a, b, c, d]: [number, number, number, number], length: number) => a === 0 && b > 0 && c > b && d >= 0 && c + d <= length;

/** The bytes the signature covers: the two ranges, without the signature between them. */
function signedBytes(pdf: Buffer, [a, b, c, d]: [number, number, number, number]): Buffer {
  return Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)]);
}

/**
 * Hex SHA-256 over a signed PDF's /ByteRange bytes (its last signature), or null when it has none
 * that lies inside the file. Stored at issue time: the identity of an issued document.
 */
export function signedDigestOf(pdf: Buffer): string | null {
  const found = findSignature(pdf);
  if (!found || !rangesInsideFile(found.ranges, pdf.length)) return null;
  return createHash('sha256').update(signedBytes(pdf, found.ranges)).digest('hex');
}

/**
 * The signed digests of every signature in the file (at most `max`, the last ones), distinct. A later
 * signature (an incremental update) covers an earlier signed content: an issued document signed again
 * by someone else is still that issued document, and still revoked if it was.
 */
export function signedDigestsOf(pdf: Buffer, max = 10): string[] {
  const digests = findSignatures(pdf)
    .slice(-max)
    .filter((f) => rangesInsideFile(f.ranges, pdf.length))
    .map((f) => createHash('sha256').update(signedBytes(pdf, f.ranges)).digest('hex'));
  return [...new Set(digests)];
}

/** Length of the DER element at the start of `der` (tag, length, content), or null if unreadable. */
function derLength(der: Buffer): number | null {
  if (der.length < 2) return null;
  const first = der[1]!;
  if (first < 0x80) return 2 + first;
  const n = first & 0x7f;
  if (n === 0 || n > 4 || der.length < 2 + n) return null;
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + der[2 + i]!;
  return 2 + n + len;
}

/**
 * Reads the signature placeholder. `problems` lists every way it differs from the canonical
 * encoding `<` + hex (one case) + zero padding + `>`; the contents are decoded leniently so that the
 * rest of the report (signer, chain) can still be given.
 */
function readContents(gap: string): { contents: Buffer; problems: string[] } {
  const problems: string[] = [];
  const hex = /^<([0-9A-Fa-f]*)>$/.exec(gap) ?? /^\s*<([0-9A-Fa-f\s]*)>\s*$/.exec(gap);
  if (!hex) return { contents: Buffer.alloc(0), problems: ['the signature field is not a hexadecimal string'] };
  if (hex[0] !== gap || /\s/.test(hex[1]!)) problems.push('the signature field holds bytes that are not part of the signature (white space)');
  const digits = hex[1]!.replace(/\s/g, '');
  if (/[a-f]/.test(digits) && /[A-F]/.test(digits)) problems.push('the signature field mixes upper- and lower-case hexadecimal (re-encoded after signing)');
  if (digits.length % 2 !== 0) problems.push('the signature field has an odd number of hexadecimal digits');
  const contents = Buffer.from(digits.slice(0, digits.length - (digits.length % 2)), 'hex');
  const used = derLength(contents);
  if (used !== null && used <= contents.length && contents.subarray(used).some((byte) => byte !== 0)) {
    problems.push('the padding after the signature is not zero (re-encoded after signing)');
  }
  return { contents, problems };
}

export function verifyPdfSignature(pdf: Buffer, trustedCaPems: string[], now: Date): SignatureReport {
  const sha256 = createHash('sha256').update(pdf).digest('hex');
  const base: SignatureReport = { integrity: 'unsigned', valid: false, chain: 'unknown', validAtSigningTime: null, signingTime: null, signer: null, issuer: null, certificateValidity: null, sha256, signedDigest: null, problems: [] };
  const found = findSignature(pdf);
  if (!found) return base;
  const [, , c, d] = found.ranges;
  if (!rangesInsideFile(found.ranges, pdf.length)) return { ...base, integrity: 'malformed', problems: ['ByteRange outside the file'] };
  const signed = signedBytes(pdf, found.ranges);
  const digest = createHash('sha256').update(signed).digest();
  const signedDigest = digest.toString('hex');
  const { contents, problems: encoding } = readContents(found.gap);
  let parsed;
  try {
    parsed = parseSignedData(contents);
  } catch (e) {
    return { ...base, signedDigest, integrity: 'malformed', problems: [...encoding, `unreadable signature: ${(e as Error).message}`] };
  }
  const report: SignatureReport = { ...base, signedDigest, integrity: 'intact', signingTime: parsed.signingTime?.toISOString() ?? null };
  if (parsed.digestAlgorithm !== OID.sha256) report.problems.push('digest algorithm is not SHA-256');
  if (!parsed.messageDigest || !parsed.messageDigest.equals(digest)) {
    report.integrity = 'modified';
    report.problems.push('the document was changed after signing');
  }
  if (encoding.length > 0) {
    report.integrity = 'modified';
    report.problems.push(...encoding);
  }
  if (c + d !== pdf.length) {
    report.integrity = 'modified';
    report.problems.push('bytes were added after the signed part');
  }
  const signer = parsed.signer;
  if (!signer || !parsed.signedAttrsDer) {
    report.integrity = 'malformed';
    report.problems.push('no signer certificate or signed attributes');
    return report;
  }
  report.signer = describeName(signer.subject);
  report.issuer = describeName(signer.issuer);
  report.certificateValidity = { notBefore: signer.validity.notBefore.toISOString(), notAfter: signer.validity.notAfter.toISOString() };
  const signerPem = forge.pki.certificateToPem(signer);
  let signatureOk = false;
  try {
    signatureOk = cryptoVerify('sha256', parsed.signedAttrsDer, createPublicKey(signerPem), parsed.signature);
  } catch {
    signatureOk = false;
  }
  if (!signatureOk) {
    report.integrity = 'modified';
    report.problems.push('the signature does not verify with the signer certificate');
  }
  const at = parsed.signingTime ?? now;
  report.validAtSigningTime = at >= signer.validity.notBefore && at <= signer.validity.notAfter;
  if (!report.validAtSigningTime) report.problems.push('the certificate was not valid at the signing time');
  report.chain = chainStatus(signer, parsed.certificates, trustedCaPems, at);
  if (report.chain !== 'trusted') report.problems.push('the certificate does not chain to a trusted authority');
  report.valid = report.integrity === 'intact' && signatureOk;
  return report;
}

function chainStatus(signer: forge.pki.Certificate, embedded: forge.pki.Certificate[], trustedPems: string[], at: Date): ChainStatus {
  if (trustedPems.length === 0) return 'untrusted';
  const store = forge.pki.createCaStore(trustedPems);
  const chain = [signer];
  // Follow issuers among the embedded certificates until one is trusted.
  for (let cur = signer; chain.length < 6; ) {
    if (store.getIssuer(cur)) break;
    const next = embedded.find((c) => c !== cur && c.subject.hash === cur.issuer.hash);
    if (!next) break;
    chain.push(next);
    cur = next;
  }
  try {
    forge.pki.verifyCertificateChain(store, chain, { validityCheckDate: at });
    return 'trusted';
  } catch {
    return 'untrusted';
  }
}
