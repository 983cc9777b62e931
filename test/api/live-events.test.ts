/**
 * The member's live stream, GET /api/v1/events (DESIGN §5b): the session's own events — new
 * messages with unread counts, notifications — read over real sockets; resume with Last-Event-ID
 * from the database; and, on PostgreSQL, two app contexts on one database standing for two
 * processes: a message sent through one arrives on a stream held by the other (LISTEN/NOTIFY).
 */
import assert from 'node:assert/strict'
import { Writable } from 'node:stream'
import { after, before, describe, it } from 'node:test'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../server/src/app.js'
import { type AppContext, createAppContext } from '../../server/src/context.js'
import { MAX_PAYLOAD_BYTES } from '../../server/src/services/live/bus.js'
import { MESSAGES } from '../../shared/src/api/limits.js'
import { buildTestApp, signUp, type TestApp } from '../support/app.js'
import { TEST_DB_KIND } from '../support/db.js'
import { messagesClient } from '../support/messages.js'
import { freePort } from '../support/net.js'
import { networkClient } from '../support/network.js'
import { openSse } from '../support/sse.js'

const skipPg = TEST_DB_KIND !== 'postgres' ? 'needs PostgreSQL (DATABASE_URL): the embedded database is one process, and events stay in it' : false

let t: TestApp
let port: number
let msg: ReturnType<typeof messagesClient>
let net: ReturnType<typeof networkClient>
before(async () => {
  port = await freePort()
  t = await buildTestApp({ port })
  await t.app.listen({ port, host: '127.0.0.1' })
  msg = messagesClient(t.app)
  net = networkClient(t.app)
})
after(() => t.close())

describe('GET /api/v1/events', () => {
  it('needs a session', async () => {
    const s = await openSse(port, '/api/v1/events')
    assert.equal(s.status, 401)
    s.close()
  })

  it("starts with the counts, then brings a message to every participant's streams, with their unread counts", async () => {
    const a = await signUp(t.app)
    const b = await signUp(t.app)
    const stranger = await signUp(t.app)
    await net.connect(a, b)
    const id = await msg.start(a, [b.handle], 'first')
    const bTabs = [await openSse(port, '/api/v1/events', { cookie: b.cookie }), await openSse(port, '/api/v1/events', { cookie: b.cookie })]
    const aTab = await openSse(port, '/api/v1/events', { cookie: a.cookie })
    const other = await openSse(port, '/api/v1/events', { cookie: stranger.cookie })
    for (const s of [...bTabs, aTab, other]) await s.waitFor((x) => x.events.some((e) => e.event === 'ready'), 'ready')
    assert.deepEqual(bTabs[0]!.events[0]!.data, { type: 'ready', unreadMessages: 1, unreadNotifications: 1, requests: 0 }, 'the invitation was accepted: one notification')
    await msg.send(a, id, 'live one')
    for (const s of bTabs) await s.waitFor((x) => x.events.some((e) => e.event === 'message'), 'the message on each of B’s tabs')
    const got = bTabs[0]!.events.find((e) => e.event === 'message')!
    assert.equal(got.data.message.body, 'live one')
    assert.equal(got.data.message.mine, false)
    assert.equal(got.data.unread, 2)
    assert.equal(got.data.unreadTotal, 2)
    assert.match(got.id!, /^\d+\.\d+$/)
    await aTab.waitFor((x) => x.events.some((e) => e.event === 'message' && e.data.message.mine), "the sender's own tab")
    // Reading it in one tab tells the other.
    await msg.call(b, 'GET', `/conversations/${id}/messages`)
    await bTabs[1]!.waitFor((x) => x.events.some((e) => e.event === 'counts' && e.data.unreadMessages === 0), 'the new count')
    assert.ok(!other.events.some((e) => e.event === 'message'), 'nobody else hears it')
    for (const s of [...bTabs, aTab, other]) s.close()
  })

  it('resumes with Last-Event-ID: what came while away is replayed from the database, once, in order', async () => {
    const a = await signUp(t.app)
    const b = await signUp(t.app)
    await net.connect(a, b)
    const id = await msg.start(a, [b.handle])
    const first = await openSse(port, '/api/v1/events', { cookie: b.cookie })
    await first.waitFor((x) => x.events.some((e) => e.event === 'ready'), 'ready')
    await msg.send(a, id, 'seen live')
    await first.waitFor((x) => x.events.some((e) => e.event === 'message'), 'the live message')
    const lastId = first.lastId!
    first.close()
    await msg.send(a, id, 'missed one')
    await msg.send(a, id, 'missed two')
    const c = await signUp(t.app)
    await net.invite(c, b) // a notification while away
    for (const resume of [{ 'last-event-id': lastId }, null]) {
      const s = await openSse(port, resume ? '/api/v1/events' : `/api/v1/events?lastEventId=${lastId}`, { cookie: b.cookie, ...resume })
      await s.waitFor((x) => x.events.some((e) => e.event === 'ready'), 'ready after the replay')
      const bodies = s.events.filter((e) => e.event === 'message').map((e) => e.data.message.body)
      assert.deepEqual(bodies, ['missed one', 'missed two'])
      assert.deepEqual(s.events.filter((e) => e.event === 'notification').map((e) => e.data.notification.kind), ['invitation'])
      s.close()
    }
    const fresh = await openSse(port, '/api/v1/events', { cookie: b.cookie, 'last-event-id': 'garbage' })
    await fresh.waitFor((x) => x.events.some((e) => e.event === 'ready'), 'ready')
    assert.deepEqual(fresh.events.map((e) => e.event), ['ready'], 'a bad id replays nothing')
    fresh.close()
  })

  it('caps the streams one member may hold', async () => {
    const a = await signUp(t.app)
    t.ctx.live.limits.perMember = 2
    try {
      const open = [await openSse(port, '/api/v1/events', { cookie: a.cookie }), await openSse(port, '/api/v1/events', { cookie: a.cookie })]
      for (const s of open) await s.waitFor((x) => x.events.length > 0, 'ready')
      const third = await openSse(port, '/api/v1/events', { cookie: a.cookie })
      assert.equal(third.status, 429)
      for (const s of [...open, third]) s.close()
    } finally {
      t.ctx.live.limits.perMember = 10
    }
  })

  it('keeps the largest message event under NOTIFY’s limit for a full group', () => {
    const ids = Array.from({ length: MESSAGES.maxParticipants }, () => crypto.randomUUID())
    const body = '"'.repeat(MESSAGES.bodyLength)
    const event = { type: 'message' as const, message: { id: '9'.repeat(19), conversationId: ids[0]!, body, sender: { handle: 'h'.repeat(64), name: '名'.repeat(100) }, mine: false, createdAt: new Date().toISOString() }, unread: 1, unreadTotal: 1, request: false }
    const payloads = t.ctx.live.payloads(ids, event)
    assert.ok(payloads.length >= 1)
    for (const p of payloads) assert.ok(Buffer.byteLength(p) < MAX_PAYLOAD_BYTES, `${Buffer.byteLength(p)} bytes`)
    assert.deepEqual(payloads.flatMap((p) => JSON.parse(p).to).sort(), [...ids].sort())
  })
})

