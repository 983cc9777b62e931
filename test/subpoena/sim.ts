/**
 * The database run of the subpoena test (DESIGN §4): a simulated population (members.ts — real
 * visit habits, and every timing decision taken by the web client's own timing-policy.ts) is
 * replayed against the real server through its public API, at the simulated moments (the app's
 * test clock): accounts verified at companies big and small; at each member's first visit of a
 * day a request with its session (the server notes the day, and writes it with the batch of the
 * next 10–20-minute flush); before each draw the directory and the key log, checked as the client
 * checks them; each draw, one request per key with real blind signatures; each anonymous write
 * signed with the member's pseudonym for the thread and the token the model's wallet chose,
 * mixed in the server's windows, which end at their boundaries of simulated time. Only this
 * script knows who wrote what (`SimTruth`).
 *
 * Planted: a victim handed a key of its own by the server (`victim`), with or without a client
 * that checks keys.
 */
import assert from 'node:assert/strict'
import crypto from 'node:crypto'
import { drawKey } from '../../shared/src/talk/draw.js'
import { epochOf, isoWeek } from '../../shared/src/talk/epochs.js'
import { checkDirectory, KeyCheckError, type KeyLogEntry, keyLogEntryHash, verifyKeyLog } from '../../shared/src/talk/key-check.js'
import { newMasterSecret, newThreadNonce, openerKey, threadKey } from '../../shared/src/talk/pseudonyms.js'
import { signAnyPost } from '../../shared/src/talk/signing.js'
import type { Token } from '../../shared/src/talk/tokens.js'
import { addDays, dayOf } from '../../server/src/context.js'
import { createCompany } from '../../server/src/services/companies/companies.js'
import { generateIssuerKey, pkcs8Of, sealPrivateKey } from '../../server/src/services/talk/crypto/keys.js'
import { talkUpkeep } from '../../server/src/services/talk/upkeep.js'
import { recordEmployment } from '../../server/src/services/verifications/employments.js'
import type { TestApp } from '../support/app.js'
import { DAY, type ModelRun, type ModelWrite, WEEK } from './members.js'

/** A draw as this script made it, and a post as this script sent it: the truth nobody else has. */
export interface SimDraw {
  account: string
  keyId: string
  at: number
}
export interface SimPost {
  postId: string
  /** The model's write it is. */
  write: string
  author: string
  keyId: string
  keyEpoch: string
  tokenHash: string
  sentAt: number
}
export interface SimTruth {
  members: { id: string; company: string }[]
  /** The model member each account plays. */
  accountOf: Map<string, string>
  draws: SimDraw[]
  posts: SimPost[]
  /** Sim moments of the batches that wrote sessions' days of use (a flush with something to write). */
  touchFlushes: number[]
  /** Sim time of every request this script made, with the wall-clock span it took: turns WAL commit times into sim time. */
  clockMap: { realStart: number; realEnd: number; sim: number }[]
  /** The victim, if there was one: its account, why its client refused (if it did), and the keys the server made for it alone. */
  victim?: { id: string; refused: string | null; keyIds: string[] }
  /** Every secret value that crossed the wire: token messages, signatures, blinded messages… */
  secrets: string[]
  minTokenAgeMs: number
  windowMs: number
}

interface DirKey {
  keyId: string
  company: string | null
  purpose: string
  epoch: string
  publicKey: string
}

class Account {
  readonly master = newMasterSecret()
  cookie: string
  /** Real tokens by the model's draw and scope: the model's wallet says which draw pays for a write. */
  readonly tokens = new Map<string, Token[]>()
  readonly opened = new Map<string, string>() // real thread id → nonce
  pins: Record<string, string> = {}
  logHead = { seq: 0, hash: '' }
  /** The checked directory keys this client holds, or null after a failed check (Work Talk pauses). */
  keys: DirKey[] | null = []
  constructor(
    readonly id: string,
    readonly email: string,
    cookie: string,
    readonly company: string,
  ) {
    this.cookie = cookie
  }
}

