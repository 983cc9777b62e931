import assert from 'node:assert/strict'
import { Writable } from 'node:stream'
import { describe, it } from 'node:test'
import cookie from '@fastify/cookie'
import Fastify from 'fastify'
import { createAnonLog, flushAnonLog } from '../../server/src/anon/log.js'
import { registerAnonymousScope } from '../../server/src/anon/scope.js'

/** A Fastify app with an anonymous scope beside a cookie-reading one, as app.ts builds them. */
async function twoScopes(lines: string[] = []) {
  const app = Fastify()
  const log = createAnonLog('info', new Writable({ write: (c, _e, done) => (lines.push(String(c)), done()) }))
  app.addHook('onClose', async () => flushAnonLog(log))
  await app.register(async (named) => {
    await named.register(cookie)
    named.post('/normal', async (req) => ({ headers: req.headers, cookies: req.cookies }))
  })
  await app.register(async (anon) => {
    registerAnonymousScope(anon, log)
    anon.post('/anon', async (req) => ({ headers: req.headers, cookies: (req as { cookies?: unknown }).cookies ?? null, anonymous: req.routeOptions.config.anonymous }))
    anon.post('/boom', async () => {
      throw new Error('database exploded')
    })
  })
  return app
}

const identifying = {
  cookie: 'wc_session=abc',
  'user-agent': 'Agent/1',
  'accept-language': 'zh-CN',
  'sec-ch-ua': '"Chromium";v="156"',
  'x-forwarded-for': '198.51.100.1',
  referer: 'https://example.com/thread',
  authorization: 'Bearer x',
}

describe('the anonymous scope', () => {
  it('leaves an anonymous handler only the headers it needs to read JSON, and no cookie parser at all', async () => {
    const app = await twoScopes()
    const anon = (await app.inject({ method: 'POST', url: '/anon', headers: identifying, payload: { a: 1 } })).json()
    assert.deepEqual(Object.keys(anon.headers).sort(), ['content-length', 'content-type', 'host'])
    assert.equal(anon.cookies, null, 'the cookie plugin is not registered in the anonymous scope')
    assert.equal(anon.anonymous, true, 'every route of the scope is marked anonymous')
    const normal = (await app.inject({ method: 'POST', url: '/normal', headers: identifying, payload: { a: 1 } })).json()
    assert.equal(normal.headers['user-agent'], 'Agent/1', 'the other scope is untouched')
    assert.equal(normal.cookies.wc_session, 'abc')
  })

  it('closes the connection after every anonymous answer, so the next request cannot share it', async () => {
    const app = await twoScopes()
    const res = await app.inject({ method: 'POST', url: '/anon', payload: { a: 1 } })
    assert.equal(res.headers.connection, 'close')
    assert.notEqual((await app.inject({ method: 'POST', url: '/normal', payload: { a: 1 } })).headers.connection, 'close')
  })

  it('logs a failure with the time to the minute and nothing of the request', async () => {
    const lines: string[] = []
    const app = await twoScopes(lines)
    const res = await app.inject({ method: 'POST', url: '/boom', headers: identifying, payload: { secret: 'body text' } })
    assert.equal(res.statusCode, 500)
    assert.equal(res.json().code, 'internal_error')
    assert.deepEqual(lines, [], 'nothing is written when it happens: the lines wait for the next whole minute')
    await app.close()
    assert.ok(lines.length > 0, 'and go out then (or at shutdown)')
    // Fastify's own "incoming request" line (this bare app does not turn it off, the real one
    // does) hands the logger the whole request: it must come out as a bare message.
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>)
    for (const line of parsed) {
      assert.ok(Object.keys(line).every((k) => ['err', 'level', 'msg', 'time'].includes(k)), JSON.stringify(line))
      assert.equal(new Date(line.time as string).getTime() % 60_000, 0, 'the minute, not the millisecond')
    }
    const failure = parsed.find((l) => l.err)
    assert.deepEqual(failure?.err, { type: 'Error', message: 'database exploded' })
    const text = lines.join('')
    for (const v of Object.values(identifying)) assert.ok(!text.includes(v), v)
    assert.ok(!text.includes('body text'))
    assert.ok(!text.includes('/boom'), 'not even the route')
  })
})
