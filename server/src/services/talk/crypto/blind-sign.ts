import crypto from 'node:crypto'
import { AppError } from '../../../errors.js'

/**
 * Server side of RFC 9474 (RSABSSA-SHA384-PSS-Randomized). BlindSign is the one step not taken
 * from @cloudflare/blindrsa-ts: its pure-JavaScript RSA costs ~400 ms per signature, OpenSSL's
 * well under a millisecond. Only the raw RSA primitives come from OpenSSL; the RFC's steps
 * around them (input checks, the RSAVP1 check of the result) are spelled out below.
 */

export class InvalidBlindedMessageError extends AppError {
  override name = 'InvalidBlindedMessageError'
  constructor(detail: string) {
    super(400, 'invalid_blinded_message', 'Invalid blinded message', detail)
  }
}

/** RFC 9474 "signing failure": the result does not verify (e.g. a fault in the CRT computation). */
export class BlindSignFailureError extends Error {
  override name = 'BlindSignFailureError'
}

/** The modulus n as big-endian bytes, exactly modulus-length long (public data). */
function modulusOf(publicKey: crypto.KeyObject): Buffer {
  const bits = publicKey.asymmetricKeyDetails?.modulusLength
  const n = publicKey.export({ format: 'jwk' }).n
  if (publicKey.asymmetricKeyType !== 'rsa' || !bits || !n) throw new TypeError('not an RSA public key')
  const bytes = Buffer.from(n, 'base64url')
  const kLen = Math.ceil(bits / 8)
  return bytes.length === kLen ? bytes : Buffer.concat([Buffer.alloc(kLen - bytes.length), bytes])
}

/**
 * RFC 9474 §4.3 BlindSign: s = RSASP1(sk, m), then m' = RSAVP1(pk, s) must equal m. Returns s as
 * modulus-length big-endian bytes. Throws InvalidBlindedMessageError (a client error) when the
 * input is not modulus-length or not below n; BlindSignFailureError when the check fails.
 * Never log or store `blindedMsg`: it is the half of the link the server sees (DESIGN §2).
 */
export function blindSignNative(privateKey: crypto.KeyObject, publicKey: crypto.KeyObject, blindedMsg: Uint8Array): Uint8Array {
  const n = modulusOf(publicKey)
  const m = Buffer.from(blindedMsg.buffer, blindedMsg.byteOffset, blindedMsg.byteLength)
  if (m.length !== n.length) throw new InvalidBlindedMessageError(`A blinded message is ${n.length} bytes long.`)
  // Equal-length big-endian byte strings compare like the integers they encode. n is public and
  // m came from the client, so this comparison needs no constant time.
  if (Buffer.compare(m, n) >= 0) throw new InvalidBlindedMessageError('A blinded message must be smaller than the modulus.')

  // RSA_NO_PADDING makes these the raw primitives: privateDecrypt = RSASP1 (OpenSSL uses CRT with
  // blinding against timing attacks), publicEncrypt = RSAVP1.
  const s = crypto.privateDecrypt({ key: privateKey, padding: crypto.constants.RSA_NO_PADDING }, m)
  if (s.length !== n.length) throw new BlindSignFailureError('unexpected signature length')
  let mPrime: Buffer
  try {
    mPrime = crypto.publicEncrypt({ key: publicKey, padding: crypto.constants.RSA_NO_PADDING }, s)
  } catch {
    // OpenSSL refuses an s that is not below n (only possible when the two halves do not match):
    // a signing failure like any other, never a raw OpenSSL error.
    throw new BlindSignFailureError('signing failure')
  }
  if (mPrime.length !== m.length || !crypto.timingSafeEqual(mPrime, m)) throw new BlindSignFailureError('signing failure')
  return new Uint8Array(s.buffer, s.byteOffset, s.byteLength)
}

// Verification belongs to the anonymous side, which redeems tokens; issuance only signs.
export { verifyToken, verifyTokenWithLibrary } from '../../../anon/crypto/verify-token.js'