type Step =
  | { at: number; kind: 'member'; member: string; company: string }
  | { at: number; kind: 'upkeep' }
  | { at: number; kind: 'use'; member: string; login: boolean }
  | { at: number; kind: 'flush' }
  | { at: number; kind: 'keys'; member: string }
  | { at: number; kind: 'draw'; member: string; draw: number; keys: { company: string | null; epoch: string }[] }
  | { at: number; kind: 'write'; w: ModelWrite }

export class Sim {
  readonly truth: SimTruth
  readonly #accounts = new Map<string, Account>() // model member → account
  readonly #threads = new Map<string, string>() // model thread → real thread
  readonly #unsent = new Set<string>() // model threads the victim's paused client never sent
  #pendingWrites = 0
  #nextBoundary = 0
  #victim: Account | null = null
  #victimKeys = new Map<string, DirKey>() // epoch → its own key
  #victimLog: KeyLogEntry[] = []

  constructor(
    readonly t: TestApp,
    readonly clock: { set(d: Date): void; now(): Date },
    readonly model: ModelRun,
    readonly opts: { victim?: { checks: boolean } } = {},
  ) {
    // Windows end at boundaries of simulated time (#endWindowsBefore), not on the wall clock.
    t.ctx.anon.mixer.stop()
    assert.equal(model.config.windowMs, t.ctx.config.talkMixWindowS * 1000, 'the model mixes in the server\'s windows')
    assert.equal(model.config.minTokenAgeMs, t.ctx.config.talkMinTokenAgeS * 1000, 'the model ages tokens as the server says')
    this.truth = {
      members: [],
      accountOf: new Map(),
      draws: [],
      posts: [],
      touchFlushes: [],
      clockMap: [],
      secrets: [],
      minTokenAgeMs: t.ctx.config.talkMinTokenAgeS * 1000,
      windowMs: t.ctx.config.talkMixWindowS * 1000,
    }
  }

  /**
   * The wall-clock moment a step starts: never in the millisecond the last one ended, so that a
   * WAL commit time names one step (the WAL's clock ticks in milliseconds on PGlite).
   */
  #lastEnd = 0
  #start(): number {
    let now = Date.now()
    while (now <= this.#lastEnd) now = Date.now()
    return now
  }
  #record(realStart: number, sim: number): void {
    this.#lastEnd = Date.now()
    this.truth.clockMap.push({ realStart, realEnd: this.#lastEnd, sim })
  }

  /** Runs `work` at simulated time `at`, after ending every mixing window that closed before it. */
  async #at<T>(at: number, work: () => Promise<T>): Promise<T> {
    await this.#endWindowsBefore(at)
    this.clock.set(new Date(at))
    const realStart = this.#start()
    try {
      return await work()
    } finally {
      this.#record(realStart, at)
    }
  }

