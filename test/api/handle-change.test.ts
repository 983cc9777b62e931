import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { HANDLE } from '../../shared/src/api/limits.js'
import { buildTestApp, sessionCookie, signUp, testClock, type TestApp } from '../support/app.js'

const DAY = 24 * 60 * 60 * 1000
let t: TestApp
const clock = testClock()
before(async () => {
  t = await buildTestApp({ clock })
})
after(() => t.close())

const put = (cookie: string, handle: unknown) => t.app.inject({ method: 'PUT', url: '/api/v1/me/handle', headers: { cookie }, payload: { handle } })
const profile = (cookie: string, handle: string) => t.app.inject({ method: 'GET', url: `/api/v1/users/${handle}`, headers: { cookie } })
/** Sessions lapse over the long jumps of the clock here: a fresh sign-in each time. */
async function fresh(user: { email: string; password: string }): Promise<string> {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { email: user.email, password: user.password } })
  return sessionCookie(res)
}
let n = 0
const unique = (prefix: string) => `${prefix}-${process.pid.toString(36)}-${(n += 1)}`

describe('PUT /api/v1/me/handle', () => {
  it('takes a handle in lower case, answers the account, and shows the profile under it', async () => {
    const me = await signUp(t.app)
    const wanted = unique('Ada-Lovelace')
    const res = await put(me.cookie, wanted)
    assert.equal(res.statusCode, 200, res.body)
    assert.equal(res.json().handle, wanted.toLowerCase())
    const shown = await profile(me.cookie, wanted.toLowerCase())
    assert.equal(shown.statusCode, 200)
    assert.equal(shown.json().handle, wanted.toLowerCase())
  })

  it('holds the length and pattern at the edge: min and max allowed, one fewer and one more refused', async () => {
    const ok = ['a'.repeat(HANDLE.minLength - 1) + '1', 'b'.repeat(HANDLE.maxLength - 1) + '2']
    for (const h of ok) {
      const me = await signUp(t.app)
      const res = await put(me.cookie, h)
      assert.equal(res.statusCode, 200, `${h}: ${res.body}`)
    }
    const me = await signUp(t.app)
    const before = (await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: me.cookie } })).json().handle
    for (const h of ['c'.repeat(HANDLE.minLength - 1), 'd'.repeat(HANDLE.maxLength + 1), 'two--hyphens', '-lead', 'trail-', 'has space', 'dot.ted', 'ünï']) {
      const res = await put(me.cookie, h)
      assert.equal(res.statusCode, 400, `${h}: ${res.body}`)
      assert.equal(res.json().code, 'validation_failed')
    }
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: me.cookie } })).json().handle, before, 'no change')
  })

  it('refuses reserved words in any case', async () => {
    const me = await signUp(t.app)
    for (const h of ['admin', 'API', 'Talk', 'settings']) {
      const res = await put(me.cookie, h)
      assert.equal(res.statusCode, 400, h)
      assert.equal(res.json().code, 'handle_reserved')
    }
  })

  it('answers 409 handle_taken for another member’s handle, whatever its case', async () => {
    const a = await signUp(t.app)
    const b = await signUp(t.app)
    const h = unique('taken')
    assert.equal((await put(a.cookie, h)).statusCode, 200)
    const res = await put(b.cookie, h.toUpperCase())
    assert.equal(res.statusCode, 409)
    assert.equal(res.json().code, 'handle_taken')
  })

  it('allows one change per period: the day before it ends refused with Retry-After, the day it ends allowed', async () => {
    const me = await signUp(t.app)
    assert.equal((await put(me.cookie, unique('first'))).statusCode, 200)
    clock.advance((HANDLE.changeEveryDays - 1) * DAY)
    const soon = await put(await fresh(me), unique('second'))
    assert.equal(soon.statusCode, 429)
    assert.equal(soon.json().code, 'handle_change_too_soon')
    assert.ok(Number(soon.headers['retry-after']) > 0)
    clock.advance(DAY)
    assert.equal((await put(await fresh(me), unique('second'))).statusCode, 200)
  })

  it('sends the old handle to the new one (301), keeps it from others until it expires, then frees it', async () => {
    const me = await signUp(t.app)
    const other = await signUp(t.app)
    const oldHandle = unique('old')
    const newHandle = unique('new')
    assert.equal((await put(me.cookie, oldHandle)).statusCode, 200)
    clock.advance(HANDLE.changeEveryDays * DAY)
    assert.equal((await put(await fresh(me), newHandle)).statusCode, 200)

    const moved = await profile(await fresh(other), oldHandle)
    assert.equal(moved.statusCode, 301)
    assert.equal(moved.headers.location, `/api/v1/users/${newHandle}`)
    assert.equal(moved.headers['cache-control'], 'no-store')
    assert.deepEqual(moved.json(), { movedTo: newHandle })

    const taken = await put(await fresh(other), oldHandle)
    assert.equal(taken.statusCode, 409, 'an old handle is reserved')
    assert.equal(taken.json().code, 'handle_taken')

    clock.advance((HANDLE.keepOldDays - 1) * DAY)
    assert.equal((await profile(await fresh(other), oldHandle)).statusCode, 301, 'still kept the day before it expires')
    clock.advance(DAY)
    assert.equal((await profile(await fresh(other), oldHandle)).statusCode, 404, 'expired: no longer answers')
    assert.equal((await put(await fresh(other), oldHandle)).statusCode, 200, 'and someone else may take it')
    assert.equal((await profile(await fresh(me), oldHandle)).json().isSelf, false)
  })

  it('lets a member take back their own old handle', async () => {
    const me = await signUp(t.app)
    const first = unique('mine')
    assert.equal((await put(me.cookie, first)).statusCode, 200)
    clock.advance(HANDLE.changeEveryDays * DAY)
    assert.equal((await put(await fresh(me), unique('detour'))).statusCode, 200)
    clock.advance(HANDLE.changeEveryDays * DAY)
    const cookie = await fresh(me)
    assert.equal((await put(cookie, first)).statusCode, 200)
    const back = await profile(cookie, first)
    assert.equal(back.statusCode, 200)
    assert.equal(back.json().isSelf, true)
  })

  it('follows a chain: the first handle answers with the newest one', async () => {
    const me = await signUp(t.app)
    const [a, b, c] = [unique('chain-a'), unique('chain-b'), unique('chain-c')]
    for (const h of [a, b, c]) {
      assert.equal((await put(await fresh(me), h)).statusCode, 200)
      clock.advance(HANDLE.changeEveryDays * DAY)
    }
    assert.equal((await profile(await fresh(me), a)).headers.location, `/api/v1/users/${c}`)
  })

  it('needs a session', async () => {
    assert.equal((await t.app.inject({ method: 'PUT', url: '/api/v1/me/handle', payload: { handle: 'nobody-here' } })).statusCode, 401)
  })
})
