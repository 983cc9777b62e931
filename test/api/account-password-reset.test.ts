import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { PASSWORD_RESET } from '../../shared/src/api/limits.js'
import { signUp, type TestApp, testClock, uniqueEmail } from '../support/app.js'
import { buildTestAppWithMail, type ReceivedMail, type TestSmtpServer } from '../support/smtp.js'

const clock = testClock()
let t: TestApp
let smtp: TestSmtpServer
before(async () => {
  ;({ t, smtp } = await buildTestAppWithMail({ clock }))
})
after(() => t.close())

let ipCounter = 0
/** A client address of its own per case, so the per-IP limit of one case never touches another. */
const freshIp = () => `198.51.100.${++ipCounter}`

const ask = (email: string, ip = freshIp()) => t.app.inject({ method: 'POST', url: '/api/v1/password-resets', payload: { email }, remoteAddress: ip })
const confirm = (token: string, password: string) => t.app.inject({ method: 'POST', url: '/api/v1/password-resets/confirm', payload: { token, password } })
const signIn = (email: string, password: string) => t.app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { email, password }, remoteAddress: freshIp() })
const me = (cookie: string) => t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } })

function linkFrom(mail: ReceivedMail): URL {
  const m = /https?:\/\/\S+\/reset-password\?token=[A-Za-z0-9_-]+/.exec(mail.parsed.text ?? '')
  if (!m) throw new Error(`no reset link in mail: ${mail.parsed.text}`)
  return new URL(m[0])
}
const tokenFrom = (mail: ReceivedMail) => linkFrom(mail).searchParams.get('token')!

/** Asks for a link for `email` and returns its token, once the mail has arrived. */
async function resetToken(email: string): Promise<string> {
  smtp.clear()
  assert.equal((await ask(email)).statusCode, 202)
  return tokenFrom(await smtp.waitFor(email))
}

const passwordHash = async (id: string) => (await t.ctx.db.selectFrom('account').select('passwordHash').where('id', '=', id).executeTakeFirstOrThrow()).passwordHash
const resetRows = async (id: string) => Number((await sql<{ n: number }>`select count(*)::int n from password_reset where account_id = ${id}`.execute(t.ctx.db)).rows[0]!.n)

