/**
 * Members and their browsers, in memory (DESIGN §2, §4): who visits when, what each writes, and —
 * through client-policy.ts, i.e. the web client's own timing-policy.ts — when each browser draws
 * and when each anonymous write goes out. Pure and seeded: the same seed gives the same run.
 *
 * The browser only runs while a tab is open. Each member has visit habits (daily, several times a
 * week, weekly, rare — a visit every two to six weeks —, or an office tab open for hours), visits
 * of minutes to an hour around its own hours of the day, and posts during visits: most members
 * never post, some a little, a few a lot (sittings of quick replies). Per browser the model keeps
 * what the real one keeps — the epoch's planned draw moment, the draw choices (`apart` across
 * loads, the rest per page), the wallet (tokens by scope, epoch and draw time), the outbox, the
 * last anonymous write — and on every wake of the page (load, timer, directory fetch, composing)
 * asks the policy what to do, exactly when the client would: planDraw while this epoch's draw is
 * pending, planWrite when a write is queued, after a draw and right before it leaves; a write
 * that came due with no tab open leaves overdueSendAt after the next load.
 *
 * What the server records of all this (members.ts does not decide it, observed.ts and the real
 * server do): each draw, one transaction per key, at its moment; each write in its mixing window;
 * each session's first use of a UTC day, in the batch of the next 10–20-minute flush.
 */
import { SESSION_LIFETIME_DAYS } from '../../shared/src/api/limits.js'
import { epochOf, inLastDayOfEpoch } from '../../shared/src/talk/epochs.js'
import type { ClientPolicy, DrawChoices, Random, WriteTimingInput } from './client-policy.js'
import { type DrawReason, onlyFreshTokens, type WriteReason } from '../../web/src/talk/timing-policy.js'

export const MINUTE = 60_000
export const HOUR = 60 * MINUTE
export const DAY = 24 * HOUR
export const WEEK = 7 * DAY

export type Habit = 'daily' | 'several' | 'weekly' | 'rare' | 'office'
export type Poster = 'lurker' | 'light' | 'heavy'
export const HABITS: readonly Habit[] = ['daily', 'several', 'weekly', 'rare', 'office']

export interface Newcomers {
  company: string
  count: number
  /** The scored epoch (from 0) in which they verify. */
  epoch: number
  /** When in that epoch, in days from its start. */
  days?: [number, number]
  /** Eager ones write two posts within half an hour of verifying (the documented weak moment). */
  eager?: boolean
}

export interface PopulationConfig {
  /** Members per company, verified two weeks before the first epoch. Companies below minAnonymitySet have no key of their own. */
  companies: Record<string, number>
  /** Shares of visit habits (normalised). */
  habits: Partial<Record<Habit, number>>
  /** Shares of posting habits (normalised). */
  posters: Record<Poster, number>
  /** Scales every member's chance of writing in a visit. */
  postRate?: number
  newcomers?: Newcomers[]
  /** Scored epochs; `warmup` epochs run before them (visits, draws and posts alike, not scored). */
  epochs: number
  warmup?: number
  /** Tokens per key per draw (the real quota is 50; fewer only keep the database run fast). */
  allowance: number
  minTokenAgeMs: number
  windowMs: number
  minAnonymitySet: number
  /** Moments when news breaks: for a few minutes members who are around come and reply. */
  hot?: { perEpoch: number; minutes: number; share: number }
  /** Of forced posts (tokens of the last draw only): the share whose member picks "publish later (safer)" / "publish sooner". */
  laterShare?: number
  soonerShare?: number
  /** Spread (sd, hours) of a member's visit start around one of its own hours of the day; and the share of visits at any hour. */
  habitSpreadH?: number
  anyHourShare?: number
  /**
   * When the composer says "publishing at about …" (a post waiting for its tokens' age or a hold,
   * at most `stayH` hours away), the share of members who keep the tab open until it is out.
   */
  stayShare?: number
  stayH?: number
  /** Per habit, a factor on the chance of writing in a visit (infrequent visitors often come to write). */
  habitPostRate?: Partial<Record<Habit, number>>
  /**
   * The database run's planted "key of its own": the first member (of the first company listed,
   * which must have a key) visits daily, posts a lot, and always as its company.
   */
  victim?: boolean
}

