/**
 * Pseudonym signature checks per second on one core (issue 12): the library's verifyBytes
 * (@noble/curves, what the browser runs) against the server's verifyBytesNative (OpenSSL, the
 * library deciding what OpenSSL refuses). Valid signatures take OpenSSL's fast path; an invalid
 * one costs both. Printed, not asserted.
 */
import crypto from 'node:crypto'
import { verifyBytesNative } from '../server/src/anon/crypto/ed25519.js'
import { newMasterSecret, threadKey } from '../shared/src/talk/pseudonyms.js'
import { type Author, postSigningBytes, signBytes, verifyBytes } from '../shared/src/talk/signing.js'

interface Case {
  author: Author
  message: Uint8Array
}

function cases(count: number): { valid: Case[]; invalid: Case[] } {
  const master = newMasterSecret()
  const valid = Array.from({ length: count }, (_, i) => {
    const message = postSigningBytes({ threadId: `th_${i}`, title: '', body: 'A benchmark post body of ordinary length.', label: 'alias', tokenMessage: crypto.randomBytes(96).toString('base64url') })
    return { author: signBytes(threadKey(master, `th_${i}`), message), message }
  })
  // The same signatures over another message: what a forged or mistaken write costs.
  const invalid = valid.map((c, i) => ({ author: c.author, message: valid[(i + 1) % count]!.message }))
  return { valid, invalid }
}

function perSecond(verify: (author: Author, message: Uint8Array) => boolean, set: Case[], expected: boolean, seconds: number): number {
  let count = 0
  const end = performance.now() + seconds * 1000
  while (performance.now() < end) {
    const c = set[count % set.length]!
    if (verify(c.author, c.message) !== expected) throw new Error(`verification gave ${!expected} for a case meant to be ${expected}`)
    count++
  }
  return count / seconds
}

export function benchEd25519(seconds: number): string[] {
  const { valid, invalid } = cases(64)
  perSecond(verifyBytes, valid, true, 0.3) // warm-up (JIT, noble's precomputed base-point table)
  perSecond(verifyBytesNative, valid, true, 0.3)
  const each = seconds / 4
  const library = perSecond(verifyBytes, valid, true, each)
  const native = perSecond(verifyBytesNative, valid, true, each)
  const libraryBad = perSecond(verifyBytes, invalid, false, each)
  const nativeBad = perSecond(verifyBytesNative, invalid, false, each)
  const fmt = (n: number) => Math.round(n).toLocaleString('en')
  const us = (n: number) => `${(1e6 / n).toFixed(0)} µs`
  return [
    `valid signature, library (@noble/curves):        ${fmt(library)} /s  (${us(library)})`,
    `valid signature, native (OpenSSL, server):       ${fmt(native)} /s  (${us(native)}, ×${(native / library).toFixed(1)})`,
    `invalid signature, library:                      ${fmt(libraryBad)} /s  (${us(libraryBad)})`,
    `invalid signature, native then library decides:  ${fmt(nativeBad)} /s  (${us(nativeBad)})`,
  ]
}