describe('POST /api/v1/password-resets', () => {
  it('answers the same for an address with an account and one without', async () => {
    const a = await signUp(t.app)
    const known = await ask(a.email)
    const unknown = await ask(uniqueEmail('nobody'))
    assert.equal(known.statusCode, 202)
    assert.equal(unknown.statusCode, 202)
    assert.equal(known.body, unknown.body)
    assert.deepEqual(known.json(), { status: 'accepted' })
    const headers = (r: typeof known) => Object.keys(r.headers).filter((h) => !['date', 'x-request-id', 'content-length'].includes(h)).sort().map((h) => [h, r.headers[h]])
    assert.deepEqual(headers(known), headers(unknown))
    await smtp.waitFor(a.email)
  })

  it('mails a link to /reset-password on PUBLIC_URL, in text and HTML, with a 32-byte token stored only as its hash', async () => {
    const a = await signUp(t.app)
    smtp.clear()
    await ask(a.email.toUpperCase())
    const mail = await smtp.waitFor(a.email)
    const link = linkFrom(mail)
    assert.equal(link.origin, t.ctx.config.publicUrl.origin)
    assert.equal(link.pathname, '/reset-password')
    const token = link.searchParams.get('token')!
    assert.equal(Buffer.from(token, 'base64url').length, PASSWORD_RESET.tokenBytes)
    assert.match(mail.parsed.subject ?? '', /reset/i)
    assert.ok(mail.parsed.html && String(mail.parsed.html).includes(link.toString().replace(/&/g, '&amp;')), 'the HTML part carries the link')
    const { rows } = await sql<{ j: string }>`select row_to_json(p)::text j from password_reset p where account_id = ${a.id}`.execute(t.ctx.db)
    assert.equal(rows.length, 1)
    assert.ok(!rows[0]!.j.includes(token) && !rows[0]!.j.includes(Buffer.from(token, 'base64url').toString('hex')), 'the token itself is not stored')
  })

  it('writes the mail in the account language', async () => {
    const a = await signUp(t.app)
    await t.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: { cookie: a.cookie }, payload: { language: 'zh-CN' } })
    smtp.clear()
    await ask(a.email)
    const mail = await smtp.waitFor(a.email)
    assert.match(mail.parsed.subject ?? '', /重置/)
    assert.match(mail.parsed.text ?? '', /30 分钟/)
  })

  it(`mails one address at most ${PASSWORD_RESET.mailsPerAddressPerHour} times an hour, answering 202 past it`, async () => {
    const a = await signUp(t.app)
    for (let i = 0; i < PASSWORD_RESET.mailsPerAddressPerHour; i++) {
      smtp.clear()
      assert.equal((await ask(a.email)).statusCode, 202)
      await smtp.waitFor(a.email)
    }
    smtp.clear()
    const over = await ask(a.email)
    assert.equal(over.statusCode, 202)
    assert.deepEqual(over.json(), { status: 'accepted' })
    // A mail asked for after it arrives; the refused one was never sent.
    const b = await signUp(t.app)
    await ask(b.email)
    await smtp.waitFor(b.email)
    assert.deepEqual(smtp.received.map((m) => m.to), [[b.email.toLowerCase()]])
    clock.advance(60 * 60_000)
    assert.equal((await ask(a.email)).statusCode, 202)
    await smtp.waitFor(a.email)
  })

  it(`refuses more than ${PASSWORD_RESET.requestsPerIpPerHour} requests an hour from one client address with 429`, async () => {
    const ip = freshIp()
    for (let i = 0; i < PASSWORD_RESET.requestsPerIpPerHour; i++) assert.equal((await ask(uniqueEmail('ip'), ip)).statusCode, 202)
    const over = await ask(uniqueEmail('ip'), ip)
    assert.equal(over.statusCode, 429)
    assert.equal(over.json().code, 'rate_limited')
    assert.ok(Number(over.headers['retry-after']) > 0)
    assert.equal((await ask(uniqueEmail('ip'))).statusCode, 202, 'another address is not held back')
  })

  it('refuses a malformed address with 400', async () => {
    const res = await ask('not-an-address')
    assert.equal(res.statusCode, 400)
    assert.equal(res.json().code, 'validation_failed')
  })

  it('keeps no address in the clear and logs none', async () => {
    const email = uniqueEmail('sentinel-reset')
    await ask(email)
    const { rows } = await sql<{ j: string }>`select coalesce(json_agg(r)::text, '') j from rate_limit r`.execute(t.ctx.db)
    assert.ok(!rows[0]!.j.includes(email))
    assert.ok(!t.logText().includes(email))
  })
})

