import crypto from 'node:crypto'
import { RSABSSA } from '@cloudflare/blindrsa-ts'

const suite = RSABSSA.SHA384.PSS.Randomized()

/**
 * RFC 9474 Verify for RSABSSA-SHA384-PSS-Randomized: `preparedMessage` is the token's `message`
 * (32-byte random prefix ‖ msg) exactly as the client sent it. The RFC's Verify is plain
 * RSASSA-PSS-VERIFY (SHA-384, MGF1-SHA-384, 48-byte salt) over the prepared message, which
 * OpenSSL does in a fraction of the library's time; `verifyTokenWithLibrary` is kept so the tests
 * can prove the two agree. False for any bad signature; throws only if the key is not a key.
 */
export async function verifyToken(publicKeySpki: Uint8Array, preparedMessage: Uint8Array, signature: Uint8Array): Promise<boolean> {
  const key = crypto.createPublicKey({ key: Buffer.from(publicKeySpki), format: 'der', type: 'spki' })
  const modulusBytes = Math.ceil((key.asymmetricKeyDetails?.modulusLength ?? 0) / 8)
  // OpenSSL accepts a signature shorter than the modulus (it left-pads); RFC 9474 does not.
  if (signature.length !== modulusBytes) return false
  return crypto.verify('sha384', preparedMessage, { key, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: 48 }, signature)
}

/** The same check by @cloudflare/blindrsa-ts (slow: pure JavaScript); tests compare the two. */
export async function verifyTokenWithLibrary(publicKeySpki: Uint8Array, preparedMessage: Uint8Array, signature: Uint8Array): Promise<boolean> {
  const key = await crypto.subtle.importKey('spki', new Uint8Array(publicKeySpki), { name: 'RSA-PSS', hash: 'SHA-384' }, true, ['verify'])
  try {
    return await suite.verify(key, signature, preparedMessage)
  } catch {
    return false
  }
}
