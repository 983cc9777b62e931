/**
 * web/src/talk/timing-policy.ts, the one place that decides when the web client draws tokens and
 * when it sends an anonymous write (DESIGN §2). Pure: every case is a table row with a fixed clock
 * and a fixed "random" (a fraction of each requested range), edges included.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  DIRECTORY_GAP_MIN_MS,
  HOLD_MAX_AFTER_DRAW_MS,
  HOLD_MIN_AFTER_DRAW_MS,
  NEWCOMER_DRAW_MS,
  OVERDUE_DRAW_MAX_MS,
  OVERDUE_DRAW_MIN_MS,
  holdZoneMs,
  newcomerDeadline,
  overdueSendAt,
  planDraw,
  planWrite,
  type DrawTimingInput,
  type Random,
  type WriteReason,
  type WriteTimingInput,
} from '../../web/src/talk/timing-policy.js'

const S = 1000
const MIN = 60 * S
const H = 60 * MIN
const DAY = 24 * H
const AGE = H // TALK_MIN_TOKEN_AGE_S = 3600
const NOW = Date.UTC(2026, 11, 9, 12, 0, 0) // a Wednesday noon

/** "Random" at a fixed fraction of every range asked for. */
const at = (f: number): Random => (lo, hi) => lo + f * (hi - lo)
/** A random source that must not be asked: the item's own choices are used. */
const never: Random = () => {
  throw new Error('random() called although the choice was given')
}
/** A seeded PRNG (mulberry32), for the property checks. */
function seeded(seed: number): Random {
  let a = seed >>> 0
  return (lo, hi) => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    const r = ((t ^ (t >>> 14)) >>> 0) / 4294967296
    return Math.round(lo + r * (hi - lo))
  }
}

const post = (o: Partial<WriteTimingInput>): WriteTimingInput => ({
  now: NOW,
  minTokenAgeMs: AGE,
  dueAt: NOW,
  lastDrawAt: NOW - 5 * DAY,
  spendsToken: true,
  tokenDrawTimes: [NOW - 5 * DAY],
  sooner: false,
  later: false,
  ...o,
})
const edit = (o: Partial<WriteTimingInput>): WriteTimingInput => post({ spendsToken: false, tokenDrawTimes: [], ...o })

