/**
 * Read limits against scraping (issue 11): Work Talk reads counted in memory per account (the
 * database holds no trace of them), profile views per account per hour in PostgreSQL.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { READS } from '../../shared/src/api/limits.js'
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
})
