/**
 * The adversary's attacks on timing and counting (DESIGN §4). It holds what storage holds — each
 * draw's account, key and commit time (the issuance counter row's WAL record), each post's window
 * (the transaction that stored it) and row, the spent tokens, each session's days of use with the
 * commit time of the batch that wrote them — and nothing the simulation knows. Each attack gives,
 * per post, a distribution over the post's anonymity set; its score is the probability it put on
 * the real author. Under the null hypothesis (authorship independent of what the attack looks
 * at) the score's mean and variance are known exactly, and so is the mean rank of the author in
 * the attack's order; `score` bounds both with Bernstein's inequality, so "no better than chance"
 * is a bound with a known false-alarm rate, for the whole run or any subset of posts.
 *
 * What the adversary may legitimately use defines the anonymity set S(p): the accounts that had
 * drawn, before p's window committed, from a key that could pay for p's label (its company and
 * voice, or any key for an alias) and was valid then (this epoch's or the last one's).
 *
 * The learned attacks know the client's public code: the adversary runs its own simulated
 * members through it (an independent run, with the policy under attack) and learns how a post's
 * moment sits relative to its author's draws, visit hours and days of use, against a non-author's;
 * then it weighs every candidate by that likelihood ratio.
 */
import type { StorageView } from './storage.js'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
const WEEK = 7 * DAY

export interface KeyInfo {
  keyId: string
  company: string | null
  purpose: string
  epoch: string
}
export interface PostRow {
  id: string
  threadId: string
  label: 'company' | 'alias'
  voice: string | null
  companySlug: string | null
  authorKey: string
  isOpening: boolean
  createdAt: Date
}

/** What the adversary reconstructed: draws, windows and days of use on one timeline. */
export interface Timeline {
  /** In commit order. */
  draws: { tx: number; sim: number; account: string; key: KeyInfo }[]
  /** Each post: the index of the transaction that stored it, its place in it, and its sim time. */
  posts: Map<string, { tx: number; place: number; sim: number; row: PostRow }>
  /** The epochs of the tokens each window spent, when the spent-token table keeps one (a planted leak). */
  spentEpochs: Map<number, Set<string>> | null
  /** Each session's first use of a day, at the commit of the batch that wrote it; null when not read. */
  /** Sessions' days of use: the account, the batch's commit (sim time), and the day the row was set to. */
  touches: { account: string; sim: number; day: number }[] | null
}

/** What buildTimeline needs to know besides storage: the accounts (public) and how to turn wall-clock commit times into sim time. */
export interface ClockedRun {
  members: { id: string }[]
  clockMap: { realStart: number; realEnd: number; sim: number }[]
}

const uuidBytes = (id: string) => Buffer.from(id.replace(/-/g, ''), 'hex')

/**
 * The sim time of a WAL commit: the script's step whose wall-clock span contains it (steps never
 * share a millisecond), else the nearest one within 2 ms (the database's clock against Node's).
 */
export function simTimeOf(run: ClockedRun, time: number | undefined): number | null {
  if (time === undefined) return null
  let best: { sim: number; off: number } | null = null
  for (const e of run.clockMap) {
    const off = time < e.realStart ? e.realStart - time : time > e.realEnd ? time - e.realEnd : 0
    if (off === 0) return e.sim
    if (off <= 2 && (!best || off < best.off)) best = { sim: e.sim, off }
  }
  return best?.sim ?? null
}

/**
 * Rebuilds the timeline from the WAL: a transaction that inserted into talk_issuance is a draw —
 * whose account and key the adversary reads in the record's bytes (the tuple is in the WAL,
 * even when the row is long deleted); a transaction that inserted posts is a window.
 */
