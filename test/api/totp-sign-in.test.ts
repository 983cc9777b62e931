import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { generate } from 'otplib'
import { TOTP } from '../../shared/src/api/limits.js'
import { buildTestApp, signUp, testClock, type TestApp } from '../support/app.js'

let t: TestApp
const clock = testClock()
before(async () => {
  t = await buildTestApp({ clock })
})
after(() => t.close())

const inject = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object, cookie?: string) =>
  t.app.inject({ method, url: `/api/v1${url}`, ...(payload && { payload }), ...(cookie && { headers: { cookie } }) })
/** The code an authenticator app shows at the test clock's time (or `stepsAway` steps from it). */
const codeFor = (secret: string, stepsAway = 0) => generate({ secret, epoch: Math.floor(clock.now().getTime() / 1000) + stepsAway * TOTP.periodS })
/** Moves the clock to the start of the next minute, so the next code is of a new minute (replay is refused per minute). */
const nextMinute = () => clock.set(new Date(Math.floor(clock.now().getTime() / 60_000) * 60_000 + 60_000))

async function enrolled() {
  const user = await signUp(t.app)
  const start = await inject('POST', '/me/totp', undefined, user.cookie)
  assert.equal(start.statusCode, 200, start.body)
  const { secret, otpauthUrl } = start.json()
  assert.match(otpauthUrl, /^otpauth:\/\/totp\//)
  assert.ok(otpauthUrl.includes(`secret=${secret}`))
  const confirm = await inject('POST', '/me/totp/confirm', { code: await codeFor(secret) }, user.cookie)
  assert.equal(confirm.statusCode, 200, confirm.body)
  nextMinute()
  return { ...user, secret, recoveryCodes: confirm.json().recoveryCodes as string[] }
}

async function challengeOf(user: { email: string; password: string }): Promise<string> {
  const res = await inject('POST', '/sessions', { email: user.email, password: user.password })
  assert.equal(res.statusCode, 401, res.body)
  assert.equal(res.json().code, 'second_factor_required')
  return res.json().challenge
}

describe('two-step sign-in (TOTP)', () => {
  it('enrols: the secret is stored sealed, not in clear; 10 recovery codes stored only as HMACs', async () => {
    const user = await enrolled()
    assert.equal(user.recoveryCodes.length, TOTP.recoveryCodes)
    assert.equal(new Set(user.recoveryCodes).size, TOTP.recoveryCodes)
    for (const c of user.recoveryCodes) assert.match(c, new RegExp(TOTP.recoveryCodePattern))
    const row = await t.ctx.db.selectFrom('totpCredential').selectAll().where('accountId', '=', user.id).executeTakeFirstOrThrow()
    assert.equal(row.enabled, true)
    assert.ok(!row.secretSealed.includes(Buffer.from(user.secret)), 'the secret is not stored in clear')
    const hashes = await t.ctx.db.selectFrom('totpRecoveryCode').select('codeHash').where('accountId', '=', user.id).execute()
    assert.equal(hashes.length, TOTP.recoveryCodes)
    for (const h of hashes) for (const c of user.recoveryCodes) assert.ok(!h.codeHash.includes(Buffer.from(c)))
    assert.deepEqual((await inject('GET', '/me/totp', undefined, user.cookie)).json(), { enabled: true })
    assert.equal((await inject('POST', '/me/totp', undefined, user.cookie)).json().code, 'totp_enabled')
  })

  it('refuses a wrong code at confirmation and stays off', async () => {
    const user = await signUp(t.app)
    const { secret } = (await inject('POST', '/me/totp', undefined, user.cookie)).json()
    const wrong = String((Number(await codeFor(secret)) + 1) % 1_000_000).padStart(6, '0')
    const res = await inject('POST', '/me/totp/confirm', { code: wrong }, user.cookie)
    assert.equal(res.statusCode, 400)
    assert.equal(res.json().code, 'bad_code')
    assert.deepEqual((await inject('GET', '/me/totp', undefined, user.cookie)).json(), { enabled: false })
    const pwd = await inject('POST', '/sessions', { email: user.email, password: user.password })
    assert.equal(pwd.statusCode, 200, 'a pending set-up does not ask for a code')
  })

  it('asks for the code after the password, and signs in with it', async () => {
    const user = await enrolled()
    const challenge = await challengeOf(user)
    const res = await inject('POST', '/sessions/second-factor', { challenge, code: await codeFor(user.secret) })
    assert.equal(res.statusCode, 200, res.body)
    assert.equal(res.json().id, user.id)
    const cookie = res.cookies.find((c) => c.name === 'wc_session')
    assert.ok(cookie)
    assert.equal((await inject('GET', '/me', undefined, `wc_session=${cookie.value}`)).statusCode, 200)
  })

  it('accepts one step either side of now, not two', async () => {
    const user = await enrolled()
    // The second step of a minute: one step back is still this minute (replay is refused per minute).
    clock.advance(40_000)
    for (const steps of [-1, 1]) {
      const res = await inject('POST', '/sessions/second-factor', { challenge: await challengeOf(user), code: await codeFor(user.secret, steps) })
      assert.equal(res.statusCode, 200, `${steps} step: ${res.body}`)
      nextMinute()
      clock.advance(40_000)
    }
    for (const steps of [-2, 2]) {
      const res = await inject('POST', '/sessions/second-factor', { challenge: await challengeOf(user), code: await codeFor(user.secret, steps) })
      assert.equal(res.statusCode, 400, `${steps} steps`)
    }
  })

  it('refuses a code used once already (replay), even with a new challenge', async () => {
    const user = await enrolled()
    const code = await codeFor(user.secret)
    assert.equal((await inject('POST', '/sessions/second-factor', { challenge: await challengeOf(user), code })).statusCode, 200)
    const again = await inject('POST', '/sessions/second-factor', { challenge: await challengeOf(user), code })
    assert.equal(again.statusCode, 400)
    assert.equal(again.json().code, 'bad_code')
  })

  it('signs in once with each recovery code', async () => {
    const user = await enrolled()
    const [code] = user.recoveryCodes
    assert.equal((await inject('POST', '/sessions/second-factor', { challenge: await challengeOf(user), code })).statusCode, 200)
    const again = await inject('POST', '/sessions/second-factor', { challenge: await challengeOf(user), code })
    assert.equal(again.statusCode, 400)
    assert.equal((await t.ctx.db.selectFrom('totpRecoveryCode').select('codeHash').where('accountId', '=', user.id).execute()).length, TOTP.recoveryCodes - 1)
    const other = await enrolled()
    assert.equal((await inject('POST', '/sessions/second-factor', { challenge: await challengeOf(other), code: user.recoveryCodes[1] })).statusCode, 400, 'codes are per account')
  })

  it('throttles wrong codes: the limit refused with 400, then 429 even for the right code, until the window passes', async () => {
    const user = await enrolled()
    const challenge = await challengeOf(user)
    const right = await codeFor(user.secret)
    const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, '0')
    for (let i = 0; i < TOTP.failureLimit; i++) assert.equal((await inject('POST', '/sessions/second-factor', { challenge, code: wrong })).statusCode, 400, `wrong code ${i + 1}`)
    const blocked = await inject('POST', '/sessions/second-factor', { challenge, code: right })
    assert.equal(blocked.statusCode, 429)
    assert.equal(blocked.json().code, 'too_many_attempts')
    assert.ok(Number(blocked.headers['retry-after']) > 0)
    clock.advance(TOTP.failureWindowS * 1000)
    nextMinute()
    const res = await inject('POST', '/sessions/second-factor', { challenge: await challengeOf(user), code: await codeFor(user.secret) })
    assert.equal(res.statusCode, 200, res.body)
  })

  it('wrong codes sent at once are counted before they are checked: at most the limit get an answer other than 429', async () => {
    const user = await enrolled()
    const challenge = await challengeOf(user)
    const wrong = String((Number(await codeFor(user.secret)) + 1) % 1_000_000).padStart(6, '0')
    const answers = await Promise.all(Array.from({ length: 30 }, () => inject('POST', '/sessions/second-factor', { challenge, code: wrong })))
    const statuses = answers.map((a) => a.statusCode)
    assert.equal(statuses.filter((s) => s === 400).length, TOTP.failureLimit, JSON.stringify(statuses))
    assert.equal(statuses.filter((s) => s === 429).length, 30 - TOTP.failureLimit)
  })

  it('refuses an expired, forged or stale challenge', async () => {
    const user = await enrolled()
    const challenge = await challengeOf(user)
    const [payload, tag] = challenge.split('.')
    const forged = `${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), x: 9e9 })).toString('base64url')}.${tag}`
    assert.equal((await inject('POST', '/sessions/second-factor', { challenge: forged, code: await codeFor(user.secret) })).json().code, 'bad_challenge')
    clock.advance(TOTP.challengeLifetimeS * 1000)
    const late = await inject('POST', '/sessions/second-factor', { challenge, code: await codeFor(user.secret) })
    assert.equal(late.statusCode, 401)
    assert.equal(late.json().code, 'bad_challenge')
  })

  it('keeps the password step’s own answers: a wrong password is bad_credentials, not a challenge', async () => {
    const user = await enrolled()
    const res = await inject('POST', '/sessions', { email: user.email, password: 'not the password at all' })
    assert.equal(res.statusCode, 401)
    assert.equal(res.json().code, 'bad_credentials')
    assert.equal(res.json().challenge, undefined)
  })

  it('turns off only with the password and a code', async () => {
    const user = await enrolled()
    const noPassword = await t.app.inject({ method: 'DELETE', url: '/api/v1/me/totp', headers: { cookie: user.cookie }, payload: { password: 'wrong password!', code: await codeFor(user.secret) } })
    assert.equal(noPassword.statusCode, 401)
    const noCode = await t.app.inject({ method: 'DELETE', url: '/api/v1/me/totp', headers: { cookie: user.cookie }, payload: { password: user.password, code: '000000' === (await codeFor(user.secret)) ? '111111' : '000000' } })
    assert.equal(noCode.statusCode, 400)
    const missing = await t.app.inject({ method: 'DELETE', url: '/api/v1/me/totp', headers: { cookie: user.cookie }, payload: { password: user.password } })
    assert.equal(missing.statusCode, 400)
    assert.deepEqual((await inject('GET', '/me/totp', undefined, user.cookie)).json(), { enabled: true })
    const ok = await t.app.inject({ method: 'DELETE', url: '/api/v1/me/totp', headers: { cookie: user.cookie }, payload: { password: user.password, code: await codeFor(user.secret) } })
    assert.equal(ok.statusCode, 204, ok.body)
    assert.equal((await inject('POST', '/sessions', { email: user.email, password: user.password })).statusCode, 200, 'the password alone signs in again')
    assert.equal((await t.ctx.db.selectFrom('totpRecoveryCode').select('codeHash').where('accountId', '=', user.id).execute()).length, 0)
  })
})
