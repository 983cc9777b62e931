/**
 * What the timing tests share. Two ways to run a population (members.ts: visit habits, and every
 * timing decision taken by the web client's timing-policy.ts through client-policy.ts):
 *
 * - `analyse`: in memory, at a size where per-subset bounds mean something: what storage records
 *   is derived by observed.ts (checked against the real server by `databaseRun`), the attacks run
 *   on it, and each post is scored; subsets of posts are scored separately (M8), so a strong leak
 *   on a few posts is not diluted by the many.
 * - `databaseRun`: a smaller population replayed against the real server (sim.ts); the storage
 *   adversary rebuilds the timeline from the WAL and the tables; the run checks that it is the
 *   timeline observed.ts predicts, then attacks it, and measures the mixing of windows.
 *
 * The learned attacks are trained on an independent run of the same population and policy: the
 * adversary knows the client's code and simulates members of its own.
 */
import assert from 'node:assert/strict'
import type { TestContext } from 'node:test'
import { sql } from 'kysely'
import { epochOf } from '../../shared/src/talk/epochs.js'
import { buildTestApp, type TestApp, testClock } from '../support/app.js'
import {
  Adversary,
  adjacencyAttack,
  buildTimeline,
  type KeyInfo,
  Learned,
  orderWithinWindows,
  type PostRow,
  type PostScore,
  type Scored,
  scoreAll,
  simTimeOf,
  summarise,
  type Timeline,
} from './attacks.js'
import type { ClientPolicy } from './client-policy.js'
import { holdZoneMs } from '../../web/src/talk/timing-policy.js'
import { DAY, HOUR, type ModelRun, type ModelWrite, type PopulationConfig, prng, runPopulation, WEEK } from './members.js'
import { observe, type ObservedRun } from './observed.js'
import { mondayOf, Sim, type SimTruth } from './sim.js'
import { openStorageAdversary, storageUnavailable } from './storage.js'

export const START = mondayOf(new Date('2026-11-02T12:00:00Z'))
export const talkEpoch = (d: Date) => epochOf('talk', d)
/** The design's window: what the adversary may know of when a post was stored. */
export const WINDOW_MS = 30_000

/** A seed for this run: WC_SUBPOENA_SEED reproduces one (every figure printed names its seed). */
/** One base seed per process (WC_SUBPOENA_SEED, or random): every run's own seed derives from it and its label. */
const BASE_SEED = process.env.WC_SUBPOENA_SEED ? Number(process.env.WC_SUBPOENA_SEED) : Math.floor(Math.random() * 2 ** 31)
/** What reproduces this process's runs: printed with every figure and every failure. */
export const REPRODUCE = `WC_SUBPOENA_SEED=${BASE_SEED}`

export function seedFor(label: string): number {
  let h = BASE_SEED
  for (const c of label) h = (Math.imul(h, 31) + c.charCodeAt(0)) | 0
  return h >>> 0
}

// ---- populations ------------------------------------------------------------------------------

/**
 * The in-memory population: five companies (two below MIN_ANONYMITY_SET, whose members post as
 * "Verified professional"), every habit, most members silent, newcomers in two waves (one eager),
 * twelve scored weeks after two of warm-up; the real quota.
 */
export const POPULATION: PopulationConfig = {
  companies: { 'alpha-corp': 60, 'beta-labs': 40, 'gamma-works': 25, 'tiny-shop': 6, 'micro-ltd': 4 },
  habits: { daily: 30, several: 25, weekly: 20, rare: 15, office: 10 },
  posters: { lurker: 40, light: 45, heavy: 15 },
  habitPostRate: { rare: 6, weekly: 2 },
  newcomers: [
    { company: 'alpha-corp', count: 6, epoch: 2 },
    { company: 'beta-labs', count: 4, epoch: 6, eager: true },
  ],
  epochs: 12,
  warmup: 2,
  allowance: 50,
  minTokenAgeMs: HOUR,
  windowMs: 30_000,
  minAnonymitySet: 10,
  hot: { perEpoch: 2, minutes: 3, share: 0.5 },
  laterShare: 0.25,
  stayShare: 0.3,
}

/**
 * Busy members — daily visitors and office tabs, most of whom post — so that enough writes fall in
 * the hold after a draw to bound the held writes on their own.
 */
export const BUSY_POPULATION: PopulationConfig = {
  ...POPULATION,
  companies: { 'alpha-corp': 50, 'beta-labs': 30 },
  habits: { daily: 50, several: 20, office: 30 },
  posters: { lurker: 0, light: 50, heavy: 50 },
  postRate: 2,
  newcomers: [],
  epochs: 8,
}