export function buildTimeline(view: StorageView, run: ClockedRun, keys: KeyInfo[], rows: PostRow[], spent: { tokenHash: Buffer; epoch: string | null }[]): Timeline {
  const accounts = run.members.map((m) => ({ id: m.id, bytes: uuidBytes(m.id) }))
  const keyTexts = keys.map((k) => ({ key: k, bytes: Buffer.from(k.keyId) }))
  const postBytes = rows.map((r) => ({ row: r, bytes: uuidBytes(r.id) }))
  const draws: Timeline['draws'] = []
  const posts: Timeline['posts'] = new Map()
  const withEpoch = spent.filter((x) => x.epoch !== null)
  const spentEpochs: Timeline['spentEpochs'] = withEpoch.length ? new Map() : null
  const committed = view.wal.filter((t) => !t.aborted && t.commitTime)
  committed.forEach((tx, index) => {
    const sim = simTimeOf(run, tx.commitTime?.getTime())
    const inserts = tx.records.filter((r) => r.rmgr.startsWith('Heap') && /INSERT|UPDATE/.test(r.type))
    if (tx.tables.includes('talk_issuance')) {
      for (const r of inserts.filter((x) => x.table === 'talk_issuance')) {
        const account = accounts.find((a) => r.bytes?.includes(a.bytes))
        const key = keyTexts.find((k) => r.bytes?.includes(k.bytes))
        if (account && key && sim !== null) draws.push({ tx: index, sim, account: account.id, key: key.key })
      }
    }
    if (spentEpochs && tx.tables.includes('talk_spent_token')) {
      // The token rows a window inserted, told by their hash in the WAL record: exact pairing.
      const here = new Set<string>()
      for (const r of inserts.filter((x) => x.table === 'talk_spent_token')) for (const x of withEpoch) if (r.bytes?.includes(x.tokenHash)) here.add(x.epoch!)
      spentEpochs.set(index, here)
    }
    if (tx.tables.includes('talk_post')) {
      let place = 0
      for (const r of inserts.filter((x) => x.table === 'talk_post' && x.type.startsWith('INSERT'))) {
        const post = postBytes.find((p) => r.bytes?.includes(p.bytes))
        if (post && !posts.has(post.row.id) && sim !== null) posts.set(post.row.id, { tx: index, place: place++, sim, row: post.row })
      }
    }
  })
  return { draws, posts, spentEpochs, touches: null }
}

/** Whether a key could pay for a post of this label. */
function keyFits(key: KeyInfo, row: PostRow): boolean {
  if (row.label === 'alias') return true
  if (row.voice === 'professional') return key.company === null
  return key.company === row.companySlug && key.purpose === (row.voice === 'former' ? 'talk-former' : 'talk')
}

// ---- the adversary's indexes -------------------------------------------------------------

type Dist = Map<string, number>
const uniform = (xs: Iterable<string>): Dist => {
  const list = [...new Set(xs)]
  return new Map(list.map((x) => [x, 1 / list.length]))
}

/** First index in a sorted array with a[i] > x (upper bound). */
function upper(a: readonly number[], x: number): number {
  let lo = 0
  let hi = a.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (a[mid]! <= x) lo = mid + 1
    else hi = mid
  }
  return lo
}

const dayKey = (t: number) => Math.floor(t / DAY)
/** TALK_MIX_WINDOW_S never exceeds 120 s (config.ts): how long a write can wait for its commit. */
const MAX_WINDOW_MS = 120_000
/** Minutes since midnight UTC. */
const tod = (t: number) => Math.floor((((t % DAY) + DAY) % DAY) / MINUTE)

/** Everything the attacks look up, computed once per timeline. */
export class Adversary {
  readonly sets = new Map<string, Set<string>>()
  /** Per account: its draws' sim times, sorted, and the epochs it drew in. */
  readonly drawTimes = new Map<string, number[]>()
  readonly drewIn = new Map<string, Set<string>>()
  /** Per account: the minutes of the day of its visible visit moments (draws and days-of-use batches), sorted. */
  readonly markers = new Map<string, number[]>()
  /** Per account and day: the commit time of the batch that wrote its first use that day. */
  readonly touchOn = new Map<string, number>()
  /** Per pseudonym (thread, key): its posts. */
  readonly pseudonyms = new Map<string, string[]>()

