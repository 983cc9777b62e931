import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { AccountExport } from '../../shared/src/api/account.js'
import { EXPORT_SECTIONS } from '../../server/src/services/accounts/export.js'
import { buildTestApp, signUp, type TestApp } from '../support/app.js'
import { buildVerifiedUser } from '../support/factories.js'
import { feedClient } from '../support/feed.js'
import { messagesClient } from '../support/messages.js'
import { networkClient } from '../support/network.js'

let t: TestApp
before(async () => {
  t = await buildTestApp()
})
after(() => t.close())

const profileOf = (who: string) => ({
  headline: `${who} headline`,
  about: `About ${who}.`,
  location: `${who} town`,
  experience: [{ company: `${who} Corp`, title: 'Engineer', start: '2020-01', end: null, description: `${who} work` }],
  education: [{ school: `${who} University`, degree: 'BSc', field: 'Physics', startYear: 2010, endYear: 2014 }],
  skills: [`${who}-skill`],
})

const download = (cookie: string) => t.app.inject({ method: 'GET', url: '/api/v1/me/export', headers: { cookie } })

describe('GET /api/v1/me/export', () => {
  it("is a JSON attachment of one's own account, profile, employments, sessions and settings", async () => {
    const a = await buildVerifiedUser(t.app, t.ctx, 'export-widgets')
    await t.app.inject({ method: 'PUT', url: '/api/v1/me/profile', headers: { cookie: a.cookie }, payload: { ...profileOf('Alice'), visibility: 'connections' } })
    await t.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: { cookie: a.cookie }, payload: { language: 'zh-CN', name: 'Alice Export' } })
    const res = await download(a.cookie)
    assert.equal(res.statusCode, 200)
    assert.match(res.headers['content-type'] as string, /^application\/json/)
    assert.match(res.headers['content-disposition'] as string, new RegExp(`^attachment; filename="watercooler-${a.handle}-\\d{4}-\\d{2}-\\d{2}\\.json"$`))
    assert.equal(res.headers['cache-control'], 'no-store')
    const doc = res.json()
    assert.equal(doc.format, 'watercooler-export/1')
    assert.deepEqual(doc.account, { id: a.id, handle: a.handle, name: 'Alice Export', email: a.email, role: 'member', createdOn: doc.account.createdOn })
    assert.deepEqual(doc.settings, { language: 'zh-CN', profileVisibility: 'connections' })
    assert.deepEqual(doc.profile, profileOf('Alice'))
    assert.equal(doc.employments.length, 1)
    assert.equal(doc.employments[0].company.slug, 'export-widgets')
    assert.equal(doc.employments[0].status, 'current')
    assert.equal(doc.sessions.length, 1)
    assert.deepEqual(Object.keys(doc.sessions[0]).sort(), ['browser', 'createdOn', 'lastUsedOn', 'os'])
    assert.deepEqual(doc.badgeSubmissions, [])
  })

  it("holds nothing of anyone else's", async () => {
    const a = await signUp(t.app, { name: 'Alice Only' })
    const b = await buildVerifiedUser(t.app, t.ctx, 'other-export-co')
    await t.app.inject({ method: 'PUT', url: '/api/v1/me/profile', headers: { cookie: a.cookie }, payload: profileOf('Alice') })
    await t.app.inject({ method: 'PUT', url: '/api/v1/me/profile', headers: { cookie: b.cookie }, payload: profileOf('Bob') })
    const text = (await download(a.cookie)).body
    for (const theirs of [b.id, b.handle, b.email, 'Bob', 'other-export-co']) assert.ok(!text.includes(theirs), `the export does not contain ${theirs}`)
    assert.ok(text.includes('Alice University'))
  })

  it('holds one\'s connections, invitations, follows, blocks, feed posts, comments, likes and conversations', async () => {
    const net = networkClient(t.app)
    const feed = feedClient(t.app)
    const msg = messagesClient(t.app)
    const a = await signUp(t.app, { name: 'Ann Exporter' })
    const b = await signUp(t.app, { name: 'Bo Friend' })
    const c = await signUp(t.app, { name: 'Cy Invited' })
    const d = await signUp(t.app, { name: 'Di Inviter' })
    const e = await signUp(t.app, { name: 'Ed Blocked' })
    await net.connect(a, b)
    assert.equal((await net.invite(a, c, 'We met at the meetup')).statusCode, 201)
    assert.equal((await net.invite(d, a)).statusCode, 201)
    assert.equal((await net.call(a.cookie, 'POST', '/follows', { handle: d.handle })).statusCode, 201)
    await net.block(a, e.handle)
    const post = await feed.post(a, 'My first **post**')
    const theirs = await feed.post(b, 'Bo writes')
    await feed.comment(a, theirs.id, 'Nice one, Bo')
    await feed.like(a, theirs.id)
    await feed.like(b, post.id)
    const convo = await msg.start(a, [b.handle], 'Lunch on Friday?')
    await msg.send(b, convo, 'Sure, 12:30')
    const doc = (await download(a.cookie)).json()
    assert.deepEqual(
      doc.connections.map((x: { member: { handle: string }; state: string; note: string | null }) => [x.member.handle, x.state, x.note]),
      [
        [b.handle, 'connected', null],
        [c.handle, 'invitation-sent', 'We met at the meetup'],
        [d.handle, 'invitation-received', null],
      ],
    )
    assert.deepEqual(doc.follows.map((f: { member: { handle: string } | null; company: unknown }) => [f.member?.handle, f.company]), [[d.handle, null]])
    assert.deepEqual(doc.blocks.map((x: { member: { name: string } }) => x.member.name), ['Ed Blocked'])
    assert.deepEqual(doc.feed.posts.map((p: { id: string; body: string; likes: number; images: number }) => [p.id, p.body, p.likes, p.images]), [[post.id, 'My first **post**', 1, 0]])
    assert.deepEqual(doc.feed.comments.map((x: { postId: string; body: string }) => [x.postId, x.body]), [[theirs.id, 'Nice one, Bo']])
    assert.deepEqual(doc.feed.likes.map((l: { postId: string }) => l.postId), [theirs.id])
    assert.equal(doc.conversations.length, 1)
    assert.deepEqual(doc.conversations[0].members.map((m: { handle: string }) => m.handle).sort(), [a.handle, b.handle].sort())
    assert.deepEqual(doc.conversations[0].messages.map((m: { from: string; body: string }) => [m.from, m.body]), [
      [a.handle, 'Lunch on Friday?'],
      [b.handle, 'Sure, 12:30'],
    ])
    // Bo's own export has the conversation and his post, not Ann's follows or blocks.
    const bo = (await download(b.cookie)).json()
    assert.deepEqual(bo.follows, [])
    assert.deepEqual(bo.blocks, [])
    assert.deepEqual(bo.feed.posts.map((p: { id: string }) => p.id), [theirs.id])
    assert.equal(bo.conversations[0].id, convo)
  })

  it('has one registered section for each part of the document, and no Work Talk part', () => {
    const parts = Object.keys(AccountExport.properties).filter((k) => k !== 'format' && k !== 'exportedOn').sort()
    assert.deepEqual(EXPORT_SECTIONS.map((s) => s.key).sort(), parts)
    assert.ok(!parts.some((p) => /talk|token|issuance/i.test(p)))
  })

  it('needs a session', async () => {
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/me/export' })).statusCode, 401)
  })
})
