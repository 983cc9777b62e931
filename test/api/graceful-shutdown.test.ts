/**
 * Issue 12: a graceful shutdown. A real server process (server/src/bin.ts) on the test's
 * PostgreSQL gets SIGTERM while a live stream is open, a request is in flight and an anonymous
 * write waits for its 30-second mixing window: the stream is ended (the client reconnects
 * elsewhere), the request is answered, the waiting write is committed before the process exits —
 * not lost with the window — and the process exits 0 long before the window would have ended.
 * PostgreSQL only: the child shares the test's database (the embedded one admits one process).
 */
import assert from 'node:assert/strict'
import net from 'node:net'
import type { ChildProcess } from 'node:child_process'
import { after, before, describe, it } from 'node:test'
import { buildTestApp, type TestApp } from '../support/app.js'
import { TEST_DB_KIND } from '../support/db.js'
import { buildVerifiedUser } from '../support/factories.js'
import { fetchSender, IndependentClient, injectSender } from '../support/independent-client.js'
import { freePort } from '../support/net.js'
import { startServerProcess } from '../support/server-process.js'
import { openSse } from '../support/sse.js'

const SECRET = 'shutdown-secret-shutdown-secret-shutdown-0123456789'
const WINDOW_S = 30
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const skip = TEST_DB_KIND !== 'postgres' ? 'needs PostgreSQL (DATABASE_URL): the server process shares the test’s database' : false

describe('SIGTERM to a server process', { skip }, () => {
  let t: TestApp
  let child: ChildProcess
  let port: number
  before(async () => {
    port = await freePort()
    t = await buildTestApp({ env: { SERVER_SECRET: SECRET, MIN_ANONYMITY_SET: '1' } })
    child = await startServerProcess({ DATABASE_URL: t.ctx.database.url!, PORT: String(port), SERVER_SECRET: SECRET, DEMO_DATA: 'false', LOG_LEVEL: 'warn', DATA_DIR: t.ctx.config.dataDir, TALK_MIX_WINDOW_S: String(WINDOW_S), MIN_ANONYMITY_SET: '1' })
  })
  after(async () => {
    if (child?.exitCode === null) child.kill('SIGKILL')
    await t?.close()
  })

  it('ends the live streams, answers what is in flight, commits the waiting window, and exits 0', async () => {
    const member = await buildVerifiedUser(t.app, t.ctx, 'shutdown-co')
    const [token] = await new IndependentClient(injectSender(t.app)).tokensFor(member.cookie, null, 'talk', 1)
    const client = new IndependentClient(fetchSender(`http://127.0.0.1:${port}`))
    const accepted = await client.openThread(token!, 'Posted just before a deploy', 'Will this survive the restart?', 'alias')
    assert.equal(accepted.status, 202, 'waits for its 30 s window')
    const stream = await openSse(port, '/api/v1/talk/events')
    assert.equal(stream.status, 200)

    const exited = new Promise<{ code: number | null; at: number }>((resolve) => child.once('exit', (code) => resolve({ code, at: Date.now() })))
    // A request half sent when the signal comes: its body's second half follows it.
    const body = JSON.stringify({ email: 'nobody@example.com', password: 'not the right password' })
    const socket = net.connect(port, '127.0.0.1')
    let answer = ''
    socket.on('data', (d) => (answer += d.toString()))
    const answered = new Promise<void>((resolve) => socket.on('close', () => resolve()))
    socket.write(`POST /api/v1/sessions HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body.slice(0, 10)}`)
    await sleep(300)
    const sentAt = Date.now()
    child.kill('SIGTERM')
    await sleep(300)
    socket.write(body.slice(10))

    await answered
    assert.match(answer, /^HTTP\/1\.1 401 /, 'the request in flight when the signal came is answered')
    await stream.ended
    const { code, at } = await exited
    assert.equal(code, 0)
    assert.ok(at - sentAt < (WINDOW_S * 1000) / 2, `exited ${at - sentAt} ms after SIGTERM, without waiting out the window`)
    const stored = await t.ctx.db.selectFrom('talkThread').select('id').where('id', '=', accepted.json.threadId).execute()
    assert.equal(stored.length, 1, 'the write of the window was committed before the exit')
  })
})
