import type { KeyCheckReason } from '../../../shared/src/talk/key-check.js'
import type { DrawStatus } from './draws.js'
import type { ReportReason } from '../../../shared/src/api/moderation.js'
import type { OutboxItem, ReactionItem, RecordItem, WaitReason } from './outbox.js'
import type { MyHelpful } from './records.js'
import type { Voice } from './voices.js'

/** Tokens held for one scope (keyed by scopeId), and when the first of them may be spent. */
export interface ScopeTokens {
  held: number
  readyAt: number | null
  /** The key of the token that would pay next (its anonymity set is the one to show). */
  nextKeyId: string | null
}

export interface TalkSnapshot {
  /** 'failed': no key directory could be loaded yet. */
  phase: 'starting' | 'ready' | 'failed'
  /** Why the server's keys were refused: Work Talk is paused on this device. */
  paused: KeyCheckReason | null
  voices: Voice[]
  /** The null key's voice ("Verified professional"): alias posts spend its tokens. */
  shared: Voice | null
  tokens: Record<string, ScopeTokens>
  minTokenAgeS: number
  mixWindowS: number
  draw: { status: DrawStatus; nextAt: number | null }
  /** Posts, replies, edits and deletions on their way (or just stored, or refused). */
  outbox: OutboxItem[]
  /** Votes and poll answers on their way (or just stored, or refused): `postId` names a vote's post, `pollId` an answer's poll. */
  reactions: ReactionItem[]
  /** This browser's vote per post id: stored, or still on its way (`pending`). runtime.myVote reads it. */
  votes: Readonly<Record<string, MyVote>>
  /** This browser's report per post id: stored, or on its way. runtime.myReport reads it. */
  reports: Readonly<Record<string, MyReport>>
  /** This browser's answer per poll id (the poll's thread id): stored, or still on its way. runtime.myAnswer reads it. */
  answers: Readonly<Record<string, MyAnswer>>
  /**
   * Reviews, salary and interview reports on their way (waiting with `sendAt` and `wait`, sending,
   * accepted, held), just stored (kept a day), or refused (`error`; kept, with what was written in
   * `record`, until dismissed). `company` names the company.
   */
  records: RecordItem[]
  /** This browser's helpful marks per review id: stored, or still on its way (`pending`). */
  helpful: Readonly<Record<string, MyHelpful>>
  /** Thread id → until when it is not read with the session. */
  quiet: Readonly<Record<string, number>>
}

export interface MyVote {
  value: 1 | -1 | 0
  /** Not stored yet: queued, sent or waiting for its window (the shown score does not include it yet). */
  pending: boolean
}
/**
 * A report of this browser: `waiting` (the timing policy holds it until `sendAt`; Infinity: until
 * tokens arrive), `sending` (on its way, no answer yet), `accepted` (202: waiting for its mixing
 * window), `stored`.
 */
export interface MyReport {
  reason: ReportReason
  state: 'waiting' | 'sending' | 'accepted' | 'stored'
  sendAt?: number | undefined
  wait?: WaitReason | undefined
}
export interface MyAnswer {
  option: number
  pending: boolean
}

export const IDLE_SNAPSHOT: TalkSnapshot = {
  phase: 'starting',
  paused: null,
  voices: [],
  shared: null,
  tokens: {},
  minTokenAgeS: 0,
  mixWindowS: 0,
  draw: { status: 'waiting', nextAt: null },
  outbox: [],
  reactions: [],
  votes: {},
  answers: {},
  reports: {},
  records: [],
  helpful: {},
  quiet: {},
}
