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
    assert.ok(talk.threads.length >= 8, 'Work Talk has demo threads')
    assert.ok(new Set(talk.threads.map((x: { channel: string }) => x.channel)).size >= 6, 'in most channels')
    const raise = talk.threads.find((x: { title: string }) => x.title.startsWith('How do you ask for a raise'))
    const thread = (await t.app.inject({ method: 'GET', url: `/api/v1/talk/threads/${raise.id}`, headers: { cookie } })).json()
    assert.deepEqual(thread.posts.map((p: { authorTag: string }) => p.authorTag), ['OP', '#2', 'OP', '#3'])
    assert.equal(thread.posts[0].authorLabel, thread.posts[2].authorLabel, 'the opener replies under the label it opened with')
    assert.deepEqual([thread.posts[0].score, thread.posts[1].score], [3, 3], 'with votes')
    // Hot ranks by votes, repliers and age; the list shows highlighted replies.
    const hot = (await t.app.inject({ method: 'GET', url: '/api/v1/talk/threads?sort=hot', headers: { cookie } })).json().threads
    assert.notDeepEqual(hot.map((x: { id: string }) => x.id), talk.threads.map((x: { id: string }) => x.id), 'hot is not just newest first')
    assert.ok(hot.filter((x: { highlight: unknown }) => x.highlight).length >= 5)
    const polled = hot.find((x: { hasPoll: boolean }) => x.hasPoll)
    const poll = (await t.app.inject({ method: 'GET', url: `/api/v1/talk/threads/${polled.id}`, headers: { cookie } })).json().poll
    assert.equal(poll.total, 3)
    const pictured = hot.find((x: { imageCount: number }) => x.imageCount > 0)
    const img = (await t.app.inject({ method: 'GET', url: `/api/v1/talk/threads/${pictured.id}`, headers: { cookie } })).json().posts[0].images[0]
    assert.equal((await t.app.inject({ method: 'GET', url: img.url, headers: { cookie } })).headers['content-type'], 'image/png')
    // The same batch draw as real clients (DESIGN §2): every verified demo member drew a whole
    // allowance, so the counters do not say who wrote the demo threads.
    const counters = await t.ctx.db.selectFrom('talkIssuance').select(['accountId', 'issued']).execute()
    const verified = await t.ctx.db.selectFrom('employment').select('accountId').distinct().execute()
    assert.deepEqual([...new Set(counters.map((c) => c.issued))].sort(), [TALK_TOKENS.quota.talk, TALK_TOKENS.quota.react].sort())
    assert.equal(counters.length, verified.length * 2, 'a talk and a react allowance each')
  })
})
