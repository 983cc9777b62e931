/**
 * The browser-only parts of Work Talk's lists, in Node against the real modules: the event-stream
 * parser and event filter of talk/local/live.ts, the list poll that stands in for the stream, and
 * the follow and mute stores (talk/local/follow.ts, mute.ts) over a stand-in localStorage, and
 * the drafts' pagehide backups (talk/drafts.ts) when an unload aborts an IndexedDB write.
 */
import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'

class MemoryStorage {
  #m = new Map<string, string>()
  getItem(k: string) {
    return this.#m.has(k) ? this.#m.get(k)! : null
  }
  // Items are own properties too, as in a browser (Object.keys(localStorage) lists them).
  setItem(k: string, v: string) {
    this.#m.set(k, String(v))
    Object.defineProperty(this, k, { value: String(v), enumerable: true, configurable: true })
  }
  removeItem(k: string) {
    this.#m.delete(k)
    delete (this as Record<string, unknown>)[k]
  }
  clear() {
    for (const k of this.#m.keys()) delete (this as Record<string, unknown>)[k]
    this.#m.clear()
  }
  key(i: number) {
    return [...this.#m.keys()][i] ?? null
  }
  get length() {
    return this.#m.size
  }
  keys() {
    return [...this.#m.keys()]
  }
}
const storage = new MemoryStorage()
before(() => {
  Object.assign(globalThis, { localStorage: storage })
})

const live = await import('../../web/src/talk/local/live.js')
const follows = await import('../../web/src/talk/local/follow.js')
const mutes = await import('../../web/src/talk/local/mute.js')
const { bindLocalAccount } = await import('../../web/src/talk/local/store.js')
const { Drafts, emptyDraft } = await import('../../web/src/talk/drafts.js')

const A = '11111111-1111-4111-8111-111111111111'
const B = '22222222-2222-4222-8222-222222222222'

describe('the event stream parser', () => {
  it('reads events split anywhere across chunks, with \\n, \\r\\n or \\r line ends; skips comments; takes retry', () => {
    const got: [string, string][] = []
    let retry = 0
    const p = new live.SseParser((type, data) => got.push([type, data]), (ms) => (retry = ms))
    const text = 'retry: 10000\n\n: keep-alive\n\nevent: thread\r\ndata: {"a":1}\r\n\r\nevent: reply\rdata: {"b":2}\r\rdata: x\ndata: y\n\n'
    for (const ch of text) p.push(ch)
    assert.equal(retry, 10000)
    assert.deepEqual(got, [
      ['thread', '{"a":1}'],
      ['reply', '{"b":2}'],
      ['message', 'x\ny'],
    ])
  })

  it('keeps only the fields of each event type, and drops what is not one', () => {
    const at = '2026-12-01T10:00:00.000Z'
    assert.deepEqual(live.parseTalkEvent('thread', JSON.stringify({ type: 'thread', threadId: A, channel: 'general', at, title: 'leak' })), {
      type: 'thread',
      threadId: A,
      channel: 'general',
      at,
    })
    assert.deepEqual(live.parseTalkEvent('reply', JSON.stringify({ threadId: A, channel: 'tech', replyCount: 3, at })), { type: 'reply', threadId: A, channel: 'tech', replyCount: 3, at })
    assert.equal(live.parseTalkEvent('reply', JSON.stringify({ threadId: A, channel: 'tech', replyCount: 'x', at })), null)
    assert.equal(live.parseTalkEvent('message', JSON.stringify({ threadId: A, at })), null)
    assert.equal(live.parseTalkEvent('thread', 'not json'), null)
  })

  it('filters by channel, thread and type', () => {
    const t = { type: 'thread' as const, threadId: A, channel: 'general', at: '' }
    const v = { type: 'vote' as const, threadId: A, postId: B, score: 2, at: '' }
    assert.equal(live.matches({}, t), true)
    assert.equal(live.matches({ channel: 'tech' }, t), false)
    assert.equal(live.matches({ channel: 'general', types: ['reply'] }, t), false)
    assert.equal(live.matches({ threadId: A }, v), true)
    assert.equal(live.matches({ threadId: B }, v), false)
    assert.equal(live.matches({ channel: 'general' }, v), true, 'a vote names no channel: the list keeps those of its threads')
    assert.equal(live.matches({ channel: 'general', types: ['thread', 'reply'] }, v), false)
  })

  it('the list poll reports threads not known that started since the list was read, and every reply count', async () => {
    const since = Date.parse('2026-12-01T10:00:30Z')
    const rows = [
      { id: A, channel: 'general', createdAt: '2026-12-01T10:00:00Z', lastPostAt: '2026-12-01T10:05:00Z', replyCount: 2, openingPostId: B, score: 4 },
      { id: B, channel: 'general', createdAt: '2026-12-01T09:00:00Z', lastPostAt: '2026-12-01T09:00:00Z', replyCount: 0 },
    ]
    let quiet = false
    const poll = live.threadListPoll(async () => rows, () => new Set<string>(), since, () => quiet)
    const events = await poll()
    // A started in the same minute as the read (times are to the minute): new; B is older.
    assert.deepEqual(events.filter((e) => e.type === 'thread').map((e) => e.threadId), [A])
    assert.deepEqual(events.filter((e) => e.type === 'reply').map((e) => [e.threadId, e.type === 'reply' && e.replyCount]), [[A, 2], [B, 0]])
    // A row that names its opening post brings its score too.
    assert.deepEqual(events.filter((e) => e.type === 'vote').map((e) => [e.threadId, e.type === 'vote' && e.postId, e.type === 'vote' && e.score]), [[A, B, 4]])
    quiet = true
    assert.deepEqual(await poll(), [], 'nothing is read in a quiet period')
    const known = live.threadListPoll(async () => rows, () => new Set([A]), since)
    assert.deepEqual((await known()).filter((e) => e.type === 'thread'), [])
  })
})

describe('follows and mutes, per account, in this browser', () => {
  it('nothing is stored or read without an account', () => {
    bindLocalAccount(null)
    follows.follow(A, { title: 'x', replyCount: 1 })
    assert.equal(follows.isFollowed(A), false)
    assert.equal(storage.length, 0)
  })

  it('counts unread replies against the count last read, from lists and live counts', () => {
    bindLocalAccount('account-one')
    follows.follow(A, { title: 'Offer from a bank', channel: 'compensation', replyCount: 2 })
    assert.equal(follows.isFollowed(A), true)
    const f = () => follows.followedThreads().find((x) => x.id === A)!
    assert.equal(follows.unreadCount(f()), 0)
    follows.noteReplyCount(A, 5)
    assert.equal(follows.unreadCount(f()), 3)
    follows.noteThreads([{ id: A, replyCount: 4, title: 'Offer from a bank (edited)' }])
    assert.equal(f().latest, 5, 'a lower count from a stale list changes nothing')
    assert.equal(f().title, 'Offer from a bank (edited)')
    follows.markRead(A, 5)
    assert.equal(follows.unreadCount(f()), 0)

    // Followed without a count (a reply written here): the first count seen is taken as read.
    follows.follow(B, { own: true })
    const g = () => follows.followedThreads().find((x) => x.id === B)!
    assert.equal(g().seen, null)
    follows.noteThreads([{ id: B, replyCount: 7 }])
    assert.equal(follows.unreadCount(g()), 0)
    follows.noteReplyCount(B, 8)
    assert.equal(follows.unreadCount(g()), 1)
    assert.equal(follows.followedThreads()[0]!.id, B, 'unread first')

    // Under the account's salted Work Talk name, never its id.
    const keys = storage.keys()
    assert.ok(keys.some((k) => /^wc-talk-[0-9a-f]{32}\/follow$/.test(k)), keys.join())
    assert.ok(!keys.some((k) => k.includes('account-one')))

    // Another account sees none of it.
    bindLocalAccount('account-two')
    assert.equal(follows.isFollowed(A), false)
    bindLocalAccount('account-one')
    assert.equal(follows.isFollowed(A), true)
    follows.unfollow(A)
    assert.equal(follows.isFollowed(A), false)
  })

  it('mutes threads, channels and words; words match title and first lines whatever the case or width', () => {
    bindLocalAccount('account-one')
    assert.equal(mutes.muteKeyword('  ＯＦＦＳＩＴＥ  '), true, 'full-width letters fold')
    assert.equal(mutes.muteKeyword('offsite'), false, 'already muted')
    assert.equal(mutes.muteKeyword(''), false)
    assert.equal(mutes.muteKeyword('x'.repeat(mutes.MAX_KEYWORD_LENGTH + 1)), false)
    assert.equal(mutes.muteKeyword('裁员'), true)
    mutes.muteChannel('layoffs')
    mutes.muteThread(A, 'A thread')
    const m = JSON.parse(storage.getItem(storage.keys().find((k) => k.endsWith('/mute'))!)!) as unknown
    const state = (m ?? {}) as { keywords: string[] }
    assert.deepEqual(state.keywords, ['offsite', '裁员'])
    const reason = (th: { id: string; channel?: string; title: string; excerpt?: string }) => mutes.isMuted(th)
    assert.equal(reason({ id: A, title: 'anything' }), true)
    assert.equal(reason({ id: B, channel: 'layoffs', title: 'anything' }), true)
    assert.equal(reason({ id: B, channel: 'tech', title: 'Team Offsite ideas' }), true)
    assert.equal(reason({ id: B, channel: 'tech', title: 'Ideas', excerpt: '听说要裁员了' }), true)
    assert.equal(reason({ id: B, channel: 'tech', title: 'Ideas', excerpt: 'nothing here' }), false)
    mutes.unmuteKeyword('OFFSITE')
    mutes.unmuteChannel('layoffs')
    mutes.unmuteThread(A)
    assert.equal(reason({ id: A, channel: 'layoffs', title: 'Team offsite' }), false)
  })
})

/** Enough of IdbStore for Drafts, whose writes can be held (an unload aborts what is held). */
class HeldIdb {
  readonly name = 'wc-talk-drafts-test'
  readonly gone = false
  readonly data = new Map<string, string>()
  held: (() => void)[] = []
  hold = false
  async get(k: string) {
    const v = this.data.get(k)
    return v === undefined ? undefined : JSON.parse(v)
  }
  async set(k: string, v: unknown) {
    if (this.hold) await new Promise<void>((resolve) => this.held.push(resolve))
    this.data.set(k, JSON.stringify(v))
  }
  async remove(k: string) {
    this.data.delete(k)
  }
  async keys(prefix = '') {
    return [...this.data.keys()].filter((k) => k.startsWith(prefix))
  }
}

describe('drafts across an unload', () => {
  const draft = (title: string, images: string[] = []) => ({ ...emptyDraft(), title, images })
  it('keeps a backup written while an older save was on its way, and drops it once its own text is saved', async () => {
    storage.clear()
    const idb = new HeldIdb()
    const drafts = new Drafts(idb as never)
    idb.hold = true
    const older = drafts.save('new', draft('older', ['outbox-image:draft-1:0', 'outbox-image:draft-1:1']))
    const newer = draft('newer', ['outbox-image:draft-1:1'])
    drafts.backup('new', newer) // the page is hidden while the older save waits
    idb.held.shift()!()
    await older
    assert.equal(storage.length, 1, 'the older save does not drop the newer backup')
    assert.deepEqual(await drafts.imageRefs(), ['outbox-image:draft-1:1', 'outbox-image:draft-1:0', 'outbox-image:draft-1:1'])
    const saving = drafts.save('new', newer)
    idb.held.shift()!()
    await saving
    assert.equal(storage.length, 0, 'a save of the backup’s own text drops it')
    assert.equal((await drafts.load('new'))?.title, 'newer')
  })

  it('gives back the backup at the next load when the unload aborted every save, and moves it into IndexedDB', async () => {
    storage.clear()
    const idb = new HeldIdb()
    const drafts = new Drafts(idb as never)
    idb.hold = true
    void drafts.save('new', draft('typed', ['outbox-image:draft-2:0'])) // never completes: the page went away
    drafts.backup('new', draft('typed', ['outbox-image:draft-2:0']))
    const next = new Drafts(idb as never) // the next page
    idb.hold = false
    assert.deepEqual(await next.imageRefs(), ['outbox-image:draft-2:0'], 'the backup keeps its images from collection')
    const loaded = await next.load('new')
    assert.equal(loaded?.title, 'typed')
    assert.deepEqual(loaded?.images, ['outbox-image:draft-2:0'])
    assert.equal(storage.length, 0)
    assert.equal(JSON.parse(idb.data.get('draft:new')!).title, 'typed')
  })
})
