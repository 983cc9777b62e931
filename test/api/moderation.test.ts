/**
 * Trust and safety (issue 11) through the public API: automated holds before publishing,
 * anonymous reports and appeals of Work Talk posts (signed by pseudonym keys, paid with react
 * tokens, no session), real-name reports and the takedown form, the moderators' queue and
 * actions, the hash-chained public log and the transparency numbers, suspensions.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { MODERATION } from '../../shared/src/api/limits.js'
import { verifyModerationLog } from '../../shared/src/moderation/hash-chain.js'
import { buildTestApp, signUp, type TestApp, testClock } from '../support/app.js'
import { buildVerifiedUser } from '../support/factories.js'
import { type ClientToken, IndependentClient, injectSender } from '../support/independent-client.js'

const clock = testClock(new Date())
let t: TestApp
type User = Awaited<ReturnType<typeof buildVerifiedUser>>
let author: User
let readers: User[]
let moderator: User

before(async () => {
  t = await buildTestApp({ clock })
  author = await buildVerifiedUser(t.app, t.ctx, 'mod-co')
  readers = [await buildVerifiedUser(t.app, t.ctx, 'mod-co'), await buildVerifiedUser(t.app, t.ctx, 'other-co'), await buildVerifiedUser(t.app, t.ctx, 'third-co')]
  moderator = await buildVerifiedUser(t.app, t.ctx, 'staff-co')
  await t.ctx.db.updateTable('account').set({ role: 'moderator' }).where('id', '=', moderator.id).execute()
})
after(() => t.close())

const client = () => new IndependentClient(injectSender(t.app))
const get = (url: string, cookie?: string) => t.app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} })
const post = (url: string, payload: unknown, cookie?: string) => t.app.inject({ method: 'POST', url, payload: payload as object, headers: cookie ? { cookie } : {} })

async function tokens(c: IndependentClient, cookie: string, purpose: 'talk' | 'react', n: number): Promise<ClientToken[]> {
  const key = (await c.directory()).find((k) => k.company === null && k.purpose === purpose)!
  return c.fetchTokens(cookie, key.keyId, n)
}
async function openThread(c: IndependentClient, cookie: string, title: string, body: string) {
  const [tok] = await tokens(c, cookie, 'talk', 1)
  const res = await c.openThread(tok!, title, body, 'alias')
  assert.equal(res.status, 201, JSON.stringify(res.json))
  return res.json as { threadId: string; postId: string }
}
const postView = async (threadId: string, postId: string, cookie: string) => (await get(`/api/v1/talk/threads/${threadId}`, cookie)).json().posts.find((p: { id: string }) => p.id === postId)
const listed = async (cookie: string) => (await get('/api/v1/talk/threads?sort=new', cookie)).json().threads.map((x: { id: string }) => x.id) as string[]
const log = async () => (await get('/api/v1/moderation/log')).json().entries as { seq: number; action: string; reason: string; targetType: string; targetId: string; day: string; prevHash: string; hash: string }[]

describe('automated checks before publishing', () => {
  it('holds a post with a phone number or a resident ID, tells the author, and shows readers nothing of it', async () => {
    const c = client()
    const { threadId, postId } = await openThread(c, author.cookie, 'Call me', 'My number is 138 1234 5678, text me about the team')
    assert.deepEqual((await c.writeState(postId)).json, { state: 'held', code: 'phone_number' })
    const seen = await postView(threadId, postId, readers[0]!.cookie)
    assert.equal(seen.body, '')
    assert.deepEqual(seen.moderation, { state: 'held', reason: 'phone_number', appeal: null })
    assert.ok(!(await listed(readers[0]!.cookie)).includes(threadId), 'a held opening keeps its thread out of the lists')
    const entry = (await log()).at(-1)!
    assert.deepEqual([entry.action, entry.reason, entry.targetType, entry.targetId], ['hold', 'phone_number', 'talk_post', postId])

    const reply = await c.reply(threadId, (await tokens(c, author.cookie, 'talk', 1))[0]!, '身份证 11010519491231002X 是我的', 'alias')
    assert.equal(reply.status, 201)
    assert.deepEqual((await c.writeState(reply.json.postId)).json, { state: 'held', code: 'cn_resident_id' })
  })

  it('releases a held post when its author edits the data out, and logs the release', async () => {
    const c = client()
    const { threadId, postId } = await openThread(c, author.cookie, 'Write to me', 'reach me at jane.doe@gmail.com for details')
    assert.equal((await c.writeState(postId)).json.state, 'held')
    const edited = await c.edit(threadId, postId, 0, 'Write to me', 'ask in this thread for details')
    assert.equal(edited.status, 200, JSON.stringify(edited.json))
    assert.deepEqual((await c.writeState(postId, 1)).json, { state: 'stored' })
    assert.equal((await postView(threadId, postId, readers[0]!.cookie)).moderation, null)
    assert.ok((await listed(readers[0]!.cookie)).includes(threadId))
    assert.deepEqual((await log()).slice(-1).map((e) => [e.action, e.targetId]), [['release', postId]])
  })

  it('holds the same text the third time within a day, whoever posts it', async () => {
    const text = 'Buy cheap followers now at the best price in town'
    const results = []
    for (const who of [author, readers[0]!, readers[1]!]) {
      const c = client()
      const { postId } = await openThread(c, who.cookie, `Offer ${results.length}`, text)
      results.push((await c.writeState(postId)).json)
    }
    assert.deepEqual(results, [{ state: 'stored' }, { state: 'stored' }, { state: 'held', code: 'repeated_text' }])
  })
})

describe('anonymous reports, moderation and appeals', () => {
  it('queues a report, lets a moderator remove the post with a reason in its place, and takes the author’s appeal by key', async () => {
    const c = client()
    const { threadId, postId } = await openThread(c, author.cookie, 'About my manager', 'He is the worst person alive and everyone should know')
    const r = client()
    const [react] = await tokens(r, readers[0]!.cookie, 'react', 1)
    const filed = await r.report(threadId, postId, 'harassment', react!)
    assert.equal(filed.status, 201, JSON.stringify(filed.json))
    assert.equal((await r.report(threadId, postId, 'harassment', react!)).status, 200, 'one report per key and post')
    assert.equal((await r.reportState(threadId, postId)).json.state, 'stored')
    const own = await c.report(threadId, postId, 'spam', (await tokens(c, author.cookie, 'react', 1))[0]!)
    assert.equal(own.json.code, 'own_post')
    const bad = await client().report(threadId, postId, 'spam', react!)
    assert.deepEqual([bad.status, bad.json.code], [409, 'token_spent'], 'a spent token pays for no report of another key')

    // The queue: moderators only.
    assert.equal((await get('/api/v1/moderation/queue', readers[1]!.cookie)).statusCode, 403)
    assert.equal((await get('/api/v1/moderation/queue')).statusCode, 401)
    const queue = (await get('/api/v1/moderation/queue', moderator.cookie)).json()
    const item = queue.items.find((i: { targetId: string }) => i.targetId === postId)
    assert.ok(item, 'the reported post is queued')
    assert.deepEqual([item.targetType, item.reports, item.reasons, item.severity, item.link], ['talk_post', 1, { harassment: 1 }, 3, `/talk/t/${threadId}#post-${postId}`])
    assert.match(item.excerpt, /worst person/)
    assert.ok(!JSON.stringify(item).includes(readers[0]!.id) && !JSON.stringify(item).includes(author.id), 'no account in the item')

    const act = (body: Record<string, unknown>, cookie = moderator.cookie) => post('/api/v1/moderation/actions', body, cookie)
    assert.equal((await act({ targetType: 'talk_post', targetId: postId, action: 'remove', reason: 'harassment' }, readers[1]!.cookie)).statusCode, 403)
    assert.equal((await act({ targetType: 'talk_post', targetId: postId, action: 'lock', reason: 'harassment' })).json().code, 'invalid_action')
    assert.equal((await act({ targetType: 'talk_post', targetId: postId, action: 'uphold', reason: 'harassment' })).json().code, 'no_open_appeal')
    const removed = await act({ targetType: 'talk_post', targetId: postId, action: 'remove', reason: 'harassment', note: 'clear personal attack' })
    assert.equal(removed.statusCode, 200, removed.body)
    const seen = await postView(threadId, postId, readers[1]!.cookie)
    assert.deepEqual([seen.body, seen.moderation], ['', { state: 'removed', reason: 'harassment', appeal: null }])
    assert.ok(!(await get('/api/v1/moderation/queue', moderator.cookie)).json().items.some((i: { targetId: string }) => i.targetId === postId), 'decided: off the queue')
    assert.equal((await c.edit(threadId, postId, 0, 'About my manager', 'edited back')).json.code, 'post_moderated')

    // The appeal: by the post's own key only, from any client that holds it.
    assert.equal((await r.appeal(threadId, postId, 'not mine but unfair')).json.code, 'not_author')
    const restored = new IndependentClient(injectSender(t.app), c) // "another device" with the same recovery phrase
    const appealed = await restored.appeal(threadId, postId, 'It was about a public figure at work, not a private person.')
    assert.equal(appealed.status, 201, JSON.stringify(appealed.json))
    assert.equal((await restored.appeal(threadId, postId, 'again')).json.code, 'appeal_open')
    assert.equal((await get(`/api/v1/talk/writes/${appealed.json.appealId}?appeal=true`)).json().state, 'stored')
    assert.equal((await postView(threadId, postId, readers[1]!.cookie)).moderation.appeal, 'open')
    const appealItem = (await get('/api/v1/moderation/queue', moderator.cookie)).json().items.find((i: { targetId: string }) => i.targetId === postId)
    assert.equal(appealItem.appeal.body, 'It was about a public figure at work, not a private person.')
    assert.equal((await act({ targetType: 'talk_post', targetId: postId, action: 'uphold', reason: 'harassment' })).statusCode, 200)
    assert.deepEqual((await postView(threadId, postId, readers[1]!.cookie)).moderation, { state: 'removed', reason: 'harassment', appeal: 'upheld' })

    const entries = await log()
    assert.deepEqual(entries.filter((e) => e.targetId === postId).map((e) => [e.action, e.reason]), [['remove', 'harassment'], ['uphold', 'harassment']])
    assert.deepEqual(verifyModerationLog(entries), { seq: entries.at(-1)!.seq, hash: entries.at(-1)!.hash })
    const text = JSON.stringify(entries)
    for (const u of [author, readers[0]!, moderator]) assert.ok(!text.includes(u.id), 'no account in the public log')
    assert.ok(!text.includes('clear personal attack'), "the moderator's note stays with staff")
  })

  it(`hides a post after ${MODERATION.personalInfoAutoHide} personal-data reports from distinct keys, and a reversed appeal brings it back`, async () => {
    const c = client()
    const { threadId, postId } = await openThread(c, author.cookie, 'Who runs payroll', 'The payroll lead lives near the office and drives a red car')
    for (let i = 0; i < MODERATION.personalInfoAutoHide; i++) {
      const r = client()
      const [react] = await tokens(r, readers[i % readers.length]!.cookie, 'react', 1)
      assert.equal((await r.report(threadId, postId, 'personal_info', react!)).status, 201)
      const state = (await postView(threadId, postId, readers[0]!.cookie)).moderation
      assert.deepEqual(state, i + 1 < MODERATION.personalInfoAutoHide ? null : { state: 'hidden', reason: 'personal_info', appeal: null }, `after ${i + 1}`)
    }
    assert.ok(!(await listed(readers[0]!.cookie)).includes(threadId))
    const appealed = await c.appeal(threadId, postId, 'No one can be identified from this.')
    assert.equal(appealed.status, 201)
    assert.equal((await post('/api/v1/moderation/actions', { targetType: 'talk_post', targetId: postId, action: 'reverse', reason: 'personal_info' }, moderator.cookie)).statusCode, 200)
    const back = await postView(threadId, postId, readers[0]!.cookie)
    assert.equal(back.moderation, null)
    assert.match(back.body, /payroll lead/)
    assert.deepEqual((await log()).filter((e) => e.targetId === postId).map((e) => e.action), ['hide', 'reverse'])
  })

  it('locks a thread: replies are refused with thread_locked until it is unlocked', async () => {
    const c = client()
    const { threadId } = await openThread(c, author.cookie, 'Heated topic', 'Let us discuss the reorg calmly please')
    assert.equal((await post('/api/v1/moderation/actions', { targetType: 'talk_thread', targetId: threadId, action: 'lock', reason: 'harassment' }, moderator.cookie)).statusCode, 200)
    assert.equal((await get(`/api/v1/talk/threads/${threadId}`, readers[0]!.cookie)).json().thread.locked, true)
    const r = client()
    const refused = await r.reply(threadId, (await tokens(r, readers[0]!.cookie, 'talk', 1))[0]!, 'a reply to a locked thread', 'alias')
    assert.deepEqual([refused.status, refused.json.code], [403, 'thread_locked'])
    assert.equal((await post('/api/v1/moderation/actions', { targetType: 'talk_thread', targetId: threadId, action: 'unlock', reason: 'harassment' }, moderator.cookie)).statusCode, 200)
    assert.equal((await r.reply(threadId, (await tokens(r, readers[0]!.cookie, 'talk', 1))[0]!, 'now it takes replies', 'alias')).status, 201)
  })
})

describe('real-name reports, takedowns, suspensions, transparency', () => {
  it('reports a feed post once per member, refuses one’s own, hides on personal data from distinct members, and keeps a message as the reporter’s copy', async () => {
    const created = await post('/api/v1/feed/posts', { body: 'My colleague Wang lives at 阳光小区3栋2单元502' }, author.cookie)
    assert.equal(created.statusCode, 201, created.body)
    const feedId = created.json().id as string
    const report = (cookie: string, body: Record<string, unknown>) => post('/api/v1/reports', body, cookie)
    assert.equal((await report(author.cookie, { targetType: 'feed_post', targetId: feedId, reason: 'spam' })).json().code, 'own_content')
    assert.equal((await report(readers[0]!.cookie, { targetType: 'feed_post', targetId: 'not-an-id', reason: 'spam' })).statusCode, 400)
    assert.equal((await report(readers[0]!.cookie, { targetType: 'feed_post', targetId: '00000000-0000-4000-8000-000000000000', reason: 'spam' })).statusCode, 404)
    const others = [...readers, moderator]
    for (let i = 0; i < MODERATION.personalInfoAutoHide; i++) {
      const first = await report(others[i]!.cookie, { targetType: 'feed_post', targetId: feedId, reason: 'personal_info', note: 'names a neighbour' })
      assert.equal(first.statusCode, 201, first.body)
      assert.equal((await report(others[i]!.cookie, { targetType: 'feed_post', targetId: feedId, reason: 'personal_info' })).statusCode, 200)
    }
    const row = await t.ctx.db.selectFrom('feedPost').select(['moderation', 'moderationReason']).where('id', '=', feedId).executeTakeFirstOrThrow()
    assert.deepEqual(row, { moderation: 'hidden', moderationReason: 'personal_info' })
    assert.equal((await get('/api/v1/moderation/queue', moderator.cookie)).json().items.find((i: { targetId: string }) => i.targetId === feedId).notes[0], 'names a neighbour')
  })

  it('takes takedown requests without an account, at most a few a day per address', async () => {
    const body = { contact: 'named.person@example.org', url: `${t.ctx.config.publicUrl.origin}/talk/t/00000000-0000-4000-8000-000000000001`, reason: 'personal_info', details: 'This thread names me and my street.' }
    for (let i = 0; i < MODERATION.takedownsPerAddressPerDay; i++) assert.equal((await post('/api/v1/takedown-requests', body)).statusCode, 201)
    assert.equal((await post('/api/v1/takedown-requests', body)).statusCode, 429)
    const stored = await t.ctx.db.selectFrom('takedownRequest').select(['targetType', 'targetId']).executeTakeFirstOrThrow()
    assert.deepEqual(stored, { targetType: 'talk_thread', targetId: '00000000-0000-4000-8000-000000000001' })
    assert.equal((await post('/api/v1/takedown-requests', { ...body, contact: 'not an address' })).statusCode, 400)
  })

  it('suspends an account for N days: its sessions end, sign-in is refused, restore lifts it', async () => {
    const victim = await signUp(t.app)
    const handle = (await t.ctx.db.selectFrom('account').select('handle').where('id', '=', victim.id).executeTakeFirstOrThrow()).handle
    assert.equal((await post('/api/v1/moderation/actions', { targetType: 'profile', targetId: handle, action: 'suspend', reason: 'spam' }, moderator.cookie)).json().code, 'days_required')
    assert.equal((await post('/api/v1/moderation/actions', { targetType: 'profile', targetId: handle, action: 'suspend', reason: 'spam', days: 7 }, moderator.cookie)).statusCode, 200)
    assert.equal((await get('/api/v1/me', victim.cookie)).statusCode, 401, 'its session ended')
    const signIn = await post('/api/v1/sessions', { email: victim.email, password: victim.password })
    assert.equal(signIn.json().code, 'suspended')
    assert.equal((await post('/api/v1/moderation/actions', { targetType: 'profile', targetId: handle, action: 'restore', reason: 'spam' }, moderator.cookie)).statusCode, 200)
    assert.equal((await post('/api/v1/sessions', { email: victim.email, password: victim.password })).statusCode, 200)
  })

  it('counts the quarter on the transparency page', async () => {
    const res = await get('/api/v1/moderation/transparency')
    assert.equal(res.statusCode, 200)
    const q = res.json()
    assert.ok(q.reports.harassment >= 1 && q.reports.personal_info >= MODERATION.personalInfoAutoHide * 2, JSON.stringify(q.reports))
    assert.ok(q.held >= 3 && q.actions.remove >= 1 && q.appeals.received >= 2 && q.appeals.upheld >= 1 && q.appeals.reversed >= 1, JSON.stringify(q))
    assert.equal(q.takedownRequests, MODERATION.takedownsPerAddressPerDay)
    assert.equal((await get('/api/v1/moderation/transparency?quarter=2999-Q1')).json().code, 'bad_quarter')
    assert.equal((await get('/api/v1/moderation/transparency?quarter=2026-Q5')).statusCode, 400)
  })
})