describe('POST /api/v1/password-resets/confirm', () => {
  it('sets the new password, ends every session and signs nothing in', async () => {
    const a = await signUp(t.app)
    const second = await signIn(a.email, a.password)
    const secondCookie = `wc_session=${second.cookies.find((c) => c.name === 'wc_session')!.value}`
    const token = await resetToken(a.email)
    const res = await confirm(token, 'a brand new passphrase 77')
    assert.equal(res.statusCode, 204, res.body)
    assert.equal(res.cookies.find((c) => c.name === 'wc_session'), undefined, 'no session cookie is set')
    assert.equal((await me(a.cookie)).statusCode, 401)
    assert.equal((await me(secondCookie)).statusCode, 401)
    assert.equal((await signIn(a.email, a.password)).statusCode, 401, 'the old password no longer works')
    assert.equal((await signIn(a.email, 'a brand new passphrase 77')).statusCode, 200)
  })

  it('works once', async () => {
    const a = await signUp(t.app)
    const token = await resetToken(a.email)
    assert.equal((await confirm(token, 'first new passphrase 1')).statusCode, 204)
    const again = await confirm(token, 'second new passphrase 2')
    assert.equal(again.statusCode, 400)
    assert.equal(again.json().code, 'bad_reset_token')
    assert.equal((await signIn(a.email, 'first new passphrase 1')).statusCode, 200)
  })

  it('works until 30 minutes, not after', async () => {
    clock.set(new Date(Math.ceil(clock.now().getTime() / 60_000) * 60_000)) // on a whole minute, so the edge is exact
    const a = await signUp(t.app)
    const b = await signUp(t.app)
    const tokenA = await resetToken(a.email)
    const tokenB = await resetToken(b.email)
    clock.advance(PASSWORD_RESET.tokenLifetimeMs - 1)
    assert.equal((await confirm(tokenA, 'just in time passphrase')).statusCode, 204)
    clock.advance(1)
    const hash = await passwordHash(b.id)
    const late = await confirm(tokenB, 'too late passphrase 30')
    assert.equal(late.statusCode, 400)
    assert.equal(late.json().code, 'bad_reset_token')
    assert.equal(await passwordHash(b.id), hash, 'nothing changed')
  })

  it('kills earlier links when a new one is made', async () => {
    const a = await signUp(t.app)
    const first = await resetToken(a.email)
    const second = await resetToken(a.email)
    assert.notEqual(first, second)
    assert.equal((await confirm(first, 'old link passphrase 11')).json().code, 'bad_reset_token')
    assert.equal((await confirm(second, 'new link passphrase 22')).statusCode, 204)
  })

  it('kills unused links when the password is changed in the settings', async () => {
    const a = await signUp(t.app)
    const token = await resetToken(a.email)
    const changed = await t.app.inject({ method: 'PUT', url: '/api/v1/me/password', headers: { cookie: a.cookie }, payload: { currentPassword: a.password, newPassword: 'changed in settings 99' } })
    assert.equal(changed.statusCode, 204)
    assert.equal((await confirm(token, 'reset after change 00')).json().code, 'bad_reset_token')
    assert.equal(await resetRows(a.id), 0)
  })

  const refusedPasswords: [string, string, number, string][] = [
    ['too short', 'x'.repeat(9), 400, 'validation_failed'],
    ['too long', 'x'.repeat(257), 400, 'validation_failed'],
    ['one of the most common', 'password123', 422, 'weak_password'],
  ]
  for (const [what, password, status, code] of refusedPasswords) {
    it(`refuses a password that is ${what} (${status} ${code}) and changes nothing`, async () => {
      const a = await signUp(t.app)
      const token = await resetToken(a.email)
      const hash = await passwordHash(a.id)
      const res = await confirm(token, password)
      assert.equal(res.statusCode, status, res.body)
      assert.equal(res.json().code, code)
      assert.equal(await passwordHash(a.id), hash)
      assert.equal((await me(a.cookie)).statusCode, 200, 'the sessions live on')
      assert.equal(await resetRows(a.id), 1, 'the link still works')
      assert.equal((await confirm(token, 'x'.repeat(10) + ' fine now')).statusCode, 204)
    })
  }

  it('accepts passwords at the edges of the length rule', async () => {
    for (const password of ['k'.repeat(9) + 'q', 'z'.repeat(256)]) {
      const a = await signUp(t.app)
      assert.equal((await confirm(await resetToken(a.email), password)).statusCode, 204)
      assert.equal((await signIn(a.email, password)).statusCode, 200)
    }
  })

  it('refuses an unknown or malformed token with bad_reset_token and changes nothing', async () => {
    const a = await signUp(t.app)
    const hash = await passwordHash(a.id)
    const res = await confirm('A'.repeat(43), 'some new passphrase 5')
    assert.equal(res.statusCode, 400)
    assert.equal(res.json().code, 'bad_reset_token')
    assert.equal((await confirm('not a token', 'some new passphrase 5')).json().code, 'bad_reset_token')
    assert.equal(await passwordHash(a.id), hash)
  })
})