  constructor(
    readonly tl: Timeline,
    readonly epochOf: (d: Date) => string,
    readonly minAgeMs: number,
  ) {
    const byKey = new Map<string, { tx: number; account: string }[]>()
    for (const d of tl.draws) {
      const k = `${d.key.company ?? '*'}|${d.key.purpose}|${d.key.epoch}`
      if (!byKey.has(k)) byKey.set(k, [])
      byKey.get(k)!.push({ tx: d.tx, account: d.account })
      if (!this.drawTimes.has(d.account)) this.drawTimes.set(d.account, [])
      this.drawTimes.get(d.account)!.push(d.sim)
      if (!this.drewIn.has(d.account)) this.drewIn.set(d.account, new Set())
      this.drewIn.get(d.account)!.add(epochOf(new Date(d.sim)))
    }
    for (const xs of this.drawTimes.values()) xs.sort((a, b) => a - b)
    const keys = [...new Map(tl.draws.map((d) => [d.key.keyId, d.key])).values()]
    for (const [id, p] of tl.posts) {
      // A token is valid in its week and the next when the write arrives; the window commits up to
      // MAX_WINDOW_MS later, possibly in the week after (a write sent just before midnight Sunday).
      const valid = new Set([epochOf(new Date(p.sim)), epochOf(new Date(p.sim - WEEK)), epochOf(new Date(p.sim - WEEK - MAX_WINDOW_MS))])
      const set = new Set<string>()
      for (const k of keys) {
        if (!valid.has(k.epoch) || !keyFits(k, p.row)) continue
        for (const d of byKey.get(`${k.company ?? '*'}|${k.purpose}|${k.epoch}`) ?? []) if (d.tx < p.tx) set.add(d.account)
      }
      this.sets.set(id, set)
      const ps = `${p.row.threadId}|${p.row.authorKey}`
      if (!this.pseudonyms.has(ps)) this.pseudonyms.set(ps, [])
      this.pseudonyms.get(ps)!.push(id)
    }
    const marks = new Map<string, number[]>()
    const add = (a: string, t: number) => {
      if (!marks.has(a)) marks.set(a, [])
      marks.get(a)!.push(tod(t))
    }
    for (const d of tl.draws) add(d.account, d.sim)
    for (const t of tl.touches ?? []) {
      add(t.account, t.sim)
      const k = `${t.account}|${t.day}`
      if (!this.touchOn.has(k)) this.touchOn.set(k, t.sim)
    }
    for (const [acc, xs] of marks) this.markers.set(acc, xs.sort((x, y) => x - y))
  }

  lastDrawBefore(account: string, t: number): number | null {
    const xs = this.drawTimes.get(account) ?? []
    const i = upper(xs, t)
    return i > 0 ? xs[i - 1]! : null
  }
  nextDrawAfter(account: string, t: number): number | null {
    const xs = this.drawTimes.get(account) ?? []
    const i = upper(xs, t)
    return i < xs.length ? xs[i]! : null
  }
  drewWithin(account: string, from: number, to: number): boolean {
    const xs = this.drawTimes.get(account) ?? []
    const i = upper(xs, from - 1)
    return i < xs.length && xs[i]! <= to
  }
  /** The share of an account's visit moments within ±`minutes` of this moment's time of day. */
  todShare(account: string, t: number, minutes = 45): number {
    const xs = this.markers.get(account) ?? []
    if (!xs.length) return 0
    const m = tod(t)
    const count = (lo: number, hi: number) => upper(xs, hi) - upper(xs, lo - 1)
    let n = count(Math.max(0, m - minutes), Math.min(1439, m + minutes))
    if (m - minutes < 0) n += count(1440 + m - minutes, 1439)
    if (m + minutes > 1439) n += count(0, m + minutes - 1440)
    return n / xs.length
  }
  touchedThatDay(account: string, t: number): number | null {
    return this.touchOn.get(`${account}|${dayKey(t)}`) ?? null
  }
}

// ---- learned likelihoods --------------------------------------------------------------------

const SINCE_EDGES = [0, 2, 5, 10, 20, 40, 60, 90, 120, 180, 240, 300, 360, 480, 720, 1080, 1440, 1800, 2160, 2880, 4320, 5760, 7200, 8640, 10080, 12960, 20160].map((m) => m * MINUTE)
const TOD_EDGES = [0, 0.0001, 0.03, 0.06, 0.1, 0.15, 0.2, 0.3, 0.45, 0.7]
const DAY_EDGES = [-Infinity, -HOUR, -20 * MINUTE, 0, 20 * MINUTE, HOUR, 3 * HOUR, 8 * HOUR].map((x) => x)
const bin = (edges: readonly number[], x: number) => Math.max(0, upper(edges, x) - 1)

