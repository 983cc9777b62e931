import type { KeyCheckReason } from '../../../shared/src/talk/key-check.js'
import type { DrawStatus } from './draws.js'
import type { OutboxItem } from './outbox.js'
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
  outbox: OutboxItem[]
  /** Thread id → until when it is not read with the session. */
  quiet: Readonly<Record<string, number>>
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
  quiet: {},
}
