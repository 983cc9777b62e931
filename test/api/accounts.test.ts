import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { buildTestApp, testClock, GOOD_PASSWORD, sessionCookie, signUp, type TestApp, uniqueEmail } from '../support/app.js'

let t: TestApp
before(async () => {
  t = await buildTestApp()
})
after(() => t.close())

const countAccounts = async () => Number((await t.ctx.db.selectFrom('account').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n)

describe('POST /api/v1/accounts', () => {
  it('creates an account with a generated handle and signs it in', async () => {
    const email = uniqueEmail()
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/accounts', payload: { name: 'Zoë O’Brien', email, password: GOOD_PASSWORD } })
    assert.equal(res.statusCode, 201)
    const body = res.json()
    assert.match(body.id, /^[0-9a-f-]{36}$/)
    assert.match(body.handle, /^zoe-obrien-[a-z0-9]{4}$/)
    const cookie = res.cookies.find((c) => c.name === 'wc_session')
    assert.ok(cookie, 'sets the session cookie')
    assert.equal(cookie.httpOnly, true)
    assert.equal(cookie.sameSite, 'Lax')
    assert.equal(cookie.secure, undefined, 'not Secure on an http PUBLIC_URL')
    assert.equal(cookie.path, '/')
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: sessionCookie(res) } })
    assert.equal(me.statusCode, 200)
    assert.equal(me.json().handle, body.handle)
  })

  it('gives a member whose name has no Latin letters a neutral handle', async () => {
    const a = await signUp(t.app, { name: '李明' })
    assert.match(a.handle, /^member-[a-z0-9]{4}$/)
  })

  it('refuses an e-mail already registered, in any letter case, and changes nothing', async () => {
    const email = uniqueEmail('Case')
    await signUp(t.app, { email })
    const before = await countAccounts()
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/accounts', payload: { name: 'Other', email: email.toUpperCase(), password: GOOD_PASSWORD } })
    assert.equal(res.statusCode, 409)
    assert.equal(res.json().code, 'email_taken')
    assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8')
    assert.equal(await countAccounts(), before)
  })

  it('refuses a password shorter than 10 characters, naming the field', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/accounts', payload: { name: 'A', email: uniqueEmail(), password: '123456789' } })
    assert.equal(res.statusCode, 400)
    assert.equal(res.json().code, 'validation_failed')
    assert.deepEqual(res.json().errors.map((e: { field: string }) => e.field), ['/password'])
  })

  it('accepts a password of exactly 10 characters', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/accounts', payload: { name: 'A', email: uniqueEmail(), password: 'kq8#vL2!pz' } })
    assert.equal(res.statusCode, 201)
  })

  for (const password of ['qwertyuiop', '1234567890', 'Password123']) {
    it(`refuses the common password "${password}" with weak_password`, async () => {
      const before = await countAccounts()
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/accounts', payload: { name: 'A', email: uniqueEmail(), password } })
      assert.equal(res.statusCode, 422)
      assert.equal(res.json().code, 'weak_password')
      assert.equal(await countAccounts(), before)
    })
  }

  it('stores the password only as an argon2id hash', async () => {
    const a = await signUp(t.app)
    const row = await t.ctx.db.selectFrom('account').select('passwordHash').where('id', '=', a.id).executeTakeFirstOrThrow()
    assert.match(row.passwordHash, /^\$argon2id\$/)
    assert.ok(!row.passwordHash.includes(a.password))
  })
})

