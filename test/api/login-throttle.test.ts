import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { LOGIN_FAILURE_LIMIT, LOGIN_FAILURE_WINDOW_MS } from '../../shared/src/api/limits.js'
import { buildTestApp, signUp, type TestApp, testClock, uniqueEmail } from '../support/app.js'

const clock = testClock()
let t: TestApp
before(async () => {
  t = await buildTestApp({ clock })
})
after(() => t.close())

const signIn = (email: string, password: string, ip = '203.0.113.7') =>
  t.app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { email, password }, remoteAddress: ip })

describe('POST /api/v1/sessions rate limit', () => {
  it(`allows ${LOGIN_FAILURE_LIMIT} failures for one account, then answers 429 with Retry-After — even to the right password`, async () => {
    const a = await signUp(t.app)
    for (let i = 0; i < LOGIN_FAILURE_LIMIT; i++) {
      const res = await signIn(a.email, `wrong password ${i}`, `198.51.100.${i}`)
      assert.equal(res.statusCode, 401, `failure ${i + 1} is an ordinary 401`)
    }
    const locked = await signIn(a.email, a.password, '198.51.100.200')
    assert.equal(locked.statusCode, 429)
    assert.equal(locked.json().code, 'too_many_attempts')
    const retryAfter = Number(locked.headers['retry-after'])
    assert.ok(retryAfter > 0 && retryAfter <= LOGIN_FAILURE_WINDOW_MS / 1000, `Retry-After ${retryAfter}`)

    clock.advance(LOGIN_FAILURE_WINDOW_MS - 1000)
    assert.equal((await signIn(a.email, a.password, '198.51.100.201')).statusCode, 429, 'still locked just inside the window')
    clock.advance(1000)
    assert.equal((await signIn(a.email, a.password, '198.51.100.202')).statusCode, 200, 'open again once the window has passed')
  })

  it(`limits one address across many e-mails after ${LOGIN_FAILURE_LIMIT} failures`, async () => {
    const ip = '192.0.2.55'
    for (let i = 0; i < LOGIN_FAILURE_LIMIT; i++) assert.equal((await signIn(uniqueEmail('spray'), 'password spray', ip)).statusCode, 401)
    const b = await signUp(t.app)
    assert.equal((await signIn(b.email, b.password, ip)).statusCode, 429, 'this address is throttled')
    assert.equal((await signIn(b.email, b.password, '192.0.2.56')).statusCode, 200, 'another address is not')
  })

  it('counts nine failures as nine: the tenth attempt is still judged on its password', async () => {
    const c = await signUp(t.app)
    for (let i = 0; i < LOGIN_FAILURE_LIMIT - 1; i++) await signIn(c.email, 'wrong wrong', `198.18.0.${i}`)
    assert.equal((await signIn(c.email, c.password, '198.18.1.1')).statusCode, 200)
    assert.equal((await signIn(c.email, 'wrong again', '198.18.1.2')).statusCode, 401, 'a success cleared the account counter')
  })

  it('keeps neither e-mails nor addresses in the failure table', async () => {
    const rows = await t.ctx.db.selectFrom('loginFailure').selectAll().execute()
    assert.ok(rows.length > 0)
    for (const row of rows) {
      assert.deepEqual(Object.keys(row).sort(), ['failedAt', 'id', 'keyHash'])
      assert.equal(row.keyHash.length, 32, 'an HMAC-SHA256, not the e-mail or address itself')
    }
  })
})