describe('planWrite: when an anonymous write goes out', () => {
  const D = NOW - 5 * MIN // "a draw five minutes ago"
  const rows: { name: string; input: WriteTimingInput; random?: Random; reason: WriteReason; sendAt: number }[] = [
    { name: 'an old token, long after the last draw: at once', input: post({}), reason: 'now', sendAt: NOW },
    { name: 'no token at all: after the next draw, never a fetch', input: post({ tokenDrawTimes: [] }), reason: 'tokens', sendAt: Infinity },
    { name: 'never drew: waits for tokens', input: post({ lastDrawAt: null, tokenDrawTimes: [] }), reason: 'tokens', sendAt: Infinity },
    { name: 'an edit with no draw ever: at once', input: edit({ lastDrawAt: null }), reason: 'now', sendAt: NOW },
    { name: '"publish within": at its moment', input: post({ dueAt: NOW + 20 * MIN }), reason: 'scheduled', sendAt: NOW + 20 * MIN },
    // The hold: old token or no token, inside the zone after the draw.
    { name: 'old token, draw 5 min ago: held to draw + 6 h at the earliest', input: post({ lastDrawAt: D }), random: at(0), reason: 'hold', sendAt: D + 6 * H },
    { name: 'old token, draw 5 min ago: held to draw + 30 h at the latest', input: post({ lastDrawAt: D }), random: at(1), reason: 'hold', sendAt: D + 30 * H },
    { name: 'old token, draw 5 min ago: held, halfway', input: post({ lastDrawAt: D }), random: at(0.5), reason: 'hold', sendAt: D + 18 * H },
    { name: 'an edit spends no token: held the same', input: edit({ lastDrawAt: D }), random: at(0), reason: 'hold', sendAt: D + 6 * H },
    { name: 'a deletion just inside the zone (draw 6 h − 1 ms ago): held', input: edit({ lastDrawAt: NOW - 6 * H + 1 }), random: at(0), reason: 'hold', sendAt: NOW + 1 },
    { name: 'a deletion at the zone’s end (draw exactly 6 h ago): at once', input: edit({ lastDrawAt: NOW - 6 * H }), reason: 'now', sendAt: NOW },
    { name: 'old token, draw 4 h ago (past 4 × minAge, still in the zone): held', input: post({ lastDrawAt: NOW - 4 * H }), random: at(0), reason: 'hold', sendAt: NOW + 2 * H },
    { name: '"publish within" ending inside the zone: held', input: post({ lastDrawAt: D, dueAt: NOW + 30 * MIN }), random: at(0), reason: 'hold', sendAt: D + 6 * H },
    { name: '"publish within" ending after the zone: its own moment', input: post({ lastDrawAt: NOW - 5 * H, dueAt: NOW + 90 * MIN }), reason: 'scheduled', sendAt: NOW + 90 * MIN },
    { name: 'fresh and old tokens (the old one 11 min before the draw’s end): not forced, held', input: post({ lastDrawAt: D, tokenDrawTimes: [D - 11 * MIN, D] }), random: at(0), reason: 'hold', sendAt: D + 6 * H },
    // Forced: only the last draw's tokens (newcomer, back after two weeks) — DESIGN §2's window.
    { name: 'fresh tokens only, written after the draw: draw + minAge at the earliest', input: post({ lastDrawAt: D, tokenDrawTimes: [D] }), random: at(0), reason: 'age', sendAt: D + AGE },
    { name: 'fresh tokens only: draw + 4 × minAge at the latest', input: post({ lastDrawAt: D, tokenDrawTimes: [D] }), random: at(1), reason: 'age', sendAt: D + 4 * AGE },
    { name: 'fresh tokens of one batch (keys drawn one after another, 5 min apart): still forced', input: post({ lastDrawAt: D, tokenDrawTimes: [D - 5 * MIN, D] }), random: at(0), reason: 'age', sendAt: D + AGE },
    { name: 'fresh tokens only, written before the draw (waited for tokens): its own moment', input: post({ dueAt: D - 10 * MIN, lastDrawAt: D, tokenDrawTimes: [D] }), random: at(0.5), reason: 'age', sendAt: D + 2.5 * AGE },
    {
      name: 'fresh tokens only, written at draw + 2 h after its own moment (+1.5 h): spread over the rest of the window',
      input: post({ now: D + 2 * H, dueAt: D + 2 * H, lastDrawAt: D, tokenDrawTimes: [D], ageDelayMs: 1.5 * H, holdDelayMs: 7 * H }),
      random: never,
      reason: 'age',
      sendAt: D + 2 * H + (0.5 / 3) * 2 * H,
    },
    { name: 'fresh tokens only, written at draw + 5 h (window over): at once', input: post({ now: D + 5 * H, dueAt: D + 5 * H, lastDrawAt: D, tokenDrawTimes: [D] }), reason: 'now', sendAt: D + 5 * H },
    { name: 'fresh tokens only, "publish later (safer)": the hold instead', input: post({ lastDrawAt: D, tokenDrawTimes: [D], later: true }), random: at(0), reason: 'hold', sendAt: D + 6 * H },
    { name: '"publish sooner" on a held write: at once', input: post({ lastDrawAt: D, sooner: true }), reason: 'now', sendAt: NOW },
    { name: '"publish sooner" on fresh tokens: at once', input: post({ lastDrawAt: D, tokenDrawTimes: [D], sooner: true }), reason: 'now', sendAt: NOW },
    // Overdue and later draws.
    { name: 'held to draw + 20 h, the tab closed until 3 days later: overdue (the load adds 10–60 s)', input: post({ now: D + 3 * DAY, lastDrawAt: D, ageDelayMs: AGE, holdDelayMs: 20 * H }), random: never, reason: 'hold', sendAt: D + 20 * H },
    {
      name: 'held after draw 1, a second draw before its moment: held again after the second',
      input: post({ now: D + 20 * H, dueAt: NOW, lastDrawAt: D + 19 * H, ageDelayMs: AGE, holdDelayMs: 20 * H }),
      random: never,
      reason: 'hold',
      sendAt: D + 39 * H,
    },
    {
      name: 'held, asked again after the zone but before its moment (a replan at draw + 7 h): still held, same moment',
      input: post({ now: D + 7 * H, dueAt: NOW, lastDrawAt: D, ageDelayMs: AGE, holdDelayMs: 20 * H }),
      random: never,
      reason: 'hold',
      sendAt: D + 20 * H,
    },
    { name: 'minAge 2 h: the zone is 8 h and the hold moves with it', input: post({ minTokenAgeMs: 2 * H, lastDrawAt: D }), random: at(0), reason: 'hold', sendAt: D + 8 * H },
    { name: 'TALK_MIN_TOKEN_AGE_S=0 (tests): no rules', input: edit({ minTokenAgeMs: 0, lastDrawAt: NOW - 1 }), reason: 'now', sendAt: NOW },
  ]
  for (const r of rows) {
    it(r.name, () => {
      const plan = planWrite(r.input, r.random ?? at(0.5))
      assert.equal(plan.reason, r.reason)
      assert.equal(plan.sendAt, r.sendAt)
    })
  }

  it('the zone lasts at least six hours, and at least 4 × minAge', () => {
    assert.equal(holdZoneMs(AGE), 6 * H)
    assert.equal(holdZoneMs(3 * H), 12 * H)
    assert.equal(holdZoneMs(0), 0)
    assert.equal(HOLD_MIN_AFTER_DRAW_MS, 6 * H)
    assert.equal(HOLD_MAX_AFTER_DRAW_MS, 30 * H)
  })

  it('uses the item’s own choices when it has them, and hands back new ones when not', () => {
    const given = planWrite(post({ lastDrawAt: NOW - MIN, ageDelayMs: 2 * H, holdDelayMs: 7 * H }), never)
    assert.deepEqual(given, { sendAt: NOW - MIN + 7 * H, reason: 'hold', ageDelayMs: 2 * H, holdDelayMs: 7 * H })
    const picked = planWrite(post({ lastDrawAt: NOW - MIN }), at(0.25))
    assert.equal(picked.ageDelayMs, AGE + 0.25 * 3 * AGE)
    assert.equal(picked.holdDelayMs, 6 * H + 0.25 * 24 * H)
    // A choice outside its range (minAge changed, an older item) is picked again.
    assert.equal(planWrite(post({ ageDelayMs: 0 }), at(0)).ageDelayMs, AGE)
  })

  it('is idempotent: asked again at its own moment, it answers that moment (so the last check before sending lets it go)', () => {
    const random = seeded(7)
    for (let i = 0; i < 3000; i++) {
      const draw = NOW - random(0, 40 * H)
      const fresh = random(0, 1) === 1
      const spends = random(0, 3) > 0
      const written = draw + random(-2 * H, 10 * H)
      const input = post({
        now: Math.max(written, NOW - 40 * H),
        dueAt: written + (random(0, 3) === 0 ? random(0, 60 * MIN) : 0),
        lastDrawAt: draw,
        spendsToken: spends,
        tokenDrawTimes: spends ? (fresh ? [draw - random(0, 9 * MIN), draw] : [draw - random(11 * MIN, 8 * DAY), draw]) : [],
        later: random(0, 9) === 0,
      })
      const first = planWrite(input, random)
      const choices = { ageDelayMs: first.ageDelayMs, holdDelayMs: first.holdDelayMs }
      // Asked again meanwhile (a replan), at its moment, and long after it (a closed tab): the same answer.
      for (const now of [input.now + (Math.max(first.sendAt, input.now) - input.now) / 2, Math.max(first.sendAt, input.now), Math.max(first.sendAt, input.now) + 3 * DAY]) {
        if (first.sendAt === Infinity) break
        const again = planWrite({ ...input, now, ...choices }, never)
        assert.equal(again.sendAt, first.sendAt, JSON.stringify({ input, first, again }))
      }
    }
  })

  it('never sends a write that could wait within six hours of the draw; a forced post only inside [minAge, 4 × minAge]', () => {
    const random = seeded(11)
    for (let i = 0; i < 3000; i++) {
      const draw = NOW
      const fresh = random(0, 1) === 1
      const written = draw + random(0, 6 * H - 1)
      const plan = planWrite(post({ now: written, dueAt: written, lastDrawAt: draw, tokenDrawTimes: fresh ? [draw] : [draw - 3 * DAY] }), random)
      const after = plan.sendAt - draw
      if (!fresh) assert.ok(after >= 6 * H && after <= 30 * H, `held ${after / H} h after the draw`)
      else if (written < draw + 4 * AGE) assert.ok(after >= AGE && after <= 4 * AGE, `forced, ${after / H} h after the draw`)
      else assert.equal(plan.sendAt, written, 'forced, its window over: at once')
    }
  })

  it('an overdue write leaves 10–60 s after the next load (or at the test hook’s delay)', () => {
    assert.equal(overdueSendAt(NOW, at(0)), NOW + 10 * S)
    assert.equal(overdueSendAt(NOW, at(1)), NOW + 60 * S)
    assert.equal(overdueSendAt(NOW, never, 0), NOW)
  })
})

