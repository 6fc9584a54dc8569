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
  sha256: string;
  problems: string[];
}

/** Finds the last signature's ByteRange and Contents (the one that covers the most). */
function findSignature(pdf: Buffer): { ranges: [number, number, number, number]; contents: Buffer } | null {
  const text = pdf.toString('latin1');
  const re = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g;
  let last: RegExpExecArray | null = null;
  for (let m = re.exec(text); m; m = re.exec(text)) last = m;
  if (!last) return null;
  const ranges = [Number(last[1]), Number(last[2]), Number(last[3]), Number(last[4])] as [number, number, number, number];
  const gap = text.slice(ranges[0] + ranges[1], ranges[2]);
  const hex = /^<([0-9A-Fa-f]*)>$/.exec(gap.trim());
  if (!hex) return { ranges, contents: Buffer.alloc(0) };
  return { ranges, contents: Buffer.from(hex[1]!, 'hex') };
}

export function verifyPdfSignature(pdf: Buffer, trustedCaPems: string[], now: Date): SignatureReport {
  const sha256 = createHash('sha256').update(pdf).digest('hex');
  const base: SignatureReport = { integrity: 'unsigned', valid: false, chain: 'unknown', validAtSigningTime: null, signingTime: null, signer: null, issuer: null, certificateValidity: null, sha256, problems: [] };
  const found = findSignature(pdf);
  if (!found) return base;
  const [a, b, c, d] = found.ranges;
  if (a !== 0 || b <= 0 || c <= b || c + d > pdf.length) return { ...base, integrity: 'malformed', problems: ['ByteRange outside the file'] };
  let parsed;
  try {
    parsed = parseSignedData(found.contents);
  } catch (e) {
    return { ...base, integrity: 'malformed', problems: [`unreadable signature: ${(e as Error).message}`] };
  }
  const report: SignatureReport = { ...base, integrity: 'intact', signingTime: parsed.signingTime?.toISOString() ?? null };
  const signed = Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)]);
  if (parsed.digestAlgorithm !== OID.sha256) report.problems.push('digest algorithm is not SHA-256');
  const digest = createHash('sha256').update(signed).digest();
  if (!parsed.messageDigest || !parsed.messageDigest.equals(digest)) {
    report.integrity = 'modified';
    report.problems.push('the document was changed after signing');
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
