/**
 * EVERY decision about WHEN this client draws tokens and WHEN it sends an anonymous write
 * (DESIGN §2 "Issuance says nothing about posting", "Newcomers and queued posts"). Pure and
 * deterministic: no DOM, no IndexedDB, no clock, no global randomness. Inputs are plain numbers
 * (milliseconds since 1970, or durations in ms); randomness comes only through the injected
 * `random(minMs, maxMs)` (uniform in [minMs, maxMs]); outputs are moments in ms and a reason.
 * The browser (draws.ts, sender.ts) calls it with its stored state; the server-side simulation
 * (test/subpoena/sim.ts) calls it to model real clients. Signatures are stable: extend inputs
 * only with optional fields.
 *
 * HOW TO CALL IT
 *
 * Writes (posts, replies, edits, deletions — and votes, poll answers, company records (reviews,
 * salary and interview reports, timed exactly like a new post), helpful marks, reports later:
 * every anonymous write goes through planWrite, nothing else decides when one goes out):
 *
 *   const plan = planWrite({
 *     now, minTokenAgeMs,
 *     dueAt,             // when the member wants it out: written-at (+ "publish within N min" delay)
 *     lastDrawAt,        // this browser's last draw for the account (a draw under way counts), or null
 *     spendsToken,       // posts/replies: true; edits/deletions: false
 *     tokenDrawTimes,    // drawnAt of every token that could pay for it (its scope, usable epochs)
 *     sooner, later,     // the member's "publish sooner" (after the warning) / "publish later (safer)"
 *     ageDelayMs, holdDelayMs, // the item's random choices from an earlier call; omit the first time
 *   }, random)
 *   // → { sendAt, reason, ageDelayMs, holdDelayMs }: keep ageDelayMs/holdDelayMs with the item
 *   //   and pass them back on every later call, so its shown time stays put.
 *
 * Call it when the write is queued, whenever the inputs change (a draw, new tokens), and AGAIN
 * right before sending: send only if `sendAt <= now`. With unchanged inputs it is idempotent (at
 * any `now` up to and past `sendAt` it answers the same `sendAt`; a held write stays held). `sendAt` may lie in the past: the write is overdue
 * (a page that was closed then; see overdueSendAt). Infinity (reason 'tokens'): no token yet.
 *
 * Draws (the whole allowance of every key, one batch):
 *
 *   let choices: DrawChoices = {}           // keep between calls (per page is fine; `apart` is
 *   const d = planDraw({                    //  best kept with the account's data, see below)
 *     now, minTokenAgeMs,
 *     plannedAt,          // this epoch's random moment, picked once when the epoch is first seen (pickPlannedDraw)
 *     newcomerBy,         // deadline of a newcomer's first draw (newcomerDeadline(now)), else null
 *     directoryFetchedAt, // when the key directory in use was fetched
 *     lastAnonymousWriteAt, // this browser's last anonymous write (never pruned), or null: never wrote
 *     choices,
 *   }, random)
 *   choices = d.choices // → draw at d.at (reason says what set it); call again at d.at: draw if d.at <= now
 *
 * THE RULES (the constants below say why each number is what it is)
 *
 * - Draws: at the epoch's planned random moment; if no tab was open then, OVERDUE_DRAW_* after
 *   the next page load. Never within DIRECTORY_GAP_* after the directory fetch it uses. Never
 *   within U[minAge, 2 × minAge] after this browser's last anonymous write. A newcomer's first
 *   draw comes within NEWCOMER_DRAW_MS — but only a browser that has never sent an anonymous
 *   write is a newcomer for that purpose; one that has written keeps the rule above.
 * - Writes: "forced" = every token that could pay for it comes from the last draw (a newcomer, a
 *   member back after two weeks: tokens are valid in their epoch and the next only). Forced posts
 *   keep DESIGN §2's contract: out at lastDraw + U[minAge, 4 × minAge] (the documented weak case).
 *   Every other write (older token, or no token: edits, deletions) whose send moment would fall in
 *   the HOLD ZONE after the last draw — [draw, draw + max(HOLD_MIN_AFTER_DRAW_MS, 4 × minAge)) —
 *   is held until draw + U[HOLD_MIN_AFTER_DRAW_MS, HOLD_MAX_AFTER_DRAW_MS] instead (shifted later
 *   when 4 × minAge is longer than six hours). "Publish later (safer)" gives a forced post that
 *   hold too. "Publish sooner" sends at dueAt, whatever the rules say.
 * - minTokenAgeMs = 0 (TALK_MIN_TOKEN_AGE_S=0, tests only) switches the draw/write apart rules
 *   off, as it switches off the token age.
 */