/** A workforce that mostly checks in every few weeks (field staff, say): members who skip weeks, in numbers. */
export const RARE_POPULATION: PopulationConfig = {
  ...POPULATION,
  habits: { daily: 20, several: 15, weekly: 15, rare: 50 },
  habitPostRate: { rare: 8, weekly: 2 },
}

/** The database population: small (every draw is real blind signatures), one warm-up week and two scored. */
export const DB_POPULATION: PopulationConfig = {
  companies: { 'alpha-corp': 10, 'beta-labs': 8, 'tiny-shop': 3 },
  habits: { daily: 40, several: 25, weekly: 20, rare: 5, office: 10 },
  posters: { lurker: 10, light: 45, heavy: 45 },
  postRate: 2,
  newcomers: [{ company: 'alpha-corp', count: 2, epoch: 1 }],
  epochs: 2,
  warmup: 1,
  allowance: 4,
  minTokenAgeMs: HOUR,
  windowMs: 30_000,
  minAnonymitySet: 5,
  hot: { perEpoch: 3, minutes: 3, share: 0.7 },
  laterShare: 0.25,
  stayShare: 0.3,
}

// ---- subsets of posts (the simulation's truth decides membership; the adversary never sees it) ----

/** The documented weak case: every token that could pay came from the last draw, and the post went out by the minAge–4 × minAge rule. */
export const isWeak = (w: ModelWrite) => w.forced && w.reason === 'age'

export const SUBSET = {
  every: 'every post',
  weak: 'weak case: fresh tokens only',
  weakOnTime: 'weak case, sent 1–4 ages after the draw',
  others: 'every other post',
  othersNotHeld: 'every other post, not held',
  nearDraw: 'not weak, sent ≤ 4 ages after own draw',
  beforeDraw: 'sent ≤ 1 age before own next draw',
  held: 'held apart from a draw (6–30 h)',
  rare: 'rare visitors (all their posts)',
  rareOthers: 'rare visitors, not weak',
  weekly: 'weekly visitors, neither weak nor held',
  several: 'several a week, neither weak nor held',
  daily: 'daily visitors, neither weak nor held',
  office: 'office tabs, neither weak nor held',
  newcomers: 'newcomers (all their posts)',
  acrossEpochs: 'pseudonym posting in 2+ weeks, neither weak nor held',
} as const
export type SubsetName = (typeof SUBSET)[keyof typeof SUBSET]

export function subsetsOf(model: ModelRun, ids: readonly string[], writeOf: Map<string, ModelWrite>): Record<SubsetName, string[]> {
  const member = new Map(model.members.map((m) => [m.id, m]))
  const minAge = model.config.minTokenAgeMs
  const w = (id: string) => writeOf.get(id)!
  const habit = (id: string) => member.get(w(id).member)!.habit
  const nextDraw = new Map<string, number[]>()
  for (const d of model.draws) {
    if (!nextDraw.has(d.member)) nextDraw.set(d.member, [])
    nextDraw.get(d.member)!.push(d.at)
  }
  const weeks = new Map<string, Set<number>>()
  for (const x of model.writes) {
    if (!weeks.has(x.pseudonym)) weeks.set(x.pseudonym, new Set())
    weeks.get(x.pseudonym)!.add(Math.floor((x.committedAt - model.start) / WEEK))
  }
  const weak = (id: string) => isWeak(w(id))
  const not = (f: (id: string) => boolean) => (id: string) => !weak(id) && w(id).reason !== 'hold' && f(id)
  return {
    [SUBSET.every]: [...ids],
    [SUBSET.weak]: ids.filter(weak),
    [SUBSET.weakOnTime]: ids.filter((id) => weak(id) && w(id).sentAt - w(id).lastDrawAt! <= 4 * minAge + MINUTE_SLACK),
    [SUBSET.others]: ids.filter((id) => !weak(id)),
    [SUBSET.othersNotHeld]: ids.filter((id) => !weak(id) && w(id).reason !== 'hold'),
    [SUBSET.nearDraw]: ids.filter((id) => !weak(id) && w(id).lastDrawAt !== null && w(id).sentAt - w(id).lastDrawAt! <= 4 * minAge),
    [SUBSET.beforeDraw]: ids.filter((id) => (nextDraw.get(w(id).member) ?? []).some((t) => t > w(id).sentAt && t - w(id).sentAt <= minAge)),
    [SUBSET.held]: ids.filter((id) => w(id).reason === 'hold'),
    [SUBSET.rare]: ids.filter((id) => habit(id) === 'rare'),
    [SUBSET.rareOthers]: ids.filter((id) => !weak(id) && habit(id) === 'rare'),
    [SUBSET.weekly]: ids.filter(not((id) => habit(id) === 'weekly')),
    [SUBSET.several]: ids.filter(not((id) => habit(id) === 'several')),
    [SUBSET.daily]: ids.filter(not((id) => habit(id) === 'daily')),
    [SUBSET.office]: ids.filter(not((id) => habit(id) === 'office')),
    [SUBSET.newcomers]: ids.filter((id) => member.get(w(id).member)!.newcomer),
    [SUBSET.acrossEpochs]: ids.filter(not((id) => weeks.get(w(id).pseudonym)!.size > 1)),
  } as Record<SubsetName, string[]>
}
const MINUTE_SLACK = 60_000

