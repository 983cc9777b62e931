/**
 * The adversary's attacks on timing and counting (DESIGN §4): given only what storage holds —
 * the WAL's transactions with their commit times and record bytes, the heap, the tables — and
 * nothing the script knows, it tries to tell who wrote each post. Each attack gives, per post, a
 * distribution over the post's anonymity set; its score is the probability it put on the real
 * author. Under the null hypothesis (authorship independent of what the attack looks at) the
 * score's mean and variance are known exactly, so "no better than chance" is a bound, not a feeling.
 *
 * What the adversary may legitimately use defines the anonymity set S(p): the accounts that had
 * drawn, before p's window committed, from a key that could pay for p's label (its company and
 * voice, or any key for an alias) and was valid then (this epoch's or the last one's).
 */
import type { SimTruth } from './sim.js'
import type { StorageView, WalTransaction } from './storage.js'

const WEEK = 7 * 24 * 3_600_000

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

/** What the adversary reconstructed: draws and windows on one timeline. */
export interface Timeline {
  draws: { tx: number; sim: number; account: string; key: KeyInfo }[]
  /** Each post: the index of the transaction that stored it, its place in it, and its sim time. */
  posts: Map<string, { tx: number; place: number; sim: number; row: PostRow }>
  /** The epochs of the tokens each window spent, when the spent-token table keeps one (a planted leak). */
  spentEpochs: Map<number, Set<string>> | null
}

const uuidBytes = (id: string) => Buffer.from(id.replace(/-/g, ''), 'hex')

/** The sim time of a WAL commit: the script's request whose wall-clock span contains it. */
function simTimeOf(truth: SimTruth, tx: WalTransaction): number | null {
  const t = tx.commitTime?.getTime()
  if (t === undefined) return null
  for (const e of truth.clockMap) if (t >= e.realStart - 2 && t <= e.realEnd + 2) return e.sim
  return null
}

/**
 * Rebuilds the timeline from the WAL: a transaction that inserted into talk_issuance is a draw —
 * whose account and key the adversary reads in the record's bytes (the tuple is in the WAL,
 * even when the row is long deleted); a transaction that inserted posts is a window.
 */