export type Feature = 'since' | 'until' | 'tod' | 'day'
const FEATURES: Record<Feature, { bins: number; of: (a: Adversary, account: string, t: number) => number | null }> = {
  // Time since the candidate's last draw, and until its next one (the last bin: none).
  since: {
    bins: SINCE_EDGES.length + 1,
    of: (a, acc, t) => {
      const d = a.lastDrawBefore(acc, t)
      return d === null ? SINCE_EDGES.length : bin(SINCE_EDGES, t - d)
    },
  },
  until: {
    bins: SINCE_EDGES.length + 1,
    of: (a, acc, t) => {
      const d = a.nextDrawAfter(acc, t)
      return d === null ? SINCE_EDGES.length : bin(SINCE_EDGES, d - t)
    },
  },
  // How much of the candidate's visible visit moments fall at this time of day (±45 min).
  tod: { bins: TOD_EDGES.length, of: (a, acc, t) => bin(TOD_EDGES, a.todShare(acc, t)) },
  // Whether, and how long before, the candidate's first use of the post's day was written (last bin: no use that day).
  day: {
    bins: DAY_EDGES.length + 1,
    of: (a, acc, t) => {
      if (!a.tl.touches) return null
      const u = a.touchedThatDay(acc, t)
      return u === null ? DAY_EDGES.length : bin(DAY_EDGES, t - u)
    },
  },
}

/** Histograms of each feature for authors and for other members of the set, from a run whose truth the adversary made itself. */
export class Learned {
  readonly author: Record<Feature, number[]>
  readonly other: Record<Feature, number[]>
  constructor() {
    const zeros = () => Object.fromEntries(Object.entries(FEATURES).map(([f, d]) => [f, new Array<number>(d.bins).fill(0)])) as Record<Feature, number[]>
    this.author = zeros()
    this.other = zeros()
  }

  /** Learns from a timeline and its truth (the adversary's own simulation). */
  static train(a: Adversary, authorOf: Map<string, string>, posts: Iterable<string>): Learned {
    const l = new Learned()
    for (const id of posts) {
      const p = a.tl.posts.get(id)
      const author = authorOf.get(id)
      if (!p || !author) continue
      for (const acc of a.sets.get(id)!) {
        const h = acc === author ? l.author : l.other
        for (const [f, d] of Object.entries(FEATURES) as [Feature, (typeof FEATURES)[Feature]][]) {
          const b = d.of(a, acc, p.sim)
          if (b !== null) h[f][b]!++
        }
      }
    }
    return l
  }

  /** log P(features | author) − log P(features | not the author), Laplace-smoothed. */
  logRatio(a: Adversary, account: string, t: number, features: readonly Feature[]): number {
    let s = 0
    for (const f of features) {
      const b = FEATURES[f].of(a, account, t)
      if (b === null) continue
      const A = this.author[f]
      const O = this.other[f]
      const nA = A.reduce((x, y) => x + y, 0) + A.length
      const nO = O.reduce((x, y) => x + y, 0) + O.length
      s += Math.log((A[b]! + 1) / nA) - Math.log((O[b]! + 1) / nO)
    }
    return s
  }
}

// ---- the attacks -----------------------------------------------------------------------------

export interface AttackOptions {
  /** The likelihoods the adversary learned from its own run; without them the learned attacks are skipped. */
  learned?: Learned
  /** A malicious server knows which key each token it redeems was signed by (the victim test). */
  observedKeys?: Map<string, string>
}

export type Attack = (id: string) => Dist