// ---- the in-memory analysis ------------------------------------------------------------------

export interface Analysis {
  title: string
  seed: number
  model: ModelRun
  observed: ObservedRun
  adversary: Adversary
  scores: Map<string, Map<string, PostScore>>
  /** Posts sent in the scored epochs (warm-up ones are not scored). */
  scored: string[]
  subsets: Record<SubsetName, string[]>
}

/** The adversary's own run, with the policy under attack: what it learns its likelihoods from. */
export function train(config: PopulationConfig, policy: ClientPolicy, seed: number, opts: { touches?: boolean } = {}): Learned {
  const model = runPopulation(config, policy, seed, START)
  const o = observe(model, { touches: opts.touches ?? true, random: prng(seed ^ 0x2545f491) })
  const a = new Adversary(o.tl, talkEpoch, config.minTokenAgeMs)
  return Learned.train(a, o.authorOf, [...o.tl.posts.keys()].filter((id) => o.writeOf.get(id)!.sentAt >= START))
}

export function analyse(title: string, config: PopulationConfig, policy: ClientPolicy, opts: { seed?: number; learned?: Learned; spentEpochs?: boolean } = {}): Analysis {
  const seed = opts.seed ?? seedFor(title)
  const learned = opts.learned ?? train(config, policy, (seed ^ 0x5bd1e995) >>> 0)
  const model = runPopulation(config, policy, seed, START)
  const observed = observe(model, { random: prng(seed ^ 0x68e31da4), spentEpochs: opts.spentEpochs ?? false })
  const adversary = new Adversary(observed.tl, talkEpoch, config.minTokenAgeMs)
  const scores = scoreAll(adversary, observed.authorOf, { learned })
  const scored = [...observed.tl.posts.keys()].filter((id) => observed.writeOf.get(id)!.sentAt >= START)
  return { title, seed, model, observed, adversary, scores, scored, subsets: subsetsOf(model, scored, observed.writeOf) }
}

export function stat(a: Pick<Analysis, 'scores' | 'subsets'>, attack: string, subset: SubsetName): Scored {
  const per = a.scores.get(attack)
  assert.ok(per, `no attack "${attack}"`)
  return summarise(attack, per, a.subsets[subset])
}

export const fmt = (s: Scored) =>
  `${s.attack.padEnd(40)} ${s.accuracy.toFixed(1).padStart(7)} right vs chance ${s.chance.toFixed(1).padStart(6)} (×${(s.accuracy / (s.chance || 1)).toFixed(2)}, bound ${s.bound.toFixed(1)}); author's rank ${s.rank.toFixed(3)} (bound ${s.rankBound.toFixed(3)})${s.fired ? '  ← beyond' : ''}`

/** Prints the figures of each subset (t.diagnostic): success vs chance for every attack. */
export function report(t: TestContext, a: Analysis, subsets: readonly SubsetName[] = Object.values(SUBSET), attacks?: readonly string[]): void {
  const m = a.model
  const sent = a.scored.length
  t.diagnostic(`${a.title} [seed ${a.seed}, ${REPRODUCE}, ${m.policy}]: ${m.members.length} members, ${m.draws.length} draws, ${sent} posts scored (${m.unsent} never sent: no tokens in time), ${m.visits.length} visits`)
  for (const name of subsets) {
    const ids = a.subsets[name]
    t.diagnostic(`  — ${name}: ${ids.length} posts`)
    if (!ids.length) continue
    for (const attack of attacks ?? a.scores.keys()) t.diagnostic(`      ${fmt(stat(a, attack, name))}`)
  }
}

