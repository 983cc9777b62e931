/**
 * Live updates of Work Talk, GET /api/v1/talk/events (DESIGN §5b): Server-Sent Events with ids
 * and counts only, sent when a mixing window commits, never for a company board, without a
 * session or a log line. Streams are read over real sockets (the app listens on a free port).
 * On PostgreSQL two app contexts on one database stand for two processes: what one publishes
 * reaches the other's streams through NOTIFY, exactly once.
 */
import assert from 'node:assert/strict'
import http from 'node:http'
import { Writable } from 'node:stream'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../server/src/app.js'
import { type AppContext, createAppContext } from '../../server/src/context.js'
import { flushAnonLog } from '../../server/src/anon/log.js'
import type { CommittedWrite, TalkEvent } from '../../server/src/anon/services/events.js'
import { buildTestApp, type TestApp } from '../support/app.js'
import { TEST_DB_KIND } from '../support/db.js'
import { buildVerifiedUser } from '../support/factories.js'
import { type ClientToken, IndependentClient, injectSender } from '../support/independent-client.js'
import { freePort } from '../support/net.js'

const skipPg = TEST_DB_KIND !== 'postgres' ? 'needs PostgreSQL (DATABASE_URL): the embedded database is one process, and events stay in it' : false
const EVENTS = '/api/v1/talk/events'
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const uuid = () => crypto.randomUUID()

/** An event stream read over a real socket, parsed as an EventSource would. */
interface Stream {
  status: number
  headers: http.IncomingHttpHeaders
  events: { event: string; data: TalkEvent }[]
  comments: string[]
  retry: number | undefined
  /** The raw body, for searching for what must never be sent. */
  text(): string
  ended: Promise<void>
  waitFor(until: (s: Stream) => boolean, what: string, ms?: number): Promise<void>
  close(): void
}

function openStream(port: number, path = EVENTS, headers: Record<string, string> = {}): Promise<Stream & { body?: any }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, headers, agent: false }, (res) => {
      let raw = ''
      let pending = ''
      const waiters = new Set<() => void>()
      let endedResolve!: () => void
      const s: Stream & { body?: any } = {
        status: res.statusCode!,
        headers: res.headers,
        events: [],
        comments: [],
        retry: undefined,
        text: () => raw,
        ended: new Promise<void>((r) => (endedResolve = r)),
        async waitFor(until, what, ms = 5_000) {
          if (until(s)) return
          await new Promise<void>((done, fail) => {
            const timer = setTimeout(() => (waiters.delete(check), fail(new Error(`timed out waiting for ${what}; got ${raw.slice(-500)}`))), ms)
            const check = () => until(s) && (clearTimeout(timer), waiters.delete(check), done())
            waiters.add(check)
          })
        },
        close: () => req.destroy(),
      }
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        raw += chunk
        pending += chunk
        let cut
        while ((cut = pending.indexOf('\n\n')) >= 0) {
          const block = pending.slice(0, cut)
          pending = pending.slice(cut + 2)
          let event = 'message'
          let data: string | undefined
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) s.comments.push(line.slice(1).trim())
            else if (line.startsWith('event: ')) event = line.slice(7)
            else if (line.startsWith('data: ')) data = line.slice(6)
            else if (line.startsWith('retry: ')) s.retry = Number(line.slice(7))
          }
          if (data !== undefined) s.events.push({ event, data: JSON.parse(data) as TalkEvent })
        }
        for (const w of [...waiters]) w()
      })
      const end = () => {
        endedResolve()
        for (const w of [...waiters]) w()
      }
      res.on('end', end)
      res.on('close', end)
      if (res.statusCode !== 200) {
        res.on('end', () => resolve(Object.assign(s, { body: raw ? JSON.parse(raw) : undefined })))
        return
      }
      resolve(s)
    })
    req.on('error', reject)
  })
}