export function attacks(a: Adversary, opts: AttackOptions = {}): Record<string, Attack> {
  const { tl, minAgeMs: minAge, epochOf } = a
  const epochAt = (t: number) => epochOf(new Date(t))
  const set = (id: string) => a.sets.get(id)!
  const post = (id: string) => tl.posts.get(id)!
  const inSet = (id: string) => {
    const s = set(id)
    return (d: { account: string }) => s.has(d.account)
  }
  const txs = tl.draws.map((d) => d.tx)
  const withOffset = (id: string, lo: number, hi: number) => {
    const p = post(id)
    const c = [...set(id)].filter((acc) => a.drewWithin(acc, p.sim - hi, p.sim - lo))
    return uniform(c.length ? c : set(id))
  }
  const out: Record<string, Attack> = {
    'nearest draw before (WAL order)': (id) => {
      const p = post(id)
      const fits = inSet(id)
      for (let i = upper(txs, p.tx - 1) - 1; i >= 0; i--) if (fits(tl.draws[i]!)) return uniform([tl.draws[i]!.account])
      return uniform(set(id))
    },
    'nearest draw after (WAL order)': (id) => {
      const p = post(id)
      const fits = inSet(id)
      for (let i = upper(txs, p.tx); i < tl.draws.length; i++) if (fits(tl.draws[i]!)) return uniform([tl.draws[i]!.account])
      return uniform(set(id))
    },
    'nearest draw in WAL time': (id) => {
      const p = post(id)
      let best: string | null = null
      let dist = Infinity
      for (const acc of set(id)) {
        for (const d of [a.lastDrawBefore(acc, p.sim), a.nextDrawAfter(acc, p.sim)]) {
          if (d !== null && Math.abs(d - p.sim) < dist) [best, dist] = [acc, Math.abs(d - p.sim)]
        }
      }
      return uniform(best ? [best] : set(id))
    },
    'draw-to-post offset, 1–4 min. ages': (id) => withOffset(id, minAge, 4 * minAge + MINUTE),
    'draw-to-post offset, the hold (6–30 h)': (id) => withOffset(id, 6 * HOUR, 30 * HOUR + MINUTE),
    'intersection across epochs': (id) => {
      // The epochs a pseudonym posted in, against the epochs each account drew in.
      const posted = new Set(a.pseudonyms.get(`${post(id).row.threadId}|${post(id).row.authorKey}`)!.map((q) => epochAt(post(q).sim)))
      let best: string[] = []
      let bestScore = -1
      for (const acc of set(id)) {
        const drew = a.drewIn.get(acc) ?? new Set()
        const both = [...posted].filter((e) => drew.has(e)).length
        const score = both / new Set([...posted, ...drew]).size
        if (score > bestScore) [best, bestScore] = [[acc], score]
        else if (score === bestScore) best.push(acc)
      }
      return uniform(best.length ? best : set(id))
    },
    "intersection of the pseudonym's sets": (id) => {
      // Every post of the pseudonym was paid by a token its author held: the author is in each post's set.
      let c = new Set(set(id))
      for (const q of a.pseudonyms.get(`${post(id).row.threadId}|${post(id).row.authorKey}`)!) c = new Set([...c].filter((x) => set(q).has(x)))
      return uniform(c.size ? c : set(id))
    },
    'counting draws': (id) => {
      const p = post(id)
      const weights = new Map([...set(id)].map((acc) => [acc, (a.drawTimes.get(acc) ?? []).filter((t) => t <= p.sim + WEEK).length]))
      const max = Math.max(...weights.values())
      return uniform([...weights].filter(([, w]) => w === max).map(([acc]) => acc))
    },
  }
  if (tl.touches) {
    out['used the site that day'] = (id) => {
      const p = post(id)
      // A day written in a batch soon after the first use also bounds when in the day it was
      // (before the post, give or take a batch); one written after the day ends tells the day only.
      const c = [...set(id)].filter((acc) => {
        const u = a.touchedThatDay(acc, p.sim)
        return u !== null && (u <= p.sim + 25 * MINUTE || dayKey(u) !== dayKey(p.sim))
      })
      return uniform(c.length ? c : set(id))
    }
  }
  if (opts.learned) {
    const learned = opts.learned
    const weighted = (features: readonly Feature[]) => (id: string) => {
      const p = post(id)
      const logs = [...set(id)].map((acc) => [acc, learned.logRatio(a, acc, p.sim, features)] as const)
      const max = Math.max(...logs.map(([, l]) => l))
      const w = logs.map(([acc, l]) => [acc, Math.exp(l - max)] as const)
      const total = w.reduce((s, [, x]) => s + x, 0)
      return new Map(w.map(([acc, x]) => [acc, x / total]))
    }
    out['learned: offsets from draws'] = weighted(['since', 'until'])
    if (tl.touches) {
      out['learned: visit hours'] = weighted(['tod'])
      out['learned: day of use'] = weighted(['day'])
      out['learned: everything'] = weighted(['since', 'until', 'tod', 'day'])
    }
  }
  if (tl.spentEpochs) {
    out['epoch of the spent token'] = (id) => {
      const p = post(id)
      const epochs = tl.spentEpochs!.get(p.tx) ?? new Set()
      const drewFor = (acc: string, e: string) => tl.draws.some((d) => d.account === acc && d.tx < p.tx && d.key.epoch === e && keyFits(d.key, p.row))
      const c = [...set(id)].filter((acc) => [...epochs].some((e) => drewFor(acc, e)))
      // Clients spend their oldest tokens first (a public rule): a window that spent only this
      // week's tokens most likely holds posts of members who had none from last week.
      const current = epochAt(p.sim)
      const previous = epochAt(p.sim - WEEK)
      if (epochs.size === 1 && epochs.has(current)) {
        const fresh = c.filter((acc) => !drewFor(acc, previous))
        if (fresh.length) return uniform(fresh)
      }
      return uniform(c.length ? c : set(id))
    }
  }
  if (opts.observedKeys) {
    // A malicious server knows which key each token it redeems was signed by.
    const keyOf = opts.observedKeys
    out['key given to one client'] = (id) => {
      const p = post(id)
      const drawers = tl.draws.filter((d) => d.tx < p.tx && d.key.keyId === keyOf.get(id)).map((d) => d.account)
      return uniform(drawers.length ? drawers.filter((x) => set(id).has(x)) : set(id))
    }
  }
  return out
}

