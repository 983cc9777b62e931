/**
 * Realistic Work Talk clients for the subpoena test (DESIGN §4): accounts verified at companies
 * big and small, whose clients draw their whole allowance once an epoch at a random moment, post
 * at their own times — some a lot, in sittings of a few replies — over several epochs, spend the
 * oldest tokens first and hold back a post whose tokens are younger than TALK_MIN_TOKEN_AGE_S.
 * Time is simulated (the app's test clock); the mixer's windows are ended at their boundaries of
 * simulated time. Only this script knows who wrote what (`SimTruth`).
 *
 * The planted behaviours of the issue are options: a client that refills on posting, one that
 * fetches a token right before each post, and a victim handed a key of its own by the server.
 */
import assert from 'node:assert/strict'
import crypto from 'node:crypto'
import { epochOf, isoWeek } from '../../shared/src/talk/epochs.js'
import { drawKey } from '../../shared/src/talk/draw.js'
import { checkDirectory, KeyCheckError, type KeyLogEntry, keyLogEntryHash, verifyKeyLog } from '../../shared/src/talk/key-check.js'
import { newMasterSecret, newThreadNonce, openerKey, threadKey } from '../../shared/src/talk/pseudonyms.js'
import { signAnyPost } from '../../shared/src/talk/signing.js'
import type { Token } from '../../shared/src/talk/tokens.js'
import { generateIssuerKey, pkcs8Of, sealPrivateKey } from '../../server/src/services/talk/crypto/keys.js'
import { talkUpkeep } from '../../server/src/services/talk/upkeep.js'
import type { TestApp } from '../support/app.js'
import { createCompany } from '../../server/src/services/companies/companies.js'
import { recordEmployment } from '../../server/src/services/verifications/employments.js'
import { addDays, dayOf } from '../../server/src/context.js'

const HOUR = 3_600_000
const DAY = 24 * HOUR
const WEEK = 7 * DAY

export interface Newcomers {
  company: string
  count: number
  epoch: number
  eager?: boolean
  /** When in the epoch they verify, in days from its start. */
  days?: [number, number]
}

export type Behaviour = 'realistic' | 'refill-on-post' | 'fetch-before-post'

export interface SimConfig {
  /** Members per company, verified before the first epoch. */
  companies: Record<string, number>
  /** Members who verify in the middle of an epoch (index from 0), at this company; `eager` ones post within minutes. */
  newcomers?: Newcomers | Newcomers[]
  epochs: number
  /** Tokens each client draws from each of its keys per epoch: the same for everyone (the real quota is larger; drawing it all would only slow the test). */
  allowance: number
  behaviour: Behaviour
  /** Posts per member per epoch: most post a few, `heavyShare` of them a lot. */
  posts: { light: [number, number]; heavy: [number, number]; heavyShare: number }
  /**
   * Moments when news breaks (per epoch): for a few minutes, each member replies with probability
   * `share` — when windows hold several people's posts, and mixing has something to mix.
   */
  hot?: { perEpoch: number; minutes: number; share: number }
  /** The server hands one member a key of its own; `checks` says whether the client checks keys (DESIGN §2). */
  victim?: { checks: boolean }
}

/** A draw as this script made it, and a post as this script sent it: the truth nobody else has. */
export interface SimDraw {
  account: string
  keyId: string
  at: number
}
export interface SimPost {
  postId: string
  threadId: string
  author: string
  label: 'company' | 'alias'
  keyId: string
  keyEpoch: string
  tokenHash: string
  sentAt: number
}
export interface SimTruth {
  members: { id: string; company: string }[]
  draws: SimDraw[]
  posts: SimPost[]
  /** Sim time of every request this script made, with the wall-clock span it took: turns WAL commit times into sim time. */
  clockMap: { realStart: number; realEnd: number; sim: number }[]
  /** Key ids the victim's client drew from, if there was a victim. */
  victim?: { id: string; refused: string | null }
  /** Every secret value that crossed the wire: token messages, signatures, blinded messages… */
  secrets: string[]
  minTokenAgeMs: number
  windowMs: number
}

interface Held {
  token: Token
  keyId: string
  company: string | null
  purpose: string
  epoch: string
  drawnAt: number
}

