/**
 * One browser profile for the company-record tests (test/web/*.test.ts): the REAL Draws, Sender,
 * Outbox, RecordQueue, RecordBook, YearlyDraws, TimingMarks, IdentityStore and TokenWallet, over an
 * in-memory IndexedDB, on node:test's mock clock. Only the network (fetch), the blinding (no RSA:
 * the server is not under test) and IndexedDB are stand-ins.
 */
import assert from 'node:assert/strict'
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto'
import { mock } from 'node:test'
import type { Me } from '../../shared/src/api/index.js'
import { fromBase64url, toBase64url } from '../../shared/src/talk/base64url.js'
import type { Blinder, FetchSignatures } from '../../shared/src/talk/draw.js'
import { keyIdOfSpki } from '../../shared/src/talk/tokens.js'
import { TokenWallet, type KeyDirectoryEntry, type TokenScope } from '../../shared/src/talk/wallet.js'
import { ApiError } from '../../web/src/api/client.js'
import { Draws, type DrawStatus } from '../../web/src/talk/draws.js'
import type { IdbStore } from '../../web/src/talk/idb.js'
import { IdentityStore } from '../../web/src/talk/identity.js'
import type { KeyState } from '../../web/src/talk/key-checks.js'
import { Outbox, type OutboxEntry } from '../../web/src/talk/outbox.js'
import { QuietPeriods } from '../../web/src/talk/quiet.js'
import { Reactions } from '../../web/src/talk/reactions.js'
import { recordAllowance } from '../../web/src/talk/record-allowance.js'
import { RecordBook } from '../../web/src/talk/record-book.js'
import { RecordQueue } from '../../web/src/talk/record-queue.js'
import type { RecordInput, RecordKind } from '../../web/src/talk/records.js'
import { Sender } from '../../web/src/talk/sender.js'
import { TimingMarks } from '../../web/src/talk/timing-marks.js'
import { scopeId, type DirectoryEntry } from '../../web/src/talk/voices.js'
import { YearlyDraws } from '../../web/src/talk/yearly-draws.js'

export const S = 1000
export const MIN = 60 * S
export const H = 60 * MIN
export const DAY = 24 * H
export const MIN_AGE_S = 3600
export const AGE = MIN_AGE_S * S
/** Wednesday 9 December 2026, noon UTC: in 2026-W50, far from its ends (and from the year's). */
export const T0 = Date.UTC(2026, 11, 9, 12, 0, 0)
export const REVIEW_ID = '5f4e3d2c-1b0a-4987-8654-3210fedcba98'

const realSetTimeout = globalThis.setTimeout
export async function settle(): Promise<void> {
  for (let i = 0; i < 8; i++) await new Promise((r) => realSetTimeout(r, 3))
}
/** Waits (real time) until `done` holds: a draw hashes keys off the main thread, which a busy machine makes slow. */
export async function until(done: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (await done()) return
    await new Promise((r) => realSetTimeout(r, 5))
  }
  assert.fail(`still not: ${what}`)
}
/** Moves the clock to `t` and fires whatever timers are due by then, as a tab left open would. */
export async function jumpTo(t: number): Promise<void> {
  mock.timers.setTime(t)
  mock.timers.tick(1)
  await settle()
  mock.timers.tick(0)
  await settle()
}

class MemoryIdb {
  readonly name = 'wc-talk-records-test'
  readonly data = new Map<string, string | Blob>()
  async get(k: string) {
    const v = this.data.get(k)
    return typeof v === 'string' ? JSON.parse(v) : undefined
  }
  async set(k: string, v: unknown) {
    this.data.set(k, JSON.stringify(v))
  }
  async remove(k: string) {
    this.data.delete(k)
  }
  async update<T>(k: string, change: (v: T | undefined) => T) {
    const next = change(await this.get(k))
    await this.set(k, next)
    return next
  }
  async keys(prefix = '') {
    return [...this.data.keys()].filter((k) => k.startsWith(prefix))
  }
  async putBlob(k: string, b: Blob) {
    this.data.set(k, b)
  }
  async getBlob(k: string) {
    const v = this.data.get(k)
    return v instanceof Blob ? v : undefined
  }
}

/** Verified at Acme now, and formerly at Globex. */
export const me = {
  id: '7b1f3c52-8a7e-4f0a-9d7e-3c8f0b2a1d44',
  name: 'A Member',
  handle: 'a-member',
  email: 'a@example.com',
  employments: [
    { id: 'e1', company: { slug: 'acme', name: 'Acme' }, method: 'email', verifiedAt: '2026-01-05', expiresOn: '2027-01-05', status: 'current', showOnProfile: false },
    { id: 'e2', company: { slug: 'globex', name: 'Globex' }, method: 'badge', verifiedAt: '2025-03-02', expiresOn: '2026-03-02', status: 'former', showOnProfile: false },
  ],
} as unknown as Me