export interface ModelMember {
  id: string
  company: string
  habit: Habit
  poster: Poster
  joinedAt: number
  /** Verified during the run (its browser never drew). */
  newcomer: boolean
}
export interface ModelKey {
  company: string | null
  purpose: 'talk'
  epoch: string
}
export interface ModelDraw {
  id: number
  member: string
  at: number
  reason: DrawReason
  keys: ModelKey[]
  /** When the directory it used was fetched. */
  fetchedAt: number
}
export interface ModelWrite {
  id: string
  member: string
  kind: 'thread' | 'reply'
  /** The model's thread id (threads are numbered as they are opened). */
  thread: string
  /** Which of the member's pseudonyms (one per thread). */
  pseudonym: string
  label: 'company' | 'alias'
  voice: 'employee' | 'professional' | null
  companySlug: string | null
  composedAt: number
  sentAt: number
  /** The end of its mixing window (= sentAt when windows are off). */
  committedAt: number
  /** The token it spent: its draw, scope and epoch. */
  token: { draw: number; company: string | null; epoch: string; drawnAt: number }
  /** What set the moment (the policy's reason at the last plan before it left). */
  reason: WriteReason
  /** Every token that could pay came from the last draw (the documented weak case). */
  forced: boolean
  /** Left after a page load, having come due while no tab was open. */
  overdue: boolean
  later: boolean
  sooner: boolean
  /** The author's last draw before it left, and its next draw after. */
  lastDrawAt: number | null
}
export interface ModelTouch {
  member: string
  day: string
  /**
   * `batch`: the session's first use of the day, noted at the page load and written with the first
   * 10–20-minute batch after the day ends; `login`: the session had expired (30 days unused), the member signs in —
   * a new session row at that moment; `signup`: a newcomer's new account (and session).
   */
  kind: 'batch' | 'login' | 'signup'
  /** The page load that used the session first that day. */
  notedAt: number
  /** The commit that wrote it: the batch's, or the sign-in's own. */
  at: number
}
export interface ModelVisit {
  member: string
  start: number
  end: number
}
export interface ModelRun {
  config: PopulationConfig
  policy: string
  seed: number
  /** Start of the first scored epoch (a Monday 00:00 UTC), and of the simulation (warm-up included). */
  start: number
  simStart: number
  end: number
  members: ModelMember[]
  draws: ModelDraw[]
  writes: ModelWrite[]
  touches: ModelTouch[]
  visits: ModelVisit[]
  /** Directory fetches (key checks) right before each draw's gap: the database run replays them. */
  fetches: { member: string; at: number }[]
  /** Writes queued but never sent by the end (waiting for tokens, mostly). */
  unsent: number
}

// ---- randomness ---------------------------------------------------------------------------

/** sfc32: small, fast, seedable. */
export function prng(seed: number): () => number {
  let a = 0x9e3779b9 ^ seed
  let b = 0x243f6a88 ^ (seed * 31)
  let c = 0xb7e15162
  let d = seed ^ 0x1234567
  const next = () => {
    a >>>= 0
    b >>>= 0
    c >>>= 0
    d >>>= 0
    let t = (a + b) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    d = (d + 1) | 0
    t = (t + d) | 0
    c = (c + t) | 0
    return (t >>> 0) / 4294967296
  }
  for (let i = 0; i < 20; i++) next()
  return next
}

class Rng {
  constructor(readonly u: () => number) {}
  /** The policy's random(minMs, maxMs): uniform, whole milliseconds. */
  readonly between: Random = (min, max) => Math.round(min + this.u() * (max - min))
  real(a: number, b: number): number {
    return a + this.u() * (b - a)
  }
  int(a: number, b: number): number {
    return a + Math.floor(this.u() * (b - a + 1))
  }
  chance(p: number): boolean {
    return this.u() < p
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.u() * xs.length)]!
  }
  weighted<K extends string>(w: Partial<Record<K, number>>): K {
    const entries = Object.entries(w) as [K, number][]
    const total = entries.reduce((s, [, x]) => s + x, 0)
    let r = this.u() * total
    for (const [k, x] of entries) if ((r -= x) < 0) return k
    return entries[entries.length - 1]![0]
  }
  normal(mean: number, sd: number): number {
    const u = Math.max(1e-12, this.u())
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.u())
  }
}

// ---- visits --------------------------------------------------------------------------------

