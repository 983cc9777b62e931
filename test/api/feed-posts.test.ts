import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { FEED } from '../../shared/src/api/limits.js'
import { buildTestApp, signUp, type TestApp } from '../support/app.js'
import { feedClient } from '../support/feed.js'
import { networkClient } from '../support/network.js'

let t: TestApp
let feed: ReturnType<typeof feedClient>
let net: ReturnType<typeof networkClient>
before(async () => {
  t = await buildTestApp()
  feed = feedClient(t.app)
  net = networkClient(t.app)
})
after(() => t.close())

describe('POST /api/v1/feed/posts', () => {
  it('keeps the text as written and answers the post with its author and zero counts', async () => {
    const a = await signUp(t.app, { name: 'Ada Writer' })
    const body = '**Shipped** the release today.\n\n- one\n- two  '
    const post = await feed.post(a, body)
    assert.equal(post.body, body)
    assert.equal(post.author.handle, a.handle)
    assert.equal(post.author.name, 'Ada Writer')
    assert.deepEqual([post.likeCount, post.commentCount, post.reshareCount, post.liked, post.mine, post.editedAt, post.reshare], [0, 0, 0, false, true, null, null])
    const seen = await feed.get(await signUp(t.app), post.id)
    assert.equal(seen.statusCode, 200)
    assert.equal(seen.json().mine, false)
  })

  it(`takes a body of ${FEED.bodyLength} characters and refuses ${FEED.bodyLength + 1} with no change`, async () => {
    const a = await signUp(t.app)
    await feed.post(a, 'x'.repeat(FEED.bodyLength))
    const res = await feed.call(a, 'POST', '/feed/posts', { body: 'y'.repeat(FEED.bodyLength + 1) })
    assert.equal(res.statusCode, 400)
    assert.equal(res.json().code, 'validation_failed')
    const mine = (await feed.call(a, 'GET', `/users/${a.handle}/posts`)).json().posts
    assert.equal(mine.length, 1)
  })

  it('refuses an empty post and one of only spaces: 400 empty_post', async () => {
    const a = await signUp(t.app)
    for (const body of ['', '  \n ']) {
      const res = await feed.call(a, 'POST', '/feed/posts', { body })
      assert.equal(res.statusCode, 400)
      assert.equal(res.json().code, 'empty_post')
    }
  })

  it('answers 401 without a session', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/feed/posts', payload: { body: 'hello' } })
    assert.equal(res.statusCode, 401)
  })
})

describe('PATCH and DELETE /api/v1/feed/posts/{id}', () => {
  it('edits one’s own post and sets editedAt', async () => {
    const a = await signUp(t.app)
    const post = await feed.post(a, 'first version')
    const res = await feed.call(a, 'PATCH', `/feed/posts/${post.id}`, { body: 'second version' })
    assert.equal(res.statusCode, 200, res.body)
    assert.equal(res.json().body, 'second version')
    assert.ok(res.json().editedAt)
  })

  it('refuses another member’s post with 403 not_owner and changes nothing', async () => {
    const a = await signUp(t.app)
    const b = await signUp(t.app)
    const post = await feed.post(a, 'mine')
    const edit = await feed.call(b, 'PATCH', `/feed/posts/${post.id}`, { body: 'hijacked' })
    assert.equal(edit.statusCode, 403)
    assert.equal(edit.json().code, 'not_owner')
    const del = await feed.call(b, 'DELETE', `/feed/posts/${post.id}`)
    assert.equal(del.statusCode, 403)
    assert.equal(del.json().code, 'not_owner')
    assert.equal((await feed.get(a, post.id)).json().body, 'mine')
  })

  it('answers 404 for an unknown post', async () => {
    const a = await signUp(t.app)
    const id = '00000000-0000-4000-8000-000000000000'
    for (const [method, url, payload] of [
      ['GET', `/feed/posts/${id}`],
      ['PATCH', `/feed/posts/${id}`, { body: 'x' }],
      ['DELETE', `/feed/posts/${id}`],
      ['POST', `/feed/posts/${id}/likes`],
      ['POST', `/feed/posts/${id}/comments`, { body: 'x' }],
      ['GET', `/feed/posts/${id}/comments`],
    ] as const) {
      const res = await feed.call(a, method, url, payload)
      assert.equal(res.statusCode, 404, `${method} ${url}`)
      assert.equal(res.json().code, 'not_found')
    }
  })

  it('deletes a post for everyone, with its comments and likes', async () => {
    const a = await signUp(t.app)
    const b = await signUp(t.app)
    const post = await feed.post(a, 'soon gone')
    await feed.like(b, post.id)
    await feed.comment(b, post.id, 'nice')
    assert.equal((await feed.call(a, 'DELETE', `/feed/posts/${post.id}`)).statusCode, 204)
    assert.equal((await feed.get(b, post.id)).statusCode, 404)
    assert.equal((await feed.get(a, post.id)).statusCode, 404)
    const left = await t.ctx.db.selectFrom('feedComment').select('id').where('postId', '=', post.id).execute()
    const likes = await t.ctx.db.selectFrom('feedLike').select('postId').where('postId', '=', post.id).execute()
    const doc = await t.ctx.db.selectFrom('searchFeedPost').select('postId').where('postId', '=', post.id).execute()
    assert.deepEqual([left.length, likes.length, doc.length], [0, 0, 0])
  })
})