export async function issuerKey(company: string | null, purpose: string, epoch: string): Promise<KeyDirectoryEntry> {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const spki = new Uint8Array(publicKey.export({ type: 'spki', format: 'der' }))
  return { keyId: await keyIdOfSpki(spki), company, purpose, epoch, publicKey: toBase64url(spki) }
}

/** The keys of one week (the null `talk` and `react` keys) and of one year (Acme's and Globex's review and salary keys, the null interview key). */
export async function weekKeys(week: string) {
  return { talk: await issuerKey(null, 'talk', week), react: await issuerKey(null, 'react', week), acmeTalk: await issuerKey('acme', 'talk', week), globexFormer: await issuerKey('globex', 'talk-former', week) }
}
export async function yearKeys(year: string) {
  return {
    acmeReview: await issuerKey('acme', 'review', year),
    acmeSalary: await issuerKey('acme', 'salary', year),
    globexReview: await issuerKey('globex', 'review', year),
    globexSalary: await issuerKey('globex', 'salary', year),
    interview: await issuerKey(null, 'interview', year),
  }
}

const fakeBlinder: Blinder = {
  async prepare(publicKey, count) {
    const keyId = await keyIdOfSpki(fromBase64url(publicKey))
    const pending = Array.from({ length: count }, () => ({ preparedMessage: toBase64url(randomBytes(64)), inv: '' }))
    return { blindedMessages: pending.map((_, i) => `blinded-${i}`), state: { keyId, publicKey, pending } }
  },
  async finalize(state) {
    return state.pending.map((p) => ({ keyId: state.keyId, message: p.preparedMessage, signature: toBase64url(randomBytes(256)) }))
  },
}

/** An anonymous request as it left: method, path, when, its cookies setting, and its body (as text and parsed). */
export interface Sent {
  method: string
  path: string
  at: number
  credentials: RequestCredentials | undefined
  raw: string | undefined
  body: any
}

/** How the fake server answers: by default 202 `{id}` (then `stored` when asked) for records, 201 for the rest. */
export interface ServerScript {
  /** Answers to hand out before the usual one for a path (by its start), one each. */
  failures: { path: string; status: number; code: string }[]
  /** A record's POST: 201 (stored at once) or 202 (its window). */
  recordStatus: 201 | 202
}

/**
 * `server`: draw from a real server instead (its signatures, with the real blinding), and leave the
 * network to the test (no network()).
 */
