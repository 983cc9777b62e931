/**
 * The web client's draws and anonymous writes kept apart (DESIGN §2, timing-policy.ts), driven
 * through the REAL Draws, Sender, Outbox, TimingMarks and TokenWallet on a controlled clock
 * (node:test mock timers for Date and setTimeout). Only the network (fetch), the blinding (no
 * RSA here: the server side is not under test) and IndexedDB (an in-memory store) are stand-ins.
 *
 * - a post, then its thread read again (the outbox drops the item), and the draw still keeps its
 *   distance from the post: the outbox is not where the last write is remembered;
 * - a draw in a visit, then a post paid with an older token: held to draw + 6–30 h, whether the
 *   tab stays open or is closed and opened again;
 * - a newcomer's post with fresh tokens only: out between minAge and 4 × minAge after the draw;
 *   "publish later (safer)" moves it to the hold;
 * - a new verification while the app runs, after this browser wrote: the draw keeps its distance.
 */
import assert from 'node:assert/strict'
import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { afterEach, beforeEach, describe, it, mock } from 'node:test'
import type { Me } from '../../shared/src/api/index.js'
import { fromBase64url, toBase64url } from '../../shared/src/talk/base64url.js'
import type { Blinder } from '../../shared/src/talk/draw.js'
import { keyIdOfSpki } from '../../shared/src/talk/tokens.js'
import { TokenWallet, type KeyDirectoryEntry } from '../../shared/src/talk/wallet.js'
import { Draws, type DrawStatus } from '../../web/src/talk/draws.js'
import type { IdbStore } from '../../web/src/talk/idb.js'
import { IdentityStore } from '../../web/src/talk/identity.js'
import type { KeyState } from '../../web/src/talk/key-checks.js'
import { Outbox } from '../../web/src/talk/outbox.js'
import { postItem, shownInThread } from '../../web/src/talk/outbox-items.js'
import { QuietPeriods } from '../../web/src/talk/quiet.js'
import { Sender } from '../../web/src/talk/sender.js'
import { TimingMarks } from '../../web/src/talk/timing-marks.js'

const S = 1000
const MIN = 60 * S
const H = 60 * MIN
const DAY = 24 * H
const MIN_AGE_S = 3600
const AGE = MIN_AGE_S * S
/** Wednesday 9 December 2026, noon UTC: in 2026-W50, far from its ends. */
const T0 = Date.UTC(2026, 11, 9, 12, 0, 0)
const THREAD = '9d3c1f7e-2b4a-4c6d-8e9f-0a1b2c3d4e5f'

const realSetTimeout = globalThis.setTimeout
/** Lets the async work the timers started run to its end (the wallet hashes keys off the main thread). */
async function settle(): Promise<void> {
  for (let i = 0; i < 8; i++) await new Promise((r) => realSetTimeout(r, 3))
}
/** Moves the clock to `t` and fires whatever timers are due by then, as a tab left open would. */
async function jumpTo(t: number): Promise<void> {
  mock.timers.setTime(t)
  mock.timers.tick(1)
  await settle()
  mock.timers.tick(0)
  await settle()
}

class MemoryIdb {
  readonly name = 'wc-talk-hold-test'
  readonly #data = new Map<string, string>()
  async get(k: string) {
    const v = this.#data.get(k)
    return v === undefined ? undefined : JSON.parse(v)
  }
  async set(k: string, v: unknown) {
    this.#data.set(k, JSON.stringify(v))
  }
  async remove(k: string) {
    this.#data.delete(k)
  }
  async update<T>(k: string, change: (v: T | undefined) => T) {
    const next = change(await this.get(k))
    await this.set(k, next)
    return next
  }
}

const me = {
  id: '7b1f3c52-8a7e-4f0a-9d7e-3c8f0b2a1d44',
  name: 'A Member',
  handle: 'a-member',
  email: 'a@example.com',
  employments: [{ id: 'e', company: { slug: 'acme', name: 'Acme' }, method: 'email', verifiedAt: '2026-01-05', expiresOn: '2027-01-05', status: 'current', showOnProfile: false }],
} as unknown as Me

async function issuerKey(epoch: string): Promise<KeyDirectoryEntry> {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const spki = new Uint8Array(publicKey.export({ type: 'spki', format: 'der' }))
  return { keyId: await keyIdOfSpki(spki), company: null, purpose: 'talk', epoch, publicKey: toBase64url(spki) }
}
const keyThisWeek = await issuerKey('2026-W50')
const keyLastWeek = await issuerKey('2026-W49')