describe('two processes on one PostgreSQL', { skip: skipPg }, () => {
  let second: { app: FastifyInstance; ctx: AppContext }
  let port2: number
  before(async () => {
    port2 = await freePort()
    const logStream = new Writable({ write: (_c, _e, done) => done() })
    const ctx = await createAppContext(t.ctx.config, { database: { ...t.ctx.database, close: async () => {} }, logStream })
    second = { app: await buildApp(ctx, { logger: false }), ctx }
    await second.app.listen({ port: port2, host: '127.0.0.1' })
    await Promise.all([t.ctx.live.whenListening(), second.ctx.live.whenListening()])
  })
  after(async () => {
    await second?.app.close()
    await second?.ctx.close()
  })

  it('a message sent through one arrives live on a stream held by the other, once', async () => {
    const a = await signUp(t.app)
    const b = await signUp(t.app)
    await net.connect(a, b)
    const id = await msg.start(a, [b.handle])
    const onSecond = await openSse(port2, '/api/v1/events', { cookie: b.cookie })
    const onFirst = await openSse(port, '/api/v1/events', { cookie: b.cookie })
    for (const s of [onSecond, onFirst]) await s.waitFor((x) => x.events.some((e) => e.event === 'ready'), 'ready')
    await msg.send(a, id, 'across processes')
    for (const s of [onSecond, onFirst]) await s.waitFor((x) => x.events.some((e) => e.event === 'message'), 'the message')
    const marker = await msg.send(a, id, 'marker')
    for (const s of [onSecond, onFirst]) await s.waitFor((x) => x.events.some((e) => e.event === 'message' && e.data.message.id === marker.id), 'the marker')
    for (const s of [onSecond, onFirst]) assert.equal(s.events.filter((e) => e.data.message?.body === 'across processes').length, 1)
    onSecond.close()
    onFirst.close()
  })
})
