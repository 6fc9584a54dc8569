/**
 * CMS SignedData (RFC 5652) for PAdES baseline signatures: detached, SHA-256, with the signed
 * attributes contentType, signingTime, messageDigest and ESS signing-certificate-v2 (RFC 5035, which
 * ETSI.CAdES.detached requires), and the signer's certificate chain embedded.
 *
 * Built with node-forge's ASN.1 codec; the signature itself comes from node:crypto, so any key that
 * OpenSSL handles works and signing is native speed. Parsing is the mirror image, for verification.
 */
import { createHash, sign as cryptoSign } from 'node:crypto';
import forge from 'node-forge';

const { asn1 } = forge;
const T = asn1.Type;
const C = asn1.Class;

export const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  sha256: '2.16.840.1.101.3.4.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRSA: '1.2.840.113549.1.1.11',
} as const;

const oid = (id: string) => asn1.create(C.UNIVERSAL, T.OID, false, asn1.oidToDer(id).getBytes());
const seq = (items: forge.asn1.Asn1[]) => asn1.create(C.UNIVERSAL, T.SEQUENCE, true, items);
const set = (items: forge.asn1.Asn1[]) => asn1.create(C.UNIVERSAL, T.SET, true, items);
const octets = (bytes: Buffer) => asn1.create(C.UNIVERSAL, T.OCTETSTRING, false, bytes.toString('binary'));
const int = (n: number) => asn1.create(C.UNIVERSAL, T.INTEGER, false, asn1.integerToDer(n).getBytes());
const nul = () => asn1.create(C.UNIVERSAL, T.NULL, false, '');
const der = (a: forge.asn1.Asn1) => Buffer.from(asn1.toDer(a).getBytes(), 'binary');
const attribute = (type: string, value: forge.asn1.Asn1) => seq([oid(type), set([value])]);

export interface SignerMaterial {
  /** PEM private key (RSA). */
  keyPem: string;
  /** Signer certificate first, then its issuers. */
  chainPem: string[];
}

/** A detached CMS signature over `content` (the PDF's signed byte ranges). */
export function signDetached(content: Buffer, signer: SignerMaterial, signingTime: Date): Buffer {
  const certs = signer.chainPem.map((p) => forge.pki.certificateFromPem(p));
  const cert = certs[0]!;
  const certDer = der(forge.pki.certificateToAsn1(cert));
  const digest = createHash('sha256').update(content).digest();

  const signedAttrs = [
    attribute(OID.contentType, oid(OID.data)),
    attribute(OID.signingTime, asn1.create(C.UNIVERSAL, T.UTCTIME, false, asn1.dateToUtcTime(signingTime))),
    attribute(OID.messageDigest, octets(digest)),
    // ESSCertIDv2 with the default hash (SHA-256) omitted, as RFC 5035 requires for DER.
    attribute(OID.signingCertificateV2, seq([seq([seq([octets(createHash('sha256').update(certDer).digest())])])])),
  ];
  // The signature covers the attributes DER-encoded as a SET (tag 0x31), not as the [0] field.
  const toSign = der(set(signedAttrs));
  const signature = cryptoSign('sha256', toSign, signer.keyPem);

  const issuerAndSerial = seq([issuerAsn1(cert), asn1.create(C.UNIVERSAL, T.INTEGER, false, forge.util.hexToBytes(cert.serialNumber))]);
  const signerInfo = seq([
    int(1),
    issuerAndSerial,
    seq([oid(OID.sha256)]),
    asn1.create(C.CONTEXT_SPECIFIC, 0, true, signedAttrs),
    seq([oid(OID.rsaEncryption), nul()]),
    octets(signature),
  ]);
  const signedData = seq([
    int(1),
    set([seq([oid(OID.sha256)])]),
    seq([oid(OID.data)]),
    asn1.create(C.CONTEXT_SPECIFIC, 0, true, certs.map((c) => forge.pki.certificateToAsn1(c))),
    set([signerInfo]),
  ]);
  return der(seq([oid(OID.signedData), asn1.create(C.CONTEXT_SPECIFIC, 0, true, [signedData])]));
}

