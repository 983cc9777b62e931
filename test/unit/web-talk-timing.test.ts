/**
 * The web client's timing rules (DESIGN §2), run in Node against the real modules with an
 * in-memory store: a draw never follows a directory fetch at once, nor one of this browser's
 * anonymous writes; a newcomer draws within two minutes; a write refused because its token was
 * spent goes out again minutes later with another token, never at once.
 */
import assert from 'node:assert/strict'
import { afterEach, describe, it } from 'node:test'
import type { Me } from '../../shared/src/api/index.js'
import { epochOf } from '../../shared/src/talk/epochs.js'
import type { TokenWallet } from '../../shared/src/talk/wallet.js'
import { Draws } from '../../web/src/talk/draws.js'
import type { IdbStore } from '../../web/src/talk/idb.js'
import { IdentityStore } from '../../web/src/talk/identity.js'
import type { KeyState } from '../../web/src/talk/key-checks.js'
import { Outbox } from '../../web/src/talk/outbox.js'
import { postItem } from '../../web/src/talk/outbox-items.js'
import { QuietPeriods } from '../../web/src/talk/quiet.js'
import { Sender } from '../../web/src/talk/sender.js'
import { TimingMarks } from '../../web/src/talk/timing-marks.js'

const MINUTE = 60_000
const MIN_AGE_S = 3600

