/**
 * Messages (DESIGN §5b): conversations between connections, message requests from others, blocks,
 * the limits at their edges, unread counts and pages. Every permission edge answers as the
 * contract says: 404 for a conversation one is not in — on reading and on posting.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { MESSAGES } from '../../shared/src/api/limits.js'
import { buildTestApp, signUp, type TestApp } from '../support/app.js'
import { insertMembers } from '../support/factories.js'
import { connectDirect, messagesClient } from '../support/messages.js'
import { networkClient } from '../support/network.js'

let t: TestApp
let msg: ReturnType<typeof messagesClient>
let net: ReturnType<typeof networkClient>
before(async () => {
  t = await buildTestApp()
  msg = messagesClient(t.app)
  net = networkClient(t.app)
})
after(() => t.close())

const messageCount = async () => Number((await t.ctx.db.selectFrom('message').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n)

describe('POST /api/v1/conversations between connections', () => {
  it('makes one one-to-one conversation per pair, both can write and read, newest first', async () => {
    const a = await signUp(t.app)
    const b = await signUp(t.app)
    await net.connect(a, b)
    const first = await msg.call(a, 'POST', '/conversations', { handles: [b.handle], body: 'Hello B' })
    assert.equal(first.statusCode, 201, first.body)
    const id = first.json().id
    const again = await msg.call(b, 'POST', '/conversations', { handles: [a.handle] })
    assert.equal(again.statusCode, 200)
    assert.equal(again.json().id, id)
    await msg.send(b, id, 'Hi A')
    for (const who of [a, b]) {
      const page = (await msg.call(who, 'GET', `/conversations/${id}/messages`)).json()
      assert.deepEqual(page.messages.map((m: { body: string }) => m.body), ['Hi A', 'Hello B'])
      assert.equal(page.conversation.state, 'active')
      assert.equal(page.messages[0].mine, who === b)
      assert.equal(page.messages[0].createdAt.slice(17), '00.000Z', 'times to the minute')
    }
  })

  it('answers 404 to a member who is not in the conversation, for reading, posting, read, accept and decline', async () => {
    const a = await signUp(t.app)
    const b = await signUp(t.app)
    const outsider = await signUp(t.app)
    await net.connect(a, b)
    const id = await msg.start(a, [b.handle], 'Private')
    const before = await messageCount()
    const unknown = await msg.call(outsider, 'GET', `/conversations/${crypto.randomUUID()}/messages`)
    for (const [method, path, payload] of [
      ['GET', 'messages', undefined],
      ['POST', 'messages', { body: 'Let me in' }],
      ['POST', 'read', undefined],
      ['POST', 'accept', undefined],
      ['POST', 'decline', undefined],
    ] as const) {
      const res = await msg.call(outsider, method, `/conversations/${id}/${path}`, payload)
      assert.equal(res.statusCode, 404, `${method} ${path}: ${res.body}`)
      assert.equal(res.json().code, unknown.json().code)
    }
    assert.equal(await messageCount(), before)
    assert.equal((await msg.list(outsider)).conversations.length, 0)
  })

  it('counts unread messages per conversation and in total, and opening the conversation reads it', async () => {
    const a = await signUp(t.app)
    const b = await signUp(t.app)
    const c = await signUp(t.app)
    await net.connect(a, b)
    await net.connect(c, b)
    const ab = await msg.start(a, [b.handle], 'one')
    await msg.send(a, ab, 'two')
    const cb = await msg.start(c, [b.handle], 'three')
    let inbox = await msg.list(b)
    assert.equal(inbox.unreadTotal, 3)
    assert.deepEqual(inbox.conversations.map((x) => [x.id, x.unread]), [[cb, 1], [ab, 2]], 'by last message, newest first')
    assert.equal((await msg.list(a)).unreadTotal, 0, "one's own messages are read")
    await msg.call(b, 'GET', `/conversations/${ab}/messages`)
    inbox = await msg.list(b)
    assert.equal(inbox.unreadTotal, 1)
    assert.equal(inbox.conversations.find((x) => x.id === ab)!.unread, 0)
    await msg.send(c, cb, 'four')
    assert.equal((await msg.call(b, 'POST', `/conversations/${cb}/read`)).statusCode, 204)
    assert.equal((await msg.list(b)).unreadTotal, 0)
  })

  it('pages messages newest first with a cursor', async () => {
    const a = await signUp(t.app)
    const b = await signUp(t.app)
    await net.connect(a, b)
    const id = await msg.start(a, [b.handle])
    const n = MESSAGES.pageSize + 5
    for (let i = 0; i < n; i++) await msg.send(i % 2 ? a : b, id, `m${i}`)
    const p1 = (await msg.call(a, 'GET', `/conversations/${id}/messages`)).json()
    assert.equal(p1.messages.length, MESSAGES.pageSize)
    assert.equal(p1.messages[0].body, `m${n - 1}`)
    const p2 = (await msg.call(a, 'GET', `/conversations/${id}/messages?cursor=${p1.nextCursor}`)).json()
    assert.deepEqual(p2.messages.map((m: { body: string }) => m.body), ['m4', 'm3', 'm2', 'm1', 'm0'])
    assert.equal(p2.nextCursor, null)
    assert.equal((await msg.call(a, 'GET', `/conversations/${id}/messages?cursor=nonsense`)).statusCode, 400)
  })
})

describe('message requests', () => {
  it('reach a non-connection under Requests, with a notification; accepting makes a normal conversation', async () => {
    const a = await signUp(t.app)
    const b = await signUp(t.app, { name: 'Stranger Bea' })
    const id = await msg.start(a, [b.handle], 'We have not met')
    assert.equal((await msg.list(b)).conversations.length, 0, 'not in the inbox')
    const requests = await msg.list(b, 'requests')
    assert.deepEqual(requests.conversations.map((x) => [x.id, x.state]), [[id, 'request']])
    assert.equal(requests.requests, 1)
    assert.equal(requests.unreadTotal, 0, 'requests do not count as unread messages')
    const notes = await msg.notifications(b)
    assert.deepEqual(notes.notifications.map((x) => [x.kind, x.actor?.handle, x.targetId]), [['message', a.handle, id]])
    assert.equal((await msg.call(b, 'POST', `/conversations/${id}/accept`)).statusCode, 204)
    assert.deepEqual((await msg.list(b)).conversations.map((x) => [x.id, x.state, x.unread]), [[id, 'active', 1]])
    assert.equal((await msg.list(b, 'requests')).requests, 0)
  })

  it('declined: gone for the recipient (404), and the sender is not told', async () => {
    const a = await signUp(t.app)
    const b = await signUp(t.app)
    const id = await msg.start(a, [b.handle], 'Buy my course')
    assert.equal((await msg.call(b, 'POST', `/conversations/${id}/decline`)).statusCode, 204)
    assert.equal((await msg.call(b, 'GET', `/conversations/${id}/messages`)).statusCode, 404)
    assert.equal((await msg.list(b, 'requests')).conversations.length, 0)
    const senderView = (await msg.call(a, 'GET', `/conversations/${id}/messages`)).json()
    assert.equal(senderView.conversation.canPost, true)
    await msg.send(a, id, 'Still there?')
    assert.equal((await msg.list(b, 'requests')).conversations.length, 0)
    assert.equal((await msg.call(a, 'POST', `/conversations/${id}/decline`)).statusCode, 404, 'only the recipient of a request declines it')
  })

  it(`are limited to ${MESSAGES.requestsPerDay} new ones per sender per day: the next is 429 and changes nothing`, async () => {
    const a = await signUp(t.app)
    const people = await insertMembers(t.ctx, MESSAGES.requestsPerDay + 1, 'req')
    for (const p of people.slice(0, MESSAGES.requestsPerDay)) assert.equal((await msg.call(a, 'POST', '/conversations', { handles: [p.handle], body: 'hi' })).statusCode, 201)
    const before = await messageCount()
    const over = await msg.call(a, 'POST', '/conversations', { handles: [people.at(-1)!.handle], body: 'hi' })
    assert.equal(over.statusCode, 429)
    assert.equal(over.json().code, 'rate_limited')
    assert.equal(await messageCount(), before)
    // Connections are not requests: still allowed.
    const friend = await signUp(t.app)
    await net.connect(a, friend)
    assert.equal((await msg.call(a, 'POST', '/conversations', { handles: [friend.handle], body: 'hi' })).statusCode, 201)
  })
})

describe('groups', () => {
  it(`take ${MESSAGES.maxParticipants} participants, and refuse one more with 400 and nothing stored`, async () => {
    const a = await signUp(t.app)
    const people = await insertMembers(t.ctx, MESSAGES.maxParticipants, 'grp')
    for (const p of people) await connectDirect(t.ctx, a.id, p.id)
    const handles = people.map((p) => p.handle)
    const conversations = async () => Number((await t.ctx.db.selectFrom('conversation').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n)
    const before = await conversations()
    const over = await msg.call(a, 'POST', '/conversations', { handles, body: 'too many' })
    assert.equal(over.statusCode, 400, over.body)
    assert.equal(await conversations(), before)
    const ok = await msg.call(a, 'POST', '/conversations', { handles: handles.slice(1), body: 'all of us' })
    assert.equal(ok.statusCode, 201, ok.body)
    const members = await t.ctx.db.selectFrom('conversationMember').select('state').where('conversationId', '=', ok.json().id).execute()
    assert.equal(members.length, MESSAGES.maxParticipants)
    assert.ok(members.every((m) => m.state === 'active'), 'all connections: no requests')
  })
})

describe('bodies', () => {
  it(`take ${MESSAGES.bodyLength} characters and refuse one more, white space alone and control characters, with 400 and no change`, async () => {
    const a = await signUp(t.app)
    const b = await signUp(t.app)
    await net.connect(a, b)
    const id = await msg.start(a, [b.handle])
    assert.equal((await msg.call(a, 'POST', `/conversations/${id}/messages`, { body: '年'.repeat(MESSAGES.bodyLength) })).statusCode, 201)
    assert.equal((await msg.call(a, 'POST', `/conversations/${id}/messages`, { body: 'line one\n\tline two' })).statusCode, 201)
    const before = await messageCount()
    for (const body of ['x'.repeat(MESSAGES.bodyLength + 1), '', '   \n ', 'bell\u0007', 'esc\u001b[31m']) {
      const res = await msg.call(a, 'POST', `/conversations/${id}/messages`, { body })
      assert.equal(res.statusCode, 400, JSON.stringify(body))
    }
    assert.equal(await messageCount(), before)
  })
})

describe('blocks', () => {
  it('stop new messages both ways: 404 for the blocked member, 409 blocked for the blocker; new conversations too', async () => {
    const a = await signUp(t.app)
    const b = await signUp(t.app)
    await net.connect(a, b)
    const id = await msg.start(a, [b.handle], 'before the block')
    await net.block(a, b.handle)
    const before = await messageCount()
    const blocked = await msg.call(b, 'POST', `/conversations/${id}/messages`, { body: 'hello?' })
    assert.equal(blocked.statusCode, 404)
    const blocker = await msg.call(a, 'POST', `/conversations/${id}/messages`, { body: 'hello?' })
    assert.equal(blocker.statusCode, 409)
    assert.equal(blocker.json().code, 'blocked')
    assert.equal((await msg.call(b, 'POST', '/conversations', { handles: [a.handle], body: 'again' })).statusCode, 404)
    assert.equal((await msg.call(a, 'POST', '/conversations', { handles: [b.handle], body: 'again' })).statusCode, 409)
    assert.equal(await messageCount(), before)
    assert.equal((await msg.list(a)).conversations.find((x) => x.id === id)!.canPost, false)
  })

  it('take a one-to-one conversation away from the blocked member, as if deleted: not listed, not counted, 404 to read; the blocker keeps it; an unblock gives it back', async () => {
    const a = await signUp(t.app)
    const b = await signUp(t.app)
    await net.connect(a, b)
    const id = await msg.start(a, [b.handle], 'unread by b')
    assert.equal((await msg.list(b)).unreadTotal, 1)
    await net.block(a, b.handle)
    const list = await msg.list(b)
    assert.equal(list.conversations.find((x) => x.id === id), undefined)
    assert.equal(list.unreadTotal, 0)
    const read = await msg.call(b, 'GET', `/conversations/${id}/messages`)
    assert.equal(read.statusCode, 404)
    assert.equal(read.json().code, 'not_found')
    assert.equal((await msg.call(b, 'POST', `/conversations/${id}/read`)).statusCode, 404)
    // The blocker reads it still, read-only.
    assert.equal((await msg.call(a, 'GET', `/conversations/${id}/messages`)).statusCode, 200)
    assert.equal((await msg.list(a)).conversations.find((x) => x.id === id)!.canPost, false)
    assert.equal((await net.call(a.cookie, 'DELETE', `/blocks/${b.handle}`)).statusCode, 204)
    assert.equal((await msg.list(b)).conversations.find((x) => x.id === id)?.lastMessage?.body, 'unread by b')
    assert.equal((await msg.list(b)).unreadTotal, 1)
  })

  it('take a message request away from its addressee once its sender blocks them', async () => {
    const a = await signUp(t.app)
    const b = await signUp(t.app)
    await msg.start(a, [b.handle], 'a request to a stranger')
    assert.equal((await msg.list(b)).requests, 1)
    await net.block(a, b.handle)
    assert.equal((await msg.list(b)).requests, 0)
    assert.deepEqual((await msg.list(b, 'requests')).conversations, [])
  })

  it('in a group: a member blocked by someone in it cannot post there (404)', async () => {
    const [a, b, c] = [await signUp(t.app), await signUp(t.app), await signUp(t.app)]
    await net.connect(a, b)
    await net.connect(a, c)
    const id = await msg.start(a, [b.handle, c.handle], 'group')
    await net.block(c, b.handle)
    assert.equal((await msg.call(b, 'POST', `/conversations/${id}/messages`, { body: 'hi all' })).statusCode, 404)
    assert.equal((await msg.call(a, 'POST', `/conversations/${id}/messages`, { body: 'hi all' })).statusCode, 201)
  })

  it('refuses oneself and unknown handles', async () => {
    const a = await signUp(t.app)
    assert.equal((await msg.call(a, 'POST', '/conversations', { handles: [a.handle] })).statusCode, 400)
    assert.equal((await msg.call(a, 'POST', '/conversations', { handles: ['no-such-member-here'] })).statusCode, 404)
    assert.equal((await msg.call(a, 'POST', '/conversations', { handles: [] })).statusCode, 400)
  })
})
