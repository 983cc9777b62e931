import { sha256 } from '@noble/hashes/sha2.js'
import { utf8ToBytes } from '@noble/hashes/utils.js'
import { toBase64url } from '../talk/base64url.js'

/**
 * The append-only, hash-chained log both public logs are made of (DESIGN §2 key log, §5b
 * moderation log): entry n carries `prevHash` = entry n−1's `hash` ("" for the first) and
 * `hash` = base64url(SHA-256(UTF-8(JSON.stringify(fields)))), where `fields` is the entry's own
 * values in a fixed order ending with `prevHash`. Whoever remembers one head (seq, hash) can tell
 * later that every entry up to it is unchanged: the head commits to all before it.
 */
export interface ChainedEntry {
  seq: number
  prevHash: string
  hash: string
}

/** What a reader remembers of a log it accepted. The empty log's head is `{ seq: 0, hash: '' }`. */
export interface ChainHead {
  seq: number
  hash: string
}

export function chainHash(fields: readonly unknown[]): string {
  return toBase64url(sha256(utf8ToBytes(JSON.stringify(fields))))
}

export type ChainFault = 'not_contiguous' | 'broken_chain' | 'bad_hash' | 'truncated' | 'rewritten'

export class ChainError extends Error {
  override name = 'ChainError'
  constructor(
    readonly code: ChainFault,
    message: string,
  ) {
    super(message)
  }
}

export function chainHeadOf(entries: readonly ChainedEntry[]): ChainHead {
  const last = entries.at(-1)
  return last ? { seq: last.seq, hash: last.hash } : { seq: 0, hash: '' }
}

/**
 * Checks that `entries` (from seq 1, in order) chain and hash as they say, and — with `known`,
 * the head seen before — that the log was only appended to. `fieldsOf` lists an entry's hashed
 * fields (its `prevHash` last); `each` may add a log's own rules. Throws ChainError.
 */
export function verifyChain<E extends ChainedEntry>(entries: readonly E[], fieldsOf: (e: E) => readonly unknown[], known?: ChainHead, each?: (e: E) => void): ChainHead {
  let prevHash = ''
  for (const [i, e] of entries.entries()) {
    if (e.seq !== i + 1) throw new ChainError('not_contiguous', `log entry ${i + 1} has seq ${e.seq}`)
    if (e.prevHash !== prevHash) throw new ChainError('broken_chain', `log entry ${e.seq} does not chain to the one before it`)
    if (chainHash(fieldsOf(e)) !== e.hash) throw new ChainError('bad_hash', `log entry ${e.seq} has a wrong hash`)
    each?.(e)
    prevHash = e.hash
  }
  if (known && known.seq > 0) {
    if (entries.length < known.seq) throw new ChainError('truncated', `the log has ${entries.length} entries, but had ${known.seq} before`)
    if (entries[known.seq - 1]?.hash !== known.hash) throw new ChainError('rewritten', `log entry ${known.seq} is not the one seen before`)
  }
  return chainHeadOf(entries)
}

/** A moderation log entry (DESIGN §5b). */
export interface ModerationLogEntry extends ChainedEntry {
  day: string
  action: string
  reason: string
  targetType: string
  targetId: string
}

/** JSON.stringify([seq, day, action, reason, targetType, targetId, prevHash]) — DESIGN §5b. */
export const moderationLogFields = (e: Omit<ModerationLogEntry, 'hash'>): readonly unknown[] => [e.seq, e.day, e.action, e.reason, e.targetType, e.targetId, e.prevHash]

export const moderationLogEntryHash = (e: Omit<ModerationLogEntry, 'hash'>): string => chainHash(moderationLogFields(e))

const isString = (v: unknown): v is string => typeof v === 'string'

/** Checks a whole moderation log as a reader would (the public page does this in the browser). */
export function verifyModerationLog(entries: readonly ModerationLogEntry[], known?: ChainHead): ChainHead {
  for (const [i, e] of entries.entries()) {
    if (!(Number.isSafeInteger(e?.seq) && [e.day, e.action, e.reason, e.targetType, e.targetId, e.prevHash, e.hash].every(isString))) {
      throw new ChainError('bad_hash', `log entry ${i + 1} is malformed`)
    }
  }
  return verifyChain(entries, moderationLogFields, known)
}