const SECOND = 1000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE

/** Uniformly random in [minMs, maxMs] (the browser passes a CSPRNG-backed one). */
export type Random = (minMs: number, maxMs: number) => number

/**
 * Earliest and latest end of the hold after a draw. Six hours: longer than any sitting, so a post
 * written in the draw's visit does not go out in it, and a held write never lands at a short,
 * characteristic offset after its author's draw (what an "offset attack" looks for). Thirty:
 * the hold's 24-hour span covers a whole day, so its time of day says nothing either, and the
 * held write competes with every draw of that key in a day-wide window (about N/7 of N drawers a
 * week) instead of the 3-hour one a draw + U[1 h, 4 h] rule gives. When no tab is open at the
 * moment, it goes out at the next page load (overdueSendAt), unrelated to the draw as well.
 */
export const HOLD_MIN_AFTER_DRAW_MS = 6 * HOUR
export const HOLD_MAX_AFTER_DRAW_MS = 30 * HOUR

/**
 * The hold zone lasts from a draw until the earliest end of the hold (and at least 4 × minAge,
 * the end of the forced posts' window). So no write that could have waited is ever sent within
 * six hours of the draw: a zone shorter than the hold's start would let writes of the last hours
 * before its end go out at once, at offsets a long sitting makes typical.
 */
export function holdZoneMs(minTokenAgeMs: number): number {
  return minTokenAgeMs > 0 ? Math.max(HOLD_MIN_AFTER_DRAW_MS, 4 * minTokenAgeMs) : 0
}

/** Tokens drawn this long before the last draw's end still count as that draw's (one batch draws key after key). */
export const DRAW_BATCH_MS = 10 * MINUTE

/** A forced post goes out this many minimum ages after its tokens' draw at the earliest / latest (DESIGN §2). */
export const FRESH_SEND_MIN_AGES = 1
export const FRESH_SEND_MAX_AGES = 4

/** A draw never comes within U[1, 2] minimum ages after this browser's last anonymous write. */
export const DRAW_APART_MIN_AGES = 1
export const DRAW_APART_MAX_AGES = 2

/** A newcomer (no draw on this browser yet, or a new verification) draws within two minutes… */
export const NEWCOMER_DRAW_MS = 2 * MINUTE
/** …keeping this much of them for the draw itself, and not at once (unless less time is left). */
export const NEWCOMER_MARGIN_MS = 15 * SECOND
export const NEWCOMER_MIN_DELAY_MS = 20 * SECOND

/** The planned moment passed with no tab open: the draw comes 2–12 minutes into the next visit. */
export const OVERDUE_DRAW_MIN_MS = 2 * MINUTE
export const OVERDUE_DRAW_MAX_MS = 12 * MINUTE
/** A planned draw whose timer fires this late (a sleeping computer, a throttled tab) counts as overdue: a wake-up is a visit's start. */
export const OVERDUE_SLACK_MS = 2 * MINUTE

/** A draw comes at least 1–5 minutes after the directory fetch it uses (never right after it). */
export const DIRECTORY_GAP_MIN_MS = 1 * MINUTE
export const DIRECTORY_GAP_MAX_MS = 5 * MINUTE

/** A write that came due while no tab was open goes out 10–60 s after the next load, not with the page's own requests. */
export const OVERDUE_SEND_MIN_MS = 10 * SECOND
export const OVERDUE_SEND_MAX_MS = 60 * SECOND

// ---------------------------------------------------------------------------------------------
// Writes