/** How the client's decisions came out: per habit, how often a member drew in a week it visited, and how long posts waited. */
export function behaviour(t: TestContext, a: Analysis): void {
  const m = a.model
  const weekOf = (x: number) => Math.floor((x - m.start) / WEEK)
  const visited = new Set(m.visits.filter((v) => v.start >= m.start).map((v) => `${v.member}|${weekOf(v.start)}`))
  const drew = new Set(m.draws.filter((d) => d.at >= m.start).map((d) => `${d.member}|${weekOf(d.at)}`))
  const habitOf = new Map(m.members.map((x) => [x.id, x.habit]))
  for (const habit of ['daily', 'several', 'weekly', 'rare', 'office'] as const) {
    const weeks = [...visited].filter((k) => habitOf.get(k.split('|')[0]!) === habit)
    const ws = a.scored.map((id) => a.observed.writeOf.get(id)!).filter((w) => habitOf.get(w.member) === habit)
    const waits = ws.map((w) => (w.sentAt - w.composedAt) / HOUR).sort((x, y) => x - y)
    const q = (p: number) => (waits.length ? waits[Math.min(waits.length - 1, Math.floor(p * waits.length))]!.toFixed(1) : '-')
    t.diagnostic(
      `  ${habit.padEnd(8)} drew in ${weeks.filter((k) => drew.has(k)).length}/${weeks.length} weeks visited; ${ws.length} posts, ${ws.filter(isWeak).length} weak, ${ws.filter((w) => w.reason === 'hold').length} held; hours from writing to sending: median ${q(0.5)}, 90th pct ${q(0.9)}`,
    )
  }
}

// ---- assertions -------------------------------------------------------------------------------

/**
 * A subset's bound means something when an attack that made the author MAX_LIFT times likelier
 * than chance on it would exceed the bound; smaller subsets are printed, not asserted.
 */
export const MAX_LIFT = 4

export interface Check {
  attack: string
  subset: SubsetName
  s: Scored
  meaningful: boolean
}

export const meaningful = (s: Scored) => s.posts > 0 && s.bound <= MAX_LIFT * s.chance

/** Each attack on each subset: success against its bound, asserted where the subset is large enough. */
export function checks(a: Pick<Analysis, 'scores' | 'subsets'>, attacks: readonly string[], subsets: readonly SubsetName[]): Check[] {
  const out: Check[] = []
  for (const subset of subsets) for (const attack of attacks) {
    const s = summarise(attack, a.scores.get(attack)!, a.subsets[subset])
    out.push({ attack, subset, s, meaningful: meaningful(s) })
  }
  return out
}

/** Prints every check, then fails with the list of those beyond their bound (only the meaningful ones count). */
export function assertAtChance(t: TestContext, label: string, cs: readonly Check[]): void {
  const beyond: string[] = []
  for (const c of cs) {
    const over = c.s.accuracy > c.s.bound
    const tag = !c.s.posts ? 'no posts' : c.meaningful ? (over ? 'BEYOND' : 'at chance') : `too few posts to bound (×${(c.s.bound / (c.s.chance || 1)).toFixed(1)})`
    t.diagnostic(`  [${label}] ${c.subset} (${c.s.posts}): ${fmt(c.s)} — ${tag}`)
    if (c.meaningful && over) beyond.push(`${c.attack} on "${c.subset}": ${c.s.accuracy.toFixed(1)} right, chance ${c.s.chance.toFixed(1)}, bound ${c.s.bound.toFixed(1)}`)
  }
  assert.deepEqual(beyond, [], `${label}: attacks beyond chance (${REPRODUCE})`)
}

/**
 * The policy's own promises, checked on what the simulated browsers did (not on what the attacks
 * see): no write that could have waited leaves in the hold zone after its author's draw; a post on
 * fresh tokens waits at least the minimum age; no draw comes within the minimum age after the
 * browser's last anonymous write. Returns the violations.
 */