/** Hours of the day (UTC) people come at: before work, lunch, evening — one population, one time zone. */
function ownHours(r: Rng): number[] {
  const one = () => {
    const slot = r.weighted({ morning: 35, lunch: 20, evening: 45 })
    return slot === 'morning' ? r.real(6.5, 9.5) : slot === 'lunch' ? r.real(11.5, 13.5) : r.real(18, 23)
  }
  return r.chance(0.5) ? [one()] : [one(), one()]
}

interface Person {
  hours: number[]
  /** A weekly visitor's usual weekday; an office tab's start hour. */
  weekday: number
  officeStart: number
}

function visitsOf(r: Rng, habit: Habit, p: Person, from: number, to: number, cfg: PopulationConfig): { start: number; end: number }[] {
  const spread = cfg.habitSpreadH ?? 1.25
  const anyHour = cfg.anyHourShare ?? 0.25
  const duration = () => Math.exp(r.real(Math.log(3 * MINUTE), Math.log(60 * MINUTE)))
  const startOn = (day: number) => {
    const h = r.chance(anyHour) ? r.real(6, 24) : r.normal(r.pick(p.hours), spread)
    return day + ((((h % 24) + 24) % 24) * HOUR)
  }
  const out: { start: number; end: number }[] = []
  const visitsOn = (day: number, n: number) => {
    for (let i = 0; i < n; i++) {
      const s = startOn(day)
      out.push({ start: s, end: s + duration() })
    }
  }
  const firstDay = Math.floor(from / DAY) * DAY
  // Rare visitors: an active week every two to six weeks (one or two days in it), nothing between.
  let nextActiveWeek = firstDay + r.int(0, 5) * WEEK
  let activeDays = new Set<number>()
  let thisWeeksDay = p.weekday
  for (let day = firstDay; day < to; day += DAY) {
    const weekday = (new Date(day).getUTCDay() + 6) % 7 // Monday 0
    if (habit === 'daily') {
      if (r.chance(0.85)) visitsOn(day, 1 + Number(r.chance(0.5)) + Number(r.chance(0.2)))
    } else if (habit === 'several') {
      if (r.chance(0.45)) visitsOn(day, 1 + Number(r.chance(0.3)))
    } else if (habit === 'weekly') {
      // Mostly on its usual day, sometimes another; skips a week now and then.
      if (weekday === 0 || day === firstDay) thisWeeksDay = r.chance(0.7) ? p.weekday : r.int(0, 6)
      if (weekday === thisWeeksDay && r.chance(0.85)) visitsOn(day, 1 + Number(r.chance(0.3)))
    } else if (habit === 'rare') {
      if (day >= nextActiveWeek && day < nextActiveWeek + WEEK) {
        if (day === nextActiveWeek) activeDays = new Set([r.int(0, 6), ...(r.chance(0.4) ? [r.int(0, 6)] : [])])
        if (activeDays.has((day - nextActiveWeek) / DAY)) visitsOn(day, 1 + Number(r.chance(0.3)))
      }
      if (day + DAY >= nextActiveWeek + WEEK) nextActiveWeek += r.int(2, 6) * WEEK
    } else if (habit === 'office') {
      if (weekday < 5 && r.chance(0.9)) {
        const s = day + r.normal(p.officeStart, 0.5) * HOUR
        out.push({ start: s, end: s + r.real(3, 9) * HOUR })
        if (r.chance(0.2)) visitsOn(day, 1)
      } else if (r.chance(0.2)) visitsOn(day, 1)
    }
  }
  return mergeVisits(out.filter((v) => v.end > from && v.start < to).map((v) => ({ start: Math.round(v.start), end: Math.round(v.end) })))
}

function mergeVisits(vs: { start: number; end: number }[]): { start: number; end: number }[] {
  vs.sort((a, b) => a.start - b.start)
  const out: { start: number; end: number }[] = []
  for (const v of vs) {
    const last = out[out.length - 1]
    if (last && v.start <= last.end + MINUTE) last.end = Math.max(last.end, v.end)
    else out.push({ ...v })
  }
  return out
}

// ---- browsers ------------------------------------------------------------------------------

