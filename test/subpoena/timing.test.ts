/**
 * DESIGN §4's timing rule, as a test. Simulated members (members.ts) visit at their own habits —
 * daily, several times a week, weekly, every few weeks, or with an office tab open for hours —
 * and their browsers take every timing decision through the web client's own timing-policy.ts:
 * the draw at the first visit after the epoch's random moment (2–12 minutes in), never soon after
 * a write; writes during visits, held after a draw, or, on fresh tokens only, sent 1–4 minimum
 * ages after it. An adversary holding what storage holds — every draw's account, key and commit
 * time, every window's posts, every session's days of use with their batch's commit time — tries
 * to tell who wrote each post: by the nearest transaction, WAL time, offsets from draws (1–4 ages,
 * and the hold's 6–30 h), intersecting a pseudonym's weeks with each account's draw weeks,
 * counting draws, and likelihoods it learned by running the client's code on members of its own.
 *
 * The database run replays a small population against the real server and checks that the
 * storage adversary's timeline (from the real WAL) is exactly the one the in-memory runs assume;
 * the in-memory runs are large enough to bound subsets of posts on their own (M8). Asserted: every
 * post but the documented weak case is at chance for the policy's attacks, overall and per subset
 * large enough for the bound to mean something. Measured and printed, not asserted at chance: the
 * documented weak case (posts on fresh tokens only), and the weaknesses this model found beyond
 * it (WC_SUBPOENA_STRICT=1 asserts those too). timing-planted.test.ts breaks one rule of the
 * policy at a time, and plants storage leaks, and shows the attacks fire. WC_SUBPOENA_SEED=n
 * reproduces a run (every figure names its seed).
 */
import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import { TEST_DB_KIND } from '../support/db.js'
import { bernstein } from './attacks.js'
import { SHIPPED } from './client-policy.js'
import {
  type Analysis,
  analyse,
  assertAtChance,
  BUSY_POPULATION,
  behaviour,
  checkPrediction,
  checks,
  databaseRun,
  DB_POPULATION,
  dbReport,
  fmt,
  POPULATION,
  RARE_POPULATION,
  report,
  ruleViolations,
  seedFor,
  stat,
  STRICT,
  SUBSET,
  type SubsetName,
  train,
} from './timing-support.js'

const HOLD = 'draw-to-post offset, the hold (6–30 h)'
const OFFSET = 'draw-to-post offset, 1–4 min. ages'
const LEARNED = 'learned: offsets from draws'
/** What the policy's rules are about: where a post sits relative to its author's draws. */
const POLICY_ATTACKS = ['nearest draw before (WAL order)', 'nearest draw after (WAL order)', 'nearest draw in WAL time', OFFSET, HOLD, LEARNED]
/** Which weeks an account drew: activity, not the policy's moments. Asserted on the whole (habit subsets favour one kind of member by construction). */
const INTERSECTION = 'intersection across epochs'
const COUNTING = 'counting draws'
const ACTIVITY_ATTACKS = [INTERSECTION, COUNTING]
/** Account-side records of use (sessions' days of use, and the visit hours draws and those reveal). */
const RECORD_ATTACKS = ['used the site that day', 'learned: day of use', 'learned: visit hours', 'learned: everything']

const SUBSETS: SubsetName[] = [SUBSET.others, SUBSET.othersNotHeld, SUBSET.daily, SUBSET.several, SUBSET.office, SUBSET.weekly, SUBSET.acrossEpochs, SUBSET.held]

