/**
 * Votes, poll answers and images in the web client (DESIGN §2–§4), driven through the REAL Draws,
 * Sender, Outbox, VoteQueue, Reactions, TimingMarks, IdentityStore and TokenWallet on a controlled
 * clock (node:test mock timers for Date and setTimeout). Only the network (fetch), the blinding
 * (no RSA here: the server is not under test) and IndexedDB (an in-memory store that keeps Blobs
 * as they are) are stand-ins.
 *
 * - the weekly batch draw takes the null `react` key's whole quota with the rest; a vote with no
 *   `react` token waits for that draw and never makes one;
 * - a key's first vote on a post spends a `react` token, and goes out when the timing policy says
 *   (held 6–30 h after a draw in the same visit; a fresh-tokens-only vote minAge–4 × minAge after);
 * - changing or withdrawing it spends none (and is timed by the same policy: held after a draw);
 * - a poll answer spends one `react` token, one answer per poll;
 * - a post's images are uploaded when the post goes out — not before — each with the post's own
 *   token, and the post names their ids (signed over the v2 tuple); a failed upload waits and
 *   retries with the same token, without uploading again what was answered;
 * - images and polls are checked before anything is queued; a poll's closing time is counted from
 *   the moment the post goes out, on a whole hour.
 */
import assert from 'node:assert/strict'
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto'
import { afterEach, beforeEach, describe, it, mock } from 'node:test'
import type { Me } from '../../shared/src/api/index.js'
import { TALK_FORUM, TALK_TOKENS } from '../../shared/src/api/limits.js'
import { fromBase64url, toBase64url } from '../../shared/src/talk/base64url.js'
import type { Blinder } from '../../shared/src/talk/draw.js'
import { verifyAnyPostSignature, verifyPollAnswerSignature, verifyReportSignature, verifyVoteSignature, verifyWriteState } from '../../shared/src/talk/signing.js'
import { keyIdOfSpki } from '../../shared/src/talk/tokens.js'
import { TokenWallet, type KeyDirectoryEntry } from '../../shared/src/talk/wallet.js'
import { checkComposeInput } from '../../web/src/talk/compose-checks.js'
import { Draws, type DrawStatus } from '../../web/src/talk/draws.js'
import { ComposeInputError, WriteRefusedError } from '../../web/src/talk/errors.js'
import type { IdbStore } from '../../web/src/talk/idb.js'
import { IdentityStore } from '../../web/src/talk/identity.js'
import type { KeyState } from '../../web/src/talk/key-checks.js'
import { DRAFT_IMAGE_GRACE_MS, draftImageItemId, Outbox, OUTBOX_IMAGE_PREFIX, outboxImageRefs, type OutboxEntry } from '../../web/src/talk/outbox.js'
import { postItem, shownInThread } from '../../web/src/talk/outbox-items.js'
import { QuietPeriods } from '../../web/src/talk/quiet.js'
import { Reactions } from '../../web/src/talk/reactions.js'
import { REACT_SCOPE, Sender } from '../../web/src/talk/sender.js'
import { TimingMarks } from '../../web/src/talk/timing-marks.js'
import { ownReactions, ownReports, VoteQueue } from '../../web/src/talk/vote-queue.js'
import { pollClosesAt } from '../../web/src/talk/write-requests.js'

const S = 1000
const MIN = 60 * S
const H = 60 * MIN
const DAY = 24 * H
const MIN_AGE_S = 3600
const AGE = MIN_AGE_S * S
/** Wednesday 9 December 2026, noon UTC: in 2026-W50, far from its ends. */
const T0 = Date.UTC(2026, 11, 9, 12, 0, 0)
const THREAD = '9d3c1f7e-2b4a-4c6d-8e9f-0a1b2c3d4e5f'
const POST = '3e2d1c0b-9a8f-4e7d-8c6b-5a4f3e2d1c0b'
const TALK = { company: null, purpose: 'talk' }

const realSetTimeout = globalThis.setTimeout
async function settle(): Promise<void> {
  for (let i = 0; i < 8; i++) await new Promise((r) => realSetTimeout(r, 3))
}
/** Waits (real time) until `done` holds: a draw hashes keys off the main thread, which a busy machine makes slow. */
async function until(done: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (await done()) return
    await new Promise((r) => realSetTimeout(r, 5))
  }
  assert.fail(`still not: ${what}`)
}
/** Moves the clock to `t` and fires whatever timers are due by then, as a tab left open would. */
async function jumpTo(t: number): Promise<void> {
  mock.timers.setTime(t)
  mock.timers.tick(1)
  await settle()
  mock.timers.tick(0)
  await settle()
}