describe('POST /api/v1/sessions and DELETE /api/v1/sessions/current', () => {
  it('signs in with the e-mail in any case, and out again', async () => {
    const a = await signUp(t.app)
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { email: a.email.toUpperCase(), password: a.password } })
    assert.equal(res.statusCode, 200)
    assert.deepEqual(res.json(), { id: a.id, handle: a.handle })
    const cookie = sessionCookie(res)
    const out = await t.app.inject({ method: 'DELETE', url: '/api/v1/sessions/current', headers: { cookie } })
    assert.equal(out.statusCode, 204)
    assert.equal(out.body, '')
    const cleared = out.cookies.find((c) => c.name === 'wc_session')
    assert.equal(cleared?.maxAge, 0)
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } })
    assert.equal(me.statusCode, 401)
    assert.equal(me.json().code, 'unauthenticated')
  })

  it('answers a wrong password and an unknown e-mail alike: 401 bad_credentials', async () => {
    const a = await signUp(t.app)
    const wrong = await t.app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { email: a.email, password: 'not the password' } })
    const unknown = await t.app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { email: uniqueEmail('nobody'), password: 'whatever123' } })
    for (const res of [wrong, unknown]) {
      assert.equal(res.statusCode, 401)
      assert.equal(res.json().code, 'bad_credentials')
      assert.equal(res.json().detail, 'The e-mail or the password is wrong.')
    }
  })

  it('stores only a hash of the session token', async () => {
    const a = await signUp(t.app)
    const token = a.cookie.split('=')[1]!
    const rows = await t.ctx.db.selectFrom('session').selectAll().where('accountId', '=', a.id).execute()
    assert.equal(rows.length, 1)
    assert.equal(rows[0]!.tokenHash.length, 32)
    assert.ok(!rows[0]!.tokenHash.toString('base64url').includes(token))
    assert.match(rows[0]!.lastUsedOn, /^\d{4}-\d{2}-\d{2}$/, 'last use is kept by day only')
  })

  it('writes the day of use after that day is over, with other sessions\' — never while it lasts', async () => {
    const clock = testClock(new Date('2026-11-02T09:00:00Z'))
    const app = await buildTestApp({ clock })
    try {
      const a = await signUp(app.app)
      const row = () => app.ctx.db.selectFrom('session').select(['lastUsedOn', 'expiresOn']).where('accountId', '=', a.id).executeTakeFirstOrThrow()
      clock.set(new Date('2026-11-05T08:13:27Z'))
      const back = await app.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: a.cookie } })
      assert.equal(back.statusCode, 200)
      assert.ok(back.cookies.some((c) => c.name === 'wc_session'), 'the cookie slides at once')
      assert.equal((await row()).lastUsedOn, '2026-11-02', 'nothing written at the moment of the visit')
      const again = await app.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: a.cookie } })
      assert.ok(!again.cookies.some((c) => c.name === 'wc_session'), 'once a day is enough')
      clock.set(new Date('2026-11-05T23:50:00Z'))
      await app.ctx.sessionTouches.flush()
      assert.equal((await row()).lastUsedOn, '2026-11-02', 'a batch during the day does not write it either')
      clock.set(new Date('2026-11-06T00:12:00Z'))
      await app.ctx.sessionTouches.flush()
      assert.deepEqual(await row(), { lastUsedOn: '2026-11-05', expiresOn: '2026-12-05' })
    } finally {
      await app.close()
    }
  })

  it('keeps a session used on its last day alive after midnight, before that day is written', async () => {
    const clock = testClock(new Date('2026-11-02T09:00:00Z'))
    const app = await buildTestApp({ clock })
    try {
      const a = await signUp(app.app)
      const me = () => app.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: a.cookie } })
      clock.set(new Date('2026-12-01T22:00:00Z')) // expiresOn is 2026-12-02: the last day is today
      assert.equal((await me()).statusCode, 200)
      clock.set(new Date('2026-12-02T00:03:00Z')) // the day is not written yet
      assert.equal((await me()).statusCode, 200, 'the noted day already slid the expiry')
    } finally {
      await app.close()
    }
  })

  it('refuses a made-up or missing session cookie', async () => {
    for (const cookie of ['wc_session=' + 'A'.repeat(43), 'wc_session=short', '']) {
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: cookie ? { cookie } : {} })
      assert.equal(res.statusCode, 401)
    }
  })
})