async function tokensFor(app: FastifyInstance, cookie: string, company: string | null, n: number, purpose: 'talk' | 'react' = 'talk'): Promise<ClientToken[]> {
  const c = new IndependentClient(injectSender(app))
  const key = (await c.directory()).find((k) => k.company === company && k.purpose === purpose)!
  return c.fetchTokens(cookie, key.keyId, n)
}

const AT = new Date('2026-11-25T12:03:41.512Z')
const MINUTE = '2026-11-25T12:03:00.000Z'
const thread = (channel: string, threadId = uuid()): CommittedWrite => ({ kind: 'thread', threadId, postId: uuid(), channel })
const reply = (channel: string, threadId: string, replyCount: number): CommittedWrite => ({ kind: 'reply', threadId, postId: uuid(), channel, replyCount })
const vote = (channel: string, threadId: string, score: number): CommittedWrite => ({ kind: 'vote', threadId, postId: uuid(), channel, score })

describe('GET /api/v1/talk/events', () => {
  let t: TestApp
  let port: number
  let member: Awaited<ReturnType<typeof buildVerifiedUser>>
  let tokens: ClientToken[] = []
  const publish = (...writes: CommittedWrite[]) => t.ctx.anon.events.publish(AT, writes)
  const limits = () => t.ctx.anon.events.limits

  before(async () => {
    port = await freePort()
    t = await buildTestApp({ port, env: { MIN_ANONYMITY_SET: '1' } })
    await t.app.listen({ port, host: '127.0.0.1' })
    member = await buildVerifiedUser(t.app, t.ctx, 'eventco')
  })
  after(() => t.close())

  async function token(): Promise<ClientToken> {
    if (!tokens.length) tokens = await tokensFor(t.app, member.cookie, 'eventco', 3)
    return tokens.pop()!
  }
  /** Until the server has let go of every stream (a client's close reaches it a moment later). */
  async function noStreams() {
    for (let i = 0; i < 100 && t.ctx.anon.events.subscribers > 0; i++) await sleep(20)
    assert.equal(t.ctx.anon.events.subscribers, 0)
  }

  it('opens a text/event-stream that sets no cookie, sends no request id and closes its connection when it ends', async () => {
    const s = await openStream(port, EVENTS, { cookie: 'wc_session=abc', 'user-agent': 'Agent/1', 'accept-language': 'zh-CN' })
    try {
      assert.equal(s.status, 200)
      assert.equal(s.headers['content-type'], 'text/event-stream; charset=utf-8')
      assert.equal(s.headers['cache-control'], 'no-store')
      assert.equal(s.headers.connection, 'close')
      assert.equal(s.headers['set-cookie'], undefined)
      assert.equal(s.headers['x-request-id'], undefined)
      assert.equal(s.headers['x-content-type-options'], 'nosniff', "the root's security headers are kept")
      await s.waitFor((x) => x.retry !== undefined, 'the retry field')
      assert.equal(s.retry, 10_000)
    } finally {
      s.close()
    }
    await noStreams()
  })

  it('sends a thread event once a window with a new thread is committed: ids and the minute only', async () => {
    const s = await openStream(port)
    const threadId = uuid()
    await publish(thread('tech', threadId))
    await s.waitFor((x) => x.events.length === 1, 'the thread event')
    assert.deepEqual(s.events, [{ event: 'thread', data: { type: 'thread', threadId, channel: 'tech', at: MINUTE } }])
    await publish(reply('tech', threadId, 4), vote('tech', threadId, -2))
    await s.waitFor((x) => x.events.length === 3, 'the reply and vote events')
    assert.deepEqual(s.events[1], { event: 'reply', data: { type: 'reply', threadId, channel: 'tech', replyCount: 4, at: MINUTE } })
    assert.deepEqual(Object.keys(s.events[2]!.data).sort(), ['at', 'postId', 'score', 'threadId', 'type'])
    assert.equal(s.events[2]!.event, 'vote')
    s.close()
    await noStreams()
  })

  it('reads the channel and reply count of what a window stored (publishWindow, as the mixer calls it)', async () => {
    const c = new IndependentClient(injectSender(t.app))
    const opened = await c.openThread(await token(), 'Live thread', 'Opening post', 'alias', 'career')
    assert.equal(opened.status, 201, JSON.stringify(opened.json))
    const { threadId, postId } = opened.json
    const r1 = await new IndependentClient(injectSender(t.app)).reply(threadId, await token(), 'First', 'alias')
    const r2 = await new IndependentClient(injectSender(t.app)).reply(threadId, await token(), 'Second', 'alias')
    assert.equal(r2.status, 201)
    const s = await openStream(port)
    await t.ctx.anon.events.publishWindow(AT, [
      { kind: 'thread', threadId, postId },
      { kind: 'reply', threadId, postId: r1.json.postId },
      { kind: 'reply', threadId, postId: r2.json.postId },
      { kind: 'edit', threadId, postId },
      { kind: 'thread', threadId: uuid(), postId: uuid() }, // not stored (refused): nothing to say
    ])
    await s.waitFor((x) => x.events.length === 2, 'a thread and one reply event')
    assert.deepEqual(
      s.events.map((e) => e.data),
      [
        { type: 'thread', threadId, channel: 'career', at: MINUTE },
        { type: 'reply', threadId, channel: 'career', replyCount: 2, at: MINUTE },
      ],
    )
    assert.ok(!s.text().includes('Live thread') && !s.text().includes('Opening post') && !s.text().includes(postId), 'no text, no post id of a thread or reply')
    s.close()
    await noStreams()
  })

  it('sends one vote event per voted post of a window, with its score after the window', async () => {
    const opened = await new IndependentClient(injectSender(t.app)).openThread(await token(), 'Vote live', 'Opening post', 'alias', 'career')
    assert.equal(opened.status, 201, JSON.stringify(opened.json))
    const { threadId, postId } = opened.json
    const react = await tokensFor(t.app, member.cookie, null, 2, 'react')
    for (const tok of react) assert.equal((await new IndependentClient(injectSender(t.app)).vote(threadId, postId, 1, tok)).status, 201)
    const s = await openStream(port)
    await t.ctx.anon.events.publishWindow(AT, [
      { kind: 'vote', threadId, postId },
      { kind: 'vote', threadId, postId },
      { kind: 'vote', threadId: uuid(), postId: uuid() }, // not stored: nothing to say
    ])
    await s.waitFor((x) => x.events.length === 1, 'one vote event')
    await sleep(50)
    assert.deepEqual(s.events.map((e) => e.data), [{ type: 'vote', threadId, postId, score: 2, at: MINUTE }])
    s.close()
    await noStreams()
  })

  it('sends a real post’s event when its mixing window commits, not when the post arrives', async () => {
    const p = await freePort()
    const w = await buildTestApp({ port: p, env: { MIN_ANONYMITY_SET: '1', TALK_MIX_WINDOW_S: '30' } })
    w.ctx.anon.mixer.stop() // windows end by hand here
    let s: Stream | undefined
    try {
      await w.app.listen({ port: p, host: '127.0.0.1' })
      const writer = await buildVerifiedUser(w.app, w.ctx, 'windowco')
      const [tok] = await tokensFor(w.app, writer.cookie, 'windowco', 1)
      s = await openStream(p)
      const opened = await new IndependentClient(injectSender(w.app)).openThread(tok!, 'Through the mixer', 'Body', 'alias', 'tech')
      assert.equal(opened.status, 202, JSON.stringify(opened.json))
      await sleep(100)
      assert.equal(s.events.length, 0, 'nothing while the write waits for its window')
      await w.ctx.anon.mixer.flush()
      await s.waitFor((x) => x.events.length === 1, 'the thread event', 2_000)
      const at = new Date(Math.floor(w.ctx.clock.now().getTime() / 60_000) * 60_000).toISOString()
      assert.deepEqual(s.events[0]!.data, { type: 'thread', threadId: opened.json.threadId, channel: 'tech', at })
    } finally {
      s?.close()
      await w.close()
    }
  })

  it('sends only one channel with ?channel=', async () => {
    const s = await openStream(port, `${EVENTS}?channel=layoffs`)
    assert.equal(s.status, 200)
    const inLayoffs = uuid()
    await publish(thread('general'), thread('layoffs', inLayoffs), vote('general', uuid(), 3), vote('layoffs', inLayoffs, 1))
    await publish(thread('tech'), thread('layoffs'))
    await s.waitFor((x) => x.events.length === 3, 'three layoffs events')
    await sleep(50)
    assert.deepEqual(s.events.map((e) => e.event), ['thread', 'vote', 'thread'])
    assert.ok(s.events.every((e) => e.data.type === 'vote' ? e.data.threadId === inLayoffs : e.data.channel === 'layoffs'))
    s.close()
    await noStreams()
  })

  it('answers 404 for a board or unknown channel, 400 for an unknown parameter, and holds no stream for them', async () => {
    for (const q of ['channel=eventco', 'channel=no-such-channel']) {
      const s = await openStream(port, `${EVENTS}?${q}`)
      assert.equal(s.status, 404, q)
      assert.equal(s.body.code, 'not_found')
      assert.equal(s.headers.connection, 'close')
    }
    const bad = await openStream(port, `${EVENTS}?since=0`)
    assert.equal(bad.status, 400)
    assert.equal(t.ctx.anon.events.subscribers, 0)
  })

  it('never sends an event of a company board', async () => {
    const s = await openStream(port)
    const board = uuid()
    await publish(thread('eventco', board), reply('eventco', board, 1), vote('eventco', board, 1))
    const open = uuid()
    await publish(thread('general', open))
    await s.waitFor((x) => x.events.length >= 1, 'the public event')
    await sleep(50)
    assert.deepEqual(s.events.map((e) => e.data.threadId), [open])
    assert.ok(!s.text().includes(board) && !s.text().includes('eventco'))
    s.close()
    await noStreams()
  })

  it('sends a keep-alive comment between events, and ends a stream after its longest age', async () => {
    Object.assign(limits(), { heartbeatMs: 50, maxAgeMs: 400 })
    try {
      const started = Date.now()
      const s = await openStream(port)
      await s.waitFor((x) => x.comments.filter((c) => c === 'keep-alive').length >= 2, 'two heartbeats')
      await s.ended
      const age = Date.now() - started
      assert.ok(age >= 0.9 * 400 - 20 && age < 1_500, `ended after ${age} ms`)
      assert.ok(s.text().includes(': keep-alive\n\n'))
    } finally {
      Object.assign(limits(), { heartbeatMs: 25_000, maxAgeMs: 30 * 60_000 })
    }
    await noStreams()
  })

  it('answers 503 with Retry-After once every stream of the process is taken', async () => {
    Object.assign(limits(), { maxStreams: 2 })
    const open = [await openStream(port), await openStream(port)]
    try {
      const refused = await openStream(port)
      assert.equal(refused.status, 503)
      assert.equal(refused.headers['retry-after'], '30')
      assert.equal(refused.body.code, 'too_many_streams')
      assert.equal(refused.headers.connection, 'close')
      open.pop()!.close()
      for (let i = 0; i < 100 && t.ctx.anon.events.subscribers > 1; i++) await sleep(20)
      const again = await openStream(port)
      assert.equal(again.status, 200, 'a closed stream frees its place')
      open.push(again)
    } finally {
      for (const s of open) s.close()
      Object.assign(limits(), { maxStreams: 2000 })
    }
    await noStreams()
  })

  it('writes no log line for a stream, its events or its end', async () => {
    flushAnonLog(t.ctx.anon.log) // the anonymous log holds its lines until the next whole minute
    const before = t.logText()
    const s = await openStream(port, EVENTS, { cookie: 'wc_session=abc', 'user-agent': 'Agent/1' })
    await publish(thread('general'))
    await s.waitFor((x) => x.events.length === 1, 'the event')
    s.close()
    await noStreams()
    const refused = await openStream(port, `${EVENTS}?channel=eventco`)
    assert.equal(refused.status, 404)
    await sleep(50)
    flushAnonLog(t.ctx.anon.log)
    assert.equal(t.logText(), before)
  })

  it('ends its streams when the server shuts down, so the server does not wait for them', async () => {
    const p = await freePort()
    const other = await buildTestApp({ port: p })
    await other.app.listen({ port: p, host: '127.0.0.1' })
    const s = await openStream(p)
    await s.waitFor((x) => x.retry !== undefined, 'the stream to open')
    const started = Date.now()
    await other.close()
    await s.ended
    assert.ok(Date.now() - started < 3_000, `closed in ${Date.now() - started} ms`)
    assert.ok(s.text().endsWith('\n\n'), 'the stream ended cleanly')
  })
})

