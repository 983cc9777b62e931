/**
 * Compression of API answers (server/src/http/compression.ts): Brotli or gzip by Accept-Encoding
 * from COMPRESSION.thresholdBytes on, the same JSON once decoded; never a live stream, never an
 * answer that shows a secret once (BREACH); Work Talk pages compressed once for all their readers.
 */
import zlib from 'node:zlib'
import http from 'node:http'
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { COMPRESSION } from '../../server/src/http/compression.js'
import { buildTestApp, type TestApp } from '../support/app.js'
import { buildVerifiedUser } from '../support/factories.js'
import { IndependentClient, injectSender } from '../support/independent-client.js'

let t: TestApp
let reader: Awaited<ReturnType<typeof buildVerifiedUser>>

before(async () => {
  t = await buildTestApp()
  reader = await buildVerifiedUser(t.app, t.ctx, 'zip-co')
  const client = new IndependentClient(injectSender(t.app))
  const tokens = await client.tokensFor(reader.cookie, null, 'talk', 12)
  // Enough threads that the list is well over the threshold.
  for (const [i, tok] of tokens.entries()) assert.equal((await client.openThread(tok, `Thread number ${i}`, 'A body that says something. '.repeat(8), 'alias')).status, 201)
})
after(() => t.close())

const get = (url: string, encoding?: string, cookie = reader.cookie) =>
  t.app.inject({ method: 'GET', url, headers: { cookie, ...(encoding !== undefined && { 'accept-encoding': encoding }) } })
const decode = (encoding: string | undefined, raw: Buffer) =>
  encoding === 'br' ? zlib.brotliDecompressSync(raw).toString() : encoding === 'gzip' ? zlib.gunzipSync(raw).toString() : raw.toString()

describe('compression of API answers', () => {
  it('sends Brotli or gzip as asked, the same JSON once decoded, and says it varied by Accept-Encoding', async () => {
    for (const url of ['/api/v1/talk/threads?sort=new', '/api/v1/talk/channels']) {
      const plain = await get(url)
      assert.equal(plain.headers['content-encoding'], undefined, 'not asked for: not compressed')
      assert.ok(plain.rawPayload.length >= COMPRESSION.thresholdBytes, `${url} is long enough to be compressed`)
      for (const [asked, expected] of [['br', 'br'], ['gzip, deflate, br', 'br'], ['gzip', 'gzip'], ['br;q=0, gzip', 'gzip'], ['identity', undefined], ['deflate', undefined]] as const) {
        const res = await get(url, asked)
        assert.equal(res.statusCode, 200)
        assert.equal(res.headers['content-encoding'], expected, `${url} with ${asked}`)
        if (expected) assert.match(String(res.headers.vary ?? ''), /accept-encoding/i)
        assert.deepEqual(JSON.parse(decode(expected, res.rawPayload)), plain.json(), `${url} with ${asked}: the same answer`)
        if (expected) assert.ok(res.rawPayload.length < plain.rawPayload.length / 2, `${url} ${expected}: ${res.rawPayload.length} of ${plain.rawPayload.length} bytes`)
      }
    }
  })

  it('compresses a Work Talk page once for all its readers', async () => {
    const first = await get('/api/v1/talk/threads?sort=new', 'br')
    const second = await get('/api/v1/talk/threads?sort=new', 'br')
    assert.ok(first.rawPayload.equals(second.rawPayload), 'the same bytes, from the read cache')
  })

  it('leaves short answers, secrets shown once and live streams as they are', async () => {
    const short = await get('/api/v1/me', 'br')
    assert.ok(short.rawPayload.length < COMPRESSION.thresholdBytes)
    assert.equal(short.headers['content-encoding'], undefined)
    const totp = await t.app.inject({ method: 'POST', url: '/api/v1/me/totp', headers: { cookie: reader.cookie, 'accept-encoding': 'br, gzip' } })
    assert.equal(totp.statusCode, 200)
    assert.equal(totp.headers['content-encoding'], undefined, 'a TOTP secret is never compressed')
    // An event stream, over a real socket (it never ends by itself).
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' })
    const headers = await new Promise<http.IncomingHttpHeaders>((resolve, reject) => {
      const req = http.get(`${address}/api/v1/talk/events`, { headers: { 'accept-encoding': 'br, gzip' } }, (res) => {
        resolve(res.headers)
        res.destroy()
      })
      req.on('error', reject)
    })
    assert.match(String(headers['content-type']), /text\/event-stream/)
    assert.equal(headers['content-encoding'], undefined, 'Server-Sent Events go as they are written')
  })
})