/** Why a write goes out when it does. */
export type WriteReason =
  /** at dueAt, which has come */
  | 'now'
  /** at dueAt, later ("publish within N minutes") */
  | 'scheduled'
  /** waiting for its tokens to age (a forced post: lastDraw + U[minAge, 4 × minAge]) */
  | 'age'
  /** held apart from the last draw: lastDraw + U[6 h, 30 h] */
  | 'hold'
  /** no token that could pay for it: after the next draw */
  | 'tokens'

export interface WriteTimingInput {
  now: number
  /** TALK_MIN_TOKEN_AGE_S × 1000, as the accepted directory says. */
  minTokenAgeMs: number
  /** When the member wants it out: when it was written, plus the random part of "publish within N minutes". */
  dueAt: number
  /** When this browser's last draw for the account finished (or one under way started); null: never. */
  lastDrawAt: number | null
  /** Posts and replies (later: first votes, poll answers, reports) spend a token; edits and deletions do not. */
  spendsToken: boolean
  /** drawnAt of every token that could pay for it (its scope, epochs still usable). Ignored without spendsToken. */
  tokenDrawTimes: readonly number[]
  /** "Publish sooner", confirmed after the warning: out at dueAt, with a young token if need be. */
  sooner: boolean
  /** "Publish later (safer)": the hold after the last draw (for a forced post: instead of the minAge–4 × minAge window). */
  later: boolean
  /** This write's random delay after the draw for a forced post, in [minAge, 4 × minAge]; omit to pick one. */
  ageDelayMs?: number | undefined
  /** This write's hold after the draw, in [HOLD_MIN_AFTER_DRAW_MS, HOLD_MAX_AFTER_DRAW_MS]; omit to pick one. */
  holdDelayMs?: number | undefined
}

export interface WritePlan {
  /** When it goes out (ms; may be past: overdue). Infinity with reason 'tokens'. */
  sendAt: number
  reason: WriteReason
  /** The choices used: store them with the write and pass them back. */
  ageDelayMs: number
  holdDelayMs: number
}

/** A forced post's delay after the draw, U[minAge, 4 × minAge]. */
export function pickAgeDelay(minTokenAgeMs: number, random: Random): number {
  return random(FRESH_SEND_MIN_AGES * minTokenAgeMs, FRESH_SEND_MAX_AGES * minTokenAgeMs)
}

/** A held write's delay after the draw, U[6 h, 30 h]. */
export function pickHoldDelay(random: Random): number {
  return random(HOLD_MIN_AFTER_DRAW_MS, HOLD_MAX_AFTER_DRAW_MS)
}

/** Whether every token that could pay comes from the draw that ended at lastDrawAt. */
export function onlyFreshTokens(lastDrawAt: number | null, tokenDrawTimes: readonly number[]): boolean {
  if (lastDrawAt === null || !tokenDrawTimes.length) return false
  return Math.min(...tokenDrawTimes) >= lastDrawAt - DRAW_BATCH_MS
}

