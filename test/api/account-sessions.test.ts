import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { SESSIONS_LISTED } from '../../shared/src/api/limits.js'
import { deviceLabel } from '../../server/src/services/sessions/device.js'
import { buildTestApp, sessionCookie, signUp, type TestApp, testClock } from '../support/app.js'

const clock = testClock(new Date('2026-12-03T10:00:00Z'))
let t: TestApp
before(async () => {
  t = await buildTestApp({ clock })
})
after(() => t.close())

const UA = {
  chromeLinux: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  firefoxWindows: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0',
  safariIphone: 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  edgeMac: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
  samsungAndroid: 'Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36',
}

async function signInWith(email: string, password: string, userAgent: string) {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { email, password }, headers: { 'user-agent': userAgent } })
  assert.equal(res.statusCode, 200, res.body)
  return sessionCookie(res)
}
const list = (cookie: string) => t.app.inject({ method: 'GET', url: '/api/v1/me/sessions', headers: { cookie } })
const me = (cookie: string) => t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } })
type Listed = { id: string; browser: string; os: string; createdOn: string; lastUsedOn: string; current: boolean }

describe('the device label', () => {
  it('names the browser and system family, and nothing finer', () => {
    assert.deepEqual(deviceLabel(UA.chromeLinux), { browser: 'chrome', os: 'linux' })
    assert.deepEqual(deviceLabel(UA.firefoxWindows), { browser: 'firefox', os: 'windows' })
    assert.deepEqual(deviceLabel(UA.safariIphone), { browser: 'safari', os: 'ios' })
    assert.deepEqual(deviceLabel(UA.edgeMac), { browser: 'edge', os: 'macos' })
    assert.deepEqual(deviceLabel(UA.samsungAndroid), { browser: 'samsung', os: 'android' })
    assert.deepEqual(deviceLabel(undefined), { browser: 'other', os: 'other' })
    assert.deepEqual(deviceLabel('curl/8.5.0'), { browser: 'other', os: 'other' })
  })
})

describe('GET /api/v1/me/sessions', () => {
  it('lists every session of the account with its label and days, and marks this one', async () => {
    const a = await signUp(t.app)
    const phone = await signInWith(a.email, a.password, UA.safariIphone)
    const laptop = await signInWith(a.email, a.password, UA.firefoxWindows)
    const res = await list(laptop)
    assert.equal(res.statusCode, 200)
    const sessions = res.json().sessions as Listed[]
    assert.equal(sessions.length, 3)
    const current = sessions.filter((s) => s.current)
    assert.equal(current.length, 1)
    assert.deepEqual({ browser: current[0]!.browser, os: current[0]!.os }, { browser: 'firefox', os: 'windows' })
    assert.ok(sessions.some((s) => s.browser === 'safari' && s.os === 'ios' && !s.current))
    for (const s of sessions) {
      assert.deepEqual(Object.keys(s).sort(), ['browser', 'createdOn', 'current', 'id', 'lastUsedOn', 'os'])
      assert.equal(s.createdOn, '2026-12-03')
      assert.equal(s.lastUsedOn, '2026-12-03')
    }
    assert.equal((await me(phone)).statusCode, 200)
  })

  it('shows the day of last use, never a time, even before that day is written', async () => {
    const a = await signUp(t.app)
    clock.advance(24 * 60 * 60_000)
    try {
      const [s] = (await list(a.cookie)).json().sessions as Listed[]
      assert.equal(s!.createdOn, '2026-12-03')
      assert.equal(s!.lastUsedOn, '2026-12-04', 'the pending day of use, from memory')
      const { rows } = await sql<{ d: string }>`select last_used_on::text d from session where id = ${s!.id}`.execute(t.ctx.db)
      assert.equal(rows[0]!.d, '2026-12-03', 'nothing was written at the moment of use')
    } finally {
      clock.advance(-24 * 60 * 60_000)
    }
  })

  it('keeps only the label of the User-Agent', async () => {
    const a = await signUp(t.app)
    await signInWith(a.email, a.password, 'Mozilla/5.0 (X11; Linux x86_64) SentinelAgent/4.2 Chrome/131.0.0.0 Safari/537.36')
    const { rows } = await sql<{ j: string }>`select json_agg(s)::text j from session s`.execute(t.ctx.db)
    assert.ok(!rows[0]!.j.includes('Sentinel'))
    const cols = await sql<{ n: string; d: string }>`select column_name n, data_type d from information_schema.columns where table_name = 'session'`.execute(t.ctx.db)
    assert.deepEqual(cols.rows.filter((c) => c.d.startsWith('timestamp')), [], 'sessions keep days, no timestamps')
    assert.ok(!cols.rows.some((c) => /ip|addr|agent/.test(c.n)), 'no address or User-Agent column')
  })

  it(`lists at most ${SESSIONS_LISTED} sessions`, async () => {
    const a = await signUp(t.app)
    const { rows } = await sql<{ id: string }>`select id from session where account_id = ${a.id}`.execute(t.ctx.db)
    await sql`insert into session (account_id, token_hash, created_on, last_used_on, expires_on)
      select ${a.id}, decode(md5(random()::text || g::text), 'hex'), '2026-12-01', '2026-12-01', '2026-12-30' from generate_series(1, ${SESSIONS_LISTED}) g`.execute(t.ctx.db)
    const sessions = (await list(a.cookie)).json().sessions as Listed[]
    assert.equal(sessions.length, SESSIONS_LISTED)
    assert.equal(sessions[0]!.id, rows[0]!.id, 'the most recently used first: this one')
  })

  it('needs a session', async () => {
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/me/sessions' })).statusCode, 401)
  })
})

