import type { Me } from '../../../shared/src/api/index.js'
import { epochOf } from '../../../shared/src/talk/epochs.js'
import type { TokenScope } from '../../../shared/src/talk/wallet.js'
import { isRecordItem, type OutboxEntry } from './outbox.js'
import { listedRecordKeys, mayWrite, recordScope } from './record-keys.js'
import type { RecordAllowance, RecordKind } from './records.js'
import type { DirectoryEntry } from './voices.js'
import type { YearlyDrawState } from './yearly-draws.js'

/** What recordAllowance looks at: all of it already in memory, so a page can ask while it renders. */
export interface AllowanceFacts {
  me: Me | null
  /** The accepted directory's keys. */
  directory: readonly DirectoryEntry[]
  yearly: YearlyDrawState
  /** Tokens held in a scope, of any age (the wallet's, and those kept from refused records). */
  held: (scope: TokenScope) => number
  /** A record of this kind about this company was stored from here this year (RecordBook). */
  written: (kind: RecordKind, company: string) => boolean
  outbox: readonly OutboxEntry[]
  now: number
}

const sameScope = (a: TokenScope, b: TokenScope) => a.company === b.company && a.purpose === b.purpose

/**
 * What this browser can do about one kind of record for one company (records.ts RecordAllowance).
 * One record of a kind about a company a year from here — a review or salary report because the
 * quota is one, an interview report because five of one person about one company would weigh as
 * five: `used` once one is written or on its way. Otherwise `ready` when a token is held that no
 * record on its way has claimed; `waiting` when this year's key (or next year's, on the last day)
 * is listed but not drawn yet — the planned batch brings it, a write never does; `used` when it was
 * drawn (here or, `quota`, on another device) and is gone; `none` when the member may not hold it
 * or the directory has no such key.
 */
export function recordAllowance(kind: RecordKind, company: string, f: AllowanceFacts): RecordAllowance {
  if (!f.me || !mayWrite(f.me, kind, company)) return 'none'
  const scope = recordScope(kind, company)
  const live = f.outbox.filter((p) => isRecordItem(p) && p.state !== 'failed' && sameScope(recordScope(p.record.kind, p.record.company), scope))
  if (f.written(kind, company) || live.some((p) => p.kind === kind && p.company === company)) return 'used'
  // Records of other companies on their way that have not taken their token yet (interview reports share one key).
  const claimed = live.filter((p) => !p.token).length
  if (f.held(scope) > claimed) return 'ready'
  const week = epochOf('talk', new Date(f.now))
  const listed = listedRecordKeys(f.directory, scope, new Date(f.now))
  const notes = listed.map((k) => f.yearly[k.keyId])
  if (notes.some((d) => !d || (d.done === 'not_verified' && d.week !== week))) return 'waiting'
  const drew = Object.values(f.yearly).some((d) => (d.done === 'drawn' || d.done === 'quota') && sameScope(d, scope))
  return drew ? 'used' : 'none'
}