/** When an anonymous write goes out, and why. See the top of this file. */
export function planWrite(input: WriteTimingInput, random: Random): WritePlan {
  const minAge = Math.max(0, input.minTokenAgeMs)
  const ageDelayMs =
    input.ageDelayMs !== undefined && input.ageDelayMs >= FRESH_SEND_MIN_AGES * minAge && input.ageDelayMs <= FRESH_SEND_MAX_AGES * minAge
      ? input.ageDelayMs
      : pickAgeDelay(minAge, random)
  const holdDelayMs =
    input.holdDelayMs !== undefined && input.holdDelayMs >= HOLD_MIN_AFTER_DRAW_MS && input.holdDelayMs <= HOLD_MAX_AFTER_DRAW_MS
      ? input.holdDelayMs
      : pickHoldDelay(random)
  const out = (sendAt: number, reason: WriteReason): WritePlan => ({ sendAt, reason, ageDelayMs, holdDelayMs })
  const { now, dueAt, lastDrawAt: draw } = input
  const atDue = () => out(dueAt, dueAt > now ? 'scheduled' : 'now')

  if (input.sooner) return atDue()
  const times = input.spendsToken ? input.tokenDrawTimes : []
  if (input.spendsToken && !times.length) return out(Infinity, 'tokens')
  if (minAge === 0) return atDue()
  const readyAt = times.length ? Math.min(...times) + minAge : -Infinity
  const zone = holdZoneMs(minAge)
  const held = (): WritePlan => {
    // Where the zone is longer than six hours (minAge > 1.5 h), the whole hold moves with it.
    const target = draw! + holdDelayMs + (zone - HOLD_MIN_AFTER_DRAW_MS)
    return out(Math.max(target, readyAt, dueAt), 'hold')
  }

  // "Publish later (safer)": the hold, whatever the tokens.
  if (input.later && draw !== null) return held()
  if (input.spendsToken && onlyFreshTokens(draw, times)) {
    // DESIGN §2's contract: lastDraw + U[minAge, 4 × minAge]. Written after its own moment but
    // inside the window: a moment spread over what is left of it, from the same random choice.
    const hi = draw! + FRESH_SEND_MAX_AGES * minAge
    const own = draw! + ageDelayMs
    let at: number
    if (own >= dueAt) at = own
    else if (dueAt < hi) at = dueAt + ((ageDelayMs - minAge) / ((FRESH_SEND_MAX_AGES - FRESH_SEND_MIN_AGES) * minAge || 1)) * (hi - dueAt)
    else at = dueAt
    at = Math.max(Math.round(at), readyAt)
    return at > dueAt ? out(at, 'age') : atDue()
  }

  const candidate = Math.max(dueAt, readyAt)
  const inZone = (t: number) => draw !== null && t >= draw && t < draw + zone
  // Held when it became due in the zone (and it stays held until its moment, however often it is
  // asked again), or when it would leave in it: due before a draw, leaving (overdue) after it.
  if (inZone(candidate) || inZone(Math.max(candidate, now))) return held()
  if (candidate > dueAt) return out(candidate, 'age')
  return atDue()
}

/** A write that came due while no tab was open: when it goes out after this load (the e2e hook may fix the delay). */
export function overdueSendAt(now: number, random: Random, hookMs?: number | null): number {
  return now + (hookMs ?? random(OVERDUE_SEND_MIN_MS, OVERDUE_SEND_MAX_MS))
}

// ---------------------------------------------------------------------------------------------
// Draws

/** What set a draw's moment. */
export type DrawReason =
  /** the epoch's planned random moment */
  | 'planned'
  /** the planned moment passed with no tab open: some minutes into this visit */
  | 'overdue'
  /** a newcomer's first draw, within two minutes */
  | 'newcomer'
  /** kept apart from the directory fetch */
  | 'directory'
  /** kept apart from this browser's last anonymous write */
  | 'apart'

/**
 * Random choices of earlier calls, each tied to what it was made for (reused only while that
 * holds). Keep the object between calls; `apart` is worth keeping across page loads (a new pick
 * per load would let many reloads pull a draw towards the rule's lower bound).
 */
export interface DrawChoices {
  gap?: { fetchedAt: number; until: number } | undefined
  apart?: { writeAt: number; until: number } | undefined
  moment?: { kind: 'planned' | 'overdue' | 'newcomer' | 'hooked'; key: number; at: number } | undefined
}

export interface DrawTimingInput {
  now: number
  minTokenAgeMs: number
  /** This epoch's planned random moment (pickPlannedDraw). */
  plannedAt: number
  /** A newcomer's deadline (newcomerDeadline), or null. */
  newcomerBy: number | null
  /** When the key directory the draw uses was fetched. */
  directoryFetchedAt: number
  /** When this browser last sent an anonymous write (kept for good, never pruned), or null: never. */
  lastAnonymousWriteAt: number | null
  choices: DrawChoices
  /**
   * The end-to-end tests' localStorage hooks (delays.ts): a fixed delay for the draw moment
   * (newcomer, overdue or planned) and for the directory gap. Absent or null in real use.
   */
  hooks?: { drawMs?: number | null | undefined; gapMs?: number | null | undefined } | undefined
}

