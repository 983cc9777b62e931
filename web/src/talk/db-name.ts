import { hmac } from '@noble/hashes/hmac.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js'

/**
 * The name of an account's Work Talk database in this browser: HMAC-SHA256(salt, account id),
 * with a random 32-byte salt kept in this browser profile's localStorage (the same profile, the
 * same origin as the database itself). Earlier versions used an unsalted hash of the account id,
 * which anyone knowing the id could compute from the id alone.
 *
 * What the salt does NOT protect: anyone holding the device or a copy of the whole profile (its
 * localStorage and its IndexedDB) can read the salt and compute the name for any account id they
 * know, so they can tell whether this profile holds that account's Work Talk data — and they can
 * open that data anyway. Nor does it hide that this profile uses Work Talk at all (the `wc-talk-`
 * prefix says so), or protect against script running on this origin.
 *
 * What it does protect: a database name seen without the salt — in a listing of database names, a
 * partial backup or copy of the IndexedDB directory, a synced or exported profile that left
 * localStorage behind, a screenshot or bug report — cannot be tied to an account id; and the same
 * account gets unrelated names in different profiles, browsers and devices, so names cannot be
 * matched across them or across backups.
 *
 * @NOTE If localStorage is cleared while IndexedDB is kept, a new salt is made and the old
 * database can no longer be found from the account id — not by this app either ("forget Work Talk
 * on this device" then misses it); its data stays on disk until the site's data is cleared.
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
