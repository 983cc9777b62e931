import crypto from 'node:crypto'
import { fromBase64url } from '../../../../shared/src/talk/base64url.js'
import { type Author, verifyBytes } from '../../../../shared/src/talk/signing.js'

/**
 * Pseudonym signature verification on the server (issue 12): OpenSSL's Ed25519 where it gives
 * the same answer as shared/src/talk/signing.ts's `verifyBytes` (@noble/curves, zip215 off), the
 * library where it might not. The accepted set is exactly the library's; the browser keeps the
 * library (no node:crypto in shared/).
 *
 * What differs (test/talk-crypto/ed25519-native.test.ts shows each case):
 *
 * - OpenSSL accepts public keys the library refuses: an encoding with y ≥ p (it reduces y mod p),
 *   the x = 0 points with the sign bit set, and the eight points of small order. With the identity
 *   as key, R = identity and S = 0 verify for every message. `canBeStrictKey` refuses those first.
 * - OpenSSL checks the cofactorless equation [S]B = R + [k]A, the library the cofactored one
 *   [8][S]B = [8]R + [8][k]A. They differ only when R or A has a small-order component (which no
 *   honest signer produces: its R is [r]B, its A is [a]B): the library then accepts signatures
 *   OpenSSL refuses. So a refusal by OpenSSL is not final: the library decides it. Honest
 *   signatures take the fast path; a bad one costs what it costs today, plus OpenSSL's try.
 * - S ≥ L, a non-canonical or off-curve R, wrong lengths: both refuse (S < L is checked here as
 *   well, so the fast path does not rest on OpenSSL's own check).
 *
 * With those checks OpenSSL's "valid" implies the library's: A and S pass the library's decoding,
 * R equals the canonical encoding of [S]B − [k]A (OpenSSL compares bytes), and the cofactorless
 * equation implies the cofactored one.
 */

const P = (1n << 255n) - 19n
const L = (1n << 252n) + 27742317777372353535851937790883648493n

/** Little-endian integer of bytes[from, to), the top bit of the last byte dropped when `dropSign`. */
function littleEndian(bytes: Uint8Array, from: number, to: number, dropSign: boolean): bigint {
  let n = 0n
  for (let i = to - 1; i >= from; i--) n = (n << 8n) | BigInt(i === to - 1 && dropSign ? bytes[i]! & 0x7f : bytes[i]!)
  return n
}

/**
 * y of the eight points of small order (the torsion subgroup): the identity (y = 1), the point of
 * order 2 (y = p − 1), the two of order 4 (y = 0), the four of order 8 (two values of y).
 */
const SMALL_ORDER_Y = new Set(
  [
    '0100000000000000000000000000000000000000000000000000000000000000',
    'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
    '0000000000000000000000000000000000000000000000000000000000000000',
    '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05',
    'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a',
  ].map((hex) => littleEndian(Buffer.from(hex, 'hex'), 0, 32, true)),
)

/**
 * False for every 32-byte key the library refuses whatever the signature, and OpenSSL might not:
 * y ≥ p, or y of a small-order point (either sign bit: for x = 0 the set bit is non-canonical,
 * otherwise both are small-order points). Off-curve keys pass here; OpenSSL refuses them.
 */
export function canBeStrictKey(publicKey: Uint8Array): boolean {
  if (publicKey.length !== 32) return false
  const y = littleEndian(publicKey, 0, 32, true)
  return y < P && !SMALL_ORDER_Y.has(y)
}

/**
 * OpenSSL's verdict, trusted only where it implies the library's: true means valid under both;
 * false means "ask the library". Never throws (a key OpenSSL will not import is a false).
 */
export function opensslAccepts(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  if (signature.length !== 64 || !canBeStrictKey(publicKey)) return false
  if (littleEndian(signature, 32, 64, false) >= L) return false
  try {
    // A JWK is imported straight from the raw bytes: measurably quicker than DER SPKI (no decoder).
    const key = crypto.createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(publicKey).toString('base64url') }, format: 'jwk' })
    return crypto.verify(null, message, key, signature)
  } catch {
    return false
  }
}

/**
 * Drop-in for shared `verifyBytes` (same arguments, same answers, never throws): the server's
 * verifier of anonymous writes. Whatever OpenSSL does not accept is left to `verifyBytes` itself,
 * so the only way the two could differ is a fast-path "valid" the library refuses, which the
 * checks above exclude (and the differential test looks for).
 */
export function verifyBytesNative(author: Author, message: Uint8Array): boolean {
  let accepted = false
  try {
    accepted = opensslAccepts(fromBase64url(author.signature), message, fromBase64url(author.publicKey))
  } catch {
    // Not base64url, or not even strings: verifyBytes refuses it below, as it always has.
  }
  return accepted || verifyBytes(author, message)
}