  async #endWindowsBefore(at: number): Promise<void> {
    const w = this.truth.windowMs
    if (w === 0) return
    while (this.#pendingWrites > 0 && this.#nextBoundary <= at) {
      const boundary = this.#nextBoundary
      this.clock.set(new Date(boundary))
      const realStart = this.#start()
      await this.t.ctx.anon.mixer.flush()
      this.#record(realStart, boundary)
      this.#pendingWrites = 0
    }
  }

  async #inject(method: 'GET' | 'POST', url: string, opts: { cookie?: string; body?: unknown } = {}) {
    const res = await this.t.app.inject({ method, url, headers: opts.cookie ? { cookie: opts.cookie } : {}, ...(opts.body !== undefined && { payload: opts.body as object }) })
    return { status: res.statusCode, json: res.body ? JSON.parse(res.body) : null }
  }

  // ---- members -------------------------------------------------------------------------

  async #addMember(member: string, company: string, at: number): Promise<void> {
    await this.#at(at, async () => {
      const email = `sim.${crypto.randomBytes(5).toString('hex')}@example.com`
      const up = await this.t.app.inject({ method: 'POST', url: '/api/v1/accounts', payload: { name: `Sim ${company}`, email, password: 'a long enough passphrase' } })
      assert.equal(up.statusCode, 201, up.body)
      const cookie = `wc_session=${up.cookies.find((c) => c.name === 'wc_session')!.value}`
      const today = dayOf(new Date(at))
      let row = await this.t.ctx.db.selectFrom('company').select(['id']).where('slug', '=', company).executeTakeFirst()
      row ??= await createCompany(this.t.ctx.db, company, [`${company}.example`], today)
      await recordEmployment(this.t.ctx.db, { accountId: up.json().id, companyId: row.id, method: 'email', today: addDays(today, 0), workEmailHmac: null })
      const a = new Account(up.json().id, email, cookie, company)
      this.#accounts.set(member, a)
      this.truth.members.push({ id: a.id, company })
      this.truth.accountOf.set(a.id, member)
    })
  }

  // ---- keys ----------------------------------------------------------------------------

  /** The directory and log a member's client is shown: the same as everyone's — except the victim's. */
  async #keysFor(a: Account, at: number): Promise<{ keys: DirKey[]; log: KeyLogEntry[] }> {
    const keys = (await this.#inject('GET', '/api/v1/talk/keys')).json.keys as DirKey[]
    let log = (await this.#inject('GET', '/api/v1/talk/keys/log')).json.entries as KeyLogEntry[]
    if (a === this.#victim) {
      const own = await this.#victimKey(epochOf('talk', new Date(at)))
      const shared = keys.findIndex((k) => k.company === a.company && k.purpose === 'talk' && k.epoch === own.epoch)
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
  }

  /** A malicious server's key for one member: a real, working key of the victim's scope, nobody else is shown. */
  async #victimKey(epoch: string): Promise<DirKey> {
    const known = this.#victimKeys.get(epoch)
    if (known) return known
    const key = await generateIssuerKey()
    const company = this.#victim!.company
    const row = { keyId: key.keyId, companySlug: company, purpose: 'talk' as const, epoch, publicKey: key.spkiDer, privateKeySealed: sealPrivateKey(this.t.ctx.secrets.key('key-encryption'), pkcs8Of(key.privateKey), key.keyId) }
    await this.t.ctx.db
      .insertInto('talkIssuerKey')
      .values(row)
      .execute()
      .catch(async () => {
        // The scope's unique index holds one key per scope: the planted server drops it for this key.
        await this.t.ctx.db.schema.dropIndex('talk_issuer_key_scope_idx').ifExists().execute()
        await this.t.ctx.db.insertInto('talkIssuerKey').values(row).execute()
      })
    const entry: DirKey = { keyId: key.keyId, company, purpose: 'talk', epoch, publicKey: key.spkiDer.toString('base64url') }
    this.#victimKeys.set(epoch, entry)
    this.truth.victim!.keyIds.push(key.keyId)
    this.#victimLog.push({ seq: 0, keyId: key.keyId, company, purpose: 'talk', epoch, prevHash: '', hash: '' })
    return entry
  }

  /** Fetches and checks the directory and the log (DESIGN §2), at the moment the model's client did before its draw. */
  async #fetchKeys(a: Account, at: number): Promise<void> {
    await this.#at(at, async () => {
      const { keys, log } = await this.#keysFor(a, at)
      if (a !== this.#victim || this.opts.victim?.checks) {
        try {
          a.logHead = verifyKeyLog(log, a.logHead)
          a.pins = await checkDirectory(keys, log, a.pins)
        } catch (e) {
          if (!(e instanceof KeyCheckError)) throw e
          if (a === this.#victim) this.truth.victim!.refused = e.reason
          a.keys = null // Work Talk pauses on this device: nothing is drawn
          return
        }
      }
      a.keys = keys
    })
  }

  async #draw(a: Account, step: Extract<Step, { kind: 'draw' }>): Promise<void> {
    if (!a.keys) return
    for (const k of step.keys) {
      const key = a.keys.find((x) => x.company === k.company && x.purpose === 'talk' && x.epoch === k.epoch)
      assert.ok(key, `the directory lists the key the model drew from (${k.company}, ${k.epoch})`)
      await this.#at(step.at, async () => {
        const fetch = async (keyId: string, blinded: string[]) => {
          const res = await this.#inject('POST', '/api/v1/talk/tokens', { cookie: a.cookie, body: { keyId, blindedMessages: blinded } })
          if (res.status !== 200) throw new Error(`draw: ${res.status} ${JSON.stringify(res.json)}`)
          this.truth.secrets.push(...blinded, ...(res.json.blindSignatures as string[]))
          return res.json.blindSignatures as string[]
        }
        const tokens = await drawKey(key, this.model.config.allowance, fetch)
        a.tokens.set(`${step.draw}|${k.company}`, tokens)
        this.truth.draws.push({ account: a.id, keyId: key.keyId, at: step.at })
      })
    }
  }

  // ---- writing -------------------------------------------------------------------------

  async #write(a: Account, w: ModelWrite): Promise<void> {
    const tokens = a.tokens.get(`${w.token.draw}|${w.token.company}`)
    if (!tokens?.length) {
      // The victim's paused client, which refused its keys, has none: its thread never exists.
      if (w.kind === 'thread') this.#unsent.add(w.thread)
      return
    }
    const threadId = w.kind === 'reply' ? this.#threads.get(w.thread)! : null
    if (w.kind === 'reply' && !threadId && this.#unsent.has(w.thread)) return // a reply to that thread
    assert.ok(w.kind === 'thread' || threadId, 'a reply to a thread the server stored')
    const tok = tokens.shift()!
    await this.#at(w.sentAt, async () => {
      const title = threadId ? '' : `Thread ${crypto.randomBytes(3).toString('hex')}`
      const body = `Post ${crypto.randomBytes(6).toString('hex')}`
      let seed: Uint8Array
      let nonce: string | undefined
      if (threadId) seed = a.opened.has(threadId) ? openerKey(a.master, a.opened.get(threadId)!) : threadKey(a.master, threadId)
      else {
        nonce = newThreadNonce()
        seed = openerKey(a.master, nonce)
      }
      const author = signAnyPost(seed, { threadId, title, body, label: w.label, tokenMessage: tok.message, channel: 'general', imageIds: [], poll: null })
      const res = threadId
        ? await this.#inject('POST', `/api/v1/talk/threads/${threadId}/posts`, { body: { token: tok, body, label: w.label, author } })
        : await this.#inject('POST', '/api/v1/talk/threads', { body: { token: tok, title, body, label: w.label, author, openerNonce: nonce } })
      assert.ok(res.status === 201 || res.status === 202, `post: ${res.status} ${JSON.stringify(res.json)}`)
      this.truth.secrets.push(tok.message, tok.signature, author.signature)
      const newThread = res.json.threadId as string | undefined
      if (newThread) {
        a.opened.set(newThread, nonce!)
        this.#threads.set(w.thread, newThread)
      }
      this.truth.posts.push({
        postId: res.json.postId,
        write: w.id,
        author: a.id,
        keyId: tok.keyId,
        keyEpoch: w.token.epoch,
        tokenHash: crypto.createHash('sha256').update(Buffer.from(tok.message, 'base64url')).digest('hex'),
        sentAt: w.sentAt,
      })
      if (res.status === 202) {
        this.#pendingWrites++
        if (this.#nextBoundary <= w.sentAt) this.#nextBoundary = Math.floor(w.sentAt / this.truth.windowMs) * this.truth.windowMs + this.truth.windowMs
      }
    })
  }

  // ---- the replay ----------------------------------------------------------------------

  /** Replays the whole model; returns the truth. */
  async run(): Promise<SimTruth> {
    const m = this.model
    const steps: Step[] = []
    for (const member of m.members) steps.push({ at: member.newcomer ? member.joinedAt - 1 : member.joinedAt, kind: 'member', member: member.id, company: member.company })
    for (let t = m.simStart; t < m.end; t += WEEK) steps.push({ at: t + DAY / 2, kind: 'upkeep' })
    for (const u of m.touches) {
      if (u.kind === 'signup') continue // the account's creation: its session is new that day
      steps.push({ at: u.notedAt, kind: 'use', member: u.member, login: u.kind === 'login' })
      if (u.kind === 'batch') steps.push({ at: u.at, kind: 'flush' })
    }
    for (const d of m.draws) {
      steps.push({ at: d.fetchedAt, kind: 'keys', member: d.member })
      steps.push({ at: d.at, kind: 'draw', member: d.member, draw: d.id, keys: d.keys })
    }
    for (const w of m.writes) steps.push({ at: w.sentAt, kind: 'write', w })
    const order: Record<Step['kind'], number> = { member: 0, upkeep: 1, flush: 2, use: 3, keys: 4, draw: 5, write: 6 }
    steps.sort((x, y) => x.at - y.at || order[x.kind] - order[y.kind])

    if (this.opts.victim) assert.ok(m.config.victim, 'the model plays a victim: its first member, always speaking for its company')
    let flushed = -Infinity
    const prof: Record<string, number> = {}
    for (const step of steps) {
      if (step.at >= m.end) break
      const t0 = performance.now()
      try { await this.#step(step, () => flushed, (x) => { flushed = x }) } finally { prof[step.kind] = (prof[step.kind] ?? 0) + performance.now() - t0 }
    }
    if (process.env.WC_SIM_PROFILE) console.log(prof)
    await this.#endWindowsBefore(Infinity)
    return this.truth
  }

  async #step(step: Step, flushedAt: () => number, setFlushed: (x: number) => void): Promise<void> {
    const m = this.model
    {
      if (step.kind === 'member') {
        await this.#addMember(step.member, step.company, step.at)
        if (this.opts.victim && !this.#victim) {
          this.#victim = this.#accounts.get(m.members[0]!.id)!
          this.truth.victim = { id: this.#victim.id, refused: null, keyIds: [] }
        }
      } else if (step.kind === 'upkeep') {
        await this.#at(step.at, async () => void (await talkUpkeep(this.t.ctx)))
      } else if (step.kind === 'use') {
        // A page load of the member: its first request with the session today — or, its session
        // having expired, a sign-in.
        const a = this.#accounts.get(step.member)!
        await this.#at(step.at, async () => {
          const me = await this.#inject('GET', '/api/v1/me', { cookie: a.cookie })
          assert.equal(me.status, step.login ? 401 : 200, `the session ${step.login ? 'expired' : 'is alive'}, as the model says`)
          if (!step.login) return
          const res = await this.t.app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { email: a.email, password: 'a long enough passphrase' } })
          assert.equal(res.statusCode, 200, res.body)
          a.cookie = `wc_session=${res.cookies.find((c) => c.name === 'wc_session')!.value}`
        })
      } else if (step.kind === 'flush') {
        if (step.at === flushedAt()) return
        setFlushed(step.at)
        await this.#at(step.at, () => this.t.ctx.sessionTouches.flush())
        this.truth.touchFlushes.push(step.at)
      } else if (step.kind === 'keys') {
        await this.#fetchKeys(this.#accounts.get(step.member)!, step.at)
      } else if (step.kind === 'draw') {
        await this.#draw(this.#accounts.get(step.member)!, step)
      } else {
        await this.#write(this.#accounts.get(step.w.member)!, step.w)
      }
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