describe('planDraw: when this browser draws', () => {
  const base = (o: Partial<DrawTimingInput>): DrawTimingInput => ({
    now: NOW,
    minTokenAgeMs: AGE,
    plannedAt: NOW + 3 * H,
    newcomerBy: null,
    directoryFetchedAt: NOW - 2 * H,
    lastAnonymousWriteAt: null,
    choices: {},
    ...o,
  })
  const rows: { name: string; input: DrawTimingInput; random?: Random; reason: string; at: number }[] = [
    { name: 'at the epoch’s planned moment', input: base({}), reason: 'planned', at: NOW + 3 * H },
    { name: 'the planned moment has just come (within the slack): now', input: base({ plannedAt: NOW - MIN }), reason: 'planned', at: NOW - MIN },
    { name: 'planned moment passed with no tab open: 2 min into the visit at the earliest', input: base({ plannedAt: NOW - 2 * DAY }), random: at(0), reason: 'overdue', at: NOW + OVERDUE_DRAW_MIN_MS },
    { name: 'planned moment passed with no tab open: 12 min at the latest', input: base({ plannedAt: NOW - 2 * DAY }), random: at(1), reason: 'overdue', at: NOW + OVERDUE_DRAW_MAX_MS },
    { name: 'never right after a directory fetch', input: base({ plannedAt: NOW + 30 * S, directoryFetchedAt: NOW }), random: at(0), reason: 'directory', at: NOW + DIRECTORY_GAP_MIN_MS },
    { name: 'never within U[minAge, 2 × minAge] of a write: the earliest', input: base({ plannedAt: NOW, lastAnonymousWriteAt: NOW - 10 * MIN }), random: at(0), reason: 'apart', at: NOW - 10 * MIN + AGE },
    { name: 'never within U[minAge, 2 × minAge] of a write: the latest', input: base({ plannedAt: NOW, lastAnonymousWriteAt: NOW - 10 * MIN }), random: at(1), reason: 'apart', at: NOW - 10 * MIN + 2 * AGE },
    { name: 'a write long ago changes nothing', input: base({ lastAnonymousWriteAt: NOW - 3 * H }), random: at(1), reason: 'planned', at: NOW + 3 * H },
    { name: 'an overdue draw after a write that just went out (a held post released at the load): apart from it', input: base({ plannedAt: NOW - DAY, lastAnonymousWriteAt: NOW - 30 * S }), random: at(0), reason: 'apart', at: NOW - 30 * S + AGE },
    { name: 'a newcomer who never wrote: within the two minutes', input: base({ newcomerBy: newcomerDeadline(NOW) }), random: at(1), reason: 'newcomer', at: NOW + NEWCOMER_DRAW_MS - 15 * S },
    { name: 'a newcomer, not at once', input: base({ newcomerBy: newcomerDeadline(NOW) }), random: at(0), reason: 'newcomer', at: NOW + 20 * S },
    { name: 'a newcomer right after the directory fetch: apart from it as far as the two minutes allow', input: base({ newcomerBy: newcomerDeadline(NOW), directoryFetchedAt: NOW - 10 * S }), random: at(0), reason: 'directory', at: NOW - 10 * S + MIN },
    { name: 'a "newcomer" (new verification) that already wrote: apart from the write', input: base({ newcomerBy: newcomerDeadline(NOW), lastAnonymousWriteAt: NOW - 2 * MIN }), random: at(0), reason: 'apart', at: NOW - 2 * MIN + AGE },
    { name: 'a "newcomer" whose last write is long past: within the two minutes', input: base({ newcomerBy: newcomerDeadline(NOW), lastAnonymousWriteAt: NOW - 5 * H }), random: at(0), reason: 'newcomer', at: NOW + 20 * S },
    { name: 'TALK_MIN_TOKEN_AGE_S=0 (tests): no distance from writes', input: base({ minTokenAgeMs: 0, plannedAt: NOW, lastAnonymousWriteAt: NOW - S }), reason: 'planned', at: NOW },
    { name: 'the e2e hook: a fixed delay for the moment and the gap', input: base({ plannedAt: NOW + DAY, directoryFetchedAt: NOW, hooks: { drawMs: 0, gapMs: 0 } }), random: never, reason: 'planned', at: NOW },
  ]
  for (const r of rows) {
    it(r.name, () => {
      const plan = planDraw(r.input, r.random ?? at(0.5))
      assert.equal(plan.reason, r.reason)
      assert.equal(plan.at, r.at)
    })
  }

  it('keeps its random choices while what they were made for holds, and picks again when it changes', () => {
    const first = planDraw(base({ plannedAt: NOW - DAY, lastAnonymousWriteAt: NOW - 10 * MIN }), at(0.3))
    // Later, the same write, the same overdue plan: the same moment, without asking for randomness.
    const later = planDraw(base({ now: NOW + 20 * MIN, plannedAt: NOW - DAY, lastAnonymousWriteAt: NOW - 10 * MIN, choices: first.choices }), never)
    assert.equal(later.at, first.at)
    // A new write: a new distance.
    const moved = planDraw(base({ now: NOW + 20 * MIN, plannedAt: NOW - DAY, lastAnonymousWriteAt: NOW + 19 * MIN, choices: first.choices }), at(0))
    assert.equal(moved.at, NOW + 19 * MIN + AGE)
  })

  it('a planned draw the rules moved is still planned when its timer fires; one slept through is overdue', () => {
    const moved = planDraw(base({ plannedAt: NOW + 30 * S, directoryFetchedAt: NOW }), at(1)) // the gap: NOW + 5 min
    assert.equal(moved.at, NOW + 5 * MIN)
    assert.equal(planDraw(base({ now: moved.at, plannedAt: NOW + 30 * S, directoryFetchedAt: NOW, choices: moved.choices }), never).at, moved.at)
    const woke = planDraw(base({ now: NOW + DAY, plannedAt: NOW + 30 * S, directoryFetchedAt: NOW, choices: moved.choices }), at(0))
    assert.equal(woke.reason, 'overdue')
    assert.equal(woke.at, NOW + DAY + OVERDUE_DRAW_MIN_MS)
  })

  it('is idempotent: asked again at its own moment with its choices, it answers a moment that has come', () => {
    const random = seeded(3)
    for (let i = 0; i < 3000; i++) {
      const input = base({
        plannedAt: NOW + random(-3 * DAY, 3 * H),
        newcomerBy: random(0, 3) === 0 ? newcomerDeadline(NOW) : null,
        directoryFetchedAt: NOW - random(0, 10 * MIN),
        lastAnonymousWriteAt: random(0, 1) ? NOW - random(0, 3 * H) : null,
      })
      const first = planDraw(input, random)
      const again = planDraw({ ...input, now: Math.max(first.at, NOW), choices: first.choices }, never)
      assert.ok(again.at <= Math.max(first.at, NOW), JSON.stringify({ input, first, again }))
    }
  })
})