describe('live updates between two processes on one PostgreSQL', { skip: skipPg }, () => {
  let t: TestApp
  let second: { app: FastifyInstance; ctx: AppContext }
  let ports: [number, number]
  before(async () => {
    ports = [await freePort(), await freePort()]
    t = await buildTestApp({ port: ports[0] })
    await t.app.listen({ port: ports[0], host: '127.0.0.1' })
    // A second server process: its own app, context and listener, on the same database.
    const logStream = new Writable({ write: (_c, _e, done) => done() })
    const ctx = await createAppContext(t.ctx.config, { database: { ...t.ctx.database, close: async () => {} }, logStream })
    second = { app: await buildApp(ctx, { logger: false }), ctx }
    await second.app.listen({ port: ports[1], host: '127.0.0.1' })
    await Promise.all([t.ctx.anon.events.whenListening(), second.ctx.anon.events.whenListening()])
  })
  after(async () => {
    await second?.app.close()
    await second?.ctx.close()
    await t?.close()
  })
  const countOf = (s: Stream, threadId: string) => s.events.filter((e) => e.data.threadId === threadId).length

  it('delivers an event published by one process to the streams of both, exactly once', async () => {
    const [a, b] = [await openStream(ports[0]), await openStream(ports[1])]
    const first = uuid()
    await t.ctx.anon.events.publish(AT, [thread('tech', first)])
    await b.waitFor((x) => countOf(x, first) === 1, 'the event on the other process')
    assert.equal(countOf(a, first), 1, 'delivered in its own process at once')
    // A marker from the other side: once both streams have it, every notification sent before it
    // has been received by both listeners (one queue, in commit order) — a duplicate would be here.
    const marker = uuid()
    await second.ctx.anon.events.publish(AT, [thread('general', marker)])
    await a.waitFor((x) => countOf(x, marker) === 1, 'the marker on the first process')
    await b.waitFor((x) => countOf(x, marker) === 1, 'the marker on the second process')
    await sleep(100)
    assert.equal(countOf(a, first), 1, 'its own notification is not delivered a second time')
    assert.equal(countOf(b, first), 1)
    assert.equal(countOf(a, marker), 1)
    assert.equal(countOf(b, marker), 1)
    assert.deepEqual(b.events.find((e) => e.data.threadId === first)!.data, { type: 'thread', threadId: first, channel: 'tech', at: MINUTE })
    a.close()
    b.close()
  })

  it('splits a large window into notifications under PostgreSQL’s payload limit, losing none', async () => {
    const b = await openStream(ports[1])
    const writes = Array.from({ length: 300 }, (_, i) => (i % 2 ? reply('compensation', uuid(), i) : thread('compensation')))
    const sent = await captureNotifications(async () => t.ctx.anon.events.publish(AT, writes))
    await b.waitFor((x) => x.events.length === 300, 'all 300 events')
    assert.deepEqual(b.events.map((e) => e.data.threadId), writes.map((w) => w.threadId), 'in the order published')
    assert.ok(sent.length >= 5, `${sent.length} notifications`)
    for (const p of sent) assert.ok(Buffer.byteLength(p) < 8000, `${Buffer.byteLength(p)} bytes`)
    const one = JSON.parse(sent[0]!) as { nonce: string; events: { channel: string; event: TalkEvent }[] }
    assert.deepEqual(Object.keys(one).sort(), ['events', 'nonce'])
    assert.deepEqual(one.events[0], { channel: 'compensation', event: { type: 'thread', threadId: writes[0]!.threadId, channel: 'compensation', at: MINUTE } })
    assert.equal(new Set(sent.map((p) => (JSON.parse(p) as { nonce: string }).nonce)).size, sent.length, 'a nonce per notification, not per process')
    b.close()
  })

  it('sends no notification for a board, and passes on only the fields of an event from any other NOTIFY', async () => {
    const b = await openStream(ports[1])
    const sent = await captureNotifications(async () => t.ctx.anon.events.publish(AT, [thread('eventco')]))
    assert.deepEqual(sent, [])
    const forged = uuid()
    const payload = JSON.stringify({
      nonce: 'someone-else',
      events: [
        { channel: 'eventco', event: { type: 'thread', threadId: uuid(), channel: 'eventco', at: MINUTE } },
        { channel: 'general', event: { type: 'thread', threadId: forged, channel: 'general', at: '2026-11-25T12:03:41.512Z', title: 'secret', authorKey: 'k' } },
      ],
    })
    await sql`select pg_notify('watercooler_talk', ${payload})`.execute(t.ctx.db)
    await b.waitFor((x) => x.events.length === 1, 'the one public event')
    assert.deepEqual(b.events[0]!.data, { type: 'thread', threadId: forged, channel: 'general', at: MINUTE })
    b.close()
  })

  it('listens again after its connection is killed, without crashing the process', async () => {
    const b = await openStream(ports[1])
    const killed = await sql<{ n: number }>`
      select count(*)::int as n from (select pg_terminate_backend(pid) from pg_stat_activity
      where datname = current_database() and query ilike 'LISTEN%watercooler_talk%' and pid <> pg_backend_pid()) k`.execute(t.ctx.db)
    assert.equal(killed.rows[0]!.n, 2, 'both processes were listening (to Work Talk; the member bus has listeners of its own)')
    // Until the listener is back, an event can be missed; keep publishing until one gets through.
    const started = Date.now()
    let got = false
    while (!got && Date.now() - started < 10_000) {
      const id = uuid()
      await t.ctx.anon.events.publish(AT, [thread('tech', id)])
      got = await b.waitFor((x) => countOf(x, id) === 1, 'an event after the reconnect', 300).then(
        () => true,
        () => false,
      )
    }
    assert.ok(got, 'events flow again after the reconnect')
    b.close()
  })

  /** The notifications `work` sends, heard on a connection of the test's own. */
  async function captureNotifications(work: () => Promise<void>): Promise<string[]> {
    const pg = (await import('pg')).default
    const client = new pg.Client({ connectionString: t.ctx.database.url! })
    await client.connect()
    const got: string[] = []
    client.on('notification', (m) => m.channel === 'watercooler_talk' && got.push(m.payload ?? ''))
    await client.query('LISTEN watercooler_talk')
    await work()
    // A marker of our own ends the capture: everything sent before it has arrived.
    await client.query(`select pg_notify('watercooler_talk', 'end-of-capture')`)
    for (let i = 0; i < 100 && !got.includes('end-of-capture'); i++) await sleep(20)
    await client.end()
    return got.filter((p) => p !== 'end-of-capture')
  }
})
