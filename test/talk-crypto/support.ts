import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { IssuerKey } from '../../server/src/services/talk/crypto/keys.js'
import { pkcs8Of } from '../../server/src/services/talk/crypto/keys.js'

/** One entry of RFC 9474 Appendix A (hex fields, some with a 0x prefix). */
export interface Rfc9474Vector {
  name: string
  n: string
  e: string
  d: string
  p: string
  q: string
  msg: string
  msg_prefix: string
  input_msg: string
  salt: string
  inv: string
  blinded_msg: string
  blind_sig: string
  sig: string
}

export function loadVectors(): Rfc9474Vector[] {
  const file = path.join(import.meta.dirname, '../fixtures/rfc9474-test-vectors.json')
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Rfc9474Vector[]
}

export function hexBytes(hex: string): Buffer {
  return Buffer.from(hex.replace(/^0x/, ''), 'hex')
}

const big = (hex: string) => BigInt('0x' + hex.replace(/^0x/, ''))
const b64url = (x: bigint) => {
  const hex = x.toString(16)
  return Buffer.from(hex.length % 2 ? '0' + hex : hex, 'hex').toString('base64url')
}

/** Modular inverse by the extended Euclidean algorithm (test-only: builds the vector's CRT values). */
function inverse(a: bigint, m: bigint): bigint {
  let [r0, r1, t0, t1] = [m, a % m, 0n, 1n]
  while (r1) {
    const q = r0 / r1
    ;[r0, r1, t0, t1] = [r1, r0 - q * r1, t1, t0 - q * t1]
  }
  return ((t0 % m) + m) % m
}

/** The vector's RSA key as Node KeyObjects, via JWK (dp, dq, qi computed here). */
export function vectorKeys(v: Rfc9474Vector): { privateKey: crypto.KeyObject; publicKey: crypto.KeyObject } {
  const [n, e, d, p, q] = [big(v.n), big(v.e), big(v.d), big(v.p), big(v.q)]
  const jwk = {
    kty: 'RSA',
    n: b64url(n),
    e: b64url(e),
    d: b64url(d),
    p: b64url(p),
    q: b64url(q),
    dp: b64url(d % (p - 1n)),
    dq: b64url(d % (q - 1n)),
    qi: b64url(inverse(q, p)),
  }
  const privateKey = crypto.createPrivateKey({ key: jwk, format: 'jwk' })
  return { privateKey, publicKey: crypto.createPublicKey(privateKey) }
}

const PSS_SHA384 = { name: 'RSA-PSS', hash: 'SHA-384' }

/** The issuer key as the CryptoKeys @cloudflare/blindrsa-ts takes (RSA-PSS, SHA-384, extractable). */
export async function libraryKeys(key: IssuerKey): Promise<{ privateKey: CryptoKey; publicKey: CryptoKey }> {
  return {
    privateKey: await crypto.subtle.importKey('pkcs8', pkcs8Of(key.privateKey), PSS_SHA384, true, ['sign']),
    publicKey: await crypto.subtle.importKey('spki', key.spkiDer, PSS_SHA384, true, ['verify']),
  }
}

export async function spkiCryptoKey(spkiDer: Uint8Array): Promise<CryptoKey> {
  return crypto.subtle.importKey('spki', new Uint8Array(spkiDer), PSS_SHA384, true, ['verify'])
}