describe('likes', () => {
  it('one like per member: liking twice counts once; unliking takes it back', async () => {
    const a = await signUp(t.app)
    const b = await signUp(t.app)
    const post = await feed.post(a, 'like me')
    assert.deepEqual(await feed.like(b, post.id), { liked: true, likeCount: 1 })
    assert.deepEqual(await feed.like(b, post.id), { liked: true, likeCount: 1 })
    assert.equal((await feed.get(b, post.id)).json().liked, true)
    assert.equal((await feed.get(a, post.id)).json().liked, false)
    const un = await feed.call(b, 'DELETE', `/feed/posts/${post.id}/likes`)
    assert.deepEqual(un.json(), { liked: false, likeCount: 0 })
    assert.deepEqual((await feed.call(b, 'DELETE', `/feed/posts/${post.id}/likes`)).json(), { liked: false, likeCount: 0 })
  })
})

describe('comments', () => {
  it('comments and replies one level deep, oldest first, counted on the post', async () => {
    const a = await signUp(t.app)
    const b = await signUp(t.app)
    const post = await feed.post(a, 'discuss')
    const c1 = await feed.comment(b, post.id, 'first')
    const r1 = await feed.comment(a, post.id, 'reply', c1.id)
    const r2 = await feed.comment(b, post.id, 'reply to the reply', r1.id)
    assert.equal(r1.parentId, c1.id)
    assert.equal(r2.parentId, c1.id, 'a reply to a reply answers the same parent')
    const list = await feed.comments(a, post.id)
    assert.deepEqual(list.map((c) => c.body), ['first', 'reply', 'reply to the reply'])
    assert.equal((await feed.get(a, post.id)).json().commentCount, 3)
  })

  it(`takes ${FEED.commentLength} characters, refuses ${FEED.commentLength + 1} and only spaces`, async () => {
    const a = await signUp(t.app)
    const post = await feed.post(a, 'limits')
    await feed.comment(a, post.id, 'z'.repeat(FEED.commentLength))
    for (const body of ['z'.repeat(FEED.commentLength + 1), '   ']) {
      const res = await feed.call(a, 'POST', `/feed/posts/${post.id}/comments`, { body })
      assert.equal(res.statusCode, 400)
    }
    assert.equal((await feed.get(a, post.id)).json().commentCount, 1)
  })

  it('only the commenter edits; the commenter or the post’s author deletes (with its replies); others get 403 not_owner', async () => {
    const a = await signUp(t.app)
    const b = await signUp(t.app)
    const c = await signUp(t.app)
    const post = await feed.post(a, 'moderate me')
    const cb = await feed.comment(b, post.id, 'by b')
    await feed.comment(c, post.id, 'reply by c', cb.id)
    const cc = await feed.comment(c, post.id, 'by c')
    for (const who of [a, c]) {
      const res = await feed.call(who, 'PATCH', `/feed/comments/${cb.id}`, { body: 'changed' })
      assert.equal(res.statusCode, 403)
      assert.equal(res.json().code, 'not_owner')
    }
    const edited = await feed.call(b, 'PATCH', `/feed/comments/${cb.id}`, { body: 'by b, edited' })
    assert.equal(edited.statusCode, 200)
    assert.ok(edited.json().editedAt)
    const byOther = await feed.call(b, 'DELETE', `/feed/comments/${cc.id}`)
    assert.equal(byOther.statusCode, 403)
    assert.equal(byOther.json().code, 'not_owner')
    assert.equal((await feed.call(a, 'DELETE', `/feed/comments/${cb.id}`)).statusCode, 204)
    assert.deepEqual((await feed.comments(a, post.id)).map((x) => x.body), ['by c'])
    assert.equal((await feed.get(a, post.id)).json().commentCount, 1)
    assert.equal((await feed.call(c, 'DELETE', `/feed/comments/${cc.id}`)).statusCode, 204)
    assert.equal((await feed.get(a, post.id)).json().commentCount, 0)
  })
})