/**
 * The issuer Name exactly as encoded in the certificate. Re-encoding a parsed Name with forge would
 * encode its UTF8String bytes a second time and no longer match.
 */
function issuerAsn1(cert: forge.pki.Certificate): forge.asn1.Asn1 {
  const tbs = (cert as unknown as { tbsCertificate?: forge.asn1.Asn1 }).tbsCertificate ?? (forge.pki as unknown as { getTBSCertificate(c: forge.pki.Certificate): forge.asn1.Asn1 }).getTBSCertificate(cert);
  const fields = tbs.value as forge.asn1.Asn1[];
  const hasVersion = fields[0]?.tagClass === C.CONTEXT_SPECIFIC;
  return fields[hasVersion ? 3 : 2]!;
}

export interface ParsedSignature {
  certificates: forge.pki.Certificate[];
  /** PEM of each certificate, same order. */
  certificatesPem: string[];
  signer: forge.pki.Certificate | null;
  digestAlgorithm: string;
  messageDigest: Buffer | null;
  signingTime: Date | null;
  /** DER of the signed attributes as a SET: what the signature covers. */
  signedAttrsDer: Buffer | null;
  signature: Buffer;
}

const bytes = (a: forge.asn1.Asn1) => Buffer.from(a.value as string, 'binary');
const oidOf = (a: forge.asn1.Asn1) => asn1.derToOid(forge.util.createBuffer(a.value as string));
const children = (a: forge.asn1.Asn1 | undefined) => (a && Array.isArray(a.value) ? (a.value as forge.asn1.Asn1[]) : []);

/** Parses a CMS SignedData blob; throws on anything that is not one. */
export function parseSignedData(blob: Buffer): ParsedSignature {
  const root = asn1.fromDer(forge.util.createBuffer(blob.toString('binary')), { parseAllBytes: false, strict: false } as never);
  const [typeOid, wrapped] = children(root);
  if (!typeOid || oidOf(typeOid) !== OID.signedData) throw new Error('not a CMS SignedData');
  const sd = children(children(wrapped)[0]);
  const certsNode = sd.find((n) => n.tagClass === C.CONTEXT_SPECIFIC && n.type === 0);
  const certificates = children(certsNode).map((c) => forge.pki.certificateFromAsn1(c));
  const signerInfos = sd[sd.length - 1];
  const si = children(children(signerInfos)[0]);
  if (si.length < 5) throw new Error('no signer info');
  const sid = children(si[1]);
  const serial = forge.util.bytesToHex(sid[1]?.value as string).replace(/^0+/, '');
  const issuerDer = der(sid[0]!);
  const signer =
    certificates.find((c) => c.serialNumber.replace(/^0+/, '') === serial && der(issuerAsn1(c)).equals(issuerDer)) ?? null;
  const digestAlgorithm = oidOf(children(si[2])[0]!);
  const attrsNode = si.find((n) => n.tagClass === C.CONTEXT_SPECIFIC && n.type === 0);
  let messageDigest: Buffer | null = null;
  let signingTime: Date | null = null;
  let signedAttrsDer: Buffer | null = null;
  if (attrsNode) {
    const attrs = children(attrsNode);
    for (const a of attrs) {
      const [t, vals] = children(a);
      const v = children(vals)[0];
      if (!t || !v) continue;
      const type = oidOf(t);
      if (type === OID.messageDigest) messageDigest = bytes(v);
      if (type === OID.signingTime) signingTime = v.type === T.UTCTIME ? asn1.utcTimeToDate(v.value as string) : asn1.generalizedTimeToDate(v.value as string);
    }
    signedAttrsDer = der(set(attrs));
  }
  const signature = bytes(si[si.length - 1]!);
  return {
    certificates,
    certificatesPem: certificates.map((c) => forge.pki.certificateToPem(c)),
    signer,
    digestAlgorithm,
    messageDigest,
    signingTime,
    signedAttrsDer,
    signature,
  };
}
