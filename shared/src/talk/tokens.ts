import { RSABSSA } from '@cloudflare/blindrsa-ts'
import { fromBase64url, toBase64url } from './base64url.js'

/**
 * Client side of the anonymous credentials (DESIGN §2): RFC 9474 RSABSSA-SHA384-PSS-Randomized
 * through @cloudflare/blindrsa-ts. Runs in browsers and Node alike (Web Crypto only).
 */

/** A spendable credential. `message` is the RFC 9474 prepared message (32-byte prefix ‖ msg). */
export interface Token {
  keyId: string
  message: string
  signature: string
}

/**
 * What the client must keep between asking for blind signatures and finalising them. Secret:
 * `inv` unblinds, so whoever holds it and the server's view could link the token to the request.
 * Keep it in memory; it deliberately does not contain the blinded messages the server saw.
 */
export interface TokenRequestState {
  keyId: string
  publicKey: string
  pending: { preparedMessage: string; inv: string }[]
}

export interface TokenRequest {
  /** Send these (and only these) to POST /api/v1/talk/tokens, in this order. */
  blindedMessages: string[]
  state: TokenRequestState
}

const suite = RSABSSA.SHA384.PSS.Randomized()
const MESSAGE_BYTES = 32
const MIN_MODULUS_BITS = 2048

export class IssuerKeyError extends Error {
  override name = 'IssuerKeyError'
}

/** keyId = base64url(SHA-256(SPKI DER)), the same on both sides. */
export async function keyIdOfSpki(spkiDer: Uint8Array<ArrayBuffer>): Promise<string> {
  return toBase64url(new Uint8Array(await crypto.subtle.digest('SHA-256', spkiDer)))
}

/** Imports an issuer key the way the library wants it: RSA-PSS, SHA-384, extractable (it reads n and e). */
export async function importIssuerPublicKey(spkiB64url: string): Promise<CryptoKey> {
  const key = await crypto.subtle.importKey('spki', fromBase64url(spkiB64url), { name: 'RSA-PSS', hash: 'SHA-384' }, true, ['verify'])
  const { modulusLength } = key.algorithm as RsaHashedKeyAlgorithm
  // A weak key from a compromised directory would make tokens forgeable by anyone.
  if (modulusLength < MIN_MODULUS_BITS) throw new IssuerKeyError(`issuer key has only ${modulusLength} bits`)
  return key
}

/** Makes `count` random messages, prepares and blinds them under the issuer's public key. */
export async function prepareTokenRequests(publicKeySpkiB64url: string, count: number): Promise<TokenRequest> {
  if (!Number.isInteger(count) || count < 1) throw new RangeError('count must be a positive integer')
  const publicKey = await importIssuerPublicKey(publicKeySpkiB64url)
  const keyId = await keyIdOfSpki(fromBase64url(publicKeySpkiB64url))
  const blindedMessages: string[] = []
  const pending: TokenRequestState['pending'] = []
  for (let i = 0; i < count; i++) {
    const msg = crypto.getRandomValues(new Uint8Array(MESSAGE_BYTES))
    const prepared = suite.prepare(msg)
    const { blindedMsg, inv } = await suite.blind(publicKey, prepared)
    blindedMessages.push(toBase64url(blindedMsg))
    pending.push({ preparedMessage: toBase64url(prepared), inv: toBase64url(inv) })
  }
  return { blindedMessages, state: { keyId, publicKey: publicKeySpkiB64url, pending } }
}

/**
 * Unblinds the server's answers. `finalize` verifies each signature (RFC 9474 §4.4); one that
 * fails — garbage, wrong key, missing — is dropped rather than thrown, so one bad answer does not
 * cost the whole batch. The caller sees fewer tokens than it asked for.
 */
export async function finalizeTokens(state: TokenRequestState, blindSignaturesB64url: readonly string[]): Promise<Token[]> {
  const publicKey = await importIssuerPublicKey(state.publicKey)
  const tokens: Token[] = []
  for (const [i, { preparedMessage, inv }] of state.pending.entries()) {
    const blindSig = blindSignaturesB64url[i]
    if (typeof blindSig !== 'string') continue
    try {
      const prepared = fromBase64url(preparedMessage)
      const signature = await suite.finalize(publicKey, prepared, fromBase64url(blindSig), fromBase64url(inv))
      tokens.push({ keyId: state.keyId, message: preparedMessage, signature: toBase64url(signature) })
    } catch {
      // Invalid signature or malformed input: drop this one token only.
    }
  }
  return tokens
}
