/**
 * Certificates for organisations (RSA: node-forge parses RSA certificates only): a local demo CA issues one per organisation in demo mode; real
 * deployments import PKCS#12 files. Private keys are stored encrypted (AES-256-GCM) under the
 * server's secret key, never in clear in the database.
 */
import { createCipheriv, createDecipheriv, createPublicKey, generateKeyPair, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import forge from 'node-forge';

export interface IssuedIdentity {
  keyPem: string;
  certPem: string;
}

export interface DistinguishedName {
  commonName: string;
  organisation?: string;
  country?: string;
  locality?: string;
}

function attrs(dn: DistinguishedName): forge.pki.CertificateField[] {
  return [
    { name: 'countryName', value: dn.country ?? 'VN' },
    ...(dn.locality ? [{ name: 'localityName', value: dn.locality }] : []),
    ...(dn.organisation ? [{ name: 'organizationName', value: dn.organisation }] : []),
    { name: 'commonName', value: dn.commonName },
  ].map((a) => ({ ...a, valueTagClass: forge.asn1.Type.UTF8 as unknown as forge.asn1.Class }));
}

/** RSA-2048 keys from OpenSSL (native, fast); forge only assembles the certificate. */
const generateKeyPairAsync = promisify(generateKeyPair);

interface KeyPair {
  keyPem: string;
  publicKey: forge.pki.PublicKey;
}

function toKeyPair(pair: { privateKey: KeyObject; publicKey: KeyObject }): KeyPair {
  return {
    keyPem: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKey: forge.pki.publicKeyFromPem(pair.publicKey.export({ type: 'spki', format: 'pem' }).toString()),
  };
}

const newKeyPair = () => toKeyPair(generateKeyPairSync('rsa', { modulusLength: 2048 }));

/** A certificate with a fresh serial, a validity of `years` from `notBefore`, and a subject. */
function newCertificate(keys: KeyPair, dn: DistinguishedName, notBefore: Date, years: number): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = serial();
  cert.validity.notBefore = notBefore;
  cert.validity.notAfter = new Date(notBefore.getTime() + years * 365.25 * 86_400_000);
  cert.setSubject(attrs(dn));
  return cert;
}

function serial(): string {
  const b = randomBytes(16);
  b[0] = b[0]! & 0x7f; // positive INTEGER
  return b.toString('hex');
}

export function createCertificateAuthority(dn: DistinguishedName, notBefore: Date, years = 10): IssuedIdentity {
  const keys = newKeyPair();
  const cert = newCertificate(keys, dn, notBefore, years);
  cert.setIssuer(attrs(dn));
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(keys.keyPem), forge.md.sha256.create());
  return { keyPem: keys.keyPem, certPem: forge.pki.certificateToPem(cert) };
}

export function issueSigningCertificate(ca: IssuedIdentity, dn: DistinguishedName, notBefore: Date, years = 3): IssuedIdentity {
  return certify(ca, dn, notBefore, years, newKeyPair());
}

/** The same, with the key generated on libuv's thread pool so several can be made in parallel. */
export async function issueSigningCertificateAsync(ca: IssuedIdentity, dn: DistinguishedName, notBefore: Date, years = 3): Promise<IssuedIdentity> {
  return certify(ca, dn, notBefore, years, toKeyPair(await generateKeyPairAsync('rsa', { modulusLength: 2048 })));
}

function certify(ca: IssuedIdentity, dn: DistinguishedName, notBefore: Date, years: number, keys: KeyPair): IssuedIdentity {
  const caCert = forge.pki.certificateFromPem(ca.certPem);
  const cert = newCertificate(keys, dn, notBefore, years);
  // Parsed UTF8String values are raw bytes; decode them or forge would encode them twice.
  cert.setIssuer(
    caCert.subject.attributes.map((a) => ({ ...a, value: (a.valueTagClass as unknown) === forge.asn1.Type.UTF8 ? decodeUtf8(a.value as string) : a.value })),
  );
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(ca.keyPem), forge.md.sha256.create());
  return { keyPem: keys.keyPem, certPem: forge.pki.certificateToPem(cert) };
}


/** A PKCS#12 file (as issued by a CA) → key and chain, for import. Throws on a wrong password. */
export function readPkcs12(p12: Buffer, password: string): { keyPem: string; chainPem: string[] } {
  const asn = forge.asn1.fromDer(forge.util.createBuffer(p12.toString('binary')));
  const parsed = forge.pkcs12.pkcs12FromAsn1(asn, false, password);
  const keyBag = [
    ...(parsed.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag! })[forge.pki.oids.pkcs8ShroudedKeyBag!] ?? []),
    ...(parsed.getBags({ bagType: forge.pki.oids.keyBag! })[forge.pki.oids.keyBag!] ?? []),
  ][0];
  const certBags = parsed.getBags({ bagType: forge.pki.oids.certBag! })[forge.pki.oids.certBag!] ?? [];
  if (!keyBag?.key || certBags.length === 0) throw new Error('the PKCS#12 file has no key or no certificate');
  const keyPem = forge.pki.privateKeyToPem(keyBag.key);
  const certs = certBags.map((b) => b.cert!).filter(Boolean);
  // Signer first: the certificate whose public key matches the private key.
  const pub = createPublicKey(keyPem).export({ type: 'spki', format: 'der' });
  certs.sort((a, b) => Number(certPublicKeyDer(b).equals(pub)) - Number(certPublicKeyDer(a).equals(pub)));
  return { keyPem, chainPem: certs.map((c) => forge.pki.certificateToPem(c)) };
}

function certPublicKeyDer(cert: forge.pki.Certificate): Buffer {
  return Buffer.from(forge.asn1.toDer(forge.pki.publicKeyToAsn1(cert.publicKey)).getBytes(), 'binary');
}

/** PKCS#12 of a key and chain (for exporting demo identities and for tests of the import). */
export function writePkcs12(keyPem: string, chainPem: string[], password: string): Buffer {
  const key = forge.pki.privateKeyFromPem(keyPem);
  const asn = forge.pkcs12.toPkcs12Asn1(key, chainPem.map((p) => forge.pki.certificateFromPem(p)), password, { algorithm: 'aes256' });
  return Buffer.from(forge.asn1.toDer(asn).getBytes(), 'binary');
}

export function subjectOf(certPem: string): { commonName: string; organisation: string | null; text: string } {
  const cert = forge.pki.certificateFromPem(certPem);
  return describeName(cert.subject);
}

export function describeName(name: forge.pki.Certificate['subject']) {
  const get = (short: string) => (name.getField(short)?.value as string | undefined) ?? null;
  const decode = (v: string | null) => (v === null ? null : decodeUtf8(v));
  const commonName = decode(get('CN')) ?? '';
  const organisation = decode(get('O'));
  return { commonName, organisation, text: [commonName, organisation].filter(Boolean).join(', ') };
}

/** forge hands UTF8String values back as byte strings. */
function decodeUtf8(v: string): string {
  try {
    return forge.util.decodeUtf8(v);
  } catch {
    return v;
  }
}

// ---- keys at rest ------------------------------------------------------------------------------

export function encryptSecret(plain: string, key: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join('.');
}

export function decryptSecret(sealed: string, key: Buffer): string {
  const [version, iv, tag, body] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || !body) throw new Error('unknown secret format');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
  decipher.setAuthTag(Buffer.from(tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
}
