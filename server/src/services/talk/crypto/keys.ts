import crypto from 'node:crypto'
import { promisify } from 'node:util'
import { open, seal } from '../../../crypto/box.js'

/**
 * Issuer keys for the anonymous credentials (DESIGN §2): RSA-2048, e = 65537, one per
 * (company, purpose, epoch). Public halves travel as SPKI DER, private halves rest as PKCS#8 DER
 * sealed under a key derived from the server secret.
 */

const generateKeyPair = promisify(crypto.generateKeyPair)
export const ISSUER_MODULUS_BITS = 2048

export interface IssuerKey {
  keyId: string
  publicKey: crypto.KeyObject
  privateKey: crypto.KeyObject
  spkiDer: Buffer
}

export async function generateIssuerKey(): Promise<IssuerKey> {
  const { publicKey, privateKey } = await generateKeyPair('rsa', { modulusLength: ISSUER_MODULUS_BITS, publicExponent: 65537 })
  const spkiDer = publicKey.export({ format: 'der', type: 'spki' })
  return { keyId: keyIdOf(spkiDer), publicKey, privateKey, spkiDer }
}

/** keyId = base64url(SHA-256(SPKI DER)); clients recompute it to check the directory. */
export function keyIdOf(spkiDer: Uint8Array): string {
  return crypto.createHash('sha256').update(spkiDer).digest('base64url')
}

/** The directory's `publicKey` field: base64url of the SPKI DER. */
export function publicKeyB64url(spkiDer: Uint8Array): string {
  return Buffer.from(spkiDer).toString('base64url')
}

export function pkcs8Of(privateKey: crypto.KeyObject): Buffer {
  return privateKey.export({ format: 'der', type: 'pkcs8' })
}

export function publicKeyFromSpki(spkiDer: Uint8Array): crypto.KeyObject {
  return crypto.createPublicKey({ key: Buffer.from(spkiDer), format: 'der', type: 'spki' })
}

/**
 * AES-256-GCM (nonce ‖ tag ‖ ciphertext) under `key`, a 32-byte key derived from the server
 * secret. `aad` should be the keyId, so a sealed key moved to another row fails to open.
 */
export function sealPrivateKey(key: Uint8Array, pkcs8Der: Uint8Array, aad: string): Buffer {
  return seal(key, Buffer.from(pkcs8Der), aad)
}

/** Opens what sealPrivateKey sealed; throws if the key, the aad or the ciphertext is wrong. */
export function openPrivateKey(key: Uint8Array, sealed: Uint8Array, aad: string): crypto.KeyObject {
  const der = open(key, Buffer.from(sealed), aad)
  try {
    return crypto.createPrivateKey({ key: der, format: 'der', type: 'pkcs8' })
  } finally {
    der.fill(0)
  }
}