/** Blinding without RSA: this test is about when requests leave, not about the signatures. */
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

/** One browser profile: its store, wallet, outbox, draws and sender, and what went over the network when. */
function browser(opts: { fetchedAt: number }) {
  const store = new MemoryIdb() as unknown as IdbStore
  const issued: { keyId: string; at: number }[] = []
  const writes: { path: string; at: number }[] = []
  const wallet = new TokenWallet({
    store,
    blinder: fakeBlinder,
    now: () => Date.now(),
    fetchSignatures: async (keyId, blinded) => {
      issued.push({ keyId, at: Date.now() })
      return blinded.map(() => 'sig')
    },
  })
  const keys: KeyState = {
    directory: { keys: [{ ...keyThisWeek, anonymitySet: 20 }], minTokenAgeS: MIN_AGE_S, mixWindowS: 30, logHead: { seq: 1, hash: 'h' } } as unknown as KeyState['directory'],
    fetchedAt: opts.fetchedAt,
    pins: {},
    head: { seq: 1, hash: 'h' },
    seen: {},
    failure: null,
  }
  const marks = new TimingMarks(store)
  const outbox = new Outbox(store)
  const draw = { status: 'waiting' as DrawStatus, nextAt: null as number | null }
  let sender: Sender
  const draws = new Draws({
    store,
    wallet,
    me: () => me,
    keys: () => keys,
    paused: () => false,
    needDirectory: () => {},
    marks,
    onChange: (status, nextAt) => {
      Object.assign(draw, { status, nextAt })
      // As the runtime does: tokens arrived (or a draw was planned), the outbox is planned again.
      if (status === 'done' || status === 'scheduled') void sender?.replan()
    },
  })
  const newSender = () =>
    new Sender({
      outbox,
      wallet,
      identity: new IdentityStore(store),
      quiet: new QuietPeriods(store),
      drafts: { restore: async () => {} } as never,
      timing: () => ({ minTokenAgeS: MIN_AGE_S, mixWindowS: 30 }),
      paused: () => false,
      scopeFor: () => ({ company: null, purpose: 'talk' }),
      marks,
      onChange: () => {},
    })
  sender = newSender()
  return {
    store,
    wallet,
    outbox,
    marks,
    draws,
    draw,
    issued,
    writes,
    get sender() {
      return sender
    },
    /** The tab is closed and Watercooler opened again: a new Sender over the same store, recovering. */
    async reload() {
      sender.stop()
      sender = newSender()
      await sender.recover()
    },
    reply: (body: string) => postItem({ kind: 'reply', threadId: THREAD, title: '', body, label: 'alias', voiceId: 'null|talk' }, 0, MIN_AGE_S, undefined),
    stop() {
      draws.stop()
      sender.stop()
    },
  }
}
type Browser = ReturnType<typeof browser>

/** Last week's draw: tokens of 2026-W49, old enough, drawn five days before T0. */
async function drewLastWeek(b: Browser): Promise<void> {
  mock.timers.setTime(T0 - 5 * DAY)
  await b.wallet.drawAllowances([{ key: keyLastWeek, count: 5 }])
  await b.store.set('draws', { plan: { epoch: '2026-W49', at: T0 - 5 * DAY, done: { [keyLastWeek.keyId]: 'drawn' } }, ever: true })
  b.issued.length = 0 // from here on, only this week's draws
  mock.timers.setTime(T0)
}