export function ruleViolations(model: ModelRun): string[] {
  const minAge = model.config.minTokenAgeMs
  const zone = holdZoneMs(minAge)
  const out: string[] = []
  const say = (what: string, w: { member: string; sentAt: number }) => out.push(`${what}: ${w.member} at ${new Date(w.sentAt).toISOString()}`)
  for (const w of model.writes) {
    if (w.sooner || w.lastDrawAt === null) continue
    const after = w.sentAt - w.lastDrawAt
    if (isWeak(w)) {
      if (after < minAge) say(`a post on fresh tokens ${(after / 60_000).toFixed(0)} min after its draw`, w)
    } else if (w.forced) {
      if (after < 4 * minAge) say(`a post on fresh tokens out of its window, ${(after / 60_000).toFixed(0)} min after its draw`, w)
    } else if (after < zone) say(`a write ${(after / 60_000).toFixed(0)} min after its author's draw`, w)
  }
  const writesOf = new Map<string, number[]>()
  for (const w of model.writes) {
    if (!writesOf.has(w.member)) writesOf.set(w.member, [])
    writesOf.get(w.member)!.push(w.sentAt)
  }
  for (const d of model.draws) {
    const before = (writesOf.get(d.member) ?? []).filter((t) => t <= d.at)
    const last = before.length ? Math.max(...before) : null
    if (last !== null && d.at - last < minAge) out.push(`a draw ${((d.at - last) / 60_000).toFixed(0)} min after its browser's write: ${d.member} at ${new Date(d.at).toISOString()}`)
  }
  return out
}

/** WC_SUBPOENA_STRICT=1: the weaknesses this model found beyond the documented one are asserted at chance too (and fail). */
export const STRICT = process.env.WC_SUBPOENA_STRICT === '1'

// ---- the database run -----------------------------------------------------------------------

export interface DbRun {
  model: ModelRun
  truth: SimTruth
  tl: Timeline
  adversary: Adversary
  scores: Map<string, Map<string, PostScore>>
  subsets: Record<SubsetName, string[]>
  adjacency: Scored
  order: Scored
  /** The timeline observed.ts predicts for the model (the in-memory runs' view of storage). */
  predicted: ObservedRun
  touchCommits: number[]
}

/** Replays a population against a fresh app and database, and hands the adversary the storage views. */
export async function databaseRun(
  config: PopulationConfig,
  policy: ClientPolicy,
  opts: { seed: number; env?: Record<string, string>; plantEpoch?: boolean; victim?: { checks: boolean }; learned?: Learned } = { seed: 1 },
): Promise<DbRun | string> {
  const model = runPopulation(config, policy, opts.seed, START)
  const clock = testClock(new Date(model.simStart - 3 * WEEK))
  const env = { MIN_ANONYMITY_SET: String(config.minAnonymitySet), TALK_MIX_WINDOW_S: String(config.windowMs / 1000), TALK_MIN_TOKEN_AGE_S: String(config.minTokenAgeMs / 1000), ...opts.env }
  const t: TestApp = await buildTestApp({ clock, inspect: true, env })
  try {
    const missing = await storageUnavailable(t.ctx.database)
    if (missing) return missing
    const adversary = await openStorageAdversary(t.ctx.database)
    try {
      const truth = await new Sim(t, clock, model, opts.victim ? { victim: opts.victim } : {}).run()
      if (opts.plantEpoch) await plantSpentEpochs(t, truth)
      const view = await adversary.view()
      const keys = (await t.ctx.db.selectFrom('talkIssuerKey').select(['keyId', 'companySlug', 'purpose', 'epoch']).execute()).map((k): KeyInfo => ({ keyId: k.keyId, company: k.companySlug, purpose: k.purpose, epoch: k.epoch }))
      const rows = (await t.ctx.db.selectFrom('talkPost').select(['id', 'threadId', 'label', 'voice', 'companySlug', 'authorKey', 'isOpening', 'createdAt']).execute()).map(
        (r): PostRow => ({ ...r, authorKey: r.authorKey.toString('base64url') }),
      )
      const spent = opts.plantEpoch
        ? (await sql<{ tokenHash: Buffer; epoch: string }>`select token_hash as "tokenHash", epoch from talk_spent_token`.execute(t.ctx.db)).rows
        : (await t.ctx.db.selectFrom('talkSpentToken').select(['tokenHash']).execute()).map((s) => ({ ...s, epoch: null }))
      const tl = buildTimeline(view, truth, keys, rows, spent)
      // The sessions' days of use: the transactions that updated session rows, at their commit.
      const touchCommits = view.wal
        .filter((x) => !x.aborted && x.commitTime && x.tables.includes('session') && x.records.some((r) => r.table === 'session' && /UPDATE/.test(r.type)))
        .map((x) => simTimeOf(truth, x.commitTime!.getTime()))
        .filter((x): x is number => x !== null)
      // The adversary's reconstruction is complete: every post found in a WAL transaction, every author in its post's set.
      assert.equal(tl.posts.size, truth.posts.length, 'every post found in a WAL transaction')
      const authorOf = new Map(truth.posts.map((p) => [p.postId, p.author]))
      const a = new Adversary(tl, talkEpoch, config.minTokenAgeMs)
      const observedKeys = opts.victim ? new Map(truth.posts.map((p) => [p.postId, p.keyId])) : undefined
      const scores = scoreAll(a, authorOf, { ...(opts.learned && { learned: opts.learned }), ...(observedKeys && { observedKeys }) })
      const predicted = observe(model, { touches: false })
      const writeOfPost = new Map(truth.posts.map((p) => [p.postId, predicted.writeOf.get(p.write)!]))
      const scored = truth.posts.filter((p) => p.sentAt >= START).map((p) => p.postId)
      return {
        model,
        truth,
        tl,
        adversary: a,
        scores,
        subsets: subsetsOf(model, scored, writeOfPost),
        adjacency: adjacencyAttack(tl, authorOf, WINDOW_MS),
        order: orderWithinWindows(tl, new Map(truth.posts.map((p) => [p.postId, p.sentAt])), WINDOW_MS),
        predicted,
        touchCommits,
      }
    } finally {
      await adversary.close()
    }
  } finally {
    await t.close()
  }
}