interface DirKey {
  keyId: string
  company: string | null
  purpose: string
  epoch: string
  publicKey: string
}

/** How a post is signed: as the company (its key), as "Verified professional" (the null key), or an alias (either). */
type Voice = 'company' | 'professional' | 'alias'

const rand = (a: number, b: number) => a + crypto.randomInt(Math.max(1, Math.round(b - a) + 1))
const randReal = (a: number, b: number) => a + (crypto.randomInt(1_000_000) / 1_000_000) * (b - a)

class Member {
  readonly master = newMasterSecret()
  wallet: Held[] = []
  /** DESIGN §3 / §5: a pseudonym keeps its label in a thread — the voice too ("Employee of X" or "Verified professional"). */
  readonly threadVoices = new Map<string, Voice>()
  readonly opened = new Map<string, string>() // threadId → nonce
  pins: Record<string, string> = {}
  logHead = { seq: 0, hash: '' }
  heavy = false
  /** The checked directory keys this client holds (fetched at a random time before its draw), or null after a failed check. */
  keys: DirKey[] | null = []
  constructor(
    readonly id: string,
    readonly cookie: string,
    readonly company: string,
    readonly verifiedAt: number,
  ) {}
}

export class Sim {
  readonly truth: SimTruth
  readonly members: Member[] = []
  readonly #threads: string[] = []
  #pendingWrites = 0
  #nextBoundary = 0
  #victim: Member | null = null
  #victimKeys = new Map<string, DirKey>() // epoch → its own key
  #victimLog: KeyLogEntry[] = []

  constructor(
    readonly t: TestApp,
    readonly clock: { set(d: Date): void; now(): Date },
    readonly config: SimConfig,
    readonly start: number,
  ) {
    // Windows end at boundaries of simulated time (#endWindowsBefore), not on the wall clock.
    t.ctx.anon.mixer.stop()
    this.truth = {
      members: [],
      draws: [],
      posts: [],
      clockMap: [],
      secrets: [],
      minTokenAgeMs: t.ctx.config.talkMinTokenAgeS * 1000,
      windowMs: t.ctx.config.talkMixWindowS * 1000,
    }
  }