interface Held {
  draw: number
  company: string | null
  epoch: string
  drawnAt: number
  left: number
}
interface Item {
  id: string
  kind: 'thread' | 'reply'
  thread: string | null
  voice: 'company' | 'professional' | 'alias'
  composedAt: number
  dueAt: number
  later: boolean
  sooner: boolean
  ageDelayMs?: number
  holdDelayMs?: number
  sendAt: number
  reason: WriteReason
  forced: boolean
  /** Came due while no tab was open: leaves no sooner than this, after the load. */
  notBefore: number | null
  overdue: boolean
}
interface Browser {
  m: ModelMember
  person: Person
  visits: { start: number; end: number }[]
  /** The open tab's visit (its record in ModelRun.visits), or null: no tab open. */
  visit: ModelVisit | null
  /** Page loads so far: a directory refresh belongs to one page. */
  page: number
  gen: number
  plan: { epoch: string; at: number; done: boolean } | null
  everDrew: boolean
  newcomerBy: number | null
  choices: DrawChoices
  fetchedAt: number
  /** Epochs whose keys the held directory lists. */
  listed: Set<string>
  lastDrawAt: number | null
  lastWriteAt: number | null
  drawDue: number | null
  wallet: Held[]
  outbox: Item[]
  threadVoice: Map<string, Item['voice']>
  /** Threads it posted in. */
  posted: Set<string>
  touchedDays: Set<string>
  /** The day (index since 1970) the session was last used: it expires 30 days later. */
  lastUseDay: number
}

interface Thread {
  id: string
  openedAt: number
  lastAt: number
}

type Ev =
  | { at: number; kind: 'load' | 'unload'; b: Browser; visit: { start: number; end: number } }
  | { at: number; kind: 'fetch'; b: Browser; page: number }
  | { at: number; kind: 'timer'; b: Browser; gen: number }
  | { at: number; kind: 'compose'; b: Browser; gen: number; reply: 'any' | 'hot'; eager?: boolean }
  | { at: number; kind: 'join'; company: string; eager: boolean }

