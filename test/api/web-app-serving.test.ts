/**
 * Issue 12: how the built web app is served. A page for any client that does not ask for JSON
 * alone (`curl /` got a 404 problem), never a page in place of a missing file; the Brotli or gzip
 * copy the build wrote for a client that accepts it; hashed assets immutable for a year, the page
 * revalidated. Against a small dist of the test's own (the real build is checked by its plugin's
 * output in test/web and measured by `npm run bench`).
 */
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import { after, before, describe, it } from 'node:test'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../server/src/app.js'
import { envToConfig } from '../../server/src/config.js'
import { type AppContext, createAppContext } from '../../server/src/context.js'
import { wantsPage } from '../../server/src/http/web-app.js'
import { freshDatabase } from '../support/db.js'

const SCRIPT = `console.log(${JSON.stringify('x'.repeat(5000))})`
const PAGE = '<!doctype html><title>Watercooler</title><script type="module" src="/assets/index-AbC123.js"></script>'

let app: FastifyInstance
let ctx: AppContext
let dir: string

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wc-dist-'))
  fs.mkdirSync(path.join(dir, 'assets'))
  fs.writeFileSync(path.join(dir, 'index.html'), PAGE)
  const js = path.join(dir, 'assets', 'index-AbC123.js')
  fs.writeFileSync(js, SCRIPT)
  fs.writeFileSync(`${js}.br`, zlib.brotliCompressSync(SCRIPT))
  fs.writeFileSync(`${js}.gz`, zlib.gzipSync(SCRIPT))
  const config = envToConfig({ DATA_DIR: path.join(dir, 'data'), SERVER_SECRET: 'test-secret-test-secret-test-secret-0123456789', LOG_LEVEL: 'silent' })
  ctx = await createAppContext(config, { database: await freshDatabase() })
  app = await buildApp(ctx, { logger: false, webDist: dir })
})
after(async () => {
  await app?.close()
  await ctx?.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

describe('the web app as served', () => {
  it('GET / answers the page to curl (Accept: */*), to no Accept at all, and to a browser', async () => {
    for (const accept of ['*/*', undefined, 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8']) {
      const res = await app.inject({ method: 'GET', url: '/', headers: accept === undefined ? {} : { accept } })
      assert.equal(res.statusCode, 200, `Accept: ${accept}`)
      assert.match(String(res.headers['content-type']), /^text\/html/)
      assert.equal(res.body, PAGE)
      assert.equal(res.headers['cache-control'], 'no-cache', 'the page is revalidated: it names the current assets')
    }
    const route = await app.inject({ method: 'GET', url: '/talk/t/some-thread', headers: { accept: '*/*' } })
    assert.equal(route.statusCode, 200, 'a client-side route too')
  })

  it('a client that asks for JSON alone, a missing file and an unknown API path get a 404 problem', async () => {
    for (const [url, accept] of [
      ['/', 'application/json'],
      ['/assets/index-Old999.js', '*/*'],
      ['/favicon-missing.png', '*/*'],
      ['/api/v1/nothing-here', 'text/html'],
    ] as const) {
      const res = await app.inject({ method: 'GET', url, headers: { accept } })
      assert.equal(res.statusCode, 404, `${url} (${accept})`)
      assert.match(String(res.headers['content-type']), /^application\/problem\+json/)
    }
  })

  it('a hashed asset: Brotli or gzip as the client accepts, immutable for a year, the same bytes', async () => {
    for (const [acceptEncoding, expected] of [
      ['br, gzip', 'br'],
      ['gzip', 'gzip'],
      ['identity', undefined],
    ] as const) {
      const res = await app.inject({ method: 'GET', url: '/assets/index-AbC123.js', headers: { 'accept-encoding': acceptEncoding } })
      assert.equal(res.statusCode, 200)
      assert.equal(res.headers['content-encoding'], expected, acceptEncoding)
      assert.match(String(res.headers['cache-control']), /max-age=31536000.*immutable|immutable.*max-age=31536000/)
      assert.match(String(res.headers.vary ?? ''), /accept-encoding/i)
      const body = res.rawPayload
      const decoded = expected === 'br' ? zlib.brotliDecompressSync(body) : expected === 'gzip' ? zlib.gunzipSync(body) : body
      assert.equal(decoded.toString(), SCRIPT)
      if (expected) assert.ok(body.length < SCRIPT.length / 10, `${expected}: ${body.length} bytes for ${SCRIPT.length}`)
    }
  })

  it('wantsPage: HTML asked for, or any type for a path that names no file; never JSON alone', () => {
    assert.equal(wantsPage('/', ''), true)
    assert.equal(wantsPage('/jobs?q=x.y', '*/*'), true)
    assert.equal(wantsPage('/me', 'text/*'), true)
    assert.equal(wantsPage('/me', 'application/json'), false)
    assert.equal(wantsPage('/me', 'application/problem+json, application/json;q=0.9'), false)
    assert.equal(wantsPage('/logo.png', '*/*'), false)
    assert.equal(wantsPage('/logo.png', 'text/html'), true)
  })
})