export function buildTimeline(view: StorageView, truth: SimTruth, keys: KeyInfo[], rows: PostRow[], spent: { tokenHash: Buffer; epoch: string | null }[]): Timeline {
  const accounts = truth.members.map((m) => ({ id: m.id, bytes: uuidBytes(m.id) }))
  const keyTexts = keys.map((k) => ({ key: k, bytes: Buffer.from(k.keyId) }))
  const postBytes = rows.map((r) => ({ row: r, bytes: uuidBytes(r.id) }))
  const draws: Timeline['draws'] = []
  const posts: Timeline['posts'] = new Map()
  const withEpoch = spent.filter((x) => x.epoch !== null)
  const spentEpochs: Timeline['spentEpochs'] = withEpoch.length ? new Map() : null
  const committed = view.wal.filter((t) => !t.aborted && t.commitTime)
  committed.forEach((tx, index) => {
    const sim = simTimeOf(truth, tx)
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
  return { draws, posts, spentEpochs }
}

/** ISO week label of a sim time, as keys name epochs. */
function epochAt(sim: number, epochOf: (d: Date) => string): string {
  return epochOf(new Date(sim))
}

/** Whether a key could pay for a post of this label. */
function keyFits(key: KeyInfo, row: PostRow): boolean {
  if (row.label === 'alias') return true
  if (row.voice === 'professional') return key.company === null
  return key.company === row.companySlug && key.purpose === (row.voice === 'former' ? 'talk-former' : 'talk')
}

export interface Scored {
  attack: string
  posts: number
  /** Probability put on the real authors, summed over posts. */
  accuracy: number
  /** What it would be if authorship were independent of what the attack looks at. */
  chance: number
  sd: number
  /** chance + 4 standard deviations + 1: beyond it, the attack found something. */
  bound: number
}

type Dist = Map<string, number>
const uniform = (xs: Iterable<string>): Dist => {
  const list = [...new Set(xs)]
  return new Map(list.map((x) => [x, 1 / list.length]))
}

/**
 * Runs every attack. `observedKeys` is what a malicious server sees when it redeems a token (the
 * key it verifies under) — the one thing here not in storage: the key-tagging attack needs an
 * active operator.
 */
export function runAttacks(tl: Timeline, truth: SimTruth, epochOf: (d: Date) => string, opts: { observedKeys?: boolean } = {}): Scored[] {
  const authorOf = new Map(truth.posts.map((p) => [p.postId, p.author]))
  const minAge = truth.minTokenAgeMs
  const anonymitySet = new Map<string, Set<string>>()
  for (const [id, p] of tl.posts) {
    const valid = new Set([epochAt(p.sim, epochOf), epochAt(p.sim - WEEK, epochOf)])
    anonymitySet.set(id, new Set(tl.draws.filter((d) => d.tx < p.tx && valid.has(d.key.epoch) && keyFits(d.key, p.row)).map((d) => d.account)))
  }
  const drawsOf = (account: string) => tl.draws.filter((d) => d.account === account)

  const attacks: Record<string, (id: string) => Dist> = {
    'nearest draw before (WAL order)': (id) => {
      const p = tl.posts.get(id)!
      const before = tl.draws.filter((d) => d.tx < p.tx && anonymitySet.get(id)!.has(d.account))
      return before.length ? uniform([before.reduce((a, b) => (b.tx > a.tx ? b : a)).account]) : uniform(anonymitySet.get(id)!)
    },
    'nearest draw after (WAL order)': (id) => {
      const p = tl.posts.get(id)!
      const after = tl.draws.filter((d) => d.tx > p.tx && anonymitySet.get(id)!.has(d.account))
      return after.length ? uniform([after.reduce((a, b) => (b.tx < a.tx ? b : a)).account]) : uniform(anonymitySet.get(id)!)
    },
    'nearest draw in WAL time': (id) => {
      const p = tl.posts.get(id)!
      const near = tl.draws.filter((d) => anonymitySet.get(id)!.has(d.account)).sort((a, b) => Math.abs(a.sim - p.sim) - Math.abs(b.sim - p.sim))[0]
      return near ? uniform([near.account]) : uniform(anonymitySet.get(id)!)
    },
    'draw-to-post offset': (id) => {
      const p = tl.posts.get(id)!
      const c = [...anonymitySet.get(id)!].filter((a) => drawsOf(a).some((d) => p.sim - d.sim >= minAge && p.sim - d.sim <= 4 * minAge))
      return uniform(c.length ? c : anonymitySet.get(id)!)
    },
    'intersection across epochs': (id) => {
      // The epochs a pseudonym posted in, against the epochs each account drew in.
      const p = tl.posts.get(id)!
      const mine = [...tl.posts.values()].filter((q) => q.row.threadId === p.row.threadId && q.row.authorKey === p.row.authorKey)
      const posted = new Set(mine.map((q) => epochAt(q.sim, epochOf)))
      let best: string[] = []
      let bestScore = -1
      for (const a of anonymitySet.get(id)!) {
        const drew = new Set(drawsOf(a).map((d) => epochAt(d.sim, epochOf)))
        const union = new Set([...posted, ...drew])
        const score = [...posted].filter((e) => drew.has(e)).length / union.size
        if (score > bestScore) [best, bestScore] = [[a], score]
        else if (score === bestScore) best.push(a)
      }
      return uniform(best.length ? best : anonymitySet.get(id)!)
    },
    'counting draws': (id) => {
      const p = tl.posts.get(id)!
      const weights = new Map([...anonymitySet.get(id)!].map((a) => [a, drawsOf(a).filter((d) => keyFits(d.key, p.row) && d.sim <= p.sim + WEEK).length]))
      const max = Math.max(...weights.values())
      return uniform([...weights].filter(([, w]) => w === max).map(([a]) => a))
    },
  }
  if (tl.spentEpochs) {
    attacks['epoch of the spent token'] = (id) => {
      const p = tl.posts.get(id)!
      const epochs = tl.spentEpochs!.get(p.tx) ?? new Set()
      const drewFor = (a: string, e: string) => tl.draws.some((d) => d.account === a && d.tx < p.tx && d.key.epoch === e && keyFits(d.key, p.row))
      const c = [...anonymitySet.get(id)!].filter((a) => [...epochs].some((e) => drewFor(a, e)))
      // Clients spend their oldest tokens first (a public rule): a window that spent only this
      // week's tokens most likely holds posts of members who had none from last week.
      const current = epochAt(p.sim, epochOf)
      const previous = epochAt(p.sim - WEEK, epochOf)
      if (epochs.size === 1 && epochs.has(current)) {
        const fresh = c.filter((a) => !drewFor(a, previous))
        if (fresh.length) return uniform(fresh)
      }
      return uniform(c.length ? c : anonymitySet.get(id)!)
    }
  }

  const results: Scored[] = []
  const score = (name: string, dist: (id: string) => Dist, set: (id: string) => Set<string>) => {
    let accuracy = 0
    let chance = 0
    let variance = 0
    for (const id of tl.posts.keys()) {
      const s = set(id)
      const d = dist(id)
      const truthMass = d.get(authorOf.get(id)!) ?? 0
      accuracy += truthMass
      chance += 1 / s.size
      const sumSq = [...d.values()].reduce((x, m) => x + m * m, 0)
      variance += sumSq / s.size - 1 / (s.size * s.size)
    }
    const sd = Math.sqrt(Math.max(0, variance))
    results.push({ attack: name, posts: tl.posts.size, accuracy, chance, sd, bound: chance + 4 * sd + 1 })
  }
  for (const [name, fn] of Object.entries(attacks)) score(name, fn, (id) => anonymitySet.get(id)!)

  if (opts.observedKeys) {
    // A malicious server knows which key each token it redeems was signed by — so it knows the
    // epoch anyway: the fair set is the drawers of keys of that scope and epoch.
    const keyOfPost = new Map(truth.posts.map((p) => [p.postId, p.keyId]))
    const keyById = new Map(tl.draws.map((d) => [d.key.keyId, d.key]))
    const scopeSet = (id: string) => {
      const k = keyById.get(keyOfPost.get(id)!)
      const p = tl.posts.get(id)!
      if (!k) return anonymitySet.get(id)!
      return new Set(tl.draws.filter((d) => d.tx < p.tx && d.key.company === k.company && d.key.purpose === k.purpose && d.key.epoch === k.epoch).map((d) => d.account))
    }
    score('key given to one client', (id) => {
      const p = tl.posts.get(id)!
      const drawers = tl.draws.filter((d) => d.tx < p.tx && d.key.keyId === keyOfPost.get(id)).map((d) => d.account)
      return uniform(drawers.length ? drawers : scopeSet(id))
    }, scopeSet)
  }
  return results
}

/**
 * Rebuilding one person's history across threads: posts next to each other in commit order are
 * guessed to share an author. The design allows an adversary to know which window a post was
 * stored in (TALK_MIX_WINDOW_S, on the timeline), so the baseline shuffles posts within those
 * windows; doing better than that means the commit order tells more than the window.
 */
export function adjacencyAttack(tl: Timeline, truth: SimTruth, windowMs: number) {
  const authorOf = new Map(truth.posts.map((p) => [p.postId, p.author]))
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
  return { attack: 'adjacent posts, one author', posts: ordered.length, accuracy: actual, chance: mean, sd, bound: mean + 4 * sd + 1 }
}

/**
 * DESIGN §2: "commit times, xmin and WAL order say nothing finer than a window". Measured directly:
 * for posts sent within one window of each other (the script knows when it sent them), does the
 * commit order — transaction, then place in it — follow the order they were sent in? Mixed: a coin
 * toss. Committed on arrival: always. (This uses the script's send times to measure what storage
 * gives away; an adversary then joins that order with anything else it knows about the moments.)
 */
export function orderWithinWindows(tl: Timeline, truth: SimTruth, windowMs: number): Scored {
  const sent = new Map(truth.posts.map((p) => [p.postId, p.sentAt]))
  const posts = [...tl.posts.entries()].map(([id, p]) => ({ sent: sent.get(id)!, tx: p.tx, place: p.place, opening: p.row.isOpening }))
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
  return { attack: 'commit order follows arrival', posts: pairs, accuracy: concordant, chance: pairs / 2, sd, bound: pairs / 2 + 4 * sd + 1 }
}
