/**
 * Secrets in a backup (the key that unseals the organisations' signing keys) are encrypted with the
 * operator's passphrase: scrypt derives a 32-byte key from it and a random salt, AES-256-GCM encrypts
 * and authenticates. A wrong passphrase and a changed byte both fail the GCM tag: nothing is returned.
 */
import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';

const KDF = { N: 1 << 15, r: 8, p: 1 } as const;

export interface SealedSecret {
  format: 'motcua-sealed-1';
  kdf: 'scrypt';
  N: number;
  r: number;
  p: number;
  salt: string;
  iv: string;
  tag: string;
  ciphertext: string;
}

const derive = (passphrase: string, salt: Buffer, k: { N: number; r: number; p: number }) =>
  // maxmem: scrypt needs 128·N·r bytes; the default limit (32 MB) is exactly that for N = 2^15, r = 8.
  scryptSync(passphrase.normalize('NFC'), salt, 32, { N: k.N, r: k.r, p: k.p, maxmem: 256 * k.N * k.r });

export function sealWithPassphrase(plain: Buffer, passphrase: string): SealedSecret {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', derive(passphrase, salt, KDF), iv);
  const ciphertext = Buffer.concat([cipher.update(plain), cipher.final()]);
  return {
    format: 'motcua-sealed-1', kdf: 'scrypt', ...KDF,
    salt: salt.toString('base64'), iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), ciphertext: ciphertext.toString('base64'),
  };
}

export class WrongPassphraseError extends Error {}

/** The plain secret; WrongPassphraseError when the passphrase is wrong or the sealed text was changed. */
export function openWithPassphrase(sealed: SealedSecret, passphrase: string): Buffer {
  if (sealed.format !== 'motcua-sealed-1' || sealed.kdf !== 'scrypt' || ![sealed.N, sealed.r, sealed.p].every((n) => Number.isInteger(n) && n > 0) || sealed.N > 1 << 20) {
    throw new WrongPassphraseError('unknown sealed-secret format');
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', derive(passphrase, Buffer.from(sealed.salt, 'base64'), sealed), Buffer.from(sealed.iv, 'base64'));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, 'base64')), decipher.final()]);
  } catch {
    throw new WrongPassphraseError('wrong passphrase or altered secret');
  }
}