/** IndexedDB's part of IdbStore in memory: JSON values as text, Blobs as they are (putBlob). */
class MemoryIdb {
  readonly name = 'wc-talk-reactions-test'
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

const me = {
  id: '7b1f3c52-8a7e-4f0a-9d7e-3c8f0b2a1d44',
  name: 'A Member',
  handle: 'a-member',
  email: 'a@example.com',
  employments: [{ id: 'e', company: { slug: 'acme', name: 'Acme' }, method: 'email', verifiedAt: '2026-01-05', expiresOn: '2027-01-05', status: 'current', showOnProfile: false }],
} as unknown as Me

async function issuerKey(purpose: string, epoch: string): Promise<KeyDirectoryEntry> {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const spki = new Uint8Array(publicKey.export({ type: 'spki', format: 'der' }))
  return { keyId: await keyIdOfSpki(spki), company: null, purpose, epoch, publicKey: toBase64url(spki) }
}
const talkThisWeek = await issuerKey('talk', '2026-W50')
const reactThisWeek = await issuerKey('react', '2026-W50')
const talkLastWeek = await issuerKey('talk', '2026-W49')
const reactLastWeek = await issuerKey('react', '2026-W49')

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

/** An anonymous request as it left: path, when, and its body (JSON, or an upload's form fields). */
interface Sent {
  path: string
  at: number
  credentials: RequestCredentials | undefined
  body: any
  form?: { token: any; file: Blob & { name?: string } } | undefined
}

function browser(opts: { fetchedAt: number }) {
  const store = new MemoryIdb()
  const idb = store as unknown as IdbStore
  const issued: { keyId: string; count: number; at: number }[] = []
  const sent: Sent[] = []
  const wallet = new TokenWallet({
    store: idb,
    blinder: fakeBlinder,
    now: () => Date.now(),
    fetchSignatures: async (keyId, blinded) => {
      issued.push({ keyId, count: blinded.length, at: Date.now() })
      return blinded.map(() => 'sig')
    },
  })
  const keys: KeyState = {
    directory: {
      keys: [talkThisWeek, reactThisWeek].map((k) => ({ ...k, anonymitySet: 20 })),
      minTokenAgeS: MIN_AGE_S,
      mixWindowS: 30,
      logHead: { seq: 1, hash: 'h' },
    } as unknown as KeyState['directory'],
    fetchedAt: opts.fetchedAt,
    pins: {},
    head: { seq: 1, hash: 'h' },
    seen: {},
    failure: null,
  }
  const marks = new TimingMarks(idb)
  const outbox = new Outbox(idb)
  const reactions = new Reactions(idb)
  const identity = new IdentityStore(idb)
  const draw = { status: 'waiting' as DrawStatus, nextAt: null as number | null }
  const sender: Sender = new Sender({
    outbox,
    wallet,
    identity,
    quiet: new QuietPeriods(idb),
    drafts: { restore: async () => {} } as never,
    timing: () => ({ minTokenAgeS: MIN_AGE_S, mixWindowS: 30 }),
    paused: () => false,
    scopeFor: () => TALK,
    marks,
    reactions,
    onChange: () => {},
  })
  const draws = new Draws({
    store: idb,
    wallet,
    me: () => me,
    keys: () => keys,
    paused: () => false,
    needDirectory: () => {},
    marks,
    onChange: (status, nextAt) => {
      Object.assign(draw, { status, nextAt })
      // As the runtime does: tokens arrived (or a draw was planned), the outbox is planned again.
      if (status === 'done' || status === 'scheduled') void sender.replan()
    },
  })
  const queue = new VoteQueue({ outbox, sender, reactions, identity, minTokenAgeS: () => MIN_AGE_S })
  return {
    store,
    wallet,
    outbox,
    reactions,
    identity,
    marks,
    draws,
    draw,
    issued,
    sent,
    sender,
    queue,
    /** The vote item on POST, newest last. */
    async votes(): Promise<OutboxEntry[]> {
      return (await outbox.list()).filter((p) => p.kind === 'vote' && p.postId === POST).sort((a, b) => a.createdAt - b.createdAt)
    },
    async reactTokens() {
      return wallet.count(REACT_SCOPE)
    },
    stop() {
      draws.stop()
      sender.stop()
    },
  }
}
type Browser = ReturnType<typeof browser>

/** Last week's draw: talk and react tokens of 2026-W49, old enough, drawn five days before T0. */
async function drewLastWeek(b: Browser, plannedAt: number): Promise<void> {
  mock.timers.setTime(T0 - 5 * DAY)
  await b.wallet.drawAllowances([
    { key: talkLastWeek, count: 5 },
    { key: reactLastWeek, count: 5 },
  ])
  await b.store.set('draws', { plan: { epoch: '2026-W50', at: plannedAt, done: {} }, ever: true })
  b.issued.length = 0
  mock.timers.setTime(T0)
}

/** This week's draw happens now-ish, in this visit (its planned moment passed with no tab open). */
async function drawInThisVisit(b: Browser): Promise<number> {
  await b.store.set('draws', { plan: { epoch: '2026-W50', at: Date.now() - 2 * DAY, done: {} }, ever: true })
  await b.draws.schedule()
  await jumpTo(b.draw.nextAt!)
  await drawn(b)
  assert.equal(b.issued.length, 2, 'the talk and react keys, in one batch')
  return Math.max(...b.issued.map((i) => i.at))
}

/** The draw under way has finished, and the outbox was planned again after it. */
async function drawn(b: Browser): Promise<void> {
  await until(() => b.draw.status === 'done', 'the draw is done')
  await settle()
}

describe('votes, poll answers and images in the web client (real Draws, Sender, Outbox, VoteQueue)', () => {
  const realFetch = globalThis.fetch
  let current: Browser | null = null
  /** Answers to hand out before the usual 201 for a path (by its start), one each. */
  let failures: { path: string; status: number; code: string }[] = []
  beforeEach(() => {
    mock.timers.enable({ apis: ['Date', 'setTimeout'], now: T0 })
    failures = []
  })
  afterEach(() => {
    current?.stop()
    current = null
    mock.timers.reset()
    globalThis.fetch = realFetch
  })

  function network(b: Browser): void {
    globalThis.fetch = (async (url: string, init: RequestInit) => {
      const path = String(url)
      const entry: Sent = { path, at: Date.now(), credentials: init.credentials, body: undefined }
      if (init.body instanceof FormData) {
        entry.form = { token: JSON.parse(String(init.body.get('token'))), file: init.body.get('file') as Blob }
      } else if (typeof init.body === 'string') entry.body = JSON.parse(init.body)
      b.sent.push(entry)
      const failure = failures.findIndex((f) => path.startsWith(f.path))
      if (failure >= 0) {
        const [f] = failures.splice(failure, 1)
        return new Response(JSON.stringify({ type: 'about:blank', title: f!.code, status: f!.status, detail: f!.code, code: f!.code }), { status: f!.status })
      }
      const json = (v: unknown) => new Response(JSON.stringify(v), { status: 201, headers: { 'content-type': 'application/json' } })
      if (path === '/api/v1/talk/images') return json({ imageId: randomUUID(), mediaType: 'image/png', width: 10, height: 10, bytes: 100 })
      if (path === '/api/v1/talk/votes') return json({ postId: entry.body.postId, value: entry.body.value })
      if (path.startsWith('/api/v1/talk/polls/')) return json({ pollId: THREAD })
      return json({ postId: randomUUID() })
    }) as typeof fetch
  }

  it('the weekly batch draws the react key’s whole quota with the talk key, at the same moment', async () => {
    const b = (current = browser({ fetchedAt: T0 - 3 * H }))
    network(b)
    await b.draws.schedule()
    assert.ok(b.draw.nextAt! <= T0 + 2 * MIN, 'a newcomer draws within two minutes')
    await jumpTo(b.draw.nextAt!)
    await drawn(b)
    assert.deepEqual(
      b.issued.map((i) => i.keyId).sort(),
      [talkThisWeek.keyId, reactThisWeek.keyId].sort(),
      'every verified member draws the null react key with the rest',
    )
    const react = b.issued.find((i) => i.keyId === reactThisWeek.keyId)!
    assert.equal(react.count, TALK_TOKENS.quota.react, 'its whole weekly quota')
    assert.equal(await b.reactTokens(), TALK_TOKENS.quota.react)
    assert.ok(Math.max(...b.issued.map((i) => i.at)) - Math.min(...b.issued.map((i) => i.at)) < MIN, 'one batch')
    assert.equal(b.sent.length, 0)
  })

  it('a vote with no react token waits for the planned draw — it never makes one — then goes out minAge–4 × minAge after it', async () => {
    const b = (current = browser({ fetchedAt: T0 - 3 * H }))
    network(b)
    // Drew last week before react keys existed (talk tokens only); this week's moment is in three days.
    mock.timers.setTime(T0 - 5 * DAY)
    await b.wallet.drawAllowances([{ key: talkLastWeek, count: 5 }])
    await b.store.set('draws', { plan: { epoch: '2026-W50', at: T0 + 3 * DAY, done: {} }, ever: true })
    b.issued.length = 0
    mock.timers.setTime(T0)
    await b.draws.schedule()
    assert.equal(b.draw.nextAt, T0 + 3 * DAY)

    await b.queue.vote({ threadId: THREAD, postId: POST, value: 1 })
    const [waiting] = await b.votes()
    assert.equal(waiting!.wait, 'tokens')
    assert.equal(waiting!.sendAt, Infinity)
    await jumpTo(T0 + 2 * H)
    assert.equal(b.issued.length, 0, 'no draw because of a vote')
    assert.equal(b.draw.nextAt, T0 + 3 * DAY, 'the draw keeps its own moment')
    assert.equal(b.sent.length, 0)

    await jumpTo(T0 + 3 * DAY)
    await drawn(b)
    assert.equal(b.issued.length, 2)
    const D = Math.max(...b.issued.map((i) => i.at))
    await until(async () => (await b.votes())[0]!.wait !== 'tokens', 'the vote is planned again after the draw')
    const [aged] = await b.votes()
    assert.equal(aged!.wait, 'age', 'only fresh react tokens: the token-age window, as for a post')
    assert.ok(aged!.sendAt >= D + AGE && aged!.sendAt <= D + 4 * AGE, `planned ${(aged!.sendAt - D) / H} h after the draw`)
    await jumpTo(aged!.sendAt - MIN)
    assert.equal(b.sent.length, 0)
    await jumpTo(aged!.sendAt)
    assert.equal(b.sent.length, 1)
    assert.equal(b.sent[0]!.body.token.keyId, reactThisWeek.keyId)
  })

  it('a first vote spends one react token, and right after a draw it is held 6–30 h like a post', async () => {
    const b = (current = browser({ fetchedAt: T0 - 3 * H }))
    network(b)
    await drewLastWeek(b, T0 + 3 * DAY)
    const D = await drawInThisVisit(b)
    const talkBefore = await b.wallet.count(TALK)
    const reactBefore = await b.reactTokens()

    mock.timers.setTime(D + 5 * MIN)
    await b.queue.vote({ threadId: THREAD, postId: POST, value: 1 })
    const [item] = await b.votes()
    assert.equal(item!.firstVote, true)
    assert.equal(item!.wait, 'hold')
    assert.ok(item!.sendAt >= D + 6 * H && item!.sendAt <= D + 30 * H, `planned ${(item!.sendAt - D) / H} h after the draw`)
    assert.equal(ownReactions(b.reactions, await b.outbox.list()).votes[POST]?.pending, true, 'shown as ours, pending')

    for (let t = D + 10 * MIN; t < item!.sendAt - MIN; t += 47 * MIN) await jumpTo(t)
    assert.equal(b.sent.length, 0, 'nothing in the visit that drew')
    await jumpTo(item!.sendAt)
    assert.equal(b.sent.length, 1)
    const vote = b.sent[0]!
    assert.equal(vote.path, '/api/v1/talk/votes')
    assert.equal(vote.credentials, 'omit')
    assert.ok(vote.at - D >= 6 * H)
    assert.equal(vote.body.token.keyId, reactLastWeek.keyId, 'a react token, the oldest epoch first')
    assert.ok(verifyVoteSignature(vote.body.author, { postId: POST, value: 1, tokenMessage: vote.body.token.message }))
    assert.equal((await b.identity.postingIdentity(THREAD)).publicKey, vote.body.author.publicKey, "the thread's pseudonym key")
    assert.equal(await b.reactTokens(), reactBefore - 1, 'one react token')
    assert.equal(await b.wallet.count(TALK), talkBefore, 'no talk token')
    assert.equal(await b.wallet.isSpent(vote.body.token.message), true)
    const mine = ownReactions(b.reactions, await b.outbox.list()).votes[POST]
    assert.deepEqual(mine, { value: 1, pending: false }, 'stored, and remembered')
  })

  it('changing or withdrawing a vote spends no token — and a change right after a draw is held like an edit', async () => {
    const b = (current = browser({ fetchedAt: T0 - 3 * H }))
    network(b)
    await drewLastWeek(b, T0 + 3 * DAY)
    await b.draws.schedule()
    await b.queue.vote({ threadId: THREAD, postId: POST, value: 1 })
    assert.equal(b.sent.length, 1, 'an old token, a draw long ago: out at once')
    assert.ok(b.sent[0]!.body.token)
    const reactAfterFirst = await b.reactTokens()

    mock.timers.setTime(T0 + 2 * MIN)
    await b.queue.vote({ threadId: THREAD, postId: POST, value: 1 })
    assert.equal(b.sent.length, 1, 'the same value again: nothing')
    await b.queue.vote({ threadId: THREAD, postId: POST, value: -1 })
    assert.equal(b.sent.length, 2)
    const change = b.sent[1]!
    assert.equal(change.body.token, undefined, 'a change carries no token')
    assert.equal(change.body.value, -1)
    assert.ok(verifyVoteSignature(change.body.author, { postId: POST, value: -1, tokenMessage: '' }))
    assert.equal(change.body.author.publicKey, b.sent[0]!.body.author.publicKey, 'the same key')
    mock.timers.setTime(T0 + 3 * MIN)
    await b.queue.vote({ threadId: THREAD, postId: POST, value: 0 })
    assert.equal(b.sent.length, 3)
    assert.equal(b.sent[2]!.body.token, undefined, 'a withdrawal carries none')
    assert.equal(await b.reactTokens(), reactAfterFirst, 'no token spent by either')
    assert.deepEqual(ownReactions(b.reactions, await b.outbox.list()).votes[POST], { value: 0, pending: false })

    // This week's draw comes; a change in that visit spends no token but is still timed: held.
    await jumpTo(T0 + 3 * DAY)
    await drawn(b)
    assert.equal(b.issued.length, 2)
    const D = Math.max(...b.issued.map((i) => i.at))
    mock.timers.setTime(D + MIN)
    await b.queue.vote({ threadId: THREAD, postId: POST, value: 1 })
    const held = (await b.votes()).at(-1)!
    assert.equal(held.firstVote, false)
    assert.equal(held.wait, 'hold')
    assert.ok(held.sendAt >= D + 6 * H && held.sendAt <= D + 30 * H)
    assert.equal(b.sent.length, 3)
    // Clicked again before it left: changed in place, then dropped when back to what the server has.
    await b.queue.vote({ threadId: THREAD, postId: POST, value: -1 })
    assert.equal((await b.votes()).filter((p) => p.state === 'waiting').length, 1)
    assert.equal((await b.votes()).at(-1)!.value, -1)
    await b.queue.vote({ threadId: THREAD, postId: POST, value: 0 })
    assert.equal((await b.votes()).filter((p) => p.state === 'waiting').length, 0, 'back to the stored 0: no write at all')
    assert.equal(b.sent.length, 3)
  })

  it('a report spends one react token and is timed exactly like a first vote: held 6–30 h right after a draw; one per post', async () => {
    const b = (current = browser({ fetchedAt: T0 - 3 * H }))
    network(b)
    await drewLastWeek(b, T0 + 3 * DAY)
    const D = await drawInThisVisit(b)
    const reactBefore = await b.reactTokens()
    const talkBefore = await b.wallet.count(TALK)

    mock.timers.setTime(D + 5 * MIN)
    assert.equal(await b.queue.report({ threadId: THREAD, postId: POST, reason: 'harassment' }), true)
    const item = (await b.outbox.list()).find((p) => p.kind === 'report')!
    assert.equal(item.wait, 'hold', 'right after a draw: held, as a vote would be')
    assert.ok(item.sendAt >= D + 6 * H && item.sendAt <= D + 30 * H, `planned ${(item.sendAt - D) / H} h after the draw`)
    assert.deepEqual(ownReports(b.reactions, await b.outbox.list())[POST], { reason: 'harassment', state: 'waiting', sendAt: item.sendAt, wait: 'hold' }, '"will be sent", with its moment')
    assert.equal(await b.queue.report({ threadId: THREAD, postId: POST, reason: 'spam' }), false, 'not a second one while the first waits')

    for (let t = D + 10 * MIN; t < item.sendAt - MIN; t += 47 * MIN) await jumpTo(t)
    assert.equal(b.sent.length, 0, 'nothing in the visit that drew')
    await jumpTo(item.sendAt)
    assert.equal(b.sent.length, 1)
    const report = b.sent[0]!
    assert.equal(report.path, '/api/v1/talk/reports')
    assert.equal(report.credentials, 'omit')
    assert.deepEqual([report.body.postId, report.body.reason], [POST, 'harassment'])
    assert.equal(report.body.token.keyId, reactLastWeek.keyId, 'a react token, the oldest epoch first')
    assert.ok(verifyReportSignature(report.body.author, { postId: POST, reason: 'harassment', tokenMessage: report.body.token.message }))
    assert.equal((await b.identity.postingIdentity(THREAD)).publicKey, report.body.author.publicKey, "the thread's pseudonym key")
    assert.equal(await b.reactTokens(), reactBefore - 1, 'one react token')
    assert.equal(await b.wallet.count(TALK), talkBefore, 'no talk token')
    const sent = (await b.outbox.list()).find((p) => p.kind === 'report')!
    assert.ok(verifyWriteState(report.body.author.publicKey, sent.request!.stateProof!, POST, 'report'), 'its outcome is asked by its own key')
    assert.deepEqual(ownReports(b.reactions, await b.outbox.list())[POST], { reason: 'harassment', state: 'stored' })

    // Remembered after the outbox dropped it (the thread was read again): still not offered.
    await b.outbox.drop(shownInThread(THREAD, [{ id: POST, revision: 0 }]))
    assert.equal((await b.outbox.list()).some((p) => p.kind === 'report'), false)
    assert.equal(await b.queue.report({ threadId: THREAD, postId: POST, reason: 'spam' }), false)
    assert.equal(b.sent.length, 1)
  })

  it('a report refused for a spent token is paid again minutes later, never at once', async () => {
    const b = (current = browser({ fetchedAt: T0 - 3 * H }))
    network(b)
    await drewLastWeek(b, T0 + 3 * DAY)
    await b.draws.schedule()
    failures = [{ path: '/api/v1/talk/reports', status: 409, code: 'token_spent' }]
    await b.queue.report({ threadId: THREAD, postId: POST, reason: 'spam' })
    assert.equal(b.sent.length, 1, 'an old token, a draw long ago: out at once')
    const again = (await b.outbox.list()).find((p) => p.kind === 'report')!
    assert.equal(again.wait, 'respend')
    assert.ok(again.sendAt >= T0 + 2 * MIN, 'minutes later')
    assert.equal(ownReports(b.reactions, await b.outbox.list())[POST]?.state, 'waiting')
    await jumpTo(again.sendAt)
    assert.equal(b.sent.length, 2)
    assert.notEqual(b.sent[1]!.body.token.message, b.sent[0]!.body.token.message, 'another token')
    assert.equal(ownReports(b.reactions, await b.outbox.list())[POST]?.state, 'stored')
  })

  it('a poll answer spends one react token; one answer per poll', async () => {
    const b = (current = browser({ fetchedAt: T0 - 3 * H }))
    network(b)
    await drewLastWeek(b, T0 + 3 * DAY)
    await b.draws.schedule()
    const reactBefore = await b.reactTokens()
    const talkBefore = await b.wallet.count(TALK)
    await b.queue.answer({ threadId: THREAD, pollId: THREAD, option: 2 })
    assert.equal(b.sent.length, 1)
    const answer = b.sent[0]!
    assert.equal(answer.path, `/api/v1/talk/polls/${THREAD}/answers`)
    assert.equal(answer.body.option, 2)
    assert.equal(answer.body.token.keyId, reactLastWeek.keyId)
    assert.ok(verifyPollAnswerSignature(answer.body.author, { pollId: THREAD, option: 2, tokenMessage: answer.body.token.message }))
    assert.equal(await b.reactTokens(), reactBefore - 1)
    assert.equal(await b.wallet.count(TALK), talkBefore)
    assert.deepEqual(ownReactions(b.reactions, await b.outbox.list()).answers[THREAD], { option: 2, pending: false })

    await b.queue.answer({ threadId: THREAD, pollId: THREAD, option: 2 })
    await assert.rejects(b.queue.answer({ threadId: THREAD, pollId: THREAD, option: 0 }), (e: unknown) => e instanceof WriteRefusedError && e.code === 'already_answered')
    assert.equal(b.sent.length, 1, 'answers are final')
  })

  it('images go up when the post goes out — not before — each with the post’s own token, and the post names them', async () => {
    const b = (current = browser({ fetchedAt: T0 - 3 * H }))
    network(b)
    await drewLastWeek(b, T0 + 3 * DAY)
    const D = await drawInThisVisit(b)

    mock.timers.setTime(D + 5 * MIN)
    const item = postItem({ kind: 'reply', threadId: THREAD, title: '', body: 'See the memo', label: 'alias', voiceId: 'null|talk' }, 0, MIN_AGE_S, undefined)
    const pictures = [new File([png(1)], 'jane-doe-payslip.png', { type: 'image/png' }), new Blob([png(2)], { type: 'image/png' })]
    item.imageRefs = await b.outbox.saveImages(item.id, pictures)
    const queued = await b.sender.enqueue(item)
    assert.equal(queued.wait, 'hold', 'a post with images is timed like any post')
    await jumpTo(queued.sendAt - MIN)
    assert.equal(b.sent.length, 0, 'no upload before the post’s moment')

    await jumpTo(queued.sendAt)
    assert.deepEqual(
      b.sent.map((s) => s.path),
      ['/api/v1/talk/images', '/api/v1/talk/images', `/api/v1/talk/threads/${THREAD}/posts`],
    )
    const [first, second, post] = b.sent
    assert.ok(post!.at - first!.at < MIN, 'right before the post')
    assert.ok(b.sent.every((s) => s.credentials === 'omit'))
    assert.deepEqual(first!.form!.token, post!.body.token, 'the post’s own token')
    assert.deepEqual(second!.form!.token, post!.body.token)
    assert.equal(first!.form!.file.name, 'image', 'never the member’s file name')
    assert.deepEqual(new Uint8Array(await first!.form!.file.arrayBuffer()), png(1))
    const [stored] = await b.outbox.list()
    assert.equal(stored!.state, 'stored')
    assert.deepEqual(post!.body.imageIds, stored!.imageIds, 'the ids the uploads answered, in order')
    assert.equal(post!.body.imageIds.length, 2)
    assert.ok(
      verifyAnyPostSignature(post!.body.author, { threadId: THREAD, title: '', body: 'See the memo', label: 'alias', tokenMessage: post!.body.token.message, channel: 'general', imageIds: post!.body.imageIds, poll: null }),
      'signed over the v2 tuple with the image ids',
    )
    assert.equal((await b.store.keys(OUTBOX_IMAGE_PREFIX)).length, 2, 'shown from here until the thread is read again')
    await b.outbox.drop(shownInThread(THREAD, [{ id: stored!.postId!, revision: 0 }]))
    await b.outbox.collectImages([])
    assert.equal((await b.store.keys(OUTBOX_IMAGE_PREFIX)).length, 0, 'then deleted')
  })

  it('a collection under way keeps images held before they were written, and those picked for a draft lately in any tab', async () => {
    const b = (current = browser({ fetchedAt: T0 - 3 * H }))
    const png1 = new Blob([png(1)], { type: 'image/png' })
    // This tab: the refs are held, then the images written, while a collection that began before runs.
    const held = new Set<string>()
    const mine = outboxImageRefs('draft-here', 1)
    const collecting = b.outbox.collectImages([], held, T0)
    for (const r of mine) held.add(r)
    await b.outbox.saveImages('draft-here', [png1])
    await collecting
    await b.outbox.collectImages([], held, T0)
    assert.deepEqual(await b.store.keys(OUTBOX_IMAGE_PREFIX), mine, 'held: kept')
    held.clear()
    // Another tab picked images for a draft it has not saved yet: this tab does not hold them.
    const picked = draftImageItemId(T0)
    await b.outbox.saveImages(picked, [png1, png1])
    await b.outbox.collectImages([], held, T0 + DRAFT_IMAGE_GRACE_MS - 1)
    assert.deepEqual((await b.store.keys(OUTBOX_IMAGE_PREFIX)).sort(), outboxImageRefs(picked, 2), 'the unheld one goes; those picked lately stay')
    await b.outbox.collectImages(outboxImageRefs(picked, 1), held, T0 + DRAFT_IMAGE_GRACE_MS)
    assert.deepEqual(await b.store.keys(OUTBOX_IMAGE_PREFIX), outboxImageRefs(picked, 1), 'after the grace, only what a draft holds')
  })

  it('a failed upload waits and retries with the same token; what was uploaded is not sent again, nothing is lost', async () => {
    const b = (current = browser({ fetchedAt: T0 - 3 * H }))
    network(b)
    await drewLastWeek(b, T0 + 3 * DAY)
    await b.draws.schedule()
    const talkBefore = await b.wallet.count(TALK)
    const item = postItem({ kind: 'reply', threadId: THREAD, title: '', body: 'Two pictures', label: 'alias', voiceId: 'null|talk' }, 0, MIN_AGE_S, undefined)
    item.imageRefs = await b.outbox.saveImages(item.id, [new Blob([png(1)], { type: 'image/png' }), new Blob([png(2)], { type: 'image/png' })])
    // The first upload goes through, the second meets a busy server.
    b.sent.length = 0
    let uploads = 0
    const base = globalThis.fetch
    globalThis.fetch = (async (url: string, init: RequestInit) => {
      if (String(url) === '/api/v1/talk/images' && ++uploads === 2) failures.push({ path: '/api/v1/talk/images', status: 503, code: 'uploads_busy' })
      return base(url, init)
    }) as typeof fetch
    const queued = await b.sender.enqueue(item)
    assert.equal(queued.state, 'waiting', 'not sent while the composer waits')
    assert.equal(b.sent.length, 0)
    await jumpTo(Date.now())
    const [waiting] = await b.outbox.list()
    assert.equal(waiting!.state, 'waiting')
    assert.equal(waiting!.wait, 'resend')
    assert.ok(waiting!.payToken, 'the token stays with the post')
    assert.equal(waiting!.imageIds![0], (await firstUploadId(b))!)
    assert.equal(waiting!.imageIds![1], null)
    assert.equal(b.sent.filter((s) => s.path.includes('/posts')).length, 0, 'no post without its images')
    assert.equal(waiting!.body, 'Two pictures')

    await jumpTo(waiting!.sendAt)
    const paths = b.sent.map((s) => s.path)
    assert.deepEqual(paths, ['/api/v1/talk/images', '/api/v1/talk/images', '/api/v1/talk/images', `/api/v1/talk/threads/${THREAD}/posts`])
    const post = b.sent.at(-1)!
    for (const s of b.sent.slice(0, 3)) assert.deepEqual(s.form!.token, post.body.token, 'every upload showed the same token')
    assert.deepEqual(new Uint8Array(await b.sent[2]!.form!.file.arrayBuffer()), png(2), 'only the one that failed went up again')
    const [stored] = await b.outbox.list()
    assert.equal(stored!.state, 'stored')
    assert.equal(post.body.imageIds[0], waiting!.imageIds![0])
    assert.equal(await b.wallet.count(TALK), talkBefore - 1, 'one token for the post and all its uploads')
  })

  it('a post the server refuses for an unknown image is sent again after a window, then its images go up again', async () => {
    const b = (current = browser({ fetchedAt: T0 - 3 * H }))
    network(b)
    await drewLastWeek(b, T0 + 3 * DAY)
    await b.draws.schedule()
    const item = postItem({ kind: 'reply', threadId: THREAD, title: '', body: 'One picture', label: 'alias', voiceId: 'null|talk' }, 0, MIN_AGE_S, undefined)
    item.imageRefs = await b.outbox.saveImages(item.id, [new Blob([png(1)], { type: 'image/png' })])
    failures.push({ path: `/api/v1/talk/threads/${THREAD}/posts`, status: 422, code: 'unknown_image' }, { path: `/api/v1/talk/threads/${THREAD}/posts`, status: 422, code: 'unknown_image' })
    await b.sender.enqueue(item)
    await jumpTo(Date.now())
    let [p] = await b.outbox.list()
    assert.equal(p!.wait, 'resend')
    assert.ok(p!.request, 'the same request, once more')
    await jumpTo(p!.sendAt)
    ;[p] = await b.outbox.list()
    assert.equal(p!.request, undefined, 'then signed again…')
    await jumpTo(p!.sendAt)
    ;[p] = await b.outbox.list()
    assert.equal(p!.state, 'stored')
    assert.deepEqual(b.sent.map((s) => s.path.replace(THREAD, 'T')), ['/api/v1/talk/images', '/api/v1/talk/threads/T/posts', '/api/v1/talk/threads/T/posts', '/api/v1/talk/images', '/api/v1/talk/threads/T/posts'])
    assert.deepEqual(b.sent[3]!.form!.token, b.sent[4]!.body.token, '…with the same token')
    assert.notEqual(b.sent[4]!.body.imageIds[0], b.sent[1]!.body.imageIds[0], 'naming the new upload')
  })
})

/** A few bytes a PNG starts with, then `n`. */
function png(n: number): Uint8Array<ArrayBuffer> {
  return new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, n])
}

