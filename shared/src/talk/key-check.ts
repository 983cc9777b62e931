import { ChainError, chainHash, chainHeadOf, verifyChain } from '../moderation/hash-chain.js'
import { fromBase64url } from './base64url.js'
import { keyIdOfSpki } from './tokens.js'
import type { KeyDirectoryEntry } from './wallet.js'

/**
 * The client's checks that issuer keys are the same for everyone (DESIGN §2). A server that gave
 * one member a key of its own could recognise that member's posts; so the client pins one key per
 * scope (company, purpose, epoch), and accepts a key only if it stands in the public, append-only,
 * hash-chained key log — where a second key for a scope would be seen by everyone.
 */

/** One entry of GET /api/v1/talk/keys/log, oldest first; `seq` counts from 1. */
export interface KeyLogEntry {
  seq: number
  keyId: string
  company: string | null
  purpose: string
  epoch: string
  /** The previous entry's `hash`; "" for the first entry. */
  prevHash: string
  /** keyLogEntryHash of the fields above. */
  hash: string
}

/** What a client remembers of a log it accepted. The empty log's head is `{ seq: 0, hash: '' }`. */
export interface LogHead {
  seq: number
  hash: string
}

export type KeyCheckReason =
  | 'malformed' // a log entry with a field of the wrong type
  | 'not_contiguous' // seq does not run 1, 2, 3, … (an entry removed or moved)
  | 'broken_chain' // prevHash is not the previous entry's hash
  | 'bad_hash' // hash is not keyLogEntryHash of the entry
  | 'duplicate_scope' // the log lists two keys for one (company, purpose, epoch)
  | 'duplicate_key' // the log lists one keyId twice
  | 'truncated' // the log is shorter than a head seen before
  | 'rewritten' // the log no longer has the entry of a head seen before
  | 'bad_key_id' // a directory keyId is not the hash of its public key
  | 'two_keys_one_scope' // the directory lists two keys for one scope
  | 'missing_from_log' // a directory key that the log does not list
  | 'mismatch_with_log' // the log lists the key under another company, purpose or epoch
  | 'pin_mismatch' // a scope pinned earlier now has another key

/** Thrown when the server's keys cannot be shown to be the same for everyone; do not use them. */
export class KeyCheckError extends Error {
  override name = 'KeyCheckError'
  constructor(
    readonly reason: KeyCheckReason,
    message: string,
  ) {
    super(`${reason}: ${message}`)
  }
}

type Scoped = Pick<KeyLogEntry, 'company' | 'purpose' | 'epoch'>

/**
 * The pin key of a scope. JSON rather than joined text so that no two scopes share a name, whatever
 * characters a (malicious) server puts in them, and `null` (no company) differs from "".
 */
export function scopeOf({ company, purpose, epoch }: Scoped): string {
  return JSON.stringify([company, purpose, epoch])
}

/**
 * base64url(SHA-256(UTF-8(JSON.stringify([seq, keyId, company, purpose, epoch, prevHash])))).
 * The server builds its log with this very function, so both sides agree byte for byte.
 */
const keyLogFields = (e: Omit<KeyLogEntry, 'hash'>): readonly unknown[] => [e.seq, e.keyId, e.company, e.purpose, e.epoch, e.prevHash]

export function keyLogEntryHash(entry: Omit<KeyLogEntry, 'hash'>): string {
  return chainHash(keyLogFields(entry))
}

/**
 * A key's retirement (a company merged into another): an entry of the same hashed shape, so a
 * client that checks the log as DESIGN §2 says needs nothing new — `keyId` is
 * `retired:<keyId>:into:<survivor>`, `company` the merged company, `purpose` `retired:<purpose>`
 * and `epoch` the key's own, the last one it is listed in. A real keyId is base64url (no ':'), so
 * no key's entry reads as a retirement; and the entry's scope is as unique as the key's own.
 */
export const RETIRED_PREFIX = 'retired:'

export function retirementEntryFields(key: Pick<KeyLogEntry, 'keyId' | 'company' | 'purpose' | 'epoch'>, into: string): Pick<KeyLogEntry, 'keyId' | 'company' | 'purpose' | 'epoch'> {
  return { keyId: `${RETIRED_PREFIX}${key.keyId}:into:${into}`, company: key.company, purpose: `${RETIRED_PREFIX}${key.purpose}`, epoch: key.epoch }
}

