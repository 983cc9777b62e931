import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { TALK_TOKENS } from '../../shared/src/api/limits.js'
import { isEmpty, seedDemo } from '../../server/src/demo/seed.js'
import { buildTestApp, type TestApp } from '../support/app.js'

let t: TestApp
before(async () => {
  t = await buildTestApp()
})
after(() => t.close())

describe('demo data', () => {
  it('loads into an empty database only, and gives a living site', async () => {
    assert.equal(await isEmpty(t.ctx), true)
    const demo = await seedDemo(t.ctx)
    assert.equal(await isEmpty(t.ctx), false)
    const signIn = await t.app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { email: demo.emails[0], password: demo.password } })
    assert.equal(signIn.statusCode, 200)
    const cookie = `wc_session=${signIn.cookies.find((c) => c.name === 'wc_session')!.value}`
    const me = (await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } })).json()
    assert.ok(me.profile.headline && me.profile.experience.length > 0)
    assert.equal(me.employments[0].status, 'current')
    const company = (await t.app.inject({ method: 'GET', url: `/api/v1/companies/${me.employments[0].company.slug}`, headers: { cookie } })).json()
    assert.ok(company.memberCount >= 2)
    const admin = await t.app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { email: demo.reviewerEmail, password: demo.password } })
    const adminCookie = `wc_session=${admin.cookies.find((c) => c.name === 'wc_session')!.value}`
    const queue = (await t.app.inject({ method: 'GET', url: '/api/v1/reviews/badges', headers: { cookie: adminCookie } })).json()
    assert.equal(queue.submissions.length, 1, 'one badge photo waits for review')
    const talk = (await t.app.inject({ method: 'GET', url: '/api/v1/talk/threads?sort=new', headers: { cookie } })).json()
    assert.equal(talk.threads.length, 3, 'Work Talk has demo threads')
    const raise = talk.threads.find((x: { title: string }) => x.title.startsWith('How do you ask for a raise'))
    const thread = (await t.app.inject({ method: 'GET', url: `/api/v1/talk/threads/${raise.id}`, headers: { cookie } })).json()
    assert.deepEqual(thread.posts.map((p: { authorTag: string }) => p.authorTag), ['OP', '#2', 'OP'])
    assert.equal(thread.posts[0].authorLabel, thread.posts[2].authorLabel, 'the opener replies under the label it opened with')
    // The same batch draw as real clients (DESIGN §2): every verified demo member drew a whole
    // allowance, so the counters do not say who wrote the demo threads.
    const counters = await t.ctx.db.selectFrom('talkIssuance').select(['accountId', 'issued']).execute()
    const verified = await t.ctx.db.selectFrom('employment').select('accountId').distinct().execute()
    assert.equal(counters.length, verified.length)
    assert.deepEqual([...new Set(counters.map((c) => c.issued))], [TALK_TOKENS.quota.talk])
  })
})