export interface DrawPlan {
  at: number
  reason: DrawReason
  choices: DrawChoices
}

/** The epoch's planned draw: a moment picked uniformly in [epochStart, epochEnd) when the epoch is first seen. */
export function pickPlannedDraw(epochStart: number, epochEnd: number, random: Random): number {
  return random(epochStart, epochEnd)
}

/** A newcomer's draw deadline, starting now. */
export function newcomerDeadline(now: number): number {
  return now + NEWCOMER_DRAW_MS
}

/** When this browser draws, and why. See the top of this file. */
export function planDraw(input: DrawTimingInput, random: Random): DrawPlan {
  const { now, choices: prev } = input
  const minAge = Math.max(0, input.minTokenAgeMs)
  const hookDraw = input.hooks?.drawMs ?? null
  const hookGap = input.hooks?.gapMs ?? null
  const choices: DrawChoices = {}

  const gap = prev.gap?.fetchedAt === input.directoryFetchedAt ? prev.gap : { fetchedAt: input.directoryFetchedAt, until: input.directoryFetchedAt + (hookGap ?? random(DIRECTORY_GAP_MIN_MS, DIRECTORY_GAP_MAX_MS)) }
  choices.gap = gap

  let apartUntil = -Infinity
  if (input.lastAnonymousWriteAt !== null && minAge > 0) {
    const w = input.lastAnonymousWriteAt
    const apart = prev.apart?.writeAt === w ? prev.apart : { writeAt: w, until: w + random(DRAW_APART_MIN_AGES * minAge, DRAW_APART_MAX_AGES * minAge) }
    choices.apart = apart
    apartUntil = apart.until
  } else if (prev.apart) choices.apart = prev.apart

  const moment = (kind: 'overdue' | 'newcomer' | 'hooked', key: number, pick: () => number): number => {
    const m = prev.moment?.kind === kind && prev.moment.key === key ? prev.moment : { kind, key, at: pick() }
    choices.moment = m
    return m.at
  }

  let at: number
  let reason: DrawReason
  if (input.newcomerBy !== null) {
    // A newcomer: within the two minutes, apart from the directory fetch as far as they allow.
    const latest = input.newcomerBy - NEWCOMER_MARGIN_MS
    const left = Math.max(0, latest - now)
    at = moment('newcomer', input.newcomerBy, () => now + (hookDraw ?? random(Math.min(NEWCOMER_MIN_DELAY_MS, left), left)))
    reason = 'newcomer'
    const usable = Math.min(gap.until, latest)
    if (usable > at) [at, reason] = [usable, 'directory']
    // Only a browser that never sent an anonymous write skips the rule below.
    if (input.lastAnonymousWriteAt === null) return { at, reason, choices }
  } else if (hookDraw !== null) {
    at = moment('hooked', input.plannedAt, () => now + hookDraw)
    reason = 'planned'
  } else if (now <= watchedUntil(prev, input.plannedAt) + OVERDUE_SLACK_MS) {
    at = input.plannedAt
    reason = 'planned'
  } else {
    at = moment('overdue', input.plannedAt, () => now + random(OVERDUE_DRAW_MIN_MS, OVERDUE_DRAW_MAX_MS))
    reason = 'overdue'
  }
  if (input.newcomerBy === null && gap.until > at) [at, reason] = [gap.until, 'directory']
  if (apartUntil > at) [at, reason] = [apartUntil, 'apart']
  // The planned moment, moved by the rules above: honoured when its timer fires on time, overdue when it does not.
  if (input.newcomerBy === null && hookDraw === null && choices.moment === undefined) choices.moment = { kind: 'planned', key: input.plannedAt, at }
  return { at, reason, choices }
}

/** The last moment this planned draw was meant for (the planned moment, or where the rules moved it). */
function watchedUntil(prev: DrawChoices, plannedAt: number): number {
  return prev.moment?.kind === 'planned' && prev.moment.key === plannedAt ? Math.max(plannedAt, prev.moment.at) : plannedAt
}