/**
 * The storage adversary's timeline is the one observed.ts predicts: the same draws (account, key
 * scope and epoch, moment), every post in the window the model says, the same anonymity set for
 * every post, and a session-table commit at every batch the model says wrote days of use.
 */
export function checkPrediction(run: DbRun): void {
  const { truth, tl, predicted } = run
  const member = (account: string) => truth.accountOf.get(account)!
  const stored = tl.draws.map((d) => `${member(d.account)}|${d.key.company}|${d.key.epoch}|${d.sim}`).sort()
  const expected = predicted.tl.draws.map((d) => `${d.account}|${d.key.company}|${d.key.epoch}|${d.sim}`).sort()
  assert.deepEqual(stored, expected, 'the WAL holds exactly the draws the model made, at its moments')
  const writeOf = new Map(truth.posts.map((p) => [p.postId, p.write]))
  const modelAdversary = new Adversary(predicted.tl, talkEpoch, truth.minTokenAgeMs)
  for (const [id, p] of tl.posts) {
    const w = predicted.writeOf.get(writeOf.get(id)!)!
    assert.equal(p.sim, w.committedAt, 'each post committed in the window the model says')
    const storedSet = [...run.adversary.sets.get(id)!].map(member).sort()
    assert.deepEqual(storedSet, [...modelAdversary.sets.get(w.id)!].sort(), 'the same anonymity set from storage as from the model')
  }
  assert.equal(tl.posts.size, predicted.tl.posts.size, 'every write of the model was stored')
  const flushes = [...new Set(truth.touchFlushes)].sort((x, y) => x - y)
  assert.deepEqual([...new Set(run.touchCommits)].sort((x, y) => x - y), flushes, 'days of use written in the batches the model says, and only then')
}

/** The old spent-token row: the epoch of the key that signed the token, written with the post. */
async function plantSpentEpochs(t: TestApp, truth: SimTruth) {
  await sql`alter table talk_spent_token add column epoch text`.execute(t.ctx.db)
  for (const p of truth.posts) await sql`update talk_spent_token set epoch = ${p.keyEpoch} where token_hash = ${Buffer.from(p.tokenHash, 'hex')}`.execute(t.ctx.db)
}

export function dbStat(run: DbRun, attack: string, subset: SubsetName = SUBSET.every): Scored {
  return summarise(attack, run.scores.get(attack)!, run.subsets[subset])
}

export function dbReport(t: TestContext, title: string, run: DbRun, subsets: readonly SubsetName[] = [SUBSET.every]): void {
  t.diagnostic(`${title}: ${run.truth.posts.length} posts by ${run.truth.members.length} accounts, ${run.truth.draws.length} key draws, ${run.truth.touchFlushes.length} batches of days of use`)
  for (const name of subsets) {
    t.diagnostic(`  — ${name}: ${run.subsets[name].length} posts`)
    for (const attack of run.scores.keys()) t.diagnostic(`      ${fmt(dbStat(run, attack, name))}`)
  }
  for (const r of [run.adjacency, run.order]) t.diagnostic(`      ${r.attack.padEnd(40)} ${r.accuracy.toFixed(1).padStart(7)} vs chance ${r.chance.toFixed(1).padStart(6)} (bound ${r.bound.toFixed(1)})`)
}

export { DAY }
