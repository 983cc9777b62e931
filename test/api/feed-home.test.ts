import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { FEED } from '../../shared/src/api/limits.js'
import { buildTestApp, signUp, testClock, type TestApp } from '../support/app.js'
import { buildVerifiedUser } from '../support/factories.js'
import { feedClient } from '../support/feed.js'
import { networkClient } from '../support/network.js'

const clock = testClock(new Date('2026-12-01T09:00:00Z'))
let t: TestApp
let feed: ReturnType<typeof feedClient>
let net: ReturnType<typeof networkClient>
before(async () => {
  t = await buildTestApp({ clock })
  feed = feedClient(t.app)
  net = networkClient(t.app)
})
after(() => t.close())

const HOUR = 60 * 60 * 1000

describe('GET /api/v1/feed', () => {
  it('holds one’s own posts and those of connections, followed members and members showing a followed company — not strangers’, nor across a block', async () => {
    const viewer = await signUp(t.app)
    const connection = await signUp(t.app)
    const followed = await signUp(t.app)
    const stranger = await signUp(t.app)
    const blockedConnection = await signUp(t.app)
    const employee = await buildVerifiedUser(t.app, t.ctx, 'feedco')
    const hiddenEmployee = await buildVerifiedUser(t.app, t.ctx, 'feedco')
    await t.ctx.db.updateTable('employment').set({ showOnProfile: true }).where('accountId', '=', employee.id).execute()
    await net.connect(viewer, connection)
    await net.connect(viewer, blockedConnection)
    assert.equal((await net.call(viewer.cookie, 'POST', '/follows', { handle: followed.handle })).statusCode, 201)
    assert.equal((await net.call(viewer.cookie, 'POST', '/follows', { company: 'feedco' })).statusCode, 201)

    const mine = await feed.post(viewer, 'my own')
    const byConnection = await feed.post(connection, 'from a connection')
    const byFollowed = await feed.post(followed, 'from someone I follow')
    const byEmployee = await feed.post(employee, 'from a feedco employee')
    await feed.post(hiddenEmployee, 'from a feedco employee who does not show it')
    await feed.post(stranger, 'from a stranger')
    await feed.post(blockedConnection, 'from someone who blocks me')
    await net.block(blockedConnection, viewer.handle)

    const ids = (await feed.wholeFeed(viewer)).map((p) => p.id).sort()
    assert.deepEqual(ids, [mine.id, byConnection.id, byFollowed.id, byEmployee.id].sort())
    // The connection sees the viewer's post (connections go both ways), the follow does not.
    const theirs = (await feed.wholeFeed(connection)).map((p) => p.id)
    assert.ok(theirs.includes(mine.id))
    assert.ok(!(await feed.wholeFeed(followed)).map((p) => p.id).includes(mine.id))
  })

  it('ranks by recency and engagement: likes lift an older post over a newer one, until it is old enough', async () => {
    const viewer = await signUp(t.app)
    const author = await signUp(t.app)
    await net.connect(viewer, author)
    const older = await feed.post(author, 'older, liked')
    clock.advance(HOUR)
    const newer = await feed.post(author, 'newer, not liked')
    for (let i = 0; i < 3; i++) await feed.like(await signUp(t.app), older.id)
    assert.deepEqual((await feed.feed(viewer)).posts.map((p) => p.body), ['older, liked', 'newer, not liked'])
    // 1 + 3 likes = 4 = two half-lives: a post three half-lives newer ranks above it.
    clock.advance(3 * FEED.rankHalfLifeHours * HOUR)
    await feed.post(author, 'much newer')
    assert.deepEqual((await feed.feed(viewer)).posts.map((p) => p.body), ['much newer', 'older, liked', 'newer, not liked'])
    // A comment counts twice: the newer post (one comment = 3) still ranks below the older one (4) …
    await feed.comment(viewer, newer.id, 'a comment')
    assert.deepEqual((await feed.feed(viewer)).posts.map((p) => p.body).slice(1), ['older, liked', 'newer, not liked'])
    // … and above it with a second one (5), the older one an hour older.
    await feed.comment(viewer, newer.id, 'another')
    assert.deepEqual((await feed.feed(viewer)).posts.map((p) => p.body).slice(1), ['newer, not liked', 'older, liked'])
  })

  it('pages by keyset: every post exactly once, in order, across pages', async () => {
    const viewer = await signUp(t.app)
    const author = await signUp(t.app)
    await net.connect(viewer, author)
    const n = FEED.pageSize * 2 + 5
    const written: string[] = []
    for (let i = 0; i < n; i++) {
      // Some in the same minute (equal rank: ordered by id), some minutes apart.
      if (i % 3 === 0) clock.advance(60_000)
      written.push((await feed.post(author, `post ${i}`)).id)
    }
    const pages = []
    let cursor: string | undefined
    do {
      const page = await feed.feed(viewer, cursor)
      pages.push(page.posts)
      cursor = page.nextCursor ?? undefined
    } while (cursor)
    assert.equal(pages.length, 3)
    assert.deepEqual(pages.map((p) => p.length), [FEED.pageSize, FEED.pageSize, 5])
    const seen = pages.flat()
    assert.deepEqual(seen.map((p) => p.id).sort(), [...written].sort())
    for (let i = 1; i < seen.length; i++) assert.ok(seen[i - 1]!.createdAt >= seen[i]!.createdAt, 'newest first when nothing is liked')
  })

  it('refuses a broken cursor with 400', async () => {
    const viewer = await signUp(t.app)
    const res = await feed.call(viewer, 'GET', '/feed?cursor=bm9wZQ')
    assert.equal(res.statusCode, 400)
  })
})

describe('GET /api/v1/users/{handle}/posts', () => {
  it('lists a member’s posts and reshares newest first, to anyone signed in; 404 for an unknown handle', async () => {
    const author = await signUp(t.app)
    const reader = await signUp(t.app)
    const first = await feed.post(author, 'first')
    clock.advance(60_000)
    await feed.post(author, '', { reshareOf: first.id })
    const res = await feed.call(reader, 'GET', `/users/${author.handle}/posts`)
    assert.equal(res.statusCode, 200)
    assert.deepEqual(res.json().posts.map((p: { body: string; reshare: unknown }) => [p.body, p.reshare === null]), [['', false], ['first', true]])
    assert.equal((await feed.call(reader, 'GET', '/users/no-such-member-here/posts')).statusCode, 404)
  })
})
