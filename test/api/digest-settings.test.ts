/**
 * E-mail notification settings (GET/PUT /me/notification-settings) and the one-click unsubscribe
 * link (POST /unsubscribe, no session): defaults, validation, forged tokens.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { NOTIFICATION_KINDS } from '../../shared/src/api/notifications.js'
import { DIGEST } from '../../shared/src/api/limits.js'
import { unsubscribeToken } from '../../server/src/services/notifications/digest.js'
import { buildTestApp, signUp, type TestApp } from '../support/app.js'

let t: TestApp
before(async () => {
  t = await buildTestApp()
})
after(() => t.close())

const URL = '/api/v1/me/notification-settings'
const all = (v: boolean) => Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, v]))
const get = (cookie: string) => t.app.inject({ method: 'GET', url: URL, headers: { cookie } })
const put = (cookie: string, payload: unknown) => t.app.inject({ method: 'PUT', url: URL, headers: { cookie }, payload: payload as object })

describe('GET and PUT /api/v1/me/notification-settings', () => {
  it('start with invitations and message requests on, the rest off', async () => {
    const m = await signUp(t.app)
    const res = await get(m.cookie)
    assert.equal(res.statusCode, 200)
    assert.deepEqual(res.json(), { email: { ...all(false), invitation: true, message: true } })
  })

  it('store the whole choice', async () => {
    const m = await signUp(t.app)
    const choice = { ...all(false), like: true, mention: true }
    const res = await put(m.cookie, { email: choice })
    assert.equal(res.statusCode, 200, res.body)
    assert.deepEqual(res.json(), { email: choice })
    assert.deepEqual((await get(m.cookie)).json(), { email: choice })
  })

  it('refuse a missing kind, an unknown kind or a non-boolean with 400, changing nothing', async () => {
    const m = await signUp(t.app)
    const before = (await get(m.cookie)).json()
    const { like: _omit, ...missing } = all(true)
    for (const body of [{ email: missing }, { email: { ...all(true), talk: true } }, { email: { ...all(true), like: 'yes' } }, { email: all(true), extra: 1 }, {}]) {
      const res = await put(m.cookie, body)
      assert.equal(res.statusCode, 400, JSON.stringify(body))
      assert.equal(res.json().code, 'validation_failed')
    }
    assert.deepEqual((await get(m.cookie)).json(), before)
  })

  it('are in the member’s data export', async () => {
    const m = await signUp(t.app)
    await put(m.cookie, { email: { ...all(false), comment: true } })
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/me/export', headers: { cookie: m.cookie } })
    assert.equal(res.statusCode, 200, res.body)
    assert.deepEqual(res.json().notificationEmail, { kinds: ['comment'], lastDigestOn: null })
  })

  it('need a session', async () => {
    assert.equal((await t.app.inject({ method: 'GET', url: URL })).statusCode, 401)
    assert.equal((await t.app.inject({ method: 'PUT', url: URL, payload: { email: all(true) } })).statusCode, 401)
  })
})

describe('POST /api/v1/unsubscribe', () => {
  const post = (token: string) => t.app.inject({ method: 'POST', url: `/api/v1/unsubscribe?token=${encodeURIComponent(token)}` })

  it('turns every digest kind off with a valid token, without a session (204)', async () => {
    const m = await signUp(t.app)
    await put(m.cookie, { email: all(true) })
    const res = await post(unsubscribeToken(t.ctx, m.id))
    assert.equal(res.statusCode, 204, res.body)
    assert.deepEqual((await get(m.cookie)).json(), { email: all(false) })
    assert.equal((await post(unsubscribeToken(t.ctx, m.id))).statusCode, 204, 'again: still 204')
  })

  it('refuses a forged token with 400 bad_unsubscribe_token, changing nothing', async () => {
    const victim = await signUp(t.app)
    const attacker = await signUp(t.app)
    const mac = unsubscribeToken(t.ctx, attacker.id).split('.')[1]!
    const tokens = [`${victim.id}.${mac}`, `${victim.id}.`, victim.id, `${victim.id}.${'A'.repeat(43)}`, 'not-a-token']
    for (const token of tokens) {
      const res = await post(token)
      assert.equal(res.statusCode, 400, token)
      assert.equal(res.json().code, 'bad_unsubscribe_token', token)
    }
    assert.deepEqual((await get(victim.cookie)).json().email.invitation, true)
  })

  it(`takes a token of up to ${DIGEST.tokenMaxLength} characters; a longer one is not valid input`, async () => {
    const ok = await post('a'.repeat(DIGEST.tokenMaxLength))
    assert.equal(ok.json().code, 'bad_unsubscribe_token')
    const long = await post('a'.repeat(DIGEST.tokenMaxLength + 1))
    assert.equal(long.statusCode, 400)
    assert.equal(long.json().code, 'validation_failed')
    assert.equal((await t.app.inject({ method: 'POST', url: '/api/v1/unsubscribe' })).json().code, 'validation_failed')
  })

  it('GET only points to the web app’s confirm page (303) and changes nothing', async () => {
    const m = await signUp(t.app)
    const token = unsubscribeToken(t.ctx, m.id)
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/unsubscribe?token=${token}` })
    assert.equal(res.statusCode, 303)
    assert.equal(res.headers.location, `/unsubscribe?token=${token}`)
    assert.equal((await get(m.cookie)).json().email.invitation, true)
  })
})