/** What a retirement entry says (the key, its purpose, the survivor), or null for a key's own entry. */
export function retirementOf(entry: Pick<KeyLogEntry, 'keyId' | 'purpose'>): { keyId: string; purpose: string; into: string } | null {
  const m = /^retired:([A-Za-z0-9_-]+):into:(.+)$/.exec(entry.keyId)
  if (!m || !entry.purpose.startsWith(RETIRED_PREFIX)) return null
  return { keyId: m[1]!, purpose: entry.purpose.slice(RETIRED_PREFIX.length), into: m[2]! }
}

/** Retired key → the company its tokens now speak for, from a log's retirement entries. */
export function retirementsOf(entries: readonly KeyLogEntry[]): Map<string, string> {
  const out = new Map<string, string>()
  for (const e of entries) {
    const r = retirementOf(e)
    if (r) out.set(r.keyId, r.into)
  }
  return out
}

/** The head of a log, without checking it. */
export function logHeadOf(entries: readonly KeyLogEntry[]): LogHead {
  return chainHeadOf(entries)
}

const isString = (v: unknown): v is string => typeof v === 'string'

function wellFormed(e: KeyLogEntry): boolean {
  return (
    Number.isSafeInteger(e?.seq) &&
    [e.keyId, e.purpose, e.epoch, e.prevHash, e.hash].every(isString) &&
    (e.company === null || isString(e.company))
  )
}

/**
 * Checks the whole log and returns its head. With `known` (the head accepted last time) it also
 * proves the log was only appended to: the chain makes the entry at `known.seq` commit to every
 * entry before it, so finding `known.hash` there means the old log is an unchanged prefix.
 */
export function verifyKeyLog(entries: readonly KeyLogEntry[], known?: LogHead): LogHead {
  const scopes = new Set<string>()
  const keyIds = new Set<string>()
  for (const [i, e] of entries.entries()) if (!wellFormed(e)) throw new KeyCheckError('malformed', `log entry ${i + 1} is malformed`)
  try {
    return verifyChain(entries, keyLogFields, known, (e) => {
      const scope = scopeOf(e)
      if (scopes.has(scope)) throw new KeyCheckError('duplicate_scope', `the log lists a second key for ${scope}`)
      if (keyIds.has(e.keyId)) throw new KeyCheckError('duplicate_key', `the log lists key ${e.keyId} twice`)
      scopes.add(scope)
      keyIds.add(e.keyId)
    })
  } catch (err) {
    if (err instanceof ChainError) throw new KeyCheckError(err.code, err.message)
    throw err
  }
}

async function keyIdMatches(key: KeyDirectoryEntry): Promise<boolean> {
  try {
    return (await keyIdOfSpki(fromBase64url(key.publicKey))) === key.keyId
  } catch {
    return false // publicKey is not even base64url
  }
}

/**
 * Checks a key directory against the log and the client's pins (scope → keyId), and returns the
 * pins extended with the directory's keys; the inputs are left untouched. Verifies the log too
 * (one key per scope is what makes "it is in the log" mean "everyone gets it"); call verifyKeyLog
 * with the stored head as well to prove the log was only appended to.
 */
export async function checkDirectory(
  keys: readonly KeyDirectoryEntry[],
  logEntries: readonly KeyLogEntry[],
  pins: Readonly<Record<string, string>>,
): Promise<Record<string, string>> {
  verifyKeyLog(logEntries)
  const logged = new Map(logEntries.map((e) => [e.keyId, e]))
  const next: Record<string, string> = { ...pins }
  const seen = new Set<string>()
  for (const key of keys) {
    if (!(await keyIdMatches(key))) throw new KeyCheckError('bad_key_id', `key ${key.keyId} is not the hash of its public key`)
    const scope = scopeOf(key)
    if (seen.has(scope)) throw new KeyCheckError('two_keys_one_scope', `the directory lists two keys for ${scope}`)
    seen.add(scope)
    const entry = logged.get(key.keyId)
    if (!entry) throw new KeyCheckError('missing_from_log', `key ${key.keyId} is not in the key log`)
    if (scopeOf(entry) !== scope) {
      throw new KeyCheckError('mismatch_with_log', `the log lists key ${key.keyId} for ${scopeOf(entry)}, not ${scope}`)
    }
    const pinned = Object.hasOwn(pins, scope) ? pins[scope] : undefined
    if (pinned !== undefined && pinned !== key.keyId) {
      throw new KeyCheckError('pin_mismatch', `${scope} was pinned to key ${pinned}, now ${key.keyId}`)
    }
    next[scope] = key.keyId
  }
  return next
}