export function browser(opts: { fetchedAt: number; minTokenAgeS?: number; mixWindowS?: number; me?: Me; server?: FetchSignatures }) {
  const store = new MemoryIdb()
  const idb = store as unknown as IdbStore
  const issued: { keyId: string; count: number; at: number }[] = []
  const refuse = new Map<string, string>()
  const sent: Sent[] = []
  const script: ServerScript = { failures: [], recordStatus: 202 }
  const minTokenAgeS = opts.minTokenAgeS ?? MIN_AGE_S
  const mixWindowS = opts.mixWindowS ?? 30
  const server = opts.server
  const wallet = new TokenWallet({
    store: idb,
    ...(!server && { blinder: fakeBlinder }),
    now: () => Date.now(),
    fetchSignatures: async (keyId, blinded) => {
      issued.push({ keyId, count: blinded.length, at: Date.now() })
      const code = refuse.get(keyId)
      if (code) throw new ApiError({ type: 'about:blank', title: code, status: code === 'quota_exceeded' ? 429 : 403, detail: code, code })
      return server ? server(keyId, blinded) : blinded.map(() => 'sig')
    },
  })
  const directory: DirectoryEntry[] = []
  const keys: KeyState = {
    directory: { keys: directory, minTokenAgeS, mixWindowS, logHead: { seq: 1, hash: 'h' } } as unknown as KeyState['directory'],
    fetchedAt: opts.fetchedAt,
    pins: {},
    head: { seq: 1, hash: 'h' },
    seen: {},
    failure: null,
  }
  let who = opts.me ?? me
  const marks = new TimingMarks(idb)
  const outbox = new Outbox(idb)
  const identity = new IdentityStore(idb)
  const yearly = new YearlyDraws(idb)
  const book = new RecordBook(idb, wallet)
  const draw = { status: 'waiting' as DrawStatus, nextAt: null as number | null }
  const sender: Sender = new Sender({
    outbox,
    wallet,
    identity,
    quiet: new QuietPeriods(idb),
    drafts: { restore: async () => {} } as never,
    timing: () => ({ minTokenAgeS, mixWindowS }),
    paused: () => false,
    scopeFor: () => ({ company: null, purpose: 'talk' }),
    marks,
    reactions: new Reactions(idb),
    records: book,
    onChange: () => {},
  })
  const draws = new Draws({
    store: idb,
    wallet,
    me: () => who,
    keys: () => keys,
    paused: () => false,
    needDirectory: () => {},
    marks,
    yearly,
    onChange: (status, nextAt) => {
      Object.assign(draw, { status, nextAt })
      // As the runtime does: tokens arrived (or a draw was planned), the outbox is planned again.
      if (status === 'done' || status === 'scheduled') void sender.replan()
    },
  })
  /** Held tokens per scope id, as the runtime's snapshot has them (refreshed before each question). */
  let held: Record<string, number> = {}
  const refreshHeld = async () => {
    held = {}
    for (const t of await wallet.tokens()) held[scopeId(t)] = (held[scopeId(t)] ?? 0) + 1
    await book.load()
    await yearly.load()
  }
  const facts = (items: readonly OutboxEntry[]) => ({
    me: who,
    directory,
    yearly: yearly.state,
    held: (s: TokenScope) => (held[scopeId(s)] ?? 0) + book.kept(s).length,
    written: (kind: RecordKind, company: string) => book.written(kind, company),
    outbox: items,
    now: Date.now(),
  })
  const queue = new RecordQueue({ outbox, sender, book, minTokenAgeS: () => minTokenAgeS, allowance: (input, items) => recordAllowance(input.kind, input.company, facts(items)) })

  const network = () => {
    globalThis.fetch = (async (url: string, init: RequestInit) => {
      const path = String(url)
      const raw = typeof init.body === 'string' ? init.body : undefined
      sent.push({ method: init.method ?? 'GET', path, at: Date.now(), credentials: init.credentials, raw, body: raw === undefined ? undefined : JSON.parse(raw) })
      const failure = script.failures.findIndex((f) => path.startsWith(f.path))
      if (failure >= 0) {
        const [f] = script.failures.splice(failure, 1)
        return new Response(JSON.stringify({ type: 'about:blank', title: f!.code, status: f!.status, detail: f!.code, code: f!.code }), { status: f!.status })
      }
      const json = (v: unknown, status = 201) => new Response(JSON.stringify(v), { status, headers: { 'content-type': 'application/json' } })
      if (path.startsWith('/api/v1/talk/writes/')) return json({ state: 'stored' }, 200)
      if (/^\/api\/v1\/companies\/[^/]+\/reviews\/[^/]+\/helpful$/.test(path)) return json({ id: path.split('/')[6] }, script.recordStatus)
      // A record's id comes from its token: the same token, the same id.
      if (/^\/api\/v1\/companies\/[^/]+\/(reviews|salaries|interviews)$/.test(path)) return json({ id: idOfToken(JSON.parse(raw!).token.message) }, script.recordStatus)
      return json({ postId: randomUUID() })
    }) as typeof fetch
  }
  const ids = new Map<string, string>()
  const idOfToken = (message: string) => ids.get(message) ?? (ids.set(message, randomUUID()), ids.get(message)!)

  return {
    store,
    wallet,
    outbox,
    identity,
    yearly,
    book,
    marks,
    draws,
    draw,
    issued,
    sent,
    script,
    directory,
    keys,
    sender,
    queue,
    network,
    /** The account changed (a new verification): as the runtime's setMe, which then calls draws.newcomer(). */
    setMe: (m: Me) => void (who = m),
    /** The draw of this key answers with this problem code (quota_exceeded: another device of the account drew). */
    refuseDraw: (key: KeyDirectoryEntry, code: string) => refuse.set(key.keyId, code),
    /** Lists these keys (and only these) in the directory, fetched three hours ago. */
    list(entries: KeyDirectoryEntry[]) {
      directory.splice(0, directory.length, ...entries.map((k) => ({ ...k, anonymitySet: 20 }) as DirectoryEntry))
      keys.fetchedAt = Date.now() - 3 * H
    },
    async allowance(kind: RecordKind, company: string) {
      await refreshHeld()
      return recordAllowance(kind, company, facts(await outbox.list()))
    },
    async publish(input: RecordInput) {
      await refreshHeld()
      return queue.publish(input)
    },
    async records() {
      return (await outbox.list()).filter((p) => p.kind === 'review' || p.kind === 'salary' || p.kind === 'interview')
    },
    stop() {
      draws.stop()
      sender.stop()
    },
  }
}
export type Browser = ReturnType<typeof browser>

/** The draw under way has finished, and the outbox was planned again after it. */
export async function drawn(b: Browser): Promise<void> {
  await until(() => b.draw.status === 'done', 'the draw is done')
  await settle()
}

/** A review as the company page's form hands it over. */
export function review(company = 'acme'): Extract<RecordInput, { kind: 'review' }> {
  return {
    kind: 'review',
    company,
    body: {
      ratings: { overall: 4, culture: 4, workLife: 3, compensation: 4, management: 3, growth: 5 },
      recommend: true,
      pros: 'Kind colleagues, real ownership.',
      cons: 'Too many meetings.',
      employment: 'current',
      titleFamily: 'engineering',
    },
  }
}
