import { ed25519 } from '@noble/curves/ed25519.js'
import { hkdf } from '@noble/hashes/hkdf.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js'
import { toBase64url } from './base64url.js'

/**
 * Per-thread pseudonyms (DESIGN §3). The browser keeps one 32-byte master secret; every thread
 * gets its own Ed25519 key derived from it, so posts in one thread share a tag while keys of two
 * threads cannot be linked without the master secret.
 */

const SECRET_BYTES = 32
const NONCE_BYTES = 16
const THREAD_INFO = 'watercooler/thread/'
/**
 * Threads this client opens: a thread id does not exist until the server creates the thread, yet
 * the opening post must already be signed (its threadId is null), so the opener's key comes from
 * a random nonce, one per draft (DESIGN §3): HKDF(master, info = "watercooler/opener/" + nonce).
 * The nonce is sent with the opening post and published with the thread (`openerNonce`), so a
 * device restored from the recovery phrase finds the threads it opened.
 */
const OPENER_INFO = 'watercooler/opener/'
/**
 * Before DESIGN §3 named its own info string, opener keys were threadKey(master, "nonce:" + nonce).
 * Threads opened that way are still recognised (identities in the web app try both).
 */
export const LEGACY_NONCE_PREFIX = 'nonce:'

export function newMasterSecret(): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(SECRET_BYTES))
}

/** A random thread nonce (base64url) for a thread this client is about to open. */
export function newThreadNonce(): string {
  return toBase64url(crypto.getRandomValues(new Uint8Array(NONCE_BYTES)))
}

/** Ed25519 private key seed: HKDF-SHA256(ikm = master, no salt, info = "watercooler/thread/" + threadId, 32). */
export function threadKey(master: Uint8Array, threadId: string): Uint8Array {
  if (master.length !== SECRET_BYTES) throw new RangeError('master secret must be 32 bytes')
  return hkdf(sha256, master, undefined, utf8ToBytes(THREAD_INFO + threadId), SECRET_BYTES)
}

/** The opener's key for a new thread (see OPENER_INFO). */
export function openerKey(master: Uint8Array, nonce: string): Uint8Array {
  if (master.length !== SECRET_BYTES) throw new RangeError('master secret must be 32 bytes')
  return hkdf(sha256, master, undefined, utf8ToBytes(OPENER_INFO + nonce), SECRET_BYTES)
}

/** The opener key of threads opened before OPENER_INFO existed. */
export function legacyOpenerKey(master: Uint8Array, nonce: string): Uint8Array {
  return threadKey(master, LEGACY_NONCE_PREFIX + nonce)
}

/** The Ed25519 public key (base64url) that posts made with this seed carry. */
export function publicKeyOf(seed: Uint8Array): string {
  return toBase64url(ed25519.getPublicKey(seed))
}

export class InvalidRecoveryPhraseError extends Error {
  override name = 'InvalidRecoveryPhraseError'
}

const CHECKSUM_BYTES = 2
const GROUP = 4

/**
 * The master secret as 17 groups of 4 hex digits: 16 for the secret, then a checksum (the first
 * 2 bytes of its SHA-256) that catches a mistyped group. @NOTE hex rather than BIP-39 words
 * because @scure/bip39 is not a dependency; a word list can replace this format later.
 */
export function exportRecoveryPhrase(master: Uint8Array): string {
  if (master.length !== SECRET_BYTES) throw new RangeError('master secret must be 32 bytes')
  const hex = bytesToHex(master) + bytesToHex(sha256(master).subarray(0, CHECKSUM_BYTES))
  return hex.match(new RegExp(`.{${GROUP}}`, 'g'))!.join('-')
}

/** Accepts the phrase with any case, spaces or dashes; throws InvalidRecoveryPhraseError otherwise. */
export function importRecoveryPhrase(phrase: string): Uint8Array {
  const hex = phrase.toLowerCase().replace(/[\s-]/g, '')
  if (!/^[0-9a-f]+$/.test(hex) || hex.length !== 2 * (SECRET_BYTES + CHECKSUM_BYTES)) {
    throw new InvalidRecoveryPhraseError('a recovery phrase is 17 groups of 4 hex digits')
  }
  const bytes = hexToBytes(hex)
  const master = bytes.slice(0, SECRET_BYTES)
  const checksum = sha256(master).subarray(0, CHECKSUM_BYTES)
  if (bytesToHex(checksum) !== bytesToHex(bytes.subarray(SECRET_BYTES))) {
    throw new InvalidRecoveryPhraseError('the recovery phrase has a typo (checksum mismatch)')
  }
  return master
}