/** One post under one attack: what it got, and what chance would have given. */
export interface PostScore {
  /** Probability put on the author. */
  mass: number
  /** 1/|S|: its expectation under the null; `varMass` its variance. */
  chance: number
  varMass: number
  /** The author's mid-rank among S by the attack's weights, in [0, 1] (1: ranked first): 1/2 under the null; `varRank` its variance. */
  rank: number
  varRank: number
  setSize: number
}

function scorePost(d: Dist, s: Set<string>, author: string): PostScore {
  const n = s.size
  const w = [...s].map((x) => d.get(x) ?? 0)
  const sumSq = w.reduce((x, m) => x + m * m, 0)
  // Mid-ranks: the share of the set below each weight, plus half of its ties (excluding itself).
  const sorted = [...w].sort((x, y) => x - y)
  const rankOf = (x: number) => {
    const below = upper(sorted, x - 1e-15)
    const le = upper(sorted, x + 1e-15)
    return n > 1 ? (below + (le - below - 1) / 2) / (n - 1) : 0.5
  }
  const ranks = w.map(rankOf)
  const meanRank = ranks.reduce((x, y) => x + y, 0) / n
  const varRank = ranks.reduce((x, y) => x + (y - meanRank) ** 2, 0) / n
  return { mass: d.get(author) ?? 0, chance: 1 / n, varMass: sumSq / n - 1 / (n * n), rank: rankOf(d.get(author) ?? 0), varRank, setSize: n }
}

/** Scores every attack on every post with a known author. */
export function scoreAll(a: Adversary, authorOf: Map<string, string>, opts: AttackOptions = {}): Map<string, Map<string, PostScore>> {
  const out = new Map<string, Map<string, PostScore>>()
  for (const [name, attack] of Object.entries(attacks(a, opts))) {
    const per = new Map<string, PostScore>()
    for (const id of a.tl.posts.keys()) {
      const author = authorOf.get(id)
      if (!author) continue
      const s = a.sets.get(id)!
      if (!s.has(author)) throw new Error(`post ${id}: its author is not in its anonymity set — the adversary's reconstruction is wrong`)
      per.set(id, scorePost(attack(id), s, author))
    }
    out.set(name, per)
  }
  return out
}

export interface Scored {
  attack: string
  posts: number
  /** Probability put on the real authors, summed over posts. */
  accuracy: number
  /** What it would be if authorship were independent of what the attack looks at. */
  chance: number
  sd: number
  /** Beyond it the attack found something: chance + Bernstein's deviation at false-alarm rate ALPHA. */
  bound: number
  /** The author's mean mid-rank (1/2 by chance), its bound the same way. */
  rank: number
  rankBound: number
  /** Whether either statistic is beyond its bound. */
  fired: boolean
}

/** One-sided false-alarm rate of each bound. */
export const ALPHA = 1e-5

/** Bernstein: P(sum − mean ≥ t) ≤ exp(−t² / (2(σ² + t/3))) for terms bounded by 1 above their mean. */
export function bernstein(variance: number, alpha = ALPHA): number {
  const L = Math.log(1 / alpha)
  return L / 3 + Math.sqrt((L / 3) ** 2 + 2 * variance * L)
}

export function summarise(attack: string, per: Map<string, PostScore>, ids?: Iterable<string>): Scored {
  let accuracy = 0
  let chance = 0
  let variance = 0
  let rank = 0
  let rankVar = 0
  let n = 0
  for (const id of ids ?? per.keys()) {
    const s = per.get(id)
    if (!s) continue
    n++
    accuracy += s.mass
    chance += s.chance
    variance += Math.max(0, s.varMass)
    rank += s.rank
    rankVar += s.varRank
  }
  const bound = chance + bernstein(variance)
  const rankBound = n / 2 + bernstein(rankVar)
  return {
    attack,
    posts: n,
    accuracy,
    chance,
    sd: Math.sqrt(variance),
    bound,
    rank: n ? rank / n : 0.5,
    rankBound: n ? rankBound / n : 0.5,
    fired: n > 0 && (accuracy > bound || rank > rankBound),
  }
}

