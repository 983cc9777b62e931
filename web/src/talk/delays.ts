/**
 * Timing rules of DESIGN §2: tokens are fetched in the background, at a random moment, never in
 * the same burst of requests as a post.
 *
 * TEST HOOK: when localStorage['wc.talk.fetchDelayMs'] holds a number, every background delay
 * (token fetches, refills after a post, sending scheduled posts after a reload) is exactly that
 * many milliseconds. The end-to-end tests set it to 0; nobody else should.
 */
export const DELAY_HOOK_KEY = 'wc.talk.fetchDelayMs'

function hook(): number | null {
  try {
    const raw = localStorage.getItem(DELAY_HOOK_KEY)
    if (raw === null || raw.trim() === '') return null
    const n = Number(raw)
    return Number.isFinite(n) && n >= 0 ? n : null
  } catch {
    return null
  }
}

function randomBetween(minMs: number, maxMs: number): number {
  const r = crypto.getRandomValues(new Uint32Array(1))[0]! / 2 ** 32
  return Math.round(minMs + r * (maxMs - minMs))
}

/** After a page load or sign-in: 5–60 s. */
export const initialFetchDelay = (): number => hook() ?? randomBetween(5_000, 60_000)
/** After a post, or when the wallet was found empty: at least 30 s later, so fetch and post are apart. */
export const refillAfterPostDelay = (): number => hook() ?? randomBetween(30_000, 120_000)
/** After a failed fetch (network, server): try again a few minutes later (never sooner than 10 s, hook or not). */
export const retryDelay = (): number => Math.max(hook() ?? randomBetween(120_000, 300_000), 10_000)
/** Scheduled posts whose time passed while the tab was closed: sent 10–60 s after the next load. */
export const overdueSendDelay = (): number => hook() ?? randomBetween(10_000, 60_000)
/** The moment a "publish within N minutes" post goes out: uniformly random within the window. */
export const publishDelay = (minutes: number): number => (minutes > 0 ? randomBetween(0, minutes * 60_000) : 0)