describe('DELETE /api/v1/me/sessions/{id}', () => {
  it('signs one device out and leaves the others', async () => {
    const a = await signUp(t.app)
    const phone = await signInWith(a.email, a.password, UA.safariIphone)
    const phoneId = ((await list(phone)).json().sessions as Listed[]).find((s) => s.current)!.id
    const res = await t.app.inject({ method: 'DELETE', url: `/api/v1/me/sessions/${phoneId}`, headers: { cookie: a.cookie } })
    assert.equal(res.statusCode, 204)
    assert.equal((await me(phone)).statusCode, 401)
    assert.equal((await me(a.cookie)).statusCode, 200)
    assert.equal(((await list(a.cookie)).json().sessions as Listed[]).length, 1)
  })

  it("answers 404 for another account's session and leaves it alone", async () => {
    const a = await signUp(t.app)
    const b = await signUp(t.app)
    const bId = ((await list(b.cookie)).json().sessions as Listed[])[0]!.id
    const res = await t.app.inject({ method: 'DELETE', url: `/api/v1/me/sessions/${bId}`, headers: { cookie: a.cookie } })
    assert.equal(res.statusCode, 404)
    assert.equal(res.json().code, 'not_found')
    assert.equal((await me(b.cookie)).statusCode, 200)
  })

  it('answers 404 for an unknown id and 400 for a malformed one', async () => {
    const a = await signUp(t.app)
    assert.equal((await t.app.inject({ method: 'DELETE', url: '/api/v1/me/sessions/00000000-0000-4000-8000-000000000000', headers: { cookie: a.cookie } })).statusCode, 404)
    assert.equal((await t.app.inject({ method: 'DELETE', url: '/api/v1/me/sessions/nope', headers: { cookie: a.cookie } })).statusCode, 400)
  })

  it('signing this device out clears its cookie', async () => {
    const a = await signUp(t.app)
    const id = ((await list(a.cookie)).json().sessions as Listed[])[0]!.id
    const res = await t.app.inject({ method: 'DELETE', url: `/api/v1/me/sessions/${id}`, headers: { cookie: a.cookie } })
    assert.equal(res.statusCode, 204)
    assert.equal(res.cookies.find((c) => c.name === 'wc_session')?.value, '')
    assert.equal((await me(a.cookie)).statusCode, 401)
  })
})

describe('DELETE /api/v1/me/sessions', () => {
  it('signs out everywhere else', async () => {
    const a = await signUp(t.app)
    const b = await signUp(t.app)
    const phone = await signInWith(a.email, a.password, UA.safariIphone)
    const laptop = await signInWith(a.email, a.password, UA.chromeLinux)
    const res = await t.app.inject({ method: 'DELETE', url: '/api/v1/me/sessions', headers: { cookie: laptop } })
    assert.equal(res.statusCode, 204)
    assert.equal((await me(phone)).statusCode, 401)
    assert.equal((await me(a.cookie)).statusCode, 401)
    assert.equal((await me(laptop)).statusCode, 200)
    assert.equal((await me(b.cookie)).statusCode, 200, "another account's sessions are untouched")
  })
})
