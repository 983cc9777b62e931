/**
 * Delays of DESIGN §2 that are not draw or write timing: directory fetches, retries, write
 * polling, the quiet period after a write. WHEN a draw happens and WHEN an anonymous write goes
 * out is decided in timing-policy.ts alone (pure; draws.ts and sender.ts call it with the random
 * source and the test hooks below).
 *
 * TEST HOOK: when localStorage['wc.talk.fetchDelayMs'] holds a number, every *scheduling* delay
 * marked "hook" is exactly that many milliseconds: the first directory fetch after a load, the
 * gap between a directory fetch and a draw, the draw moment itself (newcomer, overdue or
 * planned), retries after a failed draw or fetch (never under 10 s), and sending outbox items
 * that came due while no tab was open. The end-to-end tests set it (usually to 0); nobody else
 * should. It does NOT touch the delays that protect a post: the minimum-token-age wait (random in
 * [minTokenAgeS, 4 × minTokenAgeS] after the draw — tests lower TALK_MIN_TOKEN_AGE_S instead),
 * the hold after a draw, the draw's distance from a write, "publish within N minutes", the quiet
 * period after a write, write polling, or the re-queue after a token another write had spent.
 *
 * TEST HOOK: localStorage['wc.talk.drawDelayMs'], when it holds a number, overrides the first
 * hook for the draw moment alone (newcomer, overdue or planned) — so a test can load the
 * directory at once and still have the draw far away (an empty wallet at posting time).
 */
export const DELAY_HOOK_KEY = 'wc.talk.fetchDelayMs'
export const DRAW_HOOK_KEY = 'wc.talk.drawDelayMs'

const SECOND = 1000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE

function hook(key = DELAY_HOOK_KEY): number | null {
  try {
    const raw = localStorage.getItem(key)
    if (raw === null || raw.trim() === '') return null
    const n = Number(raw)
    return Number.isFinite(n) && n >= 0 ? n : null
  } catch {
    return null
  }
}

/** Uniformly random in [minMs, maxMs], from the CSPRNG (Math.random's state could be guessed). */
export function randomBetween(minMs: number, maxMs: number): number {
  const r = crypto.getRandomValues(new Uint32Array(1))[0]! / 2 ** 32
  return Math.round(minMs + r * (maxMs - minMs))
}

/** Hook. First directory fetch after a load: soon when none is held yet, else 5–60 s. */
export const directoryStartDelay = (held: boolean): number => hook() ?? (held ? randomBetween(5 * SECOND, 60 * SECOND) : randomBetween(0, 3 * SECOND))
/** Between directory fetches: 1–6 h at random (also the least time between fetches on returning to a tab). */
export const directoryRefreshInterval = (): number => randomBetween(HOUR, 6 * HOUR)
/** Hooks for timing-policy.ts: the draw moment (newcomer, overdue or planned), the directory→draw gap, overdue sends. */
export const drawHookMs = (): number | null => hook(DRAW_HOOK_KEY) ?? hook()
export const gapHookMs = (): number | null => hook()
export const overdueSendHookMs = (): number | null => hook()
/** Hook. After a failed draw or directory fetch (network, server): a few minutes, never under 10 s. */
export const retryDelay = (): number => Math.max(hook() ?? randomBetween(2 * MINUTE, 5 * MINUTE), 10 * SECOND)

/** "Publish within N minutes": uniformly random within the window (the moment asked for; the timing policy may send later). */
export const publishDelay = (minutes: number): number => (minutes > 0 ? randomBetween(0, minutes * MINUTE) : 0)
/** Another write spent the token: try again with another one minutes later, never at once. */
export const respendDelay = (): number => randomBetween(2 * MINUTE, 10 * MINUTE)
/** The network failed while sending: send the very same request again a little later. */
export const resendDelay = (): number => randomBetween(15 * SECOND, 60 * SECOND)
/** First look at GET /talk/writes after a 202: when its window has closed, plus a few random seconds. */
export const firstPollDelay = (mixWindowS: number): number => mixWindowS * SECOND + randomBetween(2 * SECOND, 6 * SECOND)
/** Later looks: about one window apart, with jitter. */
export const nextPollDelay = (mixWindowS: number): number => Math.max(3 * SECOND, randomBetween(mixWindowS * 800, mixWindowS * 1500))
/** A write held for a moderator: look again every few minutes. */
export const heldPollDelay = (): number => randomBetween(3 * MINUTE, 6 * MINUTE)
/** No session read of a thread this long after an anonymous write to it (DESIGN §2: at least a minute). */
export const quietPeriod = (): number => MINUTE + randomBetween(0, 15 * SECOND)
