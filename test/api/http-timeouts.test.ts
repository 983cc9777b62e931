/**
 * Issue 12: slow clients cannot hold connections without limit. With short timeouts (the app's
 * own option for them; the real ones are HTTP_TIMEOUTS), raw sockets trickle headers, trickle a
 * body, or say nothing: each is cut near its deadline, while a normal request on the same server
 * is answered. The constants themselves are checked against each other (keep-alive below idle,
 * headers below the whole request).
 */
import assert from 'node:assert/strict'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../server/src/app.js'
import { envToConfig } from '../../server/src/config.js'
import { type AppContext, createAppContext } from '../../server/src/context.js'
import { HTTP_TIMEOUTS, type HttpTimeouts } from '../../server/src/http/timeouts.js'
import { freshDatabase } from '../support/db.js'
import { freePort } from '../support/net.js'

const SHORT: HttpTimeouts = { headersMs: 800, requestMs: 1_600, idleMs: 2_500, keepAliveMs: 2_000, checkEveryMs: 100 }

let app: FastifyInstance
let ctx: AppContext
let port: number
let dataDir: string

before(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wc-timeouts-'))
  port = await freePort()
  const config = envToConfig({ DATA_DIR: dataDir, SERVER_SECRET: 'test-secret-test-secret-test-secret-0123456789', PORT: String(port), LOG_LEVEL: 'silent' })
  ctx = await createAppContext(config, { database: await freshDatabase() })
  app = await buildApp(ctx, { logger: false, timeouts: SHORT })
  await app.listen({ port, host: '127.0.0.1' })
})
after(async () => {
  await app?.close()
  await ctx?.close()
  fs.rmSync(dataDir, { recursive: true, force: true })
})

/** Opens a socket, sends `chunks` one every `everyMs`, and resolves with what came back and when the server closed it. */
function trickle(chunks: string[], everyMs: number): Promise<{ answer: string; closedAfterMs: number; sent: number }> {
  return new Promise((resolve) => {
    const started = Date.now()
    const socket = net.connect(port, '127.0.0.1')
    let answer = ''
    let sent = 0
    const timer = setInterval(() => {
      if (sent < chunks.length && !socket.destroyed) socket.write(chunks[sent++]!)
    }, everyMs)
    socket.on('data', (d) => (answer += d.toString()))
    socket.on('error', () => undefined)
    socket.on('close', () => {
      clearInterval(timer)
      resolve({ answer, closedAfterMs: Date.now() - started, sent })
    })
  })
}

describe('HTTP timeouts', () => {
  it('headers sent a byte at a time are cut at the header deadline with 408', async () => {
    const head = 'GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ' + 'a'.repeat(200)
    const r = await trickle([...head], 50)
    assert.match(r.answer, /^HTTP\/1\.1 408 /)
    assert.ok(r.sent < head.length, `cut before the headers were done (${r.sent} of ${head.length} bytes)`)
    assert.ok(r.closedAfterMs >= SHORT.headersMs && r.closedAfterMs < SHORT.requestMs + 1_000, `closed after ${r.closedAfterMs} ms`)
  })

  it('a body sent a byte at a time is cut at the request deadline with 408', async () => {
    const body = JSON.stringify({ email: 'slow@example.com', password: 'x'.repeat(200) })
    const head = `POST /api/v1/sessions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`
    const r = await trickle([head, ...body], 100)
    assert.match(r.answer, /^HTTP\/1\.1 408 /)
    assert.ok(r.sent < body.length, `cut before the body was done (${r.sent - 1} of ${body.length} bytes)`)
    assert.ok(r.closedAfterMs >= SHORT.requestMs && r.closedAfterMs < SHORT.requestMs + 1_000, `closed after ${r.closedAfterMs} ms`)
  })

  it('a connection that sends nothing is cut at the header deadline too', async () => {
    const r = await trickle([], 1_000)
    assert.match(r.answer, /^HTTP\/1\.1 408 /)
    assert.ok(r.closedAfterMs >= SHORT.headersMs && r.closedAfterMs < SHORT.headersMs + 1_000, `closed after ${r.closedAfterMs} ms`)
  })

  it('a kept-alive connection left silent after its answer is closed after the keep-alive time', async () => {
    const r = await trickle(['GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'], 10)
    assert.match(r.answer, /^HTTP\/1\.1 200 /)
    assert.ok(r.closedAfterMs >= SHORT.keepAliveMs - 100 && r.closedAfterMs < SHORT.keepAliveMs + 1_500, `closed after ${r.closedAfterMs} ms`)
  })

  it('a normal request is answered meanwhile', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/health`)
    assert.equal(res.status, 200)
  })

  it('the real values hold together: keep-alive below idle, headers below the whole request, checks well inside both', () => {
    assert.ok(HTTP_TIMEOUTS.keepAliveMs < HTTP_TIMEOUTS.idleMs)
    assert.ok(HTTP_TIMEOUTS.headersMs < HTTP_TIMEOUTS.requestMs)
    assert.ok(HTTP_TIMEOUTS.checkEveryMs * 5 <= HTTP_TIMEOUTS.headersMs)
    // Live streams send a comment every 25 s: well inside the idle time, so they are never cut as idle.
    assert.ok(HTTP_TIMEOUTS.idleMs >= 2 * 25_000)
  })
})