async function firstUploadId(b: Browser): Promise<string | null> {
  const [p] = await b.outbox.list()
  return p?.imageIds?.[0] ?? null
}

describe('what a composer hands over is checked before it is queued', () => {
  const now = Date.UTC(2026, 11, 9, 12, 7, 31)
  const img = (bytes: Uint8Array<ArrayBuffer>, type = 'image/png') => new Blob([bytes], { type })
  const problem = (code: string, index?: number) => (e: unknown) => e instanceof ComposeInputError && e.code === code && e.index === index

  it('images: at most four, JPEG/PNG/WebP by their bytes, within the size limit', async () => {
    const reply = (images: Blob[]) => ({ kind: 'reply' as const, images })
    assert.equal((await checkComposeInput(reply([img(png(1)), img(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]), '')]))).length, 2)
    const [typed] = await checkComposeInput(reply([new File([new Uint8Array([0xff, 0xd8, 0xff, 0xe0])], 'a.jpg', { type: '' })]))
    assert.equal(typed!.type, 'image/jpeg', 'the bytes decide the type')
    await assert.rejects(checkComposeInput(reply(Array.from({ length: TALK_FORUM.images.perPost + 1 }, () => img(png(1))))), problem('too_many_images'))
    const heic = new Uint8Array([0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0x68, 0x65, 0x69, 0x63])
    await assert.rejects(checkComposeInput(reply([img(png(1)), img(heic, 'image/jpeg')])), problem('image_type', 1))
    const big = new Uint8Array(TALK_FORUM.images.maxBytes + 1)
    big.set(png(1))
    await assert.rejects(checkComposeInput(reply([img(big)])), problem('image_too_large', 0))
  })

  it('polls: a new thread only, 2–6 distinct options, closing an hour to 30 days from now', async () => {
    const thread = (options: string[], closesAt = new Date(now + DAY).toISOString()) => ({ kind: 'thread' as const, poll: { options, closesAt } })
    await checkComposeInput(thread(['Yes', 'No']), now)
    await assert.rejects(checkComposeInput({ kind: 'reply', poll: { options: ['a', 'b'], closesAt: new Date(now + DAY).toISOString() } }, now), problem('poll_on_reply'))
    await assert.rejects(checkComposeInput(thread(['Only one']), now), problem('poll_options'))
    await assert.rejects(checkComposeInput(thread(['Yes', ' yes ']), now), problem('poll_options_duplicate', 1))
    await assert.rejects(checkComposeInput(thread(['Yes', '  ']), now), problem('poll_option_empty', 1))
    await assert.rejects(checkComposeInput(thread(['Yes', 'x'.repeat(TALK_FORUM.poll.optionLength + 1)]), now), problem('poll_option_too_long', 1))
    await assert.rejects(checkComposeInput(thread(['Yes', 'No'], new Date(now + 30 * MIN).toISOString()), now), problem('poll_closes_at'))
    await assert.rejects(checkComposeInput(thread(['Yes', 'No'], new Date(now + 31 * DAY).toISOString()), now), problem('poll_closes_at'))
  })

  it('a poll is signed with its duration counted from the moment it goes out, on a whole hour', () => {
    const written = now
    const asked = { closesAt: new Date(written + 3 * DAY).toISOString() }
    const sentAt = written + 20 * H + 13 * MIN
    const closes = Date.parse(pollClosesAt(asked, written, sentAt))
    assert.equal(closes % H, 0, 'a whole hour: nothing finer to tell when it was written')
    assert.ok(closes - sentAt >= 3 * DAY && closes - sentAt < 3 * DAY + H, 'open as long as asked, from when it went out')
    const shortest = Date.parse(pollClosesAt({ closesAt: new Date(written + H).toISOString() }, written, sentAt))
    assert.ok(shortest - sentAt >= TALK_FORUM.poll.minOpenS * 1000, 'never below the minimum')
    const longest = Date.parse(pollClosesAt({ closesAt: new Date(written + 30 * DAY).toISOString() }, written, sentAt))
    assert.ok(longest - sentAt <= TALK_FORUM.poll.maxOpenS * 1000, 'never beyond the maximum')
  })
})
