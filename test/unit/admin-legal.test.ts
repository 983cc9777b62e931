/**
 * The legal export and the legal-request register (issue 11), on a realistic data set: a member
 * who verified two employers, posts in the feed, messages, reports, and writes in Work Talk
 * (threads, replies, votes, a report, an appeal). The export holds the allow-listed fields and
 * nothing else — no post, vote, message or report of any kind — and answering a request counts
 * as disclosed on the transparency page.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { addLegalRequest, AdminCommandError, answerLegalRequest, closeLegalRequest, legalExport, listLegalRequests, setRole } from '../../server/src/admin/commands.js'
import { buildTestApp, type TestApp } from '../support/app.js'
import { buildVerifiedUser } from '../support/factories.js'
import { type ClientToken, IndependentClient, injectSender } from '../support/independent-client.js'

let t: TestApp
let subject: Awaited<ReturnType<typeof buildVerifiedUser>>
const written: string[] = []

before(async () => {
  t = await buildTestApp()
  subject = await buildVerifiedUser(t.app, t.ctx, 'legal-co')
  const friend = await buildVerifiedUser(t.app, t.ctx, 'legal-co')
  const inject = (method: string, url: string, cookie: string, payload?: unknown) => t.app.inject({ method: method as 'POST', url, headers: { cookie }, ...(payload !== undefined && { payload: payload as object }) })
  // Real-name activity: a feed post and a comment, a connection and a message, a report.
  const feed = await inject('POST', '/api/v1/feed/posts', subject.cookie, { body: 'Feed text that must not be exported 7f3a' })
  assert.equal(feed.statusCode, 201, feed.body)
  written.push('Feed text that must not be exported 7f3a', feed.json().id)
  const friendPost = await inject('POST', '/api/v1/feed/posts', friend.cookie, { body: 'a friend post' })
  assert.equal((await inject('POST', `/api/v1/feed/posts/${friendPost.json().id}/comments`, subject.cookie, { body: 'Comment text 91bc' })).statusCode, 201)
  written.push('Comment text 91bc')
  assert.equal((await inject('POST', '/api/v1/reports', subject.cookie, { targetType: 'feed_post', targetId: friendPost.json().id, reason: 'spam', note: 'Report note 55de' })).statusCode, 201)
  written.push('Report note 55de')
  // Work Talk: a thread, a reply, a vote and a report — anonymous, so nothing can join them to the account anyway.
  const c = new IndependentClient(injectSender(t.app))
  const dir = await c.directory()
  const talk = (await c.fetchTokens(subject.cookie, dir.find((k) => k.company === null && k.purpose === 'talk')!.keyId, 2)) as ClientToken[]
  const react = (await c.fetchTokens(subject.cookie, dir.find((k) => k.company === null && k.purpose === 'react')!.keyId, 2)) as ClientToken[]
  const opened = await c.openThread(talk[0]!, 'Talk title 0c1d', 'Talk body that must not be exported e2f0', 'alias')
  assert.equal(opened.status, 201, JSON.stringify(opened.json))
  written.push('Talk title 0c1d', opened.json.postId, opened.json.threadId)
  const other = new IndependentClient(injectSender(t.app))
  const reply = await other.reply(opened.json.threadId, (await other.fetchTokens(friend.cookie, dir.find((k) => k.company === null && k.purpose === 'talk')!.keyId, 1))[0]!, 'a reply by the friend', 'alias')
  assert.equal((await c.vote(opened.json.threadId, reply.json.postId, 1, react[0]!)).status, 201)
  assert.equal((await c.report(opened.json.threadId, reply.json.postId, 'spam', react[1]!)).status, 201)
})
after(() => t.close())

describe('the legal export', () => {
  it('holds only the creation day, the last-seen day and the verified companies', async () => {
    const out = await legalExport(t.ctx, subject.email)
    assert.deepEqual(Object.keys(out).sort(), ['createdOn', 'lastSeenOn', 'verifiedCompanies'])
    assert.match(out.createdOn, /^\d{4}-\d{2}-\d{2}$/)
    assert.deepEqual(out.verifiedCompanies.map((v) => Object.keys(v).sort()), [['company', 'endedOn', 'expiresOn', 'verifiedOn']])
    assert.equal(out.verifiedCompanies[0]!.company, 'legal co')
    const text = JSON.stringify(out)
    for (const w of written) assert.ok(!text.includes(w), `the export holds nothing of ${w}`)
    assert.ok(!text.includes(subject.id) && !text.includes(subject.email), 'not even the ids the request names')
  })
})

describe('the legal-request register', () => {
  it('records requests, answers one with the export (disclosed), closes another with nothing, and counts both on the transparency page', async () => {
    const today = t.ctx.clock.now().toISOString().slice(0, 10)
    const named = await addLegalRequest(t.ctx, { receivedOn: today, kind: 'subpoena', authority: 'A court', reference: 'case 12', accountEmail: subject.email })
    const vague = await addLegalRequest(t.ctx, { receivedOn: today, kind: 'other', authority: 'An agency' })
    await assert.rejects(addLegalRequest(t.ctx, { receivedOn: 'yesterday', kind: 'subpoena', authority: 'x' }), AdminCommandError)
    await assert.rejects(addLegalRequest(t.ctx, { receivedOn: today, kind: 'letter', authority: 'x' }), AdminCommandError)
    const answered = await answerLegalRequest(t.ctx, named, today)
    assert.deepEqual(Object.keys(answered).sort(), ['createdOn', 'lastSeenOn', 'verifiedCompanies'])
    await assert.rejects(answerLegalRequest(t.ctx, named, today), /closed/)
    await assert.rejects(answerLegalRequest(t.ctx, vague, today), /names no account/)
    assert.match(await closeLegalRequest(t.ctx, vague, today), /nothing disclosed/)
    await assert.rejects(closeLegalRequest(t.ctx, 'not-an-id', today), AdminCommandError)
    const rows = await listLegalRequests(t.ctx)
    const byId = new Map(rows.map((r) => [r.id, [r.kind, r.disclosed !== '', r.closedOn]]))
    assert.deepEqual([byId.get(named), byId.get(vague)], [['subpoena', true, today], ['other', false, today]])
    const page = (await t.app.inject({ method: 'GET', url: '/api/v1/moderation/transparency' })).json()
    assert.deepEqual(page.legalRequests, { received: 2, disclosed: 1 })
  })

  it('grants the moderator role', async () => {
    assert.match(await setRole(t.ctx, subject.email, 'moderator'), /→ moderator/)
  })
})
