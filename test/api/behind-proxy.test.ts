/**
 * Issue 12: several server processes behind a load balancer. Two processes on one PostgreSQL (this
 * test's app and a real `server/src/bin.ts` child) behind a small round-robin proxy that appends
 * the client's address to X-Forwarded-For, both with TRUST_PROXY naming the proxy's address only.
 * Clients connect from their own loopback addresses (127.0.0.x), so "who is the client" is real:
 * - a session made through one process works on the other, request after request;
 * - the per-address sign-up limit counts one client's sign-ups on both processes together, and
 *   another client behind the same proxy has its own;
 * - a client that is not the proxy cannot pick its address with a forged X-Forwarded-For.
 * Live events between processes: test/api/live-events.test.ts and talk-events.test.ts; one token
 * redeemed once across processes: talk-two-processes.test.ts. PostgreSQL only: the embedded
 * database admits one process.
 */
import assert from 'node:assert/strict'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type { ChildProcess } from 'node:child_process'
import { after, before, describe, it } from 'node:test'
import { buildTestApp, GOOD_PASSWORD, type TestApp, uniqueEmail } from '../support/app.js'
import { TEST_DB_KIND } from '../support/db.js'
import { freePort } from '../support/net.js'
import { startServerProcess } from '../support/server-process.js'

const SECRET = 'proxy-secret-proxy-secret-proxy-secret-0123456789'
const PROXY_ADDRESS = '127.0.0.1'
const SIGN_UPS = 4
const skip = TEST_DB_KIND !== 'postgres' ? 'needs PostgreSQL (DATABASE_URL): two processes share one database' : false

interface Answer {
  status: number
  body: any
  headers: http.IncomingHttpHeaders
}

/** One request from `from` (a loopback address of the client's own) to 127.0.0.1:port. */
function request(port: number, from: string, method: string, url: string, opts: { body?: unknown; headers?: Record<string, string> } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const payload = opts.body === undefined ? undefined : JSON.stringify(opts.body)
    const req = http.request(
      { host: '127.0.0.1', port, method, path: url, localAddress: from, agent: false, headers: { ...(payload && { 'content-type': 'application/json' }), ...opts.headers } },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (d: string) => (text += d))
        res.on('end', () => resolve({ status: res.statusCode!, body: text ? JSON.parse(text) : null, headers: res.headers }))
      },
    )
    req.on('error', reject)
    req.end(payload)
  })
}

/** Round-robin over `ports`, from PROXY_ADDRESS, appending the client's address to X-Forwarded-For; counts where each request went. */
function startProxy(ports: number[]) {
  let next = 0
  const served = ports.map(() => 0)
  const server = http.createServer((req, res) => {
    const i = next++ % ports.length
    served[i]!++
    const forwarded = [req.headers['x-forwarded-for'], req.socket.remoteAddress].filter(Boolean).join(', ')
    const upstream = http.request(
      { host: '127.0.0.1', port: ports[i], method: req.method, path: req.url, localAddress: PROXY_ADDRESS, agent: false, headers: { ...req.headers, 'x-forwarded-for': forwarded } },
      (up) => {
        res.writeHead(up.statusCode!, up.headers)
        up.pipe(res)
      },
    )
    upstream.on('error', () => res.destroy())
    req.pipe(upstream)
  })
  return new Promise<{ port: number; served: number[]; close(): Promise<void> }>((resolve) => {
    server.listen(0, '127.0.0.1', () =>
      resolve({
        port: (server.address() as AddressInfo).port,
        served,
        close: () => new Promise<void>((done) => (server.closeAllConnections(), server.close(() => done()))),
      }),
    )
  })
}

describe('two processes behind a round-robin proxy (TRUST_PROXY)', { skip }, () => {
  let t: TestApp
  let child: ChildProcess
  let ports: number[]
  let proxy: Awaited<ReturnType<typeof startProxy>>
  const env = { SERVER_SECRET: SECRET, TRUST_PROXY: PROXY_ADDRESS, SIGN_UPS_PER_ADDRESS_PER_HOUR: String(SIGN_UPS) }

  before(async () => {
    ports = [await freePort(), await freePort()]
    t = await buildTestApp({ port: ports[0], env })
    await t.app.listen({ port: ports[0]!, host: '127.0.0.1' })
    child = await startServerProcess({ ...env, DATABASE_URL: t.ctx.database.url!, PORT: String(ports[1]), DEMO_DATA: 'false', LOG_LEVEL: 'warn', DATA_DIR: t.ctx.config.dataDir, PUBLIC_URL: t.ctx.config.publicUrl.origin })
    proxy = await startProxy(ports)
  })
  after(async () => {
    await proxy?.close()
    child?.kill('SIGTERM')
    await t?.close()
  })

  const signUp = (from: string, headers?: Record<string, string>) =>
    request(proxy.port, from, 'POST', '/api/v1/accounts', { body: { name: 'Behind Proxy', email: uniqueEmail('proxy'), password: GOOD_PASSWORD }, ...(headers && { headers }) })

  it('a session made through one process works on the other, request after request', async () => {
    const from = '127.0.0.20'
    const made = await signUp(from)
    assert.equal(made.status, 201)
    const cookie = String(made.headers['set-cookie']![0]).split(';')[0]!
    const before = [...proxy.served]
    for (let i = 0; i < 6; i++) assert.equal((await request(proxy.port, from, 'GET', '/api/v1/me', { headers: { cookie } })).status, 200, `request ${i}`)
    assert.deepEqual(
      proxy.served.map((n, i) => n - before[i]!),
      [3, 3],
      'half on each process',
    )
  })

  it('the per-address sign-up limit counts one client across both processes, and the next client has its own', async () => {
    const statuses = []
    for (let i = 0; i < SIGN_UPS + 1; i++) statuses.push((await signUp('127.0.0.30')).status)
    assert.deepEqual(statuses, [...Array(SIGN_UPS).fill(201), 429])
    assert.equal((await signUp('127.0.0.31')).status, 201, 'another client behind the same proxy is not limited by the first')
  })

  it('a forged X-Forwarded-For from a client that is not the proxy is ignored, sent directly or through the proxy', async () => {
    const statuses = []
    for (let i = 0; i < SIGN_UPS + 1; i++) {
      const forged = { 'x-forwarded-for': `10.9.8.${i}` }
      statuses.push(
        i % 2
          ? (await request(ports[i % 2]!, '127.0.0.40', 'POST', '/api/v1/accounts', { body: { name: 'Forger', email: uniqueEmail('forger'), password: GOOD_PASSWORD }, headers: forged })).status
          : (await signUp('127.0.0.40', forged)).status,
      )
    }
    assert.deepEqual(statuses, [...Array(SIGN_UPS).fill(201), 429], 'counted as 127.0.0.40 every time')
  })
})