/** IndexedDB's part of IdbStore, in memory (values kept as JSON text, as the real one does). */
class MemoryIdb {
  readonly name = 'wc-talk-test'
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
const store = () => new MemoryIdb() as unknown as IdbStore

const me: Me = {
  id: '7b1f3c52-8a7e-4f0a-9d7e-3c8f0b2a1d44',
  name: 'A Member',
  handle: 'a-member',
  email: 'a@example.com',
  role: 'member',
  language: 'en',
  profile: {} as Me['profile'],
  employments: [{ id: 'e', company: { slug: 'acme', name: 'Acme' }, method: 'email', verifiedAt: '2026-01-05', expiresOn: '2027-01-05', status: 'current', showOnProfile: false }],
} as unknown as Me

function keyState(fetchedAt: number): KeyState {
  const epoch = epochOf('talk', new Date())
  const key = { keyId: 'k-null', company: null, purpose: 'talk' as const, epoch, publicKey: 'x', anonymitySet: 20 }
  return {
    directory: { keys: [key], minTokenAgeS: MIN_AGE_S, mixWindowS: 30, logHead: { seq: 1, hash: 'h' } },
    fetchedAt,
    pins: {},
    head: { seq: 1, hash: 'h' },
    seen: {},
    failure: null,
  }
}

/**
 * Where the draw would happen: the scheduler reports its next moment. The last write is noted the
 * way the Sender notes it (TimingMarks, in the account's store) — not stubbed: the outbox, which
 * drops a write once its thread is read again, has nothing to do with it (web-talk-hold.test.ts
 * drives that through the real Sender and outbox).
 */
async function nextDraw(opts: { fetchedAgoMs: number; drewBefore: boolean; lastWriteAgoMs: number | null }): Promise<{ at: number | null; draws: Draws }> {
  const s = store()
  const marks = new TimingMarks(s)
  if (opts.lastWriteAgoMs !== null) await marks.noteWrite(Date.now() - opts.lastWriteAgoMs)
  // This epoch's random moment is a second from now: only the rules under test can push it back.
  if (opts.drewBefore) await s.set('draws', { plan: { epoch: epochOf('talk', new Date()), at: Date.now() + 1000, done: {} }, ever: true })
  let at: number | null = null
  const draws = new Draws({
    store: s,
    wallet: {} as TokenWallet,
    me: () => me,
    keys: () => keyState(Date.now() - opts.fetchedAgoMs),
    paused: () => false,
    needDirectory: () => {},
    marks,
    onChange: (_status, nextAt) => {
      at = nextAt
    },
  })
  await draws.schedule()
  draws.stop()
  return { at, draws }
}

describe('when the web client draws its tokens', () => {
  it('never right after fetching the directory: a minute at least', async () => {
    for (let i = 0; i < 20; i++) {
      const { at } = await nextDraw({ fetchedAgoMs: 0, drewBefore: true, lastWriteAgoMs: null })
      assert.ok(at !== null && at >= Date.now() + MINUTE - 100, `a draw ${(at! - Date.now()) / 1000} s after the directory fetch`)
    }
  })

  it('a newcomer within two minutes of verifying, still apart from the directory fetch as far as that allows', async () => {
    for (let i = 0; i < 20; i++) {
      const { at } = await nextDraw({ fetchedAgoMs: 0, drewBefore: false, lastWriteAgoMs: null })
      assert.ok(at !== null && at <= Date.now() + 2 * MINUTE, 'within the two minutes')
      assert.ok(at >= Date.now() + 15_000, 'not at once')
    }
  })

  it('never in the minimum token age after one of its own anonymous writes', async () => {
    const { at } = await nextDraw({ fetchedAgoMs: 30 * MINUTE, drewBefore: true, lastWriteAgoMs: 5 * MINUTE })
    assert.ok(at !== null && at >= Date.now() - 5 * MINUTE + MIN_AGE_S * 1000 - 100, `a draw ${(at! - Date.now()) / MINUTE} minutes after a write`)
  })
})

describe('when a write is refused because its token was spent', () => {
  const realFetch = globalThis.fetch
  afterEach(() => {
    globalThis.fetch = realFetch
  })

  it('marks the token spent and sends the post again minutes later, with another token — never at once', async () => {
    const sent: string[] = []
    globalThis.fetch = (async (url: string) => {
      sent.push(String(url))
      const problem = { type: 'urn:watercooler:problem:token_spent', title: 'Token already used', status: 409, detail: 'spent', code: 'token_spent' }
      return new Response(JSON.stringify(problem), { status: 409, headers: { 'content-type': 'application/problem+json' } })
    }) as typeof fetch
    const spent: string[] = []
    const wallet = {
      lastDrawAt: async () => Date.now() - 5 * 86_400_000,
      readyAt: async () => Date.now() - MINUTE,
      tokens: async () => [{ drawnAt: Date.now() - 5 * 86_400_000 }],
      take: async () => ({ keyId: 'k-null', message: Buffer.alloc(64, 1).toString('base64url'), signature: Buffer.alloc(256, 2).toString('base64url'), company: null, purpose: 'talk', epoch: '2026-W49', drawnAt: 0 }),
      markSpent: async (t: { message: string }) => void spent.push(t.message),
      discardKey: async () => 0,
    } as unknown as TokenWallet
    const s = store()
    const outbox = new Outbox(s)
    const sender = new Sender({
      outbox,
      wallet,
      identity: new IdentityStore(s),
      quiet: new QuietPeriods(s),
      drafts: { restore: async () => {} } as never,
      timing: () => ({ minTokenAgeS: MIN_AGE_S, mixWindowS: 30 }),
      paused: () => false,
      scopeFor: () => ({ company: null, purpose: 'talk' }),
      marks: new TimingMarks(s),
      onChange: () => {},
    })
    const item = postItem({ kind: 'reply', threadId: '9d3c1f7e-2b4a-4c6d-8e9f-0a1b2c3d4e5f', title: '', body: 'A reply', label: 'alias', voiceId: 'v' }, 0, MIN_AGE_S, undefined)
    const after = await sender.enqueue(item)
    sender.stop()
    assert.equal(sent.length, 1, 'one request, no retry on the spot')
    assert.deepEqual(spent, [Buffer.alloc(64, 1).toString('base64url')], 'the token is never offered again')
    assert.equal(after.state, 'waiting')
    assert.equal(after.wait, 'respend')
    assert.equal(after.request, undefined, 'signed again, with another token, when it goes')
    assert.ok(after.sendAt >= Date.now() + 2 * MINUTE - 100, `again ${(after.sendAt - Date.now()) / MINUTE} minutes later`)
  })
})

describe('when the server lost an accepted write', () => {
  const realFetch = globalThis.fetch
  afterEach(() => {
    globalThis.fetch = realFetch
  })

  it('sends the very same request again, byte for byte, once GET /talk/writes says unknown_write', async () => {
    const bodies: string[] = []
    let lost = false
    globalThis.fetch = (async (url: string, init?: RequestInit) => {
      const u = String(url)
      if (u.includes('/talk/writes/')) {
        lost = true
        const problem = { type: 'urn:watercooler:problem:unknown_write', title: 'Unknown write', status: 404, detail: 'lost', code: 'unknown_write' }
        return new Response(JSON.stringify(problem), { status: 404, headers: { 'content-type': 'application/problem+json' } })
      }
      bodies.push(String(init?.body))
      return new Response(JSON.stringify({ postId: '1c2b3a49-5d6e-4f70-8a9b-0c1d2e3f4a5b' }), { status: 202, headers: { 'content-type': 'application/json' } })
    }) as typeof fetch
    const wallet = {
      lastDrawAt: async () => Date.now() - 5 * 86_400_000,
      readyAt: async () => Date.now() - MINUTE,
      tokens: async () => [{ drawnAt: Date.now() - 5 * 86_400_000 }],
      take: async () => ({ keyId: 'k-null', message: Buffer.alloc(64, 3).toString('base64url'), signature: Buffer.alloc(256, 4).toString('base64url'), company: null, purpose: 'talk', epoch: '2026-W49', drawnAt: 0 }),
    } as unknown as TokenWallet
    const s = store()
    const outbox = new Outbox(s)
    const sender = new Sender({
      outbox,
      wallet,
      identity: new IdentityStore(s),
      quiet: new QuietPeriods(s),
      drafts: { restore: async () => {} } as never,
      timing: () => ({ minTokenAgeS: MIN_AGE_S, mixWindowS: 30 }),
      paused: () => false,
      scopeFor: () => ({ company: null, purpose: 'talk' }),
      marks: new TimingMarks(s),
      onChange: () => {},
    })
    const item = postItem({ kind: 'reply', threadId: '9d3c1f7e-2b4a-4c6d-8e9f-0a1b2c3d4e5f', title: '', body: 'Said once', label: 'alias', voiceId: 'v' }, 0, MIN_AGE_S, undefined)
    const accepted = await sender.enqueue(item)
    assert.equal(accepted.state, 'accepted')
    // Its poll is due: the server answers that it never heard of it (it restarted before the window ended).
    await outbox.patch(item.id, { checkAt: Date.now() - 1 })
    await sender.tick()
    sender.stop()
    assert.ok(lost, 'it asked')
    assert.equal(bodies.length, 2, 'sent again')
    assert.equal(bodies[1], bodies[0], 'the same token, the same signature: the same write')
  })
})
