import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { LOGIN_THROTTLE } from '../../shared/src/api/limits.js'
import { buildTestApp, signUp, type TestApp, testClock, uniqueEmail } from '../support/app.js'

const clock = testClock()
let t: TestApp
before(async () => {
  t = await buildTestApp({ clock })
})
after(() => t.close())

const signIn = (email: string, password: string, ip = '203.0.113.7') =>
  t.app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { email, password }, remoteAddress: ip })

const PAIR = LOGIN_THROTTLE.perAddressAndEmail

describe('POST /api/v1/sessions rate limit', () => {
  it(`allows ${PAIR} failures for one e-mail from one address, then answers 429 with Retry-After there — even to the right password`, async () => {
    const a = await signUp(t.app)
    const ip = '198.51.100.7'
    for (let i = 0; i < PAIR; i++) {
      const res = await signIn(a.email, `wrong password ${i}`, ip)
      assert.equal(res.statusCode, 401, `failure ${i + 1} is an ordinary 401`)
    }
    const locked = await signIn(a.email, a.password, ip)
    assert.equal(locked.statusCode, 429)
    assert.equal(locked.json().code, 'too_many_attempts')
    const retryAfter = Number(locked.headers['retry-after'])
    assert.ok(retryAfter > 0 && retryAfter <= LOGIN_THROTTLE.windowMs / 1000, `Retry-After ${retryAfter}`)
    assert.equal((await signIn(a.email, a.password, '198.51.100.8')).statusCode, 200, 'the member signs in from another address')

    clock.advance(LOGIN_THROTTLE.windowMs - 1000)
    assert.equal((await signIn(a.email, a.password, ip)).statusCode, 429, 'still locked just inside the window')
    clock.advance(1000)
    assert.equal((await signIn(a.email, a.password, ip)).statusCode, 200, 'open again once the window has passed')
  })

  it(`limits one address across many e-mails after ${LOGIN_THROTTLE.perAddress} failures`, async () => {
    const ip = '192.0.2.55'
    for (let i = 0; i < LOGIN_THROTTLE.perAddress; i++) assert.equal((await signIn(uniqueEmail('spray'), 'password spray', ip)).statusCode, 401)
    const b = await signUp(t.app)
    assert.equal((await signIn(b.email, b.password, ip)).statusCode, 429, 'this address is throttled')
    assert.equal((await signIn(b.email, b.password, '192.0.2.56')).statusCode, 200, 'another address is not')
  })

  it('counts nine failures as nine: the tenth attempt is still judged on its password', async () => {
    const c = await signUp(t.app)
    const ip = '198.18.0.9'
    for (let i = 0; i < PAIR - 1; i++) await signIn(c.email, 'wrong wrong', ip)
    assert.equal((await signIn(c.email, c.password, ip)).statusCode, 200)
    assert.equal((await signIn(c.email, 'wrong again', ip)).statusCode, 401, 'a success cleared the pair counter')
  })

  it('keeps neither e-mails nor addresses in the counter table', async () => {
    const rows = await t.ctx.db.selectFrom('rateLimit').selectAll().execute()
    assert.ok(rows.length > 0)
    for (const row of rows) {
      assert.deepEqual(Object.keys(row).sort(), ['hits', 'keyHash', 'windowStart'])
      assert.equal(row.keyHash.length, 32, 'an HMAC-SHA256, not the e-mail or address itself')
    }
  })
})