describe('the web client keeps its draws and its anonymous writes apart (real Draws, Sender, Outbox)', () => {
  const realFetch = globalThis.fetch
  let current: Browser | null = null
  beforeEach(() => {
    mock.timers.enable({ apis: ['Date', 'setTimeout'], now: T0 })
  })
  afterEach(() => {
    current?.stop()
    current = null
    mock.timers.reset()
    globalThis.fetch = realFetch
  })
  /** Anonymous writes answer 201 (stored); each is recorded with the moment it left. */
  function network(b: Browser): void {
    let n = 0
    globalThis.fetch = (async (url: string) => {
      b.writes.push({ path: String(url), at: Date.now() })
      const postId = `1c2b3a49-5d6e-4f70-8a9b-0c1d2e3f4a${(n++).toString(16).padStart(2, '0')}`
      return new Response(JSON.stringify({ postId }), { status: 201, headers: { 'content-type': 'application/json' } })
    }) as typeof fetch
  }

  it('after a post, the draw stays at least the minimum token age away — even once the thread was read and the outbox dropped the post', async () => {
    const b = (current = browser({ fetchedAt: T0 - 3 * H }))
    network(b)
    await drewLastWeek(b)
    // This epoch's random moment is ten minutes away.
    await b.store.set('draws', { plan: { epoch: '2026-W50', at: T0 + 10 * MIN, done: {} }, ever: true })
    await b.draws.schedule()
    assert.equal(b.draw.nextAt, T0 + 10 * MIN)

    const sent = await b.sender.enqueue(b.reply('Paid with last week’s token'))
    assert.equal(sent.state, 'stored')
    assert.deepEqual(b.writes.map((w) => w.at), [T0], 'an old token, a draw long ago: out at once')

    // 75 s later the quiet period is over and the thread is read: the outbox drops the stored reply.
    mock.timers.setTime(T0 + 75 * S)
    const left = await b.outbox.drop(shownInThread(THREAD, [{ id: sent.postId!, revision: 0 }]))
    assert.equal(left.length, 0, 'the outbox no longer knows about the post')

    // The planned moment comes: no draw ten minutes after a post.
    await jumpTo(T0 + 10 * MIN)
    assert.equal(b.issued.length, 0, `a draw ${((b.issued[0]?.at ?? 0) - T0) / MIN} min after the post`)
    assert.equal(b.draw.status, 'scheduled')
    assert.ok(b.draw.nextAt! >= T0 + AGE && b.draw.nextAt! <= T0 + 2 * AGE, `drawing ${(b.draw.nextAt! - T0) / MIN} min after the post`)
    // A directory refresh schedules again: still apart (the distance was picked once, and kept).
    const planned = b.draw.nextAt
    await b.draws.schedule()
    assert.equal(b.draw.nextAt, planned)

    await jumpTo(planned!)
    assert.equal(b.issued.length, 1, 'then it draws')
    assert.ok(b.issued[0]!.at - T0 >= AGE, `drew ${(b.issued[0]!.at - T0) / MIN} min after the post`)
  })

  it('a draw in this visit, then a post paid with an older token: held to draw + 6–30 h, with the tab open', async () => {
    const b = (current = browser({ fetchedAt: T0 - 3 * H }))
    network(b)
    await drewLastWeek(b)
    // This epoch's moment passed two days ago with no tab open: this visit draws a few minutes in.
    await b.store.set('draws', { plan: { epoch: '2026-W50', at: T0 - 2 * DAY, done: {} }, ever: true })
    await b.draws.schedule()
    const drawAt = b.draw.nextAt!
    assert.ok(drawAt >= T0 + 2 * MIN && drawAt <= T0 + 12 * MIN, 'overdue: 2–12 minutes into the visit')
    await jumpTo(drawAt)
    assert.equal(b.issued.length, 1)
    const D = b.issued[0]!.at

    mock.timers.setTime(D + 5 * MIN)
    const item = await b.sender.enqueue(b.reply('Written in the visit that drew'))
    assert.equal(item.state, 'waiting')
    assert.equal(item.wait, 'hold')
    assert.ok(item.sendAt >= D + 6 * H && item.sendAt <= D + 30 * H, `planned ${(item.sendAt - D) / H} h after the draw`)
    assert.equal(b.writes.length, 0, 'nothing sent in the visit that drew')

    // The tab stays open: nothing goes out before its moment (the timer looks every minute)…
    for (let t = D + 10 * MIN; t < item.sendAt - MIN; t += 37 * MIN) await jumpTo(t)
    assert.equal(b.writes.length, 0)
    // …and at its moment it does.
    await jumpTo(item.sendAt)
    assert.equal(b.writes.length, 1)
    assert.ok(b.writes[0]!.at - D >= 6 * H, `sent ${(b.writes[0]!.at - D) / H} h after the draw`)
    assert.equal(await b.marks.lastAnonymousWriteAt(), b.writes[0]!.at, 'noted for the next draw')
  })

  it('the same post with the tab closed at its moment: out 10–60 s after the next load, not at the draw’s offset', async () => {
    const b = (current = browser({ fetchedAt: T0 - 3 * H }))
    network(b)
    await drewLastWeek(b)
    await b.store.set('draws', { plan: { epoch: '2026-W50', at: T0 - 2 * DAY, done: {} }, ever: true })
    await b.draws.schedule()
    await jumpTo(b.draw.nextAt!)
    const D = b.issued[0]!.at
    mock.timers.setTime(D + 3 * MIN)
    const item = await b.sender.enqueue(b.reply('Written, then the tab closed'))
    assert.equal(item.wait, 'hold')
    b.stop()

    // Opened again two days later.
    const load = D + 2 * DAY
    mock.timers.setTime(load)
    await b.reload()
    const [waiting] = await b.outbox.list()
    assert.ok(waiting!.sendAt >= load + 10 * S && waiting!.sendAt <= load + 60 * S, `${(waiting!.sendAt - load) / S} s after the load`)
    await jumpTo(waiting!.sendAt)
    assert.equal(b.writes.length, 1)
    assert.ok(b.writes[0]!.at >= waiting!.sendAt && b.writes[0]!.at <= load + 61 * S, `sent ${(b.writes[0]!.at - load) / S} s after the load`)
  })

  it('a newcomer’s post with fresh tokens only: out between minAge and 4 × minAge after the draw; "publish later" holds it instead', async () => {
    const b = (current = browser({ fetchedAt: T0 - 3 * H }))
    network(b)
    await b.draws.schedule()
    assert.ok(b.draw.nextAt! <= T0 + 2 * MIN, 'a newcomer draws within two minutes')
    await jumpTo(b.draw.nextAt!)
    assert.equal(b.issued.length, 1)
    const D = b.issued[0]!.at

    mock.timers.setTime(D + MIN)
    const first = await b.sender.enqueue(b.reply('My first post'))
    assert.equal(first.wait, 'age')
    assert.ok(first.sendAt >= D + AGE && first.sendAt <= D + 4 * AGE, `planned ${(first.sendAt - D) / H} h after the draw`)
    const second = await b.sender.enqueue(b.reply('Another one, safer'))
    assert.equal(second.wait, 'age')
    await b.sender.sendLater(second.id)
    const later = (await b.outbox.list()).find((p) => p.id === second.id)!
    assert.equal(later.wait, 'hold')
    assert.ok(later.sendAt >= D + 6 * H && later.sendAt <= D + 30 * H, `"later": ${(later.sendAt - D) / H} h after the draw`)

    await jumpTo(first.sendAt)
    assert.equal(b.writes.length, 1)
    assert.ok(b.writes[0]!.at - D >= AGE && b.writes[0]!.at - D <= 4 * AGE, `sent ${(b.writes[0]!.at - D) / H} h after the draw`)
  })

  it('a new verification after this browser wrote: the draw keeps its distance from the write, not the newcomer’s two minutes', async () => {
    const b = (current = browser({ fetchedAt: T0 - 3 * H }))
    network(b)
    await drewLastWeek(b)
    await b.store.set('draws', { plan: { epoch: '2026-W50', at: T0 + 3 * DAY, done: {} }, ever: true })
    await b.draws.schedule()
    await b.sender.enqueue(b.reply('Before verifying at a second company'))
    assert.deepEqual(b.writes.map((w) => w.at), [T0])

    mock.timers.setTime(T0 + 30 * S)
    b.draws.newcomer()
    await settle()
    assert.ok(b.draw.nextAt! >= T0 + AGE && b.draw.nextAt! <= T0 + 2 * AGE, `drawing ${(b.draw.nextAt! - T0) / MIN} min after the post`)
    await jumpTo(T0 + 3 * MIN)
    assert.equal(b.issued.length, 0, 'not within two minutes of the post')
    await jumpTo(b.draw.nextAt!)
    assert.equal(b.issued.length, 1)
    assert.ok(b.issued[0]!.at - T0 >= AGE)
  })

  it('a browser that never wrote is a newcomer: it draws within two minutes of the new verification', async () => {
    const b = (current = browser({ fetchedAt: T0 - 3 * H }))
    await drewLastWeek(b)
    await b.store.set('draws', { plan: { epoch: '2026-W50', at: T0 + 3 * DAY, done: {} }, ever: true })
    b.draws.newcomer()
    await settle()
    assert.ok(b.draw.nextAt! <= T0 + 2 * MIN)
    await jumpTo(b.draw.nextAt!)
    assert.equal(b.issued.length, 1)
    assert.ok(b.issued[0]!.at - T0 <= 2 * MIN)
  })
})
