import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import cookie from '@fastify/cookie'
import Fastify from 'fastify'
import { ANONYMOUS, registerAnonymousGuard } from '../../server/src/http/anonymous.js'

describe('the anonymous-route guard', () => {
  it('leaves an anonymous handler only the headers it needs to read JSON, and no cookies', async () => {
    const app = Fastify()
    await app.register(cookie)
    registerAnonymousGuard(app)
    app.post('/anon', { config: ANONYMOUS }, async (req) => ({ headers: req.headers, cookies: req.cookies }))
    app.post('/normal', async (req) => ({ headers: req.headers, cookies: req.cookies }))
    const headers = {
      cookie: 'wc_session=abc',
      'user-agent': 'Agent/1',
      'accept-language': 'zh-CN',
      'sec-ch-ua': '"Chromium";v="156"',
      'x-forwarded-for': '198.51.100.1',
      referer: 'https://example.com/thread',
      authorization: 'Bearer x',
    }
    const anon = (await app.inject({ method: 'POST', url: '/anon', headers, payload: { a: 1 } })).json()
    assert.deepEqual(Object.keys(anon.headers).sort(), ['content-length', 'content-type', 'host'])
    assert.deepEqual(anon.cookies, {})
    const normal = (await app.inject({ method: 'POST', url: '/normal', headers, payload: { a: 1 } })).json()
    assert.equal(normal.headers['user-agent'], 'Agent/1', 'other routes are untouched')
    assert.equal(normal.cookies.wc_session, 'abc')
  })
})