describe('reshares', () => {
  it('reshares with a comment, counts it on the original, and shows a deleted original as no longer available', async () => {
    const a = await signUp(t.app)
    const b = await signUp(t.app)
    const original = await feed.post(a, 'worth sharing')
    const reshare = await feed.post(b, 'look at this', { reshareOf: original.id })
    assert.equal(reshare.reshare?.available, true)
    assert.equal(reshare.reshare?.available && reshare.reshare.post.id, original.id)
    assert.equal((await feed.get(a, original.id)).json().reshareCount, 1)
    const again = await feed.post(await signUp(t.app), '', { reshareOf: reshare.id })
    assert.equal(again.reshare?.available && again.reshare.post.id, original.id, 'a reshare of a reshare reshares the original')

    assert.equal((await feed.call(a, 'DELETE', `/feed/posts/${original.id}`)).statusCode, 204)
    const after = (await feed.get(b, reshare.id)).json()
    assert.deepEqual(after.reshare, { available: false })
    assert.equal(after.body, 'look at this')
    const res = await feed.call(b, 'POST', '/feed/posts', { body: '', reshareOf: reshare.id })
    assert.equal(res.statusCode, 409)
    assert.equal(res.json().code, 'reshare_unavailable')
  })
})

describe('blocks hide posts, likes and comments both ways', () => {
  it('answers 404 to each side for the other’s posts, activity page, likes and comments', async () => {
    const a = await signUp(t.app)
    const b = await signUp(t.app)
    const c = await signUp(t.app)
    const byA = await feed.post(a, 'by a')
    const byB = await feed.post(b, 'by b')
    const byC = await feed.post(c, 'by c')
    await feed.comment(a, byC.id, 'a on c')
    await feed.comment(b, byC.id, 'b on c')
    await net.block(a, b.handle)
    for (const [viewer, other, post] of [[a, b, byB], [b, a, byA]] as const) {
      assert.equal((await feed.get(viewer, post.id)).statusCode, 404)
      assert.equal((await feed.call(viewer, 'GET', `/users/${other.handle}/posts`)).statusCode, 404)
      assert.equal((await feed.call(viewer, 'POST', `/feed/posts/${post.id}/likes`)).statusCode, 404)
      assert.equal((await feed.call(viewer, 'POST', `/feed/posts/${post.id}/comments`, { body: 'hi' })).statusCode, 404)
      assert.equal((await feed.call(viewer, 'POST', '/feed/posts', { body: '', reshareOf: post.id })).statusCode, 404)
    }
    assert.deepEqual((await feed.comments(a, byC.id)).map((x) => x.body), ['a on c'])
    assert.deepEqual((await feed.comments(b, byC.id)).map((x) => x.body), ['b on c'])
    assert.deepEqual((await feed.comments(c, byC.id)).map((x) => x.body), ['a on c', 'b on c'])
  })

  it('shows a reshare of a blocked member’s post as no longer available', async () => {
    const a = await signUp(t.app)
    const b = await signUp(t.app)
    const c = await signUp(t.app)
    const byB = await feed.post(b, 'by b')
    const reshare = await feed.post(c, 'via c', { reshareOf: byB.id })
    await net.block(a, b.handle)
    assert.deepEqual((await feed.get(a, reshare.id)).json().reshare, { available: false })
  })
})