class Heap<T extends { at: number }> {
  readonly #a: T[] = []
  #seq = 0
  readonly #order = new Map<T, number>()
  get size() {
    return this.#a.length
  }
  #less(i: number, j: number) {
    const a = this.#a[i]!
    const b = this.#a[j]!
    return a.at < b.at || (a.at === b.at && this.#order.get(a)! < this.#order.get(b)!)
  }
  push(x: T) {
    // Whole milliseconds, as the browser's clock gives them (the policy rounds its own moments).
    x.at = Math.round(x.at)
    this.#order.set(x, this.#seq++)
    const a = this.#a
    a.push(x)
    let i = a.length - 1
    while (i > 0) {
      const p = (i - 1) >> 1
      if (!this.#less(i, p)) break
      ;[a[i], a[p]] = [a[p]!, a[i]!]
      i = p
    }
  }
  pop(): T | undefined {
    const a = this.#a
    if (!a.length) return undefined
    const top = a[0]!
    const last = a.pop()!
    if (a.length) {
      a[0] = last
      let i = 0
      for (;;) {
        const l = 2 * i + 1
        const rr = l + 1
        let m = i
        if (l < a.length && this.#less(l, m)) m = l
        if (rr < a.length && this.#less(rr, m)) m = rr
        if (m === i) break
        ;[a[i], a[m]] = [a[m]!, a[i]!]
        i = m
      }
    }
    this.#order.delete(top)
    return top
  }
}

/** A session unused this many days has expired (SESSION_LIFETIME_DAYS). */
const SESSION_DAYS = SESSION_LIFETIME_DAYS
const dayOf = (t: number) => new Date(t).toISOString().slice(0, 10)
const epochAt = (t: number) => epochOf('talk', new Date(t))
const epochStartOf = (t: number) => {
  const d = new Date(Math.floor(t / DAY) * DAY)
  const weekday = (d.getUTCDay() + 6) % 7
  return d.getTime() - weekday * DAY
}

/**
 * Runs the population from `start − warmup weeks` to the end of the last scored epoch. `start`
 * must be a Monday 00:00 UTC.
 */
export function runPopulation(config: PopulationConfig, policy: ClientPolicy, seed: number, start: number): ModelRun {
  const r = new Rng(prng(seed))
  const minAge = config.minTokenAgeMs
  const warmup = config.warmup ?? 1
  const simStart = start - warmup * WEEK
  const end = start + config.epochs * WEEK
  const members: ModelMember[] = []
  const browsers: Browser[] = []
  const draws: ModelDraw[] = []
  const writes: ModelWrite[] = []
  const touches: ModelTouch[] = []
  const visitsOut: ModelVisit[] = []
  const fetches: { member: string; at: number }[] = []
  const threads: Thread[] = []
  const pseudonymOf = new Map<string, string>() // member|thread → pseudonym id
  const companySize = new Map<string, number>()
  const queue = new Heap<Ev>()
  let writeSeq = 0

  // The server's batch of session days: a flush every 10–20 minutes; a day of use is committed by
  // the first flush after that day is over.
  const flushTicks: number[] = []
  for (let t = simStart + r.real(10, 20) * MINUTE; t < end + HOUR; t += r.real(10, 20) * MINUTE) flushTicks.push(Math.round(t))
  const nextFlush = (t: number) => {
    let lo = 0
    let hi = flushTicks.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (flushTicks[mid]! > t) hi = mid
      else lo = mid + 1
    }
    return flushTicks[lo]!
  }

  const rate = config.postRate ?? 1
  const writeChance: Record<Poster, number> = { lurker: 0.005, light: 0.06, heavy: 0.3 }
  const hasCompanyKey = (company: string) => (companySize.get(company) ?? 0) >= config.minAnonymitySet

  const addMember = (company: string, joinedAt: number, newcomer: boolean, habit?: Habit): Browser => {
    const m: ModelMember = { id: `m${members.length}`, company, habit: habit ?? r.weighted(config.habits), poster: r.weighted(config.posters), joinedAt, newcomer }
    members.push(m)
    companySize.set(company, (companySize.get(company) ?? 0) + 1)
    const person: Person = { hours: ownHours(r), weekday: r.int(0, 6), officeStart: r.real(7.5, 9.5) }
    const b: Browser = {
      m,
      person,
      visits: [],
      visit: null,
      page: 0,
      gen: 0,
      plan: null,
      everDrew: !newcomer,
      newcomerBy: null,
      choices: {},
      fetchedAt: -Infinity,
      listed: new Set(),
      lastDrawAt: null,
      lastWriteAt: null,
      drawDue: null,
      wallet: [],
      outbox: [],
      threadVoice: new Map(),
      posted: new Set(),
      touchedDays: new Set(),
      lastUseDay: Math.floor(joinedAt / DAY),
    }
    browsers.push(b)
    return b
  }

  const scheduleVisits = (b: Browser, from: number) => {
    b.visits = visitsOf(r, b.m.habit, b.person, from, end, config)
    for (const v of b.visits) pushVisit(b, v)
  }
  const pushVisit = (b: Browser, v: { start: number; end: number }) => {
    queue.push({ at: v.start, kind: 'load', b, visit: v })
    queue.push({ at: v.end, kind: 'unload', b, visit: v })
  }

  for (const [company, n] of Object.entries(config.companies)) for (let i = 0; i < n; i++) addMember(company, simStart - 2 * WEEK, false)
  if (config.victim) Object.assign(members[0]!, { habit: 'daily', poster: 'heavy' })
  for (const b of browsers) scheduleVisits(b, simStart)
  for (const wave of config.newcomers ?? []) {
    for (let i = 0; i < wave.count; i++) {
      const [lo, hi] = wave.days ?? [1, 3]
      queue.push({ at: start + wave.epoch * WEEK + r.real(lo, hi) * DAY, kind: 'join', company: wave.company, eager: wave.eager ?? false })
    }
  }
  // News: members who are around come and reply (extra short visits).
  if (config.hot) {
    for (let e = -warmup; e < config.epochs; e++) {
      for (let k = 0; k < config.hot.perEpoch; k++) {
        const at = start + e * WEEK + r.int(0, 6) * DAY + r.real(8, 22) * HOUR
        for (const b of browsers) {
          const around = b.m.habit === 'daily' || b.m.habit === 'office' || (b.m.habit === 'several' && r.chance(0.6)) || (b.m.habit === 'weekly' && r.chance(0.2))
          if (!around || !r.chance(config.hot.share)) continue
          const s = Math.round(at + r.real(0, config.hot.minutes) * MINUTE)
          const v = { start: s, end: Math.round(s + r.real(5, 20) * MINUTE) }
          b.visits.push(v)
          pushVisit(b, v)
          queue.push({ at: s + r.real(0.5, 3) * MINUTE, kind: 'compose', b, gen: -1, reply: 'hot' })
        }
      }
    }
  }

  // ---- one browser's decisions -------------------------------------------------------------

  const usableTokens = (b: Browser, company: string | null, now: number) => {
    const previous = epochAt(now - WEEK)
    return b.wallet.filter((h) => h.left > 0 && h.company === company && h.epoch >= previous)
  }
  const scopeOf = (b: Browser, voice: Item['voice']): string | null => (voice === 'company' ? b.m.company : null)

  const writeInput = (b: Browser, it: Item, now: number): WriteTimingInput => ({
    now,
    minTokenAgeMs: minAge,
    dueAt: it.dueAt,
    lastDrawAt: b.lastDrawAt,
    spendsToken: true,
    tokenDrawTimes: [...new Set(usableTokens(b, scopeOf(b, it.voice), now).map((h) => h.drawnAt))],
    sooner: it.sooner,
    later: it.later,
    ageDelayMs: it.ageDelayMs,
    holdDelayMs: it.holdDelayMs,
  })

  const replan = (b: Browser, it: Item, now: number) => {
    const input = writeInput(b, it, now)
    const plan = policy.planWrite(input, r.between)
    it.ageDelayMs = plan.ageDelayMs
    it.holdDelayMs = plan.holdDelayMs
    it.reason = plan.reason
    it.forced = onlyFreshTokens(b.lastDrawAt, input.tokenDrawTimes)
    it.sendAt = Math.max(plan.sendAt, it.notBefore ?? -Infinity)
  }

  /** The oldest-epoch token old enough (any age with "sooner"): the wallet's take(). */
  const take = (b: Browser, it: Item, now: number): Held | null => {
    const need = it.sooner ? 0 : minAge
    const ok = usableTokens(b, scopeOf(b, it.voice), now)
      .filter((h) => now - h.drawnAt >= need)
      .sort((x, y) => (x.epoch < y.epoch ? -1 : x.epoch > y.epoch ? 1 : x.drawnAt - y.drawnAt))
    return ok[0] ?? null
  }

  const send = (b: Browser, it: Item, now: number): boolean => {
    const h = take(b, it, now)
    if (!h) return false
    h.left--
    let threadId = it.thread
    if (it.kind === 'thread') {
      threadId = `t${threads.length}`
      threads.push({ id: threadId, openedAt: Infinity, lastAt: now })
    }
    const key = `${b.m.id}|${threadId}`
    if (!pseudonymOf.has(key)) pseudonymOf.set(key, `k${pseudonymOf.size}`)
    b.threadVoice.set(threadId!, it.voice)
    b.posted.add(threadId!)
    const w = config.windowMs
    const committedAt = w > 0 ? Math.floor(now / w) * w + w : now
    const th = threads.find((t) => t.id === threadId)!
    if (it.kind === 'thread') th.openedAt = committedAt
    th.lastAt = Math.max(th.lastAt, committedAt)
    const company = it.voice === 'company'
    writes.push({
      id: `w${writeSeq++}`,
      member: b.m.id,
      kind: it.kind,
      thread: threadId!,
      pseudonym: pseudonymOf.get(key)!,
      label: it.voice === 'alias' ? 'alias' : 'company',
      voice: it.voice === 'alias' ? null : company ? 'employee' : 'professional',
      companySlug: company ? b.m.company : null,
      composedAt: it.composedAt,
      sentAt: now,
      committedAt,
      token: { draw: h.draw, company: h.company, epoch: h.epoch, drawnAt: h.drawnAt },
      reason: it.reason,
      forced: it.forced,
      overdue: it.overdue,
      later: it.later,
      sooner: it.sooner,
      lastDrawAt: b.lastDrawAt,
    })
    b.lastWriteAt = now
    b.outbox.splice(b.outbox.indexOf(it), 1)
    return true
  }

  const sendDue = (b: Browser, now: number) => {
    for (const it of [...b.outbox]) {
      replan(b, it, now)
      if (it.sendAt <= now && !send(b, it, now)) {
        // Not old enough after all (the wallet disagrees with the plan): look again in a minute.
        it.sendAt = now + MINUTE
      }
    }
  }

  const epochPlan = (b: Browser, now: number) => {
    const epoch = epochAt(now)
    if (b.plan?.epoch !== epoch) {
      const s = epochStartOf(now)
      b.plan = { epoch, at: policy.pickPlannedDraw(s, s + WEEK, r.between), done: false }
    }
    return b.plan
  }

  const drawIfDue = (b: Browser, now: number): boolean => {
    const plan = epochPlan(b, now)
    b.drawDue = null
    if (plan.done || !b.listed.has(plan.epoch)) return false
    if (!b.everDrew) b.newcomerBy ??= now + 2 * MINUTE
    const d = policy.planDraw(
      { now, minTokenAgeMs: minAge, plannedAt: plan.at, newcomerBy: b.newcomerBy, directoryFetchedAt: b.fetchedAt, lastAnonymousWriteAt: b.lastWriteAt, choices: b.choices },
      r.between,
    )
    b.choices = d.choices
    if (d.at > now) {
      b.drawDue = d.at
      return false
    }
    const keys: ModelKey[] = [...(hasCompanyKey(b.m.company) ? [b.m.company] : []), null].map((company) => ({ company, purpose: 'talk', epoch: plan.epoch }))
    const draw: ModelDraw = { id: draws.length, member: b.m.id, at: now, reason: d.reason, keys, fetchedAt: b.fetchedAt }
    draws.push(draw)
    for (const k of keys) b.wallet.push({ draw: draw.id, company: k.company, epoch: k.epoch, drawnAt: now, left: config.allowance })
    plan.done = true
    b.everDrew = true
    b.newcomerBy = null
    b.lastDrawAt = now
    return true
  }

  const wake = (b: Browser, now: number) => {
    if (!b.visit) return
    const previous = epochAt(now - WEEK)
    b.wallet = b.wallet.filter((h) => h.left > 0 && h.epoch >= previous)
    sendDue(b, now)
    if (drawIfDue(b, now)) sendDue(b, now) // new tokens: every waiting write is planned again
    b.gen++
    const next = Math.min(b.drawDue ?? Infinity, ...b.outbox.map((it) => it.sendAt))
    if (next < Infinity) queue.push({ at: Math.max(next, now + 1), kind: 'timer', b, gen: b.gen })
    // The epoch changes while the tab is open: the page sees it (a new plan) at the boundary.
    const boundary = epochStartOf(now) + WEEK
    if (boundary < b.visit.end) queue.push({ at: boundary, kind: 'timer', b, gen: b.gen })
  }

  const compose = (b: Browser, now: number, reply: 'any' | 'hot', eager = false) => {
    // What to write: a new thread or a reply — to a recent thread, or one it already took part in.
    const visible = threads.filter((t) => t.openedAt <= now)
    const mine = visible.filter((t) => b.posted.has(t.id) && t.lastAt > now - WEEK)
    const recent = visible.filter((t) => t.openedAt > now - (reply === 'hot' ? DAY : 4 * DAY))
    let kind: Item['kind'] = 'reply'
    let thread: string | null = null
    if (!eager && reply === 'any' && mine.length && r.chance(0.3)) thread = r.pick(mine).id
    else if (recent.length && (reply === 'hot' || r.chance(0.7))) thread = r.pick(reply === 'hot' ? recent.slice(-5) : recent).id
    else kind = 'thread'
    const victim = config.victim && b.m === members[0]
    const voice = (thread && b.threadVoice.get(thread)) || (victim ? 'company' : r.chance(0.5) ? 'alias' : hasCompanyKey(b.m.company) && r.chance(0.75) ? 'company' : 'professional')
    // A pseudonym keeps its label in a thread: the voice is the thread's from the first draft on.
    if (thread) b.threadVoice.set(thread, voice)
    const it: Item = { id: `i${writeSeq}-${b.m.id}-${now}`, kind, thread, voice, composedAt: now, dueAt: now, later: false, sooner: false, sendAt: now, reason: 'now', forced: false, notBefore: null, overdue: false }
    b.outbox.push(it)
    replan(b, it, now)
    // The composer says "publishing at about …" for a post on fresh tokens: some members pick "later (safer)", some "sooner".
    if (it.forced && it.reason === 'age') {
      if (r.chance(config.laterShare ?? 0)) it.later = true
      else if (r.chance(config.soonerShare ?? 0)) it.sooner = true
      if (it.later || it.sooner) replan(b, it, now)
    }
    // Some wait for it with the tab open.
    const stay = (config.stayH ?? 4) * HOUR
    if (it.sendAt > now && it.sendAt - now <= stay && b.visit && r.chance(config.stayShare ?? 0)) {
      const until = Math.round(it.sendAt + r.real(1, 3) * MINUTE)
      if (until > b.visit.end) {
        b.visit.end = until
        queue.push({ at: until, kind: 'unload', b, visit: b.visit })
      }
    }
  }

  // ---- the event loop ----------------------------------------------------------------------

  const open = (b: Browser, v: { start: number; end: number }, signup = false) => {
    // A new page: per-page draw choices start afresh; the write distance is kept with the account.
    const visit: ModelVisit = { member: b.m.id, start: v.start, end: v.end }
    visitsOut.push(visit)
    b.visit = visit
    b.page++
    b.choices = { apart: b.choices.apart }
    note(b, v.start, signup)
    // Writes that came due while no tab was open leave a little after this load.
    for (const it of b.outbox) {
      if (it.sendAt < v.start) {
        it.notBefore = policy.overdueSendAt(v.start, r.between)
        it.overdue = true
      }
    }
    const held = b.fetchedAt > -Infinity
    queue.push({ at: v.start + (held ? r.real(5_000, 60_000) : r.real(0, 3_000)), kind: 'fetch', b, page: b.page })
  }

  while (queue.size) {
    const ev = queue.pop()!
    if (ev.at >= end) break
    const now = ev.at
    if (ev.kind === 'join') {
      // Verifying takes a visit of its own; the browser is a newcomer (it never drew).
      const b = addMember(ev.company, now, true)
      const v = { start: now, end: Math.round(now + r.real(15, 40) * MINUTE) }
      scheduleVisits(b, v.end + HOUR)
      queue.push({ at: v.end, kind: 'unload', b, visit: v })
      open(b, v, true)
      b.newcomerBy = now + 2 * MINUTE
      if (ev.eager) for (let i = 0; i < 2; i++) queue.push({ at: now + r.real(5, 30) * MINUTE, kind: 'compose', b, gen: -1, reply: 'any', eager: true })
      wake(b, now)
      continue
    }
    const b = ev.b
    if (ev.kind === 'load') {
      if (b.visit) {
        // Another visit while the tab is open: the same page, open longer.
        if (ev.visit.end > b.visit.end) {
          b.visit.end = ev.visit.end
          queue.push({ at: ev.visit.end, kind: 'unload', b, visit: ev.visit })
        }
      } else open(b, ev.visit)
      // What it writes in this visit.
      const chance = Math.min(1, writeChance[b.m.poster] * rate * (config.habitPostRate?.[b.m.habit] ?? 1))
      if (r.chance(chance)) {
        const at = r.real(now + MINUTE, Math.max(now + MINUTE, ev.visit.end - 30_000))
        const n = b.m.poster === 'heavy' ? r.int(1, 3) : 1
        for (let i = 0; i < n; i++) queue.push({ at: Math.min(at + i * r.real(1, 8) * MINUTE, ev.visit.end - 1), kind: 'compose', b, gen: -1, reply: 'any' })
      }
      wake(b, now)
    } else if (ev.kind === 'unload') {
      if (!b.visit || b.visit.end > now) continue // open longer by a later visit
      b.visit = null
      b.gen++
    } else if (ev.kind === 'fetch') {
      if (!b.visit || ev.page !== b.page) continue
      b.fetchedAt = now
      b.listed = new Set([epochAt(now), ...(inLastDayOfEpoch('talk', new Date(now)) ? [epochAt(now + DAY)] : [])])
      fetches.push({ member: b.m.id, at: now })
      queue.push({ at: now + r.real(1, 6) * HOUR, kind: 'fetch', b, page: b.page })
      wake(b, now)
    } else if (ev.kind === 'timer') {
      if (ev.gen !== b.gen || !b.visit) continue
      wake(b, now)
    } else if (ev.kind === 'compose') {
      if (!b.visit) continue
      compose(b, now, ev.reply, ev.eager)
      wake(b, now)
    }
  }

  function note(b: Browser, now: number, signup = false) {
    // The page's first request with the session on a new UTC day: written with the next batch —
    // or, when the session expired (30 days unused), a sign-in, written at once.
    const day = dayOf(now)
    if (b.touchedDays.has(day)) return
    b.touchedDays.add(day)
    const index = Math.floor(now / DAY)
    const kind = signup ? 'signup' : index - b.lastUseDay >= SESSION_DAYS ? 'login' : 'batch'
    b.lastUseDay = index
    // A batched day is written by the server's first batch after that day ends (touches.ts).
    touches.push({ member: b.m.id, day, kind, notedAt: now, at: kind === 'batch' ? nextFlush((index + 1) * DAY) : now })
  }

  return {
    config,
    policy: policy.name,
    seed,
    start,
    simStart,
    end,
    members,
    draws,
    writes,
    touches,
    visits: visitsOut,
    fetches,
    unsent: browsers.reduce((s, b) => s + b.outbox.length, 0),
  }
}
