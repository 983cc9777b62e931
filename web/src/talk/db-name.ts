import { hmac } from '@noble/hashes/hmac.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js'

/**
 * The name of an account's Work Talk database in this browser. The list of a browser's databases
 * is readable by anyone with the device, so the name must not be computable from the account id
 * alone (an unsalted hash of it was: whoever knows the id could tell this browser holds its Work
 * Talk keys). It is HMAC-SHA256(device salt, account id), with a random 32-byte salt kept in
 * localStorage for this browser only.
 */
export const SALT_KEY = 'wc.talk.salt'
const PREFIX = 'wc-talk-'

function readSalt(): Uint8Array | null {
  try {
    const hex = localStorage.getItem(SALT_KEY)
    return hex && /^[0-9a-f]{64}$/.test(hex) ? hexToBytes(hex) : null
  } catch {
    return null
  }
}

/** This browser's salt, created on first use. */
function deviceSalt(): Uint8Array {
  const saved = readSalt()
  if (saved) return saved
  const fresh = crypto.getRandomValues(new Uint8Array(32))
  try {
    localStorage.setItem(SALT_KEY, bytesToHex(fresh))
  } catch {
    // No localStorage: the name still works for this page's life, but a reload gets a new one.
  }
  return fresh
}

export function databaseNameFor(accountId: string): string {
  return PREFIX + bytesToHex(hmac(sha256, deviceSalt(), utf8ToBytes(accountId))).slice(0, 32)
}

/** The salted name if this browser has a salt already, else null (then no salted database exists). */
export function existingDatabaseNameFor(accountId: string): string | null {
  const salt = readSalt()
  return salt ? PREFIX + bytesToHex(hmac(sha256, salt, utf8ToBytes(accountId))).slice(0, 32) : null
}

/** The name earlier versions used: an unsalted hash of the account id. Only for migrating and forgetting. */
export function legacyDatabaseNameFor(accountId: string): string {
  return PREFIX + bytesToHex(sha256(utf8ToBytes('watercooler/talk/db/' + accountId))).slice(0, 32)
}