describe(`timing and counting attacks on the shipped client (${TEST_DB_KIND})`, () => {
  let main: Analysis
  let busy: Analysis
  let rare: Analysis
  before(() => {
    main = analyse('members of five companies, every habit, twelve weeks', POPULATION, SHIPPED)
    busy = analyse('busy members (daily visits, office tabs), eight weeks', BUSY_POPULATION, SHIPPED)
    rare = analyse('a workforce that mostly visits every few weeks, twelve weeks', RARE_POPULATION, SHIPPED)
  })

  it('on the real server: the storage adversary sees exactly what the model predicts, and guesses no better than chance', async (t) => {
    const seed = seedFor('database run')
    const learned = train(DB_POPULATION, SHIPPED, (seed ^ 0x5bd1e995) >>> 0, { touches: false })
    const run = await databaseRun(DB_POPULATION, SHIPPED, { seed, learned })
    if (typeof run === 'string') return t.skip(run)
    dbReport(t, `database run [seed ${seed}]`, run, [SUBSET.every, SUBSET.weak, SUBSET.others])
    checkPrediction(run)
    assert.deepEqual(ruleViolations(run.model), [], 'the simulated clients kept the policy\'s rules')
    assertAtChance(t, 'database', [...checks(run, POLICY_ATTACKS, [SUBSET.others]), ...checks(run, ACTIVITY_ATTACKS, [SUBSET.others])])
    for (const r of [run.adjacency, run.order]) assert.ok(r.accuracy <= r.bound, `${r.attack}: ${r.accuracy.toFixed(2)} right, beyond the bound ${r.bound.toFixed(2)}`)
    assert.ok(run.order.posts >= 20, `pairs of posts within one window: ${run.order.posts}`)
    assert.ok(run.truth.posts.length >= 100, `enough posts to mean something: ${run.truth.posts.length}`)
  })

  it("the simulated browsers keep the policy's rules, and exercise each of them", (t) => {
    for (const a of [main, busy, rare]) {
      t.diagnostic(`${a.title} [seed ${a.seed}]: ${a.model.draws.length} draws (${['planned', 'overdue', 'directory', 'apart', 'newcomer'].map((r) => `${a.model.draws.filter((d) => d.reason === r).length} ${r}`).join(', ')})`)
      behaviour(t, a)
      const bad = ruleViolations(a.model)
      assert.deepEqual(bad.slice(0, 5), [], `${a.title}: ${bad.length} violations`)
      // M8's subsets that the rules keep empty: a write the policy could have held, sent within
      // four minimum ages of its author's draw; a write in the minimum age before its author's next draw.
      assert.deepEqual(a.subsets[SUBSET.nearDraw], [], `${a.title}: ${SUBSET.nearDraw}`)
      assert.deepEqual(a.subsets[SUBSET.beforeDraw], [], `${a.title}: ${SUBSET.beforeDraw}`)
    }
    t.diagnostic(`subsets the rules must exercise: ${busy.subsets[SUBSET.held].length} held (busy), ${main.subsets[SUBSET.weak].length} on fresh tokens, ${rare.subsets[SUBSET.rare].length} by rare visitors, ${main.subsets[SUBSET.newcomers].length} by newcomers`)
    // Floors well below what random populations give (over 200 seeds the fewest were 170 held, 273
    // on fresh tokens, 23 by rare visitors, 7 by newcomers): they catch a simulation that stopped
    // exercising a rule, not an unlucky seed.
    assert.ok(busy.subsets[SUBSET.held].length >= 80, `held writes: ${busy.subsets[SUBSET.held].length}`)
    assert.ok(main.subsets[SUBSET.weak].length >= 100, `posts on fresh tokens: ${main.subsets[SUBSET.weak].length}`)
    assert.ok(rare.subsets[SUBSET.rare].length >= 10, `rare visitors' posts: ${rare.subsets[SUBSET.rare].length}`)
    assert.ok(main.subsets[SUBSET.newcomers].length >= 3, `newcomers' posts: ${main.subsets[SUBSET.newcomers].length}`)
    const weeks = (a: Analysis) => new Set(a.model.draws.filter((d) => a.model.members.find((m) => m.id === d.member)!.habit === 'rare').map((d) => `${d.member}|${Math.floor((d.at - a.model.start) / (7 * 86_400_000))}`)).size
    assert.ok(weeks(rare) < (rare.model.members.filter((m) => m.habit === 'rare').length * RARE_POPULATION.epochs) / 2, 'rare visitors skip weeks: their draws say which weeks they were around')
  })

  it('timing attacks do no better than chance on every post but the weak case, and on each subset large enough to bound', (t) => {
    // A held write leaves 6–30 h after its author's draw: the attacks that look there (the hold's
    // offset, and the learned one, which finds it) are asserted on posts that were not held; held
    // writes are measured against the policy's own bound in the last test.
    const band = [HOLD, LEARNED]
    const elsewhere = POLICY_ATTACKS.filter((x) => !band.includes(x))
    for (const a of [main, busy, rare]) {
      t.diagnostic(`${a.title} [seed ${a.seed}]: ${a.scored.length} posts`)
      assertAtChance(t, a.title, [
        ...checks(a, elsewhere, SUBSETS),
        ...checks(a, band, SUBSETS.filter((s) => s !== SUBSET.others && s !== SUBSET.held)),
        ...checks(a, [INTERSECTION], a === rare ? [] : [SUBSET.others]),
      ])
    }
  })

  it('the documented weak case, measured (not asserted at chance): posts whose only tokens come from the last draw', (t) => {
    // Newcomers, members back after two weeks or more, and members whose last draw was not last
    // week (a short visit ends before the overdue draw, a weekly visitor comes before the week's
    // random moment): their post goes out 1–4 minimum ages after the draw, or at a later visit.
    for (const a of [main, rare]) {
      report(t, a, [SUBSET.weak, SUBSET.weakOnTime, SUBSET.newcomers], [...POLICY_ATTACKS, ...ACTIVITY_ATTACKS])
      const s = stat(a, OFFSET, SUBSET.weakOnTime)
      t.diagnostic(`  the offset attack on posts on fresh tokens, sent 1–4 ages after the draw: ${s.accuracy.toFixed(1)} right vs chance ${s.chance.toFixed(1)} (${((100 * s.accuracy) / (s.posts || 1)).toFixed(0)}% of ${s.posts} posts; chance ${((100 * s.chance) / (s.posts || 1)).toFixed(1)}%)`)
      const w = stat(a, OFFSET, SUBSET.weak)
      t.diagnostic(`  … on every post on fresh tokens: ${w.accuracy.toFixed(1)} right vs chance ${w.chance.toFixed(1)} of ${w.posts} (${((100 * w.posts) / a.scored.length).toFixed(0)}% of all posts)`)
      assert.ok(s.accuracy > s.bound, `the weakness is real, and the attack sees it: ${fmt(s)}`)
    }
  })

  it('weaknesses beyond the documented one that this model finds (measured; WC_SUBPOENA_STRICT=1 asserts them at chance)', (t) => {
    // 1. A held write leaves 6–30 h after its author's draw (or at the next visit after that): an
    //    adversary looking for draws in that band before it does better than chance. The policy
    //    says the band is a day wide, against a week of draws: bounded here at ten times chance.
    const h = stat(busy, HOLD, SUBSET.held)
    t.diagnostic(`held writes: ${fmt(h)}`)
    assert.ok(h.accuracy <= 10 * h.chance + bernstein(h.sd ** 2), `held writes more exposed than a day-wide band allows: ${fmt(h)}`)
    // 2. Members who skip weeks: draw records say which weeks they were around, and a pseudonym's
    //    weeks against them single out the infrequent ones (M7).
    for (const a of [main, rare]) report(t, a, [SUBSET.rare, SUBSET.rareOthers, SUBSET.weekly], ACTIVITY_ATTACKS)
    // 3. How often an account drew says how active it is, and active members write more: counting
    //    draws favours them (by a factor that depends on who the heavy posters are).
    for (const a of [main, busy, rare]) t.diagnostic(`${a.title}: ${fmt(stat(a, COUNTING, SUBSET.others))}`)
    // 4. Account-side records of use: each session's day of use is written after that day ends
    //    (touches.ts); posts are written during visits, so that day points at the day's visitors.
    //    And the moments of draws give away each member's hours.
    report(t, main, [SUBSET.others, SUBSET.daily, SUBSET.weekly], [...RECORD_ATTACKS, "intersection of the pseudonym's sets"])
    if (STRICT) {
      assertAtChance(t, 'strict', [
        ...checks(busy, [HOLD], [SUBSET.held]),
        ...checks(rare, ACTIVITY_ATTACKS, [SUBSET.rare, SUBSET.rareOthers]),
        ...checks(main, [COUNTING], [SUBSET.others]),
        ...checks(busy, [COUNTING], [SUBSET.others]),
        ...checks(main, [...RECORD_ATTACKS, "intersection of the pseudonym's sets"], [SUBSET.others]),
      ])
    }
  })
})