/**
 * Rebuilding one person's history across threads: posts next to each other in commit order are
 * guessed to share an author. The design allows an adversary to know which window a post was
 * stored in (TALK_MIX_WINDOW_S, on the timeline), so the baseline shuffles posts within those
 * windows; doing better than that means the commit order tells more than the window.
 */
export function adjacencyAttack(tl: Timeline, authorOf: Map<string, string>, windowMs: number): Scored {
  const ordered = [...tl.posts.entries()].sort(([, a], [, b]) => a.tx - b.tx || a.place - b.place)
  // What is public besides the window: whether a post opens a thread (the mixer stores openings first).
  type Entry = [string, { sim: number; row: PostRow }]
  const slotOf = (e: Entry) => `${Math.floor(e[1].sim / windowMs)}:${e[1].row.isOpening}`
  const sameAuthorPairs = (seq: Entry[]) => {
    let n = 0
    for (let i = 1; i < seq.length; i++) {
      if (slotOf(seq[i]!) === slotOf(seq[i - 1]!) && authorOf.get(seq[i]![0]) === authorOf.get(seq[i - 1]![0])) n++
    }
    return n
  }
  const actual = sameAuthorPairs(ordered)
  const trials: number[] = []
  for (let k = 0; k < 300; k++) {
    const slots = new Map<string, Entry[]>()
    for (const e of ordered) {
      const s = slotOf(e)
      if (!slots.has(s)) slots.set(s, [])
      slots.get(s)!.push(e)
    }
    const shuffled: Entry[] = []
    for (const s of slots.keys()) {
      const xs = slots.get(s)!
      for (let i = xs.length - 1; i > 0; i--) {
        const j = Math.floor(Math.random() * (i + 1))
        ;[xs[i], xs[j]] = [xs[j]!, xs[i]!]
      }
      shuffled.push(...xs)
    }
    trials.push(sameAuthorPairs(shuffled))
  }
  const mean = trials.reduce((a, b) => a + b, 0) / trials.length
  const sd = Math.sqrt(trials.reduce((a, b) => a + (b - mean) ** 2, 0) / trials.length)
  const bound = mean + 4 * sd + 1
  return { attack: 'adjacent posts, one author', posts: ordered.length, accuracy: actual, chance: mean, sd, bound, rank: 0.5, rankBound: 0.5, fired: actual > bound }
}

/**
 * DESIGN §2: "commit times, xmin and WAL order say nothing finer than a window". Measured directly:
 * for posts sent within one window of each other (the script knows when it sent them), does the
 * commit order — transaction, then place in it — follow the order they were sent in? Mixed: a coin
 * toss. Committed on arrival: always. (This uses the script's send times to measure what storage
 * gives away; an adversary then joins that order with anything else it knows about the moments.)
 */
export function orderWithinWindows(tl: Timeline, sentAt: Map<string, number>, windowMs: number): Scored {
  const posts = [...tl.posts.entries()].map(([id, p]) => ({ sent: sentAt.get(id)!, tx: p.tx, place: p.place, opening: p.row.isOpening }))
  let pairs = 0
  let concordant = 0
  for (let i = 0; i < posts.length; i++) {
    for (let j = i + 1; j < posts.length; j++) {
      const [a, b] = [posts[i]!, posts[j]!]
      // Openings are stored before replies in a window: compare like with like.
      if (a.opening !== b.opening || a.sent === b.sent || Math.floor(a.sent / windowMs) !== Math.floor(b.sent / windowMs)) continue
      pairs++
      const committedFirst = a.tx !== b.tx ? a.tx < b.tx : a.place < b.place
      if (committedFirst === a.sent < b.sent) concordant++
    }
  }
  const sd = Math.sqrt(pairs) / 2
  const bound = pairs / 2 + 4 * sd + 1
  return { attack: 'commit order follows arrival', posts: pairs, accuracy: concordant, chance: pairs / 2, sd, bound, rank: 0.5, rankBound: 0.5, fired: concordant > bound }
}
