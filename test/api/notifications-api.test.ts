/**
 * In-app notifications (DESIGN §5b): invitations, acceptances, message requests and badge
 * decisions notify the member; GET /notifications pages them, POST /notifications/read marks them.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { NOTIFICATIONS } from '../../shared/src/api/limits.js'
import { notify } from '../../server/src/services/notifications/notify.js'
import { decideBadge } from '../../server/src/services/verifications/badge.js'
import { buildTestApp, signUp, type TestApp } from '../support/app.js'
import { messagesClient } from '../support/messages.js'
import { feedClient } from '../support/feed.js'
import { networkClient } from '../support/network.js'

let t: TestApp
let msg: ReturnType<typeof messagesClient>
let net: ReturnType<typeof networkClient>
before(async () => {
  t = await buildTestApp()
  msg = messagesClient(t.app)
  net = networkClient(t.app)
})
after(() => t.close())

async function pendingBadge(accountId: string, companyName: string) {
  const row = await t.ctx.db.insertInto('badgeSubmission').values({ accountId, companyName, companyDomain: null, reason: null, companyId: null, submittedAt: new Date('2026-11-25T12:00:00Z') }).returning('id').executeTakeFirstOrThrow()
  return row.id
}

describe('notifications', () => {
  it('tell a post’s author of a like, a comment and a mention — never of their own', async () => {
    const feed = feedClient(t.app)
    const author = await signUp(t.app, { name: 'Fay Author' })
    const fan = await signUp(t.app, { name: 'Gil Fan' })
    const post = await feed.post(author, 'Shipping the new release today.')
    await feed.like(author, post.id)
    await feed.comment(author, post.id, 'Own comment')
    assert.deepEqual((await msg.notifications(author)).notifications, [], 'nothing about one’s own like or comment')
    await feed.like(fan, post.id)
    await feed.comment(fan, post.id, `Congrats @${author.handle}!`)
    const got = (await msg.notifications(author)).notifications.map((n) => [n.kind, n.actor?.handle, n.targetId])
    assert.deepEqual(got.sort(), [['comment', fan.handle, post.id], ['like', fan.handle, post.id], ['mention', fan.handle, post.id]].sort())
  })

  it('tell the addressee of an invitation and the sender of an accepted one, to the minute', async () => {
    const a = await signUp(t.app, { name: 'Ada Inviter' })
    const b = await signUp(t.app, { name: 'Bo Invitee' })
    const connectionId = await net.connect(a, b)
    const forB = await msg.notifications(b)
    assert.deepEqual(forB.notifications.map((n) => [n.kind, n.actor?.handle, n.targetId, n.read]), [['invitation', a.handle, connectionId, false]])
    const forA = await msg.notifications(a)
    assert.deepEqual(forA.notifications.map((n) => [n.kind, n.actor?.handle]), [['acceptance', b.handle]])
    const stored = await t.ctx.db.selectFrom('notification').select('createdAt').where('recipientId', '=', b.id).executeTakeFirstOrThrow()
    assert.equal(stored.createdAt.getTime() % 60_000, 0)
  })

  it('tell the member a badge was approved or refused, without naming the reviewer', async () => {
    const reviewer = await signUp(t.app)
    const m = await signUp(t.app)
    await decideBadge(t.ctx, reviewer.id, await pendingBadge(m.id, 'Badge Approved Co'), { approve: true, companySlug: null })
    await decideBadge(t.ctx, reviewer.id, await pendingBadge(m.id, 'Badge Refused Co'), { approve: false, reason: 'Not readable' })
    const list = await msg.notifications(m)
    assert.deepEqual(list.notifications.map((n) => [n.kind, n.approved, n.company, n.actor]), [
      ['verification', false, 'Badge Refused Co', null],
      ['verification', true, 'Badge Approved Co', null],
    ])
    const raw = await t.ctx.db.selectFrom('notification').select('actorId').where('recipientId', '=', m.id).execute()
    assert.ok(raw.every((r) => r.actorId === null))
  })

  it('are not stored from a member the recipient blocked, nor from oneself', async () => {
    const a = await signUp(t.app)
    const b = await signUp(t.app)
    await net.block(b, a.handle)
    await notify(t.ctx, b.id, { kind: 'like', actorId: a.id, targetId: crypto.randomUUID() })
    await notify(t.ctx, b.id, { kind: 'like', actorId: b.id })
    assert.equal((await msg.notifications(b)).notifications.length, 0)
  })

  it('mark read by ids (others’ ids change nothing) or all at once; unread count and the unread filter follow', async () => {
    const m = await signUp(t.app)
    const other = await signUp(t.app)
    for (let i = 0; i < 3; i++) await notify(t.ctx, m.id, { kind: 'comment', targetId: crypto.randomUUID() })
    await notify(t.ctx, other.id, { kind: 'comment' })
    const list = await msg.notifications(m)
    assert.equal(list.unread, 3)
    const theirs = (await msg.notifications(other)).notifications[0]!.id
    const res = await msg.call(m, 'POST', '/notifications/read', { ids: [list.notifications[0]!.id, theirs] })
    assert.deepEqual(res.json(), { unread: 2 })
    assert.equal((await msg.notifications(other)).unread, 1)
    const unreadOnly = (await msg.call(m, 'GET', '/notifications?unread=true')).json()
    assert.equal(unreadOnly.notifications.length, 2)
    assert.deepEqual((await msg.call(m, 'POST', '/notifications/read', {})).json(), { unread: 0 })
    assert.equal((await msg.call(m, 'POST', '/notifications/read', { ids: [] })).statusCode, 400)
    assert.equal((await msg.call(m, 'POST', '/notifications/read', { ids: ['x'] })).statusCode, 400)
  })

  it(`page ${NOTIFICATIONS.pageSize} at a time, newest first, and take ${NOTIFICATIONS.readIds} ids to mark but not one more`, async () => {
    const m = await signUp(t.app)
    for (let i = 0; i < NOTIFICATIONS.pageSize + 2; i++) await notify(t.ctx, m.id, { kind: 'mention', targetId: `t${i}` })
    const p1 = await msg.notifications(m)
    assert.equal(p1.notifications.length, NOTIFICATIONS.pageSize)
    assert.equal(p1.notifications[0]!.targetId, `t${NOTIFICATIONS.pageSize + 1}`)
    const p2 = (await msg.call(m, 'GET', `/notifications?cursor=${p1.nextCursor}`)).json()
    assert.deepEqual(p2.notifications.map((n: { targetId: string }) => n.targetId), ['t1', 't0'])
    const ids = (n: number) => Array.from({ length: n }, (_, i) => String(i + 1))
    assert.equal((await msg.call(m, 'POST', '/notifications/read', { ids: ids(NOTIFICATIONS.readIds) })).statusCode, 200)
    assert.equal((await msg.call(m, 'POST', '/notifications/read', { ids: ids(NOTIFICATIONS.readIds + 1) })).statusCode, 400)
  })
})
