/**
 * Limits against scraping and flooding (issue 11): Work Talk reads counted in memory per account
 * (the database holds no trace of them), profile views per account per hour in PostgreSQL, every
 * real-name write per account and route, and the cap on anonymous writes waiting in a process.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { READS, WRITES } from '../../shared/src/api/limits.js'
import { IndependentClient, injectSender } from '../support/independent-client.js'
import { buildTestApp, signUp, type TestApp, testClock } from '../support/app.js'
import { buildVerifiedUser } from '../support/factories.js'

const clock = testClock(new Date('2026-12-03T10:00:05Z'))
let t: TestApp
before(async () => {
  t = await buildTestApp({ clock })
})
after(() => t.close())

const get = (url: string, cookie: string) => t.app.inject({ method: 'GET', url, headers: { cookie } })

describe('read limits', () => {
  it(`answers ${READS.talkPerAccountPerMinute} Work Talk reads a minute per account, then 429 — and writes nothing`, async () => {
    const reader = await buildVerifiedUser(t.app, t.ctx, 'reads-co')
    const other = await buildVerifiedUser(t.app, t.ctx, 'reads-co')
    const before = (await t.ctx.db.selectFrom('rateLimit').select('keyHash').execute()).length
    for (let i = 0; i < READS.talkPerAccountPerMinute; i++) assert.equal((await get('/api/v1/talk/threads', reader.cookie)).statusCode, 200, `read ${i + 1}`)
    const refused = await get('/api/v1/talk/threads', reader.cookie)
    assert.deepEqual([refused.statusCode, refused.json().code], [429, 'rate_limited'])
    assert.ok(Number(refused.headers['retry-after']) >= 1)
    assert.equal((await get('/api/v1/talk/threads', other.cookie)).statusCode, 200, 'per account')
    assert.equal((await t.ctx.db.selectFrom('rateLimit').select('keyHash').execute()).length, before, 'no counter row was written for a Work Talk read')
    clock.advance(60_000)
    assert.equal((await get('/api/v1/talk/threads', reader.cookie)).statusCode, 200, 'the next minute')
  })

  it(`answers ${READS.profilesPerAccountPerHour} profile views an hour per account, then 429`, async () => {
    const viewer = await signUp(t.app)
    const target = await signUp(t.app)
    for (let i = 0; i < READS.profilesPerAccountPerHour; i++) assert.equal((await get(`/api/v1/users/${target.handle}`, viewer.cookie)).statusCode, 200)
    assert.equal((await get(`/api/v1/users/${target.handle}`, viewer.cookie)).statusCode, 429)
  })

  it(`answers ${WRITES.perRoutePerAccountPerHour} writes an hour per account and route, then 429 — other routes and members unaffected`, async () => {
    const writer = await signUp(t.app)
    const other = await signUp(t.app)
    const patch = (cookie: string) => t.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: { cookie }, payload: { language: 'en' } })
    for (let i = 0; i < WRITES.perRoutePerAccountPerHour; i++) assert.equal((await patch(writer.cookie)).statusCode, 200, `write ${i + 1}`)
    const refused = await patch(writer.cookie)
    assert.deepEqual([refused.statusCode, refused.json().code], [429, 'rate_limited'])
    assert.equal((await patch(other.cookie)).statusCode, 200, 'per account')
    const profile = await t.app.inject({ method: 'PUT', url: '/api/v1/me/profile', headers: { cookie: writer.cookie }, payload: { headline: 'still writing elsewhere', about: '', location: '', experience: [], education: [], skills: [] } })
    assert.equal(profile.statusCode, 200, profile.body)
  })

  it('does not count token draws (their own quota; a counter row would keep the hour of a draw)', async () => {
    const drawer = await buildVerifiedUser(t.app, t.ctx, 'reads-co')
    const c = new IndependentClient(injectSender(t.app))
    const key = (await c.directory()).find((k) => k.company === null && k.purpose === 'react')!
    const before = (await t.ctx.db.selectFrom('rateLimit').select('keyHash').execute()).length
    assert.equal((await c.fetchTokens(drawer.cookie, key.keyId, 2)).length, 2)
    assert.equal((await t.ctx.db.selectFrom('rateLimit').select('keyHash').execute()).length, before)
  })
})

describe('the cap on anonymous writes waiting', () => {
  it('answers 503 busy once a process holds its cap of waiting writes, and takes writes again after the window', async () => {
    const w = await buildTestApp({ env: { TALK_MIX_WINDOW_S: '30' } })
    try {
      const member = await buildVerifiedUser(w.app, w.ctx, 'cap-co')
      const c = new IndependentClient(injectSender(w.app))
      const key = (await c.directory()).find((k) => k.company === null && k.purpose === 'talk')!
      const tokens = await c.fetchTokens(member.cookie, key.keyId, 3)
      w.ctx.anon.mixer.maxWaiting = 2
      assert.equal((await c.openThread(tokens[0]!, 'one', 'first thread body', 'alias')).status, 202)
      assert.equal((await c.openThread(tokens[1]!, 'two', 'second thread body', 'alias')).status, 202)
      const busy = await c.openThread(tokens[2]!, 'three', 'third thread body', 'alias')
      assert.deepEqual([busy.status, busy.json.code], [503, 'busy'])
      await w.ctx.anon.mixer.flush()
      assert.equal((await c.openThread(tokens[2]!, 'three', 'third thread body', 'alias')).status, 202, 'its token was not spent')
    } finally {
      await w.close()
    }
  })
})