describe('GET and PATCH /api/v1/me', () => {
  it('returns the contract fields', async () => {
    const a = await signUp(t.app, { name: 'Grace Hopper' })
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: a.cookie } })
    const me = res.json()
    assert.equal(me.id, a.id)
    assert.equal(me.name, 'Grace Hopper')
    assert.equal(me.handle, a.handle)
    assert.equal(me.email, a.email)
    assert.deepEqual(me.employments, [])
    assert.equal(me.language, 'en')
    assert.equal(me.profile.visibility, 'members')
    assert.equal(me.passwordHash, undefined)
  })

  it('changes name and language', async () => {
    const a = await signUp(t.app)
    const res = await t.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: { cookie: a.cookie }, payload: { name: 'New Name', language: 'zh-CN' } })
    assert.equal(res.statusCode, 200)
    assert.equal(res.json().name, 'New Name')
    assert.equal(res.json().language, 'zh-CN')
  })

  it('refuses an unknown language and an empty patch', async () => {
    const a = await signUp(t.app)
    for (const payload of [{ language: 'fr' }, {}, { name: '   ' }]) {
      const res = await t.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: { cookie: a.cookie }, payload })
      assert.equal(res.statusCode, 400, JSON.stringify(payload))
    }
  })
})

describe('PUT /api/v1/me/password', () => {
  it('changes the password and ends every other session', async () => {
    const a = await signUp(t.app)
    const other = sessionCookie(await t.app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { email: a.email, password: a.password } }))
    const res = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/me/password',
      headers: { cookie: a.cookie },
      payload: { currentPassword: a.password, newPassword: 'a brand new passphrase' },
    })
    assert.equal(res.statusCode, 204)
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: a.cookie } })).statusCode, 200, 'this session stays')
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: other } })).statusCode, 401, 'others end')
    const old = await t.app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { email: a.email, password: a.password } })
    assert.equal(old.statusCode, 401)
    const fresh = await t.app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { email: a.email, password: 'a brand new passphrase' } })
    assert.equal(fresh.statusCode, 200)
  })

  it('refuses a wrong current password and a common new one, changing nothing', async () => {
    const a = await signUp(t.app)
    const wrong = await t.app.inject({ method: 'PUT', url: '/api/v1/me/password', headers: { cookie: a.cookie }, payload: { currentPassword: 'nope nope nope', newPassword: 'another good passphrase' } })
    assert.equal(wrong.statusCode, 401)
    assert.equal(wrong.json().code, 'bad_credentials')
    const weak = await t.app.inject({ method: 'PUT', url: '/api/v1/me/password', headers: { cookie: a.cookie }, payload: { currentPassword: a.password, newPassword: 'qwertyuiop' } })
    assert.equal(weak.statusCode, 422)
    const still = await t.app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { email: a.email, password: a.password } })
    assert.equal(still.statusCode, 200)
  })
})

describe('DELETE /api/v1/me', () => {
  it('needs the password, then removes the account, profile and sessions', async () => {
    const a = await signUp(t.app)
    const wrong = await t.app.inject({ method: 'DELETE', url: '/api/v1/me', headers: { cookie: a.cookie }, payload: { password: 'wrong password' } })
    assert.equal(wrong.statusCode, 401)
    const res = await t.app.inject({ method: 'DELETE', url: '/api/v1/me', headers: { cookie: a.cookie }, payload: { password: a.password } })
    assert.equal(res.statusCode, 204)
    for (const table of ['account', 'profile', 'session'] as const) {
      const col = table === 'account' ? 'id' : 'accountId'
      const rows = await t.ctx.db.selectFrom(table).select(col as never).where(col as never, '=', a.id as never).execute()
      assert.equal(rows.length, 0, `${table} has no row left`)
    }
    const again = await t.app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { email: a.email, password: a.password } })
    assert.equal(again.statusCode, 401)
    const reuse = await t.app.inject({ method: 'POST', url: '/api/v1/accounts', payload: { name: 'Back', email: a.email, password: GOOD_PASSWORD } })
    assert.equal(reuse.statusCode, 201, 'the e-mail is free again')
  })
})
