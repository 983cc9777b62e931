/**
 * The one place the simulated browsers (members.ts) take their timing decisions from: when to
 * draw, when an anonymous write goes out, when an overdue write leaves after a page load. The
 * shipped policy IS the web client's pure module (web/src/talk/timing-policy.ts), called with the
 * state a browser would hand it — so the subpoena test attacks the product's decisions, not a
 * model of them. The planted regressions below are that same module with one rule broken, to show
 * that each attack fires when the rule it guards is gone (timing-planted.test.ts).
 */
import {
  type DrawChoices,
  type DrawPlan,
  type DrawTimingInput,
  HOLD_MIN_AFTER_DRAW_MS,
  overdueSendAt,
  pickAgeDelay,
  pickPlannedDraw,
  planDraw,
  planWrite,
  type Random,
  type WritePlan,
  type WriteTimingInput,
} from '../../web/src/talk/timing-policy.js'

export type { DrawChoices, DrawPlan, DrawTimingInput, Random, WritePlan, WriteTimingInput }

export interface ClientPolicy {
  readonly name: string
  /** The epoch's planned draw moment, picked when the browser first sees the epoch. */
  pickPlannedDraw(epochStart: number, epochEnd: number, random: Random): number
  /** When the browser draws next (called on every wake of the page; it draws when `at <= now`). */
  planDraw(input: DrawTimingInput, random: Random): DrawPlan
  /** When a queued write goes out (called when queued, when tokens change, and right before sending). */
  planWrite(input: WriteTimingInput, random: Random): WritePlan
  /** A write that came due while no tab was open: when it leaves after this load. */
  overdueSendAt(now: number, random: Random): number
}

/** The web client's own decisions. */
export const SHIPPED: ClientPolicy = {
  name: 'shipped client (timing-policy.ts)',
  pickPlannedDraw,
  planDraw,
  planWrite,
  overdueSendAt: (now, random) => overdueSendAt(now, random),
}

// ---- planted regressions: the shipped module with one rule taken out ------------------------

/** A write the shipped policy would hold apart from the draw goes out when the member wants it. */
export const NO_HOLD: ClientPolicy = {
  ...SHIPPED,
  name: 'planted: held writes sent at once (no hold after a draw)',
  planWrite(input, random) {
    const plan = planWrite(input, random)
    if (plan.reason !== 'hold') return plan
    return { ...plan, sendAt: Math.max(input.dueAt, input.now), reason: input.dueAt > input.now ? 'scheduled' : 'now' }
  },
}

/** The rule before this one: a write in the minimum age after a draw waits draw + U[minAge, 4 × minAge]. */
export const OLD_HOLD: ClientPolicy = {
  ...SHIPPED,
  name: 'planted: the old 1–4 h hold after a draw',
  planWrite(input, random) {
    const plan = planWrite(input, random)
    if (plan.reason !== 'hold' || input.lastDrawAt === null) return plan
    const min = input.minTokenAgeMs
    const draw = input.lastDrawAt
    // The old sender: only writes due within minAge of the draw were moved, to draw + U[minAge,
    // 4 × minAge]. Decided on dueAt (fixed per write), so a re-plan right before sending keeps it.
    if (input.dueAt >= draw + min) return { ...plan, sendAt: Math.max(input.dueAt, input.now), reason: 'now' }
    const age = input.ageDelayMs ?? pickAgeDelay(min, random)
    return { ...plan, ageDelayMs: age, sendAt: Math.max(draw + age, input.dueAt), reason: 'hold' }
  },
}

/** A hold that lasts six hours exactly: every held write at one characteristic offset after its draw. */
export const FIXED_HOLD: ClientPolicy = {
  ...SHIPPED,
  name: 'planted: a fixed six-hour hold',
  planWrite(input, random) {
    const plan = planWrite(input, random)
    if (plan.reason !== 'hold' || input.lastDrawAt === null) return plan
    return { ...plan, sendAt: Math.max(input.lastDrawAt + HOLD_MIN_AFTER_DRAW_MS, input.dueAt), reason: 'hold' }
  },
}

/**
 * The draw no longer keeps away from writes — worse, it follows one: the epoch's draw comes 30 s
 * to 2 min after the browser's first anonymous write since its last draw (a "refill").
 */
export const DRAW_AFTER_WRITE: ClientPolicy = {
  ...SHIPPED,
  name: 'planted: the draw follows a write within two minutes',
  planDraw(input, random) {
    const plan = planDraw({ ...input, lastAnonymousWriteAt: null }, random)
    const w = input.lastAnonymousWriteAt
    const choices: DrawChoices = { ...plan.choices }
    if (w !== null && input.newcomerBy === null && w >= input.now - 2 * 60_000) {
      const refill = input.choices.apart?.writeAt === w ? input.choices.apart : { writeAt: w, until: w + random(30_000, 120_000) }
      choices.apart = refill
      return { at: Math.min(plan.at, refill.until), reason: 'apart', choices }
    }
    return { ...plan, choices }
  },
}

/** The draw keeps no distance from writes (rule 1 gone), otherwise the shipped policy. */
export const NO_DRAW_APART: ClientPolicy = {
  ...SHIPPED,
  name: 'planted: a draw may come right after a write',
  planDraw: (input, random) => planDraw({ ...input, lastAnonymousWriteAt: null }, random),
}

/** A forced post (tokens of the last draw only) goes out minutes after that draw, not 1–4 h. */
export const FORCED_AT_ONCE: ClientPolicy = {
  ...SHIPPED,
  name: 'planted: a post on fresh tokens sent minutes after the draw',
  planWrite(input, random) {
    const plan = planWrite(input, random)
    if (plan.reason !== 'age' || input.lastDrawAt === null) return plan
    return { ...plan, sendAt: Math.max(input.dueAt, input.lastDrawAt + random(60_000, 5 * 60_000)), reason: 'age' }
  },
}