  /** Runs `work` at simulated time `at`, after ending every mixing window that closed before it. */
  async #at<T>(at: number, work: () => Promise<T>): Promise<T> {
    await this.#endWindowsBefore(at)
    this.clock.set(new Date(at))
    const realStart = Date.now()
    try {
      return await work()
    } finally {
      this.truth.clockMap.push({ realStart, realEnd: Date.now(), sim: at })
    }
  }

  async #endWindowsBefore(at: number): Promise<void> {
    const w = this.truth.windowMs
    if (w === 0) return
    while (this.#pendingWrites > 0 && this.#nextBoundary <= at) {
      const boundary = this.#nextBoundary
      this.clock.set(new Date(boundary))
      const realStart = Date.now()
      await this.t.ctx.anon.mixer.flush()
      this.truth.clockMap.push({ realStart, realEnd: Date.now(), sim: boundary })
      this.#pendingWrites = 0
    }
  }

  async #inject(method: 'GET' | 'POST', url: string, opts: { cookie?: string; body?: unknown } = {}) {
    const res = await this.t.app.inject({ method, url, headers: opts.cookie ? { cookie: opts.cookie } : {}, ...(opts.body !== undefined && { payload: opts.body as object }) })
    return { status: res.statusCode, json: res.body ? JSON.parse(res.body) : null }
  }

  // ---- members -------------------------------------------------------------------------

  async #addMember(company: string, at: number): Promise<Member> {
    return this.#at(at, async () => {
      const email = `sim.${crypto.randomBytes(5).toString('hex')}@example.com`
      const up = await this.t.app.inject({ method: 'POST', url: '/api/v1/accounts', payload: { name: `Sim ${company}`, email, password: 'a long enough passphrase' } })
      assert.equal(up.statusCode, 201, up.body)
      const cookie = `wc_session=${up.cookies.find((c) => c.name === 'wc_session')!.value}`
      const today = dayOf(new Date(at))
      let row = await this.t.ctx.db.selectFrom('company').select(['id']).where('slug', '=', company).executeTakeFirst()
      row ??= await createCompany(this.t.ctx.db, company, [`${company}.example`], today)
      await recordEmployment(this.t.ctx.db, { accountId: up.json().id, companyId: row.id, method: 'email', today: addDays(today, 0), workEmailHmac: null })
      const m = new Member(up.json().id, cookie, company, at)
      this.members.push(m)
      this.truth.members.push({ id: m.id, company })
      return m
    })
  }

  // ---- keys ----------------------------------------------------------------------------

  /** The directory and log a member's client is shown: the same as everyone's — except the victim's. */
  async #keysFor(m: Member, at: number): Promise<{ keys: DirKey[]; log: KeyLogEntry[] }> {
    return this.#at(at, async () => {
      const keys = (await this.#inject('GET', '/api/v1/talk/keys')).json.keys as DirKey[]
      let log = (await this.#inject('GET', '/api/v1/talk/keys/log')).json.entries as KeyLogEntry[]
      if (m === this.#victim) {
        const own = await this.#victimKey(epochOf('talk', new Date(at)))
        const shared = keys.findIndex((k) => k.company === m.company && k.purpose === 'talk' && k.epoch === own.epoch)
        if (shared >= 0) keys[shared] = own
        // Shown only to the victim; to look consistent the log it is served lists the key too.
        log = [...log, ...this.#victimLog.filter((e) => e.epoch === own.epoch)].map((e, i) => ({ ...e, seq: i + 1 }))
        let prev = ''
        log = log.map((e) => {
          const entry = { ...e, prevHash: prev }
          const hash = keyLogEntryHash(entry)
          prev = hash
          return { ...entry, hash }
        })
      }
      return { keys, log }
    })
  }

  /** A malicious server's key for one member: a real, working key of the victim's scope, nobody else is shown. */
  async #victimKey(epoch: string): Promise<DirKey> {
    const known = this.#victimKeys.get(epoch)
    if (known) return known
    const key = await generateIssuerKey()
    const company = this.#victim!.company
    await this.t.ctx.db
      .insertInto('talkIssuerKey')
      .values({ keyId: key.keyId, companySlug: company, purpose: 'talk', epoch: `${epoch}`, publicKey: key.spkiDer, privateKeySealed: sealPrivateKey(this.t.ctx.secrets.key('key-encryption'), pkcs8Of(key.privateKey), key.keyId) })
      .execute()
      .catch(async () => {
        // The scope's unique index holds one key per scope: the planted server drops it for this key.
        await this.t.ctx.db.schema.dropIndex('talk_issuer_key_scope_idx').ifExists().execute()
        await this.t.ctx.db
          .insertInto('talkIssuerKey')
          .values({ keyId: key.keyId, companySlug: company, purpose: 'talk', epoch, publicKey: key.spkiDer, privateKeySealed: sealPrivateKey(this.t.ctx.secrets.key('key-encryption'), pkcs8Of(key.privateKey), key.keyId) })
          .execute()
      })
    const entry: DirKey = { keyId: key.keyId, company, purpose: 'talk', epoch, publicKey: key.spkiDer.toString('base64url') }
    this.#victimKeys.set(epoch, entry)
    this.#victimLog.push({ seq: 0, keyId: key.keyId, company, purpose: 'talk', epoch, prevHash: '', hash: '' })
    return entry
  }

  /** Fetches and checks the directory and the log (DESIGN §2), as a client does at random times. */
  async #fetchKeys(m: Member, at: number): Promise<void> {
    const { keys, log } = await this.#keysFor(m, at)
    if (m !== this.#victim || this.config.victim?.checks) {
      try {
        m.logHead = verifyKeyLog(log, m.logHead)
        m.pins = await checkDirectory(keys, log, m.pins)
      } catch (e) {
        if (!(e instanceof KeyCheckError)) throw e
        if (m === this.#victim) this.truth.victim!.refused = e.reason
        m.keys = null // Work Talk pauses on this device: nothing is drawn
        return
      }
    }
    m.keys = keys
  }

  /** The keys a member draws from at `at` (DESIGN §2: every voice, and the null key). */
  #allowanceKeys(m: Member, at: number): DirKey[] | null {
    if (!m.keys) return null
    const epoch = epochOf('talk', new Date(at))
    return m.keys.filter((k) => k.epoch === epoch && k.purpose === 'talk' && (k.company === m.company || k.company === null))
  }

  async #draw(m: Member, at: number, count: number, only?: DirKey): Promise<void> {
    const keys = only ? [only] : this.#allowanceKeys(m, at)
    if (!keys) return
    for (const key of keys) {
      await this.#at(at, async () => {
        const fetch = async (keyId: string, blinded: string[]) => {
          const res = await this.#inject('POST', '/api/v1/talk/tokens', { cookie: m.cookie, body: { keyId, blindedMessages: blinded } })
          if (res.status !== 200) throw new Error(`draw: ${res.status} ${JSON.stringify(res.json)}`)
          this.truth.secrets.push(...blinded, ...(res.json.blindSignatures as string[]))
          return res.json.blindSignatures as string[]
        }
        const tokens = await drawKey(key, count, fetch)
        for (const token of tokens) m.wallet.push({ token, keyId: key.keyId, company: key.company, purpose: key.purpose, epoch: key.epoch, drawnAt: at })
        this.truth.draws.push({ account: m.id, keyId: key.keyId, at })
      })
    }
  }

  // ---- posting -------------------------------------------------------------------------

  /** The token a post spends: the oldest epoch first, old enough (DESIGN §2), of the voice the label needs. */
  #takeToken(m: Member, voice: Voice, at: number, minAge: number): Held | 'wait' | null {
    // A token is valid in its epoch and the next: older ones are thrown away.
    const oldest = epochOf('talk', new Date(at - WEEK))
    m.wallet = m.wallet.filter((h) => h.epoch >= oldest)
    const usable = m.wallet
      .filter((h) => voice === 'alias' || (voice === 'company') === (h.company !== null))
      .sort((a, b) => (a.epoch < b.epoch ? -1 : a.epoch > b.epoch ? 1 : a.drawnAt - b.drawnAt))
    const ready = usable.find((h) => at - h.drawnAt >= minAge)
    if (ready) {
      m.wallet.splice(m.wallet.indexOf(ready), 1)
      return ready
    }
    return usable.length ? 'wait' : null
  }

  /** A voice for a new pseudonym: its company when it has a company key, else "Verified professional"; or an alias. */
  #chooseVoice(m: Member): Voice {
    if (m === this.#victim) return 'company' // the member a server singles out is one who speaks for its company
    if (crypto.randomInt(2)) return 'alias'
    const hasCompanyKey = m.wallet.some((h) => h.company !== null)
    return hasCompanyKey && crypto.randomInt(4) > 0 ? 'company' : 'professional'
  }

  async #post(m: Member, at: number): Promise<number | null> {
    const minAge = this.config.behaviour === 'realistic' ? this.truth.minTokenAgeMs : 0
    const reply = this.#threads.length > 0 && crypto.randomInt(10) < 7
    const threadId = reply ? this.#threads[crypto.randomInt(this.#threads.length)]! : null
    const voice = (threadId && m.threadVoices.get(threadId)) || this.#chooseVoice(m)
    const label = voice === 'alias' ? 'alias' : 'company'
    if (this.config.behaviour === 'fetch-before-post') {
      await this.#fetchKeys(m, at)
      const keys = this.#allowanceKeys(m, at)
      const key = keys?.find((k) => (voice === 'company' ? k.company !== null : voice === 'professional' ? k.company === null : true))
      if (key) await this.#draw(m, at, 1, key)
    }
    const held = this.#takeToken(m, voice, at, minAge)
    if (held === null) return null // nothing to spend until the next draw: the post waits for it (DESIGN §2)
    if (held === 'wait') {
      const lastDraw = m.wallet.reduce((max, h) => Math.max(max, h.drawnAt), -Infinity)
      return lastDraw + randReal(minAge, 4 * minAge) // the client's queue: a moment between minAge and 4 × minAge after the draw
    }
    await this.#at(at, async () => {
      const tok = held.token
      const title = threadId ? '' : `Thread ${crypto.randomBytes(3).toString('hex')}`
      const body = `Post ${crypto.randomBytes(6).toString('hex')}`
      let seed: Uint8Array
      let nonce: string | undefined
      if (threadId) seed = m.opened.has(threadId) ? openerKey(m.master, m.opened.get(threadId)!) : threadKey(m.master, threadId)
      else {
        nonce = newThreadNonce()
        seed = openerKey(m.master, nonce)
      }
      const author = signAnyPost(seed, { threadId, title, body, label, tokenMessage: tok.message, channel: 'general', imageIds: [], poll: null })
      const res = threadId
        ? await this.#inject('POST', `/api/v1/talk/threads/${threadId}/posts`, { body: { token: tok, body, label, author } })
        : await this.#inject('POST', '/api/v1/talk/threads', { body: { token: tok, title, body, label, author, openerNonce: nonce } })
      assert.ok(res.status === 201 || res.status === 202, `post: ${res.status} ${JSON.stringify(res.json)}`)
      this.truth.secrets.push(tok.message, tok.signature, author.signature)
      const newThread = res.json.threadId as string | undefined
      if (newThread) {
        m.opened.set(newThread, nonce!)
        this.#threads.push(newThread)
      }
      m.threadVoices.set(threadId ?? newThread!, voice)
      this.truth.posts.push({
        postId: res.json.postId,
        threadId: threadId ?? newThread!,
        author: m.id,
        label,
        keyId: held.keyId,
        keyEpoch: held.epoch,
        tokenHash: crypto.createHash('sha256').update(Buffer.from(tok.message, 'base64url')).digest('hex'),
        sentAt: at,
      })
      if (res.status === 202) {
        this.#pendingWrites++
        if (this.#nextBoundary <= at) this.#nextBoundary = Math.floor(at / this.truth.windowMs) * this.truth.windowMs + this.truth.windowMs
      }
    })
    if (this.config.behaviour === 'refill-on-post' && m.wallet.filter((h) => h.company === held.company).length < 2) {
      return -1 // the planted client: a refill, soon after the post (see run())
    }
    return 0
  }

  // ---- the scenario --------------------------------------------------------------------

  /** Runs the whole scenario; returns the truth. */
  async run(): Promise<SimTruth> {
    const { config } = this
    const epochStart = (e: number) => this.start + e * WEEK
    for (const [company, n] of Object.entries(config.companies)) {
      for (let i = 0; i < n; i++) await this.#addMember(company, this.start - 2 * WEEK)
    }
    if (config.victim) {
      this.#victim = this.members.find((m) => (config.companies[m.company] ?? 0) >= this.t.ctx.config.minAnonymitySet)!
      this.truth.victim = { id: this.#victim.id, refused: null }
    }
    const heavyCount = Math.max(1, Math.round(this.members.length * config.posts.heavyShare))
    for (const m of this.members.slice(0, heavyCount)) m.heavy = true

    type Ev = { at: number; kind: 'keys' | 'draw' | 'post' | 'join' | 'refill' | 'upkeep'; m?: Member; count?: number; company?: string; eager?: boolean }
    const events: Ev[] = []
    const push = (e: Ev) => {
      // The directory is fetched at a random time well before a draw, never right before it.
      if (e.kind === 'draw') events.push({ at: e.at - randReal(10 * 60_000, 3 * HOUR), kind: 'keys', m: e.m! })
      events.push(e)
    }
    const realistic = config.behaviour === 'realistic'
    const drawCount = realistic ? config.allowance : 2
    // A warm-up epoch before the first: steady state, where clients hold last epoch's tokens.
    for (let e = -1; e < config.epochs; e++) {
      push({ at: epochStart(e) + DAY / 2, kind: 'upkeep' })
      for (const m of this.members) {
        // DESIGN §2: a random moment of the epoch (not its last day, when next week's key is out already).
        if (config.behaviour !== 'fetch-before-post' && (realistic || e === -1)) push({ at: epochStart(e) + randReal(HOUR, 6 * DAY), kind: 'draw', m, count: drawCount })
      }
    }
    for (let e = 0; e < config.epochs; e++) {
      for (const m of this.members) this.#schedulePosts(push, m, epochStart(e), epochStart(e + 1))
      for (let h = 0; h < (config.hot?.perEpoch ?? 0); h++) {
        const at = epochStart(e) + randReal(DAY, 6 * DAY)
        for (const m of this.members) if (crypto.randomInt(100) < config.hot!.share * 100) push({ at: at + randReal(0, config.hot!.minutes * 60_000), kind: 'post', m })
      }
      for (const wave of [config.newcomers ?? []].flat()) {
        if (wave.epoch !== e) continue
        for (let i = 0; i < wave.count; i++) push({ at: epochStart(e) + randReal(...(wave.days ?? [1, 3])) * DAY, kind: 'join', company: wave.company, eager: wave.eager ?? false })
      }
    }
    const end = epochStart(config.epochs)
    while (events.length) {
      events.sort((a, b) => a.at - b.at)
      const ev = events.shift()!
      if (ev.at >= end) continue
      if (ev.kind === 'upkeep') {
        // Maintenance, and the batch that writes sessions' days of use (the server does both on timers).
        await this.#at(ev.at, async () => {
          await talkUpkeep(this.t.ctx)
          await this.t.ctx.sessionTouches.flush()
        })
      }
      else if (ev.kind === 'keys') await this.#fetchKeys(ev.m!, ev.at)
      else if (ev.kind === 'draw') await this.#draw(ev.m!, ev.at, ev.count!)
      else if (ev.kind === 'refill') {
        await this.#fetchKeys(ev.m!, ev.at) // the old client fetched the directory right before refilling
        await this.#draw(ev.m!, ev.at, ev.count!)
      }
      else if (ev.kind === 'join') {
        const m = await this.#addMember(ev.company!, ev.at)
        // DESIGN §2: a newcomer's first draw within two minutes of verifying; later ones like everyone's.
        await this.#fetchKeys(m, ev.at) // right after verifying: the newcomer's one directory fetch near its draw
        events.push({ at: ev.at + randReal(10_000, 120_000), kind: 'draw', m, count: drawCount })
        const e = Math.floor((ev.at - this.start) / WEEK)
        for (let next = e + 1; next < config.epochs; next++) push({ at: epochStart(next) + randReal(HOUR, 6 * DAY), kind: 'draw', m, count: drawCount })
        // A newcomer's first post soon after verifying is the weakest moment (docs/THREAT-MODEL.md);
        // these post from some hours on, and `config.newcomers.eager` measures the weak moment itself.
        if (ev.eager) for (let i = 0; i < 2; i++) push({ at: ev.at + randReal(5 * 60_000, 30 * 60_000), kind: 'post', m })
        else this.#schedulePosts(push, m, ev.at + 6 * HOUR, epochStart(e + 1))
      } else if (ev.kind === 'post') {
        const next = await this.#post(ev.m!, ev.at)
        if (next === -1) push({ at: ev.at + randReal(30_000, 120_000), kind: 'refill', m: ev.m!, count: 2 })
        else if (next !== null && next > 0) push({ at: next, kind: 'post', m: ev.m! })
      }
    }
    await this.#endWindowsBefore(Infinity)
    return this.truth
  }

  /** A member's posts in [from, to): a few at its own times; heavy posters in sittings of 2–3 quick replies. */
  #schedulePosts(push: (e: { at: number; kind: 'post'; m: Member }) => void, m: Member, from: number, to: number): void {
    const [lo, hi] = m.heavy ? this.config.posts.heavy : this.config.posts.light
    let n = rand(lo, hi)
    while (n > 0) {
      const at = randReal(from, to - HOUR)
      const sitting = m.heavy ? Math.min(n, rand(2, 3)) : 1
      for (let i = 0; i < sitting; i++) push({ at: at + i * randReal(5_000, 20_000), kind: 'post', m })
      n -= sitting
    }
  }
}

/** The Monday 00:00 UTC of the ISO week containing `d`. */
export function mondayOf(d: Date): number {
  const { year, week } = isoWeek(d)
  const jan4 = Date.UTC(year, 0, 4)
  const jan4Weekday = new Date(jan4).getUTCDay() || 7
  return jan4 - (jan4Weekday - 1) * DAY + (week - 1) * WEEK
}
